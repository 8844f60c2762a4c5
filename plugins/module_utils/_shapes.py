# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The shapes the modules return: every field of a session, a job, a log item, with its documentation.

Each shape is the one list of its fields. The normalisers (``_session``, ``_jobs``) build their
dicts from it, in its order, and ``make generate`` (``tools/generate.py``) writes the
``contains`` of every RETURN block that returns the shape from it, between the lines
``# generated from _shapes.<SHAPE> ...`` and ``# end of generated``. A field that the API sends
has its API key (``api``); a field the collection derives has none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class Field(object):
    """One returned key: its name, the API key it comes from (None when derived), its type and documentation.

    ``description`` is a string or a list of strings in Ansible's markup; ``returned``, ``elements``
    and ``contains`` (another shape) are as in a RETURN block.
    """

    __slots__ = ('key', 'api', 'type', 'description', 'sample', 'returned', 'elements', 'contains')

    def __init__(self, key, api, type, description, sample=None, returned='always', elements=None, contains=None):
        self.key = key
        self.api = api
        self.type = type
        self.description = description
        self.sample = sample
        self.returned = returned
        self.elements = elements
        self.contains = contains


def api_keys(shape):
    """(returned key, API key) of every field of ``shape`` that the API sends, in order."""
    return tuple((field.key, field.api) for field in shape if field.api)


# A session's statistics: every number an integer, even when the server sends it as a string.
STATISTICS = (
    Field('processing_rate_bytes_ps', 'processingRateBytesPS', 'int',
          'Average processing speed, in bytes per second.',
          sample=1683256),
    Field('processing_rate_items_ps', 'processingRateItemsPS', 'int',
          'Average processing speed, in items per second.',
          sample=20),
    Field('read_rate_bytes_ps', 'readRateBytesPS', 'int',
          'Average speed of reading data, in bytes per second.',
          sample=5383429),
    Field('write_rate_bytes_ps', 'writeRateBytesPS', 'int',
          'Average speed of writing data to the backup repository, in bytes per second.',
          sample=26015396),
    Field('transferred_data_bytes', 'transferredDataBytes', 'int',
          'Amount of data transferred, in bytes.',
          sample=98142970),
    Field('processed_objects', 'processedObjects', 'int',
          'Number of items processed.',
          sample=1193),
    Field('bottleneck', None, 'str',
          ['The slowest stage of the data transfer, as the API spells it.',
           'V(Source), V(Target), V(Detecting), or V(NA) (V(N/A) in old documentation).'],
          sample='Source'),
)


# A job session, the same keys on every API version (null where a version lacks the field).
SESSION = (
    Field('id', 'id', 'str',
          'Id of the job session.',
          sample='a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'),
    Field('job_id', 'jobId', 'str',
          ['Id of the job the session belongs to.',
           "From the session's C(jobId) on API v8, parsed from its link to the job on older versions."],
          sample='b20cedd4-66b2-49b1-86de-a575dc67e83b'),
    Field('creation_time', 'creationTime', 'str',
          'When the session started (ISO 8601, as the server sends it).',
          sample='2019-02-04T16:49:22.8529769Z'),
    Field('end_time', 'endTime', 'str',
          'When the session ended (ISO 8601, as the server sends it); V(null) while it runs.',
          sample='2019-02-04T16:50:21.3024288Z'),
    Field('progress', 'progress', 'int',
          'Number of objects processed so far (not a percentage).',
          sample=1),
    Field('status', 'status', 'str',
          ['Status of the session, spelled as the API spells it.',
           'One of V(Success), V(Warning), V(Failed), V(Running), V(Queued), V(Stopped), V(Disconnected), '
           'V(NotConfigured). Values a newer server adds are passed through unchanged.'],
          sample='Success'),
    Field('details', 'details', 'str',
          "The server's summary text of the session. V(null) before API v6.",
          sample='Transferred: 93.6 MB (1193 items) at 1.6 MB/s (20 items/s)'),
    Field('retry_count', 'retryCount', 'int',
          'Order number of the retry this session is (V(0) for the first run). V(null) before API v6.',
          sample=0),
    Field('job_type', 'jobType', 'str',
          'V(Backup) or V(Copy). V(null) before API v7.',
          sample='Backup'),
    Field('job_will_be_retried', 'jobWillBeRetried', 'bool',
          'Whether the server will retry the job after this session. V(null) before API v7.',
          sample=False),
    Field('job_session_config_type', 'jobSessionConfigType', 'str',
          'V(Full) or V(Incremental). V(null) before API v8.',
          sample='Incremental'),
    Field('main_session_id', 'mainSessionId', 'str',
          'For a retry session, the id of the session it retries. V(null) otherwise and before API v7.'),
    Field('repository_id', 'repositoryId', 'str',
          'Id of the backup repository the session wrote to. V(null) before API v7.',
          sample='ce19de31-329d-4f0f-b85e-4424cc2e6821'),
    Field('proxy_id', 'proxyId', 'str',
          'Id of the backup proxy that ran the session. V(null) before API v8.'),
    Field('proxy_pool_id', 'proxyPoolId', 'str',
          'Id of the backup proxy pool that ran the session. V(null) before API v8.'),
    Field('e_tag', 'eTag', 'int',
          'Version number of the session object, raised by the server on every change. V(null) before API v8.',
          sample=17),
    Field('is_finished', None, 'bool',
          'Whether the session has finished, that is its status is neither V(Running) nor V(Queued).',
          sample=True),
    Field('duration_seconds', None, 'int',
          'How long the session ran, in seconds; V(null) while it runs.',
          sample=58),
    Field('age_seconds', None, 'int',
          'How long ago the session ended, in seconds, when the module read it; V(null) while it runs.',
          sample=36000),
    Field('job_name', None, 'str',
          ['Name of the job (a backup job or a backup copy job) the session belongs to, in every result.',
           "The API's session object does not carry it, so the module reads the jobs once per task (none more when "
           'the task selected sessions by job).',
           'V(null) only when the job no longer exists, and on API v5 for sessions of backup copy jobs, which v5 '
           'cannot read.'],
          sample='Exchange Online - Daily'),
    Field('retry_expected_time', None, 'str',
          ['When the server is expected to retry the job after this session (ISO 8601, UTC), that is its end plus '
           "the C(retry_wait_interval) of the job's schedule.",
           "V(null) unless C(job_will_be_retried) is V(true) (API v7 and later) and the job's schedule says how long "
           'it waits. Before API v7 the API does not say whether a session will be retried.'],
          sample='2026-11-28T22:47:10Z'),
    Field('statistics', 'statistics', 'dict',
          'Statistics of the session. Every number is an integer, even when the server sends it as a string.',
          contains=STATISTICS),
)


# One log item of a session, the same keys on every API version.
LOG_ITEM = (
    Field('id', 'id', 'str',
          'Id of the log item.',
          sample='0d6f4c1e-2b7a-4d55-9a0e-51a1c3b8e0f2'),
    Field('usn', 'usn', 'int',
          'Order number of the log item within the session.',
          sample=3),
    Field('type', None, 'str',
          'V(Success), V(Warning), V(Error), V(Running) or V(Stop); taken from the title before API v8.',
          sample='Warning'),
    Field('message', None, 'str',
          'The text of the log item; taken from the title before API v8.',
          sample='Processing mailbox anna@example.com finished with warning'),
    Field('title', None, 'str',
          'The type in brackets followed by the message, as API v5 to v7 send it.',
          sample='[Warning] Processing mailbox anna@example.com finished with warning'),
    Field('creation_time', 'creationTime', 'str',
          'When the log item was created.',
          sample='2019-02-04T16:49:25.1234567Z'),
    Field('end_time', 'endTime', 'str',
          'When the step it logs ended.',
          sample='2019-02-04T16:50:20.1234567Z'),
)


# What include_log adds to a session.
SESSION_LOG = (
    Field('log_error', None, 'str',
          ["Why the session's log could not be read, as the server said it (for example an account that may read "
           'sessions but not their logs gets C(HTTP 403)); V(null) when it was read.',
           'An unreadable log never fails the task; RV(job_session.log) is then empty (or holds the items read '
           'before the failure).'],
          returned='when O(include_log=true)'),
    Field('log', None, 'list',
          "The session's log items, oldest first, at most O(log_limit) of them. The same keys on every API version.",
          returned='when O(include_log=true)', elements='dict', contains=LOG_ITEM),
)


# The counts of a session's processed objects (API v7 and later), or the estimate from its log (v5, v6).
OBJECT_COUNTS = (
    Field('total', None, 'int', 'How many objects the session processed. V(null) for the estimate from the log.',
          sample=1200),
    Field('success', None, 'int', 'How many succeeded. V(null) for the estimate from the log.', sample=1195),
    Field('warning', None, 'int',
          ['How many ended with a warning.',
           'From the log (API v5, v6): how many log items are warnings, an estimate (log items are not objects).'],
          sample=2),
    Field('failed', None, 'int',
          ['How many failed.',
           'From the log (API v5, v6): how many log items are errors, an estimate that counts the session\'s own '
           'summary line too.'],
          sample=3),
    Field('by_type', None, 'dict',
          ['The same counts (C(total), C(success), C(warning), C(failed)) per object type, keyed by the type as the API '
           'spells it (V(User), V(Group), V(Site), V(Team)). V(null) for the estimate from the log.'],
          sample={'User': {'total': 1100, 'success': 1098, 'warning': 1, 'failed': 1},
                  'Site': {'total': 100, 'success': 97, 'warning': 1, 'failed': 2}}),
)

# One processed object that did not succeed.
PROCESSED_OBJECT = (
    Field('id', 'id', 'str', 'Id of the object (a user, group, site or team), as the session lists it.',
          sample='3f2b1c9a-7e6d-4c5b-8a49-0123456789ab'),
    Field('type', 'type', 'str', 'V(User), V(Group), V(Site) or V(Team), as the API spells it.', sample='User'),
    Field('status', 'status', 'str', 'V(Warning) or V(Failed) (or a status a newer server adds).', sample='Failed'),
    Field('name', None, 'str', 'Name of the object: V(null), the API does not give it with the list.'),
)

# What include_processed_objects adds to a session.
SESSION_OBJECTS = (
    Field('processed_objects_summary', None, 'dict',
          ['How many objects the session processed, and how many ended Success, Warning, Failed, read over every '
           'page of the session\'s processed objects (API v7 and later).',
           'On API v5 and v6, an estimate from the session\'s log (RV(ignore:processed_objects_source=log_items)).',
           'V(null) when neither could be read (RV(ignore:processed_objects_error) says why).'],
          returned='when O(include_processed_objects=true)', contains=OBJECT_COUNTS),
    Field('processed_objects', None, 'list',
          ['The objects that did not succeed, in the order the server lists them, at most '
           'O(processed_objects_limit) of them. Empty for the estimate from the log.'],
          returned='when O(include_processed_objects=true)', elements='dict', contains=PROCESSED_OBJECT),
    Field('processed_objects_truncated', None, 'bool',
          'Whether more objects did not succeed than RV(ignore:processed_objects) holds.',
          returned='when O(include_processed_objects=true)', sample=False),
    Field('processed_objects_source', None, 'str',
          ['Where the counts come from: V(processed_objects) (API v7 and later), V(log_items) (API v5 and v6: an '
           'estimate), or V(null) when neither could be read.'],
          returned='when O(include_processed_objects=true)', sample='processed_objects'),
    Field('processed_objects_error', None, 'str',
          ['Why the processed objects (or, on API v5 and v6, the log) could not be read, as the server said it; '
           'V(null) when they were. An unreadable list never fails the task.'],
          returned='when O(include_processed_objects=true)'),
)


# A backup job or a backup copy job.
JOB = (
    Field('id', 'id', 'str',
          'Id of the job.',
          sample='b20cedd4-66b2-49b1-86de-a575dc67e83b'),
    Field('name', 'name', 'str',
          'Name of the job.',
          sample='Exchange Online - Daily'),
    Field('description', 'description', 'str',
          'Description of the job.',
          sample='Mailboxes and archives, every night'),
    Field('is_enabled', 'isEnabled', 'bool',
          'Whether the job is enabled.',
          sample=True),
    Field('backup_type', 'backupType', 'str',
          'V(EntireOrganization) or V(SelectedItems).',
          sample='SelectedItems'),
    Field('last_status', 'lastStatus', 'str',
          "Status of the job's last session, spelled as the API spells it (see M(vb365.backup.job_session_info)).",
          sample='Success'),
    Field('last_run', 'lastRun', 'str',
          'When the job last ran (ISO 8601), V(null) if never.',
          sample='2026-11-27T22:00:03.1234567Z'),
    Field('next_run', 'nextRun', 'str',
          'When the job runs next (ISO 8601), V(null) if it is not scheduled (also while it is disabled).',
          sample='2026-11-28T22:00:00Z'),
    Field('last_backup', 'lastBackup', 'str',
          'When the job last backed up successfully (ISO 8601). V(null) before API v7.',
          sample='2026-11-27T22:14:41.7654321Z'),
    Field('organization_id', 'organizationId', 'str',
          'Id of the organization the job backs up. V(null) before API v8.',
          sample='a21a5622-7fb2-49ec-b2b2-393da59fbed2'),
    Field('repository_id', 'repositoryId', 'str',
          'Id of the backup repository of the job. V(null) where the API version does not say.',
          sample='ce19de31-329d-4f0f-b85e-4424cc2e6821'),
    Field('job_type', None, 'str',
          'V(Backup) for a backup job, V(Copy) for a backup copy job (API v6 and later), the same words as a '
          "session's C(job_type).",
          sample='Backup'),
    Field('retry_wait_interval', None, 'int',
          ["Minutes the job's schedule waits before it retries a failed run by itself (C(retryWaitInterval)).",
           'V(null) when the schedule does not retry failed runs, and for backup copy jobs, whose schedules have no '
           'retry.'],
          sample=10),
)


# A Microsoft 365 organization (tenant) the server backs up. Only what every version sends without extendedView.
ORGANIZATION = (
    Field('id', 'id', 'str', 'Id of the organization on the VB365 server.', sample='a21a5622-7fb2-49ec-b2b2-393da59fbed2'),
    Field('name', 'name', 'str', 'Name of the organization, as the server shows it.', sample='contoso.onmicrosoft.com'),
    Field('office_name', 'officeName', 'str', 'Name of the organization in Microsoft 365.', sample='Contoso'),
    Field('type', 'type', 'str', 'V(Office365), V(OnPremises) or V(Hybrid), as the API spells it.', sample='Office365'),
    Field('region', 'region', 'str', 'The Microsoft 365 region, as the API spells it.', sample='Worldwide'),
    Field('is_backed_up', 'isBackedup', 'bool', 'Whether a job backs up the organization.', sample=True),
    Field('first_backup_time', 'firstBackuptime', 'str', 'When the organization was first backed up (ISO 8601).',
          sample='2024-03-01T22:00:10.1234567Z'),
    Field('last_backup_time', 'lastBackuptime', 'str', 'When the organization was last backed up (ISO 8601).',
          sample='2026-11-28T22:14:03.1234567Z'),
    Field('msid', 'msid', 'str', 'Id of the organization in Microsoft 365 (its tenant id). V(null) before API v8.',
          sample='7a1c6c4e-95a4-4f4b-9a0c-2f3c9c8d1e11'),
)
