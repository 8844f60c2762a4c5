# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The client against servers that misbehave on purpose: the simulator's hostile-server rules and
extra listeners (tests/simulator/README.md), over real HTTPS on loopback."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import time
from urllib.parse import quote, quote_plus

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults, validate_connection_params
from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365ApiError,
    Vb365AuthError,
    Vb365ConnectionError,
    Vb365InputError,
    Vb365ResponseError,
)
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session

from .hostile_helpers import PASSWORD, SEED_DATA, USERNAME, ConnectProxy, SimulatorAdmin, simulator_process

SEED_SESSION = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'
GIB = 1024 ** 3


@pytest.fixture(scope='module')
def sim(tmp_path_factory):
    with simulator_process().start(str(tmp_path_factory.mktemp('hostile-sim')), data=SEED_DATA) as running:
        yield running


@pytest.fixture
def admin(sim):
    admin = SimulatorAdmin(sim)
    admin.reset()
    yield admin
    admin.reset()


def client_for(sim, **overrides):
    params = connection_defaults(server='127.0.0.1', port=sim.port, username=USERNAME, password=PASSWORD,
                                 ca_path=sim.ca_path, api_version='v8', timeout=3, retries=0)
    params.update(overrides)
    validate_connection_params(params)
    return Vb365Client(params)


def read_seed(client):
    return client.get_object('JobSessions/%s' % SEED_SESSION)


# ---- 1. no redirect is followed -------------------------------------------------------------

@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
@pytest.mark.parametrize('tls', [True, False])
def test_a_redirected_token_request_sends_nothing_to_the_other_server(sim, admin, status, tls):
    recorder = admin.listener('recorder', tls=tls)
    location = '%s/v8/token?secret=%s' % (recorder['url'], quote(PASSWORD))
    admin.fault(path='token', redirect=location, status=status)
    with pytest.raises(Vb365ApiError) as caught:
        read_seed(client_for(sim))
    origin = recorder['url'].rstrip('/')
    assert 'HTTP %d' % status in caught.value.msg and 'redirect to %s' % origin in caught.value.msg
    assert 'secret' not in caught.value.msg and '/v8/token?' not in caught.value.msg
    assert [item['received'] for item in admin.listeners() if item['id'] == recorder['id']] == [[]]


def test_a_redirected_session_read_is_not_followed_to_another_host_name(sim, admin):
    admin.fault(path='jobsessions', redirect='https://localhost:%d/v8/JobSessions/%s' % (sim.port, SEED_SESSION))
    with pytest.raises(Vb365ApiError, match=r'HTTP 307, a redirect to https://localhost:%d, which is not followed' % sim.port):
        read_seed(client_for(sim))


# ---- 2. timeout bounds a whole request ----------------------------------------------------------

@pytest.mark.parametrize('rule', [
    dict(drip_ms=1000),
    dict(drip_headers_ms=1000),
    dict(continue_ms=1000),
    dict(stall_after_headers=True),
], ids=['drip body', 'drip headers', '100 continue', 'stall after headers'])
def test_a_dripping_or_stalling_server_ends_the_request_at_timeout(sim, admin, rule):
    admin.fault(path='jobsessions', method='GET', **rule)
    client = client_for(sim)
    client.ensure_api_version()
    started = time.monotonic()
    with pytest.raises(Vb365ConnectionError, match='no complete answer within 3 seconds') as caught:
        read_seed(client)
    elapsed = time.monotonic() - started
    assert 2.9 < elapsed < 4.5, elapsed
    assert 'cannot connect' not in caught.value.msg


def test_a_dripped_token_answer_is_bounded_too(sim, admin):
    admin.fault(path='token', drip_ms=1000)
    started = time.monotonic()
    with pytest.raises(Vb365ConnectionError, match='within 3 seconds'):
        read_seed(client_for(sim))
    assert time.monotonic() - started < 4.5


# ---- 3. memory is bounded -------------------------------------------------------------------------

PEAK_SCRIPT = r'''
import json, sys
from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error
port, ca_path, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
client = Vb365Client(connection_defaults(server='127.0.0.1', port=port, username='CORP\\vbo-admin', password=password,
                                         ca_path=ca_path, api_version='v8', timeout=60, retries=0))
try:
    client.get('JobSessions/a8cf9a63-64c3-4748-9c95-b1fbac0cce1d')
    msg = None
except Vb365Error as e:
    msg = e.msg
with open('/proc/self/status') as f:
    peak = [int(line.split()[1]) for line in f if line.startswith('VmHWM:')][0]
print(json.dumps(dict(msg=msg, peak_kib=peak)))
'''


@pytest.mark.parametrize('rule', [dict(gzip_bomb=GIB), dict(oversize=GIB)], ids=['1 GiB gzip bomb', '1 GiB body'])
def test_a_huge_or_inflating_body_fails_cleanly_under_256_mib(sim, admin, rule):
    admin.fault(path='jobsessions', method='GET', **rule)
    started = time.monotonic()
    done = subprocess.run([sys.executable, '-c', PEAK_SCRIPT, str(sim.port), sim.ca_path, PASSWORD],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ), check=True)
    result = json.loads(done.stdout)
    assert result['msg'] and 'larger than the 64 MiB the client reads' in result['msg']
    assert result['peak_kib'] < 256 * 1024, result
    print('%s: %.1f s, peak %d MiB' % (list(rule)[0], time.monotonic() - started, result['peak_kib'] // 1024))


def test_a_real_page_of_10000_sessions_is_far_below_the_body_cap(tmp_path):
    with simulator_process().start(str(tmp_path), data=SEED_DATA, sessions=10000) as big:
        client = client_for(big, timeout=60)
        client.login()
        response = client._send_once('GET', '/v8/JobSessions?limit=10000', authorized=True)
    assert len(response.content) < 16 * 1024 * 1024
    print('a page of 10,000 v8 sessions: %.1f MiB' % (len(response.content) / 1048576.0))


# ---- 4. paging cannot loop --------------------------------------------------------------------------

@pytest.mark.parametrize('mode, message', [
    ('ignore_offset', 'asked for offset 2, it answered the page at offset 0'),
    ('repeat', 'repeats an earlier page'),
])
def test_paging_that_does_not_move_forward_is_an_error(sim, admin, mode, message):
    admin.fault(path='jobsessions', method='GET', paging=mode)
    with pytest.raises(Vb365ResponseError, match=message):
        list(client_for(sim).iter_items('JobSessions', page_size=2))


def test_paging_with_a_next_link_past_the_end_still_ends(sim, admin):
    honest = len(list(client_for(sim).iter_items('JobSessions', page_size=3)))
    admin.fault(path='jobsessions', method='GET', paging='always_next')
    assert len(list(client_for(sim).iter_items('JobSessions', page_size=3))) == honest > 0


# ---- 5. no secret in any form -----------------------------------------------------------------------

def secret_forms(secret):
    return [secret, quote(secret, safe=''), quote(secret), quote_plus(secret), json.dumps(secret)[1:-1], repr(secret)[1:-1]]


def test_an_echoed_token_form_shows_no_form_of_the_password(sim, admin):
    admin.fault(path='token', echo='body')
    with pytest.raises(Vb365AuthError) as caught:
        read_seed(client_for(sim))
    assert 'The request is invalid' in caught.value.msg and '********' in caught.value.msg
    assert not [form for form in secret_forms(PASSWORD) if form in caught.value.msg]


def test_echoed_request_headers_show_no_token(sim, admin):
    client = client_for(sim)
    client.ensure_api_version()
    admin.fault(path='jobsessions', echo='headers')
    with pytest.raises(Vb365ApiError) as caught:
        read_seed(client)
    assert 'Authorization: Bearer ********' in caught.value.msg
    assert client.auth.token.access_token not in caught.value.msg


@pytest.mark.parametrize('token', ['abc\ndef', 'abc def', 'abc\x00def', '\t\n', 'abc\u00e9def'])
def test_an_access_token_a_header_cannot_carry_is_refused_before_any_request(sim, token):
    with pytest.raises(Vb365InputError) as caught:
        client_for(sim, username=None, password=None, access_token=token)
    assert token.strip() not in caught.value.msg or not token.strip()


def test_a_trailing_newline_of_an_access_token_is_stripped(sim, admin):
    token = client_for(sim).login().access_token
    assert read_seed(client_for(sim, username=None, password=None, access_token=token + '\n'))['id'] == SEED_SESSION


# ---- 6. hostile values are typed ----------------------------------------------------------------------

@pytest.mark.parametrize('retry_after', ['\u00b2', '\u0663', '9' * 5000, 'Fri, 31 Dec 9999 23:59:59 GMT', 'Mon, 01 Jan 0001 00:00:00 GMT'])
def test_odd_retry_after_values_are_a_bounded_wait(sim, admin, retry_after):
    admin.fault(path='jobsessions', method='GET', times=1, status=503, headers={'Retry-After': retry_after})
    client = client_for(sim, retries=1)
    assert read_seed(client)['id'] == SEED_SESSION
    assert len(client.clock.slept) == 1 and 0 <= client.clock.slept[0] <= 60


@pytest.mark.parametrize('expires_in', ['1e999', '-5', '3600.5', '9' * 5000, '"soon"'])
def test_odd_token_lifetimes_do_not_fail_the_task(sim, admin, expires_in):
    admin.fault(path='token', times=1, override_raw={'expires_in': expires_in})
    assert read_seed(client_for(sim))['id'] == SEED_SESSION


@pytest.mark.parametrize('field, raw', [
    ('endTime', '"0001-01-01T00:30:00+01:00"'),
    ('creationTime', '"9999-12-31T23:59:59-01:00"'),
    ('progress', '9' * 5000),
    ('statistics.processedObjects', '-1e400'),
])
def test_one_odd_field_becomes_null_and_the_status_still_shows(sim, admin, field, raw):
    admin.fault(path='jobsessions', method='GET', override_raw={field: raw})
    session = normalize_session(read_seed(client_for(sim)))
    assert session['status'] == 'Success'
    assert session['progress'] is None or field != 'progress'
    assert session['statistics']['processed_objects'] is None or field != 'statistics.processedObjects'


def test_json_nested_100000_deep_is_a_bad_body(sim, admin):
    admin.fault(path='jobsessions', method='GET', nested=100000)
    with pytest.raises(Vb365ResponseError, match='bad body'):
        read_seed(client_for(sim))


# ---- 7. messages name the real cause ----------------------------------------------------------------------

def test_plain_http_on_the_port_says_it_does_not_speak_https(sim, admin):
    plain = admin.listener('plain')
    with pytest.raises(Vb365ConnectionError, match=r'does not speak HTTPS.*check `port`') as caught:
        read_seed(client_for(sim, port=plain['port']))
    assert 'ca_path' not in caught.value.msg


def test_a_certificate_for_another_name_is_named_and_ca_path_is_not_blamed(sim, admin):
    wrong = admin.listener('wrong_host')
    with pytest.raises(Vb365ConnectionError, match=r'the certificate is for wrong-host\.vb365sim\.invalid, not for 127\.0\.0\.1') as caught:
        read_seed(client_for(sim, port=wrong['port']))
    assert 'give that CA' not in caught.value.msg


@pytest.mark.parametrize('server', ['127.0.0.1:4443', '[::1]:4443', 'localhost:4443', '::1:4443:x'])
def test_a_port_in_server_is_refused_before_any_request(server):
    with pytest.raises(Vb365InputError, match="the port goes in the 'port' option"):
        validate_connection_params(connection_defaults(server=server, username=USERNAME, password=PASSWORD))


# ---- 8. proxies are deliberate ----------------------------------------------------------------------

@pytest.mark.parametrize('no_proxy, use_proxy, tunnelled', [
    (None, True, True),
    ('127.0.0.1', True, False),
    (None, False, False),
])
def test_https_proxy_is_used_unless_no_proxy_or_use_proxy_false(sim, admin, monkeypatch, no_proxy, use_proxy, tunnelled):
    with ConnectProxy() as proxy:
        monkeypatch.setenv('HTTPS_PROXY', proxy.url)
        monkeypatch.delenv('https_proxy', raising=False)
        for name in ('NO_PROXY', 'no_proxy'):
            monkeypatch.delenv(name, raising=False)
        if no_proxy:
            monkeypatch.setenv('NO_PROXY', no_proxy)
        assert read_seed(client_for(sim, use_proxy=use_proxy))['id'] == SEED_SESSION
    assert bool(proxy.requests) is tunnelled
    # http.client tunnels with HTTP/1.0 before Python 3.12, HTTP/1.1 from then on.
    assert all(line.startswith('CONNECT 127.0.0.1:%d HTTP/1.' % sim.port) for line in proxy.requests)


def test_a_dripping_server_behind_a_proxy_is_bounded_too(sim, admin, monkeypatch):
    admin.fault(path='jobsessions', method='GET', drip_ms=1000)
    with ConnectProxy() as proxy:
        monkeypatch.setenv('HTTPS_PROXY', proxy.url)
        for name in ('NO_PROXY', 'no_proxy', 'https_proxy'):
            monkeypatch.delenv(name, raising=False)
        client = client_for(sim)
        client.ensure_api_version()
        started = time.monotonic()
        with pytest.raises(Vb365ConnectionError, match='within 3 seconds'):
            read_seed(client)
        assert time.monotonic() - started < 4.5
    assert proxy.requests
