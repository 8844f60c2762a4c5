#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: token
short_description: Log in to Veeam Backup for Microsoft 365 once and reuse the access token in later tasks
version_added: 1.0.0
description:
  - Asks the Veeam Backup for Microsoft 365 (VB365) REST API for an access token with O(username) and O(password),
    and returns it as RV(access_token) together with the API version it negotiated as RV(api_version).
  - Give both to later tasks through C(module_defaults) (O(access_token) and O(api_version) of every module of the
    collection), for example on a block, as the examples show. Each of them then sends one request less (no
    C(POST /vN/token)), and none of them negotiates the API version again.
  - The task's result is hidden from the output, whatever its C(no_log) says, because it holds a credential
    (an action plugin marks it C(no_log)). A failure stays visible; its message never contains the password.
    Still set C(no_log=true) on the task, so that nothing else about it is shown either.
  - Always asks for a new token. An O(access_token) given to this module (for example by C(module_defaults))
    is not used.
  - The token expires after the lifetime the server sets (RV(expires_in), one hour by default). A play that runs
    longer than that logs in again, or lets the modules log in by themselves with O(username) and O(password).
author:
  - vb365.backup maintainers (@vb365)
options: {}
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.attributes
  - vb365.backup.attributes.action_group
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Getting a token changes nothing on the server that a task could see, so the module gets one in check mode
        too, and later tasks of a check run can read with it. It always returns C(changed=false).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details:
      - Nothing changes, so there is no diff.
seealso:
  - module: vb365.backup.job_session_info
  - name: Authorization (VB365 REST API)
    description: The token endpoint this module calls (POST /vN/token, grant_type=password).
    link: https://helpcenter.veeam.com/docs/vbo365/rest/authorization.html
notes:
  - Keep the registered result out of anything that prints variables (C(debug), templates, logs of your own).
    RV(access_token) is as good as the password until it expires.
'''

EXAMPLES = r'''
- name: Log in once
  vb365.backup.token:
    server: vb365.example.com
    port: 4443
    ca_path: /etc/pki/vb365-ca.pem
    username: CORP\vbo-admin
    password: "{{ vault_vb365_password }}"
  register: vb365_login
  no_log: true

- name: Reads that reuse the token and the API version it was issued for
  module_defaults:
    group/vb365.backup.vb365:
      server: vb365.example.com
      port: 4443
      ca_path: /etc/pki/vb365-ca.pem
      access_token: "{{ vb365_login.access_token }}"
      api_version: "{{ vb365_login.api_version }}"
  block:
    - name: Read a session (one request, no login, no version negotiation)
      vb365.backup.job_session_info:
        id: a8cf9a63-64c3-4748-9c95-b1fbac0cce1d
      register: session

    - name: List the ten newest sessions with the same token
      vb365.backup.job_session_info:
        limit: 10
      register: newest

- name: Show what the login negotiated (never the token itself)
  ansible.builtin.debug:
    msg: "API {{ vb365_login.api_version }}, token valid until {{ vb365_login.expires_at }}"
'''

RETURN = r'''
access_token:
  description:
    - The access token. Give it to later tasks as O(access_token).
    - A credential. The task's output never shows it; keep it out of anything you print or log.
  returned: success
  type: str
  sample: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...
api_version:
  description:
    - The REST API version the token belongs to (the one negotiated when O(api_version=auto)).
    - Give it to later tasks as O(api_version), so that they do not negotiate it again.
  returned: success
  type: str
  sample: v8
expires_in:
  description: Seconds the token stays valid from when the module got it, as the server said; V(null) if it did not say.
  returned: success
  type: int
  sample: 3600
expires_at:
  description: When the token expires (UTC, ISO 8601); V(null) if the server did not say.
  returned: success
  type: str
  sample: '2026-11-28T15:17:39Z'
'''

import datetime

from ansible_collections.vb365.backup.plugins.module_utils._runner import run_module
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._time import format_timestamp, utc_now


def argument_spec():
    return connection_argument_spec()


def module_kwargs():
    return connection_module_kwargs()


def validate_params(params):
    validate_connection_params(params)
    # A token comes from a user name and password: an access_token alone (from module_defaults, say) is not enough.
    if params['username'] is None:
        raise Vb365InputError('token needs username and password (or VB365_USERNAME and VB365_PASSWORD): it asks the '
                              'server for a new token with them; an access_token given to it is not used.')
    if not params['username'].strip():
        raise Vb365InputError('Invalid username: it is empty.')


def run(module, client):
    params = module.params
    validate_params(params)
    token = client.login()
    left = token.seconds_left(client.clock.monotonic())
    expires_in = expires_at = None
    if left is not None:
        expires_in = int(round(left))
        expires_at = format_timestamp(utc_now() + datetime.timedelta(seconds=left))
    return dict(changed=False, access_token=token.access_token, api_version=client.api_version,
                expires_in=expires_in, expires_at=expires_at)


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
