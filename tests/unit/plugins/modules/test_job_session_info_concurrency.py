# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""job_session_info's max_concurrency option (the fan-out itself: module_utils/test__fanout.py, test__newest_sessions.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._fanout import MAX_CONCURRENCY
from ansible_collections.vb365.backup.plugins.modules import job_session_info

BASE = 'https://vb365.example.com:4443'
PASSWORD = 'S3cret-Passw0rd!'


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password=PASSWORD, latest_per_job=True)
    values.update(overrides)
    return values


def test_the_documented_default_is_the_fanout_limit():
    assert job_session_info.argument_spec()['max_concurrency']['default'] == MAX_CONCURRENCY == 8
    assert 'default: 8' in job_session_info.DOCUMENTATION.split('max_concurrency:')[1].split('version_added')[0]


@pytest.mark.parametrize('value', [0, 9, -3])
def test_a_max_concurrency_out_of_range_is_refused_before_any_request(requests_mock, run_module, value):
    result = run_module(job_session_info, args(max_concurrency=value))
    assert result['failed'] is True
    assert result['msg'] == 'Invalid max_concurrency %d: it must be between 1 and 8 (1 sends one request at a time).' % value
    assert requests_mock.call_count == 0


JOBS = [{'id': '00000000-0000-0000-0000-%012d' % n, 'name': 'Tenant %02d' % n} for n in range(1, 13)]
# One session per job, newest first (job 1 newest).
SESSIONS = [{'id': '10000000-0000-0000-0000-%012d' % n, 'jobId': JOBS[n - 1]['id'], 'status': 'Success',
             'creationTime': '2026-11-27T22:%02d:00Z' % (59 - n), 'endTime': '2026-11-27T23:%02d:00Z' % (59 - n)}
            for n in range(1, 13)]


def serve(requests_mock, sessions):
    requests_mock.post(BASE + '/v8/token', json={'access_token': 'access-token-value-123', 'expires_in': 3600})
    requests_mock.get(BASE + '/v8/Jobs', json={'results': JOBS, 'limit': 10000, 'offset': 0})
    # Names are looked up among backup and copy jobs alike (a name both kinds share is ambiguous).
    requests_mock.get(BASE + '/v8/CopyJobs', json={'results': [], 'limit': 10000, 'offset': 0})
    requests_mock.get(BASE + '/v8/JobSessions', json={'results': sessions, 'limit': 48, 'offset': 0})


def test_jobs_named_in_one_task_come_back_in_the_order_asked_from_one_page(requests_mock, run_module):
    serve(requests_mock, SESSIONS)
    names = ['Tenant %02d' % n for n in (12, 3, 7, 1, 2, 4, 5, 6, 8, 9, 10, 11)]
    result = run_module(job_session_info, args(job_names=names))
    assert [s['job_name'] for s in result['job_sessions']] == names
    assert [s['id'][-2:] for s in result['job_sessions']] == ['12', '03', '07', '01', '02', '04', '05', '06', '08', '09', '10', '11']
    assert [r.method + ' ' + r.path for r in requests_mock.request_history] == [
        'POST /v8/token', 'GET /v8/jobs', 'GET /v8/copyjobs', 'GET /v8/jobsessions']
    assert requests_mock.request_history[3].qs['limit'] == ['48']


def test_a_page_that_is_not_newest_first_proves_nothing_and_each_job_is_read(requests_mock, run_module):
    serve(requests_mock, list(reversed(SESSIONS)))
    result = run_module(job_session_info, args(max_concurrency=2))
    assert [s['job_name'] for s in result['job_sessions']] == [job['name'] for job in JOBS]
    per_job = [r.qs.get('jobid') for r in requests_mock.request_history[4:]]
    assert sorted(q[0] for q in per_job) == sorted(job['id'] for job in JOBS)
    # token, jobs, copy jobs, the page that proved nothing, one read per job.
    assert requests_mock.call_count == 4 + len(JOBS)
