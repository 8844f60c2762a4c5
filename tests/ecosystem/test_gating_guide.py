# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every play of the gating guide runs, in --check and for real, against the simulator.

Each YAML block of docs/docsite/rst/gating.rst becomes a playbook: a block of plays as it is,
a block of tasks in a play on localhost, a ``vars:`` fragment as the role's variables. The
connection comes from the guide's own module_defaults, pointed at the simulator, or from the
VB365_* variables. A play passes when the gate opens or closes with its own message (the
guide's plays gate on what the seed holds, and some close on purpose); an error of any other
kind, in either mode, fails the test. A play that starts nothing must decide the same in
--check as for real.
"""

import os
import re
import sys

import pytest
import yaml

from conftest import REPO, SIM_PASSWORD, SIM_USERNAME, tool
from guides import block_params

GUIDE = REPO / 'docs' / 'docsite' / 'rst' / 'gating.rst'


def blocks():
    return block_params(GUIDE)


def playbook(body):
    """The block as a playbook, and whether it starts a backup."""
    data = yaml.safe_load(body)
    if isinstance(data, dict):
        # A vars: fragment of the role.
        data = [{'name': 'Gate', 'ansible.builtin.include_role': {'name': 'vb365.backup.job_session_gate'},
                 'vars': data['vars']}]
    if not any('hosts' in item for item in data):
        data = [{'name': 'The guide\'s tasks', 'hosts': 'localhost', 'gather_facts': False, 'tasks': data}]
    return data, 'job_session_gate_start: true' in body


def test_the_guide_has_plays():
    assert len(blocks()) >= 8


@pytest.fixture
def workdir(tmp_path, simulator, collection_tree):  # pylint: disable=unused-argument
    (tmp_path / 'inventory.ini').write_text(
        'localhost ansible_connection=local ansible_python_interpreter=%s\n[mail_gateways]\ngw1.example.com\n'
        % sys.executable, encoding='utf-8')
    # The guide's "roles: [upgrade]" stands for the user's own role.
    (tmp_path / 'roles' / 'upgrade' / 'tasks').mkdir(parents=True)
    (tmp_path / 'roles' / 'upgrade' / 'tasks' / 'main.yml').write_text('[]\n', encoding='utf-8')
    # The collection as `make collection` keeps it: .../ansible_collections/vb365/backup.
    (tmp_path / 'collections_path').write_text(str(collection_tree.parents[2]), encoding='utf-8')
    return tmp_path


def run_play(workdir, simulator, data, check, merged=False):
    import subprocess  # pylint: disable=import-outside-toplevel

    text = yaml.safe_dump(data, sort_keys=False).replace('vb365.example.com', simulator.host)
    text = text.replace('/etc/pki/vb365-ca.pem', simulator.ca_path)
    # Waits in the guide are for real backups; the simulator's runs take seconds.
    text = re.sub(r'(wait_interval): \d+', r'\1: 1', text)
    path = workdir / 'play.yml'
    path.write_text(text, encoding='utf-8')
    env = dict(os.environ, VB365_SERVER=simulator.host, VB365_PORT=str(simulator.port), VB365_USERNAME=SIM_USERNAME,
               VB365_PASSWORD=SIM_PASSWORD, VB365_CA_PATH=simulator.ca_path, ANSIBLE_ROLES_PATH=str(workdir / 'roles'),
               ANSIBLE_COLLECTIONS_PATH=(workdir / 'collections_path').read_text(encoding='utf-8'),
               ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')
    argv = [tool('ansible-playbook'), '-i', str(workdir / 'inventory.ini'), '--limit', 'localhost', str(path),
            '-e', 'vault_vb365_password=%s' % SIM_PASSWORD] + (['--check'] if check else [])
    # merged: stdout and stderr in one stream, in the order a terminal shows them.
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                          text=True, check=False, cwd=str(workdir), env=env)
    return proc


def outcome(proc):
    """'open' or 'closed' when the gate decided (or the play never gated), else fail with what went wrong."""
    out = proc.stdout + (proc.stderr or '')
    assert SIM_PASSWORD not in out
    if proc.returncode == 0:
        return 'closed' if 'Backup gate CLOSED' in out else 'open'
    # The only failure allowed is the gate's own assert, closing with its message.
    failures = proc.stdout.split('fatal: [localhost]: FAILED!')[1:]
    assert proc.returncode == 2 and len(failures) == 1, out
    assert 'job_session_gate_passed' in failures[0] and 'Backup gate CLOSED' in failures[0], out
    return 'closed'


def reset(simulator):
    import ssl  # pylint: disable=import-outside-toplevel
    import urllib.request  # pylint: disable=import-outside-toplevel

    context = ssl.create_default_context(cafile=simulator.ca_path)
    request = urllib.request.Request(simulator.url + '/_sim/reset', data=b'', method='POST')
    with urllib.request.urlopen(request, context=context, timeout=30):
        pass


@pytest.mark.parametrize('body', blocks())
def test_every_play_of_the_guide_works_in_check_mode_and_for_real(body, workdir, simulator):
    data, starts = playbook(body)
    reset(simulator)
    checked = outcome(run_play(workdir, simulator, data, check=True))
    reset(simulator)
    real = outcome(run_play(workdir, simulator, data, check=False))
    if not starts:
        assert checked == real
