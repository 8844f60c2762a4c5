# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The connection options every module, role and event source shares: the one table, and what is built from it.

``CONNECTION_OPTIONS`` is the only place a connection option is written down: its type,
default, environment variable, whether it is secret, its documentation, and whether an AWX
credential carries it. At run time the modules' argument spec is built from it
(``connection_argument_spec()``); ``make generate`` (``tools/generate.py``) writes every
document and list derived from it (the doc fragment, the README table, the environment
variable lists of the guides and of ``docs/docsite/config.yml``, the gate role's spec and
defaults, the event source's reference, the AWX credential type). This file imports
nothing of Ansible's module machinery at import time, so that an Event-Driven Ansible
source can read the table too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

from ansible_collections.vb365.backup.plugins.module_utils._auth import check_access_token
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError

# Newest first: the order in which api_version=auto tries them.
API_VERSIONS = ('v8', 'v7', 'v6', 'v5')
DEFAULT_PORT = 4443
MAX_TIMEOUT = 3600
MAX_RETRIES = 10

# A host name, an IPv4 address, or an IPv6 address (bare or in brackets): nothing that
# could carry a scheme, credentials, a port or a path into the URL.
SERVER_RE = re.compile(r'^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)\Z')
# What a URL pasted into `server` looks like: an optional scheme, credentials, the host, a port, a path.
URL_LIKE_RE = re.compile(r'^\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^@/?#]*@)?(\[[^\]/]*\]|[^:/?#\[\]]+)(?::(\d{1,5}))?(?:[/?#].*)?\s*\Z')


class ConnectionOption(object):
    """One connection option: what the argument spec needs, and what its documents say.

    ``description`` is the option's documentation in Ansible's markup, without the sentence
    about its environment variable (the generator adds it); ``summary`` is one plain sentence for
    tables and lists. ``credential`` is the AWX credential field that carries it (a dict with
    ``label``, ``help_text`` and whether a credential ``required`` it), or None.
    """

    def __init__(self, name, type, default, env, summary, description, required=False, no_log=False, choices=None,
                 version_added=None, credential=None):
        self.name = name
        self.summary = summary
        self.type = type
        self.default = default
        self.env = env
        self.description = description
        self.required = required
        self.no_log = no_log
        self.choices = choices
        self.version_added = version_added
        self.credential = credential

    def spec(self):
        """This option's argument-spec entry, without the environment fallback (plain data)."""
        spec = dict(type=self.type)
        for key in ('default', 'required', 'no_log', 'choices'):
            value = getattr(self, key)
            if value not in (None, False):
                spec[key] = list(value) if key == 'choices' else value
        return spec


CONNECTION_OPTIONS = (
    ConnectionOption(
        'server', 'str', None, 'VB365_SERVER', required=True,
        summary='Host name or IP address of the VB365 server, without a scheme, port or path.',
        description=['Host name or IP address of the Veeam Backup for Microsoft 365 server that runs the REST API.',
                     'Only the host, without a scheme, port or path. The port goes in O(port).'],
        credential=dict(label='Server', required=True,
                        help_text='Host name or IP address of the VB365 server that runs the REST API, without a '
                                  'scheme, port or path (for example vb365.example.com).')),
    ConnectionOption(
        'port', 'int', DEFAULT_PORT, 'VB365_PORT',
        summary='TCP port of the REST API.',
        description=['TCP port of the REST API.'],
        credential=dict(label='Port', help_text="TCP port of the REST API. Empty means 4443, the product's default.")),
    ConnectionOption(
        'username', 'str', None, 'VB365_USERNAME',
        summary='User to authenticate as, for example CORP\\vbo-admin.',
        description=['User to authenticate as, for example V(CORP\\\\vbo-admin). Requires O(password).',
                     'Either O(username) and O(password), or O(access_token), must be given.'],
        credential=dict(label='Username', required=True, help_text='User to authenticate as, for example CORP\\vbo-admin.')),
    ConnectionOption(
        'password', 'str', None, 'VB365_PASSWORD', no_log=True,
        summary='Password of the user.',
        description=['Password of O(username).'],
        credential=dict(label='Password', required=True, help_text=None)),
    ConnectionOption(
        'access_token', 'str', None, 'VB365_ACCESS_TOKEN', no_log=True,
        summary='An access token to use instead of username and password.',
        description=["An access token issued by the server's C(/token) endpoint, used instead of O(username) and "
                     "O(password).",
                     'When both are given, O(access_token) is used and the credentials are ignored. A refused token '
                     'fails the task; it is not replaced by a new one.']),
    ConnectionOption(
        'api_version', 'str', 'auto', 'VB365_API_VERSION', choices=('auto',) + tuple(sorted(API_VERSIONS)),
        summary='Version of the REST API; auto uses the newest one the server serves.',
        description=['Version of the REST API to use.',
                     'V(auto) asks for a token at the newest version first and steps down to older ones when the '
                     'server does not serve it, so it costs nothing extra on a current server. The version used is '
                     'returned as RV(ignore:api_version).']),
    ConnectionOption(
        'validate_certs', 'bool', True, 'VB365_VALIDATE_CERTS',
        summary="Whether to verify the server's TLS certificate.",
        description=["Whether to verify the server's TLS certificate.",
                     'Prefer O(ca_path) for a self-signed or private CA certificate; V(false) emits a warning.'],
        credential=dict(label='Validate certificates',
                        help_text="Verify the server's TLS certificate. Keep it on and give the CA certificate instead. "
                                  'AWX injects false for a credential saved without this field, so set it explicitly '
                                  'when creating credentials through the API.')),
    ConnectionOption(
        'ca_path', 'path', None, 'VB365_CA_PATH',
        summary="Path of the PEM file with the CA certificate(s) that issued the server's certificate.",
        description=["Path of a PEM file with the CA certificate(s) that issued the server's certificate.",
                     'A path that is not a readable PEM certificate file is refused before any request.'],
        credential=dict(label='CA certificate path',
                        help_text='Path of a PEM file with the CA certificate(s), as the execution environment sees it. '
                                  'Used only when CA certificate is empty.')),
    ConnectionOption(
        'timeout', 'int', 30, 'VB365_TIMEOUT',
        summary='Seconds one whole HTTP request may take.',
        description=['Seconds one HTTP request may take as a whole, from connecting to the last byte of the answer '
                     '(not each read; a server that sends one byte a second still ends the request at this limit).',
                     'A task sends several requests (a token request, then each read, and its retries); the guide '
                     'section R(How long a task can take,ansible_collections.vb365.backup.docsite.authentication_and_tls.timing) '
                     'works it out.',
                     'Answers larger than 64 MiB (after decompression) are refused; redirects are never followed.']),
    ConnectionOption(
        'retries', 'int', 3, 'VB365_RETRIES',
        summary='How often to repeat a read that failed in a way that may heal by itself.',
        description=['How many times to repeat a read (and a token request) that failed in a way that may heal by '
                     'itself, an HTTP 429, 500, 502, 503 or 504 answer or a connection the server broke, before failing.',
                     'Waits between tries grow exponentially (about 1, 2, 4 seconds...) with random jitter, or follow '
                     "the server's C(Retry-After) header, up to 60 seconds. Actions that change the server are never "
                     'repeated.',
                     'So one read can take up to O(timeout) x (O(retries) + 1) plus the waits between tries (at most 60 '
                     'seconds each). While a module waits (O(ignore:wait_timeout)), no retry goes past its end.']),
    ConnectionOption(
        'use_proxy', 'bool', True, 'VB365_USE_PROXY', version_added='1.1.0',
        summary='Whether to honour HTTPS_PROXY and NO_PROXY.',
        description=['Whether to send requests through the proxy that the E(HTTPS_PROXY) (or E(https_proxy)) '
                     'environment variable names, except for the hosts that E(NO_PROXY) lists, as '
                     'C(ansible.builtin.uri) does.',
                     'V(false) ignores the proxy variables and connects to the server directly.']),
)
OPTIONS_BY_NAME = dict((option.name, option) for option in CONNECTION_OPTIONS)


def connection_option_specs():
    """Option name -> its argument-spec entry, with ``env`` (the variable) instead of a fallback: plain data."""
    specs = {}
    for option in CONNECTION_OPTIONS:
        specs[option.name] = dict(option.spec(), env=option.env)
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
    client without a module (tests, benchmarks).
    """
    params = dict((option.name, option.default) for option in CONNECTION_OPTIONS)
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
            named = [name.strip() for name in msg[len(prefix):].split(',')]
            connection = [name for name in named if name in OPTIONS_BY_NAME]
            if connection:
                return '%s. Give %s in the task, in module_defaults (group/vb365.backup.vb365) or as %s.' % (
                    msg.rstrip('.'), ' and '.join(connection), ' and '.join(OPTIONS_BY_NAME[name].env for name in connection))
    return msg


def validate_connection_params(params):
    """Refuse connection values that the argument spec's type checks let through, before any request."""
    _check_server(params['server'])
    if not 1 <= params['port'] <= 65535:
        raise Vb365InputError('Invalid port %d: it must be between 1 and 65535 (the VB365 REST API listens on %d by default).'
                              % (params['port'], DEFAULT_PORT))
    if not 1 <= params['timeout'] <= MAX_TIMEOUT:
        raise Vb365InputError('Invalid timeout %d: it must be between 1 and %d seconds.' % (params['timeout'], MAX_TIMEOUT))
    if not 0 <= params['retries'] <= MAX_RETRIES:
        raise Vb365InputError('Invalid retries %d: it must be between 0 and %d.' % (params['retries'], MAX_RETRIES))
    if params.get('ca_path'):
        check_ca_path(params['ca_path'])
    check_access_token(params.get('access_token'))


def _check_server(value):
    server = value.strip()
    if SERVER_RE.match(server) and _is_ipv6_if_colons(server):
        return
    hint = ''
    match = URL_LIKE_RE.match(value)
    if match and SERVER_RE.match(match.group(1)):
        hint = " Give server: '%s'%s." % (match.group(1), (' and port: %s' % match.group(2)) if match.group(2) else '')
    raise Vb365InputError(
        "Invalid server %r: give a host name or IP address only, without a scheme, port or path "
        "(for example 'vb365.example.com'; the port goes in the 'port' option).%s" % (value, hint))


def check_ca_path(path):
    """Refuse a ca_path that is not a readable file holding a PEM certificate: before any request, not after retries."""
    if not os.path.exists(path):
        raise Vb365InputError("Invalid ca_path %r: no such file. Give the path of the PEM file with the CA certificate "
                              "that issued the server's certificate (or set validate_certs: false to test without)." % path)
    if not os.path.isfile(path):
        raise Vb365InputError('Invalid ca_path %r: it is not a file. Give the path of a PEM file with the CA certificate.'
                              % path)
    try:
        with open(path, 'rb') as handle:
            head = handle.read(1024 * 1024)
    except (IOError, OSError) as e:
        raise Vb365InputError('Invalid ca_path %r: it cannot be read (%s).' % (path, e.strerror or e))
    if b'-----BEGIN CERTIFICATE-----' not in head:
        raise Vb365InputError("Invalid ca_path %r: it holds no PEM certificate (no '-----BEGIN CERTIFICATE-----' line). "
                              'Give the CA certificate in PEM form.' % path)


def _is_ipv6_if_colons(server):
    """Whether a server with a colon is an IPv6 address (bare or in brackets), not 'host:port' or '[v6]:port'."""
    if ':' not in server:
        return True
    import ipaddress
    try:
        ipaddress.IPv6Address(server[1:-1] if server.startswith('[') and server.endswith(']') else server)
    except ValueError:
        return False
    return True
