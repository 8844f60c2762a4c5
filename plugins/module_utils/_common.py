# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The shared connection argument spec, its validation, and shared constants.

``connection_argument_spec()`` and ``plugins/doc_fragments/connection.py`` describe
the same options: change both in the same commit.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError

# Newest first: the order in which api_version=auto tries them.
API_VERSIONS = ('v8', 'v7', 'v6', 'v5')
DEFAULT_PORT = 4443

GUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z')
# A host name, an IPv4 address, or an IPv6 address (bare or in brackets): nothing that
# could carry a scheme, credentials, a port or a path into the URL.
SERVER_RE = re.compile(r'^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)\Z')
MAX_TIMEOUT = 3600
MAX_RETRIES = 10


def connection_argument_spec():
    """A new dict of the connection options shared by every module."""
    return dict(
        server=dict(type='str', required=True, fallback=(env_fallback, ['VB365_SERVER'])),
        port=dict(type='int', default=DEFAULT_PORT, fallback=(env_fallback, ['VB365_PORT'])),
        username=dict(type='str', fallback=(env_fallback, ['VB365_USERNAME'])),
        password=dict(type='str', no_log=True, fallback=(env_fallback, ['VB365_PASSWORD'])),
        access_token=dict(type='str', no_log=True, fallback=(env_fallback, ['VB365_ACCESS_TOKEN'])),
        api_version=dict(type='str', default='auto', choices=('auto',) + tuple(sorted(API_VERSIONS)),
                         fallback=(env_fallback, ['VB365_API_VERSION'])),
        validate_certs=dict(type='bool', default=True, fallback=(env_fallback, ['VB365_VALIDATE_CERTS'])),
        ca_path=dict(type='path', fallback=(env_fallback, ['VB365_CA_PATH'])),
        timeout=dict(type='int', default=30, fallback=(env_fallback, ['VB365_TIMEOUT'])),
        retries=dict(type='int', default=3, fallback=(env_fallback, ['VB365_RETRIES'])),
    )


def connection_module_kwargs():
    """AnsibleModule keyword arguments that go with ``connection_argument_spec()``."""
    return dict(
        required_together=[('username', 'password')],
        required_one_of=[('access_token', 'username')],
    )


def validate_connection_params(params):
    """Refuse connection values that AnsibleModule's type checks let through."""
    server = params['server'].strip()
    if not SERVER_RE.match(server):
        raise Vb365InputError(
            "Invalid server %r: give a host name or IP address only, without a scheme, port or path "
            "(for example 'vb365.example.com'; the port goes in the 'port' option)." % params['server'])
    if not 1 <= params['port'] <= 65535:
        raise Vb365InputError('Invalid port %d: it must be between 1 and 65535 (the VB365 REST API listens on %d by default).'
                              % (params['port'], DEFAULT_PORT))
    if not 1 <= params['timeout'] <= MAX_TIMEOUT:
        raise Vb365InputError('Invalid timeout %d: it must be between 1 and %d seconds.' % (params['timeout'], MAX_TIMEOUT))
    if not 0 <= params['retries'] <= MAX_RETRIES:
        raise Vb365InputError('Invalid retries %d: it must be between 0 and %d.' % (params['retries'], MAX_RETRIES))


def validate_guid(value, option):
    """Return ``value`` if it is a GUID; otherwise refuse it, naming the option.

    Ids become part of request paths, so this check is also what keeps user input
    from changing the path.
    """
    if not isinstance(value, str) or not GUID_RE.match(value):
        raise Vb365InputError(
            "Invalid %s %r: it must be a GUID such as 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'." % (option, value))
    return value.lower()
