# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vb365.backup.job_sessions: an ansible-rulebook event source, one event per finished job session.

How a poll finds what changed with one request when nothing did
----------------------------------------------------------------
The API lists sessions newest first (by creation time). The source remembers the
sessions it saw unfinished (``pending``) and the finished ones it already handled
(``done``), and keeps a *floor*: the newest creation time it has seen (minus a margin
for clock and commit races), or the creation time of the oldest pending session if
that is older. Every session that ends after a poll ends after that poll's floor.

On v6 and later a poll sends the floor as ``endTimeLowerBound``, which the modules
already use as a lower bound on creation (the reference does not know whether the
server compares the creation or the end time). Either way every session that ended
at or after the floor is returned: with the creation reading because it was created
after the floor or is pending, with the end reading by definition. On v5, which has no
filter, a poll reads newest first and stops below the floor. A finished session not
in ``done`` is new when it is pending or ended at or after the floor; ``done`` drops
the sessions that ended before the floor, so memory follows the sessions of the last
minutes (or since the oldest one still running), not the weeks the source runs.

The first poll has no floor: it reads the whole list once, to learn which sessions are
running (they may have started long ago) and, with ``since``, which ended recently.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
short_description: Events for Veeam Backup for Microsoft 365 job sessions that finish
description:
  - An ansible-rulebook event source that polls the VB365 REST API and puts one event on the queue for each
    job session (of a backup or backup copy job) when it reaches a final status, exactly once per run of the source.
  - 'The event is C({"job_session": <session>, "server": <server>, "api_version": <version>}), where the session
    is the dict M(vb365.backup.job_session_info) returns, with C(job_name) filled.'
  - The connection options are the modules' ones, with the same defaults and E(VB365_*) environment variables.
    The guide "React to backups with Event-Driven Ansible" shows a complete rulebook.
options:
  interval:
    description: Seconds between two polls.
    type: int
    default: 60
  job_names:
    description: Only sessions of the jobs with these names (backup and copy jobs), found as the modules find O(job_names).
    type: list
    elements: str
  statuses:
    description: Only sessions that end with one of these statuses.
    type: list
    elements: str
    choices: [Success, Warning, Failed, Stopped, Disconnected, NotConfigured]
  since:
    description:
      - At start, also emit the sessions that ended within this duration, such as V(26h) or V(7d) (the durations the
        modules accept). By default only sessions that finish after the source starts are emitted.
    type: str
extends_documentation_fragment:
  - vb365.backup.connection
'''

EXAMPLES = r'''
- name: React to the nightly backups
  hosts: localhost
  sources:
    - vb365.backup.job_sessions:
        server: vb365.example.com
        username: CORP\svc-eda
        password: "{{ vb365_password }}"
        ca_path: /etc/pki/vb365-ca.pem
        interval: 120
        job_names: [Exchange Online - Daily]
  rules:
    - name: A backup failed
      condition: event.job_session.status == "Failed"
      action:
        run_playbook:
          name: playbooks/open_ticket.yml
'''

import asyncio
import datetime
import logging
import os
import random
import sys

LOGGER = logging.getLogger('vb365.backup.job_sessions')
SOURCE_NAME = 'vb365.backup.job_sessions'
# Sessions that ended with one of these are over: an event is due.
FINAL_STATUSES = ('Success', 'Warning', 'Failed', 'Stopped', 'Disconnected', 'NotConfigured')
# A session may be committed to the list with a creation time a little before a session already listed, and the
# server's clock is not ours: the floor stays this far below the newest creation time seen.
FLOOR_MARGIN = datetime.timedelta(minutes=5)
# A session running this long is given up (with a warning), so that one lost session cannot hold the floor forever.
PENDING_MAX_AGE = datetime.timedelta(days=7)
# Waits after failed polls in a row: 5, 10, 20 s ... up to 5 minutes, with jitter.
BACKOFF_BASE = 5
BACKOFF_CAP = 300
# Rulebook-internal arguments that ansible-rulebook adds to a source's args.
RULEBOOK_ARGS_PREFIX = 'eda_'


# ---- the collection's module_utils ------------------------------------------------------------
# The ONE place that imports them. ansible-rulebook loads this file with runpy.run_path and does not
# put the collections path on sys.path, so the collection's own tree (this file is at
# <root>/ansible_collections/vb365/backup/extensions/eda/plugins/event_source/) goes first on it: the
# module_utils are those of the same installed copy, not another version found elsewhere on the path.
# ansible-core is present wherever ansible-rulebook can load a collection's source (it finds
# collections with ansible-galaxy), and the module_utils need it.
def _collection_root(path):
    root = os.path.abspath(os.path.join(os.path.dirname(path), *([os.pardir] * 6)))
    return os.path.dirname(root) if os.path.basename(root) == 'ansible_collections' else None


def _load_collection():
    # pylint: disable=import-outside-toplevel
    root = _collection_root(__file__)
    if root and root not in sys.path:
        sys.path.insert(0, root)
    try:
        from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
        from ansible_collections.vb365.backup.plugins.module_utils import _client, _connection, _errors, _jobs, _session
        from ansible_collections.vb365.backup.plugins.module_utils import _session_query, _time
    except ImportError as e:
        raise ImportError('%s needs ansible-core and the vb365.backup collection installed together (%s).'
                          % (SOURCE_NAME, e))
    if _client.requests is None:
        raise ImportError('%s needs the Python library requests: pip install requests' % SOURCE_NAME)
    return dict(
        ArgumentSpecValidator=ArgumentSpecValidator,
        Vb365Client=_client.Vb365Client, redact=_client.redact,
        connection_argument_spec=_connection.connection_argument_spec,
        connection_module_kwargs=_connection.connection_module_kwargs,
        validate_connection_params=_connection.validate_connection_params,
        Vb365Error=_errors.Vb365Error, Vb365InputError=_errors.Vb365InputError, Vb365ApiError=_errors.Vb365ApiError,
        find_job_by_name=_jobs.find_job_by_name, normalize_job=_jobs.normalize_job,
        normalize_session=_session.normalize_session,
        SessionFilter=_session_query.SessionFilter, MAX_PAGE_SIZE=_client.MAX_PAGE_SIZE,
        parse_duration=_time.parse_duration, parse_timestamp=_time.parse_timestamp, utc_now=_time.utc_now,
    )


class _Collection:
    def __init__(self, names):
        self.__dict__.update(names)


VB365 = _Collection(_load_collection())


# ---- options ------------------------------------------------------------------------------------
def argument_spec():
    """The modules' connection options (the one shared list) and the source's own."""
    spec = VB365.connection_argument_spec()
    spec.update(
        interval=dict(type='int', default=60),
        job_names=dict(type='list', elements='str'),
        statuses=dict(type='list', elements='str', choices=list(FINAL_STATUSES)),
        since=dict(type='str'),
    )
    return spec


def parse_args(args):
    """Validated options from the rulebook's args (and VB365_* variables), or Vb365InputError with the modules' words.

    Returns (params, secrets): secrets are every no_log value, to blank out of log lines.
    """
    args = dict((k, v) for k, v in (args or {}).items() if not str(k).startswith(RULEBOOK_ARGS_PREFIX))
    validator = VB365.ArgumentSpecValidator(argument_spec(),
                                            **VB365.connection_module_kwargs())
    result = validator.validate(args)
    secrets = [s for s in result._no_log_values if isinstance(s, str)]  # pylint: disable=protected-access
    if result.unsupported_parameters:
        raise VB365.Vb365InputError('Unsupported parameters for (%s) event source: %s. Supported parameters include: %s.'
                                    % (SOURCE_NAME, ', '.join(sorted(result.unsupported_parameters)),
                                       ', '.join(sorted(argument_spec()))))
    if result.error_messages:
        raise VB365.Vb365InputError(VB365.redact('; '.join(result.error_messages), secrets))
    params = result.validated_parameters
    VB365.validate_connection_params(params)
    if params['interval'] < 1:
        raise VB365.Vb365InputError('Invalid interval %d: give a number of seconds of 1 or more.' % params['interval'])
    if params['job_names'] is not None:
        if not params['job_names']:
            raise VB365.Vb365InputError('Invalid job_names: the list is empty.')
        if any(not name.strip() for name in params['job_names']):
            raise VB365.Vb365InputError('Invalid job name: it is empty.')
    if params['ca_path'] and not os.path.isfile(params['ca_path']):
        raise VB365.Vb365InputError('Invalid ca_path %r: no such file.' % params['ca_path'])
    params['since_seconds'] = VB365.parse_duration(params['since'], 'since') if params['since'] is not None else None
    return params, secrets


# ---- the poller -------------------------------------------------------------------------------
class SessionWatcher:
    """What the source remembers between polls, and one poll (synchronous: it runs in a worker thread)."""

    def __init__(self, client, params, now=None):
        self.client = client
        self.params = params
        self.now = now or VB365.utc_now
        self.statuses = frozenset(params['statuses'] or ())
        self.job_ids = None      # lower-case ids of the jobs named in job_names, None: every job
        self.job_names = {}      # job id (lower case) -> name, for job_name in events
        self.pending = {}        # id -> creation time of sessions seen unfinished
        self.done = {}           # id -> end time of finished sessions already handled
        self.floor = None        # sessions created before it are not new; None until a session was seen
        self.polled = False
        self.newest = None       # newest creation time seen
        self.started_at = None   # set once start() succeeded
        self.since_from = self.now()  # since counts back from when the source started, even if the server was down
        self._all_jobs = {}

    def start(self):
        """Log in and find the named jobs: bad credentials or an unknown job fail here, before any poll."""
        started_at = self.now()
        self.client.ensure_api_version()
        self._read_jobs()
        if self.params['job_names']:
            jobs = list(self._all_jobs.values())
            self.job_ids = frozenset(VB365.find_job_by_name(jobs, name.strip())['id'].lower()
                                     for name in self.params['job_names'])
        # Set last: it is what tells the loop that the start succeeded.
        self.started_at = started_at

    def _read_jobs(self):
        jobs = {}
        paths = ['Jobs'] if self.client.api_version == 'v5' else ['Jobs', 'CopyJobs']
        for path in paths:
            for raw in self.client.iter_items(path):
                job = VB365.normalize_job(raw)
                if isinstance(job['id'], str):
                    jobs[job['id'].lower()] = job
        self._all_jobs = jobs
        self.job_names = dict((job_id, job['name']) for job_id, job in jobs.items())

    def poll(self):
        """One poll: the events due, oldest end first."""
        first = not self.polled
        due = []
        seen_unknown_job = False
        for raw in self._listing():
            session = VB365.normalize_session(raw)
            created = VB365.parse_timestamp(session['creation_time'])
            session_id = session['id']
            if created is None or not isinstance(session_id, str):
                continue
            if self.newest is None or created > self.newest:
                self.newest = created
            if session_id in self.done:
                continue
            if not session['is_finished']:
                self.pending.setdefault(session_id, created)
                continue
            was_pending = self.pending.pop(session_id, None) is not None
            ended = VB365.parse_timestamp(session['end_time']) or created
            if not (first or was_pending) and self.floor is not None and ended < self.floor:
                # Ended before the floor: handled by an earlier poll (and then forgotten), not new.
                continue
            self.done[session_id] = ended
            if first and not self._ended_within_since(session):
                continue
            if self._wanted(session):
                job_id = (session['job_id'] or '').lower()
                seen_unknown_job = seen_unknown_job or (job_id and job_id not in self.job_names)
                due.append(session)
        if seen_unknown_job:
            # A job created since the source started: one more request, only when it happens.
            self._read_jobs()
        for session in due:
            session['job_name'] = self.job_names.get((session['job_id'] or '').lower())
        self._move_floor()
        self.polled = True
        due.sort(key=lambda s: (VB365.parse_timestamp(s['end_time']) or self.now(), s['id']))
        return [self.event(session) for session in due]

    def event(self, session):
        return {'job_session': session, 'server': self.client.server, 'api_version': self.client.api_version}

    def _listing(self):
        """The sessions created at or after the floor (all of them at the first poll), newest first."""
        version = self.client.api_version
        session_filter = VB365.SessionFilter(created_after=self.floor)
        path, query = session_filter.request(version)
        # Without a floor the whole list is read once; later a page of 100 holds everything of an ordinary minute.
        page_size = VB365.MAX_PAGE_SIZE if self.floor is None else 100
        # When the server filters, what it returns is what is needed (possibly sessions created before the floor
        # that ended after it, further down the list); without a filter, the list is read down to the floor.
        stop_at_floor = self.floor is not None and not query
        for raw in self.client.iter_items(path, query, page_size=page_size):
            created = VB365.parse_timestamp(raw.get('creationTime')) if isinstance(raw, dict) else None
            yield raw
            if stop_at_floor and created is not None and created < self.floor:
                # Newest first: the rest is older still. (A page already read is not wasted: it was one request.)
                return

    def _ended_within_since(self, session):
        if self.params['since_seconds'] is None:
            return False
        ended = VB365.parse_timestamp(session['end_time'])
        return ended is not None and ended >= self.since_from - datetime.timedelta(seconds=self.params['since_seconds'])

    def _wanted(self, session):
        if self.statuses and session['status'] not in self.statuses:
            return False
        return self.job_ids is None or (session['job_id'] or '').lower() in self.job_ids

    def _move_floor(self):
        now = self.now()
        for session_id, created in list(self.pending.items()):
            if now - created > PENDING_MAX_AGE:
                LOGGER.warning('%s: session %s on %s has been unfinished since %s; no longer watching it.',
                               SOURCE_NAME, session_id, self.client.server, created.isoformat())
                del self.pending[session_id]
        # Server times only: a floor from this machine's clock would hide sessions of a server whose clock is behind.
        candidates = list(self.pending.values()) + ([self.newest - FLOOR_MARGIN] if self.newest else [])
        self.floor = min(candidates) if candidates else None
        if self.floor is None:
            return
        # Finished sessions that ended before the floor are never taken for new again: forget them.
        for session_id, ended in list(self.done.items()):
            if ended < self.floor:
                del self.done[session_id]


# ---- the event source --------------------------------------------------------------------------
def _is_transient(error):
    """Whether a failure may heal by itself (server down, slow, 5xx, bad answer), so the source waits and retries."""
    if isinstance(error, VB365.Vb365InputError):
        return False
    if isinstance(error, VB365.Vb365ApiError):
        status = getattr(error, 'status', None)
        return status is None or status == 429 or status >= 500
    return True


def backoff(failures):
    """Seconds to wait after ``failures`` failed polls in a row: doubling from 5 s, capped, with jitter."""
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(failures - 1, 16)) * random.uniform(0.8, 1.0)


async def run(queue, args, client_factory=None, sleep=asyncio.sleep, now=None, to_thread=None):
    """The source's life; ``main`` with what tests replace (the client, the clock and the sleeps)."""
    to_thread = to_thread or _to_thread
    params, secrets = parse_args(args)
    client = (client_factory or VB365.Vb365Client)(params, warn=lambda msg: LOGGER.warning('%s: %s', SOURCE_NAME, msg))

    def log(level, msg, *fields):
        text = msg % fields if fields else msg
        LOGGER.log(level, '%s', VB365.redact(text, secrets + client.secrets()))

    watcher = SessionWatcher(client, params, now=now)
    failures = 0
    try:
        while True:
            try:
                if watcher.started_at is None:
                    await to_thread(watcher.start)
                    log(logging.INFO, '%s: watching job sessions on %s (API %s), every %d s.', SOURCE_NAME,
                        client.base_url, client.api_version, params['interval'])
                events = await to_thread(watcher.poll)
            except VB365.Vb365Error as e:
                if watcher.started_at is None and not _is_transient(e):
                    # Wrong credentials, options or job names: the rulebook must fail now, not retry for weeks.
                    raise VB365.Vb365Error(VB365.redact('%s: %s' % (SOURCE_NAME, e.msg), secrets + client.secrets()))
                failures += 1
                delay = backoff(failures)
                log(logging.WARNING, '%s: poll failed (%d in a row), retrying in %d s: %s', SOURCE_NAME, failures,
                    delay, e.msg)
                await sleep(delay)
                continue
            if failures:
                log(logging.INFO, '%s: %s answers again after %d failed polls.', SOURCE_NAME, client.base_url, failures)
            failures = 0
            for event in events:
                await queue.put(event)
            await sleep(params['interval'])
    except asyncio.CancelledError:
        log(logging.INFO, '%s: stopped.', SOURCE_NAME)
        raise
    finally:
        client.session.close()


async def _to_thread(function):
    # requests blocks: each poll runs in a worker thread so that the rulebook's loop goes on.
    return await asyncio.get_running_loop().run_in_executor(None, function)


async def main(queue, args):
    """ansible-rulebook's entry point."""
    await run(queue, args)


if __name__ == '__main__':
    # Run by hand: print the events (the connection from VB365_* environment variables).
    class _PrintQueue:
        async def put(self, event):
            print(event)

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_PrintQueue(), {}))
