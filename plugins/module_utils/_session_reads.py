# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Reading the sessions a task selects, as job_session_info and the gate read them: select, name, wait, explain.

``read_sessions`` takes the selection as ``job_session_info``'s options name it (``id``, ``job_id``,
``job_name``, ``job_names``, ``job_type``, ``status``, ``latest``, ``latest_per_job``, ``limit``,
``max_concurrency``, ``wait``...), so that the module and the gate (``job_session_check``) read the
same way and word their failures the same way.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error, Vb365NotFoundError
from ansible_collections.vb365.backup.plugins.module_utils._session import name_sessions, normalize_log_item, normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._wait import wait_for_session

# _jobs, _session_query, _newest_sessions and _fanout are imported where they are used: a read by id, the most
# common task, does not need them, and AnsiballZ compiles every module_util a module imports (docs/performance.md).


def read_sessions(client, selection, window=None, variable_prefix=''):
    """The sessions ``selection`` selects (a dict with job_session_info's option names), named and, with ``wait``,
    finished; newest first, or in the order of the jobs with ``latest_per_job``.

    ``window`` holds the time filters (``created_after``... as aware datetimes); ``variable_prefix`` is put
    before option names in messages (the gate role's variables are its options with a prefix).
    """
    jobs = None
    if selection.get('id') is not None:
        sessions = [normalize_session(client.get_object('JobSessions/%s' % selection['id']))]
    else:
        jobs, sessions = _find_sessions(client, selection, window or {}, variable_prefix)
    jobs = _jobs_of(client, sessions, jobs)
    name_sessions(sessions, jobs)
    if selection.get('wait'):
        # A retry the wait followed is a session of the same job.
        sessions = name_sessions(_wait_for_all(client, sessions, selection), jobs)
    return sessions


def selected_jobs(client, selection, variable_prefix=''):
    """The jobs the selection names (by id or names, or every job with latest_per_job), normalised; None when it
    names none."""
    from ansible_collections.vb365.backup.plugins.module_utils import _jobs

    names = selection.get('job_names') or ([selection['job_name']] if selection.get('job_name') is not None else [])
    if names or selection.get('job_id') is not None or selection.get('latest_per_job'):
        return _jobs.select_jobs(client, job_id=selection.get('job_id'), names=names, job_type=selection.get('job_type'),
                                 variable_prefix=variable_prefix)
    return None


def _find_sessions(client, selection, window, variable_prefix):
    """(the jobs the selection names or None, the sessions it selects, newest first)."""
    from ansible_collections.vb365.backup.plugins.module_utils._session_query import SessionFilter, iter_sessions

    jobs = selected_jobs(client, selection, variable_prefix)
    client.ensure_api_version()

    def session_filter(job):
        return SessionFilter(job_id=job['id'] if job else None, statuses=selection.get('status'),
                             job_type=selection.get('job_type'), selected_job_type=job['job_type'] if job else None,
                             **window)

    if selection.get('latest_per_job'):
        from ansible_collections.vb365.backup.plugins.module_utils._newest_sessions import latest_per_job

        return jobs, latest_per_job(client, jobs, session_filter, selection.get('max_concurrency') or 8)
    job = jobs[0] if jobs else None
    limit = 1 if selection.get('latest') else selection.get('limit') or 0
    return jobs, list(iter_sessions(client, session_filter(job), limit=limit, job_name=job['name'] if job else None))


def _jobs_of(client, sessions, jobs):
    """The jobs ``sessions`` belong to: ``jobs`` when the selection named them, else one reading of the server's jobs.

    A single session (a read by id) costs a read of its job; a listing one listing of the jobs, copy jobs included.
    """
    from ansible_collections.vb365.backup.plugins.module_utils import _jobs

    if jobs is not None or not sessions:
        return jobs or []
    if len(sessions) == 1 and sessions[0]['job_id']:
        try:
            return [_jobs.get_job(client, sessions[0]['job_id'])]
        except Vb365NotFoundError:
            # The job was deleted, or (on v5) it is a copy job that v5 cannot read: job_name stays null.
            return []
    return _jobs.list_jobs(client)


def _wait_for_all(client, sessions, selection):
    """Wait for each session in turn (and for the retries the server makes of them), all within one wait_timeout."""
    deadline = client.clock.monotonic() + selection['wait_timeout']
    return [wait_for_session(client, session, selection['wait_timeout'], selection['wait_interval'], deadline=deadline,
                             follow_retries=True) for session in sessions]


def add_logs(client, sessions, log_limit, max_concurrency):
    """Add each session's log as ``log``, and why it could not be read as ``log_error`` (null when it could).

    One log read per session, side by side within ``max_concurrency``.
    """
    from ansible_collections.vb365.backup.plugins.module_utils._fanout import fan_out

    fan_out(lambda session: add_log(client, session, log_limit), sessions, max_concurrency)


def add_log(client, session, log_limit):
    """Add the session's log as ``log``, and why it could not be read as ``log_error`` (null when it could).

    A log explains a session, it does not decide about it: a log the server refuses (403 for an operator who may
    read sessions but not their logs, 404, a timeout) leaves ``log`` empty rather than failing the read.
    """
    items = []
    try:
        for raw in client.iter_items('JobSessions/%s/LogItems' % session['id'], page_size=min(log_limit or 10000, 10000)):
            items.append(normalize_log_item(raw))
            if log_limit and len(items) >= log_limit:
                break
    except Vb365Error as e:
        session.update(log=items, log_error=e.msg)
        return
    session.update(log=items, log_error=None)
