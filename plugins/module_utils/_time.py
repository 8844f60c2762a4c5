# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Timestamps as VB365 writes them, the durations users write in tasks, and the clock waits run by."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import time

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError

UTC = datetime.timezone.utc
# VB365 writes 7 fractional digits and "Z" ("2019-02-04T16:49:22.8529769Z"); old versions
# write offsets ("...-07:00") and schedules no fraction at all. Python before 3.11 parses
# none of the first two, so the parts are taken apart here.
TIMESTAMP_RE = re.compile(
    r'^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*'
    r'(Z|[+-]\d{2}:?\d{2})?\s*\Z', re.IGNORECASE)
# At most 20 digits: a longer number is no duration, and int() refuses more than 4300 digits with a ValueError.
DURATION_RE = re.compile(r'^\s*(\d{1,20})\s*([smhdw]?)\s*\Z', re.IGNORECASE)
DURATION_UNITS = {'': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}
# How far in the future a server's time is still believed (its clock may be ahead of this one's): a day.
FUTURE_TOLERANCE = 86400
# The longest duration taken (100 years): longer ones mean nothing for backups, and would overflow date arithmetic.
MAX_DURATION = 100 * 365 * 86400


def parse_timestamp(value):
    """An aware UTC datetime from a VB365 timestamp, or None when there is none or it is unreadable.

    A timestamp without an offset is taken as UTC, which is what the API uses.
    """
    if not isinstance(value, str):
        return None
    match = TIMESTAMP_RE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    microsecond = int((fraction or '0')[:6].ljust(6, '0'))
    try:
        parsed = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                                   microsecond, tzinfo=UTC)
        if zone and zone.upper() != 'Z':
            sign = 1 if zone[0] == '+' else -1
            digits = zone[1:].replace(':', '')
            parsed -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    except (ValueError, OverflowError):
        # Not a date, or one the offset moves off the calendar ("0001-01-01T00:30:00+01:00"): unreadable.
        return None
    # The year 1 is .NET's DateTime.MinValue, how the server says "not set": no moment (and none to subtract from).
    return parsed if parsed.year > 1 else None


def parse_duration(value, option):
    """Seconds from ``3600``, ``'90m'``, ``'26h'``, ``'2d'`` or ``'1w'``; refuses anything else."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        seconds = value
    else:
        match = DURATION_RE.match(value) if isinstance(value, str) else None
        if not match:
            raise Vb365InputError("Invalid %s %r: give a number of seconds or a duration such as '90m', '26h' or '2d'."
                                  % (option, value))
        seconds = int(match.group(1)) * DURATION_UNITS[match.group(2).lower()]
    if seconds > MAX_DURATION:
        raise Vb365InputError('Invalid %s %r: it is longer than 100 years (%d seconds).' % (option, value, MAX_DURATION))
    return seconds


def parse_point_in_time(value, option, now=None):
    """An aware datetime from an ISO 8601 timestamp, or from a duration meaning "that long ago"."""
    if isinstance(value, str) and TIMESTAMP_RE.match(value):
        parsed = parse_timestamp(value)
        if parsed is not None:
            return parsed
    try:
        seconds = parse_duration(value, option)
    except Vb365InputError:
        raise Vb365InputError("Invalid %s %r: give an ISO 8601 date and time such as '2026-11-27T22:00:00Z', "
                              "or a duration meaning that long ago, such as '26h' or '7d'." % (option, value))
    return (now or utc_now()) - datetime.timedelta(seconds=seconds)


def format_timestamp(moment, round_up=False):
    """The ISO 8601 form the API's query parameters take, to the second.

    A lower bound is rounded down and an upper bound up, so that a server-side filter
    never drops what the exact client-side filter would keep.
    """
    moment = moment.astimezone(UTC)
    if round_up and moment.microsecond:
        try:
            moment += datetime.timedelta(seconds=1)
        except OverflowError:
            pass  # the last second of the year 9999: no bound goes higher
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def utc_now():
    return datetime.datetime.now(UTC)


class Clock:
    """The one seam for time that passes: every wait and pause (retries, a start's search, waiting
    for a session) reads ``monotonic()`` and calls ``sleep()`` of the client's ``clock``.

    Unit tests replace ``Vb365Client.clock`` with a fake that moves time on without sleeping
    (tests/unit/conftest.py, ``FakeClock``).
    """

    @staticmethod
    def monotonic():
        return time.monotonic()

    @staticmethod
    def sleep(seconds):
        time.sleep(seconds)


SYSTEM_CLOCK = Clock()
