# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A module run in the controller's worker process gives what the module process gives, and runs only where it may."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
from unittest.mock import MagicMock, patch

import pytest

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION
from ansible.playbook.task import Task

from ansible_collections.vb365.backup.plugins.action.job_session_info import ActionModule
from ansible_collections.vb365.backup.plugins.plugin_utils import _in_process
from ansible_collections.vb365.backup.plugins.plugin_utils._in_process import TaskContext, reason_to_run_as_module, run_in_process

from ansible_collections.vb365.backup.tests.unit.plugins.module_utils.hostile_helpers import PASSWORD, SEED_DATA, USERNAME, simulator_process

SESSION_ID = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'
UNKNOWN_SESSION_ID = '00000000-0000-4000-8000-000000000000'
CORE_2_19 = tuple(int(part) for part in ANSIBLE_VERSION.split('.')[:2]) >= (2, 19)
# The directory that holds ansible_collections/, where the module process imports the collection from.
COLLECTIONS_ROOT = _in_process.__file__.rsplit(os.sep + 'ansible_collections' + os.sep, 1)[0]


@pytest.fixture(scope='module')
def sim(tmp_path_factory):
    with simulator_process().start(str(tmp_path_factory.mktemp('in-process-sim')), data=SEED_DATA) as running:
        yield running


def connection(sim, **values):
    args = dict(server='127.0.0.1', port=sim.port, ca_path=sim.ca_path, username=USERNAME, password=PASSWORD)
    args.update(values)
    return dict((k, v) for k, v in args.items() if v is not None)


# (module, arguments): reads, a warning, every kind of argument failure, server failures, check mode.
CASES = [
    ('job_session_info', dict(id=SESSION_ID)),
    ('job_session_info', dict(id=SESSION_ID, session_id=SESSION_ID)),  # both the option and its alias: a warning
    ('job_session_info', dict(id=SESSION_ID, colour='blue')),  # unsupported
    ('job_session_info', dict(id=SESSION_ID, server=None)),  # missing: the hint says where to give it
    ('job_session_info', dict(id=SESSION_ID, latest=True)),  # mutually exclusive
    ('job_session_info', dict(id=SESSION_ID, limit='many')),  # wrong type
    ('job_session_info', dict(id=SESSION_ID, password=None)),  # required together
    ('job_session_info', dict(id='not-a-guid')),  # the module's own check
    ('job_session_info', dict(id=UNKNOWN_SESSION_ID)),  # HTTP 404, with the server's message
    ('job_session_info', dict(id=SESSION_ID, password='wrong')),  # HTTP 401 on the token request
    ('job_session_info', dict(id=SESSION_ID, _ansible_check_mode=True)),
    ('job_info', dict(name='Exchange Online - Daily', job_type='Backup')),
    ('job_info', dict(name='Exchange Online - Daily')),  # a backup job and a copy job share the name
    ('token', dict()),
    ('job', dict(name='Exchange Online - Daily', job_type='Backup', state='started', _ansible_check_mode=True)),
    ('job', dict(name='Exchange Online - Daily', state='nonsense')),
]


def module_process_result(module, args):
    """What the module prints run as a module process (its own Python, as AnsiballZ runs it) for ``args``."""
    args = dict(args, _ansible_module_name='vb365.backup.' + module)  # as ansible-core passes it
    if CORE_2_19:
        args['_ansible_inject_invocation'] = True  # what ansible-core passes when INJECT_INVOCATION is on
    env = dict(os.environ, PYTHONPATH=COLLECTIONS_ROOT)
    proc = subprocess.run([sys.executable, '-m', 'ansible_collections.vb365.backup.plugins.modules.' + module,
                           json.dumps(dict(ANSIBLE_MODULE_ARGS=args))], stdout=subprocess.PIPE, env=env, check=False,
                          timeout=120)
    return json.loads(proc.stdout)


def in_process_result(module, args):
    task_args = dict((k, v) for k, v in args.items() if not k.startswith('_ansible_'))
    task = TaskContext(args=task_args, check_mode=bool(args.get('_ansible_check_mode')), name='vb365.backup.' + module,
                       inject_invocation=True)
    return run_in_process(module, task)


def comparable(result):
    """The parts of a result that must not differ between two runs a moment apart."""
    result = dict(result)
    for key in ('access_token', 'expires_at'):  # a new token each time
        if key in result:
            result[key] = '<%s>' % key
    if isinstance(result.get('job_session'), dict):
        result['job_session'] = dict(result['job_session'], age_seconds=None)  # ticks
    # ansible-core 2.19+ modules print warnings as structured summaries; the text is what users see.
    result['warnings'] = [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings', [])]
    return result


@pytest.mark.parametrize('module, values', CASES, ids=['%s-%d' % (m, i) for i, (m, v) in enumerate(CASES)])
def test_the_worker_gives_what_the_module_process_gives(sim, module, values):
    args = connection(sim, **values)
    expected = module_process_result(module, args)
    got = in_process_result(module, args)
    assert comparable(got) == comparable(expected)
    assert PASSWORD not in json.dumps(got)


def test_the_cases_cover_success_failure_and_warnings(sim):
    results = [in_process_result(module, connection(sim, **values)) for module, values in CASES]
    assert any(r.get('failed') for r in results) and any(not r.get('failed') for r in results)
    assert any(r.get('warnings') for r in results)


def test_no_log_values_are_masked_everywhere_in_the_result(requests_mock):
    # A password the server echoes back in a message is masked, as AnsibleModule masks it.
    requests_mock.post('https://vb365.example.com:4443/v8/token', status_code=500,
                       json={'message': 'bad password %s' % PASSWORD})
    result = in_process_result('job_session_info', dict(server='vb365.example.com', username=USERNAME, password=PASSWORD,
                                                        id=SESSION_ID, retries=0))
    assert result['failed'] is True
    assert PASSWORD not in json.dumps(result)
    assert result['invocation']['module_args']['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def test_invocation_follows_the_setting():
    task = TaskContext(args=dict(username=USERNAME, password=PASSWORD, id=SESSION_ID), check_mode=False,
                       name='vb365.backup.job_session_info', inject_invocation=False)
    result = run_in_process('job_session_info', task)
    assert result['failed'] is True and 'invocation' not in result
    assert 'VB365_SERVER' in result['msg']  # the missing-option hint


@pytest.mark.parametrize('kwargs, reason', [
    (dict(), None),
    (dict(transport='ssh'), 'the connection is ssh, not local'),
    (dict(become=True), 'the task uses become'),
    (dict(async_val=30), 'the task is async'),
    (dict(environment={'HTTPS_PROXY': 'http://proxy:3128'}), 'the task sets environment'),
    (dict(interpreter='/usr/bin/python3'), "the interpreter is /usr/bin/python3, not the controller's /venv/bin/python"),
    (dict(interpreter='auto'), "the interpreter is auto, not the controller's /venv/bin/python"),
])
def test_where_a_task_runs(kwargs, reason):
    values = dict(transport='local', become=False, async_val=0, environment={}, interpreter='/venv/bin/python',
                  controller_python='/venv/bin/python')
    values.update(kwargs)
    assert reason_to_run_as_module(**values) == reason


def action_for(sim, transport, interpreter, **task_values):
    task = Task()
    task.args = connection(sim, id=SESSION_ID)
    task.check_mode = False
    task.async_val = 0
    task.action = 'vb365.backup.job_session_info'
    for name, value in task_values.items():
        setattr(task, name, value)
    conn = MagicMock()
    conn.transport = transport
    play_context = MagicMock()
    play_context.become = False
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    action = ActionModule(task, conn, play_context, loader=None, templar=templar, shared_loader_obj=None)
    action._execute_module = MagicMock(return_value=dict(changed=False, from_module_process=True))
    return action, dict(ansible_python_interpreter=interpreter)


def test_a_local_task_with_the_controllers_python_runs_in_the_worker(sim):
    action, task_vars = action_for(sim, 'local', sys.executable)
    result = action.run(task_vars=task_vars)
    action._execute_module.assert_not_called()
    assert result['job_session']['id'] == SESSION_ID and result['job_session']['job_name'] == 'Exchange Online - Daily'


@pytest.mark.parametrize('transport, interpreter', [('ssh', sys.executable), ('local', '/opt/other/python3')])
def test_any_other_task_runs_the_module(sim, transport, interpreter):
    action, task_vars = action_for(sim, transport, interpreter)
    result = action.run(task_vars=task_vars)
    action._execute_module.assert_called_once()
    assert result['from_module_process'] is True


def test_a_delegated_task_uses_the_interpreter_of_the_host_it_is_delegated_to(sim):
    action, unused = action_for(sim, 'local', None, delegate_to='localhost')
    action.run(task_vars=dict(ansible_python_interpreter='/usr/bin/python3',
                              ansible_delegated_vars=dict(localhost=dict(ansible_python_interpreter=sys.executable))))
    action._execute_module.assert_not_called()


def test_without_requests_in_the_controller_the_module_runs(sim, monkeypatch):
    from ansible_collections.vb365.backup.plugins.module_utils import _client

    monkeypatch.setattr(_client, 'requests', None)
    action, task_vars = action_for(sim, 'local', sys.executable)
    action.run(task_vars=task_vars)
    action._execute_module.assert_called_once()


def test_the_run_is_announced_at_vvv(sim):
    action, task_vars = action_for(sim, 'ssh', sys.executable)
    with patch.object(_in_process.display, 'vvv') as vvv:
        action.run(task_vars=task_vars)
    vvv.assert_called_once_with('vb365.backup.job_session_info runs as a module: the connection is ssh, not local.')


def test_a_task_that_sets_environment_runs_the_module(sim):
    action, task_vars = action_for(sim, 'local', sys.executable, environment=[{'HTTPS_PROXY': 'http://proxy:3128'}])
    action.run(task_vars=task_vars)
    action._execute_module.assert_called_once()


def test_an_empty_environment_keeps_the_worker(sim):
    action, task_vars = action_for(sim, 'local', sys.executable, environment=[{}])
    action.run(task_vars=task_vars)
    action._execute_module.assert_not_called()


@pytest.mark.parametrize('where', ['environment', 'variable'])
def test_the_opt_out_runs_every_task_as_a_module_and_says_why_at_vvv(sim, monkeypatch, where):
    action, task_vars = action_for(sim, 'local', sys.executable)
    if where == 'environment':
        monkeypatch.setenv('VB365_IN_PROCESS', 'false')
        why = 'VB365_IN_PROCESS is false'
    else:
        task_vars['vb365_in_process'] = 'no'
        why = 'the variable vb365_in_process is false'
    with patch.object(_in_process.display, 'vvv') as vvv:
        action.run(task_vars=task_vars)
    action._execute_module.assert_called_once()
    vvv.assert_called_once_with('vb365.backup.job_session_info runs as a module: %s.' % why)


def test_the_opt_out_set_to_true_keeps_the_worker(sim, monkeypatch):
    monkeypatch.setenv('VB365_IN_PROCESS', 'true')
    action, task_vars = action_for(sim, 'local', sys.executable)
    action.run(task_vars=dict(task_vars, vb365_in_process=True))
    action._execute_module.assert_not_called()


def inventory_template(text):
    """``text`` as an inventory file gives it: a template ansible-core renders (2.19+ renders only trusted ones)."""
    try:
        from ansible.template import trust_as_template
    except ImportError:  # ansible-core before 2.19 renders every string
        return text
    return trust_as_template(text)


def test_an_interpreter_given_as_a_template_is_rendered_first(sim):
    # AWX's localhost: ansible_python_interpreter: "{{ ansible_playbook_python }}".
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar

    action, unused = action_for(sim, 'local', None)
    action._templar = Templar(loader=DataLoader(), variables=dict(ansible_playbook_python=sys.executable))
    action.run(task_vars=dict(ansible_python_interpreter=inventory_template('{{ ansible_playbook_python }}')))
    action._execute_module.assert_not_called()
