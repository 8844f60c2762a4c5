# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Names of Microsoft 365 objects are chosen by anyone in a tenant: the protection gate quotes them in its message,
facts and evidence, and must never let Ansible evaluate them as templates (the design's "Untrusted text").

A simulator serves an inventory whose users, sites and teams carry Jinja2 expressions that would each leave a marker
file if evaluated; the role closes on them (never backed up, unprotected), a rescue reads the facts, and the test
checks that no marker file was made and the text came back as written.
"""

import json
import os
import subprocess
import sys

from conftest import REPO, SIM_PASSWORD, SIM_USERNAME, tool


def hostile(marker_dir, name):
    return "{{ lookup('pipe', 'touch %s/%s') }}" % (marker_dir, name)


def data_file(tmp_path, marker_dir):
    with open(REPO / 'tests' / 'simulator' / 'data' / 'seed.json', encoding='utf-8') as f:
        seed = json.load(f)
    with open(REPO / 'tests' / 'simulator' / 'data' / 'inventory.json', encoding='utf-8') as f:
        inventory = json.load(f)
    local = inventory['repositories'][1]['id']
    contoso = inventory['tenants'][0]['id']
    inventory['repositories'] = [r for r in inventory['repositories'] if r.get('organizationId') in (None, contoso)]
    inventory['tenants'] = [dict(
        inventory['tenants'][0],
        users=[{'displayName': hostile(marker_dir, 'user-name'), 'email': 'mallory@contoso.onmicrosoft.com',
                'backups': [{'repository': local, 'mailbox': None}]},
               {'displayName': '#jinja2:variable_start_string:\'[%\', variable_end_string:\'%]\'\n'
                               "[% lookup('pipe', 'touch " + marker_dir + "/user-header') %]",
                'email': 'eve@contoso.onmicrosoft.com', 'backups': []},
               {'displayName': '{{ 7*7 }}', 'email': 'seven@contoso.onmicrosoft.com', 'backups': []}],
        groups=[], teams=[{'displayName': hostile(marker_dir, 'team-name'), 'email': 'team@contoso.onmicrosoft.com',
                           'description': hostile(marker_dir, 'team-description'), 'backups': []}],
        sites=[{'title': '{% raw %}' + hostile(marker_dir, 'site-raw') + '{% endraw %}',
                'url': 'https://contoso.sharepoint.com/sites/x', 'backups': [{'repository': local, 'time': -60}]}])]
    seed['inventory'] = inventory
    path = tmp_path / 'hostile-inventory.json'
    path.write_text(json.dumps(seed), encoding='utf-8')
    return path


PLAY = '''
- name: Gate on an organization whose objects have hostile names
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Gate
      block:
        - name: The gate closes on them
          ansible.builtin.include_role:
            name: vb365.backup.protection_gate
          vars:
            protection_gate_evidence_path: "{{ evidence }}"
      rescue:
        - name: Use the facts the way a play would
          ansible.builtin.debug:
            msg: "{{ protection_gate_message }} {{ protection_gate_summary | to_json }}"
        - name: Keep what came back
          ansible.builtin.copy:
            content: "{{ {'message': protection_gate_message, 'failed': ansible_failed_result.msg} | to_json }}"
            dest: "{{ out }}"
            mode: "0600"
'''


def test_hostile_object_names_are_never_templated(tmp_path, collection_tree):
    sys.path.insert(0, str(REPO / 'tests' / 'simulator'))
    from vb365sim import process  # pylint: disable=import-error,import-outside-toplevel

    markers = tmp_path / 'markers'
    markers.mkdir()
    path = data_file(tmp_path, str(markers))
    with process.start(str(tmp_path / 'sim'), data=str(path)) as sim:
        (tmp_path / 'play.yml').write_text(PLAY, encoding='utf-8')
        env = dict(os.environ, VB365_SERVER=sim.host, VB365_PORT=str(sim.port), VB365_USERNAME=SIM_USERNAME,
                   VB365_PASSWORD=SIM_PASSWORD, VB365_CA_PATH=sim.ca_path, ANSIBLE_NOCOLOR='1',
                   ANSIBLE_COLLECTIONS_PATH=str(collection_tree.parents[2]))
        proc = subprocess.run([tool('ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(tmp_path / 'play.yml'),
                               '-e', 'ansible_python_interpreter=%s' % sys.executable,
                               '-e', 'evidence=%s' % (tmp_path / 'evidence.json'), '-e', 'out=%s' % (tmp_path / 'out.json')],
                              capture_output=True, text=True, check=False, env=env, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert os.listdir(str(markers)) == [], 'a hostile name was evaluated: %s' % os.listdir(str(markers))
    out = json.loads((tmp_path / 'out.json').read_text(encoding='utf-8'))
    assert out['message'] == out['failed'] and 'Protection gate CLOSED' in out['message']
    assert hostile(str(markers), 'user-name') in out['message'] and "'{{ 7*7 }}'" in out['message']
    assert '49' not in out['message']
    evidence = json.loads((tmp_path / 'evidence.json').read_text(encoding='utf-8'))
    names = [listed['display_name'] for listed in evidence['objects']]
    assert hostile(str(markers), 'team-name') in names, names
