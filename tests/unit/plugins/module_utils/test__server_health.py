# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The server's state (_server_health): every derived field by its rule, every hostile value typed and bounded."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.vb365.backup.plugins.module_utils import _server_health as health
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._shapes import (
    HEALTH,
    LICENSE,
    ORGANIZATION_SYNC,
    OBJECT_STORAGE,
    PROXY,
    REPOSITORY,
    SERVICE,
)

NOW = datetime.datetime(2026, 11, 28, 12, 0, 0, tzinfo=datetime.timezone.utc)
TIB = 2 ** 40
GIB = 2 ** 30


def keys(shape):
    return [field.key for field in shape]


# ---- licence ---------------------------------------------------------------------------------------

def v7_license(**overrides):
    raw = {'licenseID': '5a1f2b8c-7c21-4c36-9f8e-0b7d7a0a3e55', 'email': 'x@example.com', 'status': 'Valid',
           'licenseExpires': '2027-07-26T13:00:00.1234567Z', 'gracePeriodExpires': '2027-08-25T13:00:00.1234567Z',
           'type': 'Rental', 'package': 'Backup', 'licensedTo': 'Contoso', 'totalNumber': 12000, 'usedNumber': 10517,
           'newNumber': 1, 'supportID': ''}
    raw.update(overrides)
    return raw


def test_a_licence_has_the_shapes_keys_on_every_version_and_v6s_dates_in_the_same_places():
    v7 = health.normalize_license(v7_license(), NOW)
    assert list(v7) == keys(LICENSE)
    assert (v7['days_left'], v7['is_expired'], v7['in_grace_period'], v7['exceeded']) == (240, False, False, False)
    assert v7['grace_period_days_left'] == 270 and v7['package'] == 'Backup' and v7['support_expiration_date'] is None
    v6 = health.normalize_license({'status': 'Valid', 'expirationDate': '2027-07-26T13:00:00Z', 'type': 'Rental',
                                   'totalNumber': 10, 'usedNumber': 10, 'newNumber': 0,
                                   'supportExpirationDate': '2027-01-01T00:00:00Z'}, NOW)
    assert list(v6) == keys(LICENSE)
    assert v6['expiration_date'] == '2027-07-26T13:00:00Z' and v6['days_left'] == 240
    assert v6['grace_period_expires'] is None and v6['grace_period_days_left'] is None and v6['package'] is None
    assert v6['support_expiration_date'] == '2027-01-01T00:00:00Z' and v6['exceeded'] is False


@pytest.mark.parametrize('expires, days', [
    ('2026-11-28T12:00:00Z', 0),            # expires now: the last day
    ('2026-11-29T11:59:59Z', 0),            # less than a whole day left
    ('2026-11-29T12:00:00Z', 1),
    ('2026-11-28T11:59:59Z', -1),           # expired a second ago
    ('2026-12-28T12:00:00+01:00', 29),      # an offset is honoured
    ('9999-12-31T23:59:59.9999999Z', 36500),  # .NET's largest date: does not expire, the bound
    ('2500-01-01T00:00:00Z', 36500),        # far away: the bound
    ('0002-01-01T00:00:00Z', -36500),       # long ago: the bound
    ('0001-01-01T00:00:00Z', None),         # .NET's smallest date: not set
    ('0001-01-01T00:30:00+01:00', None),    # off the calendar
    ('not a date', None), (None, None), (20271231, None), ('', None),
])
def test_days_left_are_whole_days_rounded_down_and_bounded(expires, days):
    assert health.normalize_license(v7_license(licenseExpires=expires), NOW)['days_left'] == days


def test_an_expired_licence_is_in_its_grace_period_until_the_grace_ends():
    in_grace = health.normalize_license(v7_license(status='Expired', licenseExpires='2026-11-25T12:00:00Z',
                                                   gracePeriodExpires='2026-12-25T12:00:00Z'), NOW)
    assert (in_grace['is_expired'], in_grace['in_grace_period'], in_grace['days_left']) == (True, True, -3)
    assert in_grace['grace_period_days_left'] == 27
    over = health.normalize_license(v7_license(licenseExpires='2026-09-01T00:00:00Z',
                                               gracePeriodExpires='2026-10-01T00:00:00Z'), NOW)
    # The date decides, whatever the status says.
    assert (over['is_expired'], over['in_grace_period'], over['grace_period_days_left']) == (True, False, -59)


def test_without_a_readable_date_the_status_says_whether_it_expired_and_the_grace_is_unknown():
    year1 = health.normalize_license(v7_license(status='Expired', licenseExpires='0001-01-01T00:00:00Z',
                                                gracePeriodExpires='0001-01-01T00:00:00Z'), NOW)
    assert year1['expiration_date'] == '0001-01-01T00:00:00Z'
    assert (year1['days_left'], year1['is_expired'], year1['in_grace_period'], year1['grace_period_days_left']) == \
        (None, True, None, None)
    assert health.normalize_license(v7_license(status='Valid', licenseExpires=None), NOW)['is_expired'] is False
    assert health.normalize_license(v7_license(status='Throttled', licenseExpires=None), NOW)['is_expired'] is None
    # v6 sends no end of the grace period: an expired v6 licence may or may not be in it.
    v6 = health.normalize_license({'status': 'Expired', 'expirationDate': '2026-11-01T00:00:00Z'}, NOW)
    assert (v6['is_expired'], v6['in_grace_period']) == (True, None)


def test_year_9999_never_expires():
    forever = health.normalize_license(v7_license(licenseExpires='9999-12-31T23:59:59.9999999Z',
                                                  gracePeriodExpires='9999-12-31T23:59:59.9999999Z'), NOW)
    assert (forever['days_left'], forever['is_expired'], forever['in_grace_period'], forever['grace_period_days_left']) \
        == (36500, False, False, 36500)


@pytest.mark.parametrize('total, used, exceeded', [
    (12000, 10517, False), (10500, 10517, True), (10517, 10517, False), ('10500', '10517', True),
    (None, 10517, None), (-1, 10517, None), (2 ** 31, 10517, None), (12000, 'many', None), (True, 3, None),
    (12000.0, 12001, True),
])
def test_exceeded_means_more_licensed_users_than_units_when_both_are_known(total, used, exceeded):
    license_ = health.normalize_license(v7_license(totalNumber=total, usedNumber=used), NOW)
    assert license_['exceeded'] is exceeded


def test_licence_counts_are_int32_and_never_negative():
    license_ = health.normalize_license(v7_license(totalNumber=-5, usedNumber=2 ** 31 - 1, newNumber='7'), NOW)
    assert (license_['total_number'], license_['used_number'], license_['new_number']) == (None, 2 ** 31 - 1, 7)


def test_a_licence_that_is_no_object_is_a_clear_error():
    with pytest.raises(Vb365ResponseError, match='Expected a licence object, got list'):
        health.normalize_license([], NOW)


# ---- repositories -------------------------------------------------------------------------------------

def local(**overrides):
    raw = {'objectStorageEncryptionEnabled': None, 'capacityBytes': 4 * TIB, 'freeSpaceBytes': 1331 * GIB,
           'id': 'ce19de31-329d-4f0f-b85e-4424cc2e6821', 'name': 'Contoso - Local', 'description': '',
           'path': 'E:\\Backups', 'proxyId': 'a74db60b-d06e-588a-b6ce-280627847e07', 'proxyPoolId': None,
           'organizationId': None, 'isLongTerm': False, 'isOutdated': False, 'isOutOfSync': False, 'isIndexed': True,
           'isMigrationLocked': False, 'isOutOfOrder': False, 'outOfOrderReason': None, '_links': {}}
    raw.update(overrides)
    return raw


def s3(limit=20480, used=17978900000000, free='computed', **overrides):
    block = {'id': 'b', 'sizeLimitEnabled': limit is not None, 'sizeLimitGB': limit, 'usedSpaceBytes': used,
             'enableImmutability': True, 'immutabilityPeriodDays': 30, 'type': 'AmazonS3'}
    if limit is not None and free == 'computed':
        block['freeSpaceBytes'] = limit * GIB - used
    elif free != 'computed':
        block['freeSpaceBytes'] = free
    return local(capacityBytes=None, freeSpaceBytes=None, name='Northwind - Amazon S3', objectStorage=block,
                 **overrides)


def test_a_repository_has_the_shapes_keys_and_its_free_percent():
    repository = health.normalize_repository(local())
    assert list(repository) == keys(REPOSITORY)
    assert repository['free_percent'] == 32.5 and repository['problems'] == [] and repository['is_object_storage'] is False
    assert repository['object_storage'] is None and repository['is_outdated'] is False


@pytest.mark.parametrize('flags, problems', [
    ({'isOutOfSync': True}, ['out_of_sync']),
    ({'isOutOfOrder': True, 'outOfOrderReason': 'The database is corrupted.'}, ['out_of_order']),
    ({'isOutdated': True}, ['outdated']),
    ({'freeSpaceBytes': 100 * GIB}, ['low_space']),
    ({'isOutOfSync': True, 'isOutOfOrder': True, 'isOutdated': True, 'freeSpaceBytes': 0},
     ['out_of_sync', 'out_of_order', 'outdated', 'low_space']),
    ({'isOutOfSync': 'true', 'isOutdated': 1}, []),     # only a real true is a problem
    ({'isOutOfSync': None, 'isOutdated': None, 'isOutOfOrder': None}, []),
])
def test_each_problem_word_has_its_cause(flags, problems):
    assert health.normalize_repository(local(**flags))['problems'] == problems


def test_low_space_is_below_the_threshold_exactly_and_the_percent_is_rounded():
    # 10 % exactly is not low; a byte less is, although the rounded percent still says 10.0.
    at_ten = local(capacityBytes=1000, freeSpaceBytes=100)
    just_under = local(capacityBytes=10 ** 12, freeSpaceBytes=10 ** 11 - 1)
    assert health.normalize_repository(at_ten)['problems'] == []
    under = health.normalize_repository(just_under)
    assert under['problems'] == ['low_space'] and under['free_percent'] == 10.0
    assert health.normalize_repository(at_ten, low_space_percent=20)['problems'] == ['low_space']
    assert health.normalize_repository(local(freeSpaceBytes=0), low_space_percent=0)['problems'] == []
    assert health.normalize_repository(local(freeSpaceBytes=0), low_space_percent=None)['problems'] == []


@pytest.mark.parametrize('capacity, free', [
    (-1, 1331 * GIB), (4 * TIB, -1), (10 ** 30, 1331 * GIB), (4 * TIB, 2 ** 63), (0, 0), (4 * TIB, 5 * TIB),
    (None, None), ('lots', 3), (4 * TIB, float('nan')), (4 * TIB, [1]),
])
def test_hostile_byte_counts_are_null_and_leave_the_space_unknown(capacity, free):
    repository = health.normalize_repository(local(capacityBytes=capacity, freeSpaceBytes=free, isOutOfSync=True))
    assert repository['free_percent'] is None
    assert repository['problems'] == ['out_of_sync', 'space_unknown']
    for key in ('capacity_bytes', 'free_space_bytes'):
        value = repository[key]
        assert value is None or (isinstance(value, int) and 0 <= value < 2 ** 63)


def test_int64_byte_counts_and_numeric_strings_are_kept():
    repository = health.normalize_repository(local(capacityBytes=str(2 ** 63 - 1), freeSpaceBytes='0'))
    assert repository['capacity_bytes'] == 2 ** 63 - 1 and repository['free_space_bytes'] == 0
    assert repository['free_percent'] == 0.0 and repository['problems'] == ['low_space']


def test_object_storage_with_a_size_limit_counts_free_space_under_the_limit():
    repository = health.normalize_repository(s3())
    assert repository['is_object_storage'] is True and list(repository['object_storage']) == keys(OBJECT_STORAGE)
    assert repository['object_storage']['size_limit_gb'] == 20480 and repository['object_storage']['immutability_enabled']
    assert repository['free_percent'] == 18.24 and repository['problems'] == []
    assert health.normalize_repository(s3(), low_space_percent=20)['problems'] == ['low_space']
    # Without the block's free space (the API sends it only with a limit), the used space gives it.
    assert health.normalize_repository(s3(free=None))['free_percent'] == 18.24


def test_object_storage_without_a_size_limit_has_no_percent_and_no_problem():
    repository = health.normalize_repository(s3(limit=None))
    assert repository['free_percent'] is None and repository['problems'] == []
    assert repository['object_storage']['free_space_bytes'] is None
    disabled = s3()
    disabled['objectStorage']['sizeLimitEnabled'] = False
    assert health.normalize_repository(disabled)['object_storage']['size_limit_gb'] is None
    assert health.normalize_repository(disabled)['problems'] == []


def test_a_missing_object_storage_block_leaves_the_space_unknown_and_the_kind_open():
    raw = s3()
    del raw['objectStorage']
    repository = health.normalize_repository(raw)
    assert repository['object_storage'] is None and repository['is_object_storage'] is None
    assert repository['free_percent'] is None and repository['problems'] == ['space_unknown']
    # Not a dict: the same.
    assert health.normalize_repository(dict(raw, objectStorage='S3'))['problems'] == ['space_unknown']


def test_hostile_object_storage_figures_are_bounded():
    absurd = health.normalize_repository(s3(limit=2 ** 40, used=-5, free=10 ** 40))
    assert absurd['object_storage']['size_limit_gb'] is None and absurd['object_storage']['used_space_bytes'] is None
    assert absurd['object_storage']['free_space_bytes'] is None
    # A limit of 2**40 GB does not fit int64 in bytes: a limit the module cannot use, so the space is unknown.
    assert absurd['free_percent'] is None and absurd['problems'] == ['space_unknown']
    assert health.normalize_repository(s3(limit=0, used=0))['problems'] == ['space_unknown']
    over = health.normalize_repository(s3(limit=100, used=200 * GIB, free=None))
    assert over['free_percent'] is None and over['problems'] == ['space_unknown']


def test_before_v8_object_storage_is_told_by_its_id_and_counts_its_cache_volume():
    raw = local(objectStorageId='c0ffee00-0000-4000-8000-000000000000', capacityBytes=1000, freeSpaceBytes=50)
    repository = health.normalize_repository(raw)
    assert repository['is_object_storage'] is True and repository['free_percent'] == 5.0
    assert repository['problems'] == ['low_space'] and repository['is_outdated'] is False
    v6_local = health.normalize_repository(dict(local(objectStorageId=None), isOutdated=None))
    assert v6_local['is_object_storage'] is False and v6_local['is_outdated'] is None


# ---- proxies, service, health, organizations --------------------------------------------------------

def test_a_proxy_is_online_only_when_its_status_says_online():
    online = health.normalize_proxy({'id': 'p1', 'hostName': 'vbo365.corp.local', 'status': 'Online', 'port': 9193,
                                     'cpuUsagePercent': 23.5, 'memoryUsagePercent': '61', 'maintenanceModeState': 'Enabled'})
    assert list(online) == keys(PROXY)
    assert online['is_online'] is True and online['cpu_usage_percent'] == 23.5 and online['memory_usage_percent'] == 61.0
    assert online['fqdn'] is None and online['operating_system'] is None
    proxies = [online] + [health.normalize_proxy(dict(id='p%d' % n, hostName=name, status=status))
                          for n, (name, status) in enumerate([('a', 'Offline'), (None, 'Throttled'), ('c', None)], 2)]
    assert [p['is_online'] for p in proxies] == [True, False, False, False]
    assert health.offline_proxies(proxies) == ['a', 'p3', 'c']


@pytest.mark.parametrize('value, expected', [(101, None), (-0.1, None), (float('inf'), None), ('1e400', None),
                                             (True, None), ('12.5', 12.5), (0, 0.0), (100, 100.0), ('x', None)])
def test_proxy_percentages_are_bounded(value, expected):
    assert health.normalize_proxy({'cpuUsagePercent': value})['cpu_usage_percent'] == expected


def test_a_proxy_port_is_a_port():
    assert health.normalize_proxy({'port': 70000})['port'] is None
    assert health.normalize_proxy({'port': '9193'})['port'] == 9193


def test_the_service_instance():
    assert health.normalize_service({'installationId': 'i', 'version': '8.0.2.159'}) == \
        dict(version='8.0.2.159', installation_id='i')
    assert list(health.normalize_service({})) == keys(SERVICE)


def test_health_reports_healthy_unhealthy_and_the_503_error_body():
    report = {'status': 'Healthy', 'entries': {'configurationDb': {'status': 'Healthy', 'description': None},
                                               'nats': {'status': 'Healthy', 'description': None}}}
    healthy = health.normalize_health(200, report)
    assert list(healthy) == keys(HEALTH)
    assert healthy['is_healthy'] is True and [e['name'] for e in healthy['entries']] == ['configurationDb', 'nats']
    sick = health.normalize_health(200, {'status': 'Unhealthy', 'entries': {
        'nats': {'status': 'Unhealthy', 'description': 'Connection refused.'}, 'odd': 'text'}})
    assert sick['is_healthy'] is False and sick['entries'][0]['description'] == 'Connection refused.'
    assert sick['entries'][1] == dict(name='odd', status=None, description=None)
    down = health.normalize_health(503, {'message': 'The service is unhealthy. nats: refused.', 'errorCode': None})
    assert down == dict(status='Unhealthy', is_healthy=False, entries=[], error='The service is unhealthy. nats: refused.')
    # A 503 that carries a report: the report, and never healthy.
    assert health.normalize_health(503, report)['is_healthy'] is False
    assert health.normalize_health(503, {})['error'] == 'HTTP 503 without a health report'
    assert health.normalize_health(200, {'status': 'Throttled', 'entries': None})['is_healthy'] is False
    assert health.normalize_health(200, {'status': None})['is_healthy'] is False


def test_sync_states_in_the_v7_and_v8_forms():
    v7_ok = health.normalize_sync_state({'type': 'Incremental', 'status': 'Success', 'lastSyncTime': 't', 'error': None})
    assert list(v7_ok) == keys(ORGANIZATION_SYNC)[-5:]
    assert v7_ok == dict(last_sync_type='Incremental', last_sync_result='Success', last_sync_time='t',
                         current_sync_status=None, sync_error=None)
    v7_failed = health.normalize_sync_state({'status': 'Error', 'error': 'Unauthorized.'})
    assert v7_failed['sync_error'] == 'Unauthorized.'
    assert health.normalize_sync_state({'status': 'Error', 'error': '  '})['sync_error'] == 'the last synchronisation failed'
    assert health.normalize_sync_state({'status': 'None', 'error': None})['sync_error'] is None
    v8 = health.normalize_sync_state({'organizationId': 'o', 'lastSyncState': {
        'type': 'Full', 'result': 'Error', 'startTime': 's', 'endTime': 'e', 'error': 'Throttled by Microsoft.'},
        'currentSyncState': {'type': 'Incremental', 'status': 'Running'}})
    assert v8 == dict(last_sync_type='Full', last_sync_result='Error', last_sync_time='e', current_sync_status='Running',
                      sync_error='Throttled by Microsoft.')
    assert health.normalize_sync_state({'organizationId': 'o', 'lastSyncState': None})['sync_error'] is None
    assert health.normalize_sync_state(None) == dict.fromkeys(health.SYNC_KEYS)
    assert health.normalize_sync_state({'organizationId': 'o', 'lastSyncState': {'result': 'Success', 'error': 'x'}})[
        'sync_error'] is None


def test_subsets_resolve_in_order_and_by_version():
    assert health.resolve_subsets(['all']) == list(health.SUBSETS)
    assert health.resolve_subsets(['proxies', 'license']) == ['license', 'proxies']
    assert [s for s in health.SUBSETS if health.is_served(s, 'v7')] == \
        ['service', 'license', 'repositories', 'proxies', 'organizations']
    assert not any(health.is_served(s, 'v5') for s in health.SUBSETS)
    assert health.not_served('health', 'v7') == 'API v7 has no /Health endpoint (it exists from API v8)'
