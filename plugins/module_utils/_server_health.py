# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The server's own state, read and normalised per subset: service, health, licence, repositories, proxies, tenants.

``read_server`` is what ``vb365.backup.server_info`` returns and what the gates' preconditions
(``_preconditions``) judge: the subsets a version serves are read side by side (``_fanout``, at most
``max_concurrency`` requests at once), one request each (pages where the API pages; on API v7 one
SyncState request per organization, in a second round). The normalisers (``normalize_*``) are pure
functions of the API's objects and of ``now``; they build the dicts of ``_shapes`` (SERVICE, HEALTH,
LICENSE, REPOSITORY, PROXY, ORGANIZATION_SYNC) with the same keys on every version, null where a version
lacks a field.

Hostile values are typed and bounded, never a traceback: a count that is negative or beyond its API type
(int32 for licence units, int64 for bytes) is null; a date in the year 1 (.NET's "not set") gives no days,
one in the year 9999 (.NET's "never") the bound, 36500 days; a percentage outside 0 to 100 is null; a
missing object storage block leaves the space unknown.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365NotFoundError, Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._fanout import MAX_CONCURRENCY, fan_out
from ansible_collections.vb365.backup.plugins.module_utils._input import GUID_RE
from ansible_collections.vb365.backup.plugins.module_utils._organizations import list_organizations
from ansible_collections.vb365.backup.plugins.module_utils._session import flag, text, to_int
from ansible_collections.vb365.backup.plugins.module_utils._shapes import ORGANIZATION, ORGANIZATION_SYNC
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_timestamp, utc_now

# The subsets, in the order the module reads and returns them, and the first API version that serves each.
SUBSETS = ('service', 'health', 'license', 'repositories', 'proxies', 'organizations')
FIRST_VERSION = dict(service='v6', health='v8', license='v6', repositories='v6', proxies='v6', organizations='v6')
# What each subset's endpoint is, for messages about a version that lacks it.
ENDPOINTS = dict(service='/ServiceInstance', health='/Health', license='/License', repositories='/BackupRepositories',
                 proxies='/Proxies', organizations='/Organizations')
# The keys of read_server's answer besides gathered_subsets and unsupported_subsets: null when not gathered.
RESULT_KEYS = ('service', 'health', 'license', 'repositories', 'proxies', 'proxies_offline', 'organizations')

# A repository with less free space than this (percent) has the problem low_space, unless the caller says otherwise.
DEFAULT_LOW_SPACE_PERCENT = 10.0
# The problems a repository can have, in the order they are listed.
REPOSITORY_PROBLEMS = ('out_of_sync', 'out_of_order', 'outdated', 'low_space', 'space_unknown')

INT32_MAX = 2 ** 31 - 1
INT64_MAX = 2 ** 63 - 1
# A size limit in GB whose bytes still fit in int64.
MAX_SIZE_LIMIT_GB = INT64_MAX // 2 ** 30
# Days before or after now that the derived day counts stop at: 100 years.
DAYS_BOUND = 36500
SECONDS_PER_DAY = 86400
# A number in a string, as the API sends numbers when it sends them as text.
NUMBER_TEXT_RE = re.compile(r'^\s*[-+]?(\d{1,20}(\.\d{0,20})?|\.\d{1,20})\s*\Z')
SYNC_FAILED = 'the last synchronisation failed'


# ---- which subsets -------------------------------------------------------------------------------

def api_number(version):
    """5 for 'v5' ... 8 for 'v8'."""
    return int(str(version).lstrip('vV'))


def is_served(subset, version):
    """Whether API ``version`` serves ``subset``."""
    return api_number(version) >= api_number(FIRST_VERSION[subset])


def resolve_subsets(asked):
    """The subsets ``asked`` names (``all`` is every one), in the order of SUBSETS."""
    asked = set(asked or ('all',))
    return [subset for subset in SUBSETS if 'all' in asked or subset in asked]


def not_served(subset, version):
    """Why ``version`` has no ``subset``: one phrase for messages."""
    return 'API %s has no %s endpoint (it exists from API %s)' % (version, ENDPOINTS[subset], FIRST_VERSION[subset])


# ---- typed and bounded values ------------------------------------------------------------------------

def count(value, high=INT64_MAX):
    """A whole number from 0 to ``high`` (numeric strings too); null for anything else, negative or beyond."""
    number = to_int(value)
    return number if number is not None and 0 <= number <= high else None


def percent(value):
    """A percentage from 0 to 100 as a float (numeric strings too); null for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and NUMBER_TEXT_RE.match(value):
        value = float(value)
    if isinstance(value, (int, float)):
        value = float(value)
        if math.isfinite(value) and 0.0 <= value <= 100.0:
            return value
    return None


def days_until(value, now):
    """Whole days from ``now`` until the timestamp ``value``, rounded down, within +-DAYS_BOUND.

    None when there is no readable date or the date is in the year 1 (.NET's DateTime.MinValue, "not set");
    a date in the year 9999 (DateTime.MaxValue, "never") is DAYS_BOUND.
    """
    moment = parse_timestamp(value)  # None in the year 1 too: .NET's "not set"
    if moment is None:
        return None
    if moment.year >= 9999:
        return DAYS_BOUND
    days = int(math.floor((moment - now).total_seconds() / SECONDS_PER_DAY))
    return max(-DAYS_BOUND, min(DAYS_BOUND, days))


# ---- the normalisers ---------------------------------------------------------------------------------

def _object(raw, what):
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Expected %s object, got %s.' % (what, type(raw).__name__))
    return raw


def normalize_service(raw):
    """_shapes.SERVICE from a RESTServiceInstance."""
    raw = _object(raw, 'a service instance')
    return dict(version=text(raw.get('version')), installation_id=text(raw.get('installationId')))


def normalize_health(status_code, body):
    """_shapes.HEALTH from the answer of GET /v8/Health: a report (200, or 503 with a report), or a 503's error body."""
    body = _object(body, 'a health report')
    failed = status_code >= 400
    if 'status' in body or 'entries' in body:
        status = text(body.get('status'))
        entries = body.get('entries')
        entries = [dict(name=str(name), status=text(entry.get('status') if isinstance(entry, dict) else None),
                        description=text(entry.get('description') if isinstance(entry, dict) else None))
                   for name, entry in (entries.items() if isinstance(entries, dict) else ())]
        error = text(body.get('message')) if failed else None
        if failed and status is None:
            status = 'Unhealthy'
    else:
        # A 503 in the v8 error format (RESTExceptionInfo): the service says it is unhealthy, not why in entries.
        status, entries = 'Unhealthy', []
        error = text(body.get('message')) or 'HTTP %d without a health report' % status_code
    return dict(status=status, is_healthy=status == 'Healthy' and not failed, entries=entries, error=error)


def normalize_license(raw, now):
    """_shapes.LICENSE from a RESTLicense of any version, with the derived days and flags as of ``now``."""
    raw = _object(raw, 'a licence')
    expiration = text(raw.get('licenseExpires')) or text(raw.get('expirationDate'))
    grace = text(raw.get('gracePeriodExpires'))
    license_ = dict(
        status=text(raw.get('status')), type=text(raw.get('type')), package=text(raw.get('package')),
        licensed_to=text(raw.get('licensedTo')), license_id=text(raw.get('licenseID')),
        total_number=count(raw.get('totalNumber'), INT32_MAX), used_number=count(raw.get('usedNumber'), INT32_MAX),
        new_number=count(raw.get('newNumber'), INT32_MAX), expiration_date=expiration, grace_period_expires=grace,
        support_expiration_date=text(raw.get('supportExpirationDate')))
    license_.update(license_state(license_, now))
    return license_


def license_state(license_, now):
    """The derived fields of a licence: days_left, is_expired, in_grace_period, grace_period_days_left, exceeded."""
    expires = parse_timestamp(license_['expiration_date'])
    if expires is not None:
        expired = now >= expires
    else:
        expired = {'Expired': True, 'Valid': False}.get(license_['status'])
    grace_ends = parse_timestamp(license_['grace_period_expires'])
    if expired is not True:
        in_grace = expired
    else:
        in_grace = None if grace_ends is None else now < grace_ends
    total, used = license_['total_number'], license_['used_number']
    return dict(days_left=days_until(license_['expiration_date'], now), is_expired=expired, in_grace_period=in_grace,
                grace_period_days_left=days_until(license_['grace_period_expires'], now),
                exceeded=None if total is None or used is None else used > total)


def normalize_object_storage(raw):
    """_shapes.OBJECT_STORAGE from a v8 objectStorage block; None when there is no block."""
    if not isinstance(raw, dict):
        return None
    limited = raw.get('sizeLimitEnabled') is not False
    return dict(
        type=text(raw.get('type')),
        size_limit_gb=count(raw.get('sizeLimitGB'), MAX_SIZE_LIMIT_GB) if limited else None,
        used_space_bytes=count(raw.get('usedSpaceBytes')), free_space_bytes=count(raw.get('freeSpaceBytes')),
        immutability_enabled=flag(raw.get('enableImmutability')),
        immutability_period_days=count(raw.get('immutabilityPeriodDays'), DAYS_BOUND))


def normalize_repository(raw, low_space_percent=DEFAULT_LOW_SPACE_PERCENT):
    """_shapes.REPOSITORY from a RESTBackupRepository of any version, with free_percent and problems."""
    raw = _object(raw, 'a backup repository')
    storage = normalize_object_storage(raw.get('objectStorage'))
    repository = dict(
        id=text(raw.get('id')), name=text(raw.get('name')), description=text(raw.get('description')),
        path=text(raw.get('path')), proxy_id=text(raw.get('proxyId')), proxy_pool_id=text(raw.get('proxyPoolId')),
        organization_id=text(raw.get('organizationId')), is_long_term=flag(raw.get('isLongTerm')),
        is_object_storage=is_object_storage(raw, storage),
        capacity_bytes=count(raw.get('capacityBytes')), free_space_bytes=count(raw.get('freeSpaceBytes')),
        object_storage=storage, is_out_of_sync=flag(raw.get('isOutOfSync')), is_outdated=flag(raw.get('isOutdated')),
        is_indexed=flag(raw.get('isIndexed')), is_out_of_order=flag(raw.get('isOutOfOrder')),
        out_of_order_reason=text(raw.get('outOfOrderReason')))
    exact, unlimited = free_space(repository, has_size_limit(raw.get('objectStorage')))
    repository['free_percent'] = None if exact is None else round(exact, 2)
    repository['problems'] = repository_problems(repository, exact, unlimited, low_space_percent)
    return repository


def is_object_storage(raw, storage):
    """Whether a repository is object storage: objectStorageId (v6/v7) or the objectStorage block (v8)."""
    if storage is not None or text(raw.get('objectStorageId')):
        return True
    if 'objectStorageId' in raw:
        return False
    # v8 without a block: a local repository has capacity figures; without them the answer does not say.
    return False if raw.get('capacityBytes') is not None or raw.get('freeSpaceBytes') is not None else None


def has_size_limit(raw_storage):
    """Whether an objectStorage block sets a size limit (usable or not): enabled, with a size."""
    return isinstance(raw_storage, dict) and raw_storage.get('sizeLimitEnabled') is not False and \
        raw_storage.get('sizeLimitGB') is not None


def free_space(repository, size_limit):
    """(free space in percent, exact; None when it cannot be computed), and whether the repository has no limit.

    ``size_limit``: whether its object storage block sets a size limit, even one the module cannot use.
    """
    storage = repository['object_storage']
    if storage is not None and repository['capacity_bytes'] is None:
        if not size_limit:
            # Object storage without a size limit: nothing to fill, so no free percentage and no problem.
            return None, True
        capacity = (storage['size_limit_gb'] or 0) * 2 ** 30
        free = storage['free_space_bytes']
        if free is None and storage['used_space_bytes'] is not None:
            free = capacity - storage['used_space_bytes']
    else:
        capacity, free = repository['capacity_bytes'], repository['free_space_bytes']
    if capacity is None or free is None or capacity <= 0 or not 0 <= free <= capacity:
        return None, False
    return free * 100.0 / capacity, False


def repository_problems(repository, free_percent, unlimited, low_space_percent):
    """The problem words of a repository (REPOSITORY_PROBLEMS' order)."""
    problems = []
    if repository['is_out_of_sync'] is True:
        problems.append('out_of_sync')
    if repository['is_out_of_order'] is True:
        problems.append('out_of_order')
    if repository['is_outdated'] is True:
        problems.append('outdated')
    if free_percent is not None and low_space_percent is not None and free_percent < low_space_percent:
        problems.append('low_space')
    if free_percent is None and not unlimited:
        problems.append('space_unknown')
    return problems


def normalize_proxy(raw):
    """_shapes.PROXY from a RESTProxy of any version."""
    raw = _object(raw, 'a backup proxy')
    status = text(raw.get('status'))
    return dict(
        id=text(raw.get('id')), host_name=text(raw.get('hostName')), fqdn=text(raw.get('fqdn')),
        description=text(raw.get('description')), type=text(raw.get('type')),
        operating_system=text(raw.get('operatingSystem')), port=count(raw.get('port'), 65535),
        proxy_pool_id=text(raw.get('proxyPoolId')), status=status, is_online=status == 'Online',
        maintenance_mode_state=text(raw.get('maintenanceModeState')),
        cpu_usage_percent=percent(raw.get('cpuUsagePercent')),
        memory_usage_percent=percent(raw.get('memoryUsagePercent')), version=text(raw.get('version')))


def proxy_name(proxy):
    """How messages and proxies_offline name a proxy: its host name, else its FQDN, else its id."""
    return proxy.get('host_name') or proxy.get('fqdn') or proxy.get('id') or 'unnamed proxy'


def offline_proxies(proxies):
    """The names of the proxies that are not online (Offline, or a status the module does not know)."""
    return [proxy_name(proxy) for proxy in proxies if not proxy['is_online']]


SYNC_KEYS = tuple(field.key for field in ORGANIZATION_SYNC[len(ORGANIZATION):])


def normalize_sync_state(raw):
    """The sync fields of _shapes.ORGANIZATION_SYNC from a RESTOrganizationSyncState (v7 or v8 form); nulls for None."""
    if not isinstance(raw, dict):
        return dict.fromkeys(SYNC_KEYS)
    if 'lastSyncState' in raw or 'currentSyncState' in raw or 'organizationId' in raw:
        last = raw.get('lastSyncState') if isinstance(raw.get('lastSyncState'), dict) else {}
        current = raw.get('currentSyncState') if isinstance(raw.get('currentSyncState'), dict) else {}
        result, when, error = text(last.get('result')), text(last.get('endTime')), text(last.get('error'))
        sync_type, running = text(last.get('type')), text(current.get('status'))
    else:
        result, when, error = text(raw.get('status')), text(raw.get('lastSyncTime')), text(raw.get('error'))
        sync_type, running = text(raw.get('type')), None
    if result == 'Success':
        sync_error = None
    elif error and error.strip():
        sync_error = error
    else:
        sync_error = SYNC_FAILED if result == 'Error' else None
    return dict(last_sync_type=sync_type, last_sync_result=result, last_sync_time=when, current_sync_status=running,
                sync_error=sync_error)


# ---- reading -------------------------------------------------------------------------------------

def read_health(client):
    """GET /v8/Health without a token: (HTTP status, body). A 503 with a body is the unhealthy answer."""
    return client.get_anonymous('Health', answers=(503,))


def read_sync_states_v8(client):
    """GET /v8/Organizations/SyncState: every organization's sync state, by lower-case organization id."""
    body = client.get('Organizations/SyncState')
    if not isinstance(body, list):
        raise Vb365ResponseError('Failed to read GET %s from %s: expected a list of sync states, got %s.'
                                 % (client.api_path('Organizations/SyncState'), client.base_url, type(body).__name__))
    return dict((item['organizationId'].lower(), item) for item in body
                if isinstance(item, dict) and isinstance(item.get('organizationId'), str))


def read_sync_state_v7(client, organization_id):
    """GET /v7/Organizations/{id}/SyncState; None for an id that is no GUID or an organization gone meanwhile."""
    if not isinstance(organization_id, str) or not GUID_RE.match(organization_id):
        return None
    try:
        return client.get_object('Organizations/%s/SyncState' % organization_id)
    except Vb365NotFoundError:
        return None


def _reads(client, version, subsets):
    """(name, call) for each request of the first round: one per subset, and v8's sync states of every tenant."""
    calls = dict(
        service=lambda: client.get_object('ServiceInstance'),
        health=lambda: read_health(client),
        license=lambda: client.get_object('License'),
        repositories=lambda: list(client.iter_items('BackupRepositories')),
        # v6/v7 would ask every proxy for its threads and throttling (extendedView, v6's default): not needed here.
        proxies=lambda: list(client.iter_items('Proxies', {} if version == 'v8' else {'extendedView': 'false'})),
        organizations=lambda: list_organizations(client),
        sync_states=lambda: read_sync_states_v8(client))
    names = list(subsets)
    if 'organizations' in names and version == 'v8':
        names.append('sync_states')
    return [(name, calls[name]) for name in names]


def read_server(client, subsets=('all',), max_concurrency=MAX_CONCURRENCY, low_space_percent=DEFAULT_LOW_SPACE_PERCENT,
                now=None):
    """The server's state for the ``subsets`` asked (``all``: every one), as server_info returns it.

    Subsets the API version does not serve are named in ``unsupported_subsets`` and stay null. The
    requests run side by side, at most ``max_concurrency`` at once.
    """
    version = client.ensure_api_version()
    wanted = resolve_subsets(subsets)
    gathered = [subset for subset in wanted if is_served(subset, version)]
    reads = _reads(client, version, gathered)
    raw = dict(zip([name for name, call in reads], fan_out(lambda read: read[1](), reads, max_concurrency)))
    now = now or utc_now()
    result = dict.fromkeys(RESULT_KEYS)
    result.update(gathered_subsets=gathered, unsupported_subsets=[s for s in wanted if s not in gathered])
    if 'service' in raw:
        result['service'] = normalize_service(raw['service'])
    if 'health' in raw:
        result['health'] = normalize_health(*raw['health'])
    if 'license' in raw:
        result['license'] = normalize_license(raw['license'], now)
    if 'repositories' in raw:
        result['repositories'] = [normalize_repository(item, low_space_percent) for item in raw['repositories']]
    if 'proxies' in raw:
        result['proxies'] = [normalize_proxy(item) for item in raw['proxies']]
        result['proxies_offline'] = offline_proxies(result['proxies'])
    if 'organizations' in raw:
        result['organizations'] = with_sync_states(client, version, raw['organizations'], raw.get('sync_states'),
                                                   max_concurrency)
    return result


def with_sync_states(client, version, organizations, sync_states, max_concurrency):
    """The organizations with their sync fields: v8 from the one listing, v7 one read each (side by side), v6 none."""
    if version == 'v7':
        states = fan_out(lambda organization: read_sync_state_v7(client, organization['id']), organizations,
                         max_concurrency)
    else:
        states = [(sync_states or {}).get((organization['id'] or '').lower()) for organization in organizations]
    return [dict(organization, **normalize_sync_state(state)) for organization, state in zip(organizations, states)]
