# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""HTTP access to the VB365 REST API: one ``requests.Session`` per module run,
API version negotiation, retries, paging and error mapping.

Token requests and refresh are ``_auth.Authenticator``'s (sent through this client);
running a module around a client is ``_runner``'s. Nothing here calls ``fail_json``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import email.utils
import json
import random
import re
import threading
import traceback

REQUESTS_IMPORT_ERROR = None
try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.vb365.backup.plugins.module_utils._auth import Authenticator
from ansible_collections.vb365.backup.plugins.module_utils._connection import API_VERSIONS, DEFAULT_PORT
from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365ApiError,
    Vb365AuthError,
    Vb365ConnectionError,
    Vb365NotFoundError,
    Vb365ResponseError,
    is_transient_status,
)
from ansible_collections.vb365.backup.plugins.module_utils._time import SYSTEM_CLOCK

USER_AGENT = 'vb365.backup-ansible-collection'
# The API's documented maximum page size: the fewer pages, the fewer round trips.
MAX_PAGE_SIZE = 10000
EXCERPT_LENGTH = 200
BACKOFF_BASE = 1
BACKOFF_CAP = 30
# A Retry-After longer than this is not waited for in full: the task has an operator waiting.
RETRY_AFTER_CAP = 60
# "[Errno 111] Connection refused" and "certificate verify failed: self-signed certificate (_ssl.c:1006)"
# say it all; the wrapping that requests and urllib3 add around them does not.
ERRNO_RE = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")
SSL_VERIFY_RE = re.compile(r'(certificate verify failed: [^(\'"]+)')


def _excerpt(text, secrets):
    """A short, single-line piece of a response body with every secret blanked out."""
    text = redact(text, secrets)
    text = re.sub(r'\s+', ' ', text).strip()
    if len(text) > EXCERPT_LENGTH:
        text = text[:EXCERPT_LENGTH] + '...'
    return text


def redact(text, secrets):
    """``text`` with every secret blanked out.

    Secrets shorter than four characters are left alone: blanking every "a" of a
    message would make it unreadable while protecting nothing worth protecting.
    """
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, '********')
    return text


def server_message(body_text):
    """What the server said in an error body, in any of the shapes VB365 uses.

    The token endpoint answers OAuth-style (error_description, error); everything
    else answers RESTExceptionInfo (message, and errorCode from v7).
    """
    try:
        body = json.loads(body_text)
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


def retry_after_seconds(value):
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return max(0, (moment - datetime.datetime.now(datetime.timezone.utc)).total_seconds())


def _connection_broke(error):
    """Whether a requests error means the server broke an established connection (reset, closed mid-answer).

    Only those are worth a retry; a refused connection or an unknown host is not.
    """
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return True
    reason = error.args[0] if error.args else None
    return type(reason).__name__ == 'ProtocolError'


def is_unknown_route(response):
    """Whether a 404 means "this API version (path) does not exist" rather than "no such id".

    VB365 reports a missing resource with a RESTExceptionInfo body that has a
    ``message``; a version it does not serve gets a 404 without one (an empty body,
    an HTML page, or ASP.NET's ``{"Message": "No HTTP resource was found ..."}``).
    """
    if response.status_code != 404:
        return False
    try:
        body = response.json()
    except ValueError:
        return True
    return not (isinstance(body, dict) and isinstance(body.get('message'), str))


class Vb365Client:
    """A connection to one VB365 server for the duration of one module run.

    Takes its settings from the module's validated parameters (every connection option
    present, defaults filled in by the argument spec). Raises the errors of ``_errors``;
    it never calls ``fail_json`` (the module runner, ``_runner.run_guarded``, does).
    """

    # How every wait of a run reads and passes time (see ``_time.Clock``).
    clock = SYSTEM_CLOCK

    def __init__(self, params, warn=None):
        self.server = params['server'].strip()
        self.port = params['port']
        host = '[%s]' % self.server if ':' in self.server and not self.server.startswith('[') else self.server
        self.base_url = 'https://%s:%d' % (host, self.port)
        self.timeout = params['timeout']
        self.retries = params['retries']
        self._requested_version = params['api_version']
        self.api_version = None if self._requested_version == 'auto' else self._requested_version
        self.auth = Authenticator(self, params['username'], params['password'], params['access_token'])
        # Held while a token is got or renewed: reads fanned out on threads (_fanout) that all meet
        # an expired token renew it once, not once each.
        self._auth_lock = threading.Lock()

        self.session = requests.Session()
        self.session.headers.update({'Accept': 'application/json', 'User-Agent': USER_AGENT})
        # A CA file when given, otherwise whether to check against the system's CAs.
        self.session.verify = params['ca_path'] or bool(params['validate_certs'])
        if self.session.verify is False:
            if warn:
                warn('validate_certs is false: the identity of %s is not checked, and the credentials sent to it '
                     'could be read by anyone in the middle. Give the server\'s CA certificate in ca_path instead.'
                     % self.base_url)
            # The Ansible warning above replaces urllib3's, which would only reach stderr.
            requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)

    # ---- secrets -------------------------------------------------------------------------

    def secrets(self):
        """Every secret this client knows, for blanking out of any text it shows."""
        return self.auth.secrets()

    # ---- the public interface ------------------------------------------------------------

    def ensure_api_version(self):
        """Settle the API version before building a request whose path depends on it."""
        if self.api_version is None:
            if self.auth.given:
                # The cheapest request that exists on every version finds it.
                self.get('JobSessions', {'limit': 1})
            else:
                self._login()
        return self.api_version

    def login(self):
        """Get a new token with username and password, settling the API version; return the ``Token``.

        A given access token is replaced: the new one is this client's own from then on.
        """
        self.auth.given = False
        self._login()
        return self.auth.token

    def get(self, path, query=None):
        """GET ``/<version>/<path>`` and return the decoded JSON body. A read: repeated on transient failures."""
        return self._api_request('GET', path, repeatable=True, params=query)

    def post(self, path, body=None):
        """POST ``body`` as JSON (no body when None) to ``/<version>/<path>``; return the decoded answer or None.

        Sent once: only a 401, which the server answers before acting, is renewed and sent again.
        An action such as starting a job must not be repeated on a timeout or a 5xx.
        """
        # A POST never probes versions: it must reach the version it is meant for, once.
        self.ensure_api_version()
        return self._api_request('POST', path, repeatable=False, json=body)

    def get_object(self, path, query=None):
        """GET one resource, refusing any body that is not a JSON object (an array, an empty body, null)."""
        body = self.get(path, query)
        if not isinstance(body, dict):
            raise Vb365ResponseError(
                'Failed to read GET %s from %s: expected a JSON object, got %s.'
                % (self._path(path), self.base_url, _excerpt(json.dumps(body), self.secrets()) if body is not None else 'an empty body'),
                request='GET %s' % self._path(path))
        return body

    def iter_items(self, path, query=None, page_size=MAX_PAGE_SIZE):
        """Yield every item of a collection, following its pages.

        Handles both shapes the API uses for collections: a bare JSON array (v5-v7
        ``/Jobs``) and a page envelope (``results``). Stops on a short or empty page and
        never relies on ``totalCount`` or ``_links.next`` alone, which are not always sent:
        whether a real server omits ``next`` on the last page is undocumented, and trusting
        its absence could silently cut a listing short. A listing of an exact multiple of
        the page size therefore costs one more (empty) page.
        """
        query = dict(query or {})
        offset = 0
        while True:
            query.update(offset=offset, limit=page_size)
            body = self.get(path, query)
            if isinstance(body, list):
                yield from body
                return
            results = body.get('results') if isinstance(body, dict) else None
            if not isinstance(results, list):
                raise Vb365ResponseError(
                    'Failed to read GET %s from %s: expected a page of results, got %s.'
                    % (self._path(path), self.base_url, _excerpt(json.dumps(body), self.secrets())),
                    request='GET %s' % self._path(path))
            yield from results
            # A server may clamp the page size below what was asked: trust what it echoes.
            echoed = body.get('limit')
            expected = echoed if isinstance(echoed, int) and 0 < echoed < page_size else page_size
            if len(results) < expected:
                return
            offset += len(results)
            # Let this page go before the next one is read: a long listing holds one page at a time, not two.
            body = results = None

    # ---- authentication and version negotiation (the token requests are _auth's) ------------

    def _versions_to_try(self):
        return (self.api_version,) if self.api_version else API_VERSIONS

    def _login(self):
        """Get a token, choosing the newest API version the server serves when asked to."""
        version = self.auth.login(self._versions_to_try())
        if version is None:
            raise self._no_version_error(status=404)
        self.api_version = version

    def _renew(self, seen):
        """Log in (no token yet) or refresh the token ``seen``, unless another thread has replaced it meanwhile."""
        with self._auth_lock:
            if self.auth.token is not seen:
                return
            if seen is None:
                self._login()
            else:
                self._refresh()

    def _refresh(self):
        """Renew an expired or refused token (see ``Authenticator.refresh``)."""
        if self.auth.refresh(self.api_version) is None:
            raise self._no_version_error(status=404)

    def send_token_request(self, path, form):
        """POST a token request form, unauthorised; a token request may be repeated on transient failures."""
        return self._send('POST', path, repeatable=True, data=form)

    def _no_version_error(self, status=None):
        versions = ', '.join(self._versions_to_try())
        return Vb365NotFoundError(
            'Failed to find the VB365 REST API at %s: no token endpoint answered for API version %s. '
            'Check server and port (the REST API listens on %d by default) and that the REST API is enabled.'
            % (self.base_url, versions, DEFAULT_PORT), status=status)

    # ---- requests ------------------------------------------------------------------------

    def _path(self, path, version=None):
        return '/%s/%s' % (version or self.api_version, path.lstrip('/'))

    def _api_request(self, method, path, repeatable, **kwargs):
        """An authorised request to ``/<version>/<path>``; ``repeatable`` says whether transient failures may resend it."""
        token = self.auth.token
        if token is None or token.expires_soon():
            self._renew(token)
        if self.api_version is None:
            return self._negotiate_with_user_token(method, path, repeatable, **kwargs)

        full_path = self._path(path)
        token = self.auth.token
        response = self._send(method, full_path, repeatable, authorized=True, **kwargs)
        if response.status_code == 401 and not self.auth.given:
            # The token expired or was revoked during the run: renew it once and send again.
            self._renew(token)
            response = self._send(method, full_path, repeatable, authorized=True, **kwargs)
        self.raise_for_status(response, method, full_path)
        return self.decode(response, method, full_path)

    def _negotiate_with_user_token(self, method, path, repeatable, **kwargs):
        """With a given access token and api_version=auto, the first request finds the version.

        It costs no extra request on a server that serves the newest version.
        """
        response = None
        for version in API_VERSIONS:
            response = self._send(method, self._path(path, version), repeatable, authorized=True, **kwargs)
            if not is_unknown_route(response):
                self.api_version = version
                break
        else:
            raise self._no_version_error()
        self.raise_for_status(response, method, self._path(path))
        return self.decode(response, method, self._path(path))

    def _send(self, method, path, repeatable, authorized=False, **kwargs):
        """Send one request; when the caller says it is ``repeatable``, retry its transient failures.

        Reads and token requests are repeatable; actions (POST to a job) are not. A repeatable
        request is retried, up to ``retries`` times, on the answers ``_errors.is_transient_status``
        names (429 and 5xx) and on connections the server broke (``retryable`` errors), with
        exponential backoff and jitter, honouring Retry-After up to a cap. Refused connections,
        unknown hosts, TLS errors and timeouts are not retried: they do not heal in seconds,
        and retrying a timeout would multiply the wait.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send_once(method, path, authorized, **kwargs)
            except Vb365ConnectionError as e:
                if not (repeatable and e.retryable and attempt <= self.retries):
                    raise self._after_attempts(e, attempt)
                delay = self._backoff(attempt)
            else:
                if not (repeatable and is_transient_status(response.status_code) and attempt <= self.retries):
                    response.vb365_attempts = attempt
                    return response
                delay = retry_after_seconds(response.headers.get('Retry-After')) or self._backoff(attempt)
            self.clock.sleep(min(delay, RETRY_AFTER_CAP))

    def _backoff(self, attempt):
        """1, 2, 4, ... seconds (capped), each scaled by a random factor so that clients do not retry in step."""
        return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)

    @staticmethod
    def _after_attempts(error, attempts):
        if attempts > 1:
            error.msg = '%s (gave up after %d attempts)' % (error.msg, attempts)
            error.details['attempts'] = attempts
        return error

    def _send_once(self, method, path, authorized, **kwargs):
        headers = {}
        if authorized:
            headers['Authorization'] = 'Bearer %s' % self.auth.token.access_token
        request = '%s %s' % (method, path)
        try:
            # verify is passed on every call, not only set on the session: requests lets REQUESTS_CA_BUNDLE
            # or CURL_CA_BUNDLE in the environment override a session-level verify (psf/requests#3829).
            return self.session.request(method, self.base_url + path, headers=headers, timeout=self.timeout,
                                        verify=self.session.verify, **kwargs)
        except requests.exceptions.SSLError as e:
            raise Vb365ConnectionError(
                'Failed to %s on %s: TLS error: %s. If the server uses a self-signed or private CA certificate, '
                'give that CA in ca_path (or VB365_CA_PATH).' % (request, self.base_url, self._reason(e)), request=request)
        except requests.exceptions.Timeout:
            raise Vb365ConnectionError(
                'Failed to %s on %s: no answer within %d seconds (timeout). Check that the server is up and not '
                'overloaded, or raise timeout.' % (request, self.base_url, self.timeout), request=request)
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as e:
            if _connection_broke(e):
                error = Vb365ConnectionError('Failed to %s on %s: the server broke the connection: %s.'
                                             % (request, self.base_url, self._reason(e)), request=request)
                error.retryable = True
                raise error
            raise Vb365ConnectionError(
                'Failed to %s on %s: cannot connect: %s. Check server and port (the VB365 REST API listens on %d '
                'by default) and any firewall in between.' % (request, self.base_url, self._reason(e), DEFAULT_PORT),
                request=request)
        except requests.exceptions.RequestException as e:
            raise Vb365ConnectionError('Failed to %s on %s: %s' % (request, self.base_url, self._reason(e)), request=request)

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

    def server_said(self, response):
        """What the server said in an error answer, in a few words without secrets; '' when it said nothing."""
        return redact(server_message(response.text) or _excerpt(response.text, self.secrets()), self.secrets())

    def raise_for_status(self, response, method, path):
        """Raise the error an HTTP error status maps to (401: auth, 404: not found, other: API error)."""
        status = response.status_code
        if status < 400:
            return
        said = self.server_said(response) or 'no details in the response'
        base = 'Failed to %s %s on %s: HTTP %d' % (method, path, self.base_url, status)
        details = dict(status=status, request='%s %s' % (method, path))
        if status == 401:
            hint = ('the access token was refused; get a new one' if self.auth.given
                    else 'the token was refused even after authenticating again')
            error = Vb365AuthError('%s: %s (%s).' % (base, said, hint), **details)
        elif status == 404:
            error = Vb365NotFoundError('%s: %s' % (base, said), **details)
        else:
            error = Vb365ApiError('%s: %s' % (base, said), **details)
        raise self._after_attempts(error, getattr(response, 'vb365_attempts', 1))

    def decode(self, response, method, path):
        """The JSON body of a successful answer (None when empty), or a clear error."""
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise Vb365ResponseError(
                'Failed to read %s %s from %s: the body is not JSON (HTTP %d, %s): %s'
                % (method, path, self.base_url, response.status_code, response.headers.get('Content-Type', 'no content type'),
                   _excerpt(response.text, self.secrets())),
                status=response.status_code, request='%s %s' % (method, path))
