# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Selecting job sessions the same way on every API version.

Each version filters a different subset on the server (v6 ``jobType`` and
``endTimeLowerBound``, v7 ``jobId`` and ``endTimeUpperBound``, v8 ``status``). This
module sends the filters a version has, so the server returns less, and applies every
filter again on the client, so results are identical on v5-v8.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._paging import MAX_PAGE_SIZE
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._time import format_timestamp, parse_timestamp

# v8's status filter spells Success "Succeeded" and knows only these five.
V8_STATUS_FILTER = {'Success': 'Succeeded', 'Warning': 'Warning', 'Failed': 'Failed', 'Running': 'Running',
                    'Stopped': 'Stopped'}
VERSION_NUMBER = {'v5': 5, 'v6': 6, 'v7': 7, 'v8': 8}
# When the client filters what the server cannot, a bigger page means fewer round trips.
FILTERED_PAGE_SIZE = 1000


class SessionFilter:
    """What the caller wants: a job, statuses, a job type and a time window (aware datetimes)."""

    def __init__(self, job_id=None, statuses=None, job_type=None, created_after=None, created_before=None,
                 ended_after=None, ended_before=None, selected_job_type=None):
        self.job_id = job_id
        # The job_type of the job itself (Backup or Copy): v5/v6 have a per-job session path for backup jobs only.
        self.selected_job_type = selected_job_type
        self.statuses = frozenset(statuses) if statuses else None
        self.job_type = job_type
        self.created_after = created_after
        self.created_before = created_before
        self.ended_after = ended_after
        self.ended_before = ended_before

    def request(self, version):
        """The path and the server-side query for one API version."""
        number = VERSION_NUMBER[version]
        query = {}
        path = 'JobSessions'
        if self.job_id:
            if number >= 7:
                query['jobId'] = self.job_id
            elif self.selected_job_type != 'Copy':
                path = 'Jobs/%s/JobSessions' % self.job_id
        # A copy job's sessions on v6: every session of type Copy, its job's picked on the client.
        job_type = 'Copy' if self.selected_job_type == 'Copy' and number < 7 else self.job_type
        # The per-job path of v5/v6 takes no filters but limit and offset.
        if path == 'JobSessions' and number >= 6:
            if job_type:
                query['jobType'] = job_type
            # The API names its bounds endTime*, but documents them as creation-time bounds.
            # Only the uses that are safe under both readings go to the server: a lower bound
            # on creation (a session ends after it starts) and an upper bound on the end.
            if self.created_after:
                query['endTimeLowerBound'] = format_timestamp(self.created_after)
            if self.ended_before and number >= 7:
                query['endTimeUpperBound'] = format_timestamp(self.ended_before, round_up=True)
        if number >= 8 and self.statuses and len(self.statuses) == 1:
            status = next(iter(self.statuses))
            if status in V8_STATUS_FILTER:
                query['status'] = V8_STATUS_FILTER[status]
        return path, query

    def filters_on_client_only(self, version):
        """Whether some filter is left for the client, so that pages may hold sessions it drops."""
        path, query = self.request(version)
        if self.job_id and 'jobId' not in query and not path.startswith('Jobs/'):
            return True
        server_side = len(query) - (1 if 'jobId' in query else 0)
        wanted = sum(1 for value in (self.statuses, self.job_type, self.created_after, self.created_before,
                                     self.ended_after, self.ended_before) if value)
        return server_side < wanted

    def matches(self, session):
        if self.job_id and session['job_id'] and session['job_id'].lower() != self.job_id.lower():
            return False
        if self.statuses and session['status'] not in self.statuses:
            return False
        if self.job_type and session['job_type'] and session['job_type'] != self.job_type:
            return False
        return self._in_window(parse_timestamp(session['creation_time']), self.created_after, self.created_before) and \
            self._in_window(parse_timestamp(session['end_time']), self.ended_after, self.ended_before)

    @staticmethod
    def _in_window(moment, after, before):
        if not (after or before):
            return True
        if moment is None:
            # An unfinished session has no end time: it has not ended inside any window.
            return False
        return (after is None or moment >= after) and (before is None or moment <= before)


def iter_sessions(client, session_filter, limit=0, job_name=None):
    """Yield the matching sessions, normalised, newest first, at most ``limit`` (0: all).

    Pages are read lazily and each is dropped once used, so memory follows what is
    returned, not how many sessions the server holds.
    """
    path, query = session_filter.request(client.api_version)
    if limit and not session_filter.filters_on_client_only(client.api_version):
        page_size = min(limit, MAX_PAGE_SIZE)
    elif limit:
        page_size = min(max(limit, FILTERED_PAGE_SIZE), MAX_PAGE_SIZE)
    else:
        page_size = MAX_PAGE_SIZE
    returned = 0
    for raw in client.iter_items(path, query, page_size=page_size):
        session = normalize_session(raw, job_name=job_name)
        if session['job_id'] is None:
            # Sessions of a v5/v6 job's own collection may lack the link that names the job.
            session['job_id'] = session_filter.job_id
        if not session_filter.matches(session):
            continue
        yield session
        returned += 1
        if limit and returned >= limit:
            return
