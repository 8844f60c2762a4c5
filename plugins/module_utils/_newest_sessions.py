# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The newest matching session of each of many jobs (``latest_per_job``), in few round trips.

Two ways, the cheaper first:

1. When there are more jobs than one round of parallel reads, one page of the server-wide
   listing (``GET JobSessions``, a few sessions per job) usually holds every job's newest
   session. It is used only where that is exact: the page must be newest first by creation
   time (checked, not assumed: the API documents no order), and a job whose two first
   sessions on it start at the same second is left to its own read. A complete listing (a
   short page) also proves that a job missing from it has no matching session.
2. Every job the page did not settle is read on its own (``iter_sessions``, limit 1), as a
   single job is, fanned out a few at a time (``_fanout``).

So the requests stay at or below one per job plus the page, and usually are three in all
with the token and the job listing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._fanout import fan_out
from ansible_collections.vb365.backup.plugins.module_utils._paging import MAX_PAGE_SIZE, read_page
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._session_query import iter_sessions
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_timestamp

# Sessions per job in the one page: a daily job has its newest among the last few days', and the
# page (about 1 KiB a session) stays small: 300 jobs, 1,200 sessions.
PAGE_SESSIONS_PER_JOB = 4
NO_SESSION = object()


def latest_per_job(client, jobs, make_filter, max_concurrency):
    """The newest session matching ``make_filter(job)`` of each of ``jobs``, in their order; jobs without one are left out.

    ``make_filter(job)`` gives a job's ``SessionFilter``; ``make_filter(None)`` the same filter for every job.
    """
    # A job the server listed without an id has no session to find: a filter without a job would match any job's.
    jobs = [job for job in jobs if job['id']]
    found = {}
    if len(jobs) > max_concurrency:
        found = _from_one_page(client, jobs, make_filter)
    unsettled = [job for job in _unique(jobs) if _key(job) not in found]

    def read(job):
        return next(iter_sessions(client, make_filter(job), limit=1, job_name=job['name']), None)

    for job, session in zip(unsettled, fan_out(read, unsettled, max_concurrency)):
        found[_key(job)] = session
    sessions = []
    for job in jobs:
        session = found[_key(job)]
        if session is not None and session is not NO_SESSION:
            sessions.append(session)
    return sessions


def _key(job):
    return job['id'].lower()


def _unique(jobs):
    seen = set()
    for job in jobs:
        if _key(job) not in seen:
            seen.add(_key(job))
            yield job


def _from_one_page(client, jobs, make_filter):
    """{job key: its newest matching session, or NO_SESSION} for the jobs one listing page settles exactly."""
    names = dict((_key(job), job['name']) for job in jobs)
    every_job = make_filter(None)
    path, query = every_job.request(client.api_version)
    try:
        page = read_page(client, path, query, 0, min(MAX_PAGE_SIZE, PAGE_SESSIONS_PER_JOB * len(names)))
    except Vb365ResponseError:
        # Not a page this shortcut understands: every job gets its own read, which reports any problem.
        return {}
    found, ties, newest = {}, set(), {}
    previous = None
    complete = True
    for raw in page.results:
        session = normalize_session(raw)
        created = parse_timestamp(session['creation_time'])
        if created is None or (previous is not None and created > previous):
            # Not newest first (or undated): the page proves nothing.
            return {}
        previous = created
        key = (session['job_id'] or '').lower()
        if not key:
            complete = False  # a session of an unknown job might be any job's
        if key not in names or not every_job.matches(session):
            continue
        if key in newest:
            if newest[key] == created:
                ties.add(key)
            continue
        newest[key] = created
        session['job_name'] = names[key]
        found[key] = session
    for key in ties:
        del found[key]
    if complete and page.complete:
        # The whole listing: a job that has no matching session in it has none at all.
        for key in names:
            if key not in found and key not in ties:
                found[key] = NO_SESSION
    return found
