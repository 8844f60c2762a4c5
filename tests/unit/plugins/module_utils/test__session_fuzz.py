# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property-based tests: whatever a server sends, the normaliser answers with the contract or a typed error."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from hypothesis import given, settings, strategies as st

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._session import (
    SESSION_FIELDS,
    STATISTICS_FIELDS,
    normalize_session,
)

CONTRACT_KEYS = [key for key, unused in SESSION_FIELDS] + ['statistics', 'is_finished', 'duration_seconds', 'age_seconds', 'job_name', 'retry_expected_time']
STATISTICS_KEYS = [key for key, unused in STATISTICS_FIELDS] + ['bottleneck']

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2 ** 70, max_value=2 ** 70),
                         st.floats(allow_nan=True, allow_infinity=True), st.text())
json_values = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                 st.dictionaries(st.text(), inner, max_size=3)),
                           max_leaves=8)
api_keys = st.sampled_from([api for unused, api in SESSION_FIELDS] + ['statistics', '_links']) | st.text()
statistics_keys = st.sampled_from([api for unused, api in STATISTICS_FIELDS] + ['bottleneck']) | st.text()
any_session = st.dictionaries(api_keys, json_values) | st.fixed_dictionaries(
    {}, optional={'statistics': st.dictionaries(statistics_keys, json_values),
                  '_links': st.dictionaries(st.text(), json_values)})

uuids = st.uuids().map(str)
counts = st.integers(min_value=0, max_value=2 ** 63 - 1)
valid_session = st.fixed_dictionaries({
    'id': uuids,
    'jobId': uuids,
    'creationTime': st.just('2024-09-16T22:00:01.1234567Z'),
    'endTime': st.none() | st.just('2024-09-16T22:05:10.7654321Z'),
    'progress': counts,
    'status': st.sampled_from(['Success', 'Warning', 'Failed', 'Running', 'Queued', 'Stopped', 'Disconnected',
                               'NotConfigured']) | st.text(min_size=1),
    'statistics': st.fixed_dictionaries(
        dict((api, counts | counts.map(str)) for unused, api in STATISTICS_FIELDS),
        optional={'bottleneck': st.sampled_from(['NA', 'Detecting', 'Source', 'Target']) | st.text()}),
})


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_session, json_values))
def test_anything_gives_the_contract_or_a_typed_error(raw):
    try:
        session = normalize_session(raw)
    except Vb365ResponseError:
        assert not isinstance(raw, dict)
        return
    assert list(session) == CONTRACT_KEYS
    assert list(session['statistics']) == STATISTICS_KEYS
    for key in ('progress', 'retry_count', 'e_tag'):
        assert session[key] is None or (isinstance(session[key], int) and not isinstance(session[key], bool))
    for key, value in session['statistics'].items():
        if key != 'bottleneck':
            assert value is None or (isinstance(value, int) and not isinstance(value, bool))
    assert all(not isinstance(v, (dict, list)) for k, v in session.items() if k != 'statistics')
    for key in ('id', 'job_id', 'creation_time', 'end_time', 'status', 'details', 'job_type', 'main_session_id'):
        assert session[key] is None or isinstance(session[key], str), key
    assert session['job_will_be_retried'] in (None, True, False)
    assert isinstance(session['is_finished'], bool)
    assert session['duration_seconds'] is None or session['duration_seconds'] >= 0


@settings(max_examples=200, deadline=None)
@given(valid_session)
def test_valid_sessions_round_trip_to_the_contract(raw):
    session = normalize_session(raw)
    assert session['id'] == raw['id'] and session['job_id'] == raw['jobId']
    assert session['status'] == raw['status']
    assert session['end_time'] == raw['endTime']
    for key, api in STATISTICS_FIELDS:
        assert session['statistics'][key] == int(raw['statistics'][api])
    assert session['statistics']['bottleneck'] == raw['statistics'].get('bottleneck')
