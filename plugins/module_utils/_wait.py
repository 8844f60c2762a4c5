# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Waiting for a job session to finish, within one deadline for the whole wait."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ApiError, Vb365ConnectionError, Vb365Error
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session

# A long wait outlives short outages: this many failed polls in a row end it.
MAX_CONSECUTIVE_FAILURES = 3
TRANSIENT_STATUSES = frozenset((429, 500, 502, 503, 504))


def _is_transient(error):
    return isinstance(error, Vb365ConnectionError) or (
        isinstance(error, Vb365ApiError) and error.status in TRANSIENT_STATUSES)


def wait_for_session(client, session, timeout, interval, job_name=None, sleep=time.sleep, clock=time.monotonic):
    """Poll ``session`` (normalised) until it has finished; return the finished session.

    ``timeout`` bounds the whole wait, not each request. Transient failures (a lost
    connection, 5xx, 429) are tolerated a few times in a row; the client renews an
    expired token by itself. On timeout the error carries the last session seen,
    the elapsed time and every status change observed.
    """
    start = clock()
    history = [dict(status=session['status'], elapsed_seconds=0)]
    failures = 0
    while not session['is_finished']:
        elapsed = clock() - start
        if elapsed + interval > timeout:
            raise Vb365Error(
                'Timed out after %d seconds waiting for job session %s to finish: it is still %s (statuses seen: %s).'
                % (round(elapsed), session['id'], session['status'], ' -> '.join(h['status'] or 'null' for h in history)),
                job_session=session, elapsed_seconds=round(elapsed, 1), status_history=history)
        sleep(interval)
        try:
            latest = normalize_session(client.get_object('JobSessions/%s' % session['id']), job_name=job_name or session['job_name'])
        except Vb365Error as e:
            failures += 1
            if not _is_transient(e) or failures >= MAX_CONSECUTIVE_FAILURES:
                raise
            continue
        failures = 0
        if latest['status'] != session['status']:
            history.append(dict(status=latest['status'], elapsed_seconds=round(clock() - start, 1)))
        session = latest
    return session, history
