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


# ---- Per-object backup freshness (issue 23): protected_object_info and protection_check -------------------------
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
