#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: job_info
short_description: Read backup jobs from Veeam Backup for Microsoft 365
version_added: 1.0.0
description:
  - Lists the backup jobs and backup copy jobs of a Veeam Backup for Microsoft 365 (VB365) server, or reads one by
    id or name, through the REST API, versions v5 to v8. Each job says its kind in C(job_type).
  - Backup copy jobs exist from API v6 (C(/CopyJobs)); on API v5 the list holds backup jobs only.
  - API v5 to v7 return jobs as one array and v8 as pages; the module returns the same list on every version.
author:
  - vb365.backup maintainers (@vb365)
options:
  id:
    description:
      - Id (a GUID) of the job to read, returned as RV(job).
      - Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Name of the job to read, returned as RV(job). An exact match wins; otherwise a match that differs only
        in letter case is used if there is only one.
      - An unknown name fails and lists the closest job names; a name that a backup job and a backup copy job share
        fails and names both (give O(job_type) or O(id)).
      - Mutually exclusive with O(id).
    type: str
  job_type:
    description:
      - Only backup jobs (V(Backup)) or only backup copy jobs (V(Copy), API v6 and later; on API v5 this fails).
      - Without it, both kinds.
    type: str
    choices: [Backup, Copy]
    version_added: 1.1.0
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.attributes
  - vb365.backup.attributes.info_module
  - vb365.backup.attributes.action_group
seealso:
  - module: vb365.backup.job_session_info
'''

EXAMPLES = r'''
- name: List every job (credentials from the VB365_* environment variables)
  vb365.backup.job_info:
  register: all_jobs

- name: Show the jobs that are disabled
  ansible.builtin.debug:
    msg: "{{ all_jobs.jobs | rejectattr('is_enabled') | map(attribute='name') | list }}"

- name: List the backup copy jobs (API v6 and later)
  vb365.backup.job_info:
    job_type: Copy
  register: copy_jobs

- name: Read one job by name (the backup job, not the copy job of the same name)
  vb365.backup.job_info:
    name: Exchange Online - Daily
    job_type: Backup
  register: exchange

- name: Show when it last ran and how
  ansible.builtin.debug:
    msg: "{{ exchange.job.name }}: {{ exchange.job.last_status }} at {{ exchange.job.last_run }}"
'''

RETURN = r'''
api_version:
  description: The REST API version the module used.
  returned: success
  type: str
  sample: v8
job:
  description: The job selected by O(id) or O(name).
  returned: when O(id) or O(name) is given
  type: dict
  contains:
    # generated from _shapes.JOB by make generate: edit the shape, not these lines
    id:
      description: Id of the job.
      type: str
      returned: always
      sample: b20cedd4-66b2-49b1-86de-a575dc67e83b
    name:
      description: Name of the job.
      type: str
      returned: always
      sample: Exchange Online - Daily
    description:
      description: Description of the job.
      type: str
      returned: always
      sample: Mailboxes and archives, every night
    is_enabled:
      description: Whether the job is enabled.
      type: bool
      returned: always
      sample: true
    backup_type:
      description: V(EntireOrganization) or V(SelectedItems).
      type: str
      returned: always
      sample: SelectedItems
    last_status:
      description: Status of the job's last session, spelled as the API spells it (see
        M(vb365.backup.job_session_info)).
      type: str
      returned: always
      sample: Success
    last_run:
      description: When the job last ran (ISO 8601), V(null) if never.
      type: str
      returned: always
      sample: "2026-11-27T22:00:03.1234567Z"
    next_run:
      description: When the job runs next (ISO 8601), V(null) if it is not scheduled (also while it is disabled).
      type: str
      returned: always
      sample: "2026-11-28T22:00:00Z"
    last_backup:
      description: When the job last backed up successfully (ISO 8601). V(null) before API v7.
      type: str
      returned: always
      sample: "2026-11-27T22:14:41.7654321Z"
    organization_id:
      description: Id of the organization the job backs up. V(null) before API v8.
      type: str
      returned: always
      sample: a21a5622-7fb2-49ec-b2b2-393da59fbed2
    repository_id:
      description: Id of the backup repository of the job. V(null) where the API version does not say.
      type: str
      returned: always
      sample: ce19de31-329d-4f0f-b85e-4424cc2e6821
    job_type:
      description: V(Backup) for a backup job, V(Copy) for a backup copy job (API v6 and later), the same words as
        a session's C(job_type).
      type: str
      returned: always
      sample: Backup
    retry_wait_interval:
      description:
        - Minutes the job's schedule waits before it retries a failed run by itself (C(retryWaitInterval)).
        - V(null) when the schedule does not retry failed runs, and for backup copy jobs, whose schedules have no
          retry.
      type: int
      returned: always
      sample: 10
    # end of generated
jobs:
  description: Every job, each with the fields of RV(job), when neither O(id) nor O(name) is given.
  returned: when neither O(id) nor O(name) is given
  type: list
  elements: dict
  contains:
    # generated from _shapes.JOB by make generate: edit the shape, not these lines
    id:
      description: Id of the job.
      type: str
      returned: always
      sample: b20cedd4-66b2-49b1-86de-a575dc67e83b
    name:
      description: Name of the job.
      type: str
      returned: always
      sample: Exchange Online - Daily
    description:
      description: Description of the job.
      type: str
      returned: always
      sample: Mailboxes and archives, every night
    is_enabled:
      description: Whether the job is enabled.
      type: bool
      returned: always
      sample: true
    backup_type:
      description: V(EntireOrganization) or V(SelectedItems).
      type: str
      returned: always
      sample: SelectedItems
    last_status:
      description: Status of the job's last session, spelled as the API spells it (see
        M(vb365.backup.job_session_info)).
      type: str
      returned: always
      sample: Success
    last_run:
      description: When the job last ran (ISO 8601), V(null) if never.
      type: str
      returned: always
      sample: "2026-11-27T22:00:03.1234567Z"
    next_run:
      description: When the job runs next (ISO 8601), V(null) if it is not scheduled (also while it is disabled).
      type: str
      returned: always
      sample: "2026-11-28T22:00:00Z"
    last_backup:
      description: When the job last backed up successfully (ISO 8601). V(null) before API v7.
      type: str
      returned: always
      sample: "2026-11-27T22:14:41.7654321Z"
    organization_id:
      description: Id of the organization the job backs up. V(null) before API v8.
      type: str
      returned: always
      sample: a21a5622-7fb2-49ec-b2b2-393da59fbed2
    repository_id:
      description: Id of the backup repository of the job. V(null) where the API version does not say.
      type: str
      returned: always
      sample: ce19de31-329d-4f0f-b85e-4424cc2e6821
    job_type:
      description: V(Backup) for a backup job, V(Copy) for a backup copy job (API v6 and later), the same words as
        a session's C(job_type).
      type: str
      returned: always
      sample: Backup
    retry_wait_interval:
      description:
        - Minutes the job's schedule waits before it retries a failed run by itself (C(retryWaitInterval)).
        - V(null) when the schedule does not retry failed runs, and for backup copy jobs, whose schedules have no
          retry.
      type: int
      returned: always
      sample: 10
    # end of generated
'''

from ansible_collections.vb365.backup.plugins.module_utils._runner import run_module
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._input import validate_guid
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._jobs import select_jobs
from ansible_collections.vb365.backup.plugins.module_utils._session import JOB_TYPES


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        id=dict(type='str'),
        name=dict(type='str'),
        job_type=dict(type='str', choices=list(JOB_TYPES)),
    )
    return spec


def module_kwargs():
    kwargs = connection_module_kwargs()
    kwargs['mutually_exclusive'] = [('id', 'name')]
    return kwargs


def validate_params(params):
    validate_connection_params(params)
    if params['id'] is not None:
        params['id'] = validate_guid(params['id'], 'id')
    if params['name'] is not None and not params['name'].strip():
        raise Vb365InputError('Invalid name: it is empty.')


def run(module, client):
    params = module.params
    validate_params(params)
    result = dict(changed=False)
    names = [params['name']] if params['name'] is not None else None
    jobs = select_jobs(client, job_id=params['id'], names=names, job_type=params['job_type'])
    if params['id'] is not None or names:
        result['job'] = jobs[0]
    else:
        result['jobs'] = jobs
    result['api_version'] = client.api_version
    return result


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
