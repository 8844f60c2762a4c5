# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The token module end to end, from its arguments to the JSON it prints, with HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
from urllib.parse import parse_qs

import pytest

from ansible_collections.vb365.backup.plugins.modules import token

BASE = 'https://vb365.example.com:4443'
PASSWORD = 'S3cret-Passw0rd!'
TOKEN = 'AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA-access'
REFRESH = 'refresh-3e0b1c7a9f1d4c2c8b7f'
OLD_TOKEN = 'an-older-token-from-module-defaults'


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password=PASSWORD)
    values.update(overrides)
    return dict((k, v) for k, v in values.items() if v is not None)


def token_body(expires_in=3600):
    body = {'access_token': TOKEN, 'refresh_token': REFRESH, 'token_type': 'bearer'}
    if expires_in is not None:
        body['expires_in'] = expires_in
    return body


def form_of(request):
    return dict((k, v[0]) for k, v in parse_qs(request.text).items())


def test_gets_a_token_with_one_request_and_returns_it_with_the_version(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    before = datetime.datetime.now(datetime.timezone.utc)
    result = run_module(token, args())
    assert result['changed'] is False
    assert result['access_token'] == TOKEN
    assert result['api_version'] == 'v8'
    assert result['expires_in'] in (3599, 3600)
    expires_at = datetime.datetime.strptime(result['expires_at'], '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
    assert 3590 <= (expires_at - before).total_seconds() <= 3610
    assert requests_mock.call_count == 1
    form = form_of(requests_mock.last_request)
    assert form['grant_type'] == 'password' and form['username'] == 'CORP\\vbo-admin'
    assert form['disable_antiforgery_token'] == 'true'


def test_the_refresh_token_and_the_password_are_not_returned(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    result = run_module(token, args())
    assert REFRESH not in str(result) and PASSWORD not in str(result)
    assert sorted(set(result) - {'invocation'}) == ['access_token', 'api_version', 'changed', 'expires_at', 'expires_in']


def test_auto_steps_down_to_the_version_the_server_serves(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', status_code=404, text='')
    requests_mock.post(BASE + '/v7/token', status_code=404, text='')
    requests_mock.post(BASE + '/v6/token', json=token_body())
    result = run_module(token, args())
    assert result['api_version'] == 'v6'
    assert 'disable_antiforgery_token' not in form_of(requests_mock.last_request)


def test_a_fixed_version_asks_that_version_only(requests_mock, run_module):
    requests_mock.post(BASE + '/v5/token', json=token_body())
    result = run_module(token, args(api_version='v5'))
    assert result['api_version'] == 'v5'
    assert [r.path for r in requests_mock.request_history] == ['/v5/token']


def test_check_mode_gets_a_token_too(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    result = run_module(token, dict(args(), _ansible_check_mode=True))
    assert result['access_token'] == TOKEN and result['changed'] is False
    assert requests_mock.call_count == 1


def test_without_a_lifetime_the_expiry_is_null(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json=token_body(expires_in=None))
    result = run_module(token, args())
    assert result['expires_in'] is None and result['expires_at'] is None


def test_an_access_token_given_is_not_used_a_new_one_is_got(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    result = run_module(token, args(access_token=OLD_TOKEN))
    assert result['access_token'] == TOKEN
    assert 'Authorization' not in requests_mock.last_request.headers


def test_an_access_token_alone_is_refused_before_any_request(requests_mock, run_module):
    result = run_module(token, dict(server='vb365.example.com', access_token=OLD_TOKEN))
    assert result['failed'] is True
    assert 'token needs username and password' in result['msg']
    assert OLD_TOKEN not in str(result)
    assert requests_mock.call_count == 0


def test_credentials_are_required(requests_mock, run_module):
    result = run_module(token, dict(server='vb365.example.com'))
    assert result['failed'] is True and 'access_token, username' in result['msg']


def test_a_password_without_a_user_name_is_refused(requests_mock, run_module):
    result = run_module(token, dict(server='vb365.example.com', password=PASSWORD))
    assert result['failed'] is True
    assert PASSWORD not in str(result)


def test_bad_credentials_fail_clearly_without_the_password(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', status_code=400,
                       json={'error': 'invalid_grant', 'error_description': 'The user name or password is incorrect.'})
    result = run_module(token, args())
    assert result['failed'] is True
    assert result['msg'].startswith('Failed to authenticate as ')
    assert 'vbo-admin' in result['msg'] and ' on %s (POST /v8/token): HTTP 400' % BASE in result['msg']
    assert 'user name or password is incorrect' in result['msg']
    assert PASSWORD not in str(result) and 'access_token' not in result


def test_a_server_given_as_a_url_is_refused_before_any_request(requests_mock, run_module):
    result = run_module(token, args(server='https://vb365.example.com:4443/v8'))
    assert result['failed'] is True and 'without a scheme, port or path' in result['msg']
    assert requests_mock.call_count == 0


def test_a_token_response_without_a_token_fails_without_quoting_it(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', json={'token': 'somewhere-else-' + TOKEN})
    result = run_module(token, args())
    assert result['failed'] is True and 'no access_token' in result['msg']
    assert TOKEN not in str(result)


def test_the_module_is_in_the_action_group():
    import os
    import yaml
    runtime = os.path.join(os.path.dirname(token.__file__), '..', '..', 'meta', 'runtime.yml')
    with open(runtime) as f:
        assert 'token' in yaml.safe_load(f)['action_groups']['vb365']


@pytest.mark.parametrize('option', ['password', 'access_token'])
def test_secret_options_are_no_log(option):
    assert token.argument_spec()[option]['no_log'] is True
