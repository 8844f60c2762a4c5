# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A session's processed objects: counted over every page, the first problems kept, the v5/v6 estimate from the log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from urllib.parse import parse_qs, urlparse

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import add_processed_objects

from .test__client import BASE, SESSION_ID, make_client, token_body

OBJECTS_URL = re.compile(r'%s/v8/JobSessions/%s/ProcessedObjects' % (re.escape(BASE), SESSION_ID))


def objects(total, failed_every=0, warning_every=0, object_type='User'):
    """``total`` processed objects: every ``failed_every``-th one Failed, every ``warning_every``-th one Warning."""
    items = []
    for n in range(total):
        status = 'Success'
        if failed_every and n % failed_every == failed_every - 1:
            status = 'Failed'
        elif warning_every and n % warning_every == warning_every - 1:
            status = 'Warning'
        items.append({'id': 'object-%06d' % n, 'type': object_type if n % 10 else 'Group', 'status': status,
                      '_links': {}})
    return items


def serve(requests_mock, items, version='v8'):
    """The ProcessedObjects pages of ``items`` (offset/limit honoured, 10,000 at most a page); the queries seen."""
    seen = []

    def page(request, context):
        query = dict((k.lower(), int(v[0])) for k, v in parse_qs(urlparse(request.url).query).items())
        seen.append(query)
        offset, limit = query.get('offset', 0), min(query.get('limit', 30), 10000)
        return {'offset': offset, 'limit': limit, 'results': items[offset:offset + limit]}
    requests_mock.post('%s/%s/token' % (BASE, version), json=token_body())
    requests_mock.get(re.compile(OBJECTS_URL.pattern.replace('/v8/', '/%s/' % version)), json=page)
    return seen


def session():
    return {'id': SESSION_ID, 'status': 'Warning'}


def test_a_session_of_50000_objects_is_counted_in_five_pages_keeping_only_the_first_problems(requests_mock):
    seen = serve(requests_mock, objects(50000, failed_every=1000, warning_every=250))
    read = session()
    add_processed_objects(make_client(api_version='v8'), read, limit=20)
    summary = read['processed_objects_summary']
    assert (summary['total'], summary['failed'], summary['warning']) == (50000, 50, 150)
    assert summary['success'] == 50000 - 50 - 150
    assert summary['by_type']['Group']['total'] == 5000 and summary['by_type']['User']['total'] == 45000
    assert sum(t['failed'] for t in summary['by_type'].values()) == 50
    # The first 20 problems in the server's order, and a flag that there were more.
    assert len(read['processed_objects']) == 20 and read['processed_objects_truncated'] is True
    assert read['processed_objects'][0] == {'id': 'object-000249', 'type': 'User', 'status': 'Warning', 'name': None}
    assert read['processed_objects_source'] == 'processed_objects' and read['processed_objects_error'] is None
    # 10,000 a page: five full pages and the empty one that proves the end.
    assert [q['offset'] for q in seen] == [0, 10000, 20000, 30000, 40000, 50000]
    assert all(q['limit'] == 10000 for q in seen)


def test_a_short_list_is_one_page_and_not_truncated(requests_mock):
    serve(requests_mock, objects(12, failed_every=6))
    read = session()
    add_processed_objects(make_client(api_version='v8'), read)
    assert read['processed_objects_truncated'] is False
    assert [o['id'] for o in read['processed_objects']] == ['object-000005', 'object-000011']
    assert requests_mock.call_count == 2  # the token, one page


def test_limit_zero_keeps_the_counts_only(requests_mock):
    serve(requests_mock, objects(12, failed_every=6))
    read = session()
    add_processed_objects(make_client(api_version='v8'), read, limit=0)
    assert read['processed_objects'] == [] and read['processed_objects_truncated'] is True
    assert read['processed_objects_summary']['failed'] == 2


def test_unknown_statuses_and_types_and_nulls_are_counted_and_listed_as_problems(requests_mock):
    items = [{'id': 'a', 'type': 'Mailbox', 'status': 'Throttled'}, {'id': None, 'type': None, 'status': None},
             {'id': 'c', 'type': 'User', 'status': 'Success'}, 'not an object']
    serve(requests_mock, items)
    read = session()
    add_processed_objects(make_client(api_version='v8'), read)
    summary = read['processed_objects_summary']
    assert (summary['total'], summary['success'], summary['warning'], summary['failed']) == (3, 1, 0, 0)
    assert sorted(summary['by_type']) == ['Mailbox', 'Unknown', 'User']
    assert [o['status'] for o in read['processed_objects']] == ['Throttled', None]


@pytest.mark.parametrize('version', ['v5', 'v6'])
def test_before_v7_the_log_gives_an_estimate(requests_mock, version):
    requests_mock.post('%s/%s/token' % (BASE, version), json=token_body())
    titles = ['[Success] Job started', '[Warning] Processing mailbox a finished with warning',
              '[Failed] Processing mailbox b failed', '[Failed] Processing mailbox c failed',
              '[Failed] Job finished with error', '[Warning] Job finished with warning at 11/22/2026 1:58:56 AM',
              '[Failed] Job finished at 10/24/2026 2:35:23 AM: no objects are configured for processing']
    requests_mock.get('%s/%s/JobSessions/%s/LogItems' % (BASE, version, SESSION_ID),
                      json={'offset': 0, 'limit': 10000, 'results': [{'id': str(n), 'title': t} for n, t in enumerate(titles)]})
    read = session()
    add_processed_objects(make_client(api_version=version), read)
    # The lines about the whole session (Job started, Job finished ...) are not objects: not counted.
    assert read['processed_objects_summary'] == dict(total=None, success=None, warning=1, failed=2, by_type=None)
    assert read['processed_objects_source'] == 'log_items' and read['processed_objects'] == []


def test_a_list_the_server_refuses_leaves_no_counts_and_says_why(requests_mock):
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(OBJECTS_URL, status_code=403,
                      json={'message': 'Access is denied.', 'errorCode': 'ResourceAccessDenied'})
    read = session()
    add_processed_objects(make_client(api_version='v8'), read)
    assert read['processed_objects_summary'] is None and read['processed_objects_source'] is None
    assert 'HTTP 403: Access is denied. (ResourceAccessDenied)' in read['processed_objects_error']


def test_a_server_that_ignores_offset_gets_the_paging_error_not_an_endless_read(requests_mock):
    items = objects(10000)
    requests_mock.post(BASE + '/v8/token', json=token_body())
    requests_mock.get(OBJECTS_URL, json={'offset': 0, 'limit': 10000, 'results': items})
    read = session()
    add_processed_objects(make_client(api_version='v8'), read)
    assert read['processed_objects_summary'] is None
    assert "paging does not move forward (asked for offset 10000, it answered the page at offset 0)" \
        in read['processed_objects_error']
    assert requests_mock.call_count == 3
