# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A small VB365 server in memory for requests-mock: organizations, repositories, backed-up data and the organizations'
listings, in each API version's shape, paged by offset and limit, with setId on the listings.

Backup times are given as ages in seconds (None: never) and rendered from the wall clock, as the modules judge them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import uuid
from urllib.parse import parse_qs, urlparse

BASE = 'https://vb365.example.com:4443'
PASSWORD = 'S3cret-Passw0rd!'
ZERO = '00000000-0000-0000-0000-000000000000'
NAMESPACE = uuid.UUID('6f1b3b9e-2c1a-4a55-9d38-7b8f0c1d2e3f')
KIND_PATHS = {'user': ('UserData', 'Users'), 'group': ('GroupData', 'Groups'), 'site': ('SiteData', 'Sites'),
              'team': ('TeamData', 'Teams')}


def guid(*parts):
    return str(uuid.uuid5(NAMESPACE, '/'.join(str(p) for p in parts)))


def iso(age, now=None):
    """A backup time ``age`` seconds ago, with 7 fractional digits and Z, as VB365 writes it."""
    if age is None:
        return None
    moment = (now or datetime.datetime.now(datetime.timezone.utc)) - datetime.timedelta(seconds=age)
    return moment.strftime('%Y-%m-%dT%H:%M:%S.%f') + '1Z'


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password=PASSWORD)
    values.update(overrides)
    return values


class Obj(object):
    """One user, group, site or team: what its organization lists, and its backups per repository."""

    def __init__(self, kind, tenant, name, address, backups=None, listed=True, deleted=False, group_type='Office365',
                 archive=False, onedrive=False, personal=False, group_site=True):
        self.kind = kind
        self.tenant = tenant
        self.name = name
        self.address = address
        self.backups = backups or {}        # repository id -> tuple of ages (per workload) or one age
        self.listed = listed
        self.deleted = deleted
        self.group_type = group_type
        self.archive = archive
        self.onedrive = onedrive
        self.personal = personal
        self.group_site = group_site
        self.msid = guid(tenant.name, kind, address.lower())

    def backup_id(self):
        return '%s:%s:%s%s:%s' % (self.tenant.name, self.tenant.msid, ZERO, self.msid, ZERO)


class Tenant(object):
    def __init__(self, name, removed=False, usage_available=True):
        self.name = name
        self.id = guid('tenant', name)
        self.msid = guid('tenant-msid', name)
        self.removed = removed
        self.objects = []
        self.usage_available = usage_available

    def composite(self):
        return '%s:%s:%s' % (self.name, self.msid, ZERO)

    def add(self, kind, name, address, **options):
        obj = Obj(kind, self, name, address, **options)
        self.objects.append(obj)
        return obj


class FakeVb365(object):
    def __init__(self, version):
        self.version = version
        self.number = int(version[1:])
        self.tenants = []
        self.repositories = []            # (id, name)
        self.sets = {}
        self.calls = []
        self.overrides = {}               # path regex -> callable(request, context) or dict(status=..., json=...)
        self.now = datetime.datetime.now(datetime.timezone.utc)

    def tenant(self, name, **options):
        tenant = Tenant(name, **options)
        self.tenants.append(tenant)
        return tenant

    def repository(self, name):
        repository_id = guid('repository', name)
        self.repositories.append((repository_id, name))
        return repository_id

    # -- shapes
    def _page(self, items, query, set_id=None):
        offset = int(query.get('offset', ['0'])[0])
        limit = min(int(query.get('limit', ['30'])[0]), 10000)
        page = dict(offset=offset, limit=limit, results=items[offset:offset + limit])
        if self.number >= 6:
            page['setId'] = set_id or guid('set', offset)
        if self.number <= 7:
            page['totalCount'] = len(items)
        return page

    def _listing(self, items, query):
        return items if self.number <= 7 else self._page(items, query)

    def _times(self, obj, repository_id):
        ages = obj.backups[repository_id]
        if not isinstance(ages, tuple):
            ages = (ages,)
        return [iso(age, self.now) for age in ages]

    def _data_item(self, obj, repository_id):
        out = {}
        if self.number == 7:
            out['isDeleted'] = obj.deleted
        if self.number >= 7:
            out.update(itemType=obj.kind.title(), repositoryId=repository_id)
        times = self._times(obj, repository_id)
        if obj.kind == 'user':
            names = ('mailboxBackedUpTime', 'archiveBackedUpTime', 'oneDriveBackedUpTime', 'personalSiteBackedUpTime')
            times = (times + [None] * 4)[:4]
            self._put_times(out, names, times)
            out.update(isMailboxBackedUp=times[0] is not None, isOneDriveBackedUp=times[2] is not None,
                       isArchiveBackedUp=times[1] is not None, isPersonalSiteBackedUp=times[3] is not None,
                       accountType='User', archiveName=('Archive - %s' % obj.name) if obj.archive else '',
                       id=obj.backup_id(), accountId='%s:%s' % (obj.msid, ZERO), displayName=obj.name,
                       email=obj.address,
                       oneDriveUrl=['https://x-my.sharepoint.com/personal/%s/Documents' % obj.msid] if obj.onedrive else [],
                       personalSiteUrl=['https://x-my.sharepoint.com/personal/%s' % obj.msid] if obj.personal else [])
        elif obj.kind == 'group':
            times = (times + [None] * 2)[:2]
            out.update(isMailboxBackedUp=times[0] is not None, isSiteBackedUp=times[1] is not None)
            self._put_times(out, ('mailboxBackedUpTime', 'siteBackedUpTime'), times)
            out.update(id=obj.backup_id(), displayName=obj.name, email=obj.address,
                       groupSiteUrl=['https://x.sharepoint.com/sites/%s' % obj.msid] if obj.group_site else [])
        elif obj.kind == 'site':
            out.update(id='%s:%s:%s:%s' % (obj.tenant.name, obj.tenant.msid, obj.msid, ZERO), title=obj.name,
                       url=obj.address)
            self._put_times(out, ('backedUpTime',), times[:1])
        else:
            out.update(id='%s:%s:%s' % (obj.tenant.name, obj.tenant.msid, obj.msid), displayName=obj.name)
            self._put_times(out, ('backedUpTime',), times[:1])
        if self.number >= 7:
            out['organizationId'] = None if obj.tenant.removed else obj.tenant.id
            out['backedUpOrganizationId'] = obj.tenant.composite()
        else:
            out['organizationId'] = obj.tenant.composite()
        if self.number >= 8 and obj.kind in ('site', 'team'):
            out['msid'] = obj.msid
        if self.number == 6:
            out.update(itemType=obj.kind.title(), repositoryId=repository_id)
        return out

    def _put_times(self, out, names, times):
        for name, value in zip(names, times):
            if value is not None or self.number >= 7:
                out[name] = value

    def _listed_item(self, obj):
        out = {'id': guid('listed', obj.kind, obj.address)}
        if obj.kind == 'user':
            out.update(displayName=obj.name, name=obj.address, type='User')
        elif obj.kind == 'group':
            out.update(displayName=obj.name, name=obj.address, type=obj.group_type)
        elif obj.kind == 'site':
            out.update(url=obj.address, title=obj.name, isPersonal=False)
        else:
            out.update(displayName=obj.name, mail=obj.address)
        if self.number >= 8:
            out['msid'] = obj.msid
        return out

    def _organization(self, tenant):
        out = dict(type='Office365', id=tenant.id, name=tenant.name, officeName=tenant.name.split('.')[0])
        if self.number >= 8:
            out.update(msid=tenant.msid, backedUpOrganizationId=tenant.composite())
        return out

    def _usage(self, tenant):
        items = []
        for repository_id, dummy in self.repositories:
            if any(repository_id in obj.backups for obj in tenant.objects):
                item = dict(usedSpaceBytes=1000, isAvailable=tenant.usage_available)
                if not tenant.usage_available:
                    item['details'] = 'The backup proxy server proxy01 is offline.'
                if self.number >= 8:
                    item['repositoryId'] = repository_id
                item['_links'] = {'backupRepository': {'href': '/%s/BackupRepositories/%s' % (self.version, repository_id)}}
                items.append(item)
        return items

    # -- serving
    def serve(self, requests_mock):
        requests_mock.post('%s/%s/token' % (BASE, self.version), json={'access_token': 'tok-1234567890', 'expires_in': 3600})
        requests_mock.get(re.compile(re.escape('%s/%s/' % (BASE, self.version)) + '.*'), json=self._answer)
        return self

    def _answer(self, request, context):
        path = urlparse(request.url).path[len('/%s/' % self.version):]
        query = parse_qs(urlparse(request.url).query)
        self.calls.append((path, dict((k, v[0]) for k, v in query.items())))
        for pattern, override in self.overrides.items():
            if re.search(pattern, path, re.IGNORECASE):
                result = override(request, context, path, query) if callable(override) else override
                if result is not NotImplemented:
                    return result
        return self.default(path, query, context)

    def default(self, path, query, context):
        """The answer without overrides (an override may change it)."""
        lower = path.lower()
        if lower == 'jobs':
            return [dict(id=guid('job', repository_id), name='Job %s' % name,
                         _links={'backupRepository': {'href': '%s/v5/backuprepositories/%s' % (BASE, repository_id)}})
                    for repository_id, name in self.repositories]
        if lower == 'organizations' and self.number >= 6:
            return self._listing([self._organization(t) for t in self.tenants if not t.removed], query)
        if lower == 'backuprepositories' and self.number >= 6:
            return self._listing([dict(id=i, name=n) for i, n in self.repositories], query)
        match = re.match(r'^organizations/([^/]+)/(\w+)$', path, re.IGNORECASE)
        if match and self.number >= 6:
            tenant = next((t for t in self.tenants if t.id == match.group(1) and not t.removed), None)
            if tenant is None:
                context.status_code = 404
                return {'message': 'Organization not found.'}
            what = match.group(2).lower()
            if what == 'usedrepositories':
                return self._page(self._usage(tenant), query)
            kind = next(k for k, (dummy, listing) in KIND_PATHS.items() if listing.lower() == what)
            items = [self._listed_item(o) for o in tenant.objects if o.kind == kind and o.listed]
            return self._page(items, query, set_id=query.get('setId', [None])[0] or guid('set', path))
        match = re.match(r'^backuprepositories/([^/]+)/(\w+)$', path, re.IGNORECASE)
        if match:
            kind = next(k for k, (data, dummy) in KIND_PATHS.items() if data.lower() == match.group(2).lower())
            items = [self._data_item(o, match.group(1)) for t in self.tenants for o in t.objects
                     if o.kind == kind and match.group(1) in o.backups]
            return self._page(items, query)
        context.status_code = 404
        return {'message': "No HTTP resource was found that matches the request URI '/%s/%s'." % (self.version, path)}

    def requested(self, fragment):
        """The calls whose path contains ``fragment`` (any letter case)."""
        return [(path, query) for path, query in self.calls if fragment.lower() in path.lower()]


def contoso(version):
    """A server like the simulator's seed, in small: the cases the modules must tell apart."""
    server = FakeVb365(version)
    local = server.repository('Contoso - Local')
    retired = server.repository('Contoso - Retired')
    fabrikam_repo = server.repository('Fabrikam - Local')
    contoso = server.tenant('contoso.onmicrosoft.com')
    # Adele: in two repositories, the newest (local) counts.
    contoso.add('user', 'Adele Vance', 'adele.vance@contoso.onmicrosoft.com', archive=True, onedrive=True,
                backups={retired: (3888000, 3888000, 3888000), local: (7200, 7200, 172800)})
    contoso.add('user', 'Alex Wilber', 'alex.wilber@contoso.onmicrosoft.com', backups={local: (7300,)})
    # Lynne: a OneDrive named in the backup, never backed up.
    contoso.add('user', 'Lynne Robbins', 'lynne.robbins@contoso.onmicrosoft.com', onedrive=True,
                backups={local: (7400, None, None)})
    # Diego: deleted in Microsoft 365 (v7 says so; the listing no longer has him); 12 days old.
    contoso.add('user', 'Diego Siciliani', 'diego.siciliani@contoso.onmicrosoft.com', listed=False, deleted=True,
                backups={local: (1036800,)})
    # Pradeep: in the organization, in no backup.
    contoso.add('user', 'Pradeep Gupta', 'pradeep.gupta@contoso.onmicrosoft.com')
    contoso.add('group', 'Sales', 'sales@contoso.onmicrosoft.com', backups={local: (7220, 86040)})
    # A security group: nothing to back up, never unprotected.
    contoso.add('group', 'Finance Security', 'finance-security@contoso.onmicrosoft.com', group_type='Security',
                group_site=False)
    contoso.add('site', 'Finance', 'https://contoso.sharepoint.com/sites/finance', backups={local: 86000})
    # Projects: in the backed-up data with no backup time.
    contoso.add('site', 'Projects', 'https://contoso.sharepoint.com/sites/projects', backups={local: None})
    contoso.add('team', 'Retail', 'retail@contoso.onmicrosoft.com', backups={local: 90000})
    contoso.add('team', 'Leadership Team', 'leadership@contoso.onmicrosoft.com')
    fabrikam = server.tenant('fabrikam.onmicrosoft.com')
    fabrikam.add('user', 'Chloé Dubois', 'chloe.dubois@fabrikam.onmicrosoft.com', backups={fabrikam_repo: (93600,)})
    fabrikam.add('site', 'Qualitätsmanagement', 'https://fabrikam.sharepoint.com/sites/QM', backups={fabrikam_repo: 95000})
    adatum = server.tenant('adatum.onmicrosoft.com', removed=True)
    adatum.add('user', 'Allan Deyoung', 'allan.deyoung@adatum.onmicrosoft.com', backups={retired: (1728000,)})
    return server
