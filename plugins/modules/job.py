#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: job
short_description: Start, stop, enable or disable a Veeam Backup for Microsoft 365 backup or backup copy job
version_added: 1.0.0
description:
  - Starts or stops a run of a backup job, or enables or disables the job, through the Veeam Backup for
    Microsoft 365 (VB365) REST API, versions v5 to v8. The module hides how the versions differ (v5's
    C(/action) request, v6 and later's C(/start), C(/stop), C(/enable) and C(/disable)).
  - Idempotent. Starting a job that is already running (its newest session is V(Running) or V(Queued)) does not
    start another run, and returns the running session with C(changed=false). Stopping a job that is not running,
    enabling an enabled job and disabling a disabled job change nothing.
  - With O(wait=true) it waits for the session it started (or stopped) to finish and returns it, so that the next
    tasks can judge it, for example with the role P(vb365.backup.job_session_gate#role).
  - A session that ends V(Failed) or V(Warning) does not fail the task. Check RV(job_session.status), or let the
    gate role decide.
  - Backup jobs and backup copy jobs alike (copy jobs, C(/CopyJobs), exist from API v6; API v5 has none).
  - With O(wait=true), a run that fails and that the server will retry by itself (its session says
    C(job_will_be_retried), API v7 and later) is not the last word; the module waits for the retry, within the same
    O(wait_timeout), and returns the retry session, whose C(main_session_id) is the run it retried.
author:
  - vb365.backup maintainers (@vb365)
options:
  id:
    description:
      - Id (a GUID) of the job.
      - Mutually exclusive with O(name); one of them is required.
    type: str
  name:
    description:
      - Name of the job. An exact match wins; otherwise a match that differs only in letter case is used if there
        is only one.
      - An unknown name fails and lists the closest job names; a name that several jobs share (a backup job and a
        backup copy job, say) fails and lists them, to use in O(id) or O(job_type).
      - Mutually exclusive with O(id); one of them is required.
    type: str
  job_type:
    description:
      - Look only among backup jobs (V(Backup)) or only among backup copy jobs (V(Copy), API v6 and later) for
        O(name) or O(id). Needed when a backup job and a copy job share a name.
      - Without it, both kinds are searched.
    type: str
    choices: [Backup, Copy]
    version_added: 1.1.0
  state:
    description:
      - V(started) starts a run of the job, unless it is already running. A disabled job cannot be started.
      - V(stopped) stops the job's running session, if there is one.
      - V(enabled) and V(disabled) enable or disable the job (its schedule), without starting or stopping a run.
    type: str
    required: true
    choices: [started, stopped, enabled, disabled]
  full:
    description:
      - With O(state=started), run an active full backup instead of the job's usual incremental run.
      - Needs API v6 or later; API v5 cannot ask for it, and the task fails there rather than run an incremental.
      - A job that is already running is left as it is, whatever kind of run it is.
    type: bool
    default: false
  wait:
    description:
      - With O(state=started) or O(state=stopped), wait until the session the task started, found running or
        stopped has finished (it is no longer V(Running) or V(Queued)), and return it then as RV(job_session).
      - In check mode the module waits only when it would change nothing (a job already running and
        O(state=started)), because waiting only reads.
    type: bool
    default: false
  include_processed_objects:
    description:
      - With O(wait=true), add to the finished session which objects (users, groups, sites, teams) it processed and how
        each ended, as M(vb365.backup.job_session_info) does with
        O(vb365.backup.job_session_info#module:include_processed_objects) (API v7 and later; an estimate from the log
        on API v5 and v6).
    type: bool
    default: false
    version_added: 1.1.0
  processed_objects_limit:
    description:
      - With O(include_processed_objects), at most this many objects that did not succeed, in the order the server
        lists them. V(0) lists none (the counts only).
    type: int
    default: 100
    version_added: 1.1.0
notes:
  - Before API v8 the server does not say which session a start created. The module finds it by comparing the
    job's newest sessions before and after the start, for up to 60 seconds; it never takes "whatever session is
    newest".
  - A start or stop that the server refuses (for example a run that began between the module's read and its
    request, V(OperationConflict) on API v8) fails the task with the server's message and the job's name.
  - Starting and stopping are sent once and never retried, so that a lost answer cannot start two runs.
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.wait
  - vb365.backup.attributes
  - vb365.backup.attributes.action_group
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Reads the job and its sessions and reports whether it would change anything; sends no start, stop, enable
        or disable request.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
seealso:
  - module: vb365.backup.job_info
  - module: vb365.backup.job_session_info
  - name: Starting a backup job (VB365 REST API v8)
    description: The API resource this module posts to on API v8.
    link: https://helpcenter.veeam.com/docs/vbo365/rest/post_jobs_id_start.html
'''

EXAMPLES = r'''
- name: Start a backup job now (credentials from the VB365_* environment variables)
  vb365.backup.job:
    name: Exchange Online - Daily
    # A backup copy job has the same name: say which kind is meant.
    job_type: Backup
    state: started

- name: Run an active full backup and wait for it (API v6 or later)
  vb365.backup.job:
    id: b20cedd4-66b2-49b1-86de-a575dc67e83b
    state: started
    full: true
    wait: true
    wait_timeout: 14400
    wait_interval: 60
  register: full_run

- name: Say how it went
  ansible.builtin.debug:
    msg: "{{ full_run.job_session.job_session_config_type }} run {{ full_run.job_session.status }} in {{ full_run.job_session.duration_seconds }} s"

- name: Stop a run that takes too long
  vb365.backup.job:
    name: SharePoint - Daily
    state: stopped

- name: Keep a job from running on its schedule during maintenance
  vb365.backup.job:
    name: Teams - Daily
    state: disabled

- name: And let it run again afterwards
  vb365.backup.job:
    name: Teams - Daily
    state: enabled


# A complete playbook (back up, wait, gate, patch) is in the collection's gating guide.
'''

RETURN = r'''
api_version:
  description: The REST API version the module used (the one it negotiated when O(api_version=auto)).
  returned: success
  type: str
  sample: v8
job:
  description:
  - The job, as M(vb365.backup.job_info) returns it, read again after the change (and after the wait).
  - In check mode, the job as it is, since nothing was changed.
  returned: success
  type: dict
  contains:
    # generated from _shapes.JOB by make generate: edit the shape, not these lines
    id:
      description: Id of the job.
      type: str
      returned: always
      sample: b20cedd4-66b2-49b1-86de-a575dc67e83b
    name:
      description: Name of the job.
      type: str
      returned: always
      sample: Exchange Online - Daily
    description:
      description: Description of the job.
      type: str
      returned: always
      sample: Mailboxes and archives, every night
    is_enabled:
      description: Whether the job is enabled.
      type: bool
      returned: always
      sample: true
    backup_type:
      description: V(EntireOrganization) or V(SelectedItems).
      type: str
      returned: always
      sample: SelectedItems
    last_status:
      description: Status of the job's last session, spelled as the API spells it (see
        M(vb365.backup.job_session_info)).
      type: str
      returned: always
      sample: Success
    last_run:
      description: When the job last ran (ISO 8601), V(null) if never.
      type: str
      returned: always
      sample: "2026-11-27T22:00:03.1234567Z"
    next_run:
      description: When the job runs next (ISO 8601), V(null) if it is not scheduled (also while it is disabled).
      type: str
      returned: always
      sample: "2026-11-28T22:00:00Z"
    last_backup:
      description: When the job last backed up successfully (ISO 8601). V(null) before API v7.
      type: str
      returned: always
      sample: "2026-11-27T22:14:41.7654321Z"
    organization_id:
      description: Id of the organization the job backs up. V(null) before API v8.
      type: str
      returned: always
      sample: a21a5622-7fb2-49ec-b2b2-393da59fbed2
    repository_id:
      description: Id of the backup repository of the job. V(null) where the API version does not say.
      type: str
      returned: always
      sample: ce19de31-329d-4f0f-b85e-4424cc2e6821
    job_type:
      description: V(Backup) for a backup job, V(Copy) for a backup copy job (API v6 and later), the same words as
        a session's C(job_type).
      type: str
      returned: always
      sample: Backup
    retry_wait_interval:
      description:
        - Minutes the job's schedule waits before it retries a failed run by itself (C(retryWaitInterval)).
        - V(null) when the schedule does not retry failed runs, and for backup copy jobs, whose schedules have no
          retry.
      type: int
      returned: always
      sample: 10
    # end of generated
job_session:
  description:
  - With O(state=started), the session the task started, or the session that was already running. V(null) in check
    mode when the module would start a run, and when a started session did not show up within 60 seconds (a warning
    says so).
  - With O(state=stopped), the session the task stopped, read again after the stop; when nothing was running, the
    job's newest session (V(null) if the job never ran). In check mode, the running session as it is.
  - With O(wait=true), as it was when it finished.
  - The same fields as RV(vb365.backup.job_session_info#module:job_session), in the same shape on every API version;
    fields an API version does not have are V(null). C(job_name) is the job's name.
  returned: when O(state=started) or O(state=stopped)
  type: dict
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
    # generated from _shapes.SESSION_OBJECTS by make generate: edit the shape, not these lines
    processed_objects_summary:
      description:
        - How many objects the session processed, and how many ended Success, Warning, Failed, read over every
          page of the session's processed objects (API v7 and later).
        - On API v5 and v6, an estimate from the session's log (RV(ignore:processed_objects_source=log_items)).
        - V(null) when neither could be read (RV(ignore:processed_objects_error) says why).
      type: dict
      returned: when O(include_processed_objects=true)
      contains:
        total:
          description: How many objects the session processed. V(null) for the estimate from the log.
          type: int
          returned: always
          sample: 1200
        success:
          description: How many succeeded. V(null) for the estimate from the log.
          type: int
          returned: always
          sample: 1195
        warning:
          description:
            - How many ended with a warning.
            - "From the log (API v5, v6): how many log items are warnings, an estimate (log items are not objects;
              the lines about the whole session, C(Job finished ...), are not counted)."
          type: int
          returned: always
          sample: 2
        failed:
          description:
            - How many failed.
            - "From the log (API v5, v6): how many log items are errors, an estimate (the lines about the whole
              session, C(Job finished ...), are not counted)."
          type: int
          returned: always
          sample: 3
        by_type:
          description:
            - The same counts (C(total), C(success), C(warning), C(failed)) per object type, keyed by the type as
              the API spells it (V(User), V(Group), V(Site), V(Team)). V(null) for the estimate from the log.
          type: dict
          returned: always
          sample:
            User:
              total: 1100
              success: 1098
              warning: 1
              failed: 1
            Site:
              total: 100
              success: 97
              warning: 1
              failed: 2
    processed_objects:
      description:
        - The objects that did not succeed, in the order the server lists them, at most O(processed_objects_limit)
          of them. Empty for the estimate from the log.
      type: list
      returned: when O(include_processed_objects=true)
      elements: dict
      contains:
        id:
          description: Id of the object (a user, group, site or team), as the session lists it.
          type: str
          returned: always
          sample: 3f2b1c9a-7e6d-4c5b-8a49-0123456789ab
        type:
          description: V(User), V(Group), V(Site) or V(Team), as the API spells it.
          type: str
          returned: always
          sample: User
        status:
          description: V(Warning) or V(Failed) (or a status a newer server adds).
          type: str
          returned: always
          sample: Failed
        name:
          description: "Name of the object: V(null), the API does not give it with the list."
          type: str
          returned: always
          sample: null
    processed_objects_truncated:
      description: Whether more objects did not succeed than RV(ignore:processed_objects) holds.
      type: bool
      returned: when O(include_processed_objects=true)
      sample: false
    processed_objects_source:
      description:
        - "Where the counts come from: V(processed_objects) (API v7 and later), V(log_items) (API v5 and v6: an
          estimate), or V(null) when neither could be read."
      type: str
      returned: when O(include_processed_objects=true)
      sample: processed_objects
    processed_objects_error:
      description:
        - Why the processed objects (or, on API v5 and v6, the log) could not be read, as the server said it;
          V(null) when they were. An unreadable list never fails the task.
      type: str
      returned: when O(include_processed_objects=true)
      sample: null
    # end of generated
'''

from ansible_collections.vb365.backup.plugins.module_utils._runner import run_module
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._input import validate_guid
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._job_actions import (
    perform,
    recent_sessions,
    running_session,
    start_unless_running,
)
from ansible_collections.vb365.backup.plugins.module_utils._jobs import get_job, select_jobs
from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import (
    validate_limit as validate_processed_objects_limit,
)
from ansible_collections.vb365.backup.plugins.module_utils._session import JOB_TYPES, normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._wait import validate_wait, wait_argument_spec, wait_for_session

STATES = ('started', 'stopped', 'enabled', 'disabled')


def argument_spec():
    spec = connection_argument_spec()
    spec.update(wait_argument_spec())
    spec.update(
        id=dict(type='str'),
        name=dict(type='str'),
        state=dict(type='str', required=True, choices=list(STATES)),
        full=dict(type='bool', default=False),
        job_type=dict(type='str', choices=list(JOB_TYPES)),
        include_processed_objects=dict(type='bool', default=False),
        processed_objects_limit=dict(type='int', default=100),
    )
    return spec


def module_kwargs():
    kwargs = connection_module_kwargs()
    kwargs['mutually_exclusive'] = [('id', 'name')]
    kwargs['required_one_of'] = kwargs['required_one_of'] + [('id', 'name')]
    return kwargs


def validate_params(params):
    """Every check on the task's arguments, done before any request is sent."""
    validate_connection_params(params)
    if params['id'] is not None:
        params['id'] = validate_guid(params['id'], 'id')
    if params['name'] is not None and not params['name'].strip():
        raise Vb365InputError('Invalid name: it is empty.')
    if params['include_processed_objects'] and not params['wait']:
        raise Vb365InputError('include_processed_objects needs wait=true: a session\'s objects are read once it has '
                              'finished.')
    validate_processed_objects_limit(params['processed_objects_limit'])
    if params['full'] and params['state'] != 'started':
        raise Vb365InputError('full=true only applies to state=started.')
    if params['wait']:
        if params['state'] not in ('started', 'stopped'):
            raise Vb365InputError('wait only applies to state=started and state=stopped: enabling or disabling a job '
                                  'runs nothing to wait for.')
    validate_wait(params)


def ensure_started(module, client, job):
    """Start a run unless one is going on; return (changed, the session the task is about)."""
    return start_unless_running(client, job, module.params['full'], module.check_mode, module.warn,
                                session_needed=module.params['wait'])


def ensure_stopped(module, client, job):
    """Stop the running session, if any; return (changed, the session read again, or the job's newest session)."""
    before = recent_sessions(client, job)
    running = running_session(before)
    if running is None:
        return False, before[0] if before else None
    perform(client, job, 'stop', check_mode=module.check_mode)
    if module.check_mode:
        return True, running
    try:
        return True, normalize_session(client.get_object('JobSessions/%s' % running['id']), job_name=job['name'])
    except Vb365Error as e:
        # The stop was sent: a failure to read the session afterwards still reports the change.
        e.details.setdefault('changed', True)
        raise


def ensure_enabled(module, client, job, enabled):
    """Enable or disable the job unless it already is; return (changed, None): no session is involved."""
    if job['is_enabled'] is enabled:
        return False, None
    perform(client, job, 'enable' if enabled else 'disable', check_mode=module.check_mode)
    return True, None


def apply_state(module, client, job):
    """Bring the job to the state asked for; return (changed, the session the task is about, or None)."""
    state = module.params['state']
    if state in ('enabled', 'disabled'):
        return ensure_enabled(module, client, job, state == 'enabled')
    ensure = ensure_started if state == 'started' else ensure_stopped
    return ensure(module, client, job)


def should_wait(module, changed, session):
    """Whether to wait for ``session``: asked to, and it is a real, unfinished session."""
    # In check mode, what the task would have started or stopped does not exist: there is nothing to wait for.
    return bool(module.params['wait'] and session is not None and not session['is_finished']
                and not (module.check_mode and changed))


def run(module, client):
    params = module.params
    validate_params(params)
    job = select_jobs(client, job_id=params['id'], names=[params['name']] if params['id'] is None else None,
                      job_type=params['job_type'])[0]
    changed, session = apply_state(module, client, job)
    try:
        waited = should_wait(module, changed, session)
        if waited:
            session = wait_for_session(client, session, params['wait_timeout'], params['wait_interval'],
                                       job_name=job['name'], follow_retries=True)
        if params['include_processed_objects'] and session is not None:
            from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import add_processed_objects

            add_processed_objects(client, session, params['processed_objects_limit'])
        # The job's status and last run follow its sessions: read it again after a change or a wait.
        if (changed and not module.check_mode) or waited:
            job = get_job(client, job['id'], job['job_type'])
    except Vb365Error as e:
        # A failure after the server changed (a wait that timed out, say) must still report the change.
        if changed and not module.check_mode:
            e.details.setdefault('changed', True)
        raise
    result = dict(changed=changed, job=job, api_version=client.api_version)
    if params['state'] in ('started', 'stopped'):
        result['job_session'] = session
    return result


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
