#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Turn a module's EXAMPLES into a playbook aimed at the simulator, so the documented examples are run.

    examples_playbook.py MODULE_FILE SERVER PORT CA_PATH > playbook.yml

Only the example server's address, port and CA file are replaced; everything else runs as documented.
"""

import ast
import sys

import yaml


def examples_of(module_file):
    with open(module_file) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'EXAMPLES':
            return node.value.value
    raise SystemExit('%s has no EXAMPLES' % module_file)


def main():
    module_file, server, port, ca_path = sys.argv[1:5]
    text = examples_of(module_file)
    text = text.replace('vb365.example.com', server).replace('port: 4443', 'port: %s' % port)
    text = text.replace('/etc/pki/vb365-ca.pem', ca_path)
    play = {'name': 'EXAMPLES of %s' % module_file, 'hosts': 'localhost', 'gather_facts': False,
            'tasks': yaml.safe_load(text)}
    yaml.safe_dump([play], sys.stdout, sort_keys=False)


if __name__ == '__main__':
    main()
