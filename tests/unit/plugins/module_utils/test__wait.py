# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365ApiError,
    Vb365ConnectionError,
    Vb365Error,
    Vb365NotFoundError,
)
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365AuthError, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._wait import (
    MAX_WAIT_TIMEOUT,
    WAIT_POLL_FAILURES,
    validate_wait,
    wait_for_session,
)


class Polls:
    """Answers each GET with the next item: a status string, or an exception to raise."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.paths = []
        # The fake clock every unit test runs on (tests/unit/conftest.py), as a real client has it.
        self.clock = Vb365Client.clock
        self.timeout = 30
        self._deadline = None

    time_limit = Vb365Client.time_limit

    def get_object(self, path, query=None):
        self.paths.append(path)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return {'id': 'sid', 'status': answer}


def start(status='Queued'):
    return normalize_session({'id': 'sid', 'status': status})


def wait(answers, timeout=100, interval=10, first='Queued'):
    client, history = Polls(answers), []
    session = wait_for_session(client, start(first), timeout, interval, history=history)
    return (session, history), client, client.clock


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
    assert WAIT_POLL_FAILURES == 3  # the number the wait doc fragment gives
    with pytest.raises(Vb365ApiError, match='busy'):
        wait([Vb365ApiError('busy', status=502)] * 3)


def test_fewer_failed_polls_than_the_budget_do_not_end_the_wait():
    (session, dummy), client, dummy2 = wait([Vb365ApiError('busy', status=502)] * (WAIT_POLL_FAILURES - 1) + ['Success'])
    assert session['status'] == 'Success' and len(client.paths) == WAIT_POLL_FAILURES


@pytest.mark.parametrize('error, transient', [
    (Vb365ConnectionError('refused'), True),
    (Vb365ApiError('busy', status=429), True),
    (Vb365ApiError('bad gateway', status=502), True),
    (Vb365ApiError('bad request', status=400), False),
    (Vb365AuthError('refused', status=401), False),
    (Vb365NotFoundError('gone', status=404), False),
    (Vb365Error('other'), False),
])
def test_the_error_says_whether_it_is_transient(error, transient):
    assert error.transient is transient


def test_only_a_broken_connection_and_transient_statuses_are_retried_at_once():
    broke = Vb365ConnectionError('reset')
    broke.retryable = True
    assert broke.retryable and not Vb365ConnectionError('refused').retryable
    assert Vb365ApiError('x', status=503).retryable and not Vb365ApiError('x', status=501).retryable


def wait_params(**overrides):
    params = dict(wait=True, wait_timeout=3600, wait_interval=15)
    params.update(overrides)
    return params


@pytest.mark.parametrize('overrides, message', [
    (dict(wait_timeout=0), 'Invalid wait_timeout 0: it must be between 1 and 604800 seconds.'),
    (dict(wait_timeout=MAX_WAIT_TIMEOUT + 1), 'Invalid wait_timeout 604801'),
    (dict(wait_interval=0), r'Invalid wait_interval 0: it must be between 1 and wait_timeout \(3600\) seconds.'),
    (dict(wait_timeout=10, wait_interval=11), 'Invalid wait_interval 11'),
])
def test_validate_wait_refuses_out_of_range_numbers(overrides, message):
    with pytest.raises(Vb365InputError, match=message):
        validate_wait(wait_params(**overrides))


def test_validate_wait_checks_nothing_when_the_task_does_not_wait():
    validate_wait(wait_params(wait=False, wait_timeout=0, wait_interval=0))
    validate_wait(wait_params(wait_timeout=MAX_WAIT_TIMEOUT, wait_interval=MAX_WAIT_TIMEOUT))


def test_a_non_transient_failure_ends_the_wait_at_once():
    with pytest.raises(Vb365NotFoundError):
        wait([Vb365NotFoundError('gone', status=404), 'Success'])


def test_the_wait_lasts_the_whole_wait_timeout_and_the_error_quotes_it():
    # Polls at 10, 20, 30 and at the deadline, 35; never giving up an interval early.
    with pytest.raises(Vb365Error, match=r'Timed out after 35 seconds waiting for job session sid to finish: '
                                         r'it is still Running.*Queued -> Running') as caught:
        wait(['Running'] * 10, timeout=35, interval=10)
    details = caught.value.details
    assert details['job_session']['status'] == 'Running'
    assert details['elapsed_seconds'] == 35
    assert [h['status'] for h in details['status_history']] == ['Queued', 'Running']
