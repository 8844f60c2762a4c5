# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Job sessions in one stable shape, whatever API version (v5-v8) sent them.

The return contract (DESIGN.md): snake_case keys, the same set on every version,
null for what a version lacks, integers for statistics even when the server sends
numeric strings, enum values passed through unchanged, no HAL ``_links``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import math
import re

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._shapes import LOG_ITEM, SESSION, STATISTICS
from ansible_collections.vb365.backup.plugins.module_utils._time import FUTURE_TOLERANCE, format_timestamp, parse_timestamp, utc_now

# Returned key -> API key, from the shape (_shapes.SESSION): the fields the API sends, in their documented order.
SESSION_FIELDS = tuple((field.key, field.api) for field in SESSION if field.api and field.type != 'dict')
# The statuses a session can have (as the API spells them), and the types of job that run sessions.
SESSION_STATUSES = ('Success', 'Warning', 'Failed', 'Running', 'Queued', 'Stopped', 'Disconnected', 'NotConfigured')
JOB_TYPES = ('Backup', 'Copy')
# A session in one of these is not over yet: its status and statistics will still change.
UNFINISHED_STATUSES = frozenset(('Running', 'Queued'))
FINAL_STATUSES = tuple(status for status in SESSION_STATUSES if status not in UNFINISHED_STATUSES)
# The statistics' numbers (bottleneck, the one text, is read on its own).
STATISTICS_FIELDS = tuple((field.key, field.api) for field in STATISTICS if field.type == 'int')
# The last path segment of a job link: /v6/Jobs/<id>, https://host:4443/v5/jobs/<id>, /v7/CopyJobs/<id>.
JOB_LINK_RE = re.compile(r'/(?:copy)?jobs/([0-9a-fA-F-]{36})/?(?:[?#].*)?$', re.IGNORECASE)
# Digits are capped: Python refuses to convert very long digit strings, and no counter has 40 digits.
INTEGER_TEXT_RE = re.compile(r'^\s*[-+]?\d{1,40}(\.0*)?\s*\Z')


def to_int(value):
    """An integer from what the API sends for a number: int, numeric string, or a whole float.

    Anything else (null, empty string, text) becomes None rather than failing the task:
    one odd statistic must not hide a session's status from a gate.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str) and INTEGER_TEXT_RE.match(value):
        return int(value.strip().split('.')[0])
    return None


def text(value):
    """A string as sent; anything else (a number, a list, null) is null."""
    return value if isinstance(value, str) else None


def flag(value):
    """A boolean as sent; anything else is null."""
    return value if isinstance(value, bool) else None


# A shape's field type -> what keeps a value of that type (and makes anything else null).
TYPED = {'int': to_int, 'bool': flag, 'str': text}


def typed_fields(raw, shape):
    """{returned key: value} of every scalar field of ``shape`` that the API sends, each value kept only with its
    documented type, else null: a number where an id belongs is no id (and has no .lower())."""
    return dict((field.key, TYPED[field.type](raw.get(field.api))) for field in shape
                if field.api and field.type in TYPED)


def job_id_from_links(links):
    """The job's id parsed from ``_links.job.href``: how sessions name their job before v8."""
    if not isinstance(links, dict):
        return None
    job = links.get('job')
    href = job.get('href') if isinstance(job, dict) else None
    if not isinstance(href, str):
        return None
    match = JOB_LINK_RE.search(href)
    return match.group(1).lower() if match else None


def normalize_statistics(raw):
    raw = raw if isinstance(raw, dict) else {}
    statistics = dict((key, to_int(raw.get(api_key))) for key, api_key in STATISTICS_FIELDS)
    statistics['bottleneck'] = text(raw.get('bottleneck'))
    return statistics


def normalize_session(raw, job_name=None):
    """The contract's session dict from one RESTJobSession object of any API version.

    ``job_name`` is added when the caller knows it (it selected the session by job);
    the API's session object never carries it.
    """
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Expected a job session object, got %s.' % type(raw).__name__)
    session = typed_fields(raw, SESSION)
    if not session['job_id']:
        session['job_id'] = job_id_from_links(raw.get('_links'))
    session['statistics'] = normalize_statistics(raw.get('statistics'))
    session.update(derived_fields(session))
    session['job_name'] = job_name if isinstance(job_name, str) else None
    session['retry_expected_time'] = None
    return session


def name_sessions(sessions, jobs):
    """Give each session its job's name, and when the server will retry it, from ``jobs`` (normalised); return them.

    A session whose job is not among ``jobs`` (a deleted job) keeps what it has (null when nothing).
    ``retry_expected_time`` is the end of a session the server will retry plus the job schedule's
    ``retry_wait_interval``: null when the session will not be retried or the schedule does not say.
    """
    by_id = dict((job['id'].lower(), job) for job in jobs if job['id'])
    for session in sessions:
        job = by_id.get((session['job_id'] or '').lower())
        if job is None:
            continue
        session['job_name'] = job['name']
        ended = parse_timestamp(session['end_time'])
        minutes = job.get('retry_wait_interval')
        if session['job_will_be_retried'] is True and ended and minutes is not None:
            try:
                session['retry_expected_time'] = format_timestamp(ended + datetime.timedelta(minutes=minutes))
            except OverflowError:
                pass  # past the year 9999: the schedule says nothing a play can use
    return sessions


def derived_fields(session, now=None):
    """What every gate needs and nobody should compute in Jinja."""
    status = session['status']
    is_finished = status is not None and status not in UNFINISHED_STATUSES
    duration = age = None
    ended = parse_timestamp(session['end_time']) if is_finished else None
    now = now or utc_now()
    # An end further in the future than a clock can be off is not believed: no age, so no age rule passes it.
    if ended and (ended - now).total_seconds() <= FUTURE_TOLERANCE:
        started = parse_timestamp(session['creation_time'])
        if started:
            duration = max(0, int(round((ended - started).total_seconds())))
        age = max(0, int(round((now - ended).total_seconds())))
    return dict(is_finished=is_finished, duration_seconds=duration, age_seconds=age)


# A log item's title on v5-v7: "[Warning] Processing mailbox x finished with warning".
TITLE_RE = re.compile(r'^\s*\[([A-Za-z]+)\]\s*(.*)\Z', re.DOTALL)
# Older titles say "[Failed]" or "[Stopped]" where v8's type enum says Error or Stop.
TITLE_TYPES = {'failed': 'Error', 'error': 'Error', 'warning': 'Warning', 'success': 'Success', 'running': 'Running',
               'stop': 'Stop', 'stopped': 'Stop'}


def normalize_log_item(raw):
    """One log item, with ``type``, ``message`` and ``title`` on every version.

    v8 sends ``type`` and ``message``; v5-v7 send a ``title`` that starts with the type in
    brackets. Each is made from the other, so tasks read the same keys everywhere; the
    bracketed word is mapped to v8's type names (``[Failed]`` is type ``Error``).
    """
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Expected a log item object, got %s.' % type(raw).__name__)
    item = typed_fields(raw, LOG_ITEM)
    # Text, or nothing: a number where the text belongs would be quoted as text (the gate joins them).
    title, log_type, message = text(raw.get('title')), text(raw.get('type')), text(raw.get('message'))
    if isinstance(title, str) and not (log_type or message):
        match = TITLE_RE.match(title)
        if match:
            log_type, message = TITLE_TYPES.get(match.group(1).lower(), match.group(1)), match.group(2)
        else:
            message = title
    if title is None and message is not None:
        title = '[%s] %s' % (log_type, message) if log_type else message
    item.update(type=log_type, message=message, title=title)
    return item
