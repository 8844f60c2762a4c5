# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module end to end, from its arguments to the JSON it prints, with HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.modules import job_session_info

BASE = 'https://vb365.example.com:4443'
SESSION_ID = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'
PASSWORD = 'S3cret-Passw0rd!'
TOKEN = 'access-token-value-123'
JOB_ID = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
JOB_NAME = 'Exchange Online - Daily'
COPY_ID = '39f49559-0c57-5d51-b7f2-9a9dc1174eb0'


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password=PASSWORD, id=SESSION_ID)
    values.update(overrides)
    # An option set to None is one the task leaves out.
    return dict((k, v) for k, v in values.items() if v is not None)


@pytest.fixture
def server(requests_mock, fixture_loader):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'refresh_token': 'refresh-token-value-456', 'expires_in': 3600})
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), json=fixture_loader('seed_v5_session.json'))
    requests_mock.get('%s/v8/Jobs/%s' % (BASE, JOB_ID), json={'id': JOB_ID, 'name': JOB_NAME})
    return requests_mock


def test_reads_a_session_by_id(server, run_module):
    result = run_module(job_session_info, args())
    assert result['changed'] is False
    assert result['api_version'] == 'v8'
    assert result['job_session']['id'] == SESSION_ID
    assert result['job_session']['job_id'] == 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
    assert result['job_session']['statistics']['bottleneck'] == 'Source'
    assert 'ansible_facts' not in result and 'job_sessions' not in result
    # The token, the session, and its job for job_name.
    assert result['job_session']['job_name'] == JOB_NAME
    assert server.call_count == 3


def test_the_session_id_alias_and_check_mode_read_the_same(server, run_module):
    normal = run_module(job_session_info, args())
    checked = run_module(job_session_info, dict(args(id=None, session_id=SESSION_ID), _ansible_check_mode=True))
    assert checked['job_session'] == normal['job_session']
    assert checked['changed'] is False


@pytest.mark.parametrize('bad_id', ['nope', '../token', SESSION_ID + '/LogItems'])
def test_a_non_guid_id_fails_before_any_request(server, run_module, bad_id):
    result = run_module(job_session_info, args(id=bad_id))
    assert result['failed'] is True
    assert 'must be a GUID' in result['msg']
    assert server.call_count == 0


def test_a_missing_session_fails_naming_server_request_and_message(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'expires_in': 3600})
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), status_code=404,
                      json={'message': 'Job session was not found.', 'errorCode': 'ResourceNotFound', 'stackTrace': None})
    result = run_module(job_session_info, args())
    assert result['failed'] is True
    assert result['msg'] == ('Failed to GET /v8/JobSessions/%s on %s: HTTP 404: Job session was not found. (ResourceNotFound)'
                             % (SESSION_ID, BASE))
    assert result['status'] == 404
    assert PASSWORD not in str(result) and TOKEN not in str(result)


def test_listing_stops_at_the_limit_with_one_small_page(requests_mock, run_module, fixture_loader):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'expires_in': 3600})
    session = fixture_loader('seed_v5_session.json')
    listing = requests_mock.get(BASE + '/v8/JobSessions', json={'offset': 0, 'limit': 2, 'results': [session, session]})
    page(requests_mock, 'Jobs', [{'id': JOB_ID, 'name': JOB_NAME}])
    page(requests_mock, 'CopyJobs', [])
    result = run_module(job_session_info, args(id=None, limit=2))
    assert [s['id'] for s in result['job_sessions']] == [SESSION_ID, SESSION_ID]
    assert listing.call_count == 1 and listing.last_request.qs['limit'] == ['2']
    assert 'job_session' not in result


def page(requests_mock, path, results):
    return requests_mock.get('%s/v8/%s' % (BASE, path), json={'offset': 0, 'limit': 10000, 'results': results})


def v8_session(session_id, job_id, status='Success', job_type='Backup', **extra):
    raw = dict(id=session_id, jobId=job_id, status=status, jobType=job_type, creationTime='2026-11-28T22:00:00Z',
               endTime='2026-11-28T22:30:00Z', statistics={'bottleneck': 'Source'})
    raw.update(extra)
    return raw


def test_every_session_of_a_listing_carries_its_job_name_from_one_reading_of_the_jobs(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'expires_in': 3600})
    gone = '99999999-9999-4999-8999-999999999999'
    page(requests_mock, 'JobSessions', [v8_session('11111111-1111-4111-8111-111111111111', JOB_ID),
                                        v8_session('22222222-2222-4222-8222-222222222222', COPY_ID, job_type='Copy'),
                                        v8_session('33333333-3333-4333-8333-333333333333', gone)])
    jobs = page(requests_mock, 'Jobs', [{'id': JOB_ID, 'name': JOB_NAME}])
    copies = page(requests_mock, 'CopyJobs', [{'id': COPY_ID, 'name': 'Exchange Online - Copy to Object Storage'}])
    result = run_module(job_session_info, args(id=None, status=['Success']))
    assert [s['job_name'] for s in result['job_sessions']] == [JOB_NAME, 'Exchange Online - Copy to Object Storage', None]
    assert jobs.call_count == 1 and copies.call_count == 1


def test_a_name_a_backup_job_and_a_copy_job_share_is_an_ambiguity_naming_both(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'expires_in': 3600})
    page(requests_mock, 'Jobs', [{'id': JOB_ID, 'name': JOB_NAME}])
    page(requests_mock, 'CopyJobs', [{'id': COPY_ID, 'name': JOB_NAME}])
    result = run_module(job_session_info, args(id=None, job_name=JOB_NAME, latest=True))
    assert result['failed'] is True
    assert result['msg'] == ("Job name 'Exchange Online - Daily' is ambiguous: 2 jobs have it (backup job 'Exchange Online "
                             "- Daily' (%s), backup copy job 'Exchange Online - Daily' (%s)). Select the job by job_id "
                             "instead, or by job_type (Backup or Copy)." % (JOB_ID, COPY_ID))
    sessions = page(requests_mock, 'JobSessions', [v8_session('22222222-2222-4222-8222-222222222222', COPY_ID, job_type='Copy')])
    chosen = run_module(job_session_info, args(id=None, job_name=JOB_NAME, job_type='Copy', latest=True))
    assert chosen['job_session']['job_name'] == JOB_NAME and chosen['job_session']['job_id'] == COPY_ID
    assert sessions.last_request.qs['jobid'] == [COPY_ID]


def test_a_log_that_cannot_be_read_is_explained_not_fatal(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'expires_in': 3600})
    denied, readable = '11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'
    page(requests_mock, 'JobSessions', [v8_session(denied, JOB_ID, 'Failed'), v8_session(readable, JOB_ID, 'Failed')])
    page(requests_mock, 'Jobs', [{'id': JOB_ID, 'name': JOB_NAME}])
    page(requests_mock, 'CopyJobs', [])
    requests_mock.get('%s/v8/JobSessions/%s/LogItems' % (BASE, denied), status_code=403,
                      json={'message': 'Access is denied.', 'errorCode': 'ResourceAccessDenied', 'stackTrace': None})
    page(requests_mock, 'JobSessions/%s/LogItems' % readable, [{'id': 'l1', 'type': 'Error', 'message': 'Mailbox x failed'}])
    result = run_module(job_session_info, args(id=None, include_log=True))
    assert 'failed' not in result
    first, second = result['job_sessions']
    assert first['log'] == [] and 'HTTP 403: Access is denied.' in first['log_error']
    assert [item['message'] for item in second['log']] == ['Mailbox x failed'] and second['log_error'] is None


def test_a_wait_follows_the_retry_the_server_makes_of_a_failed_run(requests_mock, run_module, clock):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'expires_in': 3600})
    failed, retry = '11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'
    main = v8_session(failed, JOB_ID, 'Failed', jobWillBeRetried=True)
    running_retry = v8_session(retry, JOB_ID, 'Running', mainSessionId=failed, retryCount=1, endTime=None)
    done_retry = v8_session(retry, JOB_ID, 'Success', mainSessionId=failed, retryCount=1, jobWillBeRetried=False)
    page(requests_mock, 'Jobs', [{'id': JOB_ID, 'name': JOB_NAME,
                                  'schedulePolicy': {'retryEnabled': True, 'retryWaitInterval': 10}}])
    page(requests_mock, 'CopyJobs', [])
    # The job's listing: first only the failed run, then the retry appears; the retry is read until it ends.
    requests_mock.get(BASE + '/v8/JobSessions', [dict(json={'offset': 0, 'limit': 1, 'results': [main]}),
                                                 dict(json={'offset': 0, 'limit': 5, 'results': [main]}),
                                                 dict(json={'offset': 0, 'limit': 5, 'results': [running_retry, main]})])
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, retry), json=done_retry)
    without = run_module(job_session_info, args(id=None, job_name=JOB_NAME, latest=True))
    assert without['job_session']['retry_expected_time'] == '2026-11-28T22:40:00Z'
    result = run_module(job_session_info, args(id=None, job_name=JOB_NAME, latest=True, wait=True, wait_timeout=60,
                                               wait_interval=10))
    session = result['job_session']
    assert session['id'] == retry and session['status'] == 'Success' and session['main_session_id'] == failed
    assert session['job_name'] == JOB_NAME and session['retry_expected_time'] is None


def test_a_wait_polls_at_its_deadline_and_quotes_wait_timeout(server, run_module, clock, fixture_loader):
    running = dict(fixture_loader('seed_v5_session.json'), status='Running', endTime=None)
    server.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), json=running)
    result = run_module(job_session_info, args(wait=True, wait_timeout=5, wait_interval=2))
    assert result['failed'] is True
    assert result['msg'].startswith('Timed out after 5 seconds waiting for job session %s to finish' % SESSION_ID)
    assert result['elapsed_seconds'] == 5


def test_a_negative_limit_is_refused_before_any_request(server, run_module):
    result = run_module(job_session_info, args(id=None, limit=-1))
    assert result['failed'] is True and 'Invalid limit -1' in result['msg']
    assert server.call_count == 0


def test_credentials_are_required(server, run_module):
    result = run_module(job_session_info, dict(server='vb365.example.com', id=SESSION_ID))
    assert result['failed'] is True and 'access_token, username' in result['msg']


def test_environment_variables_supply_the_connection(server, run_module, monkeypatch):
    monkeypatch.setenv('VB365_SERVER', 'vb365.example.com')
    monkeypatch.setenv('VB365_USERNAME', 'CORP\\vbo-admin')
    monkeypatch.setenv('VB365_PASSWORD', PASSWORD)
    monkeypatch.setenv('VB365_API_VERSION', 'v8')
    result = run_module(job_session_info, dict(id=SESSION_ID))
    assert result['job_session']['id'] == SESSION_ID


def test_an_unexpected_error_is_one_clear_message_without_secrets(server, run_module, monkeypatch):
    def explode(raw):
        raise RuntimeError('boom with %s' % PASSWORD)

    from ansible_collections.vb365.backup.plugins.module_utils import _session_reads

    monkeypatch.setattr(_session_reads, 'normalize_session', explode)
    result = run_module(job_session_info, args())
    assert result['failed'] is True
    assert result['msg'].startswith('Unexpected error (please report it')
    assert PASSWORD not in result['msg'] and 'exception' not in result


@pytest.mark.parametrize('given, hint', [
    (dict(server=None), 'missing required arguments: server. Give server in the task, in module_defaults '
                        '(group/vb365.backup.vb365) or as VB365_SERVER.'),
    (dict(password=None), 'parameters are required together: username, password. Give username and password in the '
                          'task, in module_defaults (group/vb365.backup.vb365) or as VB365_USERNAME and VB365_PASSWORD.'),
])
def test_a_missing_connection_option_names_the_three_places_to_give_it(requests_mock, run_module, monkeypatch, given, hint):
    for name in ('VB365_SERVER', 'VB365_USERNAME', 'VB365_PASSWORD', 'VB365_ACCESS_TOKEN'):
        monkeypatch.delenv(name, raising=False)
    result = run_module(job_session_info, args(**given))
    assert result['failed'] is True
    assert result['msg'] == hint
    assert requests_mock.call_count == 0


def test_without_requests_the_message_gives_the_install_command_for_this_python(requests_mock, run_module, monkeypatch):
    import sys
    from ansible_collections.vb365.backup.plugins.module_utils import _runner

    monkeypatch.setattr(_runner, 'requests', None)
    result = run_module(job_session_info, args())
    assert result['failed'] is True
    assert '%s -m pip install requests' % sys.executable in result['msg']
    assert 'exception' not in result and requests_mock.call_count == 0


@pytest.mark.parametrize('verbosity', [0, 3, 4])
def test_a_failure_of_the_collection_carries_no_traceback_at_any_verbosity(requests_mock, run_module, verbosity):
    """AnsibleModule adds the pending exception's traceback to fail_json at -vvv: the runner calls it outside any except."""
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'expires_in': 3600})
    requests_mock.get(BASE + '/v8/JobSessions/' + SESSION_ID, status_code=404, json={'message': 'No such session.'})
    result = run_module(job_session_info, dict(args(), _ansible_verbosity=verbosity))
    assert result['failed'] is True and 'No such session' in result['msg']
    assert 'exception' not in result
