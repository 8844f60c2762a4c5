# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: gate_verdict
short_description: Judge a job session against backup gate rules
version_added: 1.0.0
description:
  - Checks one job session, as M(vb365.backup.job_session_info) returns it, against the rules of the role
    R(vb365.backup.job_session_gate,ansible_collections.vb365.backup.job_session_gate_role).
  - Returns an empty string when every rule passes; otherwise one line that names the job and the session, says
    what was observed and which rules failed, says when the server will retry the session by itself, and quotes the
    session's telling log items when it has any (or why its log could not be read, from C(log_error)).
  - The log never changes the verdict; it only explains it.
author:
  - vb365.backup maintainers (@vb365)
options:
  _input:
    description: A job session returned by M(vb365.backup.job_session_info).
    type: dict
    required: true
  rules:
    description: The rules.
    type: dict
    required: true
    suboptions:
      allowed_statuses:
        description: Statuses that pass.
        type: list
        elements: str
        default: [Success]
      allowed_bottlenecks:
        description: Bottlenecks that pass; empty allows any.
        type: list
        elements: str
        default: []
      forbidden_bottlenecks:
        description: Bottlenecks that block.
        type: list
        elements: str
        default: []
      max_age:
        description: The session must have ended less than this long ago (seconds, or V(26h), V(90m), V(2d)).
        type: raw
      log_items:
        description:
          - How many of the session's log items to quote when it is blocked. Its errors and warnings are quoted,
            because they tell why; when it has none, its first items.
        type: int
        default: 5
      max_failed_objects:
        description:
          - The most objects (users, groups, sites, teams) the session may have failed, from its
            C(processed_objects_summary) (read with O(vb365.backup.job_session_info#module:include_processed_objects=true)).
          - Judged only for a session that ended and did not succeed. Unset or V(null), the rule is off (the role
            sets V(0)).
        type: int
      max_warning_objects:
        description:
          - The most objects the session may have ended with a warning; as O(rules.max_failed_objects).
        type: int
      unknown_object_counts:
        description:
          - What an object rule does when the session's objects could not be counted (it has no
            C(processed_objects_summary)). V(block) fails the session, V(pass) judges it on its other rules.
        type: str
        choices: [block, pass]
        default: block
'''

EXAMPLES = r'''
- name: Block unless the session succeeded without a target bottleneck, within a day
  ansible.builtin.assert:
    that: verdict == ''
    fail_msg: "{{ verdict }}"
  vars:
    verdict: "{{ result.job_session | vb365.backup.gate_verdict({'allowed_statuses': ['Success'], 'forbidden_bottlenecks': ['Target'], 'max_age': '26h'}) }}"
'''

RETURN = r'''
_value:
  description: An empty string when the session passes; otherwise what failed, in one line.
  type: str
  sample: "job 'Exchange Online - Daily', session 6a3fa2fb-3a77-4d99-8b5d-b6bd4102ffb1 (status Failed, bottleneck Source,
    ended 2026-11-28T02:00:00Z, 2h 5m ago): status Failed is not allowed (allowed: Success)"
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._gate import verdict
from ansible_collections.vb365.backup.plugins.module_utils._input import whole_number

# The rules whose values must be whole numbers (0 or more) when they are given.
COUNT_RULES = ('log_items', 'max_failed_objects', 'max_warning_objects')


def gate_verdict(session, rules=None):
    if not isinstance(session, dict):
        raise AnsibleFilterError('gate_verdict expects a job session (a dict), got %s' % type(session).__name__)
    if rules is not None and not isinstance(rules, dict):
        raise AnsibleFilterError('gate_verdict expects its rules as a dict, got %s' % type(rules).__name__)
    rules = dict(rules or {})
    for name in COUNT_RULES:
        if rules.get(name) is not None:
            if whole_number(rules[name]) is None:
                raise AnsibleFilterError('Invalid %s %r: give a whole number of 0 or more.' % (name, rules[name]))
            rules[name] = whole_number(rules[name])
    try:
        # The filter's words: its rules are named as given here, and a retried session's message names
        # job_session_info's option wait.
        return verdict(session, rules)
    except Vb365InputError as e:
        raise AnsibleFilterError(str(e))


class FilterModule(object):
    def filters(self):
        return {'gate_verdict': gate_verdict}
