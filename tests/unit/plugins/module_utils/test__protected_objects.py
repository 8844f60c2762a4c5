# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading backed-up data and the organizations' listings: one entry from each version's shape, times, join keys,
the compact index of an organization's objects, and setId kept across the pages of a listing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._protected_objects import (
    Timestamps,
    TenantIndex,
    _repository_of,
    iter_listing,
    join_keys,
    listing_object,
    parse_entry,
)
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_timestamp

NOW = parse_timestamp('2026-11-28T22:00:00Z').timestamp()
REQUEST = 'GET /v8/BackupRepositories/r/UserData'
COMPOSITE = 'contoso.onmicrosoft.com:0ec3dcd5-41f2-5632-a354-645a25ec4f78:00000000-0000-0000-0000-000000000000'
ORG = 'a21a5622-7fb2-49ec-b2b2-393da59fbed2'


def times():
    return Timestamps(NOW)


# The Help Center's v5/v6 example omits null times; v7 sends them as null with isDeleted; v8 has no isDeleted.
V6_USER = {'mailboxBackedUpTime': '2026-11-28T20:00:00.1234567Z', 'isMailboxBackedUp': True,
           'isOneDriveBackedUp': False, 'isArchiveBackedUp': False, 'isPersonalSiteBackedUp': False,
           'archiveName': '', 'id': 'contoso:x:y', 'displayName': 'Lynne Robbins', 'email': 'Lynne@Contoso.com',
           'oneDriveUrl': ['https://contoso-my.sharepoint.com/personal/lynne/Documents'], 'personalSiteUrl': [],
           'organizationId': COMPOSITE}
V7_USER = dict(V6_USER, isDeleted=True, archiveBackedUpTime=None, oneDriveBackedUpTime=None,
               personalSiteBackedUpTime=None, organizationId=ORG.upper(), backedUpOrganizationId=COMPOSITE)


def test_a_v6_user_with_a_onedrive_named_but_never_backed_up():
    e = parse_entry(V6_USER, 'user', 'r', times(), REQUEST)
    assert (e.organization_id, e.backed_up_id, e.deleted) == (None, COMPOSITE, None)
    assert e.workloads == ((True, True, NOW - 7200 + 0.1234567, '2026-11-28T20:00:00.1234567Z'),
                           (False, False, None, None), (True, False, None, None), (False, False, None, None))
    assert e.keys() == [('mail', 'lynne@contoso.com')]


def test_a_time_in_the_year_1_is_not_set_not_a_backup_and_not_unreadable():
    t = times()
    e = parse_entry(dict(V6_USER, isMailboxBackedUp=False, mailboxBackedUpTime='0001-01-01T00:00:00Z',
                         archiveBackedUpTime='0001-01-01T00:00:00Z'), 'user', 'r', t, REQUEST)
    assert [wl[1:] for wl in e.workloads] == [(False, None, None)] * 4
    assert t.unreadable == 0


def test_a_v7_user_says_whether_it_was_deleted_and_names_its_organization():
    e = parse_entry(V7_USER, 'user', 'r', times(), REQUEST)
    assert (e.organization_id, e.backed_up_id, e.deleted) == (ORG, COMPOSITE, True)
    assert [wl[1] for wl in e.workloads] == [True, False, False, False]


def test_v8_sites_and_teams_join_on_their_microsoft_id_first():
    site = parse_entry({'id': 's', 'title': 'Finance', 'url': 'https://Contoso.sharepoint.com/sites/finance/',
                        'backedUpTime': None, 'msid': '6A2A2126-78E1-565D-9802-5956034C5DA8'},
                       'site', 'r', times(), REQUEST)
    assert site.keys() == [('msid', '6a2a2126-78e1-565d-9802-5956034c5da8'),
                           ('url', 'https://contoso.sharepoint.com/sites/finance')]
    assert site.workloads == ((True, False, None, None),)
    team = parse_entry({'id': 't', 'displayName': 'Retail', 'backedUpTime': '2026-11-27T22:00:00Z'}, 'team', 'r',
                       times(), REQUEST)
    assert team.keys() == [('name', 'retail')] and team.workloads[0][2] == NOW - 86400


@pytest.mark.parametrize('raw', [
    {'id': None, 'displayName': None, 'email': None, 'isMailboxBackedUp': None, 'mailboxBackedUpTime': None,
     'accountType': None, 'organizationId': None, 'oneDriveUrl': None},
    {'accountType': 'Throttled', 'itemType': 'Throttled', 'oneDriveUrl': 'not a list', 'personalSiteUrl': [None, 7]},
    {},
])
def test_nulls_and_unknown_values_where_the_schema_has_none_make_an_empty_entry(raw):
    e = parse_entry(raw, 'user', 'r', times(), REQUEST)
    assert e.id is None and e.keys() == [] and e.identity() is None and e.organization_id is None
    assert not any(wl[1] for wl in e.workloads)


@pytest.mark.parametrize('raw', [None, 'x', 7, ['a']])
def test_an_item_that_is_not_an_object_is_a_bad_answer(raw):
    with pytest.raises(Vb365ResponseError, match=r'^Failed to read GET /v8/BackupRepositories/r/UserData: expected an '
                                                 r'object for each backed-up user, got '):
        parse_entry(raw, 'user', 'r', times(), REQUEST)


@pytest.mark.parametrize('text', [
    '2026-11-28T20:00:00.1234567Z', '2026-11-28T20:00:00Z', '2026-11-28T20:00:00.5z', '2026-11-28T21:00:00+01:00',
    '2026-11-28 20:00:00', '2026-11-28T20:00:00.123456789012Z', '2026-02-29T00:00:00Z', '2026-11-28T20:00:61Z',
    '2026-11-28T20:00:0.5Z', 'yesterday', '2026-11-28T20:00:1e1Z', '2026-11-28T20:00:1_0Z',
])
def test_the_fast_path_reads_times_as_the_timestamp_parser_does(text):
    parsed = parse_timestamp(text)
    expected = parsed.timestamp() if parsed is not None else None
    # The parser keeps microseconds; the fast path the 7th digit too.
    assert times().seconds(text) == (pytest.approx(expected, abs=1e-6) if expected is not None else None)


def test_times_far_in_the_future_are_not_believed_and_counted():
    t = times()
    assert t.seconds('9999-12-31T23:59:59.9999999Z') is None and t.seconds('soon') is None
    assert t.seconds('2026-11-29T12:00:00Z') == NOW + 14 * 3600  # a clock a little off is believed
    assert t.unreadable == 2


def test_join_keys_ignore_case_and_empty_values():
    assert join_keys('user', ' Adele@Contoso.COM ', None, 'Adele', None) == [('mail', 'adele@contoso.com')]
    assert join_keys('user', '', None, 'Adele', 'x') == []
    assert join_keys('site', None, 'HTTPS://contoso.sharepoint.com/', None, None) == [('url', 'https://contoso.sharepoint.com')]


def listed(kind, raw):
    return listing_object(kind, raw, 'GET /v8/Organizations/o/Users')


def test_the_index_finds_objects_by_key_marks_them_and_counts_the_rest():
    index = TenantIndex()
    index.add('user', listed('user', {'id': '1', 'displayName': 'Adele', 'name': 'adele@contoso.com'}), False)
    index.add('user', listed('user', {'id': '2', 'displayName': 'Pradeep', 'name': 'pradeep@contoso.com'}), False)
    index.add('user', listed('user', {'id': '3', 'displayName': 'svc', 'name': 'svc@contoso.com'}), True)
    index.add('user', listed('user', {'id': '4', 'displayName': 'No name', 'name': None}), False)
    # Two objects with one address (a join duplicate): a backup with that address covers both.
    index.add('user', listed('user', {'id': '5', 'displayName': 'Twin', 'name': 'twin@contoso.com'}), False)
    index.add('user', listed('user', {'id': '6', 'displayName': 'Twin 2', 'name': 'TWIN@contoso.com'}), False)
    index.seal()
    assert index.keyless == 1 and len(index.flags) == 5
    assert index.match('user', [('mail', 'adele@contoso.com')]) is True
    assert index.match('user', [('mail', 'twin@contoso.com')]) is True
    assert index.match('user', [('mail', 'diego@contoso.com')]) is False
    assert index.match('user', [('msid', 'x')]) is None  # a key this listing does not have: unknown
    assert index.unprotected() == 1 and index.excluded_unprotected() == 1


def test_security_and_distribution_groups_are_never_unprotected():
    index = TenantIndex()
    for group_type in ('Office365', 'Security', 'Distribution', 'Throttled', None):
        index.add('group', listed('group', {'displayName': 'g', 'name': '%s@x.com' % group_type, 'type': group_type}),
                  False)
    index.seal()
    assert index.unprotected() == 3  # Office365, an unknown type and no type at all


def test_v8_sites_join_on_msid_only_when_the_listing_has_msids():
    index = TenantIndex()
    index.add('site', listed('site', {'title': 'Projects', 'url': 'https://x/sites/p', 'msid': 'NEW'}), False)
    index.seal()
    # A backup of an older site at the same URL (another msid) does not cover the new one.
    assert index.match('site', join_keys('site', None, 'https://x/sites/p', None, 'old')) is False
    assert index.match('site', join_keys('site', None, 'https://x/sites/p', None, None)) is True


def test_usage_names_its_repository_on_every_version():
    repo = 'ce19de31-329d-4f0f-b85e-4424cc2e6821'
    assert _repository_of({'repositoryId': repo.upper()}) == repo
    assert _repository_of({'_links': {'backupRepository': {'href': '/v6/BackupRepositories/%s' % repo}}}) == repo
    assert _repository_of({'_links': {'backupRepository': {'href': 'nonsense'}}}) is None
    assert _repository_of(None) is None and _repository_of({'_links': 'x'}) is None


def test_a_listing_keeps_the_set_of_its_first_page(requests_mock):
    base = 'https://vb365.example.com:4443'
    requests_mock.post(base + '/v8/token', json={'access_token': 'tok-123456', 'expires_in': 3600})
    pages = [dict(offset=0, limit=2, setId='set-1', results=[{'id': 'a'}, {'id': 'b'}]),
             dict(offset=2, limit=2, setId='set-2', results=[{'id': 'c'}])]
    seen = []

    def answer(request, context):
        seen.append(request.qs)
        return pages[len(seen) - 1]
    requests_mock.get(base + '/v8/Organizations/o/Users', json=answer)
    client = Vb365Client(connection_defaults(server='vb365.example.com', username='u', password='p', api_version='v8'))
    items = list(iter_listing(client, 'Organizations/o/Users', {'dataSource': 'Production'}))
    assert [item['id'] for item in items] == ['a', 'b', 'c']
    assert 'setid' not in seen[0] and seen[1]['setid'] == ['set-1'] and seen[1]['datasource'] == ['production']


def test_an_organization_whose_id_is_not_text_has_no_id():
    from ansible_collections.vb365.backup.plugins.module_utils._organizations import normalize_organization

    organization = normalize_organization({'id': 7, 'name': 'contoso.onmicrosoft.com', 'isBackedup': 'true'})
    assert (organization['id'], organization['name'], organization['is_backed_up']) == (
        None, 'contoso.onmicrosoft.com', None)
