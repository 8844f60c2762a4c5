# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source's loop: the real client over a faked transport (requests-mock) and a fake clock.

Each test drives ``run()`` through a script: ``sleep`` is replaced by a step that advances the
fake clock and lets the test change the server between two polls; when the script ends, the
step raises CancelledError, as a rulebook shutdown does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import asyncio
import datetime
import logging
import os
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.vb365.backup.extensions.eda.plugins.event_source import job_sessions as source
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_argument_spec

from ansible_collections.vb365.backup.tests.unit.extensions.eda.plugins.event_source.fake_vb365 import (
    BACKUP_JOB, COPY_JOB, PASSWORD, SERVER, USERNAME, FakeClock, FakeVb365,
)

PLUGIN = os.path.abspath(source.__file__)
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), *([os.pardir] * 6)))


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def server(requests_mock, clock):
    return FakeVb365(requests_mock, clock)


def connection(**overrides):
    args = dict(server=SERVER, username=USERNAME, password=PASSWORD, interval=60, retries=0)
    args.update(overrides)
    return args


class Script:
    """Runs the source; ``steps`` are called one per sleep (after each poll or failed poll), then it is cancelled."""

    def __init__(self, clock, steps=()):
        self.clock = clock
        self.steps = list(steps)
        self.sleeps = []
        self.queue = asyncio.Queue()

    async def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.clock.advance(seconds)
        if not self.steps:
            raise asyncio.CancelledError()
        self.steps.pop(0)()

    def run(self, args):
        async def inline(function):
            return function()

        async def go():
            with pytest.raises(asyncio.CancelledError):
                await source.run(self.queue, args, sleep=self.sleep, now=self.clock.now, to_thread=inline,
                                 client_factory=self.client)
        asyncio.run(go())
        events = []
        while not self.queue.empty():
            events.append(self.queue.get_nowait())
        return events

    @staticmethod
    def client(params, warn=None):
        client = source.Vb365Client(params, warn=warn)
        client.sleep = lambda seconds: None  # the client's own retries must not really wait
        return client


def nothing():
    pass


# ---- events -----------------------------------------------------------------------------------
def test_first_poll_emits_no_history_and_a_running_session_once_when_it_finishes(server, clock):
    server.add_session(status='Success', age=7200, duration=600)
    server.add_session(status='Failed', age=3600, duration=60)
    running = server.add_session(status='Running', age=30)
    events = Script(clock, [nothing, lambda: server.finish(running, 'Success'), nothing, nothing]).run(connection())
    assert len(events) == 1
    event = events[0]
    assert sorted(event) == ['api_version', 'job_session', 'server']
    assert event['server'] == SERVER and event['api_version'] == 'v8'
    session = event['job_session']
    assert session['id'] == running['id'] and session['status'] == 'Success' and session['is_finished'] is True
    assert session['job_name'] == BACKUP_JOB['name'] and session['job_id'] == BACKUP_JOB['id']
    assert session['statistics']['bottleneck'] == 'Source' and '_links' not in session


def test_the_event_holds_the_session_exactly_as_job_session_info_returns_it(server, clock):
    running = server.add_session(status='Running', age=30)
    events = Script(clock, [lambda: server.finish(running, 'Warning')]).run(connection())
    raw = server._render(running)
    expected = source.normalize_session(raw, job_name=BACKUP_JOB['name'])
    got = events[0]['job_session']
    for derived in ('age_seconds',):  # computed from the real clock at normalisation
        expected.pop(derived), got.pop(derived)
    assert got == expected


def test_processed_objects_add_the_counts_of_finished_sessions_only_one_request_each(server, clock):
    running = server.add_session(status='Running', age=30)
    other = server.add_session(status='Running', age=20)
    steps = [nothing, lambda: server.finish(running, 'Warning'), lambda: server.finish(other, 'Success'), nothing]
    events = Script(clock, steps).run(connection(include_processed_objects=True))
    by_id = dict((e['job_session']['id'], e['job_session']) for e in events)
    assert by_id[running['id']]['processed_objects_summary'] == dict(
        total=10, success=8, warning=1, failed=1, by_type={'User': dict(total=10, success=8, warning=1, failed=1)})
    assert by_id[other['id']]['processed_objects_summary']['failed'] == 0
    assert by_id[running['id']]['processed_objects_source'] == 'processed_objects'
    assert by_id[running['id']]['processed_objects_error'] is None
    # The summary only: no list of objects in an event.
    assert 'processed_objects' not in by_id[running['id']] and 'processed_objects_truncated' not in by_id[running['id']]
    # One read per finished session, none while they ran.
    assert sorted(server.object_reads) == sorted([running['id'], other['id']])


def test_without_the_option_no_object_is_read(server, clock):
    running = server.add_session(status='Running', age=30)
    events = Script(clock, [lambda: server.finish(running, 'Warning')]).run(connection())
    assert 'processed_objects_summary' not in events[0]['job_session'] and server.object_reads == []


def test_an_unreadable_list_still_gives_the_event_with_the_reason(server, clock):
    server.deny_objects = True
    running = server.add_session(status='Running', age=30)
    events = Script(clock, [lambda: server.finish(running, 'Failed'), nothing]).run(
        connection(include_processed_objects=True))
    session = events[0]['job_session']
    assert session['status'] == 'Failed' and session['processed_objects_summary'] is None
    assert session['processed_objects_source'] is None
    assert 'HTTP 403: Access is denied.' in session['processed_objects_error']


def test_since_replays_the_sessions_that_ended_within_it_oldest_first(server, clock):
    old = server.add_session(status='Success', age=30 * 3600, duration=60)    # ended 30 h ago
    recent = server.add_session(status='Failed', age=10 * 3600, duration=60)  # ended 10 h ago
    newer = server.add_session(status='Warning', age=3600, duration=60)
    events = Script(clock, [nothing, nothing]).run(connection(since='26h'))
    assert [e['job_session']['id'] for e in events] == [recent['id'], newer['id']]
    assert old['id'] not in [e['job_session']['id'] for e in events]


def test_since_counts_from_the_start_of_the_source_even_when_the_server_was_down(server, clock):
    server.refuse_connections = True
    in_window = server.add_session(status='Success', age=3650, duration=60)  # ended 59 min 50 s before the start

    def up():
        server.refuse_connections = False
    events = Script(clock, [nothing, nothing, up, nothing]).run(connection(since='1h'))
    assert [e['job_session']['id'] for e in events] == [in_window['id']]


def test_each_session_is_emitted_once_across_many_polls(server, clock):
    first = server.add_session(status='Running', age=10)
    steps = [lambda: server.finish(first, 'Success')] + [nothing] * 5
    steps += [lambda: server.add_session(status='Failed', age=20, duration=10)] + [nothing] * 5
    events = Script(clock, steps).run(connection(since='1h'))
    ids = [e['job_session']['id'] for e in events]
    assert len(ids) == len(set(ids)) == 2
    assert [e['job_session']['status'] for e in events] == ['Success', 'Failed']


def test_a_session_that_starts_and_ends_between_two_polls_is_emitted(server, clock):
    events = Script(clock, [lambda: server.add_session(status='Stopped', age=50, duration=40)]).run(connection())
    assert [e['job_session']['status'] for e in events] == ['Stopped']


def test_job_names_and_statuses_select_sessions_and_copy_jobs_count_as_jobs(server, clock):
    def later():
        server.add_session(job=BACKUP_JOB, status='Failed', age=30, duration=10)
        server.add_session(job=COPY_JOB, status='Failed', age=30, duration=10, job_type='Copy')
        server.add_session(job=COPY_JOB, status='Success', age=30, duration=10, job_type='Copy')
    events = Script(clock, [later]).run(connection(job_names=[COPY_JOB['name']], statuses=['Failed']))
    assert [(e['job_session']['job_name'], e['job_session']['status']) for e in events] == [(COPY_JOB['name'], 'Failed')]


def test_a_job_created_after_the_start_gets_its_name(server, clock):
    new_job = {'id': '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'name': 'Teams - Hourly'}

    def later():
        server.jobs.append(new_job)
        server.add_session(job=new_job, status='Success', age=30, duration=10)
    events = Script(clock, [later]).run(connection())
    assert events[0]['job_session']['job_name'] == 'Teams - Hourly'


@pytest.mark.parametrize('version', ['v5', 'v6', 'v8'])
def test_one_listing_request_per_poll_when_nothing_happened(requests_mock, clock, version):
    server = FakeVb365(requests_mock, clock, version=version)
    for age in range(300, 0, -1):  # 300 finished sessions: more than a page
        server.add_session(status='Success', age=age * 600, duration=60)
    counts = []

    def count():
        counts.append(requests_mock.call_count)
    events = Script(clock, [count] * 6).run(connection(api_version=version))
    assert events == []
    assert [b - a for a, b in zip(counts, counts[1:])] == [1] * 5
    if version != 'v5':
        assert 'endtimelowerbound' in server.session_listings[-1]


@pytest.mark.parametrize('reading', ['simulator', 'creation', 'end'])
def test_a_long_session_ending_after_newer_ones_is_emitted_whatever_the_bound_compares(requests_mock, clock, reading):
    server = FakeVb365(requests_mock, clock, bound_reading=reading)
    server.add_session(status='Success', age=86400, duration=600)
    long_one = []

    def start_long():
        long_one.append(server.add_session(status='Running', age=10))

    def short_one():
        server.add_session(status='Success', age=30, duration=20)
    steps = [start_long] + [short_one] * 30 + [lambda: server.finish(long_one[0], 'Warning'), nothing, nothing]
    events = Script(clock, steps).run(connection())
    statuses = [e['job_session']['status'] for e in events]
    assert statuses.count('Success') == 30 and statuses[-1] == 'Warning'
    assert [e['job_session']['id'] for e in events].count(long_one[0]['id']) == 1


# ---- for weeks --------------------------------------------------------------------------------
def test_an_expired_token_is_refreshed_then_replaced_by_password(server, clock):
    running = server.add_session(status='Running', age=10)
    second = []

    def expire_and_finish():
        server.expire_tokens()
        server.finish(running)

    def expire_and_revoke():
        server.expire_tokens()
        server.refresh_tokens.clear()
        second.append(server.add_session(status='Failed', age=20, duration=5))
    events = Script(clock, [expire_and_finish, expire_and_revoke]).run(connection())
    assert [e['job_session']['id'] for e in events] == [running['id'], second[0]['id']]
    assert server.grants == ['password', 'refresh_token', 'refresh_token', 'password']


def test_a_server_down_then_up_gives_warnings_and_backoff_and_no_lost_event(server, clock, caplog):
    running = server.add_session(status='Running', age=10)

    def down():
        server.refuse_connections = True

    def up():
        server.refuse_connections = False
        server.finish(running, 'Failed')
    script = Script(clock, [down, nothing, nothing, up, nothing])
    with caplog.at_level(logging.INFO, logger=source.LOGGER.name):
        events = script.run(connection())
    assert [e['job_session']['status'] for e in events] == ['Failed']
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3 and all('Connection refused' in w for w in warnings)
    assert '(3 in a row)' in warnings[2]
    # interval, then three growing waits (5, 10, 20 s less up to 20 % jitter), then the interval again
    assert script.sleeps[0] == 60 and script.sleeps[-1] == 60
    assert 4 <= script.sleeps[1] <= 5 < 8 <= script.sleeps[2] <= 10 < 16 <= script.sleeps[3] <= 20
    assert any('answers again after 3 failed polls' in r.getMessage() for r in caplog.records)


def test_a_server_error_is_a_warning_naming_the_server_request_and_message(server, clock, caplog):
    def fault():
        server.fault = (503, {'message': 'The service is starting.'})

    def heal():
        server.fault = None
    with caplog.at_level(logging.WARNING, logger=source.LOGGER.name):
        Script(clock, [fault, heal]).run(connection())
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert 'HTTP 503' in warning and 'The service is starting' in warning and 'GET /v8/JobSessions' in warning
    assert SERVER in warning


def test_a_server_down_at_start_is_waited_for(server, clock):
    server.refuse_connections = True
    running = server.add_session(status='Running', age=10)

    def up():
        server.refuse_connections = False
    events = Script(clock, [up, lambda: server.finish(running)]).run(connection())
    assert [e['job_session']['id'] for e in events] == [running['id']]


def test_memory_stays_flat_over_days(server, clock, monkeypatch):
    watchers = []
    original = source.SessionWatcher.__init__

    def remember(self, *args, **kwargs):
        original(self, *args, **kwargs)
        watchers.append(self)
    monkeypatch.setattr(source.SessionWatcher, '__init__', remember)
    sizes = []

    def new_session():
        server.add_session(status='Success', age=30, duration=20)
        sizes.append(len(watchers[0].done) + len(watchers[0].pending))
    events = Script(clock, [new_session] * 3000).run(connection())  # a new session every minute for two days
    assert len(events) == 3000
    assert max(sizes[100:]) <= 10  # the last few minutes' sessions, not two days of them
    assert len(set(e['job_session']['id'] for e in events)) == 3000


def test_a_session_running_for_weeks_is_watched_until_it_finishes(server, clock, caplog, monkeypatch):
    """The first full backup of a large tenant: three weeks of polls, then one event; no warning on the way."""
    watchers = []
    original = source.SessionWatcher.__init__
    monkeypatch.setattr(source.SessionWatcher, '__init__',
                        lambda self, *a, **k: original(self, *a, **k) or watchers.append(self))
    full = server.add_session(status='Running', age=8 * 86400)
    steps = [lambda: server.add_session(status='Success', age=30, duration=20)] * 3
    steps += [lambda: clock.advance(7 * 86400)] * 2 + [lambda: server.finish(full, 'Warning'), nothing]
    with caplog.at_level(logging.WARNING, logger=source.LOGGER.name):
        events = Script(clock, steps).run(connection())
    assert [e['job_session']['id'] for e in events].count(full['id']) == 1
    assert events[-1]['job_session']['status'] == 'Warning' and len(events) == 4
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    # The long session was read by its id, not by holding the listing's lower bound weeks back.
    assert server.session_reads.count(full['id']) >= 4
    assert watchers[0].pending == {} and len(watchers[0].done) <= 4  # the sessions since the newest creation


def test_the_lower_bound_sent_to_the_server_is_the_newest_creation_less_the_margin(server, clock):
    newest = server.add_session(status='Success', age=600, duration=60)
    server.add_session(status='Running', age=3 * 86400)
    Script(clock, [nothing]).run(connection())
    bound = server.session_listings[-1]['endtimelowerbound']
    assert bound == (newest['created'] - source.FLOOR_MARGIN).strftime('%Y-%m-%dT%H:%M:%SZ')


def test_a_session_ending_before_the_newest_seen_is_still_emitted_once(server, clock):
    """A pending session whose end time, as the server writes it, is older than sessions created since."""
    running = server.add_session(status='Running', age=3600)

    def newer_sessions():
        for age in (50, 40, 30):
            server.add_session(status='Success', age=age, duration=5)

    def ends_in_the_past():
        server.finish(running, 'Failed')
        running['ended'] = clock.now() - datetime.timedelta(minutes=30)
    events = Script(clock, [newer_sessions, nothing, ends_in_the_past, nothing, nothing]).run(connection())
    ids = [e['job_session']['id'] for e in events]
    assert ids.count(running['id']) == 1 and len(ids) == 4


def test_a_session_visible_late_within_the_margin_is_emitted(server, clock):
    """A session committed to the list after newer ones: its creation is older than the newest seen, by minutes."""
    late = []

    def newer_first():
        server.add_session(status='Success', age=10, duration=5)

    def then_the_older_one():
        late.append(server.add_session(status='Warning', age=200, duration=30))
    events = Script(clock, [newer_first, then_the_older_one, nothing]).run(connection())
    assert [e['job_session']['id'] for e in events].count(late[0]['id']) == 1


def test_a_running_session_that_vanishes_is_warned_about_once(server, clock, caplog):
    running = server.add_session(status='Running', age=2 * 86400)
    server.add_session(status='Success', age=600, duration=60)

    def delete():
        server.sessions.remove(running)
    with caplog.at_level(logging.WARNING, logger=source.LOGGER.name):
        events = Script(clock, [delete] + [nothing] * 5).run(connection())
    assert events == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and running['id'] in warnings[0] and 'can no longer be read' in warnings[0]


def test_a_poll_that_fails_half_way_loses_no_session(server, clock, caplog):
    finishing = server.add_session(status='Running', age=600)
    unreadable = server.add_session(status='Running', age=300)

    def finish_one_and_break_the_read_of_the_other():
        # The listing shows the first finished; the second left the listing and its read fails (HTTP 503): the poll
        # fails after it had seen the first one finish.
        server.finish(finishing, 'Failed')
        server.sessions.remove(unreadable)
        server.read_fault = (503, {'message': 'The service is busy.'})

    def heal():
        server.read_fault = None
    with caplog.at_level(logging.WARNING, logger=source.LOGGER.name):
        events = Script(clock, [finish_one_and_break_the_read_of_the_other, heal, nothing]).run(connection())
    assert [e['job_session']['id'] for e in events] == [finishing['id']]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any('poll failed (1 in a row)' in w and 'HTTP 503' in w for w in warnings), warnings
    assert sum('can no longer be read' in w for w in warnings) == 1


@pytest.mark.parametrize('version', ['v5', 'v8'])
def test_a_creation_time_far_in_the_future_does_not_silence_the_source(requests_mock, clock, version):
    server = FakeVb365(requests_mock, clock, version=version)
    server.add_session(status='Success', age=-365 * 86400, duration=60)  # a server clock glitch, a year ahead
    later = []

    def start_one():
        later.append(server.add_session(status='Running', age=0))

    def finish_it():
        server.finish(later[0], 'Failed')
    events = Script(clock, [start_one, finish_it, nothing]).run(connection())
    assert [(e['job_session']['id'], e['job_session']['status']) for e in events] == [(later[0]['id'], 'Failed')]


def test_a_pending_session_read_by_id_is_the_one_asked_for(requests_mock, clock):
    # Listed by creation time, a session that started a week ago is read by its id once newer ones exist.
    server = FakeVb365(requests_mock, clock, bound_reading='creation')
    running = server.add_session(status='Running', age=8 * 86400)
    get_session = server._get_session

    def get_session_without_its_id(request, context):
        answer = get_session(request, context)
        return dict(answer, id=12345) if isinstance(answer, dict) and answer.get('id') == running['id'] else answer
    requests_mock.register_uri('GET', re.compile(r'https://%s:4443/v\d/JobSessions/[0-9a-f-]+$' % re.escape(SERVER), re.I),
                               json=get_session_without_its_id)

    def finish():
        server.finish(running, 'Success')
    steps = [lambda: server.add_session(status='Success', age=30, duration=20), finish, nothing]
    events = Script(clock, steps).run(connection())
    assert running['id'] in [e['job_session']['id'] for e in events]
    assert server.session_reads.count(running['id']) >= 1


def test_an_answer_the_source_cannot_read_is_a_warning_and_watching_goes_on(server, clock, caplog, monkeypatch):
    running = server.add_session(status='Running', age=60)
    listing = source.SessionWatcher._listing
    calls = []

    def listing_that_breaks_once(watcher):
        calls.append(1)
        if len(calls) == 2:
            raise TypeError("'int' object has no attribute 'lower'")
        return listing(watcher)
    monkeypatch.setattr(source.SessionWatcher, '_listing', listing_that_breaks_once)

    def finish():
        server.finish(running, 'Warning')
    with caplog.at_level(logging.WARNING, logger=source.LOGGER.name):
        events = Script(clock, [finish, nothing, nothing]).run(connection())
    assert [e['job_session']['status'] for e in events] == ['Warning']
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "unexpected answer from https://%s:4443 (TypeError: 'int' object has no attribute 'lower')" % SERVER in warning


# ---- bad input and credentials ------------------------------------------------------------------
@pytest.mark.parametrize('overrides, message', [
    (dict(server=None), 'missing required arguments: server'),
    (dict(port='https'), "argument 'port' is of type"),
    (dict(port=70000), 'Invalid port 70000'),
    (dict(server='https://vb365.example.com'), 'Invalid server'),
    (dict(password=None), 'parameters are required together: username, password'),
    (dict(interval=0), 'Invalid interval 0'),
    (dict(since='yesterday'), "Invalid since 'yesterday'"),
    (dict(since='800000000d'), "Invalid since '800000000d': it is longer than 100 years"),
    (dict(statuses=['Running']), 'value of statuses must be one or more of'),
    (dict(job_names=[]), 'Invalid job_names: the list is empty.'),
    (dict(ca_path='/nonexistent/ca.pem'), "Invalid ca_path '/nonexistent/ca.pem': no such file."),
    (dict(colour='blue'), 'Unsupported parameters for (vb365.backup.job_sessions) event source: colour.'),
])
def test_bad_options_fail_before_any_request(requests_mock, overrides, message):
    args = connection(**overrides)
    args = dict((k, v) for k, v in args.items() if v is not None)
    with pytest.raises(source.Vb365InputError) as e:
        asyncio.run(source.run(asyncio.Queue(), args))
    assert message in str(e.value)
    assert requests_mock.call_count == 0


def test_options_come_from_the_vb365_environment_variables(server, clock, monkeypatch):
    monkeypatch.setenv('VB365_SERVER', SERVER)
    monkeypatch.setenv('VB365_USERNAME', USERNAME)
    monkeypatch.setenv('VB365_PASSWORD', PASSWORD)
    monkeypatch.setenv('VB365_API_VERSION', 'v8')
    running = server.add_session(status='Running', age=10)
    events = Script(clock, [lambda: server.finish(running)]).run({'retries': 0})
    assert len(events) == 1 and server.session_listings


def test_rulebook_internal_arguments_are_not_options():
    params = source.parse_args(dict(connection(), eda_feedback_queue=object()))[0]
    assert 'eda_feedback_queue' not in params


@pytest.mark.parametrize('password', ['wrong-Passw0rd', PASSWORD])
def test_bad_credentials_or_an_unknown_job_fail_at_start_without_retrying(server, clock, password):
    args = connection(password=password, job_names=['Exchange Online - Dialy'])
    script = Script(clock, [nothing] * 3)
    with pytest.raises(source.Vb365Error) as e:
        asyncio.run(source.run(script.queue, args, sleep=script.sleep, now=clock.now))
    if password == PASSWORD:
        assert "No job named 'Exchange Online - Dialy'. Did you mean: 'Exchange Online - Daily'" in str(e.value)
    else:
        assert "Failed to authenticate as 'CORP\\vbo-admin'" in str(e.value)
        assert password not in str(e.value)
    assert script.sleeps == [] and server.session_listings == []


# ---- cancellation and secrets -------------------------------------------------------------------
def test_cancellation_is_clean(server, caplog):
    server.add_session(status='Running', age=10)
    holder = {}

    closed = []

    def factory(params, warn=None):
        holder['client'] = Script.client(params, warn)
        close = holder['client'].session.close
        holder['client'].session.close = lambda: closed.append(True) or close()
        return holder['client']

    async def go():
        queue = asyncio.Queue()
        task = asyncio.ensure_future(source.run(queue, connection(interval=3600), client_factory=factory))
        while not server.session_listings:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
    with caplog.at_level(logging.INFO, logger=source.LOGGER.name):
        asyncio.run(go())
    assert any(r.getMessage().endswith('stopped.') for r in caplog.records)
    assert len(server.session_listings) == 1
    assert closed == [True]  # the HTTP connections are closed


def test_no_password_or_token_in_any_log_line(server, clock, caplog):
    server.add_session(status='Running', age=10)
    leaks = []

    def fault_echoing_secrets():
        token = next(iter(server.tokens))
        refresh = next(iter(server.refresh_tokens))
        leaks.extend([token, refresh])
        server.fault = (500, {'message': 'Internal error for %s with %s, %s' % (PASSWORD, token, refresh)})

    def heal():
        server.fault = None
        server.expire_tokens()
    with caplog.at_level(logging.DEBUG):
        Script(clock, [fault_echoing_secrets, heal, nothing]).run(connection(validate_certs=False))
    text = '\n'.join(r.getMessage() for r in caplog.records)
    assert 'Internal error for ********' in text  # the line is there, blanked
    for secret in [PASSWORD] + leaks:
        assert secret not in text


# ---- the plugin's contract -------------------------------------------------------------------------
def documentation():
    return yaml.safe_load(source.DOCUMENTATION)


def test_the_connection_options_are_the_modules_shared_list():
    spec = source.argument_spec()
    shared = connection_argument_spec()
    assert dict((k, spec[k]) for k in shared) == shared
    assert documentation()['extends_documentation_fragment'] == ['vb365.backup.connection']


def test_own_options_agree_with_their_documentation():
    spec = source.argument_spec()
    own = documentation()['options']
    assert sorted(own) == sorted(set(spec) - set(connection_argument_spec()))
    for name, doc in own.items():
        assert doc['type'] == spec[name]['type'], name
        assert doc.get('default') == spec[name].get('default'), name
        assert doc.get('elements') == spec[name].get('elements'), name
        assert doc.get('choices') == spec[name].get('choices'), name


def test_the_reference_page_documents_every_option_with_its_default_and_variable():
    with open(os.path.join(REPO, 'docs', 'docsite', 'rst', 'job_sessions_event_source.rst')) as f:
        page = f.read()
    for name, option in source.argument_spec().items():
        assert '``%s``' % name in page, name
        if option.get('default') is not None:
            default = str(option['default']).lower() if isinstance(option['default'], bool) else str(option['default'])
            assert '``%s``' % default in page, name
        for variable in (option.get('fallback') or (None, []))[1]:
            assert '``%s``' % variable in page, variable


def test_ansible_rulebook_can_load_it_by_path_without_the_collection_on_sys_path():
    # ansible-rulebook runs the file with runpy.run_path; nothing puts ansible_collections on sys.path.
    collections = os.environ.get('ANSIBLE_COLLECTIONS_PATH', '').split(os.pathsep)[0]
    path = os.path.join(collections, 'ansible_collections', 'vb365', 'backup', 'extensions', 'eda', 'plugins',
                        'event_source', 'job_sessions.py')
    if not os.path.exists(path):
        pytest.fail('run the unit tests with make units: the collection tree %s is missing' % path)
    env = dict((k, v) for k, v in os.environ.items() if k not in ('PYTHONPATH', 'ANSIBLE_COLLECTIONS_PATH'))
    code = ('import asyncio, runpy, sys; m = runpy.run_path(sys.argv[1]); '
            'print(asyncio.iscoroutinefunction(m["main"]), m["Vb365Client"].__module__)')
    out = subprocess.run([sys.executable, '-c', code, path], env=env, cwd='/', capture_output=True, text=True, check=True)
    assert out.stdout.split() == ['True', 'ansible_collections.vb365.backup.plugins.module_utils._client']


def test_the_guides_eda_credential_injects_what_the_awx_credential_type_injects():
    with open(os.path.join(REPO, 'docs', 'docsite', 'rst', 'eda.rst')) as f:
        page = f.read()
    block = page[page.index('.. code-block:: yaml\n\n     file:'):].split('\n\n')[1]
    eda = yaml.safe_load('\n'.join(line[5:] for line in block.splitlines()))
    with open(os.path.join(REPO, 'extensions', 'awx', 'credential_types', 'vb365.yml')) as f:
        awx = yaml.safe_load(f)['injectors']
    # EDA names the files it writes eda.filename where AWX says tower.filename; nothing else differs.
    assert eda['file'] == awx['file']
    assert eda['env'] == dict((k, v.replace('tower.filename', 'eda.filename')) for k, v in awx['env'].items())
    spec = source.argument_spec()
    variables = set(v for option in spec.values() for v in (option.get('fallback') or (None, []))[1])
    assert set(eda['env']) <= variables
