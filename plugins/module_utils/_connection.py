# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The connection options every module shares: one table, the argument spec built from it, their validation.

``CONNECTION_OPTIONS`` is the one list of connection options. The modules' argument spec is
built from it (``connection_argument_spec()``); ``plugins/doc_fragments/connection.py``
documents it and ``tests/unit/plugins/module_utils/test__connection.py`` fails when the two
disagree. This file imports nothing of Ansible's module machinery at import time, so that
code outside a module (an Event-Driven Ansible source plugin) can read the table too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

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

# name -> (type, default, environment variable, extra argument-spec keys). Adding a connection
# option is one line here plus its entry in the connection doc fragment.
CONNECTION_OPTIONS = (
    ('server', 'str', None, 'VB365_SERVER', dict(required=True)),
    ('port', 'int', DEFAULT_PORT, 'VB365_PORT', {}),
    ('username', 'str', None, 'VB365_USERNAME', {}),
    ('password', 'str', None, 'VB365_PASSWORD', dict(no_log=True)),
    ('access_token', 'str', None, 'VB365_ACCESS_TOKEN', dict(no_log=True)),
    ('api_version', 'str', 'auto', 'VB365_API_VERSION', dict(choices=('auto',) + tuple(sorted(API_VERSIONS)))),
    ('validate_certs', 'bool', True, 'VB365_VALIDATE_CERTS', {}),
    ('ca_path', 'path', None, 'VB365_CA_PATH', {}),
    ('timeout', 'int', 30, 'VB365_TIMEOUT', {}),
    ('retries', 'int', 3, 'VB365_RETRIES', {}),
)


def connection_option_specs():
    """Option name -> its argument-spec entry, without the environment fallback (plain data, no Ansible import)."""
    specs = {}
    for name, option_type, default, env_var, extra in CONNECTION_OPTIONS:
        spec = dict(type=option_type, env=env_var)
        if default is not None:
            spec['default'] = default
        spec.update(extra)
        specs[name] = spec
    return specs


def connection_argument_spec():
    """A new dict of the connection options shared by every module, each falling back to its environment variable."""
    from ansible.module_utils.basic import env_fallback

    spec = connection_option_specs()
    for option in spec.values():
        option['fallback'] = (env_fallback, [option.pop('env')])
    return spec


def connection_defaults(**values):
    """Every connection option at its default (None when it has none), updated with ``values``.

    What ``AnsibleModule`` would hand the client for those values: for callers that build the
    client without a module (tests, an event source).
    """
    params = dict((name, default) for name, dummy, default, dummy2, dummy3 in CONNECTION_OPTIONS)
    params.update(values)
    return params


def connection_module_kwargs():
    """AnsibleModule keyword arguments that go with ``connection_argument_spec()``."""
    return dict(
        required_together=[('username', 'password')],
        required_one_of=[('access_token', 'username')],
    )


# The three messages ansible-core's argument validation writes about missing options; each is
# followed by a comma-separated list of option names (ansible.module_utils.common.validation).
_CORE_MISSING_MESSAGES = ('missing required arguments: ', 'parameters are required together: ',
                          'one of the following is required: ')


def missing_option_hint(msg):
    """``msg`` with a hint appended when it is core's message about missing connection options.

    Core says "missing required arguments: server" and nothing else; a user who gave the server
    in ``module_defaults`` for another module, or in a variable the task never used, needs to know
    the three places a connection option can come from. Any other message comes back unchanged.
    """
    for prefix in _CORE_MISSING_MESSAGES:
        if msg.startswith(prefix):
            env_vars = dict((name, env_var) for name, dummy, dummy2, env_var, dummy3 in CONNECTION_OPTIONS)
            named = [name.strip() for name in msg[len(prefix):].split(',')]
            connection = [name for name in named if name in env_vars]
            if connection:
                return '%s. Give %s in the task, in module_defaults (group/vb365.backup.vb365) or as %s.' % (
                    msg.rstrip('.'), ' and '.join(connection), ' and '.join(env_vars[name] for name in connection))
    return msg


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
