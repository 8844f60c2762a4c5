# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import datetime

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._time import UTC, utc_now
from ansible_collections.vb365.backup.plugins.module_utils._session import (
    SESSION_FIELDS,
    STATISTICS_FIELDS,
    derived_fields,
    job_id_from_links,
    normalize_log_item,
    normalize_session,
    to_int,
)

SEED_SESSION_ID = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'
SEED_JOB_ID = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'

# The documented dict for the seed document's example session (DESIGN.md's return contract).
SEED_EXPECTED = {
    'id': SEED_SESSION_ID,
    'job_id': SEED_JOB_ID,
    'creation_time': '2019-02-04T16:49:22.8529769Z',
    'end_time': '2019-02-04T16:50:21.3024288Z',
    'progress': 1,
    'status': 'Success',
    'details': None,
    'retry_count': None,
    'job_type': None,
    'job_will_be_retried': None,
    'job_session_config_type': None,
    'main_session_id': None,
    'repository_id': None,
    'proxy_id': None,
    'proxy_pool_id': None,
    'e_tag': None,
    'statistics': {
        'processing_rate_bytes_ps': 1683256,
        'processing_rate_items_ps': 20,
        'read_rate_bytes_ps': 5383429,
        'write_rate_bytes_ps': 26015396,
        'transferred_data_bytes': 98142970,
        'processed_objects': 1193,
        'bottleneck': 'Source',
    },
    'is_finished': True,
    'duration_seconds': 58,
    'age_seconds': None,  # set in the test: it depends on the time the test runs
    'job_name': None,
    'retry_expected_time': None,
}

V8_SESSION = {
    'id': '0b6e9f3c-6d2a-4a8e-9c55-2f0d3b1f8a11',
    'jobId': '50f5eff0-9575-451d-8712-ed6439be9b34',
    'repositoryId': 'ce19de31-329d-4f0f-b85e-4424cc2e6821',
    'mainSessionId': None,
    'details': 'Transferred: 1.2 GB (3412 items) at 4.1 MB/s (12 items/s)',
    'creationTime': '2024-09-16T22:00:01.1234567Z',
    'endTime': None,
    'retryCount': 0,
    'jobWillBeRetried': False,
    'progress': 42,
    'jobType': 'Backup',
    'jobSessionConfigType': 'Incremental',
    'status': 'Running',
    'statistics': {'processingRateBytesPS': 4299161, 'processingRateItemsPS': 12, 'readRateBytesPS': 5383429,
                   'writeRateBytesPS': 2601539, 'transferredDataBytes': 1288490188, 'processedObjects': 3412,
                   'bottleneck': 'Detecting'},
    'eTag': 17,
    # A v8 link that disagrees with jobId: jobId must win.
    '_links': {'job': {'href': '/v8/Jobs/11111111-2222-3333-4444-555555555555'}},
    'proxyId': None,
    'proxyPoolId': None,
}


def test_seed_document_session_becomes_the_documented_dict(fixture_loader):
    session = normalize_session(fixture_loader('seed_v5_session.json'))
    ended = datetime.datetime(2019, 2, 4, 16, 50, 21, 302428, tzinfo=UTC)
    age = (utc_now() - ended).total_seconds()
    assert abs(session.pop('age_seconds') - age) < 5
    expected = dict(SEED_EXPECTED)
    del expected['age_seconds']
    assert session == expected


def test_keys_are_identical_on_every_version(fixture_loader):
    v5 = normalize_session(fixture_loader('seed_v5_session.json'))
    v8 = normalize_session(V8_SESSION)
    assert list(v5) == list(v8)
    assert list(v5['statistics']) == list(v8['statistics'])
    assert '_links' not in v5 and '_links' not in v8


def test_v8_fields_are_mapped_and_jobid_wins_over_the_link():
    session = normalize_session(V8_SESSION)
    assert session['job_id'] == '50f5eff0-9575-451d-8712-ed6439be9b34'
    assert session['end_time'] is None
    assert session['job_will_be_retried'] is False
    assert session['retry_count'] == 0
    assert session['e_tag'] == 17
    assert session['job_session_config_type'] == 'Incremental'
    assert session['statistics']['bottleneck'] == 'Detecting'


def test_numeric_strings_become_integers(fixture_loader):
    raw = fixture_loader('seed_v5_session.json')
    for unused, api_key in STATISTICS_FIELDS:
        raw['statistics'][api_key] = str(raw['statistics'][api_key])
    raw['progress'] = ' 1 '
    session = normalize_session(raw)
    assert session['statistics'] == SEED_EXPECTED['statistics']
    assert session['progress'] == 1


def test_a_value_of_another_type_than_documented_is_null():
    # A number where an id belongs is no id: callers compare ids as text (.lower()), which a number would break.
    session = normalize_session({'id': 7, 'jobId': 12345, 'status': 'Success', 'details': ['x'], 'jobWillBeRetried': 'yes',
                                 'creationTime': 1700000000})
    assert [session[key] for key in ('id', 'job_id', 'details', 'job_will_be_retried', 'creation_time')] == [None] * 5
    assert session['status'] == 'Success'


@pytest.mark.parametrize('href', [
    'https://abc.tech.local:4443/v5/jobs/b20cedd4-66b2-49b1-86de-a575dc67e83b',  # v5: absolute, lower case
    '/v6/Jobs/b20cedd4-66b2-49b1-86de-a575dc67e83b',                               # v6+: relative
    '/v7/Jobs/B20CEDD4-66B2-49B1-86DE-A575DC67E83B/',
    '/v7/Jobs/b20cedd4-66b2-49b1-86de-a575dc67e83b?x=1',
])
def test_job_id_is_parsed_from_the_job_link(href):
    assert job_id_from_links({'job': {'href': href}}) == SEED_JOB_ID


@pytest.mark.parametrize('links', [None, [], {}, {'job': None}, {'job': {'href': 5}}, {'job': {'href': '/v6/Jobs/'}},
                                   {'job': {'href': '/v6/Organizations/b20cedd4-66b2-49b1-86de-a575dc67e83b'}}])
def test_job_id_is_none_when_the_link_is_unusable(links):
    assert job_id_from_links(links) is None


def test_unknown_enum_values_pass_through_unchanged():
    raw = copy.deepcopy(V8_SESSION)
    raw['status'] = 'Throttled'
    raw['statistics']['bottleneck'] = 'N/A'
    raw['jobType'] = 'Archive'
    session = normalize_session(raw)
    assert (session['status'], session['statistics']['bottleneck'], session['job_type']) == ('Throttled', 'N/A', 'Archive')


def test_missing_and_null_fields_are_null_not_missing():
    session = normalize_session({'id': SEED_SESSION_ID, 'statistics': None})
    assert set(session) == set(k for k, unused in SESSION_FIELDS) | {'statistics', 'is_finished', 'duration_seconds', 'age_seconds',
                                                                     'job_name', 'retry_expected_time'}
    assert session['is_finished'] is False
    assert session['status'] is None
    assert all(v is None for v in session['statistics'].values())


@pytest.mark.parametrize('status, end_time, finished, duration', [
    ('Success', '2024-01-01T10:00:30.9Z', True, 31),
    ('Failed', '2024-01-01T11:00:00+01:00', True, 0),
    ('Running', None, False, None),
    ('Queued', None, False, None),
    ('Stopped', None, True, None),
    ('SomethingNew', '2024-01-01T10:01:00Z', True, 60),
])
def test_derived_fields(status, end_time, finished, duration):
    session = normalize_session({'status': status, 'creationTime': '2024-01-01T10:00:00.0000000Z', 'endTime': end_time})
    assert (session['is_finished'], session['duration_seconds']) == (finished, duration)
    assert (session['age_seconds'] is None) == (duration is None)


def test_age_is_counted_from_the_end():
    session = {'status': 'Warning', 'creation_time': '2026-11-27T22:00:00Z', 'end_time': '2026-11-27T22:30:00Z'}
    now = datetime.datetime(2026, 11, 28, 8, 30, tzinfo=UTC)
    assert derived_fields(session, now=now) == {'is_finished': True, 'duration_seconds': 1800, 'age_seconds': 36000}


def test_an_end_more_than_a_day_ahead_has_no_age_and_a_year_1_end_none_at_all():
    now = datetime.datetime(2026, 11, 28, 8, 30, tzinfo=UTC)
    future = {'status': 'Success', 'creation_time': '2020-01-01T00:00:00Z', 'end_time': '9999-12-31T23:59:59Z'}
    assert derived_fields(future, now=now) == {'is_finished': True, 'duration_seconds': None, 'age_seconds': None}
    skewed = dict(future, end_time='2026-11-28T09:30:00Z')  # a server clock an hour ahead is believed
    assert derived_fields(skewed, now=now)['age_seconds'] == 0
    unset = dict(future, end_time='0001-01-01T00:00:00Z')
    assert derived_fields(unset, now=now)['age_seconds'] is None


def test_a_retry_time_past_the_year_9999_is_left_out():
    from ansible_collections.vb365.backup.plugins.module_utils._session import name_sessions

    session = normalize_session(dict(V8_SESSION, jobWillBeRetried=True, endTime='9999-12-31T23:00:00Z'))
    job = {'id': session['job_id'], 'name': 'Teams - Daily', 'retry_wait_interval': 120}
    assert name_sessions([session], [job])[0]['retry_expected_time'] is None


def test_job_name_is_added_when_known():
    assert normalize_session(V8_SESSION, job_name='Exchange - Daily')['job_name'] == 'Exchange - Daily'


@pytest.mark.parametrize('raw, expected', [
    ({'id': 'x', 'usn': '3', 'title': '[Warning] Mailbox a@b.c finished with warning', 'creationTime': 't'},
     {'id': 'x', 'usn': 3, 'creation_time': 't', 'end_time': None, 'type': 'Warning',
      'message': 'Mailbox a@b.c finished with warning', 'title': '[Warning] Mailbox a@b.c finished with warning'}),
    ({'id': 'y', 'usn': 1, 'type': 'Error', 'message': 'Connection lost'},
     {'id': 'y', 'usn': 1, 'creation_time': None, 'end_time': None, 'type': 'Error', 'message': 'Connection lost',
      'title': '[Error] Connection lost'}),
    ({'title': '[Failed] Processing mailbox x failed'},
     {'id': None, 'usn': None, 'creation_time': None, 'end_time': None, 'type': 'Error',
      'message': 'Processing mailbox x failed', 'title': '[Failed] Processing mailbox x failed'}),
    ({'title': '[Info] Something new'},
     {'id': None, 'usn': None, 'creation_time': None, 'end_time': None, 'type': 'Info',
      'message': 'Something new', 'title': '[Info] Something new'}),
    ({'title': 'No bracket prefix'},
     {'id': None, 'usn': None, 'creation_time': None, 'end_time': None, 'type': None, 'message': 'No bracket prefix',
      'title': 'No bracket prefix'}),
])
def test_log_items_read_the_same_on_every_version(raw, expected):
    assert normalize_log_item(raw) == expected


def test_a_log_item_whose_texts_are_not_text_has_none():
    item = normalize_log_item({'title': 123, 'type': ['Error'], 'message': 7, 'usn': 'x'})
    assert (item['title'], item['type'], item['message'], item['usn']) == (None, None, None, None)


def test_a_log_item_that_is_not_an_object_is_a_typed_error():
    with pytest.raises(Vb365ResponseError, match='Expected a log item object'):
        normalize_log_item(['x'])


def test_unknown_keys_are_dropped():
    session = normalize_session({'id': SEED_SESSION_ID, 'somethingNew': 1, '_embedded': {}})
    assert 'something_new' not in session and 'somethingNew' not in session


@pytest.mark.parametrize('value, expected', [
    (5, 5), ('5', 5), (' 12 ', 12), ('-3', -3), (7.0, 7), ('7.0', 7), (10 ** 20, 10 ** 20),
    (None, None), ('', None), ('9' * 5000, None), ('1\n', 1), ('abc', None), (True, None), ([1], None), (float('nan'), None), (float('inf'), None),
])
def test_to_int(value, expected):
    assert to_int(value) == expected


@pytest.mark.parametrize('raw', [None, [], 'Success', 3])
def test_a_non_object_is_a_typed_error(raw):
    with pytest.raises(Vb365ResponseError, match='Expected a job session object'):
        normalize_session(raw)


def test_a_copy_sessions_job_id_comes_from_its_copy_job_link():
    raw = {'id': 's', 'status': 'Success', '_links': {'job': {'href': '/v7/CopyJobs/39F49559-0c57-5d51-b7f2-9a9dc1174eb0'}}}
    assert normalize_session(raw)['job_id'] == '39f49559-0c57-5d51-b7f2-9a9dc1174eb0'
