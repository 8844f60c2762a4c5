# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The HTTP client, with requests mocked at the transport (requests-mock) so our own code runs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import email.utils
from urllib.parse import parse_qs

import pytest
import requests

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365ApiError,
    Vb365AuthError,
    Vb365ConnectionError,
    Vb365NotFoundError,
    Vb365ResponseError,
)

BASE = 'https://vb365.example.com:4443'
PASSWORD = 'S3cret-Passw0rd!'
TOKEN = 'AQAAANCMnd8BFdERjHoAwE_Cl-sBAAAA-access'
REFRESH = 'refresh-3e0b1c7a9f1d4c2c8b7f'
SESSION_ID = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'


def make_client(**overrides):
    params = connection_defaults(server='vb365.example.com', username='CORP\\vbo-admin', password=PASSWORD, timeout=7)
    params.update(overrides)
    client = Vb365Client(params)
    # The waits between retries, recorded by a fake clock of its own (FakeClock, tests/unit/conftest.py) instead of slept.
    client.clock = type(Vb365Client.clock)()
    client.slept = client.clock.slept
    return client


def token_body(access=TOKEN, refresh=REFRESH, expires_in=3600):
    return {'access_token': access, 'refresh_token': refresh, 'token_type': 'bearer', 'expires_in': expires_in}


def form_of(request):
    return dict((k, v[0]) for k, v in parse_qs(request.text).items())


@pytest.mark.parametrize('version, antiforgery', [('v5', None), ('v6', None), ('v7', 'true'), ('v8', 'true')])
def test_password_grant_is_form_encoded_with_antiforgery_only_on_v7_and_v8(requests_mock, version, antiforgery):
    requests_mock.post('%s/%s/token' % (BASE, version), json=token_body())
    requests_mock.get('%s/%s/JobSessions/%s' % (BASE, version, SESSION_ID), json={'id': SESSION_ID})
    client = make_client(api_version=version)
    assert client.get('JobSessions/%s' % SESSION_ID) == {'id': SESSION_ID}
    token_request, get_request = requests_mock.request_history
    assert token_request.headers['Content-Type'] == 'application/x-www-form-urlencoded'
    form = form_of(token_request)
    assert form['grant_type'] == 'password' and form['username'] == 'CORP\\vbo-admin' and form['password'] == PASSWORD
    assert form.get('disable_antiforgery_token') == antiforgery
    assert get_request.headers['Authorization'] == 'Bearer %s' % TOKEN
    assert client.api_version == version


def test_auto_steps_down_on_404_and_reports_the_version_used(requests_mock):
    requests_mock.post(BASE + '/v8/token', status_code=404)
    requests_mock.post(BASE + '/v7/token', status_code=404, text='<html>Not Found</html>')
    requests_mock.post(BASE + '/v6/token', json=token_body())
    requests_mock.get('%s/v6/JobSessions/%s' % (BASE, SESSION_ID), json={'id': SESSION_ID})
    client = make_client()
    client.get('JobSessions/%s' % SESSION_ID)
    assert client.api_version == 'v6'
    assert [r.path for r in requests_mock.request_history] == ['/v8/token', '/v7/token', '/v6/token', '/v6/jobsessions/%s' % SESSION_ID]


def test_auto_on_a_current_server_costs_exactly_two_requests(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), json={'id': SESSION_ID})
    make_client().get('JobSessions/%s' % SESSION_ID)
    assert requests_mock.call_count == 2


def test_no_version_answers(requests_mock):
    for version in ('v8', 'v7', 'v6', 'v5'):
        requests_mock.post('%s/%s/token' % (BASE, version), status_code=404)
    with pytest.raises(Vb365NotFoundError, match='no token endpoint answered for API version v8, v7, v6, v5'):
        make_client().get('Jobs')


def test_access_token_skips_authentication(requests_mock):
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), json={'id': SESSION_ID})
    client = make_client(access_token=TOKEN, username=None, password=None)
    client.get('JobSessions/%s' % SESSION_ID)
    assert requests_mock.call_count == 1
    assert requests_mock.last_request.headers['Authorization'] == 'Bearer ' + TOKEN
    assert client.api_version == 'v8'


def test_access_token_with_auto_steps_down_on_an_unknown_route_but_not_on_a_missing_id(requests_mock):
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), status_code=404,
                      json={'Message': 'No HTTP resource was found that matches the request URI'})
    requests_mock.get('%s/v7/JobSessions/%s' % (BASE, SESSION_ID), status_code=404,
                      json={'message': 'Job session %s was not found.' % SESSION_ID, 'errorCode': None})
    client = make_client(access_token=TOKEN)
    with pytest.raises(Vb365NotFoundError, match=r'GET /v7/JobSessions/%s .*HTTP 404: Job session .* was not found' % SESSION_ID):
        client.get('JobSessions/%s' % SESSION_ID)
    assert requests_mock.call_count == 2


def test_a_refused_access_token_fails_without_retrying(requests_mock):
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), status_code=401, text='')
    client = make_client(access_token=TOKEN, api_version='v8')
    with pytest.raises(Vb365AuthError, match='access token was refused') as caught:
        client.get('JobSessions/%s' % SESSION_ID)
    assert requests_mock.call_count == 1
    assert TOKEN not in caught.value.msg


def test_an_expired_token_is_renewed_once_by_refresh_token(requests_mock):
    requests_mock.post(BASE + '/v8/token', [{'json': token_body()}, {'json': token_body(access='second-token')}])
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID),
                      [{'status_code': 401, 'text': ''}, {'json': {'id': SESSION_ID}}])
    client = make_client()
    assert client.get('JobSessions/%s' % SESSION_ID) == {'id': SESSION_ID}
    refresh_form = form_of(requests_mock.request_history[2])
    assert refresh_form == {'grant_type': 'refresh_token', 'refresh_token': REFRESH, 'disable_antiforgery_token': 'true'}
    assert requests_mock.last_request.headers['Authorization'] == 'Bearer second-token'


def test_a_second_401_fails_clearly(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), status_code=401, text='')
    with pytest.raises(Vb365AuthError, match='refused even after authenticating again'):
        make_client().get('JobSessions/%s' % SESSION_ID)


@pytest.mark.parametrize('body, said', [
    ({'error': 'invalid_grant', 'error_description': 'The user name or password is incorrect.'}, 'The user name or password is incorrect'),
    ({'message': 'Access denied.'}, 'Access denied'),
    ({'error': 'unsupported_grant_type'}, 'unsupported_grant_type'),
])
def test_bad_credentials_name_the_user_the_server_and_what_it_said(requests_mock, body, said):
    requests_mock.post(BASE + '/v8/token', status_code=400, json=body)
    with pytest.raises(Vb365AuthError) as caught:
        make_client().get('Jobs')
    msg = caught.value.msg
    assert "authenticate as 'CORP\\vbo-admin' on %s (POST /v8/token): HTTP 400: %s. Check username" % (BASE, said) in msg
    assert PASSWORD not in msg


def test_server_errors_name_server_request_and_message(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', status_code=500,
                      json={'message': 'Database is down', 'errorCode': 'HttpError', 'stackTrace': None})
    with pytest.raises(Vb365ApiError) as caught:
        make_client().get('Jobs')
    assert caught.value.msg == 'Failed to GET /v8/Jobs on %s: HTTP 500: Database is down (HttpError) (gave up after 4 attempts)' % BASE
    assert caught.value.result() == {'msg': caught.value.msg, 'status': 500, 'request': 'GET /v8/Jobs', 'attempts': 4}


def test_a_body_that_is_not_json_is_quoted_short_and_without_secrets(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    page = '<html><body>Proxy error %s %s</body></html>' % (TOKEN, 'x' * 500)
    requests_mock.get(BASE + '/v8/Jobs', text=page, headers={'Content-Type': 'text/html'})
    with pytest.raises(Vb365ResponseError, match=r'the body is not JSON \(HTTP 200, text/html\)') as caught:
        make_client().get('Jobs')
    assert TOKEN not in caught.value.msg and '********' in caught.value.msg
    assert len(caught.value.msg) < 400


@pytest.mark.parametrize('exc, message', [
    (requests.exceptions.ConnectTimeout, 'could not connect within 7 seconds'),
    (requests.exceptions.ReadTimeout, 'no complete answer within 7 seconds'),
    (requests.exceptions.ConnectionError, 'listens on 4443 by default'),
    (requests.exceptions.SSLError, 'give that CA in ca_path'),
])
def test_transport_failures_become_connection_errors(requests_mock, exc, message):
    requests_mock.post(BASE + '/v8/token', exc=exc)
    with pytest.raises(Vb365ConnectionError, match=message):
        make_client().get('Jobs')


def test_every_request_has_timeout_and_verify(requests_mock, monkeypatch):
    # requests lets these override a session-level verify; ca_path must win over them.
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/certs/ca-certificates.crt')
    monkeypatch.setenv('CURL_CA_BUNDLE', '/etc/ssl/certs/ca-certificates.crt')
    seen = []
    original = requests.Session.request

    def spy(self, method, url, **kwargs):
        seen.append((kwargs.get('timeout'), kwargs.get('verify')))
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, 'request', spy)
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', json=[])
    make_client(ca_path='/etc/pki/ca.pem').get('Jobs')
    assert seen == [(7, '/etc/pki/ca.pem'), (7, '/etc/pki/ca.pem')]


def test_validate_certs_false_warns():
    warnings = []
    client = Vb365Client(connection_defaults(server='h', username='u', password='p', api_version='v8',
                                             validate_certs=False, timeout=5), warn=warnings.append)
    assert client.session.verify is False
    assert len(warnings) == 1 and 'ca_path' in warnings[0]


def _page(offset, limit, count):
    return {'offset': offset, 'limit': limit, 'results': [{'n': offset + i} for i in range(count)]}


def test_paging_follows_pages_until_a_short_one(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/JobSessions', [{'json': _page(0, 3, 3)}, {'json': _page(3, 3, 3)}, {'json': _page(6, 3, 1)}])
    items = list(make_client().iter_items('JobSessions', page_size=3))
    assert [i['n'] for i in items] == list(range(7))
    offsets = [r.qs['offset'][0] for r in requests_mock.request_history[1:]]
    assert offsets == ['0', '3', '6']


def test_paging_trusts_a_smaller_limit_the_server_echoes(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/JobSessions', [{'json': _page(0, 2, 2)}, {'json': _page(2, 2, 0)}])
    assert len(list(make_client().iter_items('JobSessions', page_size=10000))) == 2


def test_paging_does_not_trust_a_larger_limit_the_server_echoes(requests_mock):
    # Asked for 3 a page, the server honours it but echoes 48: a 3-item page is not the last one.
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/JobSessions', [{'json': _page(0, 48, 3)}, {'json': _page(3, 48, 3)}, {'json': _page(6, 48, 1)}])
    assert [i['n'] for i in make_client().iter_items('JobSessions', page_size=3)] == list(range(7))


@pytest.mark.parametrize('echoed', [0, -5])
def test_paging_refuses_a_limit_that_cannot_move_forward(requests_mock, echoed):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/JobSessions', json=_page(0, echoed, 3))
    with pytest.raises(Vb365ResponseError, match="paging does not move forward .asked for 3 items a page, it answered limit %d" % echoed):
        list(make_client().iter_items('JobSessions', page_size=3))


def _linked_page(offset, limit, count, more):
    page = _page(offset, limit, count)
    page['_links'] = {'self': {'href': '/v8/JobSessions?offset=%d&limit=%d' % (offset, limit)}}
    if more:
        page['_links']['next'] = {'href': '/v8/JobSessions?offset=%d&limit=%d' % (offset + limit, limit)}
    return page


def test_paging_asks_on_after_a_full_page_even_without_a_next_link(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/JobSessions', [{'json': _linked_page(0, 3, 3, more=False)}, {'json': _linked_page(3, 3, 1, more=False)}])
    assert len(list(make_client().iter_items('JobSessions', page_size=3))) == 4


def test_paging_asks_on_after_a_full_page_without_links(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    unlinked = _page(0, 3, 3)
    unlinked['_links'] = 'not a map'
    requests_mock.get(BASE + '/v8/JobSessions', [{'json': unlinked}, {'json': _page(3, 3, 0)}])
    assert len(list(make_client().iter_items('JobSessions', page_size=3))) == 3
    assert requests_mock.call_count == 3


def test_paging_accepts_a_bare_array(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', json=[{'id': 1}, {'id': 2}])
    assert list(make_client().iter_items('Jobs')) == [{'id': 1}, {'id': 2}]
    assert requests_mock.call_count == 2


def test_paging_refuses_a_body_without_results(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/JobSessions', json={'message': 'odd'})
    with pytest.raises(Vb365ResponseError, match='expected a page of results'):
        list(make_client().iter_items('JobSessions'))


def test_ipv6_servers_are_bracketed():
    assert make_client(server='::1').base_url == 'https://[::1]:4443'


def test_transient_answers_are_retried_with_growing_jittered_waits(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', [{'status_code': 503, 'text': ''}, {'status_code': 502, 'text': ''},
                                          {'status_code': 504, 'text': ''}, {'json': []}])
    client = make_client()
    assert client.get('Jobs') == []
    assert requests_mock.call_count == 5
    first, second, third = client.slept
    assert 0.5 <= first <= 1 and 1 <= second <= 2 and 2 <= third <= 4


@pytest.mark.parametrize('header, expected', [('7', 7), ('600', 60)])
def test_retry_after_seconds_is_honoured_up_to_a_cap(requests_mock, header, expected):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', [{'status_code': 429, 'headers': {'Retry-After': header}, 'text': ''}, {'json': []}])
    client = make_client()
    client.get('Jobs')
    assert client.slept == [expected]


def test_retry_after_as_an_http_date(requests_mock):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=20)
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', [{'status_code': 503, 'headers': {'Retry-After': email.utils.format_datetime(when, usegmt=True)},
                                           'text': ''}, {'json': []}])
    client = make_client()
    client.get('Jobs')
    assert 17 <= client.slept[0] <= 20


def test_no_retries_when_told_so(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', status_code=503, text='')
    client = make_client(retries=0)
    with pytest.raises(Vb365ApiError) as caught:
        client.get('Jobs')
    assert 'gave up' not in caught.value.msg and requests_mock.call_count == 2 and client.slept == []


def test_a_token_request_is_retried_but_an_action_is_not(requests_mock):
    requests_mock.post(BASE + '/v8/token', [{'status_code': 503, 'text': ''}, {'json': token_body()}])
    requests_mock.get(BASE + '/v8/Jobs', json=[])
    client = make_client()
    client.get('Jobs')
    assert requests_mock.call_count == 3
    requests_mock.post(BASE + '/v8/Jobs/x/start', status_code=503, text='')
    with pytest.raises(Vb365ApiError, match='HTTP 503') as caught:
        client.post('Jobs/x/start', {'full': False})
    assert caught.value.status == 503 and 'attempts' not in caught.value.details
    assert requests_mock.call_count == 4


def test_whether_a_request_is_repeated_is_the_callers_word_not_the_paths(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', json=[])
    client = make_client()
    client.get('Jobs')
    requests_mock.post(BASE + '/v8/token', [{'status_code': 503, 'text': ''}] * 2 + [{'json': token_body()}])
    # A POST to a path that ends in /token, sent as not repeatable, is sent once.
    assert client._send('POST', '/v8/token', False).status_code == 503
    assert client._send('POST', '/v8/token', True).status_code == 200
    assert requests_mock.call_count == 2 + 1 + 2


def test_a_broken_connection_is_retried_but_a_refused_one_is_not(requests_mock):
    from urllib3.exceptions import NewConnectionError, ProtocolError
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(BASE + '/v8/Jobs', [{'exc': requests.exceptions.ConnectionError(ProtocolError('Connection aborted.',
                                                                                                    ConnectionResetError(104, 'reset')))},
                                          {'json': []}])
    client = make_client()
    assert client.get('Jobs') == [] and len(client.slept) == 1

    refused = requests.exceptions.ConnectionError(NewConnectionError(None, 'Failed to establish a new connection: [Errno 111] Connection refused'))
    requests_mock.post(BASE + '/v8/token', exc=refused)
    client = make_client()
    with pytest.raises(Vb365ConnectionError, match='cannot connect: Connection refused') as caught:
        client.get('Jobs')
    assert client.slept == [] and 'gave up' not in caught.value.msg


@pytest.mark.parametrize('body, said', [([{'id': 1}], '[{"id": 1}]'), (None, 'an empty body')])
def test_a_single_resource_must_be_an_object(requests_mock, body, said):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    if body is None:
        requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), text='')
    else:
        requests_mock.get('%s/v8/JobSessions/%s' % (BASE, SESSION_ID), json=body)
    with pytest.raises(Vb365ResponseError) as caught:
        make_client().get_object('JobSessions/%s' % SESSION_ID)
    assert caught.value.msg == 'Failed to read GET /v8/JobSessions/%s from %s: expected a JSON object, got %s.' % (SESSION_ID, BASE, said)
