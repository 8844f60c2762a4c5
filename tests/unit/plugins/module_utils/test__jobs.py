# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError, Vb365NotFoundError, Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._jobs import find_job_by_name, get_job, normalize_job, select_jobs

JOBS = [normalize_job({'id': str(i), 'name': name}) for i, name in enumerate(
    ['Exchange Online - Daily', 'SharePoint - Daily', 'OneDrive - Weekly', 'Teams - Daily', 'Twin', 'Twin'])]


def test_v5_and_v8_jobs_have_the_same_keys():
    v5 = normalize_job({'id': 'a', 'name': 'n', 'isEnabled': True, 'lastStatus': 'Success', 'schedulePolicy': {}, '_links': {}})
    v8 = normalize_job({'id': 'a', 'name': 'n', 'isEnabled': False, 'lastBackup': '2026-01-01T00:00:00Z',
                        'organizationId': 'o', 'eTag': 3})
    assert list(v5) == list(v8)
    assert v5['is_enabled'] is True and v5['last_backup'] is None and v8['organization_id'] == 'o'
    assert '_links' not in v5 and 'schedule_policy' not in v5


def test_a_value_of_another_type_than_documented_is_null():
    job = normalize_job({'id': 42, 'name': ['x'], 'isEnabled': 'yes', 'description': 'kept'})
    assert (job['id'], job['name'], job['is_enabled'], job['description']) == (None, None, None, 'kept')


def test_a_job_that_is_not_an_object_is_a_typed_error():
    with pytest.raises(Vb365ResponseError):
        normalize_job('job')


def test_exact_name_then_unique_case_insensitive_match():
    assert find_job_by_name(JOBS, 'SharePoint - Daily')['id'] == '1'
    assert find_job_by_name(JOBS, 'sharepoint - daily')['id'] == '1'


def test_unknown_name_lists_close_matches():
    with pytest.raises(Vb365InputError, match=r"No job named 'Exchange - Daily'\. Did you mean: 'Exchange Online - Daily'"):
        find_job_by_name(JOBS, 'Exchange - Daily')


def test_unknown_name_without_close_matches_lists_some_jobs():
    with pytest.raises(Vb365InputError, match=r"No job named 'zzz'\. The server has 5 jobs: 'Exchange Online - Daily'"):
        find_job_by_name(JOBS, 'zzz')


def test_ambiguous_name_lists_the_jobs():
    with pytest.raises(Vb365InputError, match=r"^Job name 'Twin' is ambiguous: 2 jobs have it \(backup job 'Twin' \(4\), "
                                              r"backup job 'Twin' \(5\)\)\. Select the job by job_id instead\.$"):
        find_job_by_name(JOBS, 'Twin')


def test_a_name_a_backup_job_and_a_copy_job_share_names_both_kinds():
    jobs = [normalize_job({'id': 'b', 'name': 'Twin'}), normalize_job({'id': 'c', 'name': 'Twin'}, 'Copy')]
    with pytest.raises(Vb365InputError, match=r"\(backup job 'Twin' \(b\), backup copy job 'Twin' \(c\)\)\. Select the job by "
                                              r"job_id instead, or by job_type \(Backup or Copy\)\."):
        find_job_by_name(jobs, 'Twin')


def test_a_job_carries_its_kind_and_the_retry_wait_of_its_schedule():
    backup = normalize_job({'id': 'b', 'schedulePolicy': {'retryEnabled': True, 'retryNumber': 3, 'retryWaitInterval': 10}})
    no_retry = normalize_job({'id': 'b', 'schedulePolicy': {'retryEnabled': False, 'retryWaitInterval': 10}})
    copy = normalize_job({'id': 'c', 'schedulePolicy': {'type': 'Immediate'}}, 'Copy')
    assert (backup['job_type'], backup['retry_wait_interval']) == ('Backup', 10)
    assert no_retry['retry_wait_interval'] is None
    assert (copy['job_type'], copy['retry_wait_interval']) == ('Copy', None)


class Jobs:
    """A client that lists the given raw backup and copy jobs and reads one by id (404 for any other id)."""

    def __init__(self, raw_jobs, raw_copies=(), api_version='v8'):
        self.raw = {'Jobs': dict((job['id'], job) for job in raw_jobs),
                    'CopyJobs': dict((job['id'], job) for job in raw_copies)}
        self.requests = []
        self.api_version = api_version

    def ensure_api_version(self):
        return self.api_version

    def iter_items(self, path, query=None):
        self.requests.append(path)
        return iter(self.raw[path].values())

    def get_object(self, path, query=None):
        self.requests.append(path)
        collection, job_id = path.split('/', 1)
        if job_id not in self.raw[collection]:
            raise Vb365NotFoundError('Failed to GET /%s/%s: HTTP 404: Job was not found.' % (self.api_version, path),
                                     status=404, request='GET /%s/%s' % (self.api_version, path))
        return self.raw[collection][job_id]


RAW = [{'id': 'id-1', 'name': 'Exchange Online - Daily'}, {'id': 'id-2', 'name': 'Teams - Daily'}]
COPIES = [{'id': 'id-3', 'name': 'Exchange Online - Copy to Object Storage'}]


def test_select_jobs_by_id_reads_only_that_job():
    client = Jobs(RAW)
    assert [job['name'] for job in select_jobs(client, job_id='id-2')] == ['Teams - Daily']
    assert client.requests == ['Jobs/id-2']


def test_select_jobs_by_names_lists_the_jobs_once():
    client = Jobs(RAW)
    found = select_jobs(client, names=[' teams - daily ', 'Exchange Online - Daily'])
    assert [job['id'] for job in found] == ['id-2', 'id-1'] and client.requests == ['Jobs', 'CopyJobs']


def test_select_jobs_without_id_or_names_returns_every_job_of_both_kinds():
    jobs = select_jobs(Jobs(RAW, COPIES))
    assert [(job['id'], job['job_type']) for job in jobs] == [('id-1', 'Backup'), ('id-2', 'Backup'), ('id-3', 'Copy')]


def test_a_copy_job_is_found_by_name_and_by_id_and_job_type_narrows_the_search():
    client = Jobs(RAW, COPIES)
    assert select_jobs(client, names=['Exchange Online - Copy to Object Storage'])[0]['job_type'] == 'Copy'
    assert select_jobs(client, job_id='id-3')[0]['job_type'] == 'Copy'
    assert client.requests[-2:] == ['Jobs/id-3', 'CopyJobs/id-3']
    assert [job['id'] for job in select_jobs(client, job_type='Copy')] == ['id-3']
    with pytest.raises(Vb365NotFoundError, match=r'^No job with id id-1 \(no backup copy job has it\)'):
        select_jobs(client, job_id='id-1', job_type='Copy')


def test_v5_says_there_are_no_copy_jobs():
    client = Jobs(RAW, COPIES, api_version='v5')
    assert [job['id'] for job in select_jobs(client)] == ['id-1', 'id-2'] and 'CopyJobs' not in client.requests
    with pytest.raises(Vb365NotFoundError, match=r'^No job with id id-3 \(API v5 has no backup copy jobs \(the CopyJobs '
                                                 r'endpoint exists from API v6\)\): Failed to GET /v5/Jobs/id-3'):
        select_jobs(client, job_id='id-3')
    with pytest.raises(Vb365InputError, match=r'^job_type Copy: API v5 has no backup copy jobs'):
        select_jobs(client, job_type='Copy')


def test_a_missing_job_id_is_named_in_the_one_message_every_module_uses():
    with pytest.raises(Vb365NotFoundError, match=r'^No job with id id-9 \(neither a backup job nor a backup copy job\): '
                                                 r'Failed to GET /v8/Jobs/id-9: HTTP 404') as caught:
        get_job(Jobs(RAW), 'id-9')
    assert caught.value.details == {'status': 404, 'request': 'GET /v8/Jobs/id-9'}


def test_an_unknown_name_on_v5_says_that_v5_has_no_copy_jobs():
    with pytest.raises(Vb365InputError, match=r"^No job named 'Exchange Online - Copy to Object Storage'\. .* API v5 has no "
                                              r"backup copy jobs \(the CopyJobs endpoint exists from API v6\): a backup copy "
                                              r"job cannot be selected there\.$"):
        select_jobs(Jobs(RAW, COPIES, api_version='v5'), names=['Exchange Online - Copy to Object Storage'])
