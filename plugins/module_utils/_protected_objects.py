# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Reading what is backed up, object by object, and what the organizations have: the reads of protected_object_info
and protection_check, joined, for ``_protection.Report`` to judge.

What is read, in order, within ``read_timeout`` (one deadline for every request and retry):

1. the organizations (v6+; ``select_organizations``), the repositories, and each organization's
   ``usedRepositories``: which repositories to read (only those of the selected organizations), which are
   unavailable (not read, said so), and whether an organization's objects may be in several repositories;
2. with ``include_unprotected``: each organization's listing of users, groups, sites and teams (``setId`` kept
   across its pages; ``dataSource`` on v7+), kept as a compact index (a 64-bit fingerprint of each join key, a
   slot and a flag byte per object: no names);
3. ``BackupRepositories/{id}/UserData|GroupData|SiteData|TeamData``, pages of 10,000, side by side (at most
   ``max_concurrency`` listings at once), each page judged and let go before the next;
4. for organizations with unprotected objects, their listings again, to name the first of them.

Memory holds the counts, the listed objects (at most ``limit``), the indexes of step 2, and for organizations
whose data is in several repositories (per their ``usedRepositories``; every organization on API v5, and removed
ones) a small record per object until each is counted once.

Join keys (backed-up ids and the organizations' ids differ): users and groups by e-mail (the listing's ``name``),
sites by their Microsoft id (``msid``, v8) or URL, teams by ``msid`` (v8) or display name (v6/v7: the backed-up
data names a team by nothing else). Letter case is ignored.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import bisect
import hashlib
import re
import threading
from array import array

from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365ApiError,
    Vb365AuthError,
    Vb365ConnectionError,
    Vb365Error,
    Vb365InputError,
    Vb365ResponseError,
)
from ansible_collections.vb365.backup.plugins.module_utils import _paging
from ansible_collections.vb365.backup.plugins.module_utils._fanout import fan_out
from ansible_collections.vb365.backup.plugins.module_utils._organizations import (
    NO_ORGANIZATIONS_ON_V5,
    list_organizations,
    select_organizations,
)
from ansible_collections.vb365.backup.plugins.module_utils._protection import Tenant
from ansible_collections.vb365.backup.plugins.module_utils._time import FUTURE_TOLERANCE, parse_timestamp

DATA_PATHS = {'user': 'UserData', 'group': 'GroupData', 'site': 'SiteData', 'team': 'TeamData'}
LISTING_PATHS = {'user': 'Users', 'group': 'Groups', 'site': 'Sites', 'team': 'Teams'}
# Per kind, each workload's API keys: (backup time, "is backed up" flag, what names it in the backup; True: always).
API_WORKLOADS = {
    'user': (('mailboxBackedUpTime', 'isMailboxBackedUp', None),
             ('archiveBackedUpTime', 'isArchiveBackedUp', 'archiveName'),
             ('oneDriveBackedUpTime', 'isOneDriveBackedUp', 'oneDriveUrl'),
             ('personalSiteBackedUpTime', 'isPersonalSiteBackedUp', 'personalSiteUrl')),
    'group': (('mailboxBackedUpTime', 'isMailboxBackedUp', None),
              ('siteBackedUpTime', 'isSiteBackedUp', 'groupSiteUrl')),
    'site': (('backedUpTime', None, True),),
    'team': (('backedUpTime', None, True),),
}
# Groups that hold nothing VB365 backs up (no mailbox, no site): never counted as unprotected. Unknown types are.
UNPROTECTABLE_GROUP_TYPES = frozenset(('security', 'distribution', 'dynamicdistribution', 'mailenabledsecurity'))
NO_LISTINGS_ON_V5 = ("API v5 cannot list an organization's users, groups, sites and teams (the Organizations "
                     "endpoint exists from API v6)")
GUID_RE = re.compile(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')
SECONDS_RE = re.compile(r'^[0-5][0-9](?:\.[0-9]{1,9})?\Z')
# Entries judged under the lock at a time: long enough to make the lock cheap, short enough to keep memory flat.
BATCH = 1000


# ---- timestamps ---------------------------------------------------------------------------------

class Timestamps:
    """POSIX seconds of the API's timestamps, fast for the usual form (7 fractional digits and Z).

    A time that cannot be read, or further than a day in the future, is None (and counted): the workload then
    counts as backed up at a time the server did not give.
    """

    def __init__(self, now):
        self.now = now
        self.unreadable = 0
        self._minutes = {}
        self._lock = threading.Lock()  # listings are parsed on several threads

    def seconds(self, text):
        value = None
        if len(text) >= 20 and text[10] in 'Tt' and text[16] == ':' and text[-1] in 'Zz' and SECONDS_RE.match(text[17:-1]):
            minute = self._minutes.get(text[:16], False)
            if minute is False:
                if len(self._minutes) > 4096:
                    self._minutes.clear()
                parsed = parse_timestamp(text[:16] + 'Z')
                minute = self._minutes[text[:16]] = parsed.timestamp() if parsed is not None else None
            if minute is not None:
                value = minute + float(text[17:-1])
        else:
            parsed = parse_timestamp(text)
            value = parsed.timestamp() if parsed is not None else None
        if value is None or value > self.now + FUTURE_TOLERANCE:
            with self._lock:
                self.unreadable += 1
            return None
        return value


# ---- what one backed-up entry says ------------------------------------------------------------------

def _text(value):
    return value if isinstance(value, str) and value.strip() else None


def _lower(value):
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def fingerprint(kind, what, value):
    """A 64-bit number for a join key: what the indexes keep instead of the text."""
    data = ('%s\0%s\0%s' % (kind, what, value)).encode('utf-8', 'surrogatepass')
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), 'big')


def join_keys(kind, email, url, name, msid):
    """The keys an object can be joined on, most reliable first: [(what, value)]."""
    keys = []
    msid = _lower(msid)
    if msid and kind in ('site', 'team'):
        keys.append(('msid', msid))
    if kind in ('user', 'group'):
        value = _lower(email)
        if value:
            keys.append(('mail', value))
    elif kind == 'site':
        value = _lower(url)
        if value:
            keys.append(('url', value.rstrip('/')))
    else:
        value = _lower(name)
        if value:
            keys.append(('name', value))
    return keys


class Entry:
    """One object's backed-up data in one repository, as the report needs it.

    ``workloads``: per workload of its kind, ``(listed, backed_up, seconds, text)``. Its join keys and its identity
    (what makes the same object in two repositories one) are made only when asked: most entries need neither.
    """

    __slots__ = ('kind', 'repository_id', 'id', 'name', 'email', 'url', 'msid', 'deleted', 'organization_id',
                 'backed_up_id', 'workloads', '_keys', 'in_organization')

    def newest(self):
        times = [w[2] for w in self.workloads if w[2] is not None]
        return max(times) if times else None

    def newest_workload(self):
        """The workload (listed, backed_up, seconds, text) with the newest backup time, or None."""
        return max((w for w in self.workloads if w[2] is not None), key=lambda w: w[2], default=None)

    def keys(self):
        if self._keys is None:
            self._keys = join_keys(self.kind, self.email, self.url, self.name, self.msid)
        return self._keys

    def identity(self):
        """A fingerprint of its backed-up id (the same in every repository), else of its first join key; or None."""
        if self.id:
            return fingerprint(self.kind, 'id', self.id.strip().lower())
        keys = self.keys()
        return fingerprint(self.kind, keys[0][0], keys[0][1]) if keys else None


def _time_text(value):
    """A backup time's text, or None; the year 1 (.NET's DateTime.MinValue) is the server's "not set", not a time."""
    return value if value.__class__ is str and value and not value.startswith('0001-') else None


def parse_entry(raw, kind, repository_id, timestamps, request):
    """An ``Entry`` from one RESTBackupUserData / GroupData / SiteData / TeamData object of any version."""
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Failed to read %s: expected an object for each backed-up %s, got %s.'
                                 % (request, kind, type(raw).__name__), request=request)
    get = raw.get
    entry = Entry()
    entry.kind = kind
    entry.repository_id = repository_id
    entry.id = _text(get('id'))
    entry.name = _text(get('title' if kind == 'site' else 'displayName'))
    entry.email = _text(get('email')) if kind in ('user', 'group') else None
    entry.url = _text(get('url')) if kind == 'site' else None
    entry.msid = _text(get('msid')) if kind in ('site', 'team') else None
    deleted = get('isDeleted')
    entry.deleted = deleted if deleted.__class__ is bool else None
    organization = _text(get('organizationId'))
    backed_up = _text(get('backedUpOrganizationId'))
    if organization and not GUID_RE.fullmatch(organization.strip()):
        # v5/v6: organizationId is the organization's id inside backups ("contoso.onmicrosoft.com:<msid>:<guid>").
        organization, backed_up = None, backed_up or organization
    if not organization:
        # Its link to the organization, where the server gives one (v5/v6 examples do).
        organization = linked_id(get('_links'), 'organization')
    entry.organization_id = organization.strip().lower() if organization else None
    entry.backed_up_id = backed_up
    workloads = []
    for time_key, flag_key, named_by in API_WORKLOADS[kind]:
        text = _time_text(get(time_key))
        seconds = timestamps.seconds(text) if text else None
        backed_up_workload = text is not None or (flag_key is not None and get(flag_key) is True)
        if named_by is True or backed_up_workload:
            listed = True
        elif named_by is None:
            listed = False
        else:
            named = get(named_by)
            listed = bool(_text(named) or (named.__class__ is list and any(_text(url) for url in named)))
        workloads.append((listed, backed_up_workload, seconds, text if seconds is not None else None))
    entry.workloads = tuple(workloads)
    entry._keys = None
    entry.in_organization = None
    return entry


# ---- what the organization has --------------------------------------------------------------------

class ListingObject:
    """A user, group, site or team of an organization's own listing."""

    __slots__ = ('id', 'name', 'email', 'url', 'keys', 'protectable')


def listing_object(kind, raw, request):
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Failed to read %s: expected an object for each %s, got %s.'
                                 % (request, kind, type(raw).__name__), request=request)
    item = ListingObject()
    item.id = _text(raw.get('id'))
    item.name = _text(raw.get('title' if kind == 'site' else 'displayName')) or (
        _text(raw.get('name')) if kind == 'site' else None)
    item.email = _text(raw.get('name')) if kind in ('user', 'group') else (_text(raw.get('mail')) if kind == 'team' else None)
    item.url = _text(raw.get('url')) if kind == 'site' else None
    item.keys = join_keys(kind, item.email, item.url, item.name, raw.get('msid'))
    group_type = _lower(raw.get('type')) if kind == 'group' else None
    item.protectable = group_type not in UNPROTECTABLE_GROUP_TYPES
    return item


class TenantIndex:
    """One organization's listing of one kind, as fingerprints: which of its objects some backup holds.

    Per object a slot and a flag byte; per join key an 8-byte fingerprint and a 4-byte slot, sorted for lookups.
    """

    SEEN, EXCLUDED, UNPROTECTABLE, LISTED = 1, 2, 4, 8

    def __init__(self):
        self._fps = array('Q')
        self._slots = array('I')
        self.flags = bytearray()
        self.key_kinds = set()
        self.keyless = 0

    def add(self, kind, item, excluded):
        if not item.keys:
            self.keyless += 1
            return
        slot = len(self.flags)
        self.flags.append((0 if item.protectable else self.UNPROTECTABLE) | (self.EXCLUDED if excluded else 0))
        for what, value in item.keys:
            self.key_kinds.add(what)
            self._fps.append(fingerprint(kind, what, value))
            self._slots.append(slot)

    def seal(self):
        order = sorted(range(len(self._fps)), key=self._fps.__getitem__)
        self._fps = array('Q', (self._fps[i] for i in order))
        self._slots = array('I', (self._slots[i] for i in order))

    def slots(self, kind, keys):
        """The slots of the listed objects that share the first key this listing has (duplicates: all of them)."""
        for what, value in keys:
            if what not in self.key_kinds:
                continue
            fp = fingerprint(kind, what, value)
            found = []
            position = bisect.bisect_left(self._fps, fp)
            while position < len(self._fps) and self._fps[position] == fp:
                found.append(self._slots[position])
                position += 1
            return found
        return None

    def match(self, kind, keys):
        """Whether the organization lists an object with these keys (marking it seen); None when none applies."""
        found = self.slots(kind, keys)
        if found is None:
            return None
        for slot in found:
            self.flags[slot] |= self.SEEN
        return bool(found)

    def unprotected(self):
        return sum(1 for flag in self.flags if flag == 0)

    def excluded_unprotected(self):
        return sum(1 for flag in self.flags if flag & (self.SEEN | self.EXCLUDED | self.UNPROTECTABLE) == self.EXCLUDED)


def iter_listing(client, path, query):
    """Every item of an organization's listing: the first page's ``setId`` is sent with the next pages."""
    return _paging.iter_items(client, path, query, keep_set_id=True)


def linked_id(links, name):
    """The GUID at the end of ``_links.<name>.href`` (``/v6/Organizations/<id>``), or None."""
    link = links.get(name) if isinstance(links, dict) else None
    href = _text(link.get('href')) if isinstance(link, dict) else None
    match = GUID_RE.search(href.rstrip('/').rsplit('/', 1)[-1]) if href else None
    return match.group(0) if match else None


def _repository_of(usage):
    """The repository id a usedRepositories item names: v8 ``repositoryId``, else its link; None if neither."""
    if not isinstance(usage, dict):
        return None
    value = _text(usage.get('repositoryId'))
    if value is None:
        value = linked_id(usage.get('_links'), 'backupRepository')
    return value.lower() if value and GUID_RE.fullmatch(value) else None


def _can_be_skipped(error):
    """An answer that makes one repository or listing unreadable, not the whole read (a proxy offline, a 404...)."""
    return isinstance(error, Vb365ApiError) and not isinstance(error, Vb365AuthError)


# ---- the read ----------------------------------------------------------------------------------------

class Reader:
    """Reads, joins and feeds ``report`` (a ``_protection.Report``) for one task; ``run()`` returns the repositories."""

    def __init__(self, client, params, report, warn, include_unprotected, samples, prefix=''):
        self.client = client
        self.params = params
        self.report = report
        self.warn = warn
        self.include_unprotected = include_unprotected
        self.samples = samples
        self.prefix = prefix
        self.lock = threading.Lock()
        self.timestamps = Timestamps(report.rule.now)
        self.version = None
        self.selection = bool(params['organization_names'] or params['organization_ids'])
        self.names = set(name.strip().lower() for name in params['organization_names'] or ())
        self.by_id = {}
        self.by_name = {}
        self.by_msid = {}
        self.repositories = []          # [(id, name)] to read, in the server's order
        self.unavailable = {}           # repository id -> why the server says it cannot be read
        self.results = {}               # repository id -> {'entries': n, 'error': text}
        self.warnings = []
        self.kinds = list(params['object_types'])

    # -- one deadline for everything
    def run(self):
        deadline = self.client.clock.monotonic() + self.params['read_timeout']
        try:
            with self.client.time_limit(deadline):
                return self._run()
        except Vb365Error as e:
            if self.client.clock.monotonic() < deadline or isinstance(e, Vb365InputError):
                raise
            message = ('Stopped reading the protected objects after %sread_timeout (%d seconds): %s Raise '
                       '%sread_timeout, or read fewer organizations or repositories per task.')
            raise Vb365ConnectionError(message % (self.prefix, self.params['read_timeout'], e.msg, self.prefix),
                                       **e.details)

    def _fan(self, call, items):
        return fan_out(call, items, self.params['max_concurrency'])

    def _run(self):
        self.version = self.client.ensure_api_version()
        if self.version == 'v5':
            self._plan_v5()
        else:
            self._plan()
        self.report.kinds = self.kinds
        if self.include_unprotected:
            self._fan(self._read_listing, [(t, k) for t in self._selected() for k in self.kinds])
        self._fan(self._read_data, [(r, k) for r in self.repositories for k in self.kinds])
        self.report.finish_merged()
        pending = []
        for tenant in self._selected():
            for kind, index in tenant.indexes.items():
                unprotected = index.unprotected()
                self.report.add_unprotected_count(tenant, kind, unprotected, index.excluded_unprotected())
                if unprotected and (self.samples or self.report.list_mode != 'none'):
                    pending.append((tenant, kind))
        self._fan(self._list_unprotected, pending)
        self._warn()
        return [dict(id=repository_id, name=name, read=repository_id not in self.unavailable and
                     not self.results.get(repository_id, {}).get('error'),
                     error=self.unavailable.get(repository_id) or self.results.get(repository_id, {}).get('error'),
                     entries=self.results.get(repository_id, {}).get('entries', 0))
                for repository_id, name in self.repositories]

    def _selected(self):
        return [t for t in self.report.tenants.values() if t.organization_id and not t.removed]

    # -- 1. what to read
    def _plan(self):
        if self.selection:
            organizations = select_organizations(self.client, self.params['organization_names'],
                                                 self.params['organization_ids'], self.prefix)
        else:
            organizations = list_organizations(self.client)
        for organization in organizations:
            if not organization['id']:
                continue
            tenant = Tenant(organization['id'].lower(), organization['id'], organization['name'])
            self.report.add_tenant(tenant)
            self.by_id[tenant.key] = tenant
            if isinstance(tenant.name, str):
                self.by_name.setdefault(tenant.name.lower(), tenant)
            if organization.get('msid'):
                self.by_msid.setdefault(organization['msid'].lower(), tenant)
        known = []
        for raw in self.client.iter_items('BackupRepositories'):
            if isinstance(raw, dict) and _text(raw.get('id')):
                known.append((raw['id'].strip().lower(), _text(raw.get('name'))))
        usages = self._fan(self._usage, list(self.by_id.values()))
        wanted = set()
        everything = not self.selection
        for tenant, usage in zip(self.by_id.values(), usages):
            if usage is None:
                everything = True
                continue
            ids = set(repository_id for repository_id, available, details in usage)
            if None in ids:
                everything = True
                continue
            tenant.repository_ids = ids
            tenant.several_repositories = len(ids) > 1
            wanted |= ids
            for repository_id, available, details in usage:
                if available is False:
                    self.unavailable.setdefault(repository_id, 'the server says the repository is not available%s'
                                                % ((': %s' % details) if details else ''))
        names = dict(known)
        given = self.params['repository_ids']
        for repository_id in given:
            if repository_id not in names:
                raise Vb365InputError('No repository with id %s in %srepository_ids: the server has %d repositories.'
                                      % (repository_id, self.prefix, len(names)))
        self.repositories = [(i, n) for i, n in known if (everything or i in wanted) and (not given or i in given)]
        for repository_id in wanted - set(names):
            # A repository an organization uses that the repository listing does not show: read it all the same.
            if not given or repository_id in given:
                self.repositories.append((repository_id, None))
        for repository_id, dummy in self.repositories:
            if repository_id in self.unavailable:
                self._unreadable(repository_id, self.unavailable[repository_id])

    def _usage(self, tenant):
        path = 'Organizations/%s/usedRepositories' % tenant.organization_id
        try:
            return [(_repository_of(item), item.get('isAvailable') if isinstance(item, dict) else None,
                     _text(item.get('details')) if isinstance(item, dict) else None)
                    for item in self.client.iter_items(path)]
        except Vb365Error as e:
            if not _can_be_skipped(e):
                raise
            self.warnings.append("The repositories of organization '%s' could not be read, so every repository is "
                                 "read and each of its objects remembered to count it once: %s" % (tenant.name, e.msg))
            return None

    def _plan_v5(self):
        if self.params['organization_ids']:
            raise Vb365InputError('%sorganization_ids cannot select on API v5: %s. Select organizations by '
                                  '%sorganization_names.' % (self.prefix, NO_ORGANIZATIONS_ON_V5, self.prefix))
        if self.include_unprotected:
            raise Vb365InputError('Unprotected objects cannot be found on API v5: %s. Use API v6 or later, or leave '
                                  'them out (%s).' % (NO_LISTINGS_ON_V5, 'include_unprotected: false' if not self.prefix
                                                      else '%smax_unprotected: null' % self.prefix))
        others = [kind for kind in self.kinds if kind != 'user']
        if others:
            self.warnings.append('API v5 has backed-up data of users only (UserData): %s are not read. Use API v6 or '
                                 'later to prove them.' % ', '.join(kind + 's' for kind in others))
        self.kinds = [kind for kind in self.kinds if kind == 'user']
        given = self.params['repository_ids']
        if given:
            self.repositories = [(repository_id, None) for repository_id in given]
            return
        found = []
        for raw in self.client.iter_items('Jobs'):
            repository_id = linked_id(raw.get('_links') if isinstance(raw, dict) else None, 'backupRepository')
            if repository_id and repository_id.lower() not in found:
                found.append(repository_id.lower())
        if not found:
            raise Vb365InputError('API v5 cannot list backup repositories, and no job names one: give the ids of the '
                                  'repositories to read in %srepository_ids.' % self.prefix)
        self.repositories = [(repository_id, None) for repository_id in found]

    # -- 2. the organizations' own objects
    def _read_listing(self, item):
        tenant, kind = item
        path = 'Organizations/%s/%s' % (tenant.organization_id, LISTING_PATHS[kind])
        request = 'GET %s' % self.client.api_path(path)
        index = TenantIndex()
        try:
            for raw in iter_listing(self.client, path, self._listing_query()):
                listed = listing_object(kind, raw, request)
                index.add(kind, listed, self.report.excluded(listed.name, listed.email, listed.url))
        except Vb365Error as e:
            if not _can_be_skipped(e):
                raise
            with self.lock:
                self.report.unread(tenant, 'listing:' + kind, 'its %s listing could not be read: %s'
                                   % (LISTING_PATHS[kind], e.msg))
            return
        index.seal()
        with self.lock:
            tenant.indexes[kind] = index
            if index.keyless:
                self.warnings.append(
                    "%d %s of organization '%s' have no e-mail, URL or Microsoft id to find them in backups by: they "
                    "are not counted." % (index.keyless, LISTING_PATHS[kind].lower(), tenant.name))

    def _listing_query(self):
        if self.version in ('v7', 'v8'):
            return {'dataSource': self.params['data_source']}
        return {}

    # -- 3. the backed-up data
    def _read_data(self, item):
        (repository_id, name), kind = item
        if repository_id in self.unavailable:
            return
        path = 'BackupRepositories/%s/%s' % (repository_id, DATA_PATHS[kind])
        request = 'GET %s' % self.client.api_path(path)
        batch = []
        count = 0
        error = None
        try:
            for raw in self.client.iter_items(path):
                batch.append(parse_entry(raw, kind, repository_id, self.timestamps, request))
                count += 1
                if len(batch) >= BATCH:
                    self._judge(batch)
                    batch = []
        except Vb365Error as e:
            if not _can_be_skipped(e):
                raise
            error = e.msg
        self._judge(batch)
        with self.lock:
            result = self.results.setdefault(repository_id, dict(entries=0, error=None))
            result['entries'] += count
            if error and not result['error']:
                result['error'] = error
                self._unreadable(repository_id, error)

    def _unreadable(self, repository_id, error, tenants=None):
        """Mark the organizations whose data may be in ``repository_id`` as not completely read."""
        name = dict(self.repositories).get(repository_id)
        phrase = '%s could not be read: %s' % (("repository '%s' (%s)" % (name, repository_id)) if name
                                               else ('repository %s' % repository_id), error)
        for tenant in tenants or list(self.report.tenants.values()):
            if tenant.repository_ids is None or repository_id in tenant.repository_ids:
                self.report.unread(tenant, repository_id, phrase)

    def _judge(self, batch):
        if not batch:
            return
        with self.lock:
            for entry in batch:
                tenant = self._tenant_of(entry)
                if tenant is None:
                    continue
                if tenant.repository_ids is not None and entry.repository_id not in tenant.repository_ids \
                        and not tenant.several_repositories:
                    # usedRepositories did not name this repository: from now on remember its objects.
                    tenant.several_repositories = True
                    self.warnings.append("Organization '%s' has objects in repository %s, which its usedRepositories "
                                         "does not name: an object in both may be counted twice."
                                         % (tenant.name, entry.repository_id))
                index = tenant.indexes.get(entry.kind)
                if index is not None:
                    entry.in_organization = index.match(entry.kind, entry.keys())
                self.report.add(tenant, entry)

    def _tenant_of(self, entry):
        """The organization an entry belongs to: by its id, else by the Microsoft id or the name in the id the
        backups give it (``<name>:<msid>:<guid>``); else one only the backups know (removed, or any on API v5)."""
        tenant = self.by_id.get(entry.organization_id) if entry.organization_id else None
        if tenant is not None:
            return tenant
        composite = entry.backed_up_id
        parts = composite.split(':') if composite else []
        name = parts[0].strip().lower() if parts else None
        if not entry.organization_id and parts:
            tenant = (self.by_msid.get(parts[1].strip().lower()) if len(parts) > 1 else None) or self.by_name.get(name)
            if tenant is not None:
                return tenant
        if self.selection and (self.version != 'v5' or name not in self.names):
            return None
        key = 'backed-up:%s' % (composite.strip().lower() if composite else '')
        tenant = self.report.tenants.get(key)
        if tenant is None:
            tenant = self.report.add_tenant(Tenant(key, None, composite.split(':', 1)[0] if composite else None,
                                                   backed_up_id=composite, removed=self.version != 'v5'))
            for repository_id, dummy in self.repositories:
                error = self.unavailable.get(repository_id) or self.results.get(repository_id, {}).get('error')
                if error:
                    self._unreadable(repository_id, error, [tenant])
        return tenant

    # -- 4. name the unprotected objects
    def _list_unprotected(self, item):
        tenant, kind = item
        index = tenant.indexes[kind]
        path = 'Organizations/%s/%s' % (tenant.organization_id, LISTING_PATHS[kind])
        request = 'GET %s' % self.client.api_path(path)
        try:
            for raw in iter_listing(self.client, path, self._listing_query()):
                listed = listing_object(kind, raw, request)
                with self.lock:
                    slots = index.slots(kind, listed.keys) or []
                    if slots and all(index.flags[slot] == 0 for slot in slots):
                        for slot in slots:
                            index.flags[slot] |= index.LISTED
                        self.report.add_unprotected(tenant, kind, listed)
        except Vb365Error as e:
            if not _can_be_skipped(e):
                raise
            # The counts stand (step 2 read the listing whole); only the names of some objects are missing.
            with self.lock:
                self.warnings.append("The unprotected %s of organization '%s' are counted but not all listed: its %s "
                                     "listing could not be read again: %s"
                                     % (LISTING_PATHS[kind].lower(), tenant.name, LISTING_PATHS[kind], e.msg))

    def _warn(self):
        if self.timestamps.unreadable:
            self.warnings.append('%d backup times could not be read (not ISO 8601, or more than a day in the future): '
                                 'those workloads count as backed up at a time the server did not give.'
                                 % self.timestamps.unreadable)
        if self.include_unprotected and self.version == 'v6' and self.params['data_source'] != 'PreferLocal':
            self.warnings.append('API v6 lists the organizations from their cache only: data_source %s needs API v7 or '
                                 'later.' % self.params['data_source'])
        if self.selection and self.version == 'v5':
            found = set((t.name or '').lower() for t in self.report.tenants.values())
            missing = sorted(self.names - found)
            if missing:
                raise Vb365InputError('No organization named %s in %sorganization_names has backed-up data in the '
                                      'repositories read (%s, so names are matched against the backups).'
                                      % (', '.join(repr(n) for n in missing), self.prefix, NO_ORGANIZATIONS_ON_V5))
        for warning in self.warnings:
            self.warn(warning)
