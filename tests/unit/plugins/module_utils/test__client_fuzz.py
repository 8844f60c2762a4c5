# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Hypothesis drives the client with arbitrary status lines, headers and bodies from a fake transport:
whatever a server sends, only the collection's own typed errors come out, and no secret in them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import io
import json
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.response import HTTPResponse

from ansible_collections.vb365.backup.plugins.module_utils._auth import parse_token_response
from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client, retry_after_seconds
from ansible_collections.vb365.backup.plugins.module_utils._http_errors import decode_json
from ansible_collections.vb365.backup.plugins.module_utils._redact import redact
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_timestamp

PASSWORD = 'p@ss w0rd/%+"\\'
TOKEN = 'given-token-0123456789'
SESSION_ID = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20)
session_like = st.fixed_dictionaries({}, optional={
    'id': st.text(max_size=40), 'status': json_values, 'endTime': st.text(max_size=40) | json_values,
    'creationTime': st.text(max_size=40), 'progress': json_values, 'statistics': json_values,
    'access_token': st.text(max_size=30), 'expires_in': json_values, 'results': st.lists(json_values, max_size=3),
    'limit': json_values, 'offset': json_values, 'message': json_values, 'error_description': json_values,
})
plain_bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    session_like.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 3000).map(lambda depth: b'[' * depth + b']' * depth),
    st.integers(4000, 6000).map(lambda digits: b'{"progress": ' + b'9' * digits + b'}'),
)
header_values = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)
headers = st.dictionaries(
    st.sampled_from(['Content-Type', 'Retry-After', 'Location', 'Content-Length', 'Content-Encoding', 'X-Other']),
    header_values, max_size=5)


@st.composite
def answers(draw):
    """One HTTP answer: status, reason, headers and body, the body maybe compressed (or claiming to be)."""
    body = draw(plain_bodies)
    answer_headers = draw(headers)
    encoding = draw(st.sampled_from([None, 'gzip', 'deflate', 'br', 'garbage']))
    if encoding == 'gzip':
        body = gzip.compress(body)
    elif encoding == 'deflate':
        body = zlib.compress(body)
    if encoding:
        answer_headers['Content-Encoding'] = encoding
    return draw(st.integers(100, 599)), draw(header_values), answer_headers, body


class FakeTransport(BaseAdapter):
    """Answers every request with the next of ``answers`` (the last one again when they run out)."""

    def __init__(self, answers_to_give):
        super(FakeTransport, self).__init__()
        self.answers = list(answers_to_give)

    def send(self, request, **kwargs):
        status, reason, answer_headers, body = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        raw = HTTPResponse(body=io.BytesIO(body), headers=answer_headers, status=status, reason=reason,
                           preload_content=False, decode_content=False)
        return HTTPAdapter().build_response(request, raw)

    def close(self):
        pass


def fuzzed_client(given_answers, **overrides):
    params = connection_defaults(server='vb365.example.com', username='CORP\\admin', password=PASSWORD,
                                 api_version='v8', retries=1)
    params.update(overrides)
    client = Vb365Client(params)
    client.session.mount('https://', FakeTransport(given_answers))
    return client


def assert_typed_and_clean(action):
    try:
        action()
    except Vb365Error as e:
        assert PASSWORD not in e.msg and TOKEN not in e.msg
        assert 'Unexpected error' not in e.msg


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.lists(answers(), min_size=1, max_size=3))
def test_a_session_read_only_raises_typed_errors(given_answers):
    client = fuzzed_client(given_answers, username=None, password=None, access_token=TOKEN)
    assert_typed_and_clean(lambda: normalize_session(client.get_object('JobSessions/%s' % SESSION_ID)))


@FUZZ
@given(st.lists(answers(), min_size=1, max_size=3))
def test_a_login_only_raises_typed_errors(given_answers):
    assert_typed_and_clean(fuzzed_client(given_answers).login)


@FUZZ
@given(st.lists(answers(), min_size=1, max_size=4))
def test_a_listing_only_raises_typed_errors(given_answers):
    client = fuzzed_client(given_answers, username=None, password=None, access_token=TOKEN)
    assert_typed_and_clean(lambda: list(client.iter_items('JobSessions', page_size=2)))


@given(st.text(max_size=80))
def test_retry_after_is_none_or_a_sane_number_of_seconds(value):
    seconds = retry_after_seconds(value)
    assert seconds is None or 0 <= seconds


@given(st.text(max_size=60))
def test_timestamps_parse_or_are_none(value):
    parsed = parse_timestamp(value)
    assert parsed is None or parsed.tzinfo is not None


@given(session_like)
def test_token_bodies_give_a_token_or_a_typed_error(body):
    try:
        token = parse_token_response(body)
    except Vb365Error:
        return
    assert token.expires_at is None or token.expires_at > 0
    assert token.access_token.strip() == token.access_token and token.access_token


@given(st.binary(max_size=200))
def test_decode_json_raises_value_error_only(data):
    try:
        decode_json(data.decode('utf-8', 'replace'))
    except ValueError:
        pass


@pytest.mark.parametrize('secret', ['a', 'ab', PASSWORD, 'üñí/cødé'])
def test_redaction_covers_every_form_of_short_and_odd_secrets(secret):
    from urllib.parse import quote, quote_plus
    forms = [secret, quote(secret, safe=''), quote(secret), quote_plus(secret), json.dumps(secret)[1:-1],
             json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1]]
    text = redact(' | '.join(forms), [secret])
    assert not [form for form in forms if form in text]
