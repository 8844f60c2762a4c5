# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Bounded fan-out: one call per item, a few at a time, the results in the items' order.

Reading the newest session of 300 jobs one after another costs 300 round trips; over a
WAN that is most of the task's time. ``fan_out`` overlaps them, never more than
``max_concurrency`` at once (a VB365 server is shared by every tenant of a provider, and
must not be flooded), through the client's one connection pool (``requests`` keeps 10
connections per host, more than ``MAX_CONCURRENCY``). Each call goes through the same
client, so timeouts, retries and error messages are those of a single read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError

# At most this many requests in flight, and the default: enough to hide a WAN round trip
# behind the client's own CPU time (one GIL), few enough for a server shared by tenants.
MAX_CONCURRENCY = 8


def validate_max_concurrency(value, option='max_concurrency'):
    """Refuse a limit outside 1..MAX_CONCURRENCY, before any request (``option``: its name in the message)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_CONCURRENCY:
        raise Vb365InputError('Invalid %s %r: it must be between 1 and %d (1 sends one request at a time).'
                              % (option, value, MAX_CONCURRENCY))
    return value


def fan_out(call, items, max_concurrency=MAX_CONCURRENCY):
    """``[call(item) for item in items]``, with at most ``max_concurrency`` calls running at once.

    The results come in the order of ``items``. When a call raises, the error of the first
    failing item in that order is raised (as a loop would), once the calls already running
    have ended; calls not yet started are cancelled.
    """
    items = list(items)
    workers = min(validate_max_concurrency(max_concurrency), len(items))
    if workers <= 1:
        return [call(item) for item in items]
    # Imported here: a read by id, the most common task, never starts a thread.
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix='vb365-fanout')
    try:
        futures = [pool.submit(call, item) for item in items]
        return [future.result() for future in futures]
    finally:
        # On an error: drop what has not started, wait for what has (no thread outlives the task).
        pool.shutdown(wait=True, cancel_futures=True)
