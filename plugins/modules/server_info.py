#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: server_info
short_description: Read the health, licence, repositories and proxies of a Veeam Backup for Microsoft 365 server
version_added: 1.1.0
description:
  - Reads what a Veeam Backup for Microsoft 365 (VB365) server says about itself, the preconditions every monitoring
    tool checks before an upgrade or a patch window, through the REST API, versions v5 to v8. Each subset of
    O(gather_subset) is one read (pages where the API pages), the subsets side by side, at most O(max_concurrency)
    requests at once.
  - V(service) (C(/ServiceInstance), API v6 and later) the product version; V(health) (C(/v8/Health), API v8 only, read
    without a token) whether the service and its configuration database and message bus are healthy; V(license)
    (C(/License), API v6 and later) the licence, its expiry and its use; V(repositories) (C(/BackupRepositories), API v6
    and later) the backup repositories, their free space and their state; V(proxies) (C(/Proxies), API v6 and later)
    the backup proxies and whether they are online; V(organizations) (C(/Organizations), API v6 and later, and their
    C(SyncState), API v7 and later) the Microsoft 365 organizations and whether their last synchronisation failed.
  - Every dict has the same keys on every API version, V(null) where a version lacks a field. A subset the server's
    API version does not serve is named in RV(unsupported_subsets) and stays V(null); it is not an error.
  - Derived fields let a play assert without arithmetic, for example RV(license.days_left),
    RV(license.exceeded), RV(license.in_grace_period), RV(repositories[].free_percent),
    RV(repositories[].problems), RV(proxies_offline), RV(organizations[].sync_error). Their exact rules are in
    their descriptions below.
  - Values no real server sends are typed and bounded, never a failure. A count that is negative or beyond its API
    type (int32 for licence units, int64 for bytes) is V(null). A licence date in the year 1 (.NET's "not set") gives
    no day count, one in the year 9999 (.NET's "never") the bound of 36500 days. A percentage outside 0 to 100 is
    V(null). A repository whose figures are missing or make no sense (free space larger than the capacity, a missing
    object storage block) has no RV(repositories[].free_percent) and the problem V(space_unknown).
  - To stop a play on these preconditions, use the rules of the gate P(vb365.backup.job_session_gate#role)
    (C(job_session_gate_license_min_days_left) and the others, see the guide).
author:
  - vb365.backup maintainers (@vb365)
options:
  gather_subset:
    description:
      - What to read. V(all) is every subset the server's API version serves.
      - Each subset is one request (pages where the API pages); V(organizations) adds one request for the sync state of
        every organization on API v8, and one per organization on API v7.
    type: list
    elements: str
    choices: [all, service, health, license, repositories, proxies, organizations]
    default: [all]
  low_space_percent:
    description:
      - A repository with less free space than this percentage of its capacity (RV(repositories[].free_percent)) gets
        the problem V(low_space). From V(0) (never) to V(100).
    type: float
    default: 10.0
  max_concurrency:
    description: How many requests run at once, from V(1) to V(8).
    type: int
    default: 8
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.attributes
  - vb365.backup.attributes.info_module
  - vb365.backup.attributes.action_group
seealso:
  - ref: ansible_collections.vb365.backup.docsite.preconditions
    description: Before you upgrade VB365 or patch its proxies, the guide with a complete play.
  - module: vb365.backup.job_session_check
    description: Judges these preconditions, with the backup sessions, as a gate.
'''

EXAMPLES = r'''
- name: Read everything the server says about itself (credentials from the VB365_* environment variables)
  vb365.backup.server_info:
  register: server

- name: Say what stands in the way of an upgrade
  ansible.builtin.debug:
    msg:
      - "VB365 {{ server.service.version }}, licence: {{ server.license.days_left }} days left"
      - "Repositories with problems: {{ server.repositories | selectattr('problems') | map(attribute='name') | list }}"
      - "Proxies offline: {{ server.proxies_offline }}"
      - "Organizations whose sync failed: {{ server.organizations | selectattr('sync_error') | map(attribute='name') | list }}"

- name: Only the licence and the repositories, with low space below 15 percent
  vb365.backup.server_info:
    gather_subset: [license, repositories]
    low_space_percent: 15
  register: capacity

- name: Stop unless the licence has a month left and no repository has a problem
  ansible.builtin.assert:
    that:
      - capacity.license.days_left >= 30
      - not capacity.license.exceeded
      - capacity.repositories | selectattr('problems') | list == []
    fail_msg: "Licence: {{ capacity.license.days_left }} days left. Problems: {{
      capacity.repositories | selectattr('problems') | items2dict(key_name='name', value_name='problems') }}"
'''

RETURN = r'''
api_version:
  description: The REST API version the module used.
  returned: success
  type: str
  sample: v8
gathered_subsets:
  description: The subsets read, in the order of O(gather_subset)'s choices.
  returned: success
  type: list
  elements: str
  sample: [service, health, license, repositories, proxies, organizations]
unsupported_subsets:
  description: The subsets asked for (or meant by V(all)) that the server's API version does not serve; empty when
    there are none.
  returned: success
  type: list
  elements: str
  sample: []
service:
  description: The service instance; V(null) when not gathered.
  returned: success
  type: dict
  contains:
    # generated from _shapes.SERVICE by make generate: edit the shape, not these lines
    version:
      description: Version of Veeam Backup for Microsoft 365 that the server runs.
      type: str
      returned: always
      sample: 8.0.2.159
    installation_id:
      description: Id of this installation of Veeam Backup for Microsoft 365.
      type: str
      returned: always
      sample: 0b8c6a1e-4d49-4a6c-9a56-7f1a3e9d2c10
    # end of generated
health:
  description: The service's health report (API v8); V(null) when not gathered.
  returned: success
  type: dict
  contains:
    # generated from _shapes.HEALTH by make generate: edit the shape, not these lines
    status:
      description:
        - V(Healthy) or V(Unhealthy), as the API spells it.
        - V(Unhealthy) also when the server answered HTTP 503 with an error body instead of a report.
      type: str
      returned: always
      sample: Healthy
    is_healthy:
      description: Whether RV(health.status) is exactly V(Healthy). Any other value (V(Unhealthy), a missing
        status, a value a newer server adds) is V(false).
      type: bool
      returned: always
      sample: true
    entries:
      description: The checks the report is made of, in the server's order.
      type: list
      returned: always
      elements: dict
      contains:
        name:
          description: What the entry checks, as the server names it (V(configurationDb), V(nats)).
          type: str
          returned: always
          sample: configurationDb
        status:
          description: V(Healthy) or V(Unhealthy), as the API spells it.
          type: str
          returned: always
          sample: Healthy
        description:
          description: What is wrong, in the server's words; V(null) while healthy.
          type: str
          returned: always
          sample: null
    error:
      description: The server's message when it answered HTTP 503 with an error body instead of a report; V(null)
        otherwise.
      type: str
      returned: always
      sample: null
    # end of generated
license:
  description: The licence; V(null) when not gathered.
  returned: success
  type: dict
  contains:
    # generated from _shapes.LICENSE by make generate: edit the shape, not these lines
    status:
      description: V(Valid) or V(Expired), as the API spells it.
      type: str
      returned: always
      sample: Valid
    type:
      description: V(Subscription), V(Evaluation), V(NFR), V(Rental), V(Community) or V(AwsPrivateOffer), as the
        API spells it.
      type: str
      returned: always
      sample: Rental
    package:
      description: The licensed package. V(null) before API v7.
      type: str
      returned: always
      sample: Backup
    licensed_to:
      description: To whom the licence is issued.
      type: str
      returned: always
      sample: Contoso Ltd.
    license_id:
      description: Id of the licence.
      type: str
      returned: always
      sample: 5a1f2b8c-7c21-4c36-9f8e-0b7d7a0a3e55
    total_number:
      description: Number of licence units (users). V(null) when the server sends no number, or a negative one or
        one beyond 32 bits.
      type: int
      returned: always
      sample: 12000
    used_number:
      description: Number of licensed users, exceeded ones included. V(null) as for RV(license.total_number).
      type: int
      returned: always
      sample: 10517
    new_number:
      description: Number of licensed users in the state C(New). V(null) as for RV(license.total_number).
      type: int
      returned: always
      sample: 1
    expiration_date:
      description: When the licence expires (ISO 8601, as the server writes it; C(expirationDate) on API v6,
        C(licenseExpires) later).
      type: str
      returned: always
      sample: "2027-07-26T13:00:00Z"
    grace_period_expires:
      description: When the grace period after the expiry ends and every job fails (ISO 8601, as the server writes
        it). V(null) before API v7.
      type: str
      returned: always
      sample: "2027-08-25T13:00:00Z"
    support_expiration_date:
      description: When the support contract expires (ISO 8601, as the server writes it). V(null) after API v6.
      type: str
      returned: always
      sample: null
    days_left:
      description:
        - Whole days from now until RV(license.expiration_date), rounded down, so V(0) on the last day, negative
          once the licence has expired.
        - Bounded to -36500 and 36500 (100 years). A date in the year 9999 (the largest date .NET writes, a
          licence that does not expire) gives V(36500).
        - V(null) when the server sends no date, one the module cannot read, or a date in the year 1 (the smallest
          date .NET writes, that is "not set").
      type: int
      returned: always
      sample: 240
    is_expired:
      description:
        - Whether the licence has expired, that is now is at or after RV(license.expiration_date).
        - Without a readable date, from RV(license.status) (V(Expired) or V(Valid)); V(null) when neither says.
      type: bool
      returned: always
      sample: false
    in_grace_period:
      description:
        - Whether the licence has expired and its grace period is still running (now is before
          RV(license.grace_period_expires)). Jobs still run, but not for long.
        - V(false) while the licence has not expired, and once the grace period is over. V(null) when it has
          expired and the end of the grace period is unknown (always on API v6, which does not send it).
      type: bool
      returned: always
      sample: false
    grace_period_days_left:
      description: Whole days from now until RV(license.grace_period_expires), rounded down and bounded as
        RV(license.days_left). V(null) when that date is unknown (always on API v6).
      type: int
      returned: always
      sample: 270
    exceeded:
      description:
        - Whether the licence has more licensed users than units (RV(license.used_number) is greater than
          RV(license.total_number)). Beyond the allowed overage the extra users are not backed up.
        - V(null) when either number is unknown.
      type: bool
      returned: always
      sample: false
    # end of generated
repositories:
  description: The backup repositories, in the server's order; V(null) when not gathered.
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.REPOSITORY by make generate: edit the shape, not these lines
    id:
      description: Id of the backup repository.
      type: str
      returned: always
      sample: ce19de31-329d-4f0f-b85e-4424cc2e6821
    name:
      description: Name of the backup repository.
      type: str
      returned: always
      sample: Contoso - Local
    description:
      description: Description of the backup repository.
      type: str
      returned: always
      sample: ""
    path:
      description: Path of the repository (of its local cache, for object storage) on its proxy.
      type: str
      returned: always
      sample: C:\VeeamRepository\Contoso
    proxy_id:
      description: Id of the backup proxy the repository belongs to.
      type: str
      returned: always
      sample: a74db60b-d06e-588a-b6ce-280627847e07
    proxy_pool_id:
      description: Id of the backup proxy pool; V(null) before API v8.
      type: str
      returned: always
      sample: null
    organization_id:
      description: Id of the organization that owns the repository; V(null) when none does, and before API v8.
      type: str
      returned: always
      sample: null
    is_long_term:
      description: Whether it is a long-term (archive) repository.
      type: bool
      returned: always
      sample: false
    is_object_storage:
      description: Whether the repository keeps its backups in object storage (C(objectStorageId) before API v8,
        the C(objectStorage) block on API v8). V(null) on API v8 when the block is missing and the
        answer does not say.
      type: bool
      returned: always
      sample: false
    capacity_bytes:
      description:
        - Size of the volume the repository is on, in bytes, as the API sends it. Before API v8 for object storage
          the volume of its local cache; on API v8 for local repositories only (V(null) for object storage, see
          RV(repositories[].object_storage)).
        - V(null) when the server sends a negative count or one beyond int64.
      type: int
      returned: always
      sample: 4398046511104
    free_space_bytes:
      description: Free space on that volume, in bytes, as RV(repositories[].capacity_bytes).
      type: int
      returned: always
      sample: 1429150208000
    object_storage:
      description: The object storage block (API v8); V(null) for a local repository, before API v8 and when the
        server sends no block.
      type: dict
      returned: always
      contains:
        type:
          description: Kind of object storage (V(AmazonS3), V(AzureBlob), V(AzureBlobArchive)...), as the API
            spells it.
          type: str
          returned: always
          sample: AmazonS3
        size_limit_gb:
          description: The size limit set on the repository, in GB (2^30 bytes); V(null) when no limit is set.
          type: int
          returned: always
          sample: 20480
        used_space_bytes:
          description: Space the backups take in the object storage, in bytes.
          type: int
          returned: always
          sample: 9895604649984
        free_space_bytes:
          description: Space left under the size limit, in bytes; V(null) without a size limit (the API sends it
            only with one).
          type: int
          returned: always
          sample: 12094627905536
        immutability_enabled:
          description: Whether backups in it are immutable.
          type: bool
          returned: always
          sample: true
        immutability_period_days:
          description: How long backups stay immutable, in days.
          type: int
          returned: always
          sample: 30
    is_out_of_sync:
      description: Whether the repository is out of sync with its proxy's cache.
      type: bool
      returned: always
      sample: false
    is_outdated:
      description: Whether the repository is outdated. V(null) before API v8.
      type: bool
      returned: always
      sample: false
    is_indexed:
      description: Whether the repository is indexed. V(null) before API v8.
      type: bool
      returned: always
      sample: true
    is_out_of_order:
      description: Whether the repository is out of order. V(null) before API v8.
      type: bool
      returned: always
      sample: false
    out_of_order_reason:
      description: Why the repository is out of order, in the server's words. V(null) while it is in order, and
        before API v8.
      type: str
      returned: always
      sample: null
    free_percent:
      description:
        - Free space in percent of the capacity, rounded to two decimals. RV(repositories[].free_space_bytes) of
          RV(repositories[].capacity_bytes) for a local repository (and before API v8 for every repository); for
          object storage on API v8, the block's C(free_space_bytes) of its size limit.
        - V(null) when it cannot be computed, that is for object storage without a size limit (it has no limit to
          fill), a count or size limit that is missing, V(null) or out of range, a capacity of 0, or free space
          larger than the capacity.
      type: float
      returned: always
      sample: 32.5
    problems:
      description:
        - What is wrong with the repository, as words a play can test with C(in), in this order. Empty when
          nothing is wrong.
        - V(out_of_sync) (RV(repositories[].is_out_of_sync) is V(true)), V(out_of_order)
          (RV(repositories[].is_out_of_order)), V(outdated) (RV(repositories[].is_outdated)).
        - V(low_space) (RV(repositories[].free_percent) below O(low_space_percent), compared before rounding).
        - V(space_unknown) (no RV(repositories[].free_percent) although the repository has a limit to fill,
          because its figures are missing or make no sense).
      type: list
      returned: always
      elements: str
      sample: []
    # end of generated
proxies:
  description: The backup proxies, in the server's order; V(null) when not gathered.
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.PROXY by make generate: edit the shape, not these lines
    id:
      description: Id of the backup proxy.
      type: str
      returned: always
      sample: a74db60b-d06e-588a-b6ce-280627847e07
    host_name:
      description: Host name of the backup proxy.
      type: str
      returned: always
      sample: vbo365.corp.local
    fqdn:
      description: Fully qualified domain name of the backup proxy. V(null) before API v7.
      type: str
      returned: always
      sample: vbo365.corp.local
    description:
      description: Description of the backup proxy.
      type: str
      returned: always
      sample: ""
    type:
      description: V(Local), V(Domain) or V(Workgroup), as the API spells it.
      type: str
      returned: always
      sample: Local
    operating_system:
      description: V(Windows) or V(Linux). V(null) before API v8.
      type: str
      returned: always
      sample: Windows
    port:
      description: Port the backup proxy listens on.
      type: int
      returned: always
      sample: 9193
    proxy_pool_id:
      description: Id of the proxy pool it belongs to. V(null) before API v8.
      type: str
      returned: always
      sample: null
    status:
      description: V(Online) or V(Offline), as the API spells it.
      type: str
      returned: always
      sample: Online
    is_online:
      description: Whether RV(proxies[].status) is exactly V(Online).
      type: bool
      returned: always
      sample: true
    maintenance_mode_state:
      description: V(Disabled), V(Enabling) or V(Enabled). V(null) before API v8.
      type: str
      returned: always
      sample: Disabled
    cpu_usage_percent:
      description: CPU use in percent. V(null) while the proxy is offline, before API v8, and for a value outside
        0 to 100.
      type: float
      returned: always
      sample: 12.5
    memory_usage_percent:
      description: Memory use in percent, as RV(proxies[].cpu_usage_percent).
      type: float
      returned: always
      sample: 41.0
    version:
      description: Version of the proxy's software. V(null) before API v8.
      type: str
      returned: always
      sample: 8.0.2.159
    # end of generated
proxies_offline:
  description:
    - Names of the proxies that are not online (host name, else FQDN, else id), that is whose RV(proxies[].status) is
      not V(Online) (V(Offline), or a status the module does not know). Empty when every proxy is online.
    - V(null) when V(proxies) was not gathered.
  returned: success
  type: list
  elements: str
  sample: []
organizations:
  description: The Microsoft 365 organizations, in the server's order, with their last synchronisation; V(null) when
    not gathered.
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.ORGANIZATION_SYNC by make generate: edit the shape, not these lines
    id:
      description: Id of the organization on the VB365 server.
      type: str
      returned: always
      sample: a21a5622-7fb2-49ec-b2b2-393da59fbed2
    name:
      description: Name of the organization, as the server shows it.
      type: str
      returned: always
      sample: contoso.onmicrosoft.com
    office_name:
      description: Name of the organization in Microsoft 365.
      type: str
      returned: always
      sample: Contoso
    type:
      description: V(Office365), V(OnPremises) or V(Hybrid), as the API spells it.
      type: str
      returned: always
      sample: Office365
    region:
      description: The Microsoft 365 region, as the API spells it.
      type: str
      returned: always
      sample: Worldwide
    is_backed_up:
      description: Whether a job backs up the organization.
      type: bool
      returned: always
      sample: true
    first_backup_time:
      description: When the organization was first backed up (ISO 8601).
      type: str
      returned: always
      sample: "2024-03-01T22:00:10.1234567Z"
    last_backup_time:
      description: When the organization was last backed up (ISO 8601).
      type: str
      returned: always
      sample: "2026-11-28T22:14:03.1234567Z"
    msid:
      description: Id of the organization in Microsoft 365 (its tenant id). V(null) before API v8.
      type: str
      returned: always
      sample: 7a1c6c4e-95a4-4f4b-9a0c-2f3c9c8d1e11
    last_sync_type:
      description: V(Incremental) or V(Full), the kind of the last synchronisation of the organization's objects
        with its cache. V(null) before API v7.
      type: str
      returned: always
      sample: Incremental
    last_sync_result:
      description: How the last synchronisation ended, V(Success) or V(Error) (API v7 also V(None)), as the API
        spells it (C(status) on API v7, C(lastSyncState.result) on API v8). V(null) before API v7.
      type: str
      returned: always
      sample: Success
    last_sync_time:
      description: When the last synchronisation ended (ISO 8601, as the server writes it;
        C(lastSyncState.endTime) on API v8). V(null) before API v7.
      type: str
      returned: always
      sample: "2026-11-28T21:35:10.1234567Z"
    current_sync_status:
      description: V(Queued) or V(Running) while a synchronisation is under way (C(currentSyncState.status), API
        v8); V(null) otherwise.
      type: str
      returned: always
      sample: null
    sync_error:
      description:
        - Why the last synchronisation failed, in the server's words, or C(the last synchronisation failed) when
          it sends none. V(null) when it did not fail, and before API v7.
      type: str
      returned: always
      sample: null
    # end of generated
'''

from ansible_collections.vb365.backup.plugins.module_utils._runner import run_module
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._fanout import MAX_CONCURRENCY, validate_max_concurrency
from ansible_collections.vb365.backup.plugins.module_utils._server_health import (
    DEFAULT_LOW_SPACE_PERCENT,
    SUBSETS,
    read_server,
)


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        gather_subset=dict(type='list', elements='str', choices=['all'] + list(SUBSETS), default=['all']),
        low_space_percent=dict(type='float', default=DEFAULT_LOW_SPACE_PERCENT),
        max_concurrency=dict(type='int', default=MAX_CONCURRENCY),
    )
    return spec


def module_kwargs():
    return connection_module_kwargs()


def validate_params(params):
    validate_connection_params(params)
    validate_max_concurrency(params['max_concurrency'])
    if not 0 <= params['low_space_percent'] <= 100:
        raise Vb365InputError('Invalid low_space_percent %s: give a percentage from 0 to 100.' % params['low_space_percent'])
    if not params['gather_subset']:
        raise Vb365InputError('Invalid gather_subset: the list is empty; give all, or the subsets to read.')


def run(module, client):
    params = module.params
    validate_params(params)
    result = read_server(client, params['gather_subset'], params['max_concurrency'], params['low_space_percent'])
    result.update(changed=False, api_version=client.api_version)
    return result


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
