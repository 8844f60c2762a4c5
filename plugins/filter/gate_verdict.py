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
    what was observed and which rules failed, and quotes the session's first log items when it has any.
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
  sample: "job 'Exchange Online - Daily', session 6a3fa2fb-3a77-4d99-8b5d-b6bd4102ffb1: status Failed is not allowed (allowed: Success)"
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_duration


def _human_duration(seconds):
    """'3d 4h', '26h 5m', '12m 3s': exact enough for an operator, short enough to read."""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return '%dd %dh' % (days, hours)
    if hours:
        return '%dh %dm' % (hours, minutes)
    return '%dm %ds' % (minutes, secs)


def _failed_rules(session, rules):
    status = session.get('status')
    bottleneck = (session.get('statistics') or {}).get('bottleneck')
    allowed_statuses = rules.get('allowed_statuses') or ['Success']
    allowed_bottlenecks = rules.get('allowed_bottlenecks') or []
    forbidden_bottlenecks = rules.get('forbidden_bottlenecks') or []
    failed = []
    if status not in allowed_statuses:
        failed.append('status %s is not allowed (allowed: %s)' % (status, ', '.join(allowed_statuses)))
    if bottleneck in forbidden_bottlenecks:
        failed.append('bottleneck %s is forbidden' % bottleneck)
    elif allowed_bottlenecks and bottleneck not in allowed_bottlenecks:
        failed.append('bottleneck %s is not allowed (allowed: %s)' % (bottleneck, ', '.join(allowed_bottlenecks)))
    if rules.get('max_age') not in (None, ''):
        try:
            max_age = parse_duration(rules['max_age'] if isinstance(rules['max_age'], int) else str(rules['max_age']), 'max_age')
        except Vb365InputError as e:
            raise AnsibleFilterError(str(e))
        age = session.get('age_seconds')
        if age is None:
            failed.append('it has not ended, so its age is unknown (max_age %s)' % rules['max_age'])
        elif age > max_age:
            failed.append('it ended %s ago, longer than max_age %s' % (_human_duration(age), rules['max_age']))
    return failed


def gate_verdict(session, rules=None):
    if not isinstance(session, dict):
        raise AnsibleFilterError('gate_verdict expects a job session (a dict), got %s' % type(session).__name__)
    rules = rules or {}
    failed = _failed_rules(session, rules)
    if not failed:
        return ''
    job = session.get('job_name') or session.get('job_id') or 'unknown'
    observed = 'status %s, bottleneck %s, ended %s' % (
        session.get('status'), (session.get('statistics') or {}).get('bottleneck'), session.get('end_time') or 'not yet')
    line = "job '%s', session %s (%s): %s" % (job, session.get('id'), observed, '; '.join(failed))
    quoted = _telling_log_items(session.get('log'), rules.get('log_items', 5))
    if quoted:
        line += '. Log: %s' % ' | '.join(quoted)
    return line


def _telling_log_items(log, count):
    """The log items that tell why a session was blocked: its errors and warnings, else its first items."""
    items = [item for item in log or [] if isinstance(item, dict) and (item.get('title') or item.get('message'))]
    troubles = [item for item in items if item.get('type') == 'Error'] + [item for item in items if item.get('type') == 'Warning']
    return [item.get('title') or item.get('message') for item in (troubles or items)[:max(0, int(count or 0))]]


class FilterModule(object):
    def filters(self):
        return {'gate_verdict': gate_verdict}
