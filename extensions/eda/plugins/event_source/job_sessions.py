# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vb365.backup.job_sessions: an ansible-rulebook event source, one event per finished job session.

How a poll finds what changed with one request when nothing did
----------------------------------------------------------------
The API lists sessions newest first (by creation time). The source remembers the sessions
it saw unfinished (``pending``, however long they run: a first full backup of a large
tenant runs for weeks) and the finished ones it already handled (``done``), and keeps a
*floor*: the newest creation time it has seen minus ``FLOOR_MARGIN``, a safety margin for
sessions that become visible late (committed to the list after newer ones, or by a server
whose clock differs from the one that wrote the newest session).

A poll lists the sessions created at or after the floor: on v6 and later the floor goes to
the server as ``endTimeLowerBound`` (the modules read it as a lower bound on creation; the
reference does not know whether the server compares the creation or the end time, and either
reading returns every session created after the floor); on v5, which has no filter, the list
is read newest first down to the floor. A pending session that this listing does not show
(it started before the floor) is read by its id: one request per such session, so the cost
follows the sessions actually running. A finished session not in ``done`` is new when it was
pending, or ended at or after the floor; it is emitted once. ``done`` forgets the sessions
that ended before the floor, so memory holds the sessions running now and those of the last
minutes, not the weeks the source runs.

The first poll has no floor: it reads the whole list once, to learn which sessions are
running (they may have started long ago) and, with ``since``, which ended recently.

Text from the server is never a template
----------------------------------------
ansible-rulebook hands an event to a playbook as extra vars, which ansible-core templates.
Every string of an event (keys included) therefore goes through ``inert_text``: the braces
``{`` and ``}`` become their full-width forms ``｛`` (U+FF5B) and ``｝`` (U+FF5D), and a
``#jinja2:`` header becomes ``＃jinja2:`` (U+FF03), so that no Jinja2 statement, expression,
comment, raw block or delimiter override can start, however the strings are templated, joined
or templated again. Ids, statuses, numbers and timestamps hold none of these characters, so
they pass as they are. With ``include_original: true`` an event also carries the session as
the server sent its texts, base64-encoded JSON (``job_session_original_b64``), which no
templating can evaluate.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import asyncio
import base64
import datetime
import json
import logging
import os
import sys


def _put_collection_on_path():
    """Make ``ansible_collections`` importable from the tree this file belongs to.

    ansible-rulebook runs a source file with ``runpy.run_path`` and puts no collection path on
    ``sys.path``. This file is at ``<root>/ansible_collections/vb365/backup/extensions/eda/plugins/
    event_source/``: its ``<root>`` goes first, so the module_utils are those of the same copy.
    """
    collections = os.path.abspath(os.path.join(os.path.dirname(__file__), *([os.pardir] * 6)))
    root = os.path.dirname(collections)
    if os.path.basename(collections) == 'ansible_collections' and root not in sys.path:
        sys.path.insert(0, root)


_put_collection_on_path()

# pylint: disable=wrong-import-position
# (the collection's imports must follow _put_collection_on_path)
from ansible_collections.vb365.backup.plugins.module_utils._arguments import validate_arguments  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client, backoff, requests  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (  # noqa: E402
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error, Vb365InputError  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._input import validate_guid, validate_names  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._jobs import list_jobs, select_jobs  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._paging import MAX_PAGE_SIZE  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import add_processed_objects  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._redact import redact  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._session import (  # noqa: E402
    FINAL_STATUSES,
    JOB_TYPES,
    normalize_session,
)
from ansible_collections.vb365.backup.plugins.module_utils._session_query import SessionFilter  # noqa: E402
from ansible_collections.vb365.backup.plugins.module_utils._time import (  # noqa: E402
    FUTURE_TOLERANCE,
    parse_duration,
    parse_timestamp,
    utc_now,
)

DOCUMENTATION = r'''
---
short_description: Events for Veeam Backup for Microsoft 365 job sessions that finish
description:
  - An ansible-rulebook event source that polls the VB365 REST API and puts one event on the queue for each
    job session (of a backup or backup copy job) when it reaches a final status, exactly once per run of the source.
    A session is watched until it finishes, however long it runs.
  - 'The event is C({"job_session": <session>, "server": <server>, "api_version": <version>}), where the session
    is the dict M(vb365.backup.job_session_info) returns, with C(job_name) filled.'
  - Every string of an event has its template characters made inert (C({) and C(}) become their full-width forms,
    C(#jinja2:) becomes C(＃jinja2:)), because ansible-rulebook passes events to playbooks as extra vars, which
    Ansible templates. A playbook that needs the session's texts as the server wrote them reads the session again by
    its id with M(vb365.backup.job_session_info), whose results Ansible never templates.
  - The connection options are the modules' ones, with the same defaults and E(VB365_*) environment variables.
    The guide "React to backups with Event-Driven Ansible" shows a complete rulebook.
options:
  interval:
    description: Seconds between two polls.
    type: int
    default: 60
  job_names:
    description:
      - Only sessions of the jobs with these names (backup and copy jobs), found as the modules find O(job_names).
      - Mutually exclusive with O(job_ids).
    type: list
    elements: str
  job_ids:
    description:
      - Only sessions of the jobs with these ids (GUIDs), backup or copy jobs.
      - Mutually exclusive with O(job_names).
    type: list
    elements: str
    version_added: 1.1.0
  job_type:
    description:
      - Only sessions of backup jobs (V(Backup)) or of backup copy jobs (V(Copy), API v6 and later).
      - With O(job_names) or O(job_ids), the jobs are looked for only among jobs of this type, which is how to select
        one of a backup job and a backup copy job that share a name.
    type: str
    choices: [Backup, Copy]
    version_added: 1.1.0
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
  include_processed_objects:
    description:
      - Add C(processed_objects_summary) to each event's session, the counts of the objects it processed (in all and
        per type) and how they ended, as M(vb365.backup.job_session_info) returns them with
        O(vb365.backup.job_session_info#module:include_processed_objects), with C(processed_objects_source) and
        C(processed_objects_error) (API v7 and later; an estimate from the log on API v5 and v6).
      - One more request per finished session (more for one of over 10,000 objects), none while nothing finishes.
        A list that cannot be read leaves the summary null and says why; the event still comes.
    type: bool
    default: false
    version_added: 1.1.0
  include_original:
    description:
      - Add C(job_session_original_b64) to each event, the session with its texts as the server wrote them
        (before they were made inert), as base64-encoded JSON.
      - Decoding it in a playbook gives back text that may hold template characters; handle it as data only.
    type: bool
    default: false
    version_added: 1.1.0
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
        job_type: Backup
  rules:
    - name: A backup failed
      condition: event.job_session.status == "Failed"
      action:
        run_playbook:
          name: playbooks/open_ticket.yml
'''

LOGGER = logging.getLogger('vb365.backup.job_sessions')
SOURCE_NAME = 'vb365.backup.job_sessions'
# Sessions may become visible in the list a little after newer ones (a commit race), and the server's clocks are
# not ours: the floor, the lower bound sent to the server, stays this far below the newest creation time seen.
FLOOR_MARGIN = datetime.timedelta(minutes=5)
# Waits after failed polls in a row: 5, 10, 20 s ... up to 5 minutes, less up to 20 % jitter.
BACKOFF_BASE = 5
BACKOFF_CAP = 300
BACKOFF_LOW = 0.8
# Rulebook-internal arguments that ansible-rulebook adds to a source's args.
RULEBOOK_ARGS_PREFIX = 'eda_'
# What makes text a Jinja2 template, and what each becomes in an event.
INERT_REPLACEMENTS = (('#jinja2:', '\uff03jinja2:'), ('{', '\uff5b'), ('}', '\uff5d'))


def inert_text(value):
    """``value`` with every string (keys too) made inert for Jinja2: see "Text from the server is never a template"."""
    if isinstance(value, str):
        for marker, replacement in INERT_REPLACEMENTS:
            value = value.replace(marker, replacement)
        return value
    if isinstance(value, dict):
        return dict((inert_text(key), inert_text(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [inert_text(item) for item in value]
    return value


# ---- options ------------------------------------------------------------------------------------
def argument_spec():
    """The modules' connection options (the one shared list) and the source's own."""
    spec = connection_argument_spec()
    spec.update(
        interval=dict(type='int', default=60),
        job_names=dict(type='list', elements='str'),
        job_ids=dict(type='list', elements='str'),
        job_type=dict(type='str', choices=list(JOB_TYPES)),
        statuses=dict(type='list', elements='str', choices=list(FINAL_STATUSES)),
        since=dict(type='str'),
        include_processed_objects=dict(type='bool', default=False),
        include_original=dict(type='bool', default=False),
    )
    return spec


def parse_args(args):
    """Validated options from the rulebook's args (and VB365_* variables), or Vb365InputError with the modules' words.

    Returns (params, secrets): secrets are every no_log value, to blank out of log lines.
    """
    args = dict((k, v) for k, v in (args or {}).items() if not str(k).startswith(RULEBOOK_ARGS_PREFIX))
    kwargs = connection_module_kwargs()
    kwargs['mutually_exclusive'] = [('job_names', 'job_ids')]
    try:
        validated = validate_arguments(argument_spec(), args, SOURCE_NAME, kind='event source', **kwargs)
    except Vb365InputError as e:
        raise Vb365InputError(redact(e.msg, getattr(e, 'no_log_values', ())))
    params = validated.params
    validate_connection_params(params)
    if params['interval'] < 1:
        raise Vb365InputError('Invalid interval %d: give a number of seconds of 1 or more.' % params['interval'])
    validate_names(params['job_names'], 'job_names')
    if params['job_ids'] is not None:
        if not params['job_ids']:
            raise Vb365InputError('Invalid job_ids: the list is empty.')
        params['job_ids'] = [validate_guid(job_id, 'job_ids') for job_id in params['job_ids']]
    params['since_seconds'] = parse_duration(params['since'], 'since') if params['since'] is not None else None
    return params, sorted(validated.no_log_values)


# ---- the poller -------------------------------------------------------------------------------
class SessionWatcher:
    """What the source remembers between polls, and one poll (synchronous: it runs in a worker thread)."""

    def __init__(self, client, params, now=None):
        self.client = client
        self.params = params
        self.now = now or utc_now
        self.statuses = frozenset(params['statuses'] or ())
        self.job_ids = None      # lower-case ids of the selected jobs (job_names, job_ids), None: every job
        self.jobs = {}           # job id (lower case) -> the job (normalised), for job_name and job_type in events
        self.pending = {}        # id -> creation time of sessions seen unfinished, until they finish or vanish
        self.done = {}           # id -> end time of finished sessions already handled
        self.floor = None        # sessions created before it are not listed; None until a session was seen
        self.polled = False
        self.vanished = set()    # pending sessions the current poll found gone (they stay gone if the poll fails)
        self.newest = None       # newest creation time seen
        self.started_at = None   # set once start() succeeded
        self.since_from = self.now()  # since counts back from when the source started, even if the server was down

    def start(self):
        """Log in and find the selected jobs: bad credentials or an unknown job fail here, before any poll."""
        started_at = self.now()
        self.client.ensure_api_version()
        self._read_jobs()
        names, ids, job_type = self.params['job_names'], self.params['job_ids'], self.params['job_type']
        if names or ids:
            selected = select_jobs(self.client, names=names, job_type=job_type) if names else \
                [select_jobs(self.client, job_id=job_id, job_type=job_type)[0] for job_id in ids]
            self.job_ids = frozenset(job['id'].lower() for job in selected if job['id'])
        # Set last: it is what tells the loop that the start succeeded.
        self.started_at = started_at

    def _read_jobs(self):
        self.jobs = dict((job['id'].lower(), job) for job in list_jobs(self.client) if job['id'])

    def poll(self):
        """One poll: the events due, oldest end first.

        All or nothing: a poll that fails half-way (a page, a session or the jobs could not be read) sends no event,
        so what it had marked as handled is put back, and the next poll finds those sessions again. Only a pending
        session that can no longer be read stays forgotten (its warning was logged once).
        """
        saved = dict(self.pending), dict(self.done), self.newest, self.floor, self.polled
        self.vanished = set()
        try:
            return self._poll()
        except Exception:
            pending, self.done, self.newest, self.floor, self.polled = saved
            self.pending = dict((key, value) for key, value in pending.items() if key not in self.vanished)
            raise

    def _poll(self):
        first = not self.polled
        due = []
        listed = set()
        for raw in self._listing():
            session = normalize_session(raw)
            if isinstance(session['id'], str):
                listed.add(session['id'])
            self._consider(session, first, due)
        for session_id in sorted(set(self.pending) - listed):
            session = self._read_pending(session_id)
            if session is not None:
                self._consider(session, first, due)
        if any((s['job_id'] or '').lower() not in self.jobs for s in due if s['job_id']):
            # A job created since the source started: one more request, only when it happens.
            self._read_jobs()
        due = [session for session in due if self._wanted(session)]
        for session in due:
            job = self.jobs.get((session['job_id'] or '').lower())
            session['job_name'] = job['name'] if job else None
            if self.params['include_processed_objects']:
                self._add_processed_objects(session)
        self._move_floor()
        self.polled = True
        due.sort(key=lambda s: (parse_timestamp(s['end_time']) or self.now(), s['id']))
        return [self.event(session) for session in due]

    def _consider(self, session, first, due):
        """Remember a session read by this poll; add it to ``due`` when its event is due."""
        created = parse_timestamp(session['creation_time'])
        session_id = session['id']
        if created is None or not isinstance(session_id, str):
            return
        # A creation time further ahead than a clock can be off would move the floor past every later session.
        if (self.newest is None or created > self.newest) and \
                (created - self.now()).total_seconds() <= FUTURE_TOLERANCE:
            self.newest = created
        if session_id in self.done:
            return
        if not session['is_finished']:
            self.pending.setdefault(session_id, created)
            return
        was_pending = self.pending.pop(session_id, None) is not None
        ended = parse_timestamp(session['end_time']) or created
        if not (first or was_pending) and self.floor is not None and ended < self.floor:
            # Ended before the floor and never seen running: handled by an earlier poll (and then forgotten).
            return
        self.done[session_id] = ended
        if first and not self._ended_within_since(session):
            return
        due.append(session)

    def _read_pending(self, session_id):
        """A pending session that the listing no longer shows, read by its id; None when it cannot be read any more."""
        try:
            session = normalize_session(self.client.get_object('JobSessions/%s' % session_id))
            session['id'] = session_id  # the session asked for, whatever the answer says (else it stays pending)
            return session
        except Vb365Error as e:
            if e.transient:
                raise
            # Deleted (session history retention) or refused for good: said once, as it is forgotten here.
            LOGGER.warning('%s: session %s on %s was running and can no longer be read (%s); it is not watched any '
                           'more.', SOURCE_NAME, session_id, self.client.server, e.msg)
            del self.pending[session_id]
            self.vanished.add(session_id)
            return None

    def _add_processed_objects(self, session):
        """The counts only: an event carries no list of objects (a rulebook reads it with job_session_info if needed)."""
        add_processed_objects(self.client, session, limit=0)
        for key in ('processed_objects', 'processed_objects_truncated'):
            session.pop(key, None)

    def event(self, session):
        event = {'job_session': inert_text(session), 'server': inert_text(self.client.server),
                 'api_version': self.client.api_version}
        if self.params['include_original']:
            original = json.dumps(session, sort_keys=True, ensure_ascii=True).encode('ascii')
            event['job_session_original_b64'] = base64.b64encode(original).decode('ascii')
        return event

    def _listing(self):
        """The sessions created at or after the floor (all of them at the first poll), newest first."""
        version = self.client.api_version
        session_filter = SessionFilter(created_after=self.floor)
        path, query = session_filter.request(version)
        # Without a floor the whole list is read once; later a page of 100 holds everything of an ordinary minute.
        page_size = MAX_PAGE_SIZE if self.floor is None else 100
        # When the server filters, what it returns is what is needed (possibly sessions created before the floor
        # that ended after it, further down the list); without a filter, the list is read down to the floor.
        stop_at_floor = self.floor is not None and not query
        for raw in self.client.iter_items(path, query, page_size=page_size):
            created = parse_timestamp(raw.get('creationTime')) if isinstance(raw, dict) else None
            yield raw
            if stop_at_floor and created is not None and created < self.floor:
                # Newest first: the rest is older still. (A page already read is not wasted: it was one request.)
                return

    def _ended_within_since(self, session):
        if self.params['since_seconds'] is None:
            return False
        ended = parse_timestamp(session['end_time'])
        return ended is not None and ended >= self.since_from - datetime.timedelta(seconds=self.params['since_seconds'])

    def _wanted(self, session):
        if self.statuses and session['status'] not in self.statuses:
            return False
        job_id = (session['job_id'] or '').lower()
        if self.job_ids is not None:
            return job_id in self.job_ids
        job_type = self.params['job_type']
        if job_type:
            job = self.jobs.get(job_id)
            return (session['job_type'] or (job['job_type'] if job else None)) == job_type
        return True

    def _move_floor(self):
        # Server times only: a floor from this machine's clock would hide sessions of a server whose clock is behind.
        if self.newest is None:
            return
        self.floor = self.newest - FLOOR_MARGIN
        # Finished sessions that ended before the floor are never taken for new again: forget them.
        for session_id, ended in list(self.done.items()):
            if ended < self.floor:
                del self.done[session_id]


# ---- the event source --------------------------------------------------------------------------
async def run(queue, args, client_factory=None, sleep=asyncio.sleep, now=None, to_thread=None):
    """The source's life; ``main`` with what tests replace (the client, the clock and the sleeps)."""
    to_thread = to_thread or _to_thread
    params, secrets = parse_args(args)
    if requests is None:
        raise ImportError('%s needs the Python library requests: pip install requests' % SOURCE_NAME)
    client = (client_factory or Vb365Client)(params, warn=lambda msg: LOGGER.warning('%s: %s', SOURCE_NAME, msg))

    def log(level, msg, *fields):
        text = msg % fields if fields else msg
        LOGGER.log(level, '%s', redact(text, secrets + client.secrets()))

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
            except Exception as e:  # pylint: disable=broad-exception-caught
                error = e if isinstance(e, Vb365Error) else Vb365Error(
                    'unexpected answer from %s (%s: %s)' % (client.base_url, type(e).__name__, e))
                if watcher.started_at is None and not error.transient:
                    # Wrong credentials, options or job names: the rulebook must fail now, not retry for weeks.
                    raise Vb365Error(redact('%s: %s' % (SOURCE_NAME, error.msg), secrets + client.secrets()))
                # Once watching, nothing stops the source: a poll that failed (the server down, or an answer this
                # source cannot read) is tried again after a back-off, and loses no session (poll is all or nothing).
                failures += 1
                delay = backoff(failures, BACKOFF_BASE, BACKOFF_CAP, BACKOFF_LOW)
                log(logging.WARNING, '%s: poll failed (%d in a row), retrying in %d s: %s', SOURCE_NAME, failures,
                    delay, error.msg)
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
        client.close()


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
