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
    ended 2h 5m ago): status Failed is not allowed (allowed: Success)"
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._gate import verdict


def gate_verdict(session, rules=None):
    if not isinstance(session, dict):
        raise AnsibleFilterError('gate_verdict expects a job session (a dict), got %s' % type(session).__name__)
    try:
        # The role's words: a retried session's message names the role's variable job_session_gate_wait.
        return verdict(session, rules or {}, 'job_session_gate_')
    except Vb365InputError as e:
        raise AnsibleFilterError(str(e))


class FilterModule(object):
    def filters(self):
        return {'gate_verdict': gate_verdict}
