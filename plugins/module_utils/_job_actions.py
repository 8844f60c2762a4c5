# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Job actions (start, stop, enable, disable) the same way on every API version.

v5 posts ``{"<action>": null}`` to ``/Jobs/{id}/action`` (200, empty body). v6 and later
post to ``/Jobs/{id}/<action>`` (204), ``start`` with ``{"full": bool}``; v8's ``start``
answers 200 with the new session. Before v8 the session a start created is found by
comparing the job's newest sessions before and after it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ApiError, Vb365Error, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._jobs import JOB_COLLECTIONS, describe
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._session_query import SessionFilter, iter_sessions
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_timestamp

ACTIONS = ('start', 'stop', 'enable', 'disable')
DONE = {'start': 'started', 'stop': 'stopped', 'enable': 'enabled', 'disable': 'disabled'}
# How many of a job's newest sessions are compared before and after a start. More than one,
# so that the comparison does not depend on the order in which a version lists them.
SNAPSHOT_SIZE = 10
# Before v8 the start answers without the session: how long to look for it, and how often.
APPEAR_TIMEOUT = 60
APPEAR_INTERVAL = 2


def action_request(version, job_id, action, full=False, collection='Jobs'):
    """The path and the JSON body (None: no body) of one job action on one API version.

    ``collection`` is ``Jobs`` for a backup job and ``CopyJobs`` for a backup copy job (v6+).
    """
    if action not in ACTIONS:
        raise ValueError('Unknown job action %r' % action)
    if version == 'v5':
        if full:
            # v5's action body has no way to ask for an active full: refuse rather than run an incremental.
            raise Vb365InputError('full=true needs API v6 or later: API v5 can only start a job the way its '
                                  'schedule runs it. Use full=false, or a server that serves API v6 or later.')
        return 'Jobs/%s/action' % job_id, {action: None}
    if action == 'start':
        return '%s/%s/start' % (collection, job_id), {'full': bool(full)}
    return '%s/%s/%s' % (collection, job_id, action), None


def perform(client, job, action, full=False, check_mode=False):
    """Send one action for ``job`` (normalised); return the server's answer (None when empty).

    In check mode the request is built, so that what the version cannot do still fails, but not sent.
    A refusal names the job and keeps the server's message (v8: ``OperationConflict``).
    """
    client.ensure_api_version()
    path, body = action_request(client.api_version, job['id'], action, full,
                                dict(JOB_COLLECTIONS)[job.get('job_type') or 'Backup'])
    if check_mode:
        return None
    try:
        return client.post(path, body)
    except Vb365ApiError as e:
        raise type(e)('The %s was not %s: %s' % (describe(job), DONE[action], e.msg), **e.details)


def recent_sessions(client, job, limit=SNAPSHOT_SIZE):
    """The job's newest sessions, normalised, newest first."""
    return list(iter_sessions(client, SessionFilter(job_id=job['id'], selected_job_type=job.get('job_type')), limit=limit,
                              job_name=job['name']))


def running_session(sessions):
    """The job's session that is still Running or Queued among ``sessions``, or None.

    A job runs one session at a time, so any unfinished one is the current run.
    """
    return next((session for session in sessions if not session['is_finished']), None)


def new_session(before, after):
    """The session a start created: in ``after``, not in ``before``, and not older than anything in ``before``.

    When several qualify (a retry, or a scheduled run at the same moment), a first run (not a
    retry) is preferred, then the newest.
    """
    known = set(session['id'] for session in before)
    times = [t for t in (parse_timestamp(session['creation_time']) for session in before) if t is not None]
    newest_before = max(times) if times else None
    candidates = []
    for session in after:
        created = parse_timestamp(session['creation_time'])
        if session['id'] in known or (newest_before and created and created < newest_before):
            continue
        candidates.append(session)
    if not candidates:
        return None
    first_runs = [s for s in candidates if not s['main_session_id'] and not s['retry_count']]
    return (first_runs or candidates)[0]


def start_job(client, job, full=False, before=(), check_mode=False):
    """Start ``job``; return the session the start created (normalised).

    ``before`` is ``recent_sessions()`` read before the start. Returns None in check mode,
    and when the session did not appear within APPEAR_TIMEOUT seconds (of ``client.clock``).
    """
    answer = perform(client, job, 'start', full, check_mode)
    if check_mode:
        return None
    if isinstance(answer, dict) and answer.get('id'):
        # v8 answers with the new session: nothing to guess.
        return normalize_session(answer, job_name=job['name'])
    deadline = client.clock.monotonic() + APPEAR_TIMEOUT
    while True:
        found = new_session(before, recent_sessions(client, job))
        if found is not None or client.clock.monotonic() >= deadline:
            return found
        client.clock.sleep(APPEAR_INTERVAL)


def start_unless_running(client, job, full=False, check_mode=False, warn=None, session_needed=False):
    """Start a run of ``job`` (normalised) unless one is going on; return (changed, the session the task is about).

    A job that is already running is left as it is: its running session is returned, unchanged. In check mode
    nothing starts and the session is None. ``session_needed`` makes a start whose session does not show up
    a failure (there would be nothing to wait for or judge) rather than a warning.
    """
    before = recent_sessions(client, job)
    running = running_session(before)
    if running is not None:
        return False, running
    if not job['is_enabled']:
        raise Vb365Error('The %s is disabled, so it cannot be started. Enable it first (vb365.backup.job with '
                         'state=enabled).' % describe(job), job=job)
    session = start_job(client, job, full, before, check_mode=check_mode)
    if session is None and not check_mode:
        message = ('The %s was started, but its new session did not show up within %d seconds.'
                   % (describe(job), APPEAR_TIMEOUT))
        if session_needed:
            raise Vb365Error(message + ' There is no session to wait for.', changed=True)
        if warn:
            warn(message + ' job_session is null.')
    return True, session
