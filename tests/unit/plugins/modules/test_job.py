# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The job module end to end, from its arguments to the JSON it prints, with HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vb365.backup.plugins.module_utils import _job_actions
from ansible_collections.vb365.backup.plugins.modules import job

BASE = 'https://vb365.example.com:4443'
PASSWORD = 'S3cret-Passw0rd!'
JOB_ID = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
JOB_NAME = 'Exchange Online - Daily'
OLD_ID = '11111111-1111-4111-8111-111111111111'
NEW_ID = '22222222-2222-4222-8222-222222222222'
VERSIONS = ['v5', 'v6', 'v7', 'v8']


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password=PASSWORD, id=JOB_ID, state='started')
    values.update(overrides)
    return dict((k, v) for k, v in values.items() if v is not None)


def raw_job(enabled=True, last_status='Success'):
    return {'id': JOB_ID, 'name': JOB_NAME, 'description': '', 'isEnabled': enabled, 'backupType': 'SelectedItems',
            'lastStatus': last_status, 'lastRun': '2026-11-28T10:00:00Z', 'nextRun': None, 'schedulePolicy': {}}


def raw_session(session_id, status, created):
    return {'id': session_id, 'jobId': JOB_ID, 'status': status, 'creationTime': created,
            'endTime': None if status in ('Running', 'Queued') else created, 'statistics': {'bottleneck': 'Source'}}


OLD = raw_session(OLD_ID, 'Success', '2026-11-28T10:00:00Z')


class Server:
    """One API version of a VB365 server, mocked with requests-mock; each setter replaces a route."""

    def __init__(self, requests_mock, version):
        self.mock = requests_mock
        self.version = version
        self.url = '%s/%s/' % (BASE, version)
        requests_mock.post(self.url + 'token', json={'access_token': 'tok-123456', 'expires_in': 3600})
        self.jobs([raw_job()])
        self.sessions([[OLD]])

    def jobs(self, answers):
        """Answers to GET Jobs/{id}, one per read (the last one repeats); GET Jobs lists the first."""
        listing = answers[:1] if self.version != 'v8' else {'offset': 0, 'limit': 10000, 'results': answers[:1]}
        self.mock.get(self.url + 'Jobs', json=listing)
        # Backup copy jobs (v6+) are listed too when a job is found by name; this server has none.
        self.mock.get(self.url + 'CopyJobs', json=[] if self.version != 'v8' else {'offset': 0, 'limit': 10000, 'results': []})
        self.job_reads = self.mock.get(self.url + 'Jobs/' + JOB_ID, [dict(json=a) for a in answers])

    def sessions(self, pages):
        """Answers to the job's session listing, one list of sessions per read (the last one repeats)."""
        path = 'Jobs/%s/JobSessions' % JOB_ID if self.version in ('v5', 'v6') else 'JobSessions'
        self.session_lists = self.mock.get(self.url + path, [dict(json={'results': page}) for page in pages])

    def session_reads(self, answers):
        return self.mock.get(self.url + 'JobSessions/' + NEW_ID, [dict(json=a) for a in answers])

    def action(self, action, **response):
        if self.version == 'v5':
            path, default = 'Jobs/%s/action' % JOB_ID, dict(status_code=200, text='')
        else:
            path, default = 'Jobs/%s/%s' % (JOB_ID, action), dict(status_code=204)
        return self.mock.post(self.url + path, **(response or default))

    def started(self, status='Queued'):
        """The start succeeds; before v8 the new session shows in the second listing."""
        new = raw_session(NEW_ID, status, '2026-11-28T12:00:00Z')
        if self.version == 'v8':
            post = self.action('start', json=new)
        else:
            post = self.action('start')
        self.sessions([[OLD], [new, OLD]])
        return post

    def posts(self):
        return [r for r in self.mock.request_history if r.method == 'POST' and not r.path.endswith('/token')]


@pytest.fixture(params=VERSIONS)
def server(request, requests_mock):
    return Server(requests_mock, request.param)


@pytest.fixture
def no_sleep(clock):
    """Waits and polls take no time: the module runs on the fake clock of tests/unit/conftest.py."""
    return clock


# ---- starting ------------------------------------------------------------------------------

def test_start_sends_the_versions_request_and_returns_the_new_session(server, run_module):
    post = server.started()
    server.jobs([raw_job(), raw_job(last_status='Queued')])
    result = run_module(job, args(api_version=server.version))
    assert result['changed'] is True
    assert result['api_version'] == server.version
    assert post.call_count == 1
    expected_body = {'start': None} if server.version == 'v5' else {'full': False}
    assert post.last_request.json() == expected_body
    assert result['job_session']['id'] == NEW_ID
    assert result['job_session']['job_name'] == JOB_NAME
    assert result['job_session']['status'] == 'Queued'
    # The job is read again after the change.
    assert result['job']['last_status'] == 'Queued' and server.job_reads.call_count == 2
    # v8 says which session it started; older versions are compared before and after.
    assert server.session_lists.call_count == (1 if server.version == 'v8' else 2)


def test_start_by_name(requests_mock, run_module):
    server = Server(requests_mock, 'v7')
    server.started()
    result = run_module(job, args(id=None, name='exchange online - daily', api_version='v7'))
    assert result['changed'] is True and result['job']['id'] == JOB_ID


def test_start_and_wait_returns_the_finished_session(server, run_module, no_sleep):
    server.started()
    reads = server.session_reads([raw_session(NEW_ID, 'Running', '2026-11-28T12:00:00Z'),
                                  raw_session(NEW_ID, 'Failed', '2026-11-28T12:00:00Z')])
    server.jobs([raw_job(), raw_job(last_status='Failed')])
    result = run_module(job, args(api_version=server.version, wait=True, wait_interval=5, wait_timeout=60))
    # A failed run does not fail the task: the gate decides.
    assert 'failed' not in result
    assert result['changed'] is True
    assert result['job_session']['status'] == 'Failed' and result['job_session']['is_finished'] is True
    assert reads.call_count == 2 and no_sleep.now == 10
    assert result['job']['last_status'] == 'Failed'


@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
def test_full_asks_for_an_active_full(requests_mock, run_module, version):
    post = Server(requests_mock, version).started()
    result = run_module(job, args(api_version=version, full=True))
    assert result['changed'] is True and post.last_request.json() == {'full': True}


def test_full_on_v5_fails_before_starting(requests_mock, run_module):
    server = Server(requests_mock, 'v5')
    server.started()
    result = run_module(job, args(api_version='v5', full=True))
    assert result['failed'] is True and 'full=true needs API v6 or later' in result['msg']
    assert server.posts() == []


def test_a_running_job_is_not_started_again(server, run_module):
    running = raw_session(NEW_ID, 'Running', '2026-11-28T12:00:00Z')
    server.sessions([[running, OLD]])
    post = server.action('start')
    result = run_module(job, args(api_version=server.version))
    assert result['changed'] is False
    assert result['job_session']['id'] == NEW_ID and result['job_session']['status'] == 'Running'
    assert post.call_count == 0 and server.posts() == []
    assert server.job_reads.call_count == 1


def test_waiting_for_a_job_that_was_already_running(requests_mock, run_module, no_sleep):
    server = Server(requests_mock, 'v8')
    server.sessions([[raw_session(NEW_ID, 'Queued', '2026-11-28T12:00:00Z'), OLD]])
    server.session_reads([raw_session(NEW_ID, 'Success', '2026-11-28T12:00:00Z')])
    result = run_module(job, args(api_version='v8', wait=True, wait_interval=1))
    assert result['changed'] is False and result['job_session']['status'] == 'Success'
    assert server.posts() == []
    # The wait changed the job's last status: it is read again.
    assert server.job_reads.call_count == 2


def test_a_disabled_job_is_not_started(server, run_module):
    server.jobs([raw_job(enabled=False)])
    server.started()
    result = run_module(job, args(api_version=server.version))
    assert result['failed'] is True
    assert result['msg'] == ("The backup job 'Exchange Online - Daily' (%s) is disabled, so it cannot be started. "
                             "Enable it first (vb365.backup.job with state=enabled)." % JOB_ID)
    assert server.posts() == []


def test_a_disabled_job_that_still_runs_is_started_already(requests_mock, run_module):
    server = Server(requests_mock, 'v6')
    server.jobs([raw_job(enabled=False)])
    server.sessions([[raw_session(NEW_ID, 'Running', '2026-11-28T12:00:00Z'), OLD]])
    result = run_module(job, args(api_version='v6'))
    assert result['changed'] is False and result['job_session']['id'] == NEW_ID


def test_a_refused_start_names_the_job(requests_mock, run_module):
    server = Server(requests_mock, 'v8')
    server.action('start', status_code=400, json={'message': 'Job Exchange Online - Daily is already running.',
                                                  'errorCode': 'OperationConflict', 'stackTrace': None})
    result = run_module(job, args(api_version='v8'))
    assert result['failed'] is True
    assert result['msg'] == ("The backup job 'Exchange Online - Daily' (%s) was not started: Failed to POST /v8/Jobs/%s/start "
                             "on %s: HTTP 400: Job Exchange Online - Daily is already running. (OperationConflict)"
                             % (JOB_ID, JOB_ID, BASE))
    assert result['status'] == 400
    assert 'changed' not in result or result['changed'] is False
    assert PASSWORD not in str(result)


def test_a_session_that_never_shows_up_is_a_warning(requests_mock, run_module, monkeypatch, clock):
    # Recorded here: where ansible-core sends warnings depends on what other tests imported.
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, warning, **kwargs: warnings.append(warning))
    server = Server(requests_mock, 'v6')
    server.action('start')
    result = run_module(job, args(api_version='v6'))
    assert result['changed'] is True and result['job_session'] is None
    assert len(warnings) == 1 and 'was started, but its new session did not show up within' in warnings[0]
    # It looked for the session as long as APPEAR_TIMEOUT says, on the fake clock.
    assert _job_actions.APPEAR_TIMEOUT <= clock.now < _job_actions.APPEAR_TIMEOUT + 2 * _job_actions.APPEAR_INTERVAL


def test_a_session_that_never_shows_up_fails_a_wait_and_reports_the_change(requests_mock, run_module):
    server = Server(requests_mock, 'v7')
    server.action('start')
    result = run_module(job, args(api_version='v7', wait=True))
    assert result['failed'] is True and result['changed'] is True
    assert "The backup job 'Exchange Online - Daily' (%s) was started, but its new session did not show up" % JOB_ID in result['msg']


def test_a_wait_that_times_out_after_a_start_reports_the_change(requests_mock, run_module, no_sleep):
    server = Server(requests_mock, 'v8')
    server.started()
    server.session_reads([raw_session(NEW_ID, 'Running', '2026-11-28T12:00:00Z')])
    result = run_module(job, args(api_version='v8', wait=True, wait_timeout=10, wait_interval=5))
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith('Timed out after 10 seconds waiting for job session %s' % NEW_ID)
    assert result['job_session']['status'] == 'Running'


# ---- stopping ------------------------------------------------------------------------------

def test_stop_stops_the_running_session_and_reads_it_again(server, run_module):
    server.sessions([[raw_session(NEW_ID, 'Running', '2026-11-28T12:00:00Z'), OLD]])
    post = server.action('stop')
    server.session_reads([raw_session(NEW_ID, 'Stopped', '2026-11-28T12:00:00Z')])
    result = run_module(job, args(api_version=server.version, state='stopped'))
    assert result['changed'] is True and post.call_count == 1
    if server.version == 'v5':
        assert post.last_request.json() == {'stop': None}
    else:
        assert post.last_request.body is None
    assert result['job_session']['id'] == NEW_ID and result['job_session']['status'] == 'Stopped'


def test_a_failure_to_read_the_stopped_session_still_reports_the_change(requests_mock, run_module):
    server = Server(requests_mock, 'v8')
    server.sessions([[raw_session(NEW_ID, 'Running', '2026-11-28T12:00:00Z'), OLD]])
    post = server.action('stop')
    server.mock.get(server.url + 'JobSessions/' + NEW_ID, status_code=404, json={'message': 'Session was not found.'})
    result = run_module(job, args(api_version='v8', state='stopped'))
    assert post.call_count == 1
    assert result['failed'] is True and result['changed'] is True and 'Session was not found' in result['msg']


def test_a_refused_enable_reports_no_change(requests_mock, run_module):
    server = Server(requests_mock, 'v8')
    server.jobs([raw_job(enabled=False)])
    server.action('enable', status_code=409, json={'message': 'Busy.', 'errorCode': 'OperationConflict'})
    result = run_module(job, args(api_version='v8', state='enabled'))
    assert result['failed'] is True and not result.get('changed')
    assert 'was not enabled' in result['msg'] and 'job_session' not in result


def test_stopping_an_idle_job_changes_nothing(server, run_module):
    result = run_module(job, args(api_version=server.version, state='stopped'))
    assert result['changed'] is False and server.posts() == []
    assert result['job_session']['id'] == OLD_ID


def test_stopping_a_job_that_never_ran(requests_mock, run_module):
    server = Server(requests_mock, 'v8')
    server.sessions([[]])
    result = run_module(job, args(api_version='v8', state='stopped'))
    assert result['changed'] is False and result['job_session'] is None


# ---- enabling and disabling ----------------------------------------------------------------

@pytest.mark.parametrize('state, enabled, changes', [('enabled', True, False), ('enabled', False, True),
                                                     ('disabled', True, True), ('disabled', False, False)])
def test_enable_and_disable_are_idempotent(server, run_module, state, enabled, changes):
    server.jobs([raw_job(enabled=enabled), raw_job(enabled=not enabled)])
    action = state[:-1]
    post = server.action(action)
    result = run_module(job, args(api_version=server.version, state=state))
    assert result['changed'] is changes
    assert post.call_count == (1 if changes else 0)
    assert result['job']['is_enabled'] is (state == 'enabled')
    assert 'job_session' not in result
    if changes and server.version == 'v5':
        assert post.last_request.json() == {action: None}
    elif changes:
        assert post.last_request.body is None


# ---- check mode ----------------------------------------------------------------------------

@pytest.mark.parametrize('state, enabled, running', [('started', True, False), ('stopped', True, True),
                                                     ('enabled', False, False), ('disabled', True, False)])
def test_check_mode_reports_the_change_and_sends_no_post(server, run_module, state, enabled, running):
    server.jobs([raw_job(enabled=enabled)])
    if running:
        server.sessions([[raw_session(NEW_ID, 'Running', '2026-11-28T12:00:00Z'), OLD]])
    result = run_module(job, dict(args(api_version=server.version, state=state, wait=state in ('started', 'stopped')),
                                  _ansible_check_mode=True))
    assert result['changed'] is True
    assert server.posts() == []
    assert result['job']['is_enabled'] is enabled
    if state == 'started':
        assert result['job_session'] is None
    if state == 'stopped':
        # Not waited for: in check mode nothing was stopped.
        assert result['job_session']['status'] == 'Running'
    # Only reads: the job, and for a start or stop its sessions.
    assert [r.method for r in server.mock.request_history if not r.path.endswith('/token')] == \
        ['GET'] * (2 if state in ('started', 'stopped') else 1)


def test_check_mode_still_fails_on_a_disabled_job(requests_mock, run_module):
    server = Server(requests_mock, 'v8')
    server.jobs([raw_job(enabled=False)])
    result = run_module(job, dict(args(api_version='v8'), _ansible_check_mode=True))
    assert result['failed'] is True and 'is disabled' in result['msg']


# ---- selecting the job, and arguments ------------------------------------------------------

def test_an_unknown_job_id_is_named(requests_mock, run_module):
    server = Server(requests_mock, 'v8')
    missing = '00000000-1111-4222-8333-444444444444'
    for collection in ('Jobs', 'CopyJobs'):
        requests_mock.get(server.url + collection + '/' + missing, status_code=404,
                          json={'message': 'Job was not found.', 'errorCode': 'ResourceNotFound', 'stackTrace': None})
    result = run_module(job, args(api_version='v8', id=missing))
    assert result['failed'] is True and result['status'] == 404
    assert result['msg'] == ('No job with id %s (neither a backup job nor a backup copy job): Failed to GET /v8/Jobs/%s '
                             'on %s: HTTP 404: Job was not found. (ResourceNotFound)' % (missing, missing, BASE))
    assert server.posts() == []


def test_an_unknown_job_name_lists_close_names(requests_mock, run_module):
    server = Server(requests_mock, 'v5')
    result = run_module(job, args(api_version='v5', id=None, name='Exchange - Daily'))
    assert result['failed'] is True
    assert result['msg'] == ("No job named 'Exchange - Daily'. Did you mean: 'Exchange Online - Daily'? API v5 has no "
                             "backup copy jobs (the CopyJobs endpoint exists from API v6): a backup copy job cannot be "
                             "selected there.")
    assert server.posts() == []


@pytest.mark.parametrize('overrides, message', [
    (dict(id='nope'), 'must be a GUID'),
    (dict(name='  ', id=None), 'Invalid name: it is empty.'),
    (dict(state='stopped', full=True), 'full=true only applies to state=started.'),
    (dict(state='enabled', wait=True), 'wait only applies to state=started and state=stopped'),
    (dict(wait=True, wait_timeout=0), 'Invalid wait_timeout 0'),
    (dict(wait=True, processed_objects_limit=-1), 'Invalid processed_objects_limit -1: give 0 (the counts only) or more.'),
    (dict(wait=True, wait_timeout=10, wait_interval=11), 'Invalid wait_interval 11'),
])
def test_bad_arguments_fail_before_any_request(requests_mock, run_module, overrides, message):
    result = run_module(job, args(**overrides))
    assert result['failed'] is True and message in result['msg']
    assert requests_mock.call_count == 0


@pytest.mark.parametrize('overrides, message', [
    (dict(id=None), 'one of the following is required: id, name'),
    (dict(name=JOB_NAME), 'parameters are mutually exclusive: id|name'),
    (dict(state=None), 'missing required arguments: state'),
    (dict(state='present'), 'value of state must be one of: started, stopped, enabled, disabled'),
])
def test_selecting_the_job_and_the_state_is_required(requests_mock, run_module, overrides, message):
    result = run_module(job, args(**overrides))
    assert result['failed'] is True and message in result['msg']
    assert requests_mock.call_count == 0
