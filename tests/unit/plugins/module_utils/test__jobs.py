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


def test_ambiguous_name_lists_the_ids():
    with pytest.raises(Vb365InputError, match=r"Job name 'Twin' is ambiguous: 2 jobs have it \(4, 5\)\. Select the job by job_id"):
        find_job_by_name(JOBS, 'Twin')


class Jobs:
    """A client that lists the given raw jobs and reads one by id (404 for any other id)."""

    def __init__(self, raw_jobs):
        self.raw = dict((job['id'], job) for job in raw_jobs)
        self.requests = []

    def iter_items(self, path, query=None):
        self.requests.append(path)
        return iter(self.raw.values())

    def get_object(self, path, query=None):
        self.requests.append(path)
        job_id = path.split('/', 1)[1]
        if job_id not in self.raw:
            raise Vb365NotFoundError('Failed to GET /v8/%s: HTTP 404: Job was not found.' % path, status=404,
                                     request='GET /v8/%s' % path)
        return self.raw[job_id]


RAW = [{'id': 'id-1', 'name': 'Exchange Online - Daily'}, {'id': 'id-2', 'name': 'Teams - Daily'}]


def test_select_jobs_by_id_reads_only_that_job():
    client = Jobs(RAW)
    assert [job['name'] for job in select_jobs(client, job_id='id-2')] == ['Teams - Daily']
    assert client.requests == ['Jobs/id-2']


def test_select_jobs_by_names_lists_the_jobs_once():
    client = Jobs(RAW)
    found = select_jobs(client, names=[' teams - daily ', 'Exchange Online - Daily'])
    assert [job['id'] for job in found] == ['id-2', 'id-1'] and client.requests == ['Jobs']


def test_select_jobs_without_id_or_names_returns_every_job():
    assert [job['id'] for job in select_jobs(Jobs(RAW))] == ['id-1', 'id-2']


def test_a_missing_job_id_is_named_in_the_one_message_every_module_uses():
    with pytest.raises(Vb365NotFoundError, match=r'^No job with id id-9: Failed to GET /v8/Jobs/id-9: HTTP 404') as caught:
        get_job(Jobs(RAW), 'id-9')
    assert caught.value.details == {'status': 404, 'request': 'GET /v8/Jobs/id-9'}
