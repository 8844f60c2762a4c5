# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: gate_judgement
short_description: Everything the backup gate decides, from the sessions it read
version_added: 1.1.0
description:
  - Judges the sessions the role P(vb365.backup.job_session_gate#role) read against its rules, names the selected jobs
    that have no session, and builds the message the gate prints, whether it opens or closes.
  - The verdict comes from the sessions' state only. The log items read afterwards for the blocked sessions
    (O(log_reads)) only explain it; a log that could not be read is said to be missing and changes nothing.
  - Each session the gate lets through or blocks is named with its job, id, status, bottleneck and age.
author:
  - vb365.backup maintainers (@vb365)
options:
  _input:
    description: The sessions read, as M(vb365.backup.job_session_info) returns them.
    type: list
    elements: dict
    required: true
  rules:
    description:
      - The rules, as for P(vb365.backup.gate_verdict#filter). Its C(max_age) may also be V(auto) (V(26h) for the
        newest session of a job, no age rule for a session selected by id).
    type: dict
    required: true
  selection:
    description: The selectors of the gate, with the keys C(id), C(job_name), C(job_id) and C(job_names).
    type: dict
    required: true
  log_reads:
    description: The results of M(vb365.backup.job_session_info) reading the logs of the blocked sessions, if any.
    type: list
    elements: dict
    default: []
'''

EXAMPLES = r'''
- name: Judge what was read
  ansible.builtin.set_fact:
    judgement: "{{ read.job_sessions | vb365.backup.gate_judgement(rules, {'job_names': ['Exchange Online - Daily']}) }}"
  vars:
    rules:
      allowed_statuses: [Success]
      max_age: auto
'''

RETURN = r'''
_value:
  description: What the gate decided.
  type: dict
  contains:
    passed:
      description: Whether every selected job has a session and every session passes.
      type: bool
    problems:
      description: One line per job without a session and per blocked session.
      type: list
      elements: str
    blocked:
      description: Ids of the blocked sessions, whose logs the role reads to explain them.
      type: list
      elements: str
    message:
      description: The gate's message, one line per session it let through or per problem.
      type: str
    max_age:
      description: The age rule in force, V(null) when none.
      type: raw
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._gate import judgement


def gate_judgement(sessions, rules, selection, log_reads=None):
    if not isinstance(sessions, list) or not isinstance(selection, dict):
        raise AnsibleFilterError('gate_judgement expects a list of job sessions and a dict of selectors')
    try:
        return judgement(sessions, rules, selection, log_reads)
    except Vb365InputError as e:
        raise AnsibleFilterError(str(e))


class FilterModule(object):
    def filters(self):
        return {'gate_judgement': gate_judgement}
