# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Waiting for a job session to finish, within one deadline for the whole wait.

The wait options (``wait``, ``wait_timeout``, ``wait_interval``) are defined here once:
``wait_argument_spec()`` for the modules' argument spec, ``validate_wait()`` for their
checks, and ``plugins/doc_fragments/wait.py`` documents them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session

# The longest wait a task may ask for: a week.
MAX_WAIT_TIMEOUT = 7 * 86400
# The wait's retry budget, on top of the client's own retries of each poll (``retries``): a long wait
# outlives short outages, so this many failed polls in a row, each failing transiently, end it. Documented
# in the wait doc fragment (wait_interval).
WAIT_POLL_FAILURES = 3
# How many of a job's newest sessions are searched for the retry of a failed one.
RETRY_SEARCH = 5


def wait_argument_spec():
    """A new dict of the wait options, as the ``vb365.backup.wait`` doc fragment documents them."""
    return dict(
        wait=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=3600),
        wait_interval=dict(type='int', default=15),
    )


def validate_wait(params):
    """Refuse wait_timeout and wait_interval out of range, when the task waits."""
    if not params['wait']:
        return
    if not 1 <= params['wait_timeout'] <= MAX_WAIT_TIMEOUT:
        raise Vb365InputError('Invalid wait_timeout %d: it must be between 1 and %d seconds.'
                              % (params['wait_timeout'], MAX_WAIT_TIMEOUT))
    if not 1 <= params['wait_interval'] <= params['wait_timeout']:
        raise Vb365InputError('Invalid wait_interval %d: it must be between 1 and wait_timeout (%d) seconds.'
                              % (params['wait_interval'], params['wait_timeout']))


def wait_for_session(client, session, timeout, interval, job_name=None, history=None, deadline=None,
                     follow_retries=False):
    """Poll ``session`` (normalised) until it has finished; return the finished session.

    ``timeout`` is the task's ``wait_timeout``: the wait lasts that long (the last poll is at the
    deadline, never an interval before it) and the timeout message quotes it. ``deadline`` (of
    ``client.clock.monotonic()``) overrides where the wait ends, for several waits that share one
    ``wait_timeout``. Time passes by ``client.clock``.

    ``history``, when given a list, receives each status seen, with the seconds elapsed
    when it was first seen (the timeout error carries the same list).

    With ``follow_retries``, a finished session that the server says it will retry
    (``job_will_be_retried``, API v7+) is not the end: the wait goes on for the retry session
    (the one whose ``main_session_id`` is this session's id) and returns that one.

    A poll that fails transiently (``Vb365Error.transient``: a lost connection, 5xx, 429, after
    the client's own retries) is tolerated up to WAIT_POLL_FAILURES times in a row; the client
    renews an expired token by itself. On timeout the error carries the last session seen, the
    elapsed time and every status change observed.
    """
    clock = client.clock
    start = clock.monotonic()
    deadline = start + timeout if deadline is None else deadline
    # The wait's end bounds every poll too: the last poll starts at the deadline at the latest and
    # gets one request's time (`timeout`), and no retry of the client goes past that. So a wait
    # lasts at most wait_timeout + timeout.
    with client.time_limit(deadline + client.timeout):
        return _poll_until_finished(client, session, timeout, interval, job_name or session['job_name'], history,
                                    start, deadline, follow_retries)


def _poll_until_finished(client, session, timeout, interval, job_name, history, start, deadline, follow_retries):
    clock = client.clock
    history = [] if history is None else history
    history.append(dict(status=session['status'], elapsed_seconds=0))
    poll = _Poll(client, job_name)
    while not session['is_finished'] or (follow_retries and session['job_will_be_retried'] is True):
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise _timed_out(session, timeout, clock.monotonic() - start, history)
        clock.sleep(min(interval, remaining))
        latest = poll.retry_of(session) if session['is_finished'] else poll.again(session)
        if latest is None:
            continue
        if latest['id'] != session['id']:
            history.append(dict(status='retry %s' % latest['id'], elapsed_seconds=round(clock.monotonic() - start, 1)))
        if latest['status'] != session['status'] or latest['id'] != session['id']:
            history.append(dict(status=latest['status'], elapsed_seconds=round(clock.monotonic() - start, 1)))
        session = latest
    return session


def _timed_out(session, timeout, elapsed, history):
    """The timeout error: it quotes ``wait_timeout``, which is also how long the wait lasted."""
    if session['is_finished']:
        what = ('ended %s and the server will retry it, but the retry has not shown up or finished'
                % session['status'])
    else:
        what = 'it is still %s' % session['status']
    return Vb365Error(
        'Timed out after %d seconds waiting for job session %s to finish: %s (statuses seen: %s).'
        % (timeout, session['id'], what, ' -> '.join(h['status'] or 'null' for h in history)),
        job_session=session, elapsed_seconds=round(elapsed, 1), status_history=history)


class _Poll:
    """One read of a session (or of its retry), tolerating WAIT_POLL_FAILURES transient failures in a row."""

    def __init__(self, client, job_name):
        self.client = client
        self.job_name = job_name
        self.failures = 0

    def again(self, session):
        """The session read again, or None after a tolerated transient failure."""
        return self._tolerant(lambda: normalize_session(self.client.get_object('JobSessions/%s' % session['id']),
                                                        job_name=self.job_name))

    def retry_of(self, session):
        """The session that retries ``session`` once the server has created it, else None."""
        from ansible_collections.vb365.backup.plugins.module_utils._session_query import SessionFilter, iter_sessions

        def newest():
            for candidate in iter_sessions(self.client, SessionFilter(job_id=session['job_id']), limit=RETRY_SEARCH,
                                           job_name=self.job_name):
                if candidate['main_session_id'] and candidate['main_session_id'].lower() in retried_ids(session):
                    return candidate
            return None
        return self._tolerant(newest)

    def _tolerant(self, read):
        try:
            found = read()
        except Vb365Error as e:
            self.failures += 1
            if not e.transient or self.failures >= WAIT_POLL_FAILURES:
                raise
            return None
        self.failures = 0
        return found


def retried_ids(session):
    """The ids a retry of ``session`` may name as its main session: the session's own, and its main session's."""
    return set(i.lower() for i in (session['id'], session['main_session_id']) if i)
