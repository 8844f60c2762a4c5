# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Job actions per API version, and finding the session a start created, with HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils import _job_actions
from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ApiError, Vb365AuthError, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._job_actions import (
    action_request,
    new_session,
    perform,
    running_session,
    start_job,
)
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session

BASE = 'https://vb365.example.com:4443'
JOB_ID = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
JOB = {'id': JOB_ID, 'name': 'Exchange Online - Daily', 'job_type': 'Backup'}
OLD_ID = '11111111-1111-4111-8111-111111111111'
NEW_ID = '22222222-2222-4222-8222-222222222222'
RETRY_ID = '33333333-3333-4333-8333-333333333333'


def make_client(version):
    return Vb365Client(connection_defaults(server='vb365.example.com', username='CORP\\vbo-admin',
                                           password='S3cret-Passw0rd!', api_version=version, timeout=7))


def token(requests_mock, version, *tokens):
    requests_mock.post('%s/%s/token' % (BASE, version),
                       [dict(json={'access_token': t, 'refresh_token': 'r-' + t, 'expires_in': 3600}) for t in tokens or ('t1',)])


def raw_session(session_id, status, created, **extra):
    raw = {'id': session_id, 'jobId': JOB_ID, 'status': status, 'creationTime': created,
           'endTime': None if status in ('Running', 'Queued') else created}
    raw.update(extra)
    return raw


def session(session_id, status='Success', created='2026-11-28T10:00:00Z', **extra):
    return normalize_session(raw_session(session_id, status, created, **extra), job_name=JOB['name'])


def sessions_url(version):
    if version in ('v5', 'v6'):
        return '%s/%s/Jobs/%s/JobSessions' % (BASE, version, JOB_ID)
    return '%s/%s/JobSessions' % (BASE, version)


# ---- the request of each action on each version ------------------------------------------

@pytest.mark.parametrize('action', ['start', 'stop', 'enable', 'disable'])
def test_v5_posts_the_action_as_a_key_with_a_null_value(action):
    assert action_request('v5', JOB_ID, action) == ('Jobs/%s/action' % JOB_ID, {action: None})


@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
@pytest.mark.parametrize('full', [False, True])
def test_v6_and_later_start_with_a_full_flag(version, full):
    assert action_request(version, JOB_ID, 'start', full) == ('Jobs/%s/start' % JOB_ID, {'full': full})


@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
@pytest.mark.parametrize('action', ['stop', 'enable', 'disable'])
def test_v6_and_later_stop_enable_and_disable_have_no_body(version, action):
    assert action_request(version, JOB_ID, action) == ('Jobs/%s/%s' % (JOB_ID, action), None)


def test_v5_refuses_an_active_full_rather_than_run_an_incremental():
    with pytest.raises(Vb365InputError, match='full=true needs API v6 or later'):
        action_request('v5', JOB_ID, 'start', full=True)


def test_an_unknown_action_is_a_bug_not_a_request():
    with pytest.raises(ValueError):
        action_request('v8', JOB_ID, 'explore')


# ---- perform(): what goes over the wire ---------------------------------------------------

def test_v5_start_sends_json_and_accepts_200_with_an_empty_body(requests_mock):
    token(requests_mock, 'v5')
    post = requests_mock.post('%s/v5/Jobs/%s/action' % (BASE, JOB_ID), status_code=200, text='')
    assert perform(make_client('v5'), JOB, 'start') is None
    assert post.call_count == 1
    assert post.last_request.json() == {'start': None}
    assert post.last_request.headers['Content-Type'] == 'application/json'
    assert post.last_request.headers['Authorization'] == 'Bearer t1'


@pytest.mark.parametrize('version', ['v6', 'v7'])
def test_v6_and_v7_start_answer_204(requests_mock, version):
    token(requests_mock, version)
    post = requests_mock.post('%s/%s/Jobs/%s/start' % (BASE, version, JOB_ID), status_code=204)
    assert perform(make_client(version), JOB, 'start', full=True) is None
    assert post.last_request.json() == {'full': True}


def test_v8_start_answers_the_new_session(requests_mock):
    token(requests_mock, 'v8')
    requests_mock.post('%s/v8/Jobs/%s/start' % (BASE, JOB_ID), json=raw_session(NEW_ID, 'Queued', '2026-11-28T12:00:00Z'))
    assert perform(make_client('v8'), JOB, 'start')['id'] == NEW_ID


def test_stop_sends_no_body_on_v6_and_later(requests_mock):
    token(requests_mock, 'v8')
    post = requests_mock.post('%s/v8/Jobs/%s/stop' % (BASE, JOB_ID), status_code=204)
    perform(make_client('v8'), JOB, 'stop')
    assert post.last_request.body is None


def test_check_mode_builds_the_request_but_sends_nothing(requests_mock):
    token(requests_mock, 'v8')
    post = requests_mock.post('%s/v8/Jobs/%s/start' % (BASE, JOB_ID), status_code=204)
    assert perform(make_client('v8'), JOB, 'start', check_mode=True) is None
    assert post.call_count == 0


def test_check_mode_still_refuses_what_the_version_cannot_do(requests_mock):
    token(requests_mock, 'v5')
    with pytest.raises(Vb365InputError, match='full=true'):
        perform(make_client('v5'), JOB, 'start', full=True, check_mode=True)


def test_a_refusal_names_the_job_and_keeps_the_servers_message(requests_mock):
    token(requests_mock, 'v8')
    requests_mock.post('%s/v8/Jobs/%s/start' % (BASE, JOB_ID), status_code=400,
                       json={'message': 'Job Exchange Online - Daily is already running.', 'errorCode': 'OperationConflict',
                             'stackTrace': None})
    with pytest.raises(Vb365ApiError) as caught:
        perform(make_client('v8'), JOB, 'start')
    assert caught.value.msg == (
        "The backup job 'Exchange Online - Daily' (%s) was not started: Failed to POST /v8/Jobs/%s/start on %s: HTTP 400: "
        "Job Exchange Online - Daily is already running. (OperationConflict)" % (JOB_ID, JOB_ID, BASE))
    assert caught.value.status == 400
    assert caught.value.details['request'] == 'POST /v8/Jobs/%s/start' % JOB_ID


# ---- Vb365Client.post(): sent once, renewed once on 401 -----------------------------------

def test_post_renews_an_expired_token_once_and_sends_again(requests_mock):
    token(requests_mock, 'v6', 't1', 't2')
    post = requests_mock.post('%s/v6/Jobs/%s/enable' % (BASE, JOB_ID), [dict(status_code=401, text=''), dict(status_code=204)])
    assert make_client('v6').post('Jobs/%s/enable' % JOB_ID) is None
    assert [r.headers['Authorization'] for r in post.request_history] == ['Bearer t1', 'Bearer t2']


def test_post_fails_when_the_renewed_token_is_refused_too(requests_mock):
    token(requests_mock, 'v6', 't1', 't2')
    requests_mock.post('%s/v6/Jobs/%s/enable' % (BASE, JOB_ID), status_code=401, text='')
    with pytest.raises(Vb365AuthError):
        make_client('v6').post('Jobs/%s/enable' % JOB_ID)


def test_post_is_not_repeated_on_a_server_error(requests_mock):
    token(requests_mock, 'v7')
    post = requests_mock.post('%s/v7/Jobs/%s/start' % (BASE, JOB_ID), status_code=503, json={'message': 'busy'})
    with pytest.raises(Vb365ApiError, match='HTTP 503: busy'):
        make_client('v7').post('Jobs/%s/start' % JOB_ID, {'full': False})
    assert post.call_count == 1


def test_post_negotiates_the_version_first_with_api_version_auto(requests_mock):
    requests_mock.post(BASE + '/v8/token', status_code=404, text='')
    token(requests_mock, 'v7')
    post = requests_mock.post('%s/v7/Jobs/%s/disable' % (BASE, JOB_ID), status_code=204)
    client = make_client('auto')
    client.post('Jobs/%s/disable' % JOB_ID)
    assert client.api_version == 'v7' and post.call_count == 1


# ---- which session is running, which one a start created ----------------------------------

def test_the_running_session_is_any_unfinished_one():
    assert running_session([session(OLD_ID)]) is None
    assert running_session([]) is None
    assert running_session([session(NEW_ID, 'Queued'), session(OLD_ID)])['id'] == NEW_ID
    # Whatever order a version lists them in.
    assert running_session([session(OLD_ID), session(NEW_ID, 'Running')])['id'] == NEW_ID


def test_the_new_session_is_the_one_that_was_not_there_before():
    before = [session(OLD_ID, created='2026-11-28T10:00:00Z')]
    assert new_session(before, before) is None
    after = [session(NEW_ID, 'Queued', '2026-11-28T12:00:00Z')] + before
    assert new_session(before, after)['id'] == NEW_ID
    assert new_session(before, list(reversed(after)))['id'] == NEW_ID


def test_a_session_older_than_the_snapshot_is_not_taken_for_the_new_one():
    # It fell off the snapshot's window, it did not just start.
    before = [session(OLD_ID, created='2026-11-28T10:00:00Z')]
    older = session(RETRY_ID, created='2026-11-20T10:00:00Z')
    assert new_session(before, [older] + before) is None


def test_a_first_run_is_preferred_to_a_retry_that_appeared_at_the_same_time():
    before = [session(OLD_ID, 'Failed', '2026-11-28T10:00:00Z')]
    retry = session(RETRY_ID, 'Running', '2026-11-28T12:00:01Z', retryCount=1, mainSessionId=OLD_ID)
    ours = session(NEW_ID, 'Queued', '2026-11-28T12:00:00Z', retryCount=0)
    assert new_session(before, [retry, ours] + before)['id'] == NEW_ID


def test_any_session_is_new_for_a_job_that_never_ran():
    assert new_session([], [session(NEW_ID, 'Queued')])['id'] == NEW_ID


# ---- start_job() ---------------------------------------------------------------------------

def test_start_on_v8_takes_the_session_from_the_answer_without_looking_for_it(requests_mock):
    token(requests_mock, 'v8')
    requests_mock.post('%s/v8/Jobs/%s/start' % (BASE, JOB_ID), json=raw_session(NEW_ID, 'Queued', '2026-11-28T12:00:00Z'))
    listing = requests_mock.get(sessions_url('v8'), json={'results': []})
    started = start_job(make_client('v8'), JOB, before=[session(OLD_ID)])
    assert started['id'] == NEW_ID and started['job_name'] == JOB['name'] and started['status'] == 'Queued'
    assert listing.call_count == 0


@pytest.mark.parametrize('version', ['v5', 'v6', 'v7'])
def test_start_before_v8_polls_until_the_new_session_appears(requests_mock, version, clock):
    token(requests_mock, version)
    requests_mock.post('%s/%s/Jobs/%s/%s' % (BASE, version, JOB_ID, 'action' if version == 'v5' else 'start'),
                       status_code=200 if version == 'v5' else 204, text='')
    old = raw_session(OLD_ID, 'Success', '2026-11-28T10:00:00Z')
    new = raw_session(NEW_ID, 'Queued', '2026-11-28T12:00:00Z')
    listing = requests_mock.get(sessions_url(version), [dict(json={'results': [old]}), dict(json={'results': [new, old]})])
    started = start_job(make_client(version), JOB, before=[session(OLD_ID)])
    assert started['id'] == NEW_ID
    assert listing.call_count == 2 and clock.slept == [_job_actions.APPEAR_INTERVAL]
    if version == 'v7':
        assert listing.last_request.qs['jobid'] == [JOB_ID]


def test_start_gives_up_looking_after_the_appear_timeout(requests_mock, clock):
    token(requests_mock, 'v6')
    requests_mock.post('%s/v6/Jobs/%s/start' % (BASE, JOB_ID), status_code=204)
    requests_mock.get(sessions_url('v6'), json={'results': [raw_session(OLD_ID, 'Success', '2026-11-28T10:00:00Z')]})
    assert start_job(make_client('v6'), JOB, before=[session(OLD_ID)]) is None
    assert clock.now >= _job_actions.APPEAR_TIMEOUT
    assert clock.now < _job_actions.APPEAR_TIMEOUT + 2 * _job_actions.APPEAR_INTERVAL


def test_start_in_check_mode_sends_nothing_and_finds_nothing(requests_mock):
    token(requests_mock, 'v6')
    post = requests_mock.post('%s/v6/Jobs/%s/start' % (BASE, JOB_ID), status_code=204)
    assert start_job(make_client('v6'), JOB, before=[], check_mode=True) is None
    assert post.call_count == 0
