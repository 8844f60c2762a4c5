# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: gate_unknown_vars
short_description: Warn about variables that look like the backup gate's but are not
version_added: 1.1.0
description:
  - Given variable names (for example C(query('ansible.builtin.varnames', '^job_session_gate_'))) and the names the
    role P(vb365.backup.job_session_gate#role) knows, returns a warning for each name with the role's prefix that it
    does not know, naming the closest known one (C(job_session_gate_jobname) -> C(job_session_gate_job_name)).
  - Each warning is also shown as an Ansible warning.
author:
  - vb365.backup maintainers (@vb365)
options:
  _input:
    description: Variable names.
    type: list
    elements: str
    required: true
  known:
    description: The names the role knows.
    type: list
    elements: str
    required: true
'''

EXAMPLES = r'''
- name: Warn about misspelt gate variables
  ansible.builtin.set_fact:
    gate_warnings: "{{ query('ansible.builtin.varnames', '^job_session_gate_') | vb365.backup.gate_unknown_vars(known) }}"
  vars:
    known: [job_session_gate_job_name, job_session_gate_max_age]
'''

RETURN = r'''
_value:
  description: One warning per unknown variable.
  type: list
  elements: str
'''

from ansible.utils.display import Display

from ansible_collections.vb365.backup.plugins.module_utils._gate import unknown_variables


def gate_unknown_vars(names, known):
    warnings = unknown_variables(names or [], known or [])
    for warning in warnings:
        Display().warning(warning)
    return warnings


class FilterModule(object):
    def filters(self):
        return {'gate_unknown_vars': gate_unknown_vars}
