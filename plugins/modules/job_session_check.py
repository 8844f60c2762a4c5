#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: job_session_check
short_description: Judge Veeam Backup for Microsoft 365 job sessions against a backup gate's rules
version_added: 1.1.0
description:
  - Reads a job session (by O(id), or the newest session of one or several jobs), optionally starts the job first or
    waits for the session to finish, and judges it against the gate's rules. It returns whether the gate is open
    (RV(passed)) and one readable message (RV(message)) that names every session it judged and, when it is closed,
    every rule a session broke and why (the first error and warning log items of each blocked session).
  - 'The rules: the session''s status is allowed, its bottleneck is allowed (and not forbidden), it ended less than
    O(max_age) ago, and no more of its objects failed (or warned) than O(max_failed_objects) (and
    O(max_warning_objects)) allow.'
  - The server's preconditions, each off unless its option is set, close the gate too. The licence has
    O(license_min_days_left) and is not exceeded (O(license_not_exceeded)), no backup repository has the
    O(repository_problems) or less than O(repository_min_free_percent) free, the backup proxies are online
    (O(proxies_online), O(proxies_online_names)), the service is healthy (O(service_healthy)). They are read after
    the sessions (and after any wait), only the parts of the server the rules that are set need, as
    M(vb365.backup.server_info) reads them; without a precondition rule nothing more is read.
  - A closed gate does not fail the task; the role P(vb365.backup.job_session_gate#role) calls this module and stops
    the play with RV(message). Use the role in plays; use the module to decide by yourself what a closed gate means.
  - Logs are read only for sessions the gate blocks, after the verdict, and only explain it. A log the server does
    not let the account read (HTTP 403) is said to be missing; the verdict stays as it is.
author:
  - vb365.backup maintainers (@vb365)
options:
  id:
    description:
      - Id (a GUID) of the job session to judge.
      - Exactly one of O(id), O(job_name), O(job_id) and O(job_names) selects what the gate judges.
    type: str
  job_name:
    description: Name of the job whose newest session is judged.
    type: str
  job_id:
    description: Id (a GUID) of the job whose newest session is judged.
    type: str
  job_names:
    description:
      - Names of several jobs, whose newest sessions must all pass. They are read side by side, at most
        O(max_concurrency) at a time.
      - A job without any session closes the gate.
    type: list
    elements: str
    default: []
  job_type:
    description:
      - Look for O(job_name), O(job_id) or O(job_names) only among backup jobs (V(Backup)) or only among backup copy
        jobs (V(Copy), API v6 and later).
      - Needed when a backup job and a backup copy job share a name, which is an error without it.
      - Null (the default) searches both kinds.
    type: str
    choices: [Backup, Copy]
  allowed_statuses:
    description: Statuses that pass.
    type: list
    elements: str
    choices: [Success, Warning, Failed, Running, Queued, Stopped, Disconnected, NotConfigured]
    default: [Success]
  allowed_bottlenecks:
    description:
      - Bottlenecks that pass (V(NA), V(Detecting), V(Source), V(Target)). Empty allows any.
    type: list
    elements: str
    default: []
  forbidden_bottlenecks:
    description:
      - Bottlenecks that block, for example V(Target) to catch a saturated backup repository.
    type: list
    elements: str
    default: []
  max_age:
    description:
      - The session must have ended less than this long ago. A number of seconds, or a duration such as V(90m), V(26h),
        V(2d) or V(1w).
      - V(auto) (the default) is V(26h) when the gate judges the newest session of a job (a nightly backup and some
        slack), so that a backup that stopped running long ago blocks; no age rule for a session selected by O(id),
        which was chosen on purpose.
      - Null switches the age rule off.
    # raw, not str: ansible-core 2.16 refuses null for a str option in a role's argument spec, and null is how the
    # rule is switched off. The value is checked (a duration, auto or null) before any request.
    type: raw
    default: auto
  max_failed_objects:
    description:
      - At most this many objects (users, groups, sites, teams) may have failed in a session that passes. The gate
        reads each session's processed objects (API v7 and later; on API v5 and v6 an estimate from its log) and
        names the first failed ones when it closes.
      - V(0) (the default) means that a session whose status you allowed (V(Warning), say) still closes the gate when
        any object failed in it. Null switches the rule off.
      - A whole number of 0 or more, or null.
      - The objects of each session that ended and did not succeed are read (one more request per session, more for
        one of over 10,000 objects) and their counts said in the message, open or closed. A V(Success) session has no
        object that failed, and one that has not ended (V(Queued), V(Running), allowed on purpose) is still
        processing its objects; neither is counted nor judged by this rule.
    type: raw
    default: 0
  max_warning_objects:
    description:
      - At most this many objects may have ended with a warning in a session that passes. Null (the default) allows
        any number.
    type: raw
  unknown_object_counts:
    description:
      - What the gate does with a session that ended and did not succeed whose objects could not be counted (the list or, on
        API v5 and v6, the log refused or broken) while O(max_failed_objects) or O(max_warning_objects) is set.
      - V(block) (the default) closes the gate and says why the counts are missing; V(pass) judges the session
        without them.
    type: str
    choices: [block, pass]
    default: block
  start:
    description:
      - Start the job of O(job_name) or O(job_id) now, as M(vb365.backup.job) does (a job already running is not
        started again), wait for that run (within O(wait_timeout)), and judge that run rather than the newest one.
      - The task then reports C(changed). In check mode nothing is started and the job's newest session is judged, so
        that a C(--check) run of a play that starts a backup shows whether the gate would block.
    type: bool
    default: false
  wait:
    description:
      - Wait for a running or queued session to finish before judging it.
      - A session that ended V(Failed) or V(Warning) and that the server will retry by itself (C(job_will_be_retried),
        API v7 and later) is not the job's last word. With this, the gate waits for the retry and judges it (the
        session's C(main_session_id) names the run it retried); without it, the gate blocks and says that the session
        will be retried and at about what time (from the job's retry settings, when they say).
      - API v5 and v6 do not say whether a session will be retried; there the failed session is judged as it is.
    type: bool
    default: false
  max_concurrency:
    description:
      - How many sessions (and logs) are read at once when the gate judges several jobs (O(job_names)), from V(1) to
        V(8).
    type: int
    default: 8
  log_items:
    description:
      - How many of a blocked session's log items the message quotes, errors and warnings first. V(0) reads no log.
      - The logs of the first 10 blocked sessions are read; the message names every blocked session.
    type: int
    default: 5
  variable_prefix:
    description:
      - Put this before option names in messages, so that they name the variables the user set. The role
        P(vb365.backup.job_session_gate#role) sets it to V(job_session_gate_).
    type: str
    default: ''
  given_variables:
    description:
      - Names of variables that start with O(variable_prefix); each that is not an option (a misspelt
        C(job_session_gate_jobname), say) gets a warning naming the closest option. The role passes the variables it
        sees.
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.wait
  - vb365.backup.preconditions
  - vb365.backup.attributes
  - vb365.backup.attributes.action_group
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Reads and judges as without check mode; with O(start=true) it starts nothing and judges the job's newest
        session.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
seealso:
  - ref: ansible_collections.vb365.backup.docsite.gating
    description: Gating plays on backups, with the role vb365.backup.job_session_gate that stops a play on this verdict.
  - module: vb365.backup.job_session_info
    description: Reads sessions without judging them.
  - ref: ansible_collections.vb365.backup.docsite.preconditions
    description: Before you upgrade VB365 or patch its proxies, the guide to the precondition rules.
  - module: vb365.backup.server_info
    description: Reads the licence, repositories, proxies and health the precondition rules judge.
'''

EXAMPLES = r'''
- name: Judge last night's Exchange backup (credentials from the VB365_* environment variables)
  vb365.backup.job_session_check:
    job_name: Exchange Online - Daily
    job_type: Backup
    max_age: 26h
  register: gate

- name: Decide by yourself what a closed gate means
  ansible.builtin.debug:
    msg: "{{ gate.message }}"
  when: not gate.passed

- name: Allow warnings, but not a saturated repository, for several jobs at once
  vb365.backup.job_session_check:
    job_names: [Exchange Online - Daily, SharePoint - Daily]
    job_type: Backup
    allowed_statuses: [Success, Warning]
    forbidden_bottlenecks: [Target]
  register: gate
'''

RETURN = r'''
passed:
  description: Whether the gate is open, that is every selected job has a session, every session passes every rule,
    and every precondition rule that is set holds.
  returned: success
  type: bool
  sample: false
message:
  description:
    - What the gate says, one line per session it let through or per problem that closed it.
    - A closed gate's lines name the session (job, id, status, bottleneck, age), every rule it broke, whether the
      server will retry it, and its first error and warning log items; then every failing precondition, one line
      each (the licence, a repository, a proxy, the service). An open gate also names each precondition that held.
  returned: success
  type: str
  sample: |-
    Backup gate CLOSED, the play stops here:
    - job 'OneDrive - Weekly', session 9c1e7d36-6ad9-4b47-9d0c-31f1b4f2c6a3 (status Failed, bottleneck Source, ended
      2026-11-21T22:41:10.1234567Z, 7d 1h ago): status Failed is not allowed (allowed: Success)
problems:
  description: The lines of a closed gate's message, one per problem; empty when the gate is open.
  returned: success
  type: list
  elements: str
blocked:
  description: Ids of the sessions that broke a rule.
  returned: success
  type: list
  elements: str
preconditions:
  description: What the gate found about the server's preconditions.
  returned: success
  type: dict
  contains:
    # generated from _shapes.PRECONDITIONS by make generate: edit the shape, not these lines
    checked:
      description: The options of the precondition rules that were set and judged; empty when none was set.
      type: list
      returned: always
      elements: str
      sample: [license_min_days_left, proxies_online]
    problems:
      description: One line per failing precondition (also in RV(problems) and RV(message)).
      type: list
      returned: always
      elements: str
      sample:
        - "proxy 'vbo-proxy02.corp.local': status Offline (proxies_online)"
    held:
      description: One line per precondition rule that held (named by an open gate's RV(message)).
      type: list
      returned: always
      elements: str
      sample:
        - "licence: 240 days left (license_min_days_left 30)"
    server:
      description:
        - What was read to judge them, with the keys M(vb365.backup.server_info) returns (C(license),
          C(repositories), C(proxies), C(proxies_offline), C(health), C(gathered_subsets),
          C(unsupported_subsets)...), only the subsets the rules that were set need.
        - V(null) when no precondition rule was set, and then nothing was read.
      type: dict
      returned: always
    # end of generated
max_age:
  description: The age rule the gate applied (V(auto) settled), or V(null) when there was none.
  returned: success
  type: raw
  sample: 26h
api_version:
  description: The REST API version the module used.
  returned: success
  type: str
  sample: v8
sessions:
  description:
    - The sessions judged, as M(vb365.backup.job_session_info) returns them; with O(job_names), in the order of the jobs.
    - A blocked session whose log was read also has C(log) and C(log_error).
    - While a rule on processed objects is set (O(max_failed_objects), O(max_warning_objects)), each session that
      ended and did not succeed also has the keys of M(vb365.backup.job_session_info)'s O(vb365.backup.job_session_info#module:include_processed_objects),
      C(processed_objects_summary), C(processed_objects) (the first 100 that did not succeed),
      C(processed_objects_truncated), C(processed_objects_source) and C(processed_objects_error).
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.SESSION by make generate: edit the shape, not these lines
    id:
      description: Id of the job session.
      type: str
      returned: always
      sample: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
    job_id:
      description:
        - Id of the job the session belongs to.
        - From the session's C(jobId) on API v8, parsed from its link to the job on older versions.
      type: str
      returned: always
      sample: b20cedd4-66b2-49b1-86de-a575dc67e83b
    creation_time:
      description: When the session started (ISO 8601, as the server sends it).
      type: str
      returned: always
      sample: "2019-02-04T16:49:22.8529769Z"
    end_time:
      description: When the session ended (ISO 8601, as the server sends it); V(null) while it runs.
      type: str
      returned: always
      sample: "2019-02-04T16:50:21.3024288Z"
    progress:
      description: Number of objects processed so far (not a percentage).
      type: int
      returned: always
      sample: 1
    status:
      description:
        - Status of the session, spelled as the API spells it.
        - One of V(Success), V(Warning), V(Failed), V(Running), V(Queued), V(Stopped), V(Disconnected),
          V(NotConfigured). Values a newer server adds are passed through unchanged.
      type: str
      returned: always
      sample: Success
    details:
      description: The server's summary text of the session. V(null) before API v6.
      type: str
      returned: always
      sample: "Transferred: 93.6 MB (1193 items) at 1.6 MB/s (20 items/s)"
    retry_count:
      description: Order number of the retry this session is (V(0) for the first run). V(null) before API v6.
      type: int
      returned: always
      sample: 0
    job_type:
      description: V(Backup) or V(Copy). V(null) before API v7.
      type: str
      returned: always
      sample: Backup
    job_will_be_retried:
      description: Whether the server will retry the job after this session. V(null) before API v7.
      type: bool
      returned: always
      sample: false
    job_session_config_type:
      description: V(Full) or V(Incremental). V(null) before API v8.
      type: str
      returned: always
      sample: Incremental
    main_session_id:
      description: For a retry session, the id of the session it retries. V(null) otherwise and before API v7.
      type: str
      returned: always
      sample: null
    repository_id:
      description: Id of the backup repository the session wrote to. V(null) before API v7.
      type: str
      returned: always
      sample: ce19de31-329d-4f0f-b85e-4424cc2e6821
    proxy_id:
      description: Id of the backup proxy that ran the session. V(null) before API v8.
      type: str
      returned: always
      sample: null
    proxy_pool_id:
      description: Id of the backup proxy pool that ran the session. V(null) before API v8.
      type: str
      returned: always
      sample: null
    e_tag:
      description: Version number of the session object, raised by the server on every change. V(null) before API
        v8.
      type: int
      returned: always
      sample: 17
    is_finished:
      description: Whether the session has finished, that is its status is neither V(Running) nor V(Queued).
      type: bool
      returned: always
      sample: true
    duration_seconds:
      description: How long the session ran, in seconds; V(null) while it runs.
      type: int
      returned: always
      sample: 58
    age_seconds:
      description: How long ago the session ended, in seconds, when the module read it; V(null) while it runs.
      type: int
      returned: always
      sample: 36000
    job_name:
      description:
        - Name of the job (a backup job or a backup copy job) the session belongs to, in every result.
        - The API's session object does not carry it, so the module reads the jobs once per task (none more when
          the task selected sessions by job).
        - V(null) only when the job no longer exists, and on API v5 for sessions of backup copy jobs, which v5
          cannot read.
      type: str
      returned: always
      sample: Exchange Online - Daily
    retry_expected_time:
      description:
        - When the server is expected to retry the job after this session (ISO 8601, UTC), that is its end plus
          the C(retry_wait_interval) of the job's schedule.
        - V(null) unless C(job_will_be_retried) is V(true) (API v7 and later) and the job's schedule says how long
          it waits. Before API v7 the API does not say whether a session will be retried.
      type: str
      returned: always
      sample: "2026-11-28T22:47:10Z"
    statistics:
      description: Statistics of the session. Every number is an integer, even when the server sends it as a
        string.
      type: dict
      returned: always
      contains:
        processing_rate_bytes_ps:
          description: Average processing speed, in bytes per second.
          type: int
          returned: always
          sample: 1683256
        processing_rate_items_ps:
          description: Average processing speed, in items per second.
          type: int
          returned: always
          sample: 20
        read_rate_bytes_ps:
          description: Average speed of reading data, in bytes per second.
          type: int
          returned: always
          sample: 5383429
        write_rate_bytes_ps:
          description: Average speed of writing data to the backup repository, in bytes per second.
          type: int
          returned: always
          sample: 26015396
        transferred_data_bytes:
          description: Amount of data transferred, in bytes.
          type: int
          returned: always
          sample: 98142970
        processed_objects:
          description: Number of items processed.
          type: int
          returned: always
          sample: 1193
        bottleneck:
          description:
            - The slowest stage of the data transfer, as the API spells it.
            - V(Source), V(Target), V(Detecting), or V(NA) (V(N/A) in old documentation).
          type: str
          returned: always
          sample: Source
    # end of generated
'''

from ansible_collections.vb365.backup.plugins.module_utils._runner import run_module
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._fanout import validate_max_concurrency
from ansible_collections.vb365.backup.plugins.module_utils import _gate, _preconditions
from ansible_collections.vb365.backup.plugins.module_utils._input import validate_guid, validate_names
from ansible_collections.vb365.backup.plugins.module_utils._session import JOB_TYPES, SESSION_STATUSES
from ansible_collections.vb365.backup.plugins.module_utils._session_reads import add_logs, read_sessions, selected_jobs
from ansible_collections.vb365.backup.plugins.module_utils._wait import validate_wait, wait_argument_spec

# Options that only say how the module talks to its caller: not rules, not passed on by the role.
CALLER_OPTIONS = ('variable_prefix', 'given_variables')
# Options for which null is a value (it switches the rule off), passed on by the role as null.
NULL_OPTIONS = ('max_age', 'max_failed_objects', 'max_warning_objects')


def argument_spec():
    spec = connection_argument_spec()
    spec.update(wait_argument_spec())
    spec.update(_preconditions.precondition_argument_spec())
    spec.update(
        id=dict(type='str'),
        job_name=dict(type='str'),
        job_id=dict(type='str'),
        job_names=dict(type='list', elements='str', default=[]),
        job_type=dict(type='str', choices=list(JOB_TYPES)),
        allowed_statuses=dict(type='list', elements='str', choices=list(SESSION_STATUSES), default=['Success']),
        allowed_bottlenecks=dict(type='list', elements='str', default=[]),
        forbidden_bottlenecks=dict(type='list', elements='str', default=[]),
        max_age=dict(type='raw', default='auto'),
        # raw, as max_age: null switches the rule off, and a role's argument spec refuses null for an int.
        max_failed_objects=dict(type='raw', default=0),
        max_warning_objects=dict(type='raw'),
        unknown_object_counts=dict(type='str', choices=['block', 'pass'], default='block'),
        start=dict(type='bool', default=False),
        max_concurrency=dict(type='int', default=8),
        log_items=dict(type='int', default=5),
        variable_prefix=dict(type='str', default=''),
        given_variables=dict(type='list', elements='str', default=[]),
    )
    return spec


def module_kwargs():
    return connection_module_kwargs()


def validate_params(params):
    """Every check on the gate's options, before any request: all that is wrong, in one message."""
    validate_connection_params(params)
    prefix = params['variable_prefix']
    problems = _gate.input_problems(params, prefix) + _preconditions.input_problems(params, prefix)
    if problems:
        raise Vb365InputError(' '.join(problems))
    for option in ('id', 'job_id'):
        if params[option]:
            params[option] = validate_guid(params[option], prefix + option)
    validate_names(params['job_names'] or None, prefix + 'job_names')
    validate_names([params['job_name']] if params['job_name'] else None, prefix + 'job_name')
    validate_max_concurrency(params['max_concurrency'])
    if params['log_items'] < 0:
        raise Vb365InputError('Invalid %slog_items %d: give 0 (no log) or more.' % (prefix, params['log_items']))
    validate_wait(dict(params, wait=True))


def start_selected_job(module, client, params):
    """Start the selected job unless it runs (not in check mode); the id of the run to judge, or None."""
    from ansible_collections.vb365.backup.plugins.module_utils._job_actions import start_unless_running

    job = selected_jobs(client, params, params['variable_prefix'])[0]
    changed, session = start_unless_running(client, job, check_mode=module.check_mode, warn=module.warn,
                                            session_needed=True)
    return changed, session['id'] if session else None


def run(module, client):
    params = module.params
    validate_params(params)
    prefix = params['variable_prefix']
    known = set(argument_spec()) - set(CALLER_OPTIONS)
    for warning in _gate.unknown_variables(params['given_variables'], known, prefix):
        module.warn(warning)

    changed, started = start_selected_job(module, client, params) if params['start'] else (False, None)
    try:
        sessions = read_sessions(client, _gate.read_plan(params, started), variable_prefix=prefix)
        rules = _gate.rules_of(params)
        counted = [session for session in sessions if _gate.objects_counted(session)]
        if _gate.object_rules_apply(rules) and counted:
            from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import add_processed_objects_to_all

            add_processed_objects_to_all(client, counted, _gate.LISTED_OBJECTS, params['max_concurrency'])
        blocked = _gate.blocked_sessions(sessions, rules, prefix)
        if params['log_items'] > 0 and blocked:
            add_logs(client, blocked[:_gate.LOGGED_SESSIONS], _gate.LOG_READ_LIMIT, params['max_concurrency'])
        # After the sessions and any wait: the server as it is when the play goes on. Nothing is read without a rule.
        preconditions = _preconditions.check(client, params, prefix, params['max_concurrency'])
    except Vb365Error as e:
        # A run the gate started is a change, even when reading or waiting for it failed.
        if changed:
            e.details.setdefault('changed', True)
        raise
    result = _gate.judgement(sessions, rules, params, prefix, preconditions)
    result.update(changed=changed, sessions=sessions, max_age=rules['max_age'], api_version=client.api_version,
                  preconditions=preconditions)
    return result


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
