# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AWX injection path, end to end, with ansible-runner (the engine AWX runs jobs with).

The credential type's injectors are rendered as AWX renders them (tests/ecosystem/awx.py):
the CA certificate is written to a file in the job's private data directory, as the file
injector does, and the VB365_* variables go to ansible-runner as ``envvars``. The playbook
names no connection option at all, and the test process's own environment carries no
VB365_* variable and no CA bundle: whatever connects to the simulator came from the
credential.
"""

import os
import pathlib
import shutil
import sys

import pytest
import yaml

import awx
from conftest import SEED_SESSION_ID, SIM_PASSWORD, SIM_USERNAME

ansible_runner = pytest.importorskip('ansible_runner')

PLAYBOOK = [{
    'name': 'Read a backup job session with the connection an AWX credential injects',
    'hosts': 'localhost',
    'gather_facts': False,
    'tasks': [
        {'name': 'Read the session', 'vb365.backup.job_session_info': {'id': SEED_SESSION_ID}, 'register': 'awx_read'},
        {'name': 'Gate on it', 'ansible.builtin.include_role': {'name': 'vb365.backup.job_session_gate'},
         'vars': {'job_session_gate_id': SEED_SESSION_ID}},
        {'name': 'Report the gate', 'ansible.builtin.debug': {'var': 'job_session_gate_passed'}},
    ],
}]
# Variables that would let TLS or the connection come from somewhere else than the credential.
FOREIGN = ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
           'ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS', 'ANSIBLE_CONFIG')


@pytest.fixture
def clean_environ(monkeypatch):
    for name in list(os.environ):
        if name.startswith('VB365_') or name in FOREIGN:
            monkeypatch.delenv(name)
    # ansible-runner starts the ansible-playbook of the venv that runs the tests.
    monkeypatch.setenv('PATH', os.pathsep.join([os.path.dirname(sys.executable), os.environ.get('PATH', '')]))


@pytest.fixture
def private_data_dir(tmp_path, installed_collections):
    """An ansible-runner private data dir: the project with the collection beside the playbook, an inventory."""
    project = tmp_path / 'project'
    project.mkdir()
    (project / 'read_session.yml').write_text(yaml.safe_dump(PLAYBOOK, sort_keys=False), encoding='utf-8')
    shutil.copytree(installed_collections / 'ansible_collections', project / 'collections' / 'ansible_collections')
    (tmp_path / 'inventory').mkdir()
    (tmp_path / 'inventory' / 'hosts').write_text(
        'localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable, encoding='utf-8')
    return tmp_path


def run_job(private_data_dir, envvars):
    runner = ansible_runner.run(private_data_dir=str(private_data_dir), playbook='read_session.yml', envvars=envvars,
                                quiet=True, settings={'suppress_ansible_output': True})
    stdout = pathlib.Path(runner.stdout.name).read_text(encoding='utf-8')
    results = {}
    for event in runner.events:
        data = event.get('event_data', {})
        if event['event'] in ('runner_on_ok', 'runner_on_failed') and data.get('task') in ('Read the session', 'Report the gate'):
            results[data['task']] = dict(data['res'], _event=event['event'])
    return runner, stdout, results


def simulator_inputs(simulator, **inputs):
    base = dict(server=simulator.host, port=str(simulator.port), username=SIM_USERNAME, password=SIM_PASSWORD,
                validate_certs=True)
    base.update(inputs)
    return base


def test_inline_ca_certificate(clean_environ, credential_type, simulator, private_data_dir):  # pylint: disable=unused-argument
    with open(simulator.ca_path, encoding='ascii') as f:
        pem = f.read()
    envvars = awx.inject(credential_type, simulator_inputs(simulator, ca_cert=pem), str(private_data_dir))
    assert sorted(envvars) == sorted(credential_type['injectors']['env'])
    assert os.path.dirname(envvars['VB365_CA_PATH']) == str(private_data_dir / 'env')
    assert envvars['VB365_CA_PATH'] != simulator.ca_path

    runner, stdout, results = run_job(private_data_dir, envvars)

    assert runner.status == 'successful', stdout
    assert runner.rc == 0
    read = results['Read the session']
    assert read['_event'] == 'runner_on_ok'
    assert read['changed'] is False
    assert read['job_session']['id'] == SEED_SESSION_ID
    assert read['job_session']['status'] == 'Success'
    assert read['api_version'] == 'v8'
    assert results['Report the gate']['job_session_gate_passed'] is True
    assert SIM_PASSWORD not in stdout


def test_ca_path_on_the_execution_node(clean_environ, credential_type, simulator, private_data_dir):  # pylint: disable=unused-argument
    envvars = awx.inject(credential_type, simulator_inputs(simulator, ca_path=simulator.ca_path), str(private_data_dir))
    assert envvars['VB365_CA_PATH'] == simulator.ca_path

    runner, stdout, results = run_job(private_data_dir, envvars)

    assert runner.status == 'successful', stdout
    assert results['Read the session']['job_session']['status'] == 'Success'


def test_without_the_ca_the_job_fails_on_tls(clean_environ, credential_type, simulator, private_data_dir):  # pylint: disable=unused-argument
    """The negative control: the CA from the credential is what made the runs above work."""
    envvars = awx.inject(credential_type, simulator_inputs(simulator), str(private_data_dir))
    assert envvars['VB365_CA_PATH'] == ''

    runner, stdout, results = run_job(private_data_dir, envvars)

    assert runner.status == 'failed', stdout
    read = results['Read the session']
    assert read['_event'] == 'runner_on_failed'
    assert 'TLS error: certificate verify failed' in read['msg'], read['msg']
    assert 'VB365_CA_PATH' in read['msg']
    assert SIM_PASSWORD not in stdout
