# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: gate_input_problems
short_description: What is wrong with the backup gate's variables, before any request
version_added: 1.1.0
description:
  - Checks the selectors, the start and the age rule of the role P(vb365.backup.job_session_gate#role), with the
    collection's own duration parser; returns one line per problem, an empty list when there is none.
author:
  - vb365.backup maintainers (@vb365)
options:
  _input:
    description: The selectors of the gate, with the keys C(id), C(job_name), C(job_id) and C(job_names).
    type: dict
    required: true
  rules:
    description: The rules (only C(max_age) is checked here).
    type: dict
    required: true
  start:
    description: Whether the gate starts the job first.
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Refuse a gate without a selector
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join(' ') }}"
  vars:
    problems: "{{ {'job_name': 'Exchange Online - Daily'} | vb365.backup.gate_input_problems({'max_age': '26h'}) }}"
'''

RETURN = r'''
_value:
  description: One line per problem.
  type: list
  elements: str
'''

from ansible_collections.vb365.backup.plugins.module_utils._gate import input_problems


def gate_input_problems(selection, rules, start=False):
    return input_problems(selection or {}, rules or {}, bool(start))


class FilterModule(object):
    def filters(self):
        return {'gate_input_problems': gate_input_problems}
