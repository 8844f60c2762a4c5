#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Turn a module's EXAMPLES into a playbook aimed at the simulator, so the documented examples are run.

    examples_playbook.py MODULE_NAME SERVER PORT CA_PATH [EXPECTED_YML] > playbook.yml

The EXAMPLES are read the way a user reads them, through ansible-doc. Their first YAML
document is a list of tasks, run in a play on localhost; the following documents are
complete playbooks, kept as they are.

Only the example server's address, port and CA file are replaced, and the wait intervals
become one second (the simulator's runs take seconds); everything else runs as documented.

EXPECTED_YML maps an example task's name to conditions on what it registered (what the
example is documented to return); an assert of them follows that task. A name that no
example task has is an error, so that the expectations follow the EXAMPLES.
"""

import json
import re
import subprocess
import sys

import yaml


def examples_of(module_name):
    output = subprocess.check_output(['ansible-doc', '--json', '-t', 'module', module_name])
    return json.loads(output)[module_name]['examples']


def main():
    module_name, server, port, ca_path = sys.argv[1:5]
    expected = {}
    if len(sys.argv) > 5:
        with open(sys.argv[5]) as f:
            expected = yaml.safe_load(f)
    text = examples_of(module_name)
    text = text.replace('vb365.example.com', server).replace('port: 4443', 'port: %s' % port)
    text = text.replace('/etc/pki/vb365-ca.pem', ca_path)
    text = re.sub(r'wait_interval: \d+', 'wait_interval: 1', text)
    documents = list(yaml.safe_load_all(text))
    plays = [{'name': 'EXAMPLES of %s' % module_name, 'hosts': 'localhost', 'gather_facts': False, 'tasks': documents[0]}]
    for document in documents[1:]:
        plays.extend(document)
    unused = set(expected)
    for play in plays:
        play['tasks'] = with_asserts(play.get('tasks', []), expected, unused)
    if unused:
        sys.exit('No example task is named %s' % ', '.join(repr(name) for name in sorted(unused)))
    yaml.safe_dump(plays, sys.stdout, sort_keys=False)


def with_asserts(tasks, expected, unused):
    """``tasks`` with an assert of the expected conditions after each task that has some (blocks too)."""
    result = []
    for task in tasks:
        if 'block' in task:
            task = dict(task, block=with_asserts(task['block'], expected, unused))
        result.append(task)
        name = task.get('name')
        if name in expected:
            unused.discard(name)
            if 'block' not in task:
                # An example that registers nothing is checked through a register of our own.
                task.setdefault('register', 'example_result')
            result.append({'name': 'Documented result: %s' % name,
                           'ansible.builtin.assert': {'that': expected[name], 'quiet': True}})
    return result


if __name__ == '__main__':
    main()
