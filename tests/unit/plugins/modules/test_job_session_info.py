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


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password=PASSWORD, id=SESSION_ID)
    values.update(overrides)
    # An option set to None is one the task leaves out.
    return dict((k, v) for k, v in values.items() if v is not None)


@pytest.fixture
def server(requests_mock, fixture_loader):
    requests_mock.post(BASE + '/v8/token', json={'access_token': TOKEN, 'refresh_token': 'refresh-token-value-456', 'expires_in': 3600})
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), json=fixture_loader('seed_v5_session.json'))
    return requests_mock


def test_reads_a_session_by_id(server, run_module):
    result = run_module(job_session_info, args())
    assert result['changed'] is False
    assert result['api_version'] == 'v8'
    assert result['job_session']['id'] == SESSION_ID
    assert result['job_session']['job_id'] == 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
    assert result['job_session']['statistics']['bottleneck'] == 'Source'
    assert 'ansible_facts' not in result and 'job_sessions' not in result
    assert server.call_count == 2


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
    requests_mock.get(BASE + '/v8/JobSessions', json={'offset': 0, 'limit': 2, 'results': [session, session]})
    result = run_module(job_session_info, args(id=None, limit=2))
    assert [s['id'] for s in result['job_sessions']] == [SESSION_ID, SESSION_ID]
    assert requests_mock.last_request.qs['limit'] == ['2']
    assert 'job_session' not in result


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

    monkeypatch.setattr(job_session_info, 'normalize_session', explode)
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
