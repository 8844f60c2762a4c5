# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The server's preconditions as gate rules (_preconditions): what each rule reads, when it blocks, and what it says."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.vb365.backup.plugins.module_utils import _preconditions as pre
from ansible_collections.vb365.backup.plugins.module_utils import _server_health as health

PREFIX = 'job_session_gate_'
NOW = datetime.datetime(2026, 11, 28, 12, 0, 0, tzinfo=datetime.timezone.utc)
OFF = dict((option, spec.get('default')) for option, spec in pre.precondition_argument_spec().items())


def params(**rules):
    return dict(OFF, **rules)


def license_(**raw):
    values = dict(status='Valid', licenseExpires='2027-07-26T13:00:00Z', gracePeriodExpires='2027-08-25T13:00:00Z',
                  totalNumber=12000, usedNumber=10517)
    values.update(raw)
    return health.normalize_license(values, NOW)


def repository(name='Contoso - Local', **raw):
    values = dict(id='r-' + name, name=name, capacityBytes=1000, freeSpaceBytes=500, isOutOfSync=False,
                  isOutOfOrder=False, isOutdated=False)
    values.update(raw)
    return health.normalize_repository(values, low_space_percent=raw.pop('threshold', None))


def proxy(name, status='Online', **raw):
    return health.normalize_proxy(dict(id='p-' + name, hostName=name, fqdn=name + '.corp.local', status=status, **raw))


def server(unsupported=(), **subsets):
    value = dict.fromkeys(health.RESULT_KEYS)
    value.update(subsets)
    value['unsupported_subsets'] = list(unsupported)
    return value


def judge(srv, version='v8', **rules):
    return pre.judge(srv, params(**rules), PREFIX, version)


def test_every_rule_is_off_by_default_and_then_nothing_is_read():
    assert pre.rules_set(OFF) == [] and pre.subsets_needed(OFF) == []

    class NoClient(object):
        def __getattr__(self, name):
            raise AssertionError('no request without a precondition rule: %s' % name)

    assert pre.check(NoClient(), OFF, PREFIX) == dict(checked=[], problems=[], held=[], server=None)


@pytest.mark.parametrize('rules, subsets', [
    (dict(license_min_days_left=0), ['license']),
    (dict(repository_min_free_percent=0.0), ['repositories']),
    (dict(license_not_exceeded=True, proxies_online_names=['a']), ['license', 'proxies']),
    (dict(repository_problems=['outdated'], repository_min_free_percent=5.0), ['repositories']),
    (dict(service_healthy=True, proxies_online=True), ['health', 'proxies']),
])
def test_each_rule_reads_only_the_subset_it_needs(rules, subsets):
    assert pre.subsets_needed(params(**rules)) == subsets
    assert pre.rules_set(params(**rules)) == [o for o, s in pre.RULES if o in rules]


def test_the_options_are_every_rule_and_each_new_dict_is_new():
    spec = pre.precondition_argument_spec()
    assert list(spec) == [option for option, subset in pre.RULES]
    assert pre.precondition_argument_spec() is not spec


@pytest.mark.parametrize('rules, message', [
    (dict(license_min_days_left=-1), 'Invalid job_session_gate_license_min_days_left -1: give 0 (only an expired '
                                     'licence blocks) or more days.'),
    (dict(repository_min_free_percent=100.5), 'Invalid job_session_gate_repository_min_free_percent 100.5: give a '
                                              'percentage from 0 to 100.'),
    (dict(proxies_online_names=['vbo365', ' ']), 'Invalid job_session_gate_proxies_online_names: a name is empty.'),
])
def test_bad_options_are_named_with_the_callers_prefix(rules, message):
    assert pre.input_problems(params(**rules), PREFIX) == [message]


def test_good_options_have_no_problem():
    assert pre.input_problems(params(license_min_days_left=0, repository_min_free_percent=0.0,
                                     proxies_online_names=['a']), PREFIX) == []


# ---- the licence ---------------------------------------------------------------------------------

def test_enough_days_left_holds_and_says_how_many():
    problems, held = judge(server(license=license_()), license_min_days_left=30)
    assert problems == [] and held == ['licence: 240 days left (job_session_gate_license_min_days_left 30)']


def test_too_few_days_left_blocks_with_the_date():
    problems, held = judge(server(license=license_(licenseExpires='2026-12-10T12:00:00Z')), license_min_days_left=30)
    assert problems == ['licence: expires on 2026-12-10T12:00:00Z, in 12 day(s), fewer than '
                        'job_session_gate_license_min_days_left 30'] and held == []


def test_an_expired_licence_in_its_grace_period_blocks_and_says_when_jobs_fail():
    expired = license_(status='Expired', licenseExpires='2026-11-25T12:00:00Z', gracePeriodExpires='2026-12-25T12:00:00Z')
    problems, held = judge(server(license=expired), license_min_days_left=0)
    assert problems == ['licence: expired on 2026-11-25T12:00:00Z; in its grace period until 2026-12-25T12:00:00Z '
                        '(27 day(s) left), after which every job fails (job_session_gate_license_min_days_left 0)']
    over = license_(licenseExpires='2026-09-01T00:00:00Z', gracePeriodExpires='2026-10-01T00:00:00Z')
    assert judge(server(license=over), license_min_days_left=0)[0] == [
        'licence: expired on 2026-09-01T00:00:00Z, and its grace period is over: every job fails '
        '(job_session_gate_license_min_days_left 0)']
    v6 = health.normalize_license({'status': 'Expired', 'expirationDate': '2026-11-01T00:00:00Z'}, NOW)
    assert judge(server(license=v6), 'v6', license_min_days_left=0)[0] == [
        'licence: expired on 2026-11-01T00:00:00Z (job_session_gate_license_min_days_left 0)']


def test_hostile_licence_dates_never_let_the_gate_through_on_what_it_cannot_see():
    year1 = license_(licenseExpires='0001-01-01T00:00:00Z')
    assert judge(server(license=year1), license_min_days_left=30)[0] == [
        "licence: the server does not say when it expires (expiration date '0001-01-01T00:00:00Z'), so "
        "job_session_gate_license_min_days_left 30 cannot be checked"]
    year9999 = license_(licenseExpires='9999-12-31T23:59:59.9999999Z')
    assert judge(server(license=year9999), license_min_days_left=30) == (
        [], ['licence: 36500 days left (job_session_gate_license_min_days_left 30)'])


def test_an_exceeded_licence_blocks_and_an_unknown_count_cannot_be_checked():
    problems, held = judge(server(license=license_(totalNumber=10500)), license_not_exceeded=True)
    assert problems == ['licence: exceeded, 10517 licensed users for 10500 units (job_session_gate_license_not_exceeded): '
                        'beyond the allowed overage the extra users are not backed up']
    assert judge(server(license=license_()), license_not_exceeded=True) == (
        [], ['licence: 10517 of 12000 units used (job_session_gate_license_not_exceeded)'])
    assert judge(server(license=license_(totalNumber=-1)), license_not_exceeded=True)[0] == [
        'licence: the server does not say how many units it has and uses (total None, used 10517), so '
        'job_session_gate_license_not_exceeded cannot be checked']


# ---- repositories ------------------------------------------------------------------------------------

def test_repositories_with_listed_problems_block_one_line_each_and_others_are_not_named():
    repositories = [repository(), repository('Sync', isOutOfSync=True),
                    repository('Broken', isOutOfOrder=True, outOfOrderReason='The database is corrupted.', isOutdated=True)]
    problems, held = judge(server(repositories=repositories), repository_problems=['out_of_sync', 'out_of_order'])
    assert problems == ["repository 'Sync': out_of_sync (job_session_gate_repository_problems)",
                        "repository 'Broken': out_of_order (The database is corrupted.) "
                        "(job_session_gate_repository_problems)"]
    assert judge(server(repositories=repositories[:1]), repository_problems=['outdated']) == (
        [], ['repositories: none of 1 has a problem (job_session_gate_repository_problems)'])


def test_free_space_below_the_minimum_or_unknown_blocks_and_unlimited_object_storage_passes():
    unlimited = health.normalize_repository({'name': 'Archive', 'objectStorage': {'sizeLimitEnabled': False,
                                                                                  'type': 'AzureBlobArchive'}}, 20)
    repositories = [health.normalize_repository(dict(name='Low', capacityBytes=1000, freeSpaceBytes=150), 20),
                    health.normalize_repository(dict(name='Absurd', capacityBytes=-1, freeSpaceBytes=10 ** 30), 20),
                    health.normalize_repository(dict(name='Fine', capacityBytes=1000, freeSpaceBytes=900), 20), unlimited]
    problems, held = judge(server(repositories=repositories), repository_min_free_percent=20.0,
                           repository_problems=['out_of_sync'])
    assert problems == [
        "repository 'Low': 15.0% free, less than job_session_gate_repository_min_free_percent 20",
        "repository 'Absurd': its free space is unknown (capacity missing or out of range, free space missing or out "
        "of range), so job_session_gate_repository_min_free_percent cannot be checked"]


def test_the_reasons_of_one_repository_are_one_line():
    broken = health.normalize_repository(dict(name='Both', capacityBytes=1000, freeSpaceBytes=1, isOutOfSync=True), 10)
    assert judge(server(repositories=[broken]), repository_problems=['out_of_sync'], repository_min_free_percent=10.0)[0] \
        == ["repository 'Both': out_of_sync (job_session_gate_repository_problems); 0.1% free, less than "
            "job_session_gate_repository_min_free_percent 10"]


# ---- proxies and the service --------------------------------------------------------------------------

def test_every_proxy_must_be_online_and_an_offline_one_is_named_with_its_maintenance_mode():
    proxies = [proxy('vbo365'), proxy('vbo-proxy02', 'Offline', maintenanceModeState='Enabled'), proxy('lnx', None)]
    problems, held = judge(server(proxies=proxies), proxies_online=True)
    assert problems == ["proxy 'vbo-proxy02': status Offline, maintenance mode Enabled (job_session_gate_proxies_online)",
                        "proxy 'lnx': status None (job_session_gate_proxies_online)"]
    assert judge(server(proxies=proxies[:1]), proxies_online=True) == (
        [], ['proxies: 1 online (job_session_gate_proxies_online)'])


def test_named_proxies_only_and_an_unknown_name_lists_the_proxies_there_are():
    proxies = [proxy('vbo365'), proxy('vbo-proxy02', 'Offline')]
    assert judge(server(proxies=proxies), proxies_online_names=['VBO365.corp.local']) == (
        [], ['proxies: 1 online (job_session_gate_proxies_online_names)'])
    problems, held = judge(server(proxies=proxies), proxies_online=True, proxies_online_names=['vbo365', 'nope'])
    assert problems == ["proxy 'nope' (job_session_gate_proxies_online_names): the server has no such proxy; it has: "
                        "vbo-proxy02, vbo365"]


def test_a_proxy_without_a_name_is_not_the_proxy_named_none():
    nameless = health.normalize_proxy(dict(id='p-x', status='Offline'))
    problems, held = judge(server(proxies=[proxy('vbo365'), nameless]), proxies_online_names=['none'])
    assert problems == ["proxy 'none' (job_session_gate_proxies_online_names): the server has no such proxy; it has: "
                        "p-x, vbo365"]


def test_the_service_must_be_healthy_and_says_which_entries_are_not():
    sick = health.normalize_health(200, {'status': 'Unhealthy', 'entries': {
        'configurationDb': {'status': 'Healthy'}, 'nats': {'status': 'Unhealthy', 'description': 'Connection refused.'}}})
    assert judge(server(health=sick), service_healthy=True)[0] == [
        'service: Unhealthy: nats Unhealthy (Connection refused.) (job_session_gate_service_healthy)']
    down = health.normalize_health(503, {'message': 'The service is unhealthy.'})
    assert judge(server(health=down), service_healthy=True)[0] == [
        'service: Unhealthy: The service is unhealthy. (job_session_gate_service_healthy)']
    well = health.normalize_health(200, {'status': 'Healthy', 'entries': {}})
    assert judge(server(health=well), service_healthy=True) == ([], ['service: Healthy (job_session_gate_service_healthy)'])


@pytest.mark.parametrize('version, unsupported, rules, line', [
    ('v7', ['health'], dict(service_healthy=True),
     'service: API v7 has no /Health endpoint (it exists from API v8), so job_session_gate_service_healthy cannot be '
     'checked'),
    ('v5', ['license'], dict(license_min_days_left=1, license_not_exceeded=True),
     'licence: API v5 has no /License endpoint (it exists from API v6), so job_session_gate_license_min_days_left, '
     'job_session_gate_license_not_exceeded cannot be checked'),
    ('v5', ['repositories'], dict(repository_min_free_percent=1.0),
     'repositories: API v5 has no /BackupRepositories endpoint (it exists from API v6), so '
     'job_session_gate_repository_min_free_percent cannot be checked'),
    ('v5', ['proxies'], dict(proxies_online_names=['a']),
     'proxies: API v5 has no /Proxies endpoint (it exists from API v6), so job_session_gate_proxies_online_names cannot '
     'be checked'),
])
def test_a_rule_the_version_cannot_serve_blocks_and_says_so(version, unsupported, rules, line):
    assert judge(server(unsupported), version, **rules) == ([line], [])


def test_every_failing_precondition_is_one_line_in_the_order_of_the_rules():
    srv = server(license=license_(totalNumber=1), repositories=[repository(isOutOfSync=True)],
                 proxies=[proxy('p', 'Offline')], health=health.normalize_health(503, {'message': 'down'}))
    problems, held = pre.judge(srv, params(license_not_exceeded=True, repository_problems=['out_of_sync'],
                                           proxies_online=True, service_healthy=True), '', 'v8')
    assert [line.split(':')[0] for line in problems] == ['licence', "repository 'Contoso - Local'", "proxy 'p'", 'service']
    assert all('job_session_gate_' not in line for line in problems) and held == []
