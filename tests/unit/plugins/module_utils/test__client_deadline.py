# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A wait's deadline (``Vb365Client.time_limit``, wait_timeout) is respected by each request and retry; bodies
without a Content-Length are capped as they are read; a redirect's body is never read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip

import pytest
import requests

from ansible_collections.vb365.backup.plugins.module_utils import _transport
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ApiError, Vb365Error, Vb365ConnectionError, Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._wait import wait_for_session

from .test__client import BASE, SESSION_ID, make_client, token_body

SESSION_URL = '%s/v8/JobSessions/%s' % (BASE, SESSION_ID)


def logged_in(requests_mock, **overrides):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    client = make_client(api_version='v8', **overrides)
    client.login()
    return client


def timeouts_of_each_request(monkeypatch):
    """The list of the ``timeout`` each request is sent with, filled as requests go out."""
    seen = []
    original = requests.Session.request

    def spy(self, method, url, **kwargs):
        seen.append(kwargs['timeout'])
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, 'request', spy)
    return seen


def test_a_retry_whose_pause_would_pass_the_deadline_is_not_made(requests_mock):
    client = logged_in(requests_mock, retries=3)
    requests_mock.get(SESSION_URL, status_code=503, headers={'Retry-After': '50'})
    with client.time_limit(client.clock.monotonic() + 10), pytest.raises(Vb365ApiError, match='HTTP 503'):
        client.get('JobSessions/%s' % SESSION_ID)
    assert client.slept == [] and requests_mock.call_count == 2


def test_each_request_gets_at_most_the_time_left(requests_mock, monkeypatch):
    client = logged_in(requests_mock, timeout=30)
    requests_mock.get(SESSION_URL, json={'id': SESSION_ID})
    seen = timeouts_of_each_request(monkeypatch)
    with client.time_limit(client.clock.monotonic() + 4.5):
        client.get('JobSessions/%s' % SESSION_ID)
        client.clock.now += 10
        with pytest.raises(Vb365ConnectionError, match='deadline'):
            client.get('JobSessions/%s' % SESSION_ID)
    assert seen == [4.5]
    client.get('JobSessions/%s' % SESSION_ID)  # outside the block: the whole timeout again
    assert seen == [4.5, 30]


def test_time_limits_nest_and_the_nearer_one_wins(requests_mock, monkeypatch):
    client = logged_in(requests_mock, timeout=30)
    requests_mock.get(SESSION_URL, json={'id': SESSION_ID})
    seen = timeouts_of_each_request(monkeypatch)
    now = client.clock.monotonic()
    with client.time_limit(now + 5):
        with client.time_limit(now + 20):
            client.get('JobSessions/%s' % SESSION_ID)
        with client.time_limit(now + 2):
            client.get('JobSessions/%s' % SESSION_ID)
    assert seen == [5, 2]


def test_a_wait_sets_the_deadline_for_its_polls_and_restores_it(requests_mock):
    client = logged_in(requests_mock, retries=3)
    requests_mock.get(SESSION_URL, status_code=503, headers={'Retry-After': '40'})
    session = dict(id=SESSION_ID, status='Running', is_finished=False, job_name=None)
    with pytest.raises(Vb365Error, match='Timed out after 60 seconds'):
        wait_for_session(client, session, timeout=60, interval=15)
    # Polls may run until 60 s + one request's time (timeout 30): 90 s. The poll at 15 s pauses 40 s for
    # its first retry; a second pause would end past 90 s, so that poll fails (tolerated: transient). The
    # last poll is at the deadline, 60 s; its retry pause would also end past 90 s. Then the wait ends.
    assert client.slept == [15, 40, 5] and client._deadline is None
    assert requests_mock.call_count == 1 + 3


def test_the_last_poll_at_the_deadline_has_a_whole_request_time(requests_mock, monkeypatch):
    client = logged_in(requests_mock, timeout=30)
    requests_mock.get(SESSION_URL, [{'json': dict(id=SESSION_ID, status='Running')},
                                    {'json': dict(id=SESSION_ID, status='Success', endTime='2026-12-01T00:00:00Z')}])
    seen = timeouts_of_each_request(monkeypatch)
    session = dict(id=SESSION_ID, status='Running', is_finished=False, job_name=None, job_will_be_retried=None)
    finished = wait_for_session(client, session, timeout=20, interval=15)
    assert finished['status'] == 'Success'
    assert client.slept == [15, 5]
    # Each poll may take its whole `timeout` (the deadline of the polls is 20 + 30 s).
    assert seen[0] == 30 and seen[1] == 30


def test_a_body_without_length_is_capped_as_it_is_read(requests_mock, monkeypatch):
    monkeypatch.setattr(_transport, 'MAX_BODY_BYTES', 1000)
    client = logged_in(requests_mock)
    monkeypatch.setattr(_transport.read_body, '__defaults__', (1000,))
    requests_mock.get(SESSION_URL, content=b'{"pad": "' + b'x' * 5000 + b'"}')
    with pytest.raises(Vb365ResponseError, match='larger than'):
        client.get('JobSessions/%s' % SESSION_ID)


def test_a_gzip_body_is_capped_by_its_inflated_size(requests_mock, monkeypatch):
    client = logged_in(requests_mock)
    monkeypatch.setattr(_transport.read_body, '__defaults__', (1000,))
    small = gzip.compress(b' ' * 100000 + b'{}')
    assert len(small) < 1000
    requests_mock.get(SESSION_URL, content=small, headers={'Content-Encoding': 'gzip'})
    with pytest.raises(Vb365ResponseError, match='larger than'):
        client.get('JobSessions/%s' % SESSION_ID)
    requests_mock.get(SESSION_URL, content=gzip.compress(b'{"id": "%s"}' % SESSION_ID.encode()), headers={'Content-Encoding': 'gzip'})
    assert client.get('JobSessions/%s' % SESSION_ID) == {'id': SESSION_ID}


@pytest.mark.parametrize('encoding, body', [('br', b'xx'), ('gzip', b'not gzip at all')])
def test_an_unknown_or_corrupt_encoding_is_a_bad_body(requests_mock, encoding, body):
    client = logged_in(requests_mock)
    requests_mock.get(SESSION_URL, content=body, headers={'Content-Encoding': encoding})
    with pytest.raises(Vb365ResponseError, match='bad body'):
        client.get('JobSessions/%s' % SESSION_ID)


def test_a_redirect_body_is_never_read(requests_mock, monkeypatch):
    client = logged_in(requests_mock)
    read = []
    monkeypatch.setattr(_transport, 'read_body', lambda response, *a: read.append(response))
    requests_mock.get(SESSION_URL, status_code=302, headers={'Location': 'https://evil.example.net:8443/x?token=1'},
                      content=b'x' * 100000)
    with pytest.raises(Vb365ApiError, match=r'HTTP 302, a redirect to https://evil\.example\.net:8443, which') as caught:
        client.get('JobSessions/%s' % SESSION_ID)
    assert 'token=1' not in caught.value.msg and read == []
