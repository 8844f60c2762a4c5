# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The bounded fan-out (_fanout). Under real HTTPS with the simulator: test__newest_sessions.py (requests-mock
serialises every request, so concurrency cannot be shown through it)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import threading
import time

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ApiError, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._fanout import MAX_CONCURRENCY, fan_out

BASE = 'https://vb365.example.com:4443'


class InFlight:
    """A call that records how many calls run at once, taking a little random time each."""

    def __init__(self, fail=()):
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.fail = set(fail)
        self.started = []

    def __call__(self, item):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            self.started.append(item)
        try:
            time.sleep(random.uniform(0.001, 0.01))
            if item in self.fail:
                raise Vb365ApiError('Failed to GET item %d: HTTP 500: boom' % item, status=500)
            return item * 10
        finally:
            with self.lock:
                self.now -= 1


@pytest.mark.parametrize('limit', [1, 3, MAX_CONCURRENCY])
def test_results_keep_the_order_asked_and_never_exceed_the_limit(limit):
    call = InFlight()
    assert fan_out(call, range(40), limit) == [i * 10 for i in range(40)]
    assert call.most == limit


def test_the_default_limit_is_eight():
    call = InFlight()
    fan_out(call, range(30))
    assert MAX_CONCURRENCY == 8 and call.most == 8


def test_the_first_failing_item_in_order_raises_and_later_items_are_not_started():
    call = InFlight(fail={3, 7})
    with pytest.raises(Vb365ApiError, match='item 3: HTTP 500'):
        fan_out(call, range(200), 4)
    # Once 3 failed, what had not started was cancelled: far fewer than 200 calls ran.
    assert len(call.started) < 50
    assert not any(t.name.startswith('vb365-fanout') for t in threading.enumerate())


def test_a_single_item_or_a_limit_of_one_runs_in_this_thread():
    seen = []
    fan_out(lambda item: seen.append(threading.current_thread()), [1], 8)
    fan_out(lambda item: seen.append(threading.current_thread()), [1, 2, 3], 1)
    assert seen == [threading.main_thread()] * 4


@pytest.mark.parametrize('bad', [0, -1, 9, 100, True, '4'])
def test_a_limit_out_of_range_is_refused_before_any_call(bad):
    call = InFlight()
    with pytest.raises(Vb365InputError, match='Invalid max_concurrency .*between 1 and 8'):
        fan_out(call, range(3), bad)
    assert call.started == []


def test_the_connection_pool_holds_at_least_the_limit():
    client = Vb365Client(connection_defaults(server='vb365.example.com', username='u', password='p'))
    adapter = client.session.get_adapter(BASE)
    assert adapter._pool_maxsize >= MAX_CONCURRENCY
