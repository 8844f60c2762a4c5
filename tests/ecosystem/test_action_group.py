# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every module works under ``module_defaults: group/vb365.backup.vb365``.

Statically: each module in plugins/modules/ is in the ``vb365`` action group of
meta/runtime.yml and documents it (the ``action_group`` attribute fragment) along with
the shared connection options. At run time: a play that sets the connection only in
the group's module_defaults runs every module of the group against the simulator.
"""

import ast
import json
import os

import pytest
import yaml

from conftest import REPO, SEED_SESSION_ID, SIM_PASSWORD, SIM_USERNAME, run, tool

MODULES = sorted(path.stem for path in (REPO / 'plugins' / 'modules').glob('*.py') if path.stem != '__init__')
REQUIRED_FRAGMENTS = ('vb365.backup.connection', 'vb365.backup.attributes', 'vb365.backup.attributes.action_group')

# Arguments for one call of each module that only reads or, in check mode, changes nothing.
# A new module must be added here, so that the run-time test covers it.
CALLS = {
    'job_session_info': dict(args=dict(id=SEED_SESSION_ID), check=dict(job_session={'id': SEED_SESSION_ID})),
    'job_info': dict(args=dict(name='Exchange Online - Daily', job_type='Backup'), check=dict(job={'name': 'Exchange Online - Daily'})),
    'job': dict(args=dict(name='Exchange Online - Daily', job_type='Backup', state='enabled'), check_mode=True,
                check=dict(changed=False, job={'is_enabled': True})),
    'token': dict(args=dict(), check_mode=True, check=dict()),
    'job_session_check': dict(args=dict(id=SEED_SESSION_ID), check=dict(passed=True, changed=False)),
    'server_info': dict(args=dict(gather_subset=['license']), check=dict(changed=False, gathered_subsets=['license'])),
    'protected_object_info': dict(args=dict(organization_names=['fabrikam.onmicrosoft.com']),
                                  check=dict(changed=False, objects_truncated=False)),
    'protection_check': dict(args=dict(organization_names=['fabrikam.onmicrosoft.com']), check=dict(passed=True)),
}


def runtime():
    with open(REPO / 'meta' / 'runtime.yml', encoding='utf-8') as f:
        return yaml.safe_load(f)


def documentation(module):
    tree = ast.parse((REPO / 'plugins' / 'modules' / (module + '.py')).read_text(encoding='utf-8'))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'DOCUMENTATION' for t in node.targets):
            try:
                return yaml.safe_load(node.value.value)
            except yaml.YAMLError as e:
                raise AssertionError('DOCUMENTATION of %s is not valid YAML: %s' % (module, e)) from None
    raise AssertionError('%s has no DOCUMENTATION' % module)


def test_there_are_modules():
    assert 'job_session_info' in MODULES


def test_the_group_is_exactly_the_modules_in_alphabetical_order():
    group = runtime()['action_groups']['vb365']
    assert group == sorted(group), 'keep meta/runtime.yml action_groups.vb365 alphabetical'
    assert sorted(set(MODULES) - set(group)) == [], 'modules missing from action group vb365'
    assert sorted(set(group) - set(MODULES)) == [], 'action group vb365 names modules that do not exist'


@pytest.mark.parametrize('module', MODULES)
def test_module_documents_the_group_and_the_connection(module):
    doc = documentation(module)
    fragments = doc.get('extends_documentation_fragment') or []
    missing = [f for f in REQUIRED_FRAGMENTS if f not in fragments]
    assert missing == [], '%s does not extend %s' % (module, missing)


def test_every_module_has_a_run_time_call():
    assert sorted(set(MODULES) - set(CALLS)) == [], 'add the module to CALLS in %s' % os.path.basename(__file__)


def test_every_module_runs_with_the_connection_from_the_group(simulator, installed_collections, tmp_path):
    """One play, the connection only in module_defaults for the group, no VB365_* variable set."""
    tasks = []
    for module in MODULES:
        call = CALLS[module]
        task = {'name': module, 'vb365.backup.' + module: call['args'], 'register': 'result_' + module}
        if call.get('check_mode'):
            task['check_mode'] = True
        tasks.append(task)
    tasks.append({'name': 'results', 'ansible.builtin.copy': {
        'content': '{{ %s | to_json }}' % ('{' + ', '.join("'%s': result_%s" % (m, m) for m in MODULES) + '}'),
        'dest': str(tmp_path / 'results.json')}})
    play = [{
        'name': 'Every module under module_defaults group/vb365.backup.vb365',
        'hosts': 'localhost', 'gather_facts': False,
        'module_defaults': {'group/vb365.backup.vb365': {
            'server': simulator.host, 'port': simulator.port, 'ca_path': simulator.ca_path,
            'username': SIM_USERNAME, 'password': SIM_PASSWORD}},
        'tasks': tasks,
    }]
    (tmp_path / 'play.yml').write_text(yaml.safe_dump(play), encoding='utf-8')
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith('VB365_'))
    env.update(ANSIBLE_COLLECTIONS_PATH=str(installed_collections), ANSIBLE_PYTHON_INTERPRETER=os.path.join(
        os.path.dirname(tool('python')), 'python'), ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    run([tool('ansible-playbook'), str(tmp_path / 'play.yml')], env=env)
    results = json.loads((tmp_path / 'results.json').read_text(encoding='utf-8'))
    for module in MODULES:
        result = results[module]
        assert not result.get('failed'), (module, result)
        assert result['api_version'] == 'v8', (module, result)
        for key, expected in CALLS[module]['check'].items():
            if isinstance(expected, dict):
                assert dict((k, result[key][k]) for k in expected) == expected, (module, key, result[key])
            else:
                assert result[key] == expected, (module, key, result[key])
