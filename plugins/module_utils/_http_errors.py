# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""What happened to a request, as one of the collection's typed errors: transport, TLS, HTTP status, body.

Every message names the server, the request and what the server said, with every secret
blanked out (``_redact``). Reading a successful answer's JSON lives here too: a body that
is not JSON is a failure of the same kind.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import json
import math
import re
from urllib.parse import urlsplit

try:
    import requests
except ImportError:  # _runner reports the missing library
    requests = None

from ansible_collections.vb365.backup.plugins.module_utils._connection_options import DEFAULT_PORT
from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365ApiError,
    Vb365AuthError,
    Vb365ConnectionError,
    Vb365NotFoundError,
    Vb365ResponseError,
)
from ansible_collections.vb365.backup.plugins.module_utils._redact import excerpt, redact

# What OpenSSL says when the other end answers a TLS hello with something that is not TLS (plain HTTP).
NOT_TLS_RE = re.compile(r'wrong version number|record layer failure|packet length too long|http request|unknown protocol',
                        re.IGNORECASE)
HOST_MISMATCH_RE = re.compile(r'(Hostname|IP address) mismatch', re.IGNORECASE)
# "[Errno 111] Connection refused" and "certificate verify failed: self-signed certificate (_ssl.c:1006)"
# say it all; the wrapping that requests and urllib3 add around them does not.
ERRNO_RE = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")
SSL_VERIFY_RE = re.compile(r'(certificate verify failed: [^(\'"]+)')
TIMEOUT_ERROR_NAMES = frozenset(('Timeout', 'ReadTimeout', 'ConnectTimeout', 'ReadTimeoutError', 'ConnectTimeoutError',
                                 'TimeoutError', 'timeout'))


# ---- reading bodies --------------------------------------------------------------------------

def decode_json(text):
    """Parse JSON the way the client reads every body; a bad number becomes null, not a failure.

    Numbers Python cannot hold as sent (an integer of thousands of digits, ``1e999``) are
    None: one odd field must not hide the rest (a session's status). Nesting too deep to
    parse raises ValueError like any other unreadable body.
    """
    try:
        try:
            return json.loads(text, parse_float=_finite_float)
        except ValueError:
            # The fast parser refuses integers longer than Python's digit limit: parse again, keeping them as null.
            return json.loads(text, parse_float=_finite_float, parse_int=_bounded_int)
    except RecursionError:
        raise ValueError('nested too deeply')


def json_text(response):
    """A response's body as text for the JSON parser, as requests' ``json()`` finds it.

    ``response.text`` would guess a missing charset with charset_normalizer, slowly on a
    page of megabytes; JSON's own encoding is found from its first bytes instead.
    """
    if response.encoding:
        return response.text
    return response.content.decode(requests.utils.guess_json_utf(response.content) or 'utf-8', 'replace')


def _finite_float(text):
    value = float(text)
    return value if math.isfinite(value) else None


def _bounded_int(text):
    return int(text) if len(text) <= 4000 else None


def server_message(body_text):
    """What the server said in an error body, in any of the shapes VB365 uses.

    The token endpoint answers OAuth-style (error_description, error); everything
    else answers RESTExceptionInfo (message, and errorCode from v7).
    """
    try:
        body = decode_json(body_text)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    message = body.get('error_description') or body.get('message') or body.get('Message') or body.get('error')
    if not isinstance(message, str):
        return None
    error_code = body.get('errorCode')
    if isinstance(error_code, str) and error_code:
        message = '%s (%s)' % (message, error_code)
    return message


def is_unknown_route(response):
    """Whether a 404 means "this API version (path) does not exist" rather than "no such id".

    VB365 reports a missing resource with a RESTExceptionInfo body that has a
    ``message``; a version it does not serve gets a 404 without one (an empty body,
    an HTML page, or ASP.NET's ``{"Message": "No HTTP resource was found ..."}``).
    """
    if response.status_code != 404:
        return False
    try:
        body = decode_json(json_text(response))
    except ValueError:
        return True
    return not (isinstance(body, dict) and isinstance(body.get('message'), str))


def connection_broke(error):
    """Whether a requests error means the server broke an established connection (reset, closed mid-answer).

    Only those are worth a retry; a refused connection or an unknown host is not.
    """
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return True
    reason = error.args[0] if error.args else None
    return type(reason).__name__ == 'ProtocolError'


def is_timeout(error):
    """Whether a requests/urllib3/socket error, or any error it wraps, is a timeout."""
    names = set()
    while isinstance(error, BaseException) and len(names) < 10:
        names.add(type(error).__name__)
        error = getattr(error, 'reason', None) or (error.args[0] if error.args else None)
    return bool(names & TIMEOUT_ERROR_NAMES)


def after_attempts(error, attempts):
    """``error``, saying how many attempts it took when there were several."""
    if attempts > 1:
        error.msg = '%s (gave up after %d attempts)' % (error.msg, attempts)
        error.details['attempts'] = attempts
    return error


def _seconds(value):
    return ('%d' % value) if value == int(value) else ('%.1f' % value)


class HttpErrors:
    """The typed errors of one client: each names ``base_url``, the request and what the server said, without secrets.

    ``secrets`` is a callable returning every secret the client knows (its token changes during a run);
    ``tls`` holds what a TLS message needs: the server and port, the ``verify`` setting, ``ca_path`` and the timeout.
    """

    def __init__(self, base_url, secrets, server, port, verify, ca_path, timeout):
        self.base_url = base_url
        self.secrets = secrets
        self.server = server
        self.port = port
        self.verify = verify
        self.ca_path = ca_path
        self.timeout = timeout

    def server_said(self, response):
        """What the server said in an error answer, in a few words without secrets; '' when it said nothing."""
        secrets = self.secrets()
        return redact(server_message(response.text) or excerpt(response.text, secrets), secrets)

    def raise_for_status(self, response, method, path, token_given=False):
        """Raise the error an HTTP error status maps to (401: auth, 404: not found, other: API error)."""
        status = response.status_code
        if status < 400:
            return
        said = self.server_said(response) or 'no details in the response'
        base = 'Failed to %s %s on %s: HTTP %d' % (method, path, self.base_url, status)
        details = dict(status=status, request='%s %s' % (method, path))
        if status == 401:
            hint = ('the access token was refused; get a new one' if token_given
                    else 'the token was refused even after authenticating again')
            error = Vb365AuthError('%s: %s (%s).' % (base, said, hint), **details)
        elif status == 404:
            error = Vb365NotFoundError('%s: %s' % (base, said), **details)
        else:
            error = Vb365ApiError('%s: %s' % (base, said), **details)
        raise after_attempts(error, getattr(response, 'vb365_attempts', 1))

    def decode(self, response, method, path):
        """The JSON body of a successful answer (None when empty), or a clear "bad body" error."""
        if response.status_code == 204 or not response.content:
            return None
        try:
            return decode_json(json_text(response))
        except ValueError as e:
            raise Vb365ResponseError(
                'Failed to read %s %s from %s: bad body (%s): the body is not JSON (HTTP %d, %s): %s'
                % (method, path, self.base_url, str(e)[:80], response.status_code,
                   response.headers.get('Content-Type', 'no content type'), excerpt(response.text, self.secrets())),
                status=response.status_code, request='%s %s' % (method, path))

    def not_an_object(self, request, body):
        shown = excerpt(json.dumps(body), self.secrets()) if body is not None else 'an empty body'
        return Vb365ResponseError('Failed to read %s from %s: expected a JSON object, got %s.' % (request, self.base_url, shown),
                                  request=request)

    def not_a_page(self, request, body):
        return Vb365ResponseError('Failed to read %s from %s: expected a page of results, got %s.'
                                  % (request, self.base_url, excerpt(json.dumps(body), self.secrets())), request=request)

    def paging(self, request, what):
        return Vb365ResponseError("Failed to list %s from %s: the server's paging does not move forward (%s)."
                                  % (request, self.base_url, what), request=request)

    def body_too_large(self, request, status, cap, detail):
        return Vb365ResponseError('Failed to read %s from %s: the body is larger than the %d MiB the client reads (%s).'
                                  % (request, self.base_url, cap // (1024 * 1024), detail), status=status, request=request)

    def bad_encoding(self, request, status, detail):
        return Vb365ResponseError('Failed to read %s from %s: bad body: %s.' % (request, self.base_url, detail),
                                  status=status, request=request)

    def no_api(self, versions, status=None):
        """No API version of ``versions`` is served at the configured address."""
        return Vb365NotFoundError(
            'Failed to find the VB365 REST API at %s: no token endpoint answered for API version %s. '
            'Check server and port (the REST API listens on %d by default) and that the REST API is enabled.'
            % (self.base_url, ', '.join(versions), DEFAULT_PORT), status=status)

    def deadline_passed(self, request):
        return Vb365ConnectionError("Failed to %s on %s: the task's deadline (wait_timeout) has passed."
                                    % (request, self.base_url), request=request)

    def redirect(self, response, request):
        location = response.headers.get('Location') or ''
        try:
            parts = urlsplit(location.strip())
            origin = ('%s://%s%s' % (parts.scheme, parts.hostname, ':%d' % parts.port if parts.port else '')
                      if parts.scheme and parts.hostname else None)
        except ValueError:
            origin = None
        where = ('a redirect to %s' % origin) if origin else 'a redirect'
        return Vb365ApiError(
            'Failed to %s on %s: the server answered HTTP %d, %s, which is not followed: credentials and tokens '
            'go to %s only. Point server and port at the REST API itself.'
            % (request, self.base_url, response.status_code, redact(where, self.secrets()), self.base_url),
            status=response.status_code, request=request)

    def transport(self, error, request, seconds, timed_out):
        """The collection's error for a failure of the transport (connect, TLS, headers, body)."""
        if timed_out:
            if isinstance(error, requests.exceptions.ConnectTimeout):
                what = 'could not connect within %s seconds (timeout)' % _seconds(seconds)
            else:
                what = 'no complete answer within %s seconds (timeout)' % _seconds(seconds)
            return Vb365ConnectionError(
                'Failed to %s on %s: %s. Check that the server is up and not overloaded, or raise timeout.'
                % (request, self.base_url, what), request=request)
        reason = self._reason(error)
        if isinstance(error, requests.exceptions.SSLError):
            return Vb365ConnectionError(self._tls_message(request, reason), request=request)
        broken = (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)
        if isinstance(error, broken) and not connection_broke(error):
            return Vb365ConnectionError(
                'Failed to %s on %s: cannot connect: %s. Check server and port (the VB365 REST API listens on %d '
                'by default) and any firewall in between.' % (request, self.base_url, reason, DEFAULT_PORT),
                request=request)
        if isinstance(error, requests.exceptions.RequestException) and not isinstance(error, broken):
            # A request requests refused to send (an invalid header value, URL): repeating it changes nothing.
            return Vb365ConnectionError('Failed to %s on %s: %s' % (request, self.base_url, reason), request=request)
        # Broke after connecting (reset, closed mid-answer, a cut body): a safe request may be repeated.
        failure = Vb365ConnectionError('Failed to %s on %s: the server broke the connection: %s.'
                                       % (request, self.base_url, reason), request=request)
        failure.retryable = True
        return failure

    def _tls_message(self, request, reason):
        base = 'Failed to %s on %s' % (request, self.base_url)
        if NOT_TLS_RE.search(reason):
            return ('%s: the port answers, but does not speak HTTPS (%s): check `port` (the VB365 REST API listens '
                    'on %d by default).' % (base, reason, DEFAULT_PORT))
        if HOST_MISMATCH_RE.search(reason):
            names = certificate_names(self.server, self.port, self.verify, self.timeout)
            said = ('the certificate is for %s, not for %s' % (', '.join(names), self.server) if names
                    else 'the certificate is not for %s' % self.server)
            return ('%s: TLS error: %s. Set server to a name the certificate is for, or have the certificate '
                    'reissued for %s.' % (base, said, self.server))
        if self.ca_path:
            return ('%s: TLS error: %s. Check that ca_path (%s) holds the CA that issued the server\'s certificate.'
                    % (base, reason, self.ca_path))
        return ('%s: TLS error: %s. If the server uses a self-signed or private CA certificate, '
                'give that CA in ca_path (or VB365_CA_PATH).' % (base, reason))

    def _reason(self, error):
        """The most specific reason of a requests exception, in a few words, without secrets."""
        reason = error
        # requests wraps urllib3's errors, which wrap the socket's or ssl's: dig to the innermost.
        while True:
            inner = getattr(reason, 'reason', None)
            if inner is None and reason.args and isinstance(reason.args[0], BaseException):
                inner = reason.args[0]
            if inner is None and reason.args and isinstance(reason.args[-1], BaseException):
                # urllib3's ProtocolError('Connection aborted.', RemoteDisconnected(...)) names its cause last.
                inner = reason.args[-1]
            if not isinstance(inner, BaseException) or inner is reason:
                break
            reason = inner
        text = str(reason)
        match = ERRNO_RE.search(text) or SSL_VERIFY_RE.search(text)
        return redact(match.group(1).strip() if match else text, self.secrets())


# The transport errors a request can raise below the collection: requests', urllib3's, http.client's, ssl's and the socket's.
TRANSPORT_ERRORS = (OSError, http.client.HTTPException) + (
    (requests.exceptions.RequestException, requests.packages.urllib3.exceptions.HTTPError) if requests else ())


def certificate_names(host, port, verify, timeout):
    """The DNS names and IP addresses the server's certificate is for, when its chain is trusted; [] otherwise.

    Asked on a second connection that checks the chain but not the name, only to explain a name mismatch.
    """
    import socket
    import ssl
    try:
        context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
        context.check_hostname = False
        with socket.create_connection((host.strip('[]'), port), timeout=min(timeout, 10)) as raw:
            with context.wrap_socket(raw, server_hostname=host.strip('[]')) as tls:
                certificate = tls.getpeercert() or {}
    except (OSError, ValueError, ssl.SSLError):
        return []
    return [value for kind, value in certificate.get('subjectAltName', ()) if kind in ('DNS', 'IP Address')][:10]
