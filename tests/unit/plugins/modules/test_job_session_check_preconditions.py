# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The backup gate (job_session_check) with the server's preconditions, end to end, HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.modules import job_session_check

BASE = 'https://vb365.example.com:4443'
SESSION_ID = 'b790cb0e-e36e-5284-890c-6d4c659807ab'
JOB_ID = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password='S3cret-Passw0rd!',
                  api_version='v8', id=SESSION_ID, variable_prefix='job_session_gate_')
    values.update(overrides)
    return values


def serve(requests_mock, version='v8'):
    requests_mock.post('%s/%s/token' % (BASE, version), json={'access_token': 'tok-123456', 'expires_in': 3600})
    requests_mock.get('%s/%s/JobSessions/%s' % (BASE, version, SESSION_ID), json={
        'id': SESSION_ID, 'jobId': JOB_ID, 'status': 'Success', 'creationTime': '2026-11-27T22:00:00Z',
        'endTime': '2026-11-27T22:14:59Z', 'statistics': {'bottleneck': 'Source'},
        '_links': {'job': {'href': '/%s/Jobs/%s' % (version, JOB_ID)}}})
    jobs = [{'id': JOB_ID, 'name': 'Exchange Online - Daily'}]
    requests_mock.get('%s/%s/Jobs/%s' % (BASE, version, JOB_ID), json=jobs[0])
    requests_mock.get('%s/%s/Jobs' % (BASE, version), json=jobs if version != 'v8' else {'results': jobs, 'limit': 10000})
    requests_mock.get('%s/%s/CopyJobs' % (BASE, version), json=[] if version != 'v8' else {'results': [], 'limit': 10000})
    requests_mock.get('%s/%s/License' % (BASE, version), json={
        'status': 'Valid', 'licenseExpires': '2099-01-01T00:00:00Z', 'totalNumber': 10, 'usedNumber': 11})
    requests_mock.get('%s/%s/Proxies' % (BASE, version), json={'results': [
        {'id': 'p1', 'hostName': 'vbo365.corp.local', 'status': 'Online'},
        {'id': 'p2', 'hostName': 'vbo-proxy02.corp.local', 'status': 'Offline'}], 'limit': 10000})
    requests_mock.get('%s/v8/Health' % BASE, json={'status': 'Healthy', 'entries': {}})


def reads(requests_mock):
    return [r.path for r in requests_mock.request_history if r.method == 'GET']


def test_without_a_precondition_rule_the_gate_reads_nothing_more(requests_mock, run_module):
    serve(requests_mock)
    result = run_module(job_session_check, args())
    assert result['passed'] is True
    assert result['preconditions'] == dict(checked=[], problems=[], held=[], server=None)
    assert reads(requests_mock) == ['/v8/jobsessions/%s' % SESSION_ID, '/v8/jobs/%s' % JOB_ID]


def test_failing_preconditions_close_the_gate_one_line_each_after_the_sessions(requests_mock, run_module):
    serve(requests_mock)
    result = run_module(job_session_check, args(license_not_exceeded=True, proxies_online=True, service_healthy=True))
    assert result['passed'] is False and result['blocked'] == []
    assert result['problems'] == [
        'licence: exceeded, 11 licensed users for 10 units (job_session_gate_license_not_exceeded): beyond the allowed '
        'overage the extra users are not backed up',
        "proxy 'vbo-proxy02.corp.local': status Offline (job_session_gate_proxies_online)"]
    assert result['message'] == 'Backup gate CLOSED, the play stops here:\n' + '\n'.join('- ' + p for p in result['problems'])
    assert result['preconditions']['checked'] == ['license_not_exceeded', 'proxies_online', 'service_healthy']
    assert result['preconditions']['held'] == ['service: Healthy (job_session_gate_service_healthy)']
    assert result['preconditions']['server']['gathered_subsets'] == ['health', 'license', 'proxies']
    assert result['preconditions']['server']['repositories'] is None
    assert sorted(reads(requests_mock)[2:]) == ['/v8/health', '/v8/license', '/v8/proxies']


def test_an_open_gate_names_the_preconditions_that_held(requests_mock, run_module):
    serve(requests_mock)
    result = run_module(job_session_check, args(license_min_days_left=30, proxies_online_names=['VBO365.corp.local']))
    assert result['passed'] is True and result['problems'] == []
    assert result['message'].endswith("\nand the server's preconditions held:\n"
                                      '- licence: %d days left (job_session_gate_license_min_days_left 30)\n'
                                      '- proxies: 1 online (job_session_gate_proxies_online_names)'
                                      % result['preconditions']['server']['license']['days_left'])


def test_a_bad_precondition_option_is_refused_with_the_others_before_any_request(requests_mock, run_module):
    result = run_module(job_session_check, args(id=None, license_min_days_left=-2, repository_min_free_percent=150.0))
    assert result['failed'] is True and requests_mock.call_count == 0
    assert result['msg'] == (
        'vb365.backup.job_session_gate needs exactly one of job_session_gate_id, job_session_gate_job_name, '
        'job_session_gate_job_id or job_session_gate_job_names; got none. Invalid job_session_gate_license_min_days_left '
        '-2: give 0 (only an expired licence blocks) or more days. Invalid job_session_gate_repository_min_free_percent '
        '150.0: give a percentage from 0 to 100.')


def test_on_v7_the_health_rule_blocks_as_it_cannot_be_checked(requests_mock, run_module):
    serve(requests_mock, 'v7')
    result = run_module(job_session_check, args(api_version='v7', service_healthy=True))
    assert result['passed'] is False
    assert result['problems'] == ['service: API v7 has no /Health endpoint (it exists from API v8), so '
                                  'job_session_gate_service_healthy cannot be checked']
    assert not any('health' in path for path in reads(requests_mock))
