# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every play of the protection guide runs, in --check and for real, against the simulator;
the messages the protection code builds outside a raise are explained in the troubleshooting guide.

Each YAML block of docs/docsite/rst/protection.rst becomes a playbook (a block of tasks in a play on localhost);
the AWX block, which needs an AWX, is only parsed. The connection comes from the guide's module_defaults pointed at
the simulator, or from the VB365_* variables. The seed's Contoso has objects in no backup, so a gate closes there:
a play passes when it ends as the guide says (with the gate's own message when it closes), the same in both modes.
"""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, SIM_PASSWORD, SIM_USERNAME, tool
from guides import block_params

GUIDE = REPO / 'docs' / 'docsite' / 'rst' / 'protection.rst'
TROUBLESHOOTING = REPO / 'docs' / 'docsite' / 'rst' / 'troubleshooting.rst'
# Messages built outside a raise (warnings collected, reasons, the gate's phrases): each is explained.
MESSAGES = (
    'API v5 has backed-up data of users only (UserData)',
    'backup times could not be read (not ISO 8601, or more than a day in the future)',
    'lists the organizations from their cache only: data_source',
    'have no e-mail, URL or Microsoft id to find them in backups by: they are not counted.',
    'which its usedRepositories does not name: an object in both may be counted twice.',
    'could not be read, so every repository is read and each of its objects remembered to count it once',
    'could not be read: the server says the repository is not available',
    'listing could not be read: ',
    'in no backup',
    'never backed up',
    'backed up at a time the server did not give',
    'longer than max_age',
    'deleted in Microsoft 365',
    "no longer in the organization's listing (deleted in Microsoft 365)",
    'its organization was removed from VB365',
    'Protection gate CLOSED, the play stops here (rule: ',
    'Protection gate open: ',
    'is in any backup',
    'no organization to check: the selection found none with backed-up data',
    'does not know the variable protection_gate_maxage: it is ignored. Did you mean protection_gate_max_age?',
)


def blocks():
    return block_params(GUIDE)


def test_the_guide_has_plays_and_every_message_is_explained():
    assert len(blocks()) >= 4
    text = re.sub(r'\s+', ' ', TROUBLESHOOTING.read_text(encoding='utf-8'))
    for message in MESSAGES:
        assert message in text, message


def test_the_evidence_example_is_json():
    text = GUIDE.read_text(encoding='utf-8')
    body = re.search(r'^\.\. code-block:: json\n\n((?:   .*\n|\n)+)', text, re.MULTILINE).group(1)
    evidence = json.loads('\n'.join(line[3:] for line in body.split('\n')))
    assert evidence['generated_by'] == 'vb365.backup.protection_check' and 'password' not in json.dumps(evidence)


@pytest.fixture
def workdir(tmp_path, simulator, collection_tree):  # pylint: disable=unused-argument
    (tmp_path / 'inventory.ini').write_text(
        'localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable, encoding='utf-8')
    (tmp_path / 'evidence').mkdir()
    (tmp_path / 'collections_path').write_text(str(collection_tree.parents[2]), encoding='utf-8')
    return tmp_path


def run_play(workdir, simulator, body, check):
    data = yaml.safe_load(body)
    if not any('hosts' in item for item in data):
        data = [{'name': "The guide's tasks", 'hosts': 'localhost', 'gather_facts': False, 'tasks': data}]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).replace('vb365.example.com', simulator.host)
    text = text.replace('/etc/pki/vb365-ca.pem', simulator.ca_path).replace('/var/tmp/', str(workdir / 'evidence') + '/')
    path = workdir / 'play.yml'
    path.write_text(text, encoding='utf-8')
    env = dict(os.environ, VB365_SERVER=simulator.host, VB365_PORT=str(simulator.port), VB365_USERNAME=SIM_USERNAME,
               VB365_PASSWORD=SIM_PASSWORD, VB365_CA_PATH=simulator.ca_path,
               ANSIBLE_COLLECTIONS_PATH=(workdir / 'collections_path').read_text(encoding='utf-8'),
               ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')
    # module_defaults in the guide name no port: the simulator's comes from VB365_PORT.
    argv = [tool('ansible-playbook'), '-i', str(workdir / 'inventory.ini'), str(path),
            '-e', 'vault_vb365_password=%s' % SIM_PASSWORD] + (['--check'] if check else [])
    return subprocess.run(argv, capture_output=True, text=True, check=False, cwd=str(workdir), env=env)


def outcome(proc):
    """'open', 'closed' (the gate's own failure) or 'read' (no gate), else fail with what went wrong."""
    out = proc.stdout + proc.stderr
    assert SIM_PASSWORD not in out
    if proc.returncode == 0:
        return 'open' if 'Protection gate open' in out else 'read'
    failures = proc.stdout.split('fatal: [localhost]: FAILED!')[1:]
    assert proc.returncode == 2 and failures, out
    assert all('Protection gate CLOSED' in failure for failure in failures), out
    return 'closed'


@pytest.mark.parametrize('body', blocks())
def test_every_play_of_the_guide_works_in_check_mode_and_for_real(body, workdir, simulator):
    if 'awx.awx.' in body:
        assert yaml.safe_load(body)[0]['awx.awx.schedule']['rrule'].startswith('DTSTART')
        return
    checked = outcome(run_play(workdir, simulator, body, check=True))
    assert not list((workdir / 'evidence').iterdir())  # check mode writes no evidence
    real = outcome(run_play(workdir, simulator, body, check=False))
    assert checked == real
    if 'evidence_path' in body:
        written = list((workdir / 'evidence').iterdir())
        assert len(written) == 1 and json.loads(written[0].read_text(encoding='utf-8'))['passed'] is (real == 'open')
