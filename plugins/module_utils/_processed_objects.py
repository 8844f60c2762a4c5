# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Which mailboxes, sites and teams a session failed: its processed objects, counted, on every API version.

API v7 and later list every object a session processed with its own result
(``GET JobSessions/{id}/ProcessedObjects``: ``id``, ``type`` User/Group/Site/Team, ``status``
Success/Warning/Failed, no name). They are read over every page, at the largest page size, and
only the counts and the first ``limit`` objects that did not succeed are kept: memory stays flat
for a session of 50,000 objects. API v5 and v6 have no such list; there the session's log gives
an estimate: its items of type Error and Warning (log items, not objects; the lines about the whole
session, such as "Job finished with warning", are left out; it knows neither the total nor the types).

What is read never fails the read of the session and never decides a verdict on its own:
``processed_objects_source`` says where the counts come from, ``processed_objects_error`` why
there are none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._paging import MAX_PAGE_SIZE
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_log_item

OBJECT_STATUSES = ('Success', 'Warning', 'Failed')
# What a log item's type counts as, in the estimate of API v5 and v6.
LOG_ESTIMATE = {'Error': 'failed', 'Warning': 'warning'}
# A line about the whole session, not an object ('[Warning] Job finished with warning at ...', '[Failed] Job finished
# at ...: no objects are configured'): not counted in the estimate.
SESSION_LINE_RE = re.compile(r'^\s*(\[\w+\]\s*)?Job\b', re.IGNORECASE)
DEFAULT_LIMIT = 100
# The versions that list a session's processed objects.
LISTING_VERSIONS = ('v7', 'v8')


def validate_limit(limit):
    """Refuse a negative ``processed_objects_limit`` (0 is a value: the counts without a list)."""
    if limit < 0:
        raise Vb365InputError('Invalid processed_objects_limit %d: give 0 (the counts only) or more.' % limit)


def _counts():
    return dict(total=0, success=0, warning=0, failed=0)


def _count(counts, status):
    counts['total'] += 1
    key = status.lower() if status in OBJECT_STATUSES else None
    if key:
        counts[key] += 1


def _text(value):
    return value if isinstance(value, str) else None


def add_processed_objects(client, session, limit=DEFAULT_LIMIT):
    """Add ``processed_objects_summary``, ``processed_objects``, ``processed_objects_truncated``,
    ``processed_objects_source`` and ``processed_objects_error`` to ``session`` (normalised)."""
    session.update(processed_objects_summary=None, processed_objects=[], processed_objects_truncated=False,
                   processed_objects_source=None, processed_objects_error=None)
    try:
        if client.ensure_api_version() in LISTING_VERSIONS:
            _from_listing(client, session, limit)
        else:
            _from_log(client, session)
    except Vb365Error as e:
        # Unreadable (403 for an operator, a session history retention deleted, a broken paging): no counts, and why.
        session.update(processed_objects_summary=None, processed_objects=[], processed_objects_truncated=False,
                       processed_objects_source=None, processed_objects_error=e.msg)


def _from_listing(client, session, limit):
    summary = dict(_counts(), by_type={})
    problems = []
    truncated = False
    for raw in client.iter_items('JobSessions/%s/ProcessedObjects' % session['id'], page_size=MAX_PAGE_SIZE):
        if not isinstance(raw, dict):
            continue
        status, object_type = _text(raw.get('status')), _text(raw.get('type'))
        _count(summary, status)
        _count(summary['by_type'].setdefault(object_type or 'Unknown', _counts()), status)
        if status == 'Success':
            continue
        if len(problems) < limit:
            problems.append(dict(id=_text(raw.get('id')), type=object_type, status=status, name=None))
        else:
            truncated = True
    session.update(processed_objects_summary=summary, processed_objects=problems,
                   processed_objects_truncated=truncated, processed_objects_source='processed_objects')


def _from_log(client, session):
    summary = dict(total=None, success=None, warning=0, failed=0, by_type=None)
    for raw in client.iter_items('JobSessions/%s/LogItems' % session['id'], page_size=MAX_PAGE_SIZE):
        item = normalize_log_item(raw)
        kind = LOG_ESTIMATE.get(item['type'])
        if kind and not SESSION_LINE_RE.match(item['title'] or ''):
            summary[kind] += 1
    session.update(processed_objects_summary=summary, processed_objects_source='log_items')


def add_processed_objects_to_all(client, sessions, limit, max_concurrency):
    """``add_processed_objects`` for each session, side by side within ``max_concurrency``."""
    from ansible_collections.vb365.backup.plugins.module_utils._fanout import fan_out

    fan_out(lambda session: add_processed_objects(client, session, limit), sessions, max_concurrency)
