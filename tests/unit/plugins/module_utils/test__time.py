# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._time import (
    UTC,
    format_timestamp,
    parse_duration,
    parse_point_in_time,
    parse_timestamp,
)


@pytest.mark.parametrize('text, expected', [
    ('2019-02-04T16:49:22.8529769Z', datetime.datetime(2019, 2, 4, 16, 49, 22, 852976, tzinfo=UTC)),
    ('2017-04-04T00:07:21.3994255-07:00', datetime.datetime(2017, 4, 4, 7, 7, 21, 399425, tzinfo=UTC)),
    ('2017-06-13T15:00:00Z', datetime.datetime(2017, 6, 13, 15, 0, tzinfo=UTC)),
    ('2017-06-13T15:00:00+0130', datetime.datetime(2017, 6, 13, 13, 30, tzinfo=UTC)),
    ('2017-06-13 15:00', datetime.datetime(2017, 6, 13, 15, 0, tzinfo=UTC)),
    ('2017-06-13', datetime.datetime(2017, 6, 13, tzinfo=UTC)),
])
def test_timestamps_in_every_form_vb365_writes(text, expected):
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize('text', [None, '', 'yesterday', '2017-13-01T00:00:00Z', '2017-06-13T25:00:00Z', 5, 'Mon, 14 Dec 2020'])
def test_unreadable_timestamps_are_none(text):
    assert parse_timestamp(text) is None


@pytest.mark.parametrize('value, seconds', [(0, 0), (3600, 3600), ('3600', 3600), ('90m', 5400), ('26h', 93600),
                                            ('2d', 172800), ('1w', 604800), (' 5 S ', 5)])
def test_durations(value, seconds):
    assert parse_duration(value, 'max_age') == seconds


@pytest.mark.parametrize('value', [-1, '-5m', '1.5h', 'h', '', '26 hours', None, True, [1]])
def test_bad_durations_name_the_option(value):
    with pytest.raises(Vb365InputError, match='Invalid max_age'):
        parse_duration(value, 'max_age')


@pytest.mark.parametrize('value', ['800000000d', 10 ** 12, '5300w', '9' * 21, '9' * 5000])
def test_durations_longer_than_100_years_are_refused_not_overflowed(value):
    with pytest.raises(Vb365InputError, match='Invalid since '):
        parse_duration(value, 'since')
    with pytest.raises(Vb365InputError, match='Invalid created_after'):
        parse_point_in_time(value, 'created_after')


def test_the_year_1_is_not_set_and_the_last_second_is_as_high_as_a_bound_goes():
    assert parse_timestamp('0001-01-01T00:00:00Z') is None
    assert format_timestamp(parse_timestamp('9999-12-31T23:59:59.5Z'), round_up=True) == '9999-12-31T23:59:59Z'
    assert format_timestamp(parse_timestamp('2026-11-28T01:02:03.5Z'), round_up=True) == '2026-11-28T01:02:04Z'


def test_points_in_time():
    now = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert parse_point_in_time('26h', 'created_after', now=now) == datetime.datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert parse_point_in_time('2026-11-27T22:00:00Z', 'created_after', now=now) == datetime.datetime(2026, 11, 27, 22, tzinfo=UTC)
    with pytest.raises(Vb365InputError, match="Invalid created_after 'last night'.*ISO 8601"):
        parse_point_in_time('last night', 'created_after', now=now)


def test_query_timestamps_round_outwards():
    moment = datetime.datetime(2026, 11, 28, 12, 0, 5, 250000, tzinfo=UTC)
    assert format_timestamp(moment) == '2026-11-28T12:00:05Z'
    assert format_timestamp(moment, round_up=True) == '2026-11-28T12:00:06Z'
    assert format_timestamp(moment.replace(microsecond=0), round_up=True) == '2026-11-28T12:00:05Z'
