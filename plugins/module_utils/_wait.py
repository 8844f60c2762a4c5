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


def wait_for_session(client, session, timeout, interval, job_name=None, history=None):
    """Poll ``session`` (normalised) until it has finished; return the finished session.

    ``history``, when given a list, receives each status seen, with the seconds elapsed
    when it was first seen (the timeout error carries the same list). Time passes by
    ``client.clock``.

    ``timeout`` bounds the whole wait, not each request. A poll that fails transiently
    (``Vb365Error.transient``: a lost connection, 5xx, 429, after the client's own retries)
    is tolerated up to WAIT_POLL_FAILURES times in a row; the client renews an expired
    token by itself. On timeout the error carries the last session seen, the elapsed time
    and every status change observed.
    """
    clock = client.clock
    start = clock.monotonic()
    # The wait's end is also every poll's: no request or retry of the client goes past it.
    outer_deadline = getattr(client, 'deadline', None)
    client.deadline = start + timeout if outer_deadline is None else min(outer_deadline, start + timeout)
    try:
        return _poll_until_finished(client, session, timeout, interval, job_name, history, start)
    finally:
        client.deadline = outer_deadline


def _poll_until_finished(client, session, timeout, interval, job_name, history, start):
    clock = client.clock
    history = [] if history is None else history
    history.append(dict(status=session['status'], elapsed_seconds=0))
    failures = 0
    while not session['is_finished']:
        elapsed = clock.monotonic() - start
        if elapsed + interval > timeout:
            raise Vb365Error(
                'Timed out after %d seconds waiting for job session %s to finish: it is still %s (statuses seen: %s).'
                % (round(elapsed), session['id'], session['status'], ' -> '.join(h['status'] or 'null' for h in history)),
                job_session=session, elapsed_seconds=round(elapsed, 1), status_history=history)
        clock.sleep(interval)
        try:
            latest = normalize_session(client.get_object('JobSessions/%s' % session['id']), job_name=job_name or session['job_name'])
        except Vb365Error as e:
            failures += 1
            if not e.transient or failures >= WAIT_POLL_FAILURES:
                raise
            continue
        failures = 0
        if latest['status'] != session['status']:
            history.append(dict(status=latest['status'], elapsed_seconds=round(clock.monotonic() - start, 1)))
        session = latest
    return session
