#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: job_session_info
short_description: Read backup job sessions from Veeam Backup for Microsoft 365
version_added: 1.0.0
description:
  - Reads one backup job session by its id, or lists job sessions, through the Veeam Backup for
    Microsoft 365 (VB365) REST API, versions v5 to v8.
  - Returns every session in the same shape on every API version, so that a play can decide
    whether the last backup worked before it patches, upgrades or deletes anything.
author:
  - vb365.backup contributors
options:
  id:
    description:
      - Id (a GUID) of the job session to read. The session is returned as RV(job_session).
      - Without O(id), the module lists job sessions, newest first, as RV(job_sessions).
    type: str
    aliases: [session_id]
  limit:
    description:
      - When listing, return at most this many sessions (the newest ones).
      - V(0) returns them all.
    type: int
    default: 0
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.attributes
  - vb365.backup.attributes.info_module
  - vb365.backup.attributes.action_group
seealso:
  - name: Getting Backup Job Session by Session ID (VB365 REST API v5)
    description: The API resource this module reads.
    link: https://helpcenter.veeam.com/archive/vbo365/50/rest/get_jobsessions_id.html
'''

EXAMPLES = r'''
- name: Read one job session (credentials from the VB365_* environment variables)
  vb365.backup.job_session_info:
    id: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
  register: result

- name: Show its status and bottleneck
  ansible.builtin.debug:
    msg: "{{ result.job_session.status }} / {{ result.job_session.statistics.bottleneck }}"

- name: Read a session with every connection option given, trusting a private CA
  vb365.backup.job_session_info:
    server: vb365.example.com
    port: 4443
    username: CORP\vbo-admin
    password: "{{ vault_vb365_password }}"
    ca_path: /etc/pki/vb365-ca.pem
    api_version: v8
    id: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
  register: result

- name: Set the connection once for many tasks
  module_defaults:
    group/vb365.backup.vb365:
      server: vb365.example.com
      username: CORP\vbo-admin
      password: "{{ vault_vb365_password }}"
      ca_path: /etc/pki/vb365-ca.pem
  block:
    - name: List the ten newest job sessions
      vb365.backup.job_session_info:
        limit: 10
      register: newest

    - name: Print their statuses
      ansible.builtin.debug:
        msg: "{{ newest.job_sessions | map(attribute='status') | list }}"
'''

RETURN = r'''
api_version:
  description: The REST API version the module used (the one it negotiated when O(api_version=auto)).
  returned: success
  type: str
  sample: v8
job_session:
  description:
    - The job session selected by O(id), in the same shape on every API version.
    - Fields that an API version does not have are V(null).
  returned: when O(id) is given
  type: dict
  contains:
    id:
      description: Id of the job session.
      type: str
      returned: always
      sample: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
    job_id:
      description:
        - Id of the job the session belongs to.
        - From the session's C(jobId) on API v8, parsed from its link to the job on older versions.
      type: str
      returned: always
      sample: b20cedd4-66b2-49b1-86de-a575dc67e83b
    creation_time:
      description: When the session started (ISO 8601, as the server sends it).
      type: str
      returned: always
      sample: '2019-02-04T16:49:22.8529769Z'
    end_time:
      description: When the session ended (ISO 8601, as the server sends it); V(null) while it runs.
      type: str
      returned: always
      sample: '2019-02-04T16:50:21.3024288Z'
    progress:
      description: Number of objects processed so far (not a percentage).
      type: int
      returned: always
      sample: 1
    status:
      description:
        - Status of the session, spelled as the API spells it.
        - One of V(Success), V(Warning), V(Failed), V(Running), V(Queued), V(Stopped), V(Disconnected), V(NotConfigured).
          Values a newer server adds are passed through unchanged.
      type: str
      returned: always
      sample: Success
    details:
      description: The server's summary text of the session. V(null) before API v6.
      type: str
      returned: always
      sample: 'Transferred: 93.6 MB (1193 items) at 1.6 MB/s (20 items/s)'
    retry_count:
      description: Order number of the retry this session is (V(0) for the first run). V(null) before API v6.
      type: int
      returned: always
      sample: 0
    job_type:
      description: V(Backup) or V(Copy). V(null) before API v7.
      type: str
      returned: always
      sample: Backup
    job_will_be_retried:
      description: Whether the server will retry the job after this session. V(null) before API v7.
      type: bool
      returned: always
      sample: false
    job_session_config_type:
      description: V(Full) or V(Incremental). V(null) before API v8.
      type: str
      returned: always
      sample: Incremental
    main_session_id:
      description: For a retry session, the id of the session it retries. V(null) otherwise and before API v7.
      type: str
      returned: always
      sample: null
    repository_id:
      description: Id of the backup repository the session wrote to. V(null) before API v7.
      type: str
      returned: always
      sample: ce19de31-329d-4f0f-b85e-4424cc2e6821
    proxy_id:
      description: Id of the backup proxy that ran the session. V(null) before API v8.
      type: str
      returned: always
      sample: null
    proxy_pool_id:
      description: Id of the backup proxy pool that ran the session. V(null) before API v8.
      type: str
      returned: always
      sample: null
    e_tag:
      description: Version number of the session object, raised by the server on every change. V(null) before API v8.
      type: int
      returned: always
      sample: 17
    statistics:
      description: Statistics of the session. Every number is an integer, even when the server sends it as a string.
      type: dict
      returned: always
      contains:
        processing_rate_bytes_ps:
          description: Average processing speed, in bytes per second.
          type: int
          returned: always
          sample: 1683256
        processing_rate_items_ps:
          description: Average processing speed, in items per second.
          type: int
          returned: always
          sample: 20
        read_rate_bytes_ps:
          description: Average speed of reading data, in bytes per second.
          type: int
          returned: always
          sample: 5383429
        write_rate_bytes_ps:
          description: Average speed of writing data to the backup repository, in bytes per second.
          type: int
          returned: always
          sample: 26015396
        transferred_data_bytes:
          description: Amount of data transferred, in bytes.
          type: int
          returned: always
          sample: 98142970
        processed_objects:
          description: Number of items processed.
          type: int
          returned: always
          sample: 1193
        bottleneck:
          description:
            - The slowest stage of the data transfer, as the API spells it.
            - V(Source), V(Target), V(Detecting), or V(NA) (V(N/A) in old documentation).
          type: str
          returned: always
          sample: Source
job_sessions:
  description:
    - The job sessions listed when O(id) is not given, newest first, at most O(limit) of them.
    - Each element has the same fields as RV(job_session).
  returned: when O(id) is not given
  type: list
  elements: dict
  sample:
    - id: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
      job_id: b20cedd4-66b2-49b1-86de-a575dc67e83b
      creation_time: '2019-02-04T16:49:22.8529769Z'
      end_time: '2019-02-04T16:50:21.3024288Z'
      progress: 1
      status: Success
      details: null
      retry_count: null
      job_type: null
      job_will_be_retried: null
      job_session_config_type: null
      main_session_id: null
      repository_id: null
      proxy_id: null
      proxy_pool_id: null
      e_tag: null
      statistics:
        processing_rate_bytes_ps: 1683256
        processing_rate_items_ps: 20
        read_rate_bytes_ps: 5383429
        write_rate_bytes_ps: 26015396
        transferred_data_bytes: 98142970
        processed_objects: 1193
        bottleneck: Source
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client, ensure_requests, run_guarded, MAX_PAGE_SIZE
from ansible_collections.vb365.backup.plugins.module_utils._common import (
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
    validate_guid,
)
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_session


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        id=dict(type='str', aliases=['session_id']),
        limit=dict(type='int', default=0),
    )
    return spec


def validate_params(params):
    """Every check on the task's arguments, done before any request is sent."""
    validate_connection_params(params)
    if params['id'] is not None:
        params['id'] = validate_guid(params['id'], 'id')
    if params['limit'] < 0:
        raise Vb365InputError('Invalid limit %d: give 0 (no limit) or a positive number of sessions.' % params['limit'])


def read_session(client, session_id):
    return normalize_session(client.get('JobSessions/%s' % session_id))


def list_sessions(client, limit):
    # Never ask for more than needed: a small limit means one small page.
    page_size = min(limit, MAX_PAGE_SIZE) if limit else MAX_PAGE_SIZE
    sessions = []
    for raw in client.iter_items('JobSessions', page_size=page_size):
        sessions.append(normalize_session(raw))
        if limit and len(sessions) >= limit:
            break
    return sessions


def run(module, client):
    params = module.params
    validate_params(params)
    result = dict(changed=False)
    if params['id'] is not None:
        result['job_session'] = read_session(client, params['id'])
    else:
        result['job_sessions'] = list_sessions(client, params['limit'])
    result['api_version'] = client.api_version
    return result


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True, **connection_module_kwargs())
    ensure_requests(module)
    client = Vb365Client(module.params, warn=module.warn)
    result = run_guarded(module, lambda: run(module, client), client)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
