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
           'From the log (API v5, v6): how many log items are warnings, an estimate (log items are not objects; the '
           'lines about the whole session, C(Job finished ...), are not counted).'],
          sample=2),
    Field('failed', None, 'int',
          ['How many failed.',
           'From the log (API v5, v6): how many log items are errors, an estimate (the lines about the whole session, '
           'C(Job finished ...), are not counted).'],
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


# ---- the server's own state: server_info and the gates' preconditions --------------------------------
# What vb365.backup.server_info returns per subset, and what the gates' preconditions (_preconditions) judge. The
# normalisers are in _server_health. Fields without an API key are derived there; their rules are written here, in
# the descriptions, so that the module reference states them exactly.

# GET /vN/ServiceInstance (v6 and later).
SERVICE = (
    Field('version', 'version', 'str', 'Version of Veeam Backup for Microsoft 365 that the server runs.',
          sample='8.0.2.159'),
    Field('installation_id', 'installationId', 'str', 'Id of this installation of Veeam Backup for Microsoft 365.',
          sample='0b8c6a1e-4d49-4a6c-9a56-7f1a3e9d2c10'),
)

# One entry of GET /v8/Health: the API sends a map of entries; the module returns a list, the map's key as name.
HEALTH_ENTRY = (
    Field('name', None, 'str', 'What the entry checks, as the server names it (V(configurationDb), V(nats)).',
          sample='configurationDb'),
    Field('status', 'status', 'str', 'V(Healthy) or V(Unhealthy), as the API spells it.', sample='Healthy'),
    Field('description', 'description', 'str', 'What is wrong, in the server\'s words; V(null) while healthy.',
          sample=None),
)

# GET /v8/Health (anonymous).
HEALTH = (
    Field('status', 'status', 'str',
          ['V(Healthy) or V(Unhealthy), as the API spells it.',
           'V(Unhealthy) also when the server answered HTTP 503 with an error body instead of a report.'],
          sample='Healthy'),
    Field('is_healthy', None, 'bool',
          'Whether RV(health.status) is exactly V(Healthy). Any other value (V(Unhealthy), a missing status, a value '
          'a newer server adds) is V(false).',
          sample=True),
    Field('entries', 'entries', 'list', 'The checks the report is made of, in the server\'s order.',
          elements='dict', contains=HEALTH_ENTRY),
    Field('error', None, 'str',
          'The server\'s message when it answered HTTP 503 with an error body instead of a report; V(null) otherwise.',
          sample=None),
)

# GET /vN/License (v6 and later). Dates are as the server writes them; the derived days are whole days, bounded.
LICENSE = (
    Field('status', 'status', 'str', 'V(Valid) or V(Expired), as the API spells it.', sample='Valid'),
    Field('type', 'type', 'str',
          'V(Subscription), V(Evaluation), V(NFR), V(Rental), V(Community) or V(AwsPrivateOffer), as the API '
          'spells it.',
          sample='Rental'),
    Field('package', 'package', 'str', 'The licensed package. V(null) before API v7.', sample='Backup'),
    Field('licensed_to', 'licensedTo', 'str', 'To whom the licence is issued.', sample='Contoso Ltd.'),
    Field('license_id', 'licenseID', 'str', 'Id of the licence.', sample='5a1f2b8c-7c21-4c36-9f8e-0b7d7a0a3e55'),
    Field('total_number', 'totalNumber', 'int',
          'Number of licence units (users). V(null) when the server sends no number, or a negative one or one '
          'beyond 32 bits.',
          sample=12000),
    Field('used_number', 'usedNumber', 'int', 'Number of licensed users, exceeded ones included. V(null) as for '
          'RV(license.total_number).', sample=10517),
    Field('new_number', 'newNumber', 'int', 'Number of licensed users in the state C(New). V(null) as for '
          'RV(license.total_number).', sample=1),
    Field('expiration_date', 'licenseExpires', 'str',
          'When the licence expires (ISO 8601, as the server writes it; C(expirationDate) on API v6, '
          'C(licenseExpires) later).',
          sample='2027-07-26T13:00:00Z'),
    Field('grace_period_expires', 'gracePeriodExpires', 'str',
          'When the grace period after the expiry ends and every job fails (ISO 8601, as the server writes it). '
          'V(null) before API v7.',
          sample='2027-08-25T13:00:00Z'),
    Field('support_expiration_date', 'supportExpirationDate', 'str',
          'When the support contract expires (ISO 8601, as the server writes it). V(null) after API v6.',
          sample=None),
    Field('days_left', None, 'int',
          ['Whole days from now until RV(license.expiration_date), rounded down, so V(0) on the last day, negative '
           'once the licence has expired.',
           'Bounded to -36500 and 36500 (100 years). A date in the year 9999 (the largest date .NET writes, a licence '
           'that does not expire) gives V(36500).',
           'V(null) when the server sends no date, one the module cannot read, or a date in the year 1 (the smallest '
           'date .NET writes, that is "not set").'],
          sample=240),
    Field('is_expired', None, 'bool',
          ['Whether the licence has expired, that is now is at or after RV(license.expiration_date).',
           'Without a readable date, from RV(license.status) (V(Expired) or V(Valid)); V(null) when neither says.'],
          sample=False),
    Field('in_grace_period', None, 'bool',
          ['Whether the licence has expired and its grace period is still running (now is before '
           'RV(license.grace_period_expires)). Jobs still run, but not for long.',
           'V(false) while the licence has not expired, and once the grace period is over. V(null) when it has '
           'expired and the end of the grace period is unknown (always on API v6, which does not send it).'],
          sample=False),
    Field('grace_period_days_left', None, 'int',
          'Whole days from now until RV(license.grace_period_expires), rounded down and bounded as '
          'RV(license.days_left). V(null) when that date is unknown (always on API v6).',
          sample=270),
    Field('exceeded', None, 'bool',
          ['Whether the licence has more licensed users than units (RV(license.used_number) is greater than '
           'RV(license.total_number)). Beyond the allowed overage the extra users are not backed up.',
           'V(null) when either number is unknown.'],
          sample=False),
)

# The object storage block of a repository (v8 objectStorage): capacity and free space of object storage live here.
OBJECT_STORAGE = (
    Field('type', 'type', 'str', 'Kind of object storage (V(AmazonS3), V(AzureBlob), V(AzureBlobArchive)...), as the '
          'API spells it.', sample='AmazonS3'),
    Field('size_limit_gb', 'sizeLimitGB', 'int',
          'The size limit set on the repository, in GB (2^30 bytes); V(null) when no limit is set.', sample=20480),
    Field('used_space_bytes', 'usedSpaceBytes', 'int', 'Space the backups take in the object storage, in bytes.',
          sample=9895604649984),
    Field('free_space_bytes', 'freeSpaceBytes', 'int',
          'Space left under the size limit, in bytes; V(null) without a size limit (the API sends it only with one).',
          sample=12094627905536),
    Field('immutability_enabled', 'enableImmutability', 'bool', 'Whether backups in it are immutable.', sample=True),
    Field('immutability_period_days', 'immutabilityPeriodDays', 'int', 'How long backups stay immutable, in days.',
          sample=30),
)

# GET /vN/BackupRepositories (v6 and later; v6/v7 an array, v8 pages). Byte counts are int64 in the API: a negative
# count, or one beyond int64, is not a count and becomes null.
REPOSITORY = (
    Field('id', 'id', 'str', 'Id of the backup repository.', sample='ce19de31-329d-4f0f-b85e-4424cc2e6821'),
    Field('name', 'name', 'str', 'Name of the backup repository.', sample='Contoso - Local'),
    Field('description', 'description', 'str', 'Description of the backup repository.', sample=''),
    Field('path', 'path', 'str', 'Path of the repository (of its local cache, for object storage) on its proxy.',
          sample='C:\\VeeamRepository\\Contoso'),
    Field('proxy_id', 'proxyId', 'str', 'Id of the backup proxy the repository belongs to.',
          sample='a74db60b-d06e-588a-b6ce-280627847e07'),
    Field('proxy_pool_id', 'proxyPoolId', 'str', 'Id of the backup proxy pool; V(null) before API v8.', sample=None),
    Field('organization_id', 'organizationId', 'str',
          'Id of the organization that owns the repository; V(null) when none does, and before API v8.', sample=None),
    Field('is_long_term', 'isLongTerm', 'bool', 'Whether it is a long-term (archive) repository.', sample=False),
    Field('is_object_storage', None, 'bool',
          'Whether the repository keeps its backups in object storage (C(objectStorageId) before API v8, the '
          'C(objectStorage) block on API v8). V(null) on API v8 when the block is missing and the answer does not say.',
          sample=False),
    Field('capacity_bytes', 'capacityBytes', 'int',
          ['Size of the volume the repository is on, in bytes, as the API sends it. Before API v8 for object storage '
           'the volume of its local cache; on API v8 for local repositories only (V(null) for object storage, see '
           'RV(repositories[].object_storage)).',
           'V(null) when the server sends a negative count or one beyond int64.'],
          sample=4398046511104),
    Field('free_space_bytes', 'freeSpaceBytes', 'int',
          'Free space on that volume, in bytes, as RV(repositories[].capacity_bytes).', sample=1429150208000),
    Field('object_storage', 'objectStorage', 'dict',
          'The object storage block (API v8); V(null) for a local repository, before API v8 and when the server '
          'sends no block.',
          contains=OBJECT_STORAGE),
    Field('is_out_of_sync', 'isOutOfSync', 'bool', 'Whether the repository is out of sync with its proxy\'s cache.',
          sample=False),
    Field('is_outdated', 'isOutdated', 'bool', 'Whether the repository is outdated. V(null) before API v8.',
          sample=False),
    Field('is_indexed', 'isIndexed', 'bool', 'Whether the repository is indexed. V(null) before API v8.', sample=True),
    Field('is_out_of_order', 'isOutOfOrder', 'bool', 'Whether the repository is out of order. V(null) before API v8.',
          sample=False),
    Field('out_of_order_reason', 'outOfOrderReason', 'str', 'Why the repository is out of order, in the server\'s '
          'words. V(null) while it is in order, and before API v8.', sample=None),
    Field('free_percent', None, 'float',
          ['Free space in percent of the capacity, rounded to two decimals. RV(repositories[].free_space_bytes) of '
           'RV(repositories[].capacity_bytes) for a local repository (and before API v8 for every repository); for '
           'object storage on API v8, the block\'s C(free_space_bytes) of its size limit.',
           'V(null) when it cannot be computed, that is for object storage without a size limit (it has no limit to '
           'fill), a count or size limit that is missing, V(null) or out of range, a capacity of 0, or free space '
           'larger than the capacity.'],
          sample=32.5),
    Field('problems', None, 'list',
          ['What is wrong with the repository, as words a play can test with C(in), in this order. Empty when '
           'nothing is wrong.',
           'V(out_of_sync) (RV(repositories[].is_out_of_sync) is V(true)), V(out_of_order) '
           '(RV(repositories[].is_out_of_order)), V(outdated) (RV(repositories[].is_outdated)).',
           'V(low_space) (RV(repositories[].free_percent) below O(low_space_percent), compared before rounding).',
           'V(space_unknown) (no RV(repositories[].free_percent) although the repository has a limit to fill, because '
           'its figures are missing or make no sense).'],
          elements='str', sample=[]),
)

# GET /vN/Proxies (v6 and later; v6/v7 an array, read without extendedView; v8 pages).
PROXY = (
    Field('id', 'id', 'str', 'Id of the backup proxy.', sample='a74db60b-d06e-588a-b6ce-280627847e07'),
    Field('host_name', 'hostName', 'str', 'Host name of the backup proxy.', sample='vbo365.corp.local'),
    Field('fqdn', 'fqdn', 'str', 'Fully qualified domain name of the backup proxy. V(null) before API v7.',
          sample='vbo365.corp.local'),
    Field('description', 'description', 'str', 'Description of the backup proxy.', sample=''),
    Field('type', 'type', 'str', 'V(Local), V(Domain) or V(Workgroup), as the API spells it.', sample='Local'),
    Field('operating_system', 'operatingSystem', 'str', 'V(Windows) or V(Linux). V(null) before API v8.',
          sample='Windows'),
    Field('port', 'port', 'int', 'Port the backup proxy listens on.', sample=9193),
    Field('proxy_pool_id', 'proxyPoolId', 'str', 'Id of the proxy pool it belongs to. V(null) before API v8.',
          sample=None),
    Field('status', 'status', 'str', 'V(Online) or V(Offline), as the API spells it.', sample='Online'),
    Field('is_online', None, 'bool', 'Whether RV(proxies[].status) is exactly V(Online).', sample=True),
    Field('maintenance_mode_state', 'maintenanceModeState', 'str',
          'V(Disabled), V(Enabling) or V(Enabled). V(null) before API v8.', sample='Disabled'),
    Field('cpu_usage_percent', 'cpuUsagePercent', 'float',
          'CPU use in percent. V(null) while the proxy is offline, before API v8, and for a value outside 0 to 100.',
          sample=12.5),
    Field('memory_usage_percent', 'memoryUsagePercent', 'float',
          'Memory use in percent, as RV(proxies[].cpu_usage_percent).', sample=41.0),
    Field('version', 'version', 'str', 'Version of the proxy\'s software. V(null) before API v8.',
          sample='8.0.2.159'),
)

# An organization with its synchronisation state: _shapes.ORGANIZATION and what SyncState adds (v7 one request per
# organization, v8 one request for all).
ORGANIZATION_SYNC = ORGANIZATION + (
    Field('last_sync_type', 'type', 'str', 'V(Incremental) or V(Full), the kind of the last synchronisation of the '
          'organization\'s objects with its cache. V(null) before API v7.', sample='Incremental'),
    Field('last_sync_result', 'status', 'str',
          'How the last synchronisation ended, V(Success) or V(Error) (API v7 also V(None)), as the API spells it '
          '(C(status) on API v7, C(lastSyncState.result) on API v8). V(null) before API v7.',
          sample='Success'),
    Field('last_sync_time', 'lastSyncTime', 'str',
          'When the last synchronisation ended (ISO 8601, as the server writes it; C(lastSyncState.endTime) on API '
          'v8). V(null) before API v7.',
          sample='2026-11-28T21:35:10.1234567Z'),
    Field('current_sync_status', None, 'str',
          'V(Queued) or V(Running) while a synchronisation is under way (C(currentSyncState.status), API v8); V(null) '
          'otherwise.',
          sample=None),
    Field('sync_error', None, 'str',
          ['Why the last synchronisation failed, in the server\'s words, or C(the last synchronisation failed) '
           'when it sends none. V(null) when it did not fail, and before API v7.'],
          sample=None),
)


# What a gate returns as ``preconditions`` (_preconditions.check), in job_session_check and protection_check.
PRECONDITIONS = (
    Field('checked', None, 'list',
          'The options of the precondition rules that were set and judged; empty when none was set.',
          elements='str', sample=['license_min_days_left', 'proxies_online']),
    Field('problems', None, 'list',
          'One line per failing precondition (also in RV(problems) and RV(message)).',
          elements='str', sample=["proxy 'vbo-proxy02.corp.local': status Offline (proxies_online)"]),
    Field('held', None, 'list',
          'One line per precondition rule that held (named by an open gate\'s RV(message)).',
          elements='str', sample=['licence: 240 days left (license_min_days_left 30)']),
    Field('server', None, 'dict',
          ['What was read to judge them, with the keys M(vb365.backup.server_info) returns (C(license), '
           'C(repositories), C(proxies), C(proxies_offline), C(health), C(gathered_subsets), C(unsupported_subsets)...), '
           'only the subsets the rules that were set need.',
           'V(null) when no precondition rule was set, and then nothing was read.']),
)


# ---- Per-object backup freshness: protected_object_info and protection_check -------------------------
# Every field is derived (the collection judges the API's backed-up data), so none has an API key.

# One workload of a backed-up object (a user's mailbox, archive, OneDrive, personal site; a group's mailbox and site).
PROTECTION_WORKLOAD = (
    Field('backed_up', None, 'bool',
          'Whether a backup holds this workload: it has a backup time, or the server says it was backed up.',
          sample=True),
    Field('last_backup', None, 'str',
          'When the workload was last backed up, over every repository (ISO 8601, as the server sends it); V(null) '
          'when never, or when the server did not give a readable time.',
          sample='2026-11-28T22:14:03.1234567Z'),
)

# The workloads of an object, by name: only those its backups list.
PROTECTION_WORKLOADS = (
    Field('mailbox', None, 'dict', "The mailbox of a user or a group.", returned='when the backups list it',
          contains=PROTECTION_WORKLOAD),
    Field('archive', None, 'dict', "A user's archive mailbox.", returned='when the backups list it',
          contains=PROTECTION_WORKLOAD),
    Field('onedrive', None, 'dict', "A user's OneDrive.", returned='when the backups list it',
          contains=PROTECTION_WORKLOAD),
    Field('personal_site', None, 'dict', "A user's personal site.", returned='when the backups list it',
          contains=PROTECTION_WORKLOAD),
    Field('site', None, 'dict', "A group's site, or a SharePoint site itself.", returned='when the backups list it',
          contains=PROTECTION_WORKLOAD),
    Field('team', None, 'dict', 'A team itself.', returned='when the backups list it', contains=PROTECTION_WORKLOAD),
)

# One object (a user, group, site or team) as the protection modules list it.
PROTECTED_OBJECT = (
    Field('organization_id', None, 'str',
          'Id of its organization on the VB365 server; V(null) on API v5 and for an organization removed from VB365.',
          sample='a21a5622-7fb2-49ec-b2b2-393da59fbed2'),
    Field('organization_name', None, 'str', 'Name of its organization.', sample='contoso.onmicrosoft.com'),
    Field('type', None, 'str', 'V(user), V(group), V(site) or V(team).', sample='user'),
    Field('id', None, 'str',
          ['Id of the object in the backups (a composite id, the same in every repository), or in the organization '
           'for an unprotected object.'],
          sample='contoso.onmicrosoft.com:0ec3dcd5-41f2-5632-a354-645a25ec4f78:00000000-0000-0000-0000-000000000000'),
    Field('display_name', None, 'str', 'Its display name (a site: its title).', sample='Pradeep Gupta'),
    Field('email', None, 'str', 'E-mail address of a user, group or (when unprotected) team; V(null) otherwise.',
          sample='pradeep.gupta@contoso.onmicrosoft.com'),
    Field('url', None, 'str', 'URL of a site; V(null) otherwise.', sample=None),
    Field('status', None, 'str',
          ['V(protected), V(stale), V(never_backed_up), V(unprotected) or V(deleted): see the module\'s description '
           'for the rule.'],
          sample='unprotected'),
    Field('reason', None, 'str', 'Why it has that status, in words.', sample='in no backup'),
    Field('last_backup', None, 'str',
          'Its newest backup over every workload and repository (ISO 8601, as the server sends it); V(null) when none.',
          sample=None),
    Field('age_seconds', None, 'int', 'How long ago RV(objects[].last_backup) was, in seconds; V(null) when none.',
          sample=None),
    Field('repository_id', None, 'str', 'Id of the repository that holds its newest backup; V(null) when none.',
          sample=None),
    Field('workloads', None, 'dict', 'Its workloads that the backups list, each with its newest backup.',
          contains=PROTECTION_WORKLOADS),
    Field('deleted', None, 'bool',
          'Whether it is deleted in Microsoft 365, where the API says it (C(isDeleted), API v7 only); V(null) '
          'elsewhere.',
          sample=None),
    Field('in_organization', None, 'bool',
          ["Whether the organization's own listing (Microsoft 365, or VB365's cache of it) has it; V(null) when the "
           "organizations' listings were not read, or the object has no key to find it by."],
          sample=True),
)

# The counts of one organization (and of each object type): every object once, in exactly one of them.
PROTECTION_COUNTS = (
    Field('protected', None, 'int', 'Objects the rule finds protected.', sample=18),
    Field('stale', None, 'int', 'Objects backed up, but not recently enough (or at a time the server did not give).',
          sample=1),
    Field('never_backed_up', None, 'int',
          'Objects the backups list without any backup time (with O(workloads=all), with a listed workload that has '
          'none).',
          sample=1),
    Field('unprotected', None, 'int',
          ["Objects of the organization's own listing that no backup holds.",
           'V(null) unless O(vb365.backup.protected_object_info#module:include_unprotected=true) or '
           'O(vb365.backup.protection_check#module:max_unprotected) is not null, which read the listings.'],
          sample=3),
    Field('deleted', None, 'int',
          'Backed-up objects deleted in Microsoft 365 (or of an organization removed from VB365), not judged.',
          sample=1),
    Field('excluded', None, 'int', 'Objects left out by O(exclude).', sample=0),
    Field('total', None, 'int', 'Every object counted, excluded ones aside.', sample=23),
)

PROTECTION_TYPES = (
    Field('user', None, 'dict', 'The counts of users.', returned='when O(object_types) has it',
          contains=PROTECTION_COUNTS),
    Field('group', None, 'dict', 'The counts of groups.', returned='when O(object_types) has it',
          contains=PROTECTION_COUNTS),
    Field('site', None, 'dict', 'The counts of sites.', returned='when O(object_types) has it',
          contains=PROTECTION_COUNTS),
    Field('team', None, 'dict', 'The counts of teams.', returned='when O(object_types) has it',
          contains=PROTECTION_COUNTS),
)

# One organization in the summary.
PROTECTION_SUMMARY = (
    Field('organization_id', None, 'str',
          'Id of the organization on the VB365 server; V(null) on API v5 and for an organization removed from VB365.',
          sample='a21a5622-7fb2-49ec-b2b2-393da59fbed2'),
    Field('organization_name', None, 'str', 'Name of the organization.', sample='contoso.onmicrosoft.com'),
    Field('backed_up_organization_id', None, 'str',
          'Id of the organization inside the backups, for organizations only the backups know (API v5, removed ones).',
          sample=None),
    Field('removed', None, 'bool',
          'Whether the organization was removed from VB365 while its backups remain; its objects count as deleted.',
          sample=False),
    Field('complete', None, 'bool',
          'Whether everything that holds its objects was read; its counts are a lower bound when not.', sample=True),
    Field('unread', None, 'list',
          "What could not be read for it (a repository, an organization's listing), and the server's words.",
          elements='str', sample=[]),
    Field('repository_ids', None, 'list', 'Ids of the repositories that hold its data.', elements='str',
          sample=['ce19de31-329d-4f0f-b85e-4424cc2e6821']),
) + PROTECTION_COUNTS + (
    Field('oldest_backup', None, 'str',
          'The oldest of its judged objects\' newest backups (ISO 8601), how far back the least recent object is.',
          sample='2026-11-27T22:41:10.1234567Z'),
    Field('newest_backup', None, 'str', 'The newest backup of any of its objects (ISO 8601).',
          sample='2026-11-28T22:14:03.1234567Z'),
    Field('types', None, 'dict', 'The same counts for each object type read.', contains=PROTECTION_TYPES),
)

# What protection_check adds to each organization of its summary.
PROTECTION_GATE_SUMMARY = PROTECTION_SUMMARY + (
    Field('passed', None, 'bool',
          'Whether the organization passes the gate, that is complete, within every threshold, and with a backed-up '
          'object. '
          'V(null) for an organization removed from VB365, which is not judged.',
          sample=False),
    Field('problems', None, 'list', 'Why it does not pass, one phrase per broken threshold; empty when it passes.',
          elements='str', sample=['3 unprotected (max_unprotected 0)']),
)

# The counts over every organization.
PROTECTION_TOTALS = (Field('organizations', None, 'int', 'Organizations in the summary.', sample=3),) + PROTECTION_COUNTS

# The rule the module applied.
PROTECTION_RULE = (
    Field('max_age', None, 'raw', 'O(max_age) as given; V(null) for no age rule.', sample='36h'),
    Field('max_age_seconds', None, 'int', 'O(max_age) in seconds.', sample=129600),
    Field('workloads', None, 'str', 'O(workloads): V(newest) or V(all).', sample='newest'),
    Field('checked_at', None, 'str', 'When the module judged (ISO 8601, UTC): ages are counted from it.',
          sample='2026-11-29T08:00:00Z'),
    Field('backed_up_after', None, 'str', 'The moment a backup must be newer than to count; V(null) without age rule.',
          sample='2026-11-27T20:00:00Z'),
    Field('description', None, 'str', 'The rule in words.',
          sample='an object is protected when the newest backup of any of its workloads (mailbox, archive mailbox, '
                 'OneDrive, personal site; group mailbox and site; site; team), in any repository, is less than 36h '
                 'old'),
)

# A repository the module read (or could not).
PROTECTION_REPOSITORY = (
    Field('id', None, 'str', 'Id of the repository.', sample='ce19de31-329d-4f0f-b85e-4424cc2e6821'),
    Field('name', None, 'str', 'Its name; V(null) on API v5, which cannot list repositories.', sample='Contoso - Local'),
    Field('read', None, 'bool', 'Whether all its backed-up data was read.', sample=True),
    Field('error', None, 'str', "Why not: the server's answer, or that it says the repository is not available.",
          sample=None),
    Field('entries', None, 'int', 'Backed-up entries read from it (an object in two repositories has two).',
          sample=20),
)
