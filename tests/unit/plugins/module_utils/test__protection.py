# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The protection rule and the report: what each object is, counted once, the listing bounded and in a fixed order,
and no per-object memory where none is needed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._protected_objects import Entry
from ansible_collections.vb365.backup.plugins.module_utils._protection import (
    Report,
    Rule,
    Tenant,
    compile_exclude,
    max_age_seconds,
)

NOW = 2000000000.0
HOUR = 3600
DAY = 86400


def rule(max_age='36h', workloads='newest'):
    return Rule(max_age, max_age_seconds(max_age, 'max_age'), workloads, NOW)


def w(age=None, listed=True, flagged=None):
    """A workload (listed, backed_up, seconds, text) backed up ``age`` seconds ago (None: never)."""
    backed_up = age is not None if flagged is None else flagged
    seconds = None if age is None else NOW - age
    return (listed or backed_up, backed_up, seconds, None if age is None else 'T-%d' % age)


def entry(name, workloads, kind='user', repository='r1', identity_id=None, deleted=None, in_organization=None):
    e = Entry()
    e.kind, e.repository_id, e.name, e.email, e.url, e.msid = kind, repository, name, name.lower() + '@x.com', None, None
    e.id = identity_id or 'id-' + name
    e.deleted, e.organization_id, e.backed_up_id = deleted, None, None
    e.workloads = tuple(workloads)
    e._keys = None
    e.in_organization = in_organization
    return e


def USER(mailbox=None, archive=None, onedrive=None, personal=None):  # pylint: disable=invalid-name
    """A user's four workloads, none named in the backup unless backed up."""
    return [w(mailbox, listed=False), w(archive, listed=False), w(onedrive, listed=False), w(personal, listed=False)]


# ---- the rule ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('workloads, status', [
    (USER(mailbox=2 * HOUR), 'protected'),
    (USER(mailbox=40 * HOUR), 'stale'),
    (USER(mailbox=40 * HOUR, onedrive=HOUR), 'protected'),           # the newest workload counts
    (USER(), 'never_backed_up'),
    ([w(None, listed=True), w(None, listed=False), w(None, listed=True), w(None, listed=False)], 'never_backed_up'),
    ([w(None, flagged=True), w(), w(), w()], 'stale'),               # backed up, at a time the server did not give
])
def test_the_newest_backup_rule(workloads, status):
    assert rule().judge('user', workloads)[0] == status


def test_the_reasons_say_why():
    assert rule().judge('user', USER(mailbox=40 * HOUR), explain=True) == (
        'stale', 'newest backup 1d 16h ago (2033-05-16T11:33:20Z), longer than max_age 36h')
    assert rule().judge('user', USER(mailbox=2 * HOUR), explain=True) == ('protected', 'newest backup 2h 0m ago')
    assert rule().judge('user', USER(mailbox=2 * HOUR)) == ('protected', None)  # words only when asked


@pytest.mark.parametrize('workloads, status, reason', [
    ([w(HOUR), w(HOUR), w(HOUR), w(None, listed=False)], 'protected', 'every workload backed up 1h 0m ago or less'),
    ([w(HOUR), w(None, listed=True), w(HOUR), w(None, listed=False)], 'never_backed_up', 'archive mailbox never backed up'),
    ([w(HOUR), w(40 * HOUR), w(50 * HOUR), w(None, listed=False)], 'stale',
     'archive mailbox, OneDrive backed up 2d 2h ago (2033-05-16T01:33:20Z), longer than max_age 36h'),
    ([w(HOUR), w(None, flagged=True), w(None, listed=False), w(None, listed=False)], 'stale',
     'archive mailbox backed up at a time the server did not give'),
])
def test_the_every_workload_rule(workloads, status, reason):
    assert rule(workloads='all').judge('user', workloads, explain=True) == (status, reason)


def test_without_an_age_rule_any_backup_counts():
    no_age = Rule(None, None, 'newest', NOW)
    assert no_age.judge('site', [w(400 * DAY)])[0] == 'protected' and no_age.cutoff is None
    assert 'at any time (no age rule)' in no_age.description()


@pytest.mark.parametrize('value, seconds', [('36h', 129600), (90, 90), ('31d', 2678400), (None, None), ('', None)])
def test_max_age_values(value, seconds):
    assert max_age_seconds(value, 'max_age') == seconds


def test_bad_max_age_and_exclude_name_the_option():
    with pytest.raises(Vb365InputError, match="Invalid protection_gate_max_age 'soon': give a number of seconds"):
        max_age_seconds('soon', 'protection_gate_max_age')
    with pytest.raises(Vb365InputError, match=r"Invalid exclude pattern '\[': "):
        compile_exclude(['['], 'exclude')
    for pattern in ('a{4294967296}', '(' * 2000 + ')' * 2000):
        with pytest.raises(Vb365InputError, match='too large or too deeply nested to compile'):
            compile_exclude([pattern], 'exclude')


# ---- the report --------------------------------------------------------------------------------------------------

def report(list_mode='problems', limit=100, workloads='newest', exclude=(), listings_read=False):
    return Report(rule(workloads=workloads), ['user', 'group', 'site', 'team'], compile_exclude(exclude, 'exclude'),
                  list_mode, limit, listings_read)


def tenant(name='contoso', several=False, removed=False):
    t = Tenant(name, 'org-' + name, name + '.onmicrosoft.com', removed=removed)
    t.several_repositories = several
    return t


def test_an_object_in_several_repositories_counts_once_by_its_newest_backup():
    r = report()
    t = r.add_tenant(tenant(several=True))
    r.add(t, entry('Adele', USER(mailbox=45 * DAY), repository='retired'))
    r.add(t, entry('Adele', USER(mailbox=2 * HOUR), repository='local'))
    r.add(t, entry('Adele', USER(mailbox=3 * HOUR), repository='archive'))
    r.add(t, entry('Old', USER(mailbox=45 * DAY), repository='retired'))
    r.add(t, entry('Old', USER(mailbox=40 * DAY), repository='local'))
    r.finish_merged()
    counts = r.summary(t)
    assert (counts['protected'], counts['stale'], counts['total']) == (1, 1, 2)
    assert counts['newest_backup'] == 'T-7200' and counts['oldest_backup'] == 'T-3456000'
    assert [(o['display_name'], o['repository_id'], o['last_backup']) for o in r.objects()] == [('Old', 'local', 'T-3456000')]


def test_once_protected_an_object_keeps_only_its_newest_time():
    r = report()
    t = r.add_tenant(tenant(several=True))
    r.add(t, entry('Adele', USER(mailbox=2 * HOUR)))
    assert list(r.merged.values()) == [(NOW - 2 * HOUR, 'T-7200', 0, None)]
    r.add(t, entry('Adele', USER(onedrive=HOUR), repository='r2'))
    assert list(r.merged.values()) == [(NOW - HOUR, 'T-3600', 2, None)]
    r.finish_merged()
    assert r.summary(t)['protected'] == 1 and r.summary(t)['newest_backup'] == 'T-3600'


ORDERS = [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]


@pytest.mark.parametrize('order', ORDERS)
def test_an_object_kept_short_judges_as_if_kept_whole_in_any_order(order):
    # A fresh backup in the organization's listing, a copy without a time that the listing does not show (renamed
    # since), and one without a time that it shows: protected whichever repository is read first.
    entries = [entry('Adele', USER(mailbox=2 * HOUR), repository='r1', in_organization=True),
               entry('Adele', [w(None, flagged=True), w(), w(), w()], repository='r2', in_organization=False),
               entry('Adele', [w(None, flagged=True), w(), w(), w()], repository='r3', in_organization=True)]
    r = report()
    t = r.add_tenant(tenant(several=True))
    for index in order:
        r.add(t, entries[index])
    r.finish_merged()
    summary = r.summary(t)
    assert (summary['protected'], summary['deleted'], summary['total']) == (1, 0, 1)
    assert summary['newest_backup'] == 'T-7200'


@pytest.mark.parametrize('order', ORDERS)
def test_deleted_in_one_repository_is_deleted_in_any_order(order):
    entries = [entry('Adele', USER(mailbox=2 * HOUR), repository='r1'),
               entry('Adele', USER(mailbox=HOUR), repository='r2', deleted=True),
               entry('Adele', USER(), repository='r3')]
    r = report()
    t = r.add_tenant(tenant(several=True))
    for index in order:
        r.add(t, entries[index])
    r.finish_merged()
    assert (r.summary(t)['deleted'], r.summary(t)['total']) == (1, 1)


def test_a_single_repository_organization_keeps_nothing_per_object():
    """Memory does not grow with the number of protected objects: counts, and at most `limit` listed objects."""
    r = report(list_mode='problems', limit=10)
    t = r.add_tenant(tenant())
    for n in range(50000):
        r.add(t, entry('user%05d' % n, USER(mailbox=None if n % 97 == 0 else HOUR)))
    r.finish_merged()
    assert r.merged == {} and len(r.listed) == 10 and len(t.samples) == 5
    assert r.summary(t)['protected'] == 50000 - 516 and r.summary(t)['never_backed_up'] == 516
    assert r.truncated() and r.eligible == 516


def test_the_listing_is_the_same_whatever_order_the_pages_came_in():
    def run(order):
        r = report(list_mode='all', limit=7)
        tenants = [r.add_tenant(tenant(name)) for name in ('zeta', 'alpha', 'mid')]
        entries = [(t, entry('%s-%d' % (t.key, n), USER(mailbox=(n * 11) * HOUR))) for t in tenants for n in range(9)]
        for index in order(len(entries)):
            r.add(*entries[index])
        r.finish_merged()
        return r.objects()
    forward = run(range)
    assert forward == run(lambda n: reversed(range(n)))
    shuffled = list(range(27))
    random.Random(5).shuffle(shuffled)
    assert forward == run(lambda n: shuffled)
    assert [o['organization_name'] for o in forward] == ['alpha.onmicrosoft.com'] * 7
    assert [o['status'] for o in forward][:5] == ['stale'] * 5


def test_deleted_objects_are_counted_apart_and_not_judged():
    r = report(listings_read=True)
    t = r.add_tenant(tenant())
    gone = r.add_tenant(tenant('adatum', removed=True))
    r.add(t, entry('Diego', USER(mailbox=12 * DAY), deleted=True))            # v7 isDeleted
    r.add(t, entry('Megan', USER(mailbox=12 * DAY), in_organization=False))   # not in the listing any more
    r.add(t, entry('Alex', USER(mailbox=HOUR), in_organization=True))
    r.add(gone, entry('Allan', USER(mailbox=20 * DAY)))                       # its organization was removed
    r.finish_merged()
    assert (r.summary(t)['deleted'], r.summary(t)['protected'], r.summary(t)['stale']) == (2, 1, 0)
    assert r.summary(gone)['deleted'] == 1 and r.summary(gone)['oldest_backup'] is None
    assert r.objects() == []  # deleted objects are no problem
    everything = report(list_mode='all', listings_read=True)
    t = everything.add_tenant(tenant())
    everything.add(t, entry('Megan', USER(mailbox=12 * DAY), in_organization=False))
    assert everything.objects()[0]['reason'] == "no longer in the organization's listing (deleted in Microsoft 365)"


def test_exclude_matches_name_e_mail_or_url_once_per_object():
    r = report(exclude=['^svc-', 'ROOM@'])
    t = r.add_tenant(tenant(several=True))
    r.add(t, entry('svc-backup', USER(mailbox=40 * DAY)))
    r.add(t, entry('svc-backup', USER(mailbox=40 * DAY), repository='r2'))
    r.add(t, entry('Room', USER()))
    r.add(t, entry('Anna', USER(mailbox=HOUR)))
    r.finish_merged()
    counts = r.summary(t)
    assert (counts['excluded'], counts['protected'], counts['total']) == (2, 1, 1)


def test_summary_per_type_and_totals():
    r = report()
    t = r.add_tenant(tenant())
    r.add(t, entry('Anna', USER(mailbox=HOUR)))
    r.add(t, entry('Site', [w(40 * HOUR)], kind='site'))
    r.add_unprotected_count(t, 'user', 2, 1)
    summary = r.summary(t)
    assert summary['types']['user'] == dict(protected=1, stale=0, never_backed_up=0, unprotected=2, deleted=0,
                                            excluded=1, total=3)
    assert summary['types']['site']['stale'] == 1 and summary['unprotected'] == 2 and summary['total'] == 4
    totals = r.totals([summary, summary])
    assert totals == dict(organizations=2, protected=2, stale=2, never_backed_up=0, unprotected=4, deleted=0,
                          excluded=2, total=8)
