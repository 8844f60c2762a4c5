# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365ApiError,
    Vb365ConnectionError,
    Vb365Error,
    Vb365NotFoundError,
)
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._wait import wait_for_session


class Clock:
    def __init__(self):
        self.now = 0.0

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class Polls:
    """Answers each GET with the next item: a status string, or an exception to raise."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.paths = []

    def get_object(self, path, query=None):
        self.paths.append(path)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return {'id': 'sid', 'status': answer}


def start(status='Queued'):
    return normalize_session({'id': 'sid', 'status': status})


def wait(answers, timeout=100, interval=10, first='Queued'):
    clock, client = Clock(), Polls(answers)
    result = wait_for_session(client, start(first), timeout, interval, sleep=clock.sleep, clock=clock.time)
    return result, client, clock


def test_polls_until_finished_and_records_the_statuses():
    (session, history), client, clock = wait(['Queued', 'Running', 'Running', 'Warning'])
    assert session['status'] == 'Warning'
    assert [h['status'] for h in history] == ['Queued', 'Running', 'Warning']
    assert client.paths == ['JobSessions/sid'] * 4
    assert clock.now == 40


def test_a_finished_session_is_returned_without_polling():
    (session, history), client, clock = wait([], first='Failed')
    assert session['status'] == 'Failed' and client.paths == [] and clock.now == 0


def test_transient_failures_are_tolerated():
    (session, dummy), client, dummy2 = wait([Vb365ConnectionError('reset'), Vb365ApiError('busy', status=503), 'Success'])
    assert session['status'] == 'Success'


def test_three_transient_failures_in_a_row_end_the_wait():
    with pytest.raises(Vb365ApiError, match='busy'):
        wait([Vb365ApiError('busy', status=502)] * 3)


def test_a_non_transient_failure_ends_the_wait_at_once():
    with pytest.raises(Vb365NotFoundError):
        wait([Vb365NotFoundError('gone', status=404), 'Success'])


def test_the_deadline_is_for_the_whole_wait_and_the_error_tells_what_was_seen():
    with pytest.raises(Vb365Error, match=r'Timed out after 30 seconds waiting for job session sid.*still Running.*Queued -> Running') as caught:
        wait(['Running'] * 10, timeout=35, interval=10)
    details = caught.value.details
    assert details['job_session']['status'] == 'Running'
    assert details['elapsed_seconds'] == 30
    assert [h['status'] for h in details['status_history']] == ['Queued', 'Running']
