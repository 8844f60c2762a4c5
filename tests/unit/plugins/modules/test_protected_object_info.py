# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""protected_object_info end to end, from its arguments to the JSON it prints, with HTTP mocked at the transport
(protection_fake.FakeVb365): the rule, every API version, paging, scale, hostile answers, bounds and bad input."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import pytest
import yaml

from ansible_collections.vb365.backup.plugins.module_utils import _paging
from ansible_collections.vb365.backup.plugins.module_utils._shapes import PROTECTED_OBJECT, PROTECTION_SUMMARY
from ansible_collections.vb365.backup.plugins.modules import protected_object_info

from protection_fake import BASE, FakeVb365, args, contoso

COUNTS = ('protected', 'stale', 'never_backed_up', 'unprotected', 'deleted', 'excluded', 'total')


@pytest.fixture
def warned(monkeypatch):
    """The module's warnings, recorded: where ansible-core sends them depends on what other tests imported."""
    from ansible.module_utils.basic import AnsibleModule

    recorded = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, warning, **kwargs: recorded.append(warning))
    return recorded


def counts(summary, name):
    entry = next(s for s in summary if s['organization_name'] == name)
    return dict((key, entry[key]) for key in COUNTS)


def listed(result):
    return [(o['organization_name'].split('.')[0], o['type'], o['display_name'], o['status']) for o in result['objects']]


# ---- the rule, on every version ----------------------------------------------------------------------------------

@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
def test_counts_each_object_once_by_its_newest_backup(requests_mock, run_module, version):
    server = contoso(version).serve(requests_mock)
    result = run_module(protected_object_info, args(api_version=version))
    assert result['changed'] is False and result['api_version'] == version
    deleted = 1 if version == 'v7' else 0  # only v7 says isDeleted
    assert counts(result['summary'], 'contoso.onmicrosoft.com') == dict(
        protected=6, stale=1 - deleted, never_backed_up=1, unprotected=None, deleted=deleted, excluded=0, total=8)
    assert counts(result['summary'], 'fabrikam.onmicrosoft.com')['protected'] == 2
    # The organization removed from VB365 is reported last, its objects not judged.
    assert result['summary'][-1]['organization_name'] == 'adatum.onmicrosoft.com' and result['summary'][-1]['removed']
    assert counts(result['summary'], 'adatum.onmicrosoft.com')['deleted'] == 1
    problems = [('contoso', 'site', 'Projects', 'never_backed_up')] + (
        [] if deleted else [('contoso', 'user', 'Diego Siciliani', 'stale')])
    assert listed(result) == problems
    assert result['totals']['organizations'] == 3 and result['objects_truncated'] is False
    # Every repository once per kind, pages of 10,000.
    assert all(query['limit'] == '10000' for path, query in server.requested('Data'))
    assert len(server.requested('Data')) == 3 * 4
    assert not server.requested('/Users')  # no listing without include_unprotected


@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
def test_include_unprotected_finds_who_no_job_covers_and_who_was_deleted(requests_mock, run_module, version):
    server = contoso(version).serve(requests_mock)
    result = run_module(protected_object_info, args(api_version=version, include_unprotected=True,
                                                    organization_names=['CONTOSO.onmicrosoft.com']))
    assert [s['organization_name'] for s in result['summary']] == ['contoso.onmicrosoft.com']
    assert counts(result['summary'], 'contoso.onmicrosoft.com') == dict(
        protected=6, stale=0, never_backed_up=1, unprotected=2, deleted=1, excluded=0, total=10)
    assert listed(result) == [('contoso', 'user', 'Pradeep Gupta', 'unprotected'),
                              ('contoso', 'team', 'Leadership Team', 'unprotected'),
                              ('contoso', 'site', 'Projects', 'never_backed_up')]
    pradeep = result['objects'][0]
    assert pradeep['email'] == 'pradeep.gupta@contoso.onmicrosoft.com' and pradeep['reason'] == 'in no backup'
    assert pradeep['workloads'] == {} and pradeep['last_backup'] is None and pradeep['in_organization'] is True
    # Only the repositories of the selected organization are read (not Fabrikam's), and each listing once more to name
    # the unprotected objects; dataSource from v7, setId kept across the pages of a listing.
    assert not [p for p, q in server.requested('Data') if 'fabrikam' in p.lower()]
    assert len(server.requested('BackupRepositories/')) == 2 * 4
    users = server.requested('/Users')
    assert len(users) == 2 and all(q.get('dataSource') == ('PreferLocal' if version != 'v6' else None) for p, q in users)


def test_v8_joins_sites_and_teams_on_their_microsoft_id_not_their_names(requests_mock, run_module):
    server = contoso('v8')
    retail = next(o for t in server.tenants for o in t.objects if o.name == 'Retail')
    retail.name = 'Retail (renamed)'  # the backup and the listing disagree on the name; the msid still joins them
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', include_unprotected=True,
                                                    organization_names=['contoso.onmicrosoft.com']))
    assert counts(result['summary'], 'contoso.onmicrosoft.com')['unprotected'] == 2


def test_workloads_all_requires_each_listed_workload(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', workloads='all',
                                                    organization_names=['contoso.onmicrosoft.com']))
    assert counts(result['summary'], 'contoso.onmicrosoft.com') == dict(
        protected=4, stale=2, never_backed_up=2, unprotected=None, deleted=0, excluded=0, total=8)
    reasons = dict((o['display_name'], o['reason']) for o in result['objects'])
    assert reasons['Lynne Robbins'] == 'OneDrive never backed up'
    assert reasons['Adele Vance'].startswith('OneDrive backed up 2d 0h ago (') and 'longer than max_age 36h' in reasons['Adele Vance']
    adele = next(o for o in result['objects'] if o['display_name'] == 'Adele Vance')
    assert sorted(adele['workloads']) == ['archive', 'mailbox', 'onedrive']
    assert adele['workloads']['mailbox']['backed_up'] is True and adele['age_seconds'] in (7199, 7200, 7201)
    assert result['rule']['workloads'] == 'all' and 'every workload' in result['rule']['description']


def test_max_age_exclude_and_list_all(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protected_object_info, args(
        api_version='v8', max_age='31d', exclude=['^projects$', 'ALEX'], list_objects='all',
        organization_names=['contoso.onmicrosoft.com']))
    assert counts(result['summary'], 'contoso.onmicrosoft.com') == dict(
        protected=6, stale=0, never_backed_up=0, unprotected=None, deleted=0, excluded=2, total=6)
    assert len(result['objects']) == 6 and {o['status'] for o in result['objects']} == {'protected'}
    assert result['rule']['max_age_seconds'] == 31 * 86400


def test_no_age_rule_and_counts_only(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', max_age=None, list_objects='none'))
    assert counts(result['summary'], 'contoso.onmicrosoft.com')['stale'] == 0
    assert result['objects'] == [] and result['objects_truncated'] is False
    assert result['rule']['backed_up_after'] is None and 'no age rule' in result['rule']['description']


def test_limit_bounds_the_listing_and_says_so(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', list_objects='all', limit=3))
    assert len(result['objects']) == 3 and result['objects_truncated'] is True
    # The first by organization, status, type and name: whatever order the pages came in.
    assert listed(result) == [('contoso', 'site', 'Projects', 'never_backed_up'),
                              ('contoso', 'user', 'Diego Siciliani', 'stale'),
                              ('contoso', 'user', 'Adele Vance', 'protected')]


# ---- API v5: UserData only -----------------------------------------------------------------------------------------

def test_v5_reads_the_users_of_the_repositories_the_jobs_name(requests_mock, run_module, warned):
    server = contoso('v5').serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v5'))
    assert ('API v5 has backed-up data of users only (UserData): groups, sites, teams are not read. Use API v6 or later '
            'to prove them.') in warned
    # v5 cannot list organizations: they are known by the name inside the backups, none is "removed".
    assert [s['organization_name'] for s in result['summary']] == [
        'adatum.onmicrosoft.com', 'contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com']
    assert counts(result['summary'], 'contoso.onmicrosoft.com') == dict(
        protected=3, stale=1, never_backed_up=0, unprotected=None, deleted=0, excluded=0, total=4)
    assert result['summary'][1]['organization_id'] is None and result['summary'][1]['backed_up_organization_id']
    assert list(result['summary'][1]['types']) == ['user']
    assert sorted(p for p, q in server.calls if 'Data' in p) == sorted(
        'BackupRepositories/%s/UserData' % repository_id for repository_id, dummy in server.repositories)
    assert [r['name'] for r in result['repositories']] == [None, None, None]


def test_v5_selects_organizations_by_the_name_in_the_backups(requests_mock, run_module):
    contoso('v5').serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v5', object_types=['user'],
                                                    organization_names=['Fabrikam.onmicrosoft.com']))
    assert [s['organization_name'] for s in result['summary']] == ['fabrikam.onmicrosoft.com']
    missing = run_module(protected_object_info, args(api_version='v5', organization_names=['nope.example.com']))
    assert missing['failed'] is True and missing['msg'].startswith(
        "No organization named 'nope.example.com' in organization_names has backed-up data")


@pytest.mark.parametrize('overrides, message', [
    (dict(include_unprotected=True), 'Unprotected objects cannot be found on API v5: API v5 cannot list'),
    (dict(organization_ids=['a21a5622-7fb2-49ec-b2b2-393da59fbed2']), 'organization_ids cannot select on API v5'),
])
def test_v5_refuses_what_it_cannot_do_before_reading_data(requests_mock, run_module, overrides, message):
    server = contoso('v5').serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v5', **overrides))
    assert result['failed'] is True and result['msg'].startswith(message), result['msg']
    assert not server.requested('Data')


def test_v5_without_jobs_needs_repository_ids(requests_mock, run_module):
    server = contoso('v5')
    server.overrides['^jobs$'] = []
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v5'))
    assert result['failed'] is True and 'give the ids of the repositories to read in repository_ids' in result['msg']
    local = server.repositories[0][0]
    result = run_module(protected_object_info, args(api_version='v5', repository_ids=[local.upper()]))
    assert counts(result['summary'], 'contoso.onmicrosoft.com')['total'] == 4


# ---- scale: pages of 10,000, several repositories -----------------------------------------------------------------

def big(version, users, repositories=1, never_every=97):
    server = FakeVb365(version)
    repos = [server.repository('Repository %d' % n) for n in range(repositories)]
    tenant = server.tenant('big.onmicrosoft.com')
    for n in range(users):
        never = never_every and n % never_every == 0
        tenant.add('user', 'User %05d' % n, 'user%05d@big.onmicrosoft.com' % n,
                   backups=dict((repo, (None if never else 3600 + n + 100 * index,)) for index, repo in enumerate(repos)))
    return server


def test_reads_pages_of_ten_thousand_until_a_short_page(requests_mock, run_module):
    server = big('v8', 20001).serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', object_types=['user'], limit=5))
    assert [q['offset'] for p, q in server.requested('UserData')] == ['0', '10000', '20000']
    assert counts(result['summary'], 'big.onmicrosoft.com') == dict(
        protected=20001 - 207, stale=0, never_backed_up=207, unprotected=None, deleted=0, excluded=0, total=20001)
    assert len(result['objects']) == 5 and result['objects_truncated'] is True


def test_an_object_in_two_repositories_counts_once(requests_mock, run_module):
    server = big('v7', 12000, repositories=2, never_every=0).serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v7', object_types=['user'], list_objects='all',
                                                    limit=2))
    assert counts(result['summary'], 'big.onmicrosoft.com')['total'] == 12000
    assert result['repositories'][0]['entries'] == result['repositories'][1]['entries'] == 12000
    # The newest backup counts: repository 0's (100 s newer than repository 1's).
    first = result['objects'][0]
    assert first['display_name'] == 'User 00000' and first['status'] == 'protected'
    assert first['repository_id'] == server.repositories[0][0] and first['age_seconds'] in (3600, 3601)


# ---- bounds and hostile answers -------------------------------------------------------------------------------------

def test_endless_pages_fail_with_the_paging_message(requests_mock, run_module):
    server = big('v8', 3)

    def same_page(request, context, path, query):
        return dict(offset=0, limit=1, results=[server._data_item(server.tenants[0].objects[0], server.repositories[0][0])])
    server.overrides['UserData'] = same_page
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', object_types=['user']))
    assert result['failed'] is True and "the server's paging does not move forward" in result['msg']


def test_a_listing_that_never_ends_stops_at_the_page_cap(requests_mock, run_module, monkeypatch):
    monkeypatch.setattr(_paging, 'MAX_PAGES', 3)
    server = big('v8', 1)
    counter = iter(range(10 ** 6))

    def always_full(request, context, path, query):
        offset = int(query['offset'][0])
        return dict(offset=offset, limit=1, results=[dict(id='user-%d' % next(counter), displayName='x')])
    server.overrides['UserData'] = always_full
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', object_types=['user']))
    assert result['failed'] is True and 'more than 3 pages of 10000 items for one listing' in result['msg']


def test_nulls_where_the_schema_says_non_null_and_unknown_enums_are_tolerated(requests_mock, run_module):
    server = contoso('v8')

    def nulls(request, context, path, query):
        if not path.lower().endswith('userdata'):
            return NotImplemented
        items = server.default(path, query, context)
        for item in items['results']:
            item.update(displayName=None, email=None, isMailboxBackedUp=None, accountType='Throttled',
                        itemType='Throttled', id=None, organizationId=item['organizationId'])
        return items
    server.overrides['UserData'] = nulls
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', organization_names=['contoso.onmicrosoft.com'],
                                                    list_objects='all'))
    users = result['summary'][0]['types']['user']
    # Without id or e-mail an object cannot be matched across repositories: Adele counts twice (her 45-day-old backup
    # as stale), but nothing fails.
    assert users['total'] == 5 and users['protected'] == 3 and users['stale'] == 2
    assert any(o['display_name'] is None for o in result['objects'])


def test_entries_find_their_organization_by_link_microsoft_id_or_name(requests_mock, run_module):
    """A server that names organizations differently in backups still counts each object under its organization."""
    server = contoso('v8')
    contoso_tenant = server.tenants[0]

    def odd(request, context, path, query):
        if not path.lower().endswith('data'):
            return NotImplemented
        items = server.default(path, query, context)
        for n, item in enumerate(items['results']):
            if item['backedUpOrganizationId'] != contoso_tenant.composite():
                continue
            item['organizationId'] = None
            if n % 3 == 1:    # only a link
                item['backedUpOrganizationId'] = 'Contoso Ltd:x:y'
                item['_links'] = {'organization': {'href': '/v8/Organizations/%s' % contoso_tenant.id}}
            elif n % 3 == 2:  # only the name inside the backups
                item['backedUpOrganizationId'] = 'CONTOSO.onmicrosoft.com:other:guid'
        return items
    server.overrides['Data'] = odd
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8'))
    assert counts(result['summary'], 'contoso.onmicrosoft.com')['total'] == 8
    assert [s['organization_name'] for s in result['summary']] == [
        'contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com', 'adatum.onmicrosoft.com']


def test_odd_times_seven_digits_offsets_and_garbage(requests_mock, run_module, warned):
    server = contoso('v8')

    local = server.repositories[0][0]

    def odd(request, context, path, query):
        if local not in path or not path.lower().endswith('sitedata'):
            return NotImplemented
        items = server.default(path, query, context)
        items['results'][0]['backedUpTime'] = 'yesterday'                  # Finance: unreadable
        items['results'][1]['backedUpTime'] = '9999-12-31T23:59:59.9999999Z'  # Projects: far in the future
        return items
    server.overrides['SiteData'] = odd
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', organization_names=['contoso.onmicrosoft.com'],
                                                    object_types=['site']))
    assert counts(result['summary'], 'contoso.onmicrosoft.com')['stale'] == 2
    assert ('2 backup times could not be read (not ISO 8601, or more than a day in the future): those workloads count as '
            'backed up at a time the server did not give.') in warned
    assert {o['reason'] for o in result['objects']} == {'backed up at a time the server did not give'}


def test_an_item_that_is_not_an_object_is_a_bad_answer(requests_mock, run_module):
    server = contoso('v8')
    server.overrides['TeamData'] = dict(offset=0, limit=10000, results=['not an object'])
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8'))
    assert result['failed'] is True
    assert result['msg'].startswith('Failed to read GET /v8/BackupRepositories/') and \
        result['msg'].endswith('/TeamData: expected an object for each backed-up team, got str.')


def test_a_repository_the_server_cannot_read_makes_its_organizations_incomplete(requests_mock, run_module, clock):
    server = contoso('v8')
    local = server.repositories[0][0]
    server.overrides[local + '/UserData'] = lambda request, context, path, query: (
        setattr(context, 'status_code', 500) or {'message': 'Failed to connect to the backup proxy server proxy01.',
                                                 'errorCode': 'ProxyOffline', 'stackTrace': None})
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', retries=1))
    contoso_summary = result['summary'][0]
    assert contoso_summary['complete'] is False and contoso_summary['unread'] == [
        "repository 'Contoso - Local' (%s) could not be read: Failed to GET /v8/BackupRepositories/%s/UserData on "
        "%s: HTTP 500: Failed to connect to the backup proxy server proxy01. (ProxyOffline) (gave up after 2 attempts)"
        % (local, local, BASE)]
    assert result['summary'][1]['complete'] is True  # Fabrikam's repository is another one
    assert [r['read'] for r in result['repositories']] == [False, True, True]
    # The other kinds were read, and the users of the other repository (Adele's old backup).
    assert counts(result['summary'], 'contoso.onmicrosoft.com') == dict(
        protected=3, stale=1, never_backed_up=1, unprotected=None, deleted=0, excluded=0, total=5)


def test_a_repository_the_server_says_is_unavailable_is_not_read(requests_mock, run_module):
    server = contoso('v8')
    server.tenants[1].usage_available = False
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', organization_names=['fabrikam.onmicrosoft.com']))
    assert result['summary'][0]['unread'] == [
        "repository 'Fabrikam - Local' (%s) could not be read: the server says the repository is not available: The "
        "backup proxy server proxy01 is offline." % server.repositories[2][0]]
    assert not server.requested('Data')


def test_a_refused_token_fails_the_task(requests_mock, run_module):
    server = contoso('v8')
    server.overrides['UserData'] = lambda request, context, path, query: setattr(context, 'status_code', 403) or {
        'message': 'Forbidden.'}
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8'))
    assert result.get('failed') is None  # a 403 on one listing makes it unread, not the task failed
    assert result['summary'][0]['complete'] is False


def test_read_timeout_bounds_the_whole_read(requests_mock, run_module, clock):
    server = contoso('v8')

    def slow(request, context, path, query):
        clock.now += 40
        return NotImplemented
    server.overrides['.'] = slow
    server.serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', read_timeout=100, max_concurrency=1))
    assert result['failed'] is True
    assert result['msg'].startswith('Stopped reading the protected objects after read_timeout (100 seconds): ')
    assert result['msg'].endswith('Raise read_timeout, or read fewer organizations or repositories per task.')
    assert len(server.calls) <= 4


# ---- input checked before any request ----------------------------------------------------------------------------

@pytest.mark.parametrize('overrides, message', [
    (dict(organization_ids=['nope']), "Invalid organization_ids 'nope': it must be a GUID"),
    (dict(repository_ids=['12']), "Invalid repository_ids '12': it must be a GUID"),
    (dict(organization_names=[' ']), 'Invalid organization_names: a name is empty.'),
    (dict(object_types=[]), 'Invalid object_types: the list is empty; give user, group, site or team.'),
    (dict(max_age='1 day'), "Invalid max_age '1 day': give a number of seconds or a duration such as '36h'"),
    (dict(exclude=['(']), "Invalid exclude pattern '(': missing ), unterminated subpattern at position 0."),
    (dict(exclude=['']), 'Invalid exclude: an empty pattern would exclude every object.'),
    (dict(limit=-1), 'Invalid limit -1: give 0 (list no object) or more.'),
    (dict(max_concurrency=9), 'Invalid max_concurrency 9: it must be between 1 and 8 (1 sends one request at a time).'),
    (dict(read_timeout=0), 'Invalid read_timeout 0: it must be between 1 and 604800 seconds.'),
    (dict(object_types=['mailbox']), 'value of object_types must be one or more of: user, group, site, team'),
])
def test_bad_input_fails_before_any_request(requests_mock, run_module, overrides, message):
    result = run_module(protected_object_info, args(**overrides))
    assert result['failed'] is True and result['msg'].startswith(message), result['msg']
    assert requests_mock.call_count == 0


def test_an_unknown_organization_name_names_the_close_ones(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protected_object_info, args(organization_names=['contoso.microsoft.com']))
    assert result['failed'] is True
    assert result['msg'].startswith("No organization named 'contoso.microsoft.com' in organization_names. Did you mean: "
                                    "'contoso.onmicrosoft.com'")


def test_an_unknown_repository_id_is_refused(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protected_object_info, args(repository_ids=['00000000-1111-4222-8333-444444444444']))
    assert result['failed'] is True and result['msg'] == (
        'No repository with id 00000000-1111-4222-8333-444444444444 in repository_ids: the server has 3 repositories.')


def test_check_mode_reads_the_same(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    normal = run_module(protected_object_info, args(api_version='v8'))
    checked = run_module(protected_object_info, dict(args(api_version='v8'), _ansible_check_mode=True))
    assert checked['summary'] == normal['summary'] and checked['changed'] is False


# ---- the documented shapes ----------------------------------------------------------------------------------------

def return_doc(module):
    path = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'modules', module + '.py')
    with open(path) as f:
        tree = ast.parse(f.read())
    return yaml.safe_load(next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                               and node.targets[0].id == 'RETURN'))


def test_the_result_has_exactly_the_documented_keys(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protected_object_info, args(api_version='v8', list_objects='all', include_unprotected=True))
    documented = return_doc('protected_object_info')
    assert sorted(k for k in result if k not in ('changed', 'invocation', 'warnings')) == sorted(documented)
    assert list(result['summary'][0]) == [field.key for field in PROTECTION_SUMMARY]
    assert list(documented['summary']['contains']) == [field.key for field in PROTECTION_SUMMARY]
    for item in result['objects']:
        assert list(item) == [field.key for field in PROTECTED_OBJECT]
        assert set(item['workloads']) <= set(documented['objects']['contains']['workloads']['contains'])
    assert list(result['repositories'][0]) == list(documented['repositories']['contains'])
    assert list(result['rule']) == list(documented['rule']['contains'])
    assert list(result['totals']) == list(documented['totals']['contains'])
