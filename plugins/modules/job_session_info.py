#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: job_session_info
short_description: Read backup job sessions from Veeam Backup for Microsoft 365
version_added: 1.0.0
description:
  - Reads backup job sessions through the Veeam Backup for Microsoft 365 (VB365) REST API, versions v5 to v8.
  - Selects one session by O(id), the newest session of a job (O(job_name) or O(job_id) with O(latest=true)),
    or lists sessions that match filters, newest first.
  - Returns every session in the same shape on every API version, so that a play can decide whether the last
    backup worked before it patches, upgrades or deletes anything. It can wait for a running session to finish.
  - Filters the server supports in the version used are sent to the server; every filter is applied again by the
    module, so the result is the same on every version.
author:
  - vb365.backup maintainers (@vb365)
options:
  id:
    description:
      - Id (a GUID) of the job session to read. The session is returned as RV(job_session).
      - Cannot be combined with the options that select or filter sessions.
    type: str
    aliases: [session_id]
  job_id:
    description:
      - Only sessions of the job with this id (a GUID).
      - Mutually exclusive with O(id) and O(job_name).
    type: str
  job_name:
    description:
      - Only sessions of the job with this name. An exact match wins; otherwise a match that differs only in
        letter case is used if there is only one.
      - Backup jobs and backup copy jobs (API v6 and later; API v5 has no copy jobs) alike.
      - An unknown name fails and lists the closest job names; a name that several jobs share (a backup job and a
        backup copy job, say) fails and names them, to use in O(job_id), or O(job_type) to choose the kind.
      - Mutually exclusive with O(id) and O(job_id).
    type: str
  job_names:
    description:
      - Only sessions of the jobs with these names (each found as O(job_name) is).
      - Mostly useful with O(latest_per_job=true), to check several jobs in one task.
      - Mutually exclusive with O(id), O(job_id) and O(job_name).
    type: list
    elements: str
  status:
    description:
      - Only sessions with one of these statuses.
    type: list
    elements: str
    choices: [Success, Warning, Failed, Running, Queued, Stopped, Disconnected, NotConfigured]
  job_type:
    description:
      - Only sessions of backup jobs (V(Backup)) or of backup copy jobs (V(Copy)).
      - API v5 and v6 do not say the type of a session; there, this filter keeps every session.
      - With O(job_name), O(job_names) or O(job_id), the job is looked for only among jobs of this type, which is how to
        select one of a backup job and a backup copy job that share a name.
    type: str
    choices: [Backup, Copy]
  created_after:
    description:
      - Only sessions that started at or after this time.
      - An ISO 8601 date and time such as V(2026-11-27T22:00:00Z) (UTC when no offset is given), or a duration
        meaning that long ago, such as V(26h), V(90m), V(7d) or a number of seconds.
    type: str
  created_before:
    description:
      - Only sessions that started at or before this time. Same forms as O(created_after).
    type: str
  ended_after:
    description:
      - Only sessions that ended at or after this time. Same forms as O(created_after).
      - Sessions still running have not ended, so they never match.
    type: str
  ended_before:
    description:
      - Only sessions that ended at or before this time. Same forms as O(created_after).
      - Sessions still running have not ended, so they never match.
    type: str
  latest:
    description:
      - Return only the newest matching session, as RV(job_session) (V(null) when none matches).
      - Without it, the matching sessions are returned as the list RV(job_sessions).
    type: bool
    default: false
  latest_per_job:
    description:
      - Return the newest matching session of each selected job (O(job_names), O(job_name) or O(job_id), or every job
        when none is given) as the list RV(job_sessions), one element per job that has a matching session.
      - Costs at most one request per job (plus one to find the jobs and one listing page), however many sessions the
        server holds. With more jobs than O(max_concurrency), one page of the server's newest sessions is read first;
        it settles every job whose newest matching session it holds, and only the other jobs are read one by one.
      - The per-job reads run in parallel, at most O(max_concurrency) at a time; the result keeps the order of the jobs.
      - Mutually exclusive with O(latest) and O(limit).
    type: bool
    default: false
  max_concurrency:
    description:
      - With O(latest_per_job=true), how many requests may be in flight at once, from V(1) (one job after another)
        to V(8). The same limit holds for the reads of O(include_log=true) and O(include_processed_objects=true), one
        per returned session.
      - Lower it for a server that is busy or shared by many tenants; each request keeps the O(timeout) and
        O(retries) of a single read.
    type: int
    default: 8
    version_added: 1.1.0
  limit:
    description:
      - When listing, return at most this many sessions (the newest ones). V(0) returns them all.
      - The module reads only as many pages as it needs, so a small limit stays fast on a server with many sessions.
    type: int
    default: 0
  wait:
    description:
      - Wait until the selected session has finished (it is no longer V(Running) or V(Queued)), and return it then.
      - Needs sessions to wait for, selected by O(id), O(latest=true) or O(latest_per_job=true). With
        O(latest_per_job=true) it waits for each in turn, all within one O(wait_timeout).
      - A session that ended V(Failed) or V(Warning) and that the server will retry by itself (C(job_will_be_retried),
        API v7 and later) is not the job's last word; the module waits for the retry session too, within the same
        O(wait_timeout), and returns it; its C(main_session_id) is the session it retried. API v5 and v6 do not say
        whether a session will be retried, so there the failed session is returned.
      - Without it, a running session is returned as it is.
    type: bool
    default: false
  include_log:
    description:
      - Add the log items of each returned session as its C(log) field.
      - A log the server does not let the module read (HTTP 403 for a restricted operator, 404, a timeout) does not
        fail the task; that session's C(log_error) says why its log is missing.
    type: bool
    default: false
  log_limit:
    description:
      - With O(include_log), at most this many log items per session (the first ones). V(0) returns them all.
    type: int
    default: 100
  include_processed_objects:
    description:
      - Add to each returned session which objects (users, groups, sites, teams) it processed and how each ended, in
        C(processed_objects_summary) (the counts, in all and per type), C(processed_objects) (the objects that did
        not succeed), C(processed_objects_truncated), C(processed_objects_source) and C(processed_objects_error).
      - API v7 and later list the objects of a session (read over every page, 10,000 a page; only the counts and the
        first O(processed_objects_limit) problems are kept). API v5 and v6 do not; there the counts are an estimate
        from the session's log, its error and warning items (C(processed_objects_source=log_items)).
      - A list the server does not let the module read does not fail the task; C(processed_objects_error) says why.
      - One read per session (more for a session of more than 10,000 objects), side by side within
        O(max_concurrency).
    type: bool
    default: false
    version_added: 1.1.0
  processed_objects_limit:
    description:
      - With O(include_processed_objects), at most this many objects that did not succeed per session, in the order
        the server lists them. V(0) lists none (the counts only).
    type: int
    default: 100
    version_added: 1.1.0
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.wait
  - vb365.backup.attributes
  - vb365.backup.attributes.info_module
  - vb365.backup.attributes.action_group
seealso:
  - name: Getting Backup Job Session by Session ID (VB365 REST API v5)
    description: The API resource this module reads.
    link: https://helpcenter.veeam.com/archive/vbo365/50/rest/get_jobsessions_id.html
'''

EXAMPLES = r'''
- name: Read one job session (credentials from the VB365_* environment variables)
  vb365.backup.job_session_info:
    id: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
  register: result

- name: Show its status and bottleneck
  ansible.builtin.debug:
    msg: "{{ result.job_session.status }} / {{ result.job_session.statistics.bottleneck }}"

- name: Read a session with every connection option given, trusting a private CA
  vb365.backup.job_session_info:
    server: vb365.example.com
    port: 4443
    username: CORP\vbo-admin
    password: "{{ vault_vb365_password }}"
    ca_path: /etc/pki/vb365-ca.pem
    api_version: v8
    id: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
  register: result

- name: Set the connection once for many tasks
  module_defaults:
    group/vb365.backup.vb365:
      server: vb365.example.com
      username: CORP\vbo-admin
      password: "{{ vault_vb365_password }}"
      ca_path: /etc/pki/vb365-ca.pem
  block:
    - name: List the ten newest job sessions
      vb365.backup.job_session_info:
        limit: 10
      register: newest

    - name: Print their statuses
      ansible.builtin.debug:
        msg: "{{ newest.job_sessions | map(attribute='status') | list }}"

    - name: Read the newest session of a job, with its first log items
      vb365.backup.job_session_info:
        job_name: Exchange Online - Daily
        job_type: Backup
        latest: true
        include_log: true
        log_limit: 5
      register: last_exchange

    - name: List every failed or warning session of the last day
      vb365.backup.job_session_info:
        status: [Failed, Warning]
        created_after: 24h
      register: troubled

    - name: The newest session of a backup copy job (API v6 and later)
      vb365.backup.job_session_info:
        job_name: Exchange Online - Copy to Object Storage
        latest: true
      register: last_copy

    - name: Wait for tonight's run of a job to finish, then show how it went
      vb365.backup.job_session_info:
        job_name: SharePoint - Daily
        latest: true
        wait: true
        wait_timeout: 7200
        wait_interval: 30
      register: tonight

    - name: Report
      ansible.builtin.debug:
        msg: "{{ tonight.job_session.job_name }} ended {{ tonight.job_session.status }} after {{ tonight.job_session.duration_seconds }} s"
'''

RETURN = r'''
api_version:
  description: The REST API version the module used (the one it negotiated when O(api_version=auto)).
  returned: success
  type: str
  sample: v8
job_session:
  description:
  - The job session selected by O(id), in the same shape on every API version.
  - Fields that an API version does not have are V(null).
  returned: when O(id) or O(latest=true) is given
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
    # generated from _shapes.SESSION_LOG by make generate: edit the shape, not these lines
    log_error:
      description:
        - Why the session's log could not be read, as the server said it (for example an account that may read
          sessions but not their logs gets C(HTTP 403)); V(null) when it was read.
        - An unreadable log never fails the task; RV(job_session.log) is then empty (or holds the items read
          before the failure).
      type: str
      returned: when O(include_log=true)
      sample: null
    log:
      description: The session's log items, oldest first, at most O(log_limit) of them. The same keys on every API
        version.
      type: list
      returned: when O(include_log=true)
      elements: dict
      contains:
        id:
          description: Id of the log item.
          type: str
          returned: always
          sample: 0d6f4c1e-2b7a-4d55-9a0e-51a1c3b8e0f2
        usn:
          description: Order number of the log item within the session.
          type: int
          returned: always
          sample: 3
        type:
          description: V(Success), V(Warning), V(Error), V(Running) or V(Stop); taken from the title before API
            v8.
          type: str
          returned: always
          sample: Warning
        message:
          description: The text of the log item; taken from the title before API v8.
          type: str
          returned: always
          sample: Processing mailbox anna@example.com finished with warning
        title:
          description: The type in brackets followed by the message, as API v5 to v7 send it.
          type: str
          returned: always
          sample: "[Warning] Processing mailbox anna@example.com finished with warning"
        creation_time:
          description: When the log item was created.
          type: str
          returned: always
          sample: "2019-02-04T16:49:25.1234567Z"
        end_time:
          description: When the step it logs ended.
          type: str
          returned: always
          sample: "2019-02-04T16:50:20.1234567Z"
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
job_sessions:
  description:
  - The matching job sessions, newest first, at most O(limit) of them, when neither O(id) nor O(latest=true) is
    given.
  - With O(latest_per_job=true), the newest session of each selected job, in the order of the jobs.
  - Each element has the same fields as RV(job_session).
  returned: when neither O(id) nor O(latest=true) is given
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
    # generated from _shapes.SESSION_LOG by make generate: edit the shape, not these lines
    log_error:
      description:
        - Why the session's log could not be read, as the server said it (for example an account that may read
          sessions but not their logs gets C(HTTP 403)); V(null) when it was read.
        - An unreadable log never fails the task; RV(job_session.log) is then empty (or holds the items read
          before the failure).
      type: str
      returned: when O(include_log=true)
      sample: null
    log:
      description: The session's log items, oldest first, at most O(log_limit) of them. The same keys on every API
        version.
      type: list
      returned: when O(include_log=true)
      elements: dict
      contains:
        id:
          description: Id of the log item.
          type: str
          returned: always
          sample: 0d6f4c1e-2b7a-4d55-9a0e-51a1c3b8e0f2
        usn:
          description: Order number of the log item within the session.
          type: int
          returned: always
          sample: 3
        type:
          description: V(Success), V(Warning), V(Error), V(Running) or V(Stop); taken from the title before API
            v8.
          type: str
          returned: always
          sample: Warning
        message:
          description: The text of the log item; taken from the title before API v8.
          type: str
          returned: always
          sample: Processing mailbox anna@example.com finished with warning
        title:
          description: The type in brackets followed by the message, as API v5 to v7 send it.
          type: str
          returned: always
          sample: "[Warning] Processing mailbox anna@example.com finished with warning"
        creation_time:
          description: When the log item was created.
          type: str
          returned: always
          sample: "2019-02-04T16:49:25.1234567Z"
        end_time:
          description: When the step it logs ended.
          type: str
          returned: always
          sample: "2019-02-04T16:50:20.1234567Z"
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
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._input import validate_guid, validate_names
from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import (
    validate_limit as validate_processed_objects_limit,
)
from ansible_collections.vb365.backup.plugins.module_utils._session import JOB_TYPES, SESSION_STATUSES
from ansible_collections.vb365.backup.plugins.module_utils._session_reads import add_logs, read_sessions
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_point_in_time
from ansible_collections.vb365.backup.plugins.module_utils._wait import validate_wait, wait_argument_spec

TIME_OPTIONS = ('created_after', 'created_before', 'ended_after', 'ended_before')
FILTER_OPTIONS = ('status', 'job_type') + TIME_OPTIONS


def argument_spec():
    spec = connection_argument_spec()
    spec.update(wait_argument_spec())
    spec.update(
        id=dict(type='str', aliases=['session_id']),
        job_id=dict(type='str'),
        job_name=dict(type='str'),
        job_names=dict(type='list', elements='str'),
        status=dict(type='list', elements='str', choices=list(SESSION_STATUSES)),
        job_type=dict(type='str', choices=list(JOB_TYPES)),
        created_after=dict(type='str'),
        created_before=dict(type='str'),
        ended_after=dict(type='str'),
        ended_before=dict(type='str'),
        latest=dict(type='bool', default=False),
        latest_per_job=dict(type='bool', default=False),
        limit=dict(type='int', default=0),
        include_log=dict(type='bool', default=False),
        log_limit=dict(type='int', default=100),
        include_processed_objects=dict(type='bool', default=False),
        processed_objects_limit=dict(type='int', default=100),
        # _fanout.MAX_CONCURRENCY (a unit test keeps them equal), not imported: a read by id never fans out.
        max_concurrency=dict(type='int', default=8),
    )
    return spec


def module_kwargs():
    kwargs = connection_module_kwargs()
    kwargs['mutually_exclusive'] = [('id', 'job_id', 'job_name', 'job_names'), ('id', 'latest', 'latest_per_job'),
                                    ('id', 'limit'), ('latest_per_job', 'limit')] + [('id', option) for option in FILTER_OPTIONS]
    return kwargs


def validate_params(params):
    """Every check on the task's arguments but the time filters (``time_window`` parses those); before any request."""
    validate_connection_params(params)
    for option in ('id', 'job_id'):
        if params[option] is not None:
            params[option] = validate_guid(params[option], option)
    validate_names([params['job_name']] if params['job_name'] is not None else None, 'job_name')
    validate_names(params['job_names'], 'job_names')
    if params['job_names'] and len(params['job_names']) > 1 and not params['latest_per_job']:
        raise Vb365InputError('job_names selects several jobs: use it with latest_per_job=true.')
    validate_processed_objects_limit(params['processed_objects_limit'])
    for option in ('limit', 'log_limit'):
        if params[option] < 0:
            raise Vb365InputError('Invalid %s %d: give 0 (no limit) or a positive number.' % (option, params[option]))
    if params['max_concurrency'] != 8:
        from ansible_collections.vb365.backup.plugins.module_utils._fanout import validate_max_concurrency

        validate_max_concurrency(params['max_concurrency'])
    if params['wait']:
        if params['id'] is None and not (params['latest'] or params['latest_per_job']):
            raise Vb365InputError('wait needs sessions to wait for: give id, latest=true or latest_per_job=true.')
    validate_wait(params)


def time_window(params):
    """The time filters given (created_after, ...), each parsed to an aware datetime; refuses unreadable ones."""
    return dict((option, parse_point_in_time(params[option], option)) for option in TIME_OPTIONS
                if params[option] is not None)


def run(module, client):
    params = module.params
    validate_params(params)
    sessions = read_sessions(client, params, time_window(params))
    if params['include_log']:
        # One log read per session, fanned out like the reads of latest_per_job (a gate over many jobs).
        add_logs(client, sessions, params['log_limit'], params['max_concurrency'])
    if params['include_processed_objects']:
        from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import add_processed_objects_to_all

        add_processed_objects_to_all(client, sessions, params['processed_objects_limit'], params['max_concurrency'])
    result = dict(changed=False)
    if params['id'] is not None or params['latest']:
        result['job_session'] = sessions[0] if sessions else None
    else:
        result['job_sessions'] = sessions
    result['api_version'] = client.api_version
    return result


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
