# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._session_query import SessionFilter, iter_sessions
from ansible_collections.vb365.backup.plugins.module_utils._time import UTC

JOB = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
AFTER = datetime.datetime(2026, 11, 27, 22, 0, 0, 500000, tzinfo=UTC)
BEFORE = datetime.datetime(2026, 11, 28, 6, 0, 0, 500000, tzinfo=UTC)


@pytest.mark.parametrize('version, path, query', [
    ('v5', 'Jobs/%s/JobSessions' % JOB, {}),
    ('v6', 'Jobs/%s/JobSessions' % JOB, {}),
    ('v7', 'JobSessions', {'jobId': JOB, 'jobType': 'Backup', 'endTimeLowerBound': '2026-11-27T22:00:00Z',
                           'endTimeUpperBound': '2026-11-28T06:00:01Z'}),
    ('v8', 'JobSessions', {'jobId': JOB, 'jobType': 'Backup', 'endTimeLowerBound': '2026-11-27T22:00:00Z',
                           'endTimeUpperBound': '2026-11-28T06:00:01Z', 'status': 'Succeeded'}),
])
def test_each_version_gets_the_filters_it_has(version, path, query):
    session_filter = SessionFilter(job_id=JOB, statuses=['Success'], job_type='Backup', created_after=AFTER, ended_before=BEFORE)
    assert session_filter.request(version) == (path, query)


def test_v6_filters_all_sessions_by_type_and_lower_bound_only():
    session_filter = SessionFilter(job_type='Copy', created_after=AFTER, ended_before=BEFORE, ended_after=AFTER)
    assert session_filter.request('v6') == ('JobSessions', {'jobType': 'Copy', 'endTimeLowerBound': '2026-11-27T22:00:00Z'})
    assert session_filter.filters_on_client_only('v6') is True


@pytest.mark.parametrize('statuses', [['Queued'], ['Success', 'Failed']])
def test_v8_status_filter_only_for_one_status_it_knows(statuses):
    assert 'status' not in SessionFilter(statuses=statuses).request('v8')[1]
    assert SessionFilter(statuses=statuses).filters_on_client_only('v8') is True


def test_nothing_left_for_the_client():
    assert SessionFilter(job_id=JOB, statuses=['Failed']).filters_on_client_only('v8') is False
    assert SessionFilter(job_id=JOB).filters_on_client_only('v5') is False


def session(status='Success', created='2026-11-27T23:00:00Z', ended='2026-11-27T23:10:00Z', job=JOB, job_type='Backup'):
    return normalize_session({'id': 'x', 'jobId': job, 'status': status, 'creationTime': created, 'endTime': ended,
                              'jobType': job_type})


@pytest.mark.parametrize('session_filter, kept', [
    (SessionFilter(statuses=['Failed', 'Warning']), False),
    (SessionFilter(statuses=['Success']), True),
    (SessionFilter(job_id='00000000-0000-0000-0000-000000000000'), False),
    (SessionFilter(job_type='Copy'), False),
    (SessionFilter(created_after=AFTER, created_before=BEFORE), True),
    (SessionFilter(created_after=BEFORE), False),
    (SessionFilter(ended_before=AFTER), False),
    (SessionFilter(ended_after=AFTER, ended_before=BEFORE), True),
])
def test_client_side_filters(session_filter, kept):
    assert session_filter.matches(session()) is kept


def test_job_ids_match_whatever_their_letter_case():
    assert SessionFilter(job_id=JOB.upper()).matches(session()) is True


def test_a_running_session_never_matches_an_end_window():
    assert SessionFilter(ended_after=AFTER).matches(session(status='Running', ended=None)) is False
    assert SessionFilter(created_after=AFTER).matches(session(status='Running', ended=None)) is True


class FakeClient:
    """Stands in for Vb365Client.iter_items: records what was asked, serves raw sessions lazily."""

    def __init__(self, version, raw_sessions):
        self.api_version = version
        self.raw = raw_sessions
        self.asked = []
        self.served = 0

    def iter_items(self, path, query=None, page_size=None):
        self.asked.append((path, dict(query or {}), page_size))
        for item in self.raw:
            self.served += 1
            yield item


def raw(n, status='Success', link_only=False):
    item = {'id': 's%d' % n, 'status': status, 'creationTime': '2026-11-27T23:00:00Z', 'endTime': '2026-11-27T23:10:00Z'}
    if not link_only:
        item['jobId'] = JOB
    return item


def test_a_small_limit_reads_a_small_page_and_stops():
    client = FakeClient('v8', [raw(n) for n in range(1000)])
    found = list(iter_sessions(client, SessionFilter(job_id=JOB), limit=1, job_name='Exchange'))
    assert [s['id'] for s in found] == ['s0'] and found[0]['job_name'] == 'Exchange'
    assert client.asked == [('JobSessions', {'jobId': JOB}, 1)]
    assert client.served == 1


def test_client_side_filtering_reads_bigger_pages_until_enough_match():
    client = FakeClient('v5', [raw(n, status='Success' if n % 10 else 'Failed') for n in range(100)])
    found = list(iter_sessions(client, SessionFilter(statuses=['Failed']), limit=3))
    assert [s['id'] for s in found] == ['s0', 's10', 's20']
    assert client.asked[0][2] == 1000 and client.served == 21


def test_the_per_job_collection_of_v5_names_the_job_even_without_links():
    client = FakeClient('v5', [raw(1, link_only=True)])
    assert list(iter_sessions(client, SessionFilter(job_id=JOB)))[0]['job_id'] == JOB


def test_a_copy_jobs_sessions_on_v6_are_the_copy_sessions_picked_on_the_client():
    from ansible_collections.vb365.backup.plugins.module_utils._session_query import SessionFilter as Filter

    copy = Filter(job_id='39f49559-0c57-5d51-b7f2-9a9dc1174eb0', selected_job_type='Copy')
    assert copy.request('v6') == ('JobSessions', {'jobType': 'Copy'})
    assert copy.request('v7') == ('JobSessions', {'jobId': '39f49559-0c57-5d51-b7f2-9a9dc1174eb0'})
    assert copy.filters_on_client_only('v6') and not copy.filters_on_client_only('v7')
    assert Filter(job_id='b20cedd4-66b2-49b1-86de-a575dc67e83b').request('v6')[0] == 'Jobs/b20cedd4-66b2-49b1-86de-a575dc67e83b/JobSessions'
