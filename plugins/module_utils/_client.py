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
import http.client
import json
import math
import random
import re
import threading
import traceback
from urllib.parse import quote, quote_plus, urlsplit

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
from ansible_collections.vb365.backup.plugins.module_utils._transport import (
    ACCEPT_ENCODING,
    MAX_BODY_BYTES,
    BadEncoding,
    BodyTooLarge,
    BoundedAdapter,
    Deadline,
    Redirected,
    read_body,
    refuse_redirects,
)

USER_AGENT = 'vb365.backup-ansible-collection'
# The API's documented maximum page size: the fewer pages, the fewer round trips.
MAX_PAGE_SIZE = 10000
EXCERPT_LENGTH = 200
BACKOFF_BASE = 1
BACKOFF_CAP = 30
# A Retry-After longer than this is not waited for in full: the task has an operator waiting.
RETRY_AFTER_CAP = 60
# The most pages one listing reads: 10 million items at the largest page size. A server whose
# paging does not end (or does not move forward) gets a clear error, not an endless task.
MAX_PAGES = 1000
# Retry-After in seconds: ASCII digits only (str.isdigit() also accepts "²" and "٣"), and not thousands of them.
RETRY_AFTER_SECONDS_RE = re.compile(r'^[0-9]{1,9}\Z')
# What OpenSSL says when the other end answers a TLS hello with something that is not TLS (plain HTTP).
NOT_TLS_RE = re.compile(r'wrong version number|record layer failure|packet length too long|http request|unknown protocol',
                        re.IGNORECASE)
HOST_MISMATCH_RE = re.compile(r'(Hostname|IP address) mismatch', re.IGNORECASE)
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


def secret_forms(secret):
    """The ways a secret can appear in text: as written, URL-encoded (quote, quote_plus), JSON- and repr-escaped."""
    forms = set((secret, quote(secret, safe=''), quote(secret), quote_plus(secret), quote_plus(secret, safe=''),
                 json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1],
                 repr(secret.encode('utf-8'))[2:-1]))
    return [form for form in forms if form]


def redact(text, secrets):
    """``text`` with every secret blanked out, in every form ``secret_forms`` knows.

    Short secrets too: a one-letter password blanks every such letter of a message, which
    makes it harder to read, but showing a password is worse.
    """
    forms = set()
    for secret in secrets:
        if secret:
            forms.update(secret_forms(secret))
    # Longest first, so that a form containing another is blanked whole.
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, '********')
    return text


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


def retry_after_seconds(value):
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date; None if absent or unreadable.

    Only ASCII digits count as seconds, and a date too far away to compute is unreadable: the
    caller caps the wait at RETRY_AFTER_CAP anyway.
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if RETRY_AFTER_SECONDS_RE.match(value):
        return int(value)
    if len(value) > 64:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
        if moment is None:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        return max(0, (moment - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


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
        body = decode_json(json_text(response))
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

        self.ca_path = params['ca_path']
        # A monotonic moment (by ``clock``) no request or retry may go past: a wait's wait_timeout. None: no limit.
        self.deadline = None

        self.session = requests.Session()
        self.session.headers.update({'Accept': 'application/json', 'User-Agent': USER_AGENT, 'Accept-Encoding': ACCEPT_ENCODING})
        # No redirect is ever followed: allow_redirects=False on every call, and this hook stops at a 3xx first.
        self.session.hooks['response'] = [refuse_redirects]
        # HTTPS_PROXY/NO_PROXY from the environment when use_proxy is true; nothing of the environment otherwise.
        self.session.trust_env = bool(params.get('use_proxy', True))
        adapter = BoundedAdapter()
        self.session.mount('https://', adapter)
        self.session.mount('http://', adapter)
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
        first_ids = set()
        for page in range(1, MAX_PAGES + 2):
            if page > MAX_PAGES:
                raise self._paging_error(path, 'more than %d pages of %d items for one listing' % (MAX_PAGES, page_size))
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
            expected = self._check_page(path, body, results, offset, page_size, first_ids)
            yield from results
            if len(results) < expected:
                return
            offset += len(results)
            # Let this page go before the next one is read: a long listing holds one page at a time, not two.
            body = results = None

    def _check_page(self, path, body, results, offset, page_size, first_ids):
        """Refuse a page that does not move the listing forward; return the page size the server uses.

        A server that ignores ``offset`` (or repeats a page) would make the listing endless.
        """
        echoed_offset = body.get('offset')
        if _is_int(echoed_offset) and echoed_offset != offset:
            raise self._paging_error(path, 'asked for offset %d, it answered the page at offset %d' % (offset, echoed_offset))
        first = results[0].get('id') if results and isinstance(results[0], dict) else None
        if isinstance(first, str):
            if first in first_ids:
                raise self._paging_error(path, 'the page at offset %d repeats an earlier page' % offset)
            first_ids.add(first)
        echoed = body.get('limit')
        if not _is_int(echoed):
            return page_size
        if echoed <= 0:
            raise self._paging_error(path, 'asked for %d items a page, it answered limit %d' % (page_size, echoed))
        # A server may clamp the page size below what was asked: trust what it echoes. A larger echo is
        # not trusted: a page shorter than it would end the listing early, although it may hold all
        # that was asked for (a server that ignores `limit` costs one more, empty, page instead).
        return min(echoed, page_size)

    def _paging_error(self, path, what):
        return Vb365ResponseError(
            'Failed to list GET %s from %s: the server\'s paging does not move forward (%s).'
            % (self._path(path), self.base_url, what), request='GET %s' % self._path(path))

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
                if not self._time_left_for(delay):
                    raise self._after_attempts(e, attempt)
            else:
                if not (repeatable and is_transient_status(response.status_code) and attempt <= self.retries):
                    response.vb365_attempts = attempt
                    return response
                delay = retry_after_seconds(response.headers.get('Retry-After')) or self._backoff(attempt)
                if not self._time_left_for(delay):
                    response.vb365_attempts = attempt
                    return response
            self.clock.sleep(min(delay, RETRY_AFTER_CAP))

    def _time_left_for(self, delay):
        """Whether a pause of ``delay`` (capped) and one more request still end before ``deadline``."""
        if self.deadline is None:
            return True
        return self.clock.monotonic() + min(delay, RETRY_AFTER_CAP) < self.deadline

    def _request_seconds(self, request):
        """The time one request may take: ``timeout``, or less when the deadline is nearer."""
        if self.deadline is None:
            return self.timeout
        left = self.deadline - self.clock.monotonic()
        if left <= 0:
            raise Vb365ConnectionError('Failed to %s on %s: the task\'s deadline (wait_timeout) has passed.'
                                       % (request, self.base_url), request=request)
        return min(self.timeout, left)

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
        """One request, its whole body read, within one deadline; a 3xx answer is refused, never followed."""
        headers = {}
        if authorized:
            headers['Authorization'] = 'Bearer %s' % self.auth.token.access_token
        request = '%s %s' % (method, path)
        seconds = self._request_seconds(request)
        response = None
        with Deadline(seconds) as deadline:
            try:
                # verify is passed on every call, not only set on the session: requests lets REQUESTS_CA_BUNDLE
                # or CURL_CA_BUNDLE in the environment override a session-level verify (psf/requests#3829).
                response = self.session.request(method, self.base_url + path, headers=headers, timeout=seconds,
                                                verify=self.session.verify, allow_redirects=False, stream=True, **kwargs)
                read_body(response)
            except Redirected as e:
                response = e.response
                raise self._redirect_error(response, request)
            except BodyTooLarge as e:
                raise Vb365ResponseError(
                    'Failed to read %s from %s: the body is larger than the %d MiB the client reads (%s).'
                    % (request, self.base_url, MAX_BODY_BYTES // (1024 * 1024), e),
                    status=response.status_code, request=request)
            except BadEncoding as e:
                raise Vb365ResponseError('Failed to read %s from %s: bad body: %s.' % (request, self.base_url, e),
                                         status=response.status_code, request=request)
            except (requests.exceptions.RequestException, requests.packages.urllib3.exceptions.HTTPError, OSError,
                    http.client.HTTPException) as e:
                # requests', urllib3's, http.client's, ssl's (an OSError) and the socket's errors: mapped by what they mean.
                raise self._transport_error(e, request, seconds, deadline.expired or self._is_timeout(e))
            finally:
                if response is not None:
                    if response._content_consumed and response._content is not False:
                        response.raw.release_conn()
                    else:
                        # Unread (refused, too large, cut off): never drain it, drop the connection.
                        response.close()
        return response

    @staticmethod
    def _is_timeout(error):
        names = set()
        while isinstance(error, BaseException) and len(names) < 10:
            names.add(type(error).__name__)
            error = getattr(error, 'reason', None) or (error.args[0] if error.args else None)
        return bool(names & set(('Timeout', 'ReadTimeout', 'ConnectTimeout', 'ReadTimeoutError', 'ConnectTimeoutError',
                                 'TimeoutError', 'timeout')))

    def _redirect_error(self, response, request):
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

    def _transport_error(self, error, request, seconds, timed_out):
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
        if isinstance(error, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)) \
                and not _connection_broke(error):
            return Vb365ConnectionError(
                'Failed to %s on %s: cannot connect: %s. Check server and port (the VB365 REST API listens on %d '
                'by default) and any firewall in between.' % (request, self.base_url, reason, DEFAULT_PORT),
                request=request)
        if isinstance(error, requests.exceptions.RequestException) and not isinstance(
                error, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
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
            names = certificate_names(self.server, self.port, self.session.verify, self.timeout)
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
        """The JSON body of a successful answer (None when empty), or a clear "bad body" error."""
        if response.status_code == 204 or not response.content:
            return None
        try:
            return decode_json(json_text(response))
        except ValueError as e:
            raise Vb365ResponseError(
                'Failed to read %s %s from %s: bad body (%s): the body is not JSON (HTTP %d, %s): %s'
                % (method, path, self.base_url, str(e)[:80], response.status_code,
                   response.headers.get('Content-Type', 'no content type'), _excerpt(response.text, self.secrets())),
                status=response.status_code, request='%s %s' % (method, path))


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _seconds(value):
    return ('%d' % value) if value == int(value) else ('%.1f' % value)


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
