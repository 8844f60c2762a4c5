# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""job_session_info's selections (latest_per_job, job_names), waits, logs and argument checks, HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.modules import job_session_info

BASE = 'https://vb365.example.com:4443/v8/'
EXCHANGE = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
TEAMS = '8030645f-9463-5f1b-8e47-debcc10ad24b'
NEVER_RAN = '4f9c1c1e-0d4b-4a8e-9f6e-2b7c3d4e5f60'
JOBS = {EXCHANGE: 'Exchange Online - Daily', TEAMS: 'Teams - Daily', NEVER_RAN: 'OneDrive - New'}


def session(session_id, job_id, status, created):
    return {'id': session_id, 'jobId': job_id, 'status': status, 'creationTime': created,
            'endTime': None if status in ('Running', 'Queued') else created, 'statistics': {'bottleneck': 'Source'}}


OLD_EXCHANGE = session('11111111-1111-4111-8111-111111111111', EXCHANGE, 'Failed', '2026-11-27T22:00:00Z')
NEW_EXCHANGE = session('22222222-2222-4222-8222-222222222222', EXCHANGE, 'Running', '2026-11-28T22:00:00Z')
NEW_TEAMS = session('33333333-3333-4333-8333-333333333333', TEAMS, 'Warning', '2026-11-28T21:00:00Z')


class Server:
    """A v8 server: jobs, sessions newest first (filtered by jobId as v8 does), session reads and log items."""

    def __init__(self, requests_mock):
        self.mock = requests_mock
        requests_mock.post(BASE + 'token', json={'access_token': 'tok-123456', 'expires_in': 3600})
        self.job_list = requests_mock.get(BASE + 'Jobs', json={'offset': 0, 'limit': 10000, 'results': [
            {'id': job_id, 'name': name, 'isEnabled': True} for job_id, name in JOBS.items()]})
        # Backup copy jobs are listed with the jobs (v6+); this server has none.
        self.copy_list = requests_mock.get(BASE + 'CopyJobs', json={'offset': 0, 'limit': 10000, 'results': []})
        for job_id in (EXCHANGE, TEAMS):
            requests_mock.get(BASE + 'Jobs/' + job_id, json={'id': job_id, 'name': JOBS[job_id]})
        for collection in ('Jobs', 'CopyJobs'):
            requests_mock.get(BASE + collection + '/00000000-1111-4222-8333-444444444444', status_code=404,
                              json={'message': 'Job was not found.'})
        self.session_list = requests_mock.get(BASE + 'JobSessions', json=self.listing)
        self.sessions = [NEW_EXCHANGE, NEW_TEAMS, OLD_EXCHANGE]

    def listing(self, request, context):
        job_id = request.qs.get('jobid', [None])[0]
        results = [s for s in self.sessions if job_id is None or s['jobId'] == job_id]
        offset, limit = int(request.qs['offset'][0]), int(request.qs['limit'][0])
        return {'offset': offset, 'limit': limit, 'results': results[offset:offset + limit]}

    def reads(self, raw, statuses):
        """GET JobSessions/{id} of ``raw`` answers with each status in turn (the last one repeats)."""
        answers = []
        for status in statuses:
            ended = raw['creationTime'] if status not in ('Running', 'Queued') else None
            answers.append(dict(json=dict(raw, status=status, endTime=ended)))
        return self.mock.get(BASE + 'JobSessions/' + raw['id'], answers)


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password='S3cret-Passw0rd!', api_version='v8')
    values.update(overrides)
    return values


@pytest.fixture
def server(requests_mock):
    return Server(requests_mock)


def test_latest_per_job_returns_each_jobs_newest_session_and_skips_jobs_that_never_ran(server, run_module):
    result = run_module(job_session_info, args(latest_per_job=True))
    sessions = result['job_sessions']
    assert [(s['id'], s['job_name']) for s in sessions] == [(NEW_EXCHANGE['id'], JOBS[EXCHANGE]), (NEW_TEAMS['id'], JOBS[TEAMS])]
    # One listing of the jobs, then one small request per job.
    assert server.job_list.call_count == 1 and server.session_list.call_count == 3
    assert sorted(r.qs['jobid'][0] for r in server.session_list.request_history) == sorted(j.lower() for j in JOBS)
    assert all(r.qs['limit'] == ['1'] for r in server.session_list.request_history)


def test_latest_per_job_with_a_status_filter_finds_each_jobs_newest_such_session(server, run_module):
    result = run_module(job_session_info, args(latest_per_job=True, status=['Failed']))
    assert [s['id'] for s in result['job_sessions']] == [OLD_EXCHANGE['id']]


def test_job_names_select_only_those_jobs_from_one_listing(server, run_module):
    result = run_module(job_session_info, args(job_names=['teams - daily', 'Exchange Online - Daily'], latest_per_job=True))
    assert [s['job_name'] for s in result['job_sessions']] == [JOBS[TEAMS], JOBS[EXCHANGE]]
    assert server.job_list.call_count == 1


def test_an_unknown_name_in_job_names_fails_with_the_close_names(server, run_module):
    result = run_module(job_session_info, args(job_names=['Teams - Daily', 'Exchange - Daily'], latest_per_job=True))
    assert result['failed'] is True
    assert result['msg'] == "No job named 'Exchange - Daily'. Did you mean: 'Exchange Online - Daily', 'Teams - Daily'?"
    assert server.session_list.call_count == 0


def test_an_unknown_job_id_fails_with_the_message_every_module_uses(server, run_module):
    result = run_module(job_session_info, args(job_id='00000000-1111-4222-8333-444444444444', latest=True))
    assert result['failed'] is True and result['status'] == 404
    assert result['msg'].startswith('No job with id 00000000-1111-4222-8333-444444444444 (neither a backup job nor a '
                                    'backup copy job): Failed to GET /v8/Jobs/00000000-1111-4222-8333-444444444444')


def test_wait_for_all_waits_for_each_session_within_one_timeout(server, run_module, clock):
    exchange = server.reads(NEW_EXCHANGE, ['Running', 'Running', 'Success'])
    teams_running = dict(NEW_TEAMS, status='Running', endTime=None)
    server.sessions = [NEW_EXCHANGE, teams_running]
    teams = server.reads(teams_running, ['Running', 'Warning'])
    result = run_module(job_session_info, args(latest_per_job=True, wait=True, wait_interval=10, wait_timeout=100))
    assert [s['status'] for s in result['job_sessions']] == ['Success', 'Warning']
    assert all(s['is_finished'] for s in result['job_sessions'])
    assert exchange.call_count == 3 and teams.call_count == 2
    # Five polls, ten seconds apart, on the fake clock: both waits shared one budget of 100 seconds.
    assert clock.slept == [10] * 5 and clock.now == 50


def test_the_second_wait_gets_only_what_the_first_left_of_the_timeout(server, run_module, clock):
    server.reads(NEW_EXCHANGE, ['Running'] * 6 + ['Success'])
    teams_running = dict(NEW_TEAMS, status='Running', endTime=None)
    server.sessions = [NEW_EXCHANGE, teams_running]
    server.reads(teams_running, ['Running'])
    result = run_module(job_session_info, args(latest_per_job=True, wait=True, wait_interval=10, wait_timeout=100))
    assert result['failed'] is True
    # The message quotes the task's wait_timeout, which the two waits shared to the end.
    assert result['msg'].startswith('Timed out after 100 seconds waiting for job session %s' % NEW_TEAMS['id'])
    assert clock.now == 70 + 30


def test_include_log_adds_at_most_log_limit_items_read_in_one_page(server, run_module):
    items = [{'id': 'l%d' % i, 'usn': i, 'type': 'Success', 'message': 'item %d' % i, 'creationTime': '2026-11-28T22:00:00Z'}
             for i in range(5)]
    log = server.mock.get(BASE + 'JobSessions/%s/LogItems' % NEW_TEAMS['id'],
                          json={'offset': 0, 'limit': 3, 'results': items[:3]})
    server.mock.get(BASE + 'JobSessions/' + NEW_TEAMS['id'], json=NEW_TEAMS)
    result = run_module(job_session_info, args(id=NEW_TEAMS['id'], include_log=True, log_limit=3))
    assert [item['message'] for item in result['job_session']['log']] == ['item 0', 'item 1', 'item 2']
    assert result['job_session']['log_error'] is None and result['job_session']['job_name'] == JOBS[TEAMS]
    assert result['job_session']['log'][0]['title'] == '[Success] item 0'
    assert log.call_count == 1 and log.last_request.qs['limit'] == ['3']


def test_without_include_log_no_log_is_read(server, run_module):
    server.mock.get(BASE + 'JobSessions/' + NEW_TEAMS['id'], json=NEW_TEAMS)
    result = run_module(job_session_info, args(id=NEW_TEAMS['id']))
    assert 'log' not in result['job_session']
    assert not any('LogItems' in r.path for r in server.mock.request_history)


@pytest.mark.parametrize('overrides, message', [
    (dict(job_names=[]), 'Invalid job_names: the list is empty.'),
    (dict(job_names=['Teams - Daily', ' ']), 'Invalid job name: it is empty.'),
    (dict(job_name=''), 'Invalid job name: it is empty.'),
    (dict(job_names=['Teams - Daily', 'Exchange Online - Daily']), 'job_names selects several jobs: use it with latest_per_job=true.'),
    (dict(log_limit=-1), 'Invalid log_limit -1: give 0 (no limit) or a positive number.'),
    (dict(processed_objects_limit=-1), 'Invalid processed_objects_limit -1: give 0 (the counts only) or more.'),
    (dict(wait=True), 'wait needs sessions to wait for: give id, latest=true or latest_per_job=true.'),
    (dict(latest=True, wait=True, wait_timeout=0), 'Invalid wait_timeout 0: it must be between 1 and 604800 seconds.'),
    (dict(latest=True, wait=True, wait_timeout=10, wait_interval=20),
     'Invalid wait_interval 20: it must be between 1 and wait_timeout (10) seconds.'),
    (dict(job_id='not-a-guid'), "Invalid job_id 'not-a-guid': it must be a GUID"),
    (dict(created_after='yesterday'), "Invalid created_after 'yesterday': give an ISO 8601 date and time"),
    (dict(ended_before='2026-13-01T00:00:00Z'), "Invalid ended_before '2026-13-01T00:00:00Z'"),
])
def test_bad_arguments_fail_before_any_request(server, run_module, overrides, message):
    result = run_module(job_session_info, args(**overrides))
    assert result['failed'] is True and result['msg'].startswith(message), result['msg']
    assert server.mock.call_count == 0


@pytest.mark.parametrize('overrides', [
    dict(id=NEW_TEAMS['id'], job_id=EXCHANGE), dict(latest=True, latest_per_job=True), dict(latest_per_job=True, limit=5),
    dict(id=NEW_TEAMS['id'], status=['Success']),
])
def test_options_that_contradict_each_other_are_refused(server, run_module, overrides):
    result = run_module(job_session_info, args(**overrides))
    assert result['failed'] is True and 'mutually exclusive' in result['msg']
    assert server.mock.call_count == 0
