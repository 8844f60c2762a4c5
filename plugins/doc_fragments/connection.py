# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Documents plugins/module_utils/_connection.py CONNECTION_OPTIONS; test__connection.py fails when they disagree.
    DOCUMENTATION = r'''
options:
  server:
    description:
      - Host name or IP address of the Veeam Backup for Microsoft 365 server that runs the REST API.
      - Only the host, without a scheme, port or path. The port goes in O(port).
      - If not set, the value of the E(VB365_SERVER) environment variable is used.
    type: str
    required: true
  port:
    description:
      - TCP port of the REST API.
      - If not set, the value of the E(VB365_PORT) environment variable is used, then V(4443), the product's default.
    type: int
    default: 4443
  username:
    description:
      - User to authenticate as, for example V(CORP\\vbo-admin). Requires O(password).
      - If not set, the value of the E(VB365_USERNAME) environment variable is used.
      - Either O(username) and O(password), or O(access_token), must be given.
    type: str
  password:
    description:
      - Password of O(username).
      - If not set, the value of the E(VB365_PASSWORD) environment variable is used.
    type: str
  access_token:
    description:
      - An access token issued by the server's C(/token) endpoint, used instead of O(username) and O(password).
      - When both are given, O(access_token) is used and the credentials are ignored.
        A refused token fails the task; it is not replaced by a new one.
      - If not set, the value of the E(VB365_ACCESS_TOKEN) environment variable is used.
    type: str
  api_version:
    description:
      - Version of the REST API to use.
      - V(auto) asks for a token at the newest version first and steps down to older ones when the server
        does not serve it, so it costs nothing extra on a current server. The version used is returned as RV(ignore:api_version).
      - If not set, the value of the E(VB365_API_VERSION) environment variable is used.
    type: str
    choices: [auto, v5, v6, v7, v8]
    default: auto
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
      - Prefer O(ca_path) for a self-signed or private CA certificate; V(false) emits a warning.
      - If not set, the value of the E(VB365_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path of a PEM file with the CA certificate(s) that issued the server's certificate.
      - If not set, the value of the E(VB365_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds one HTTP request may take as a whole, from connecting to the last byte of the answer
        (not each read; a server that sends one byte a second still ends the request at this limit).
      - A task sends several requests (a token request, then each read, and its retries); the guide section
        R(How long a task can take,ansible_collections.vb365.backup.docsite.authentication_and_tls.timing) works it out.
      - Answers larger than 64 MiB (after decompression) are refused; redirects are never followed.
      - If not set, the value of the E(VB365_TIMEOUT) environment variable is used.
    type: int
    default: 30
  retries:
    description:
      - How many times to repeat a read (and a token request) that failed in a way that may heal by itself,
        an HTTP 429, 500, 502, 503 or 504 answer or a connection the server broke, before failing.
      - Waits between tries grow exponentially (about 1, 2, 4 seconds...) with random jitter, or follow the
        server's C(Retry-After) header, up to 60 seconds. Actions that change the server are never repeated.
      - So one read can take up to O(timeout) x (O(retries) + 1) plus the waits between tries
        (at most 60 seconds each). While a module waits (O(ignore:wait_timeout)), no retry goes past its end.
      - If not set, the value of the E(VB365_RETRIES) environment variable is used.
    type: int
    default: 3
  use_proxy:
    description:
      - Whether to send requests through the proxy that the E(HTTPS_PROXY) (or E(https_proxy)) environment
        variable names, except for the hosts that E(NO_PROXY) lists, as C(ansible.builtin.uri) does.
      - V(false) ignores the proxy variables and connects to the server directly.
      - If not set, the value of the E(VB365_USE_PROXY) environment variable is used.
    type: bool
    default: true
    version_added: 1.1.0
notes:
  - The modules talk to the REST API over HTTPS from wherever they run, usually the control node
    (C(localhost), or C(delegate_to) C(localhost)). They need the Python library C(requests) there.
  - Set the connection options once for a play with C(module_defaults) and the action group
    C(group/vb365.backup.vb365).
requirements:
  - requests
'''
