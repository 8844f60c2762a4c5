# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""protected_object_info and protection_check against the simulator over real HTTPS: its seed inventory on every API
version, its MSP generator, its hostile switches and fault rules on the inventory pages, and the concurrency bound
(its request log counts the requests in flight)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.vb365.backup.plugins.modules import protected_object_info, protection_check

from .hostile_helpers import PASSWORD, SEED_DATA, USERNAME, SimulatorAdmin, simulator_process

CONTOSO = 'a21a5622-7fb2-49ec-b2b2-393da59fbed2'
FABRIKAM = '35ccbd19-add3-5f4e-9455-21d30e7ffd6f'
NORTHWIND_REPO = 'ca9cd9a1-0147-57e7-90d2-5ca276d1b835'
CONTOSO_LOCAL = 'ce19de31-329d-4f0f-b85e-4424cc2e6821'
COUNTS = ('protected', 'stale', 'never_backed_up', 'unprotected', 'deleted', 'excluded', 'total')


@pytest.fixture(scope='module')
def sim(tmp_path_factory):
    with simulator_process().start(str(tmp_path_factory.mktemp('protection-sim')), data=SEED_DATA) as running:
        yield running


@pytest.fixture
def admin(sim):
    admin = SimulatorAdmin(sim)
    admin.reset()
    yield admin
    admin.reset()


def args(sim, **overrides):
    values = dict(server='127.0.0.1', port=sim.port, username=USERNAME, password=PASSWORD, ca_path=sim.ca_path,
                  retries=0, timeout=30)
    values.update(overrides)
    return values


def counts(result, name):
    entry = next(s for s in result['summary'] if s['organization_name'] == name)
    return dict((key, entry[key]) for key in COUNTS)


# The seed inventory (tests/simulator/README.md, "What the seed inventory contains"), judged by the default rule.
CONTOSO_COUNTS = dict(protected=18, stale=1, never_backed_up=1, unprotected=None, deleted=0, excluded=0, total=20)


@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
def test_the_seed_inventory_on_each_version(sim, admin, run_module, version):
    result = run_module(protected_object_info, args(sim, api_version=version))
    deleted = version == 'v7'  # Diego: v7 says isDeleted
    assert counts(result, 'contoso.onmicrosoft.com') == dict(
        CONTOSO_COUNTS, stale=0 if deleted else 1, deleted=1 if deleted else 0)
    assert counts(result, 'fabrikam.onmicrosoft.com') == dict(
        protected=8, stale=0, never_backed_up=0, unprotected=None, deleted=0, excluded=0, total=8)
    assert counts(result, 'northwindtraders.onmicrosoft.com')['protected'] == 10625
    assert counts(result, 'adatum.onmicrosoft.com')['deleted'] == 5 and result['summary'][-1]['removed'] is True
    northwind = next(r for r in result['repositories'] if r['id'] == NORTHWIND_REPO)
    assert northwind['entries'] == 10625 and northwind['read'] is True
    log = admin.call('GET', 'requests')['requests']
    pages = [r['query'].get('offset') for r in log if r['path'].lower().endswith('/%s/userdata' % NORTHWIND_REPO)]
    assert pages == ['0', '10000']  # 10,500 users: two pages of 10,000


def test_the_seed_users_on_v5(sim, admin, run_module):
    result = run_module(protected_object_info, args(sim, api_version='v5'))
    # v5 reads the repository the jobs name (Contoso - Local): 9 users, Diego's 12-day-old backup stale.
    assert counts(result, 'contoso.onmicrosoft.com') == dict(
        protected=8, stale=1, never_backed_up=0, unprotected=None, deleted=0, excluded=0, total=9)


@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
def test_the_gate_on_the_seed_with_the_organizations_listings(sim, admin, run_module, version):
    result = run_module(protection_check, args(sim, api_version=version))
    assert result['passed'] is False
    assert counts(result, 'contoso.onmicrosoft.com') == dict(
        protected=18, stale=0, never_backed_up=1, unprotected=3, deleted=1, excluded=0, total=23)
    names = [o['display_name'] for o in result['objects']]
    assert names == ['Pradeep Gupta', 'Contoso Intranet', 'Leadership Team', 'Projects']
    assert [s['passed'] for s in result['summary']] == [False, True, True, None]


def test_production_finds_the_new_hire(sim, admin, run_module):
    result = run_module(protection_check, args(sim, api_version='v8', data_source='Production',
                                               organization_ids=[CONTOSO]))
    assert counts(result, 'contoso.onmicrosoft.com')['unprotected'] == 4
    assert 'Zoë Ångström' in [o['display_name'] for o in result['objects']]


def test_stale_days_make_a_tenant_stale(sim, admin, run_module):
    admin.call('POST', 'config', {'tenants': {FABRIKAM: {'stale_days': 3}}})
    result = run_module(protection_check, args(sim, api_version='v8', organization_ids=[FABRIKAM]))
    assert counts(result, 'fabrikam.onmicrosoft.com') == dict(
        protected=0, stale=8, never_backed_up=0, unprotected=0, deleted=0, excluded=0, total=8)
    assert result['problems'][0].startswith("organization 'fabrikam.onmicrosoft.com': 8 stale (max_stale 0). Of 8 "
                                            "objects: 0 protected, 8 stale,")


def test_a_repository_whose_proxy_is_offline_is_said_and_closes_the_gate(sim, admin, run_module):
    admin.call('POST', 'config', {'repositories': {CONTOSO_LOCAL: {'data_proxy_offline': True}}})
    result = run_module(protection_check, args(sim, api_version='v8', organization_ids=[CONTOSO]))
    assert result['passed'] is False
    unread = result['summary'][0]['unread']
    assert unread == ["repository 'Contoso - Local' (%s) could not be read: the server says the repository is not "
                      "available: The backup proxy server vbo365.corp.local is offline." % CONTOSO_LOCAL]
    assert result['problems'][0].startswith("organization 'contoso.onmicrosoft.com': repository 'Contoso - Local' (")


def test_an_offline_proxy_error_on_the_data_read_is_said(sim, admin, run_module):
    # The usage says the repository is available, the read says otherwise (v7's ProxyOffline).
    body = {'message': 'Failed to connect to the backup proxy server vbo365.corp.local.', 'errorCode': 'ProxyOffline'}
    admin.fault(path='/UserData', status=500, body=json.dumps(body), content_type='application/json')
    result = run_module(protected_object_info, args(sim, api_version='v7', organization_ids=[CONTOSO]))
    assert result['summary'][0]['complete'] is False
    unread = result['summary'][0]['unread']
    assert unread and all(
        'HTTP 500: Failed to connect to the backup proxy server vbo365.corp.local. (ProxyOffline)' in phrase
        for phrase in unread), unread


@pytest.mark.parametrize('switch', [{'nulls': True}, {'unknown_enums': True}, {'unknown_enums': 'Frobnicated'}])
def test_nulls_and_unknown_enums_from_the_simulator_are_tolerated(sim, admin, run_module, switch):
    admin.call('POST', 'config', switch)
    result = run_module(protection_check, args(sim, api_version='v8', organization_ids=[CONTOSO]))
    assert 'failed' not in result and result['summary'][0]['total'] > 0


@pytest.mark.parametrize('paging, message', [
    ('ignore_offset', "the server's paging does not move forward (asked for offset 10000, it answered the page at "
                      "offset 0)"),
    ('repeat', "the server's paging does not move forward (the page at offset 10000 repeats an earlier page)"),
])
def test_endless_pages_fail_clearly(sim, admin, run_module, paging, message):
    admin.fault(path='/%s/UserData' % NORTHWIND_REPO, paging=paging)
    result = run_module(protected_object_info, args(sim, api_version='v8', object_types=['user']))
    assert result['failed'] is True and message in result['msg'], result['msg']


def test_a_next_link_past_the_end_changes_nothing(sim, admin, run_module):
    admin.fault(path='/UserData', paging='always_next')
    result = run_module(protected_object_info, args(sim, api_version='v8', object_types=['user']))
    assert counts(result, 'northwindtraders.onmicrosoft.com')['total'] == 10500


@pytest.mark.parametrize('rule, message', [
    (dict(oversize=80 * 1024 * 1024), 'the body is larger than'),
    (dict(truncate=True), 'the body is not JSON'),
])
def test_huge_and_cut_bodies_fail_clearly(sim, admin, run_module, rule, message):
    admin.fault(path='/%s/UserData' % CONTOSO_LOCAL, **rule)
    result = run_module(protected_object_info, args(sim, api_version='v8', organization_ids=[CONTOSO]))
    assert result['failed'] is True and message in result['msg'], result['msg']
    assert '/v8/BackupRepositories/%s/UserData' % CONTOSO_LOCAL in result['msg']


@pytest.mark.parametrize('limit', [1, 3])
def test_no_more_requests_in_flight_than_max_concurrency(sim, admin, run_module, limit):
    admin.call('POST', 'config', {'latency_ms': 40})
    admin.call('DELETE', 'requests')
    result = run_module(protected_object_info, args(sim, api_version='v8', max_concurrency=limit,
                                                    include_unprotected=True))
    assert 'failed' not in result
    assert admin.call('GET', 'requests')['max_in_flight'] == limit


@pytest.fixture(scope='module')
def msp(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp('protection-msp'))
    process = simulator_process()
    from vb365sim import generate  # on sys.path once simulator_process() ran

    path = os.path.join(directory, 'msp.json')
    with open(path, 'w') as f:
        json.dump(generate.document(10, 1, tenants=20, objects=6000, repositories=3), f)
    with process.start(directory, data=path) as running:
        yield running, generate.msp_counts(20, 6000, 3)


def test_the_msp_generator_counts_match(msp, run_module):
    running, expected = msp
    result = run_module(protection_check, args(running, api_version='v8', limit=5))
    totals = result['totals']
    assert totals['organizations'] == expected['organizations'] == 20
    assert totals['total'] == expected['objects'] and totals['never_backed_up'] == expected['never_backed_up']
    stale = [t for t in expected['tenants'].values() if t['stale']]
    assert totals['stale'] == sum(t['User'] + t['Group'] + t['Site'] + t['Team'] for t in stale) - sum(
        n // 97 for t in stale for n in (t['User'], t['Group'], t['Site'], t['Team']))
    assert totals['unprotected'] == 0 and len(result['objects']) == 5 and result['objects_truncated'] is True
    for summary in result['summary']:
        tenant = expected['tenants'][summary['organization_id']]
        assert summary['total'] == tenant['User'] + tenant['Group'] + tenant['Site'] + tenant['Team']
        assert summary['repository_ids'] == [tenant['repository']]


def test_a_listing_that_cannot_be_read_again_keeps_the_counts_and_says_what_is_unnamed(sim, admin, run_module,
                                                                                       monkeypatch):
    # The organizations' listings are read twice with include_unprotected: to count, then to name the objects in
    # no backup. The second read of the users' listing fails (as a server might, between the two).
    from ansible.module_utils.basic import AnsibleModule
    from ansible_collections.vb365.backup.plugins.module_utils import _errors, _protected_objects

    # The module's warnings, recorded: where ansible-core sends them depends on what other tests imported.
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, warning, **kwargs: warnings.append(warning))
    whole = run_module(protected_object_info, args(sim, api_version='v8', organization_ids=[CONTOSO],
                                                   include_unprotected=True))
    reads = []
    iter_listing = _protected_objects.iter_listing

    def second_users_read_fails(client, path, query):
        reads.append(path)
        if path.endswith('/Users') and reads.count(path) == 2:
            raise _errors.Vb365ApiError('HTTP 500: The listing is gone.', status=500)
        return iter_listing(client, path, query)
    monkeypatch.setattr(_protected_objects, 'iter_listing', second_users_read_fails)
    result = run_module(protected_object_info, args(sim, api_version='v8', organization_ids=[CONTOSO],
                                                    include_unprotected=True))
    assert 'failed' not in result, result.get('msg')
    assert counts(result, 'contoso.onmicrosoft.com') == counts(whole, 'contoso.onmicrosoft.com')
    assert counts(whole, 'contoso.onmicrosoft.com')['unprotected'] >= 1
    assert any("The unprotected users of organization 'contoso.onmicrosoft.com' are counted but not all listed" in w
               and 'HTTP 500: The listing is gone.' in w for w in warnings), warnings
