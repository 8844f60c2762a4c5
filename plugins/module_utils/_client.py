# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""HTTP to one VB365 server for one module run: the session, the API version, retries and time limits.

What a failure means is ``_http_errors``' (typed errors with the server's words), keeping
secrets out of text is ``_redact``'s, following pages is ``_paging``'s, tokens are
``_auth.Authenticator``'s, and the bounds of one exchange (its whole-request deadline, the body
cap) are ``_transport``'s. Nothing here calls ``fail_json``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import datetime
import email.utils
import random
import re

try:
    import requests
except ImportError:
    requests = None  # _runner fails the task with the command that installs it

from ansible_collections.vb365.backup.plugins.module_utils import _paging
from ansible_collections.vb365.backup.plugins.module_utils._auth import Authenticator
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import API_VERSIONS
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ConnectionError, Vb365ResponseError, is_transient_status
from ansible_collections.vb365.backup.plugins.module_utils._http_errors import (
    TRANSPORT_ERRORS,
    HttpErrors,
    after_attempts,
    is_timeout,
    is_unknown_route,
)
from ansible_collections.vb365.backup.plugins.module_utils._time import SYSTEM_CLOCK, utc_now
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
MAX_PAGE_SIZE = _paging.MAX_PAGE_SIZE
BACKOFF_BASE = 1
BACKOFF_CAP = 30
# A Retry-After longer than this is not waited for in full: the task has an operator waiting.
RETRY_AFTER_CAP = 60
# Retry-After in seconds: ASCII digits only (str.isdigit() also accepts "²" and "٣"), and not thousands of them.
RETRY_AFTER_SECONDS_RE = re.compile(r'^[0-9]{1,9}\Z')


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
        return max(0, (moment - utc_now()).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def backoff(attempt, base=BACKOFF_BASE, cap=BACKOFF_CAP, low=0.5):
    """Seconds to wait before the ``attempt``-th retry: base, 2 x base, 4 x base ... up to ``cap``, each scaled by a
    random factor between ``low`` and 1, so that clients do not retry in step."""
    return min(cap, base * 2 ** min(attempt - 1, 30)) * random.uniform(low, 1.0)


class Vb365Client:
    """A connection to one VB365 server for the duration of one module run (or of an event source).

    Takes its settings from the module's validated parameters (every connection option
    present, defaults filled in by the argument spec). Raises the errors of ``_errors``;
    it never calls ``fail_json`` (the module runner, ``_runner.run_guarded``, does).
    """

    # How every wait and pause of a run reads and passes time (see ``_time.Clock``); tests replace it.
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
        # A monotonic moment (by ``clock``) no request or retry may go past; set for a while by ``time_limit``.
        self._deadline = None

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

        self.errors = HttpErrors(self.base_url, self.secrets, self.server, self.port, self.session.verify,
                                 params['ca_path'], self.timeout)
        self.auth = Authenticator(self._send, self.errors, self.clock, params['username'], params['password'],
                                  params['access_token'])
        if self.session.verify is False:
            if warn:
                warn('validate_certs is false: the identity of %s is not checked, and the credentials sent to it '
                     'could be read by anyone in the middle. Give the server\'s CA certificate in ca_path instead.'
                     % self.base_url)
            # The Ansible warning above replaces urllib3's, which would only reach stderr.
            requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)

    def secrets(self):
        """Every secret this client knows, for blanking out of any text it shows."""
        return self.auth.secrets()

    def close(self):
        """Close the connections this client keeps open."""
        self.session.close()

    # ---- the public interface ------------------------------------------------------------

    def ensure_api_version(self):
        """Settle the API version before building a request whose path depends on it."""
        if self.api_version is None:
            if self.auth.given:
                # The cheapest request that exists on every version finds it.
                self.get('JobSessions', {'limit': 1})
            else:
                self.api_version = self.auth.login(self._versions_to_try())
        return self.api_version

    def login(self):
        """Get a new token with username and password, settling the API version; return the ``Token``.

        A given access token is replaced: the new one is this client's own from then on.
        """
        self.api_version = self.auth.login(self._versions_to_try())
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
            raise self.errors.not_an_object('GET %s' % self.api_path(path), body)
        return body

    def get_anonymous(self, path, answers=()):
        """GET ``/<version>/<path>`` without a token (``/v8/Health`` needs none): ``(HTTP status, decoded body)``.

        A read, repeated on transient failures like any other, except that a status in ``answers`` is the
        server's answer, not a failure: ``/v8/Health`` says "unhealthy" with a 503 and a body. Such an answer
        without a JSON object for a body, and every other error status, raises as any read does.
        """
        self.ensure_api_version()
        full_path = self.api_path(path)
        response = self._send('GET', full_path, True, answers=frozenset(answers))
        status = response.status_code
        if status in answers and status >= 400:
            try:
                body = self.errors.decode(response, 'GET', full_path)
            except Vb365ResponseError:
                body = None
            if isinstance(body, dict):
                return status, body
        self.errors.raise_for_status(response, 'GET', full_path)
        return status, self.errors.decode(response, 'GET', full_path)

    def iter_items(self, path, query=None, page_size=MAX_PAGE_SIZE):
        """Yield every item of a collection, following its pages (``_paging.iter_items``)."""
        return _paging.iter_items(self, path, query, page_size)

    def api_path(self, path, version=None):
        """``/<version>/<path>``: how requests and messages name a path."""
        return '/%s/%s' % (version or self.api_version, path.lstrip('/'))

    @contextlib.contextmanager
    def time_limit(self, moment):
        """Within this block no request or retry goes past ``moment`` (of ``clock.monotonic()``); blocks nest."""
        outer = self._deadline
        self._deadline = moment if outer is None else min(outer, moment)
        try:
            yield
        finally:
            self._deadline = outer

    # ---- requests ------------------------------------------------------------------------

    def _versions_to_try(self):
        return (self.api_version,) if self.api_version else API_VERSIONS

    def _api_request(self, method, path, repeatable, **kwargs):
        """An authorised request to ``/<version>/<path>``; ``repeatable`` says whether transient failures may resend it."""
        token = self.auth.token
        if self.auth.needs_renewal(token):
            self._renew(token)
        if self.api_version is None:
            return self._negotiate_with_user_token(method, path, repeatable, **kwargs)

        full_path = self.api_path(path)
        token = self.auth.token
        response = self._send(method, full_path, repeatable, authorized=True, **kwargs)
        if response.status_code == 401 and not self.auth.given:
            # The token expired or was revoked during the run: renew it once and send again.
            self._renew(token)
            response = self._send(method, full_path, repeatable, authorized=True, **kwargs)
        self.errors.raise_for_status(response, method, full_path, self.auth.given)
        return self.errors.decode(response, method, full_path)

    def _renew(self, seen):
        version = self.auth.renew(seen, self._versions_to_try())
        if version is not None:
            self.api_version = version

    def _negotiate_with_user_token(self, method, path, repeatable, **kwargs):
        """With a given access token and api_version=auto, the first request finds the version.

        It costs no extra request on a server that serves the newest version.
        """
        for version in API_VERSIONS:
            response = self._send(method, self.api_path(path, version), repeatable, authorized=True, **kwargs)
            if not is_unknown_route(response):
                self.api_version = version
                break
        else:
            raise self.errors.no_api(API_VERSIONS)
        self.errors.raise_for_status(response, method, self.api_path(path), self.auth.given)
        return self.errors.decode(response, method, self.api_path(path))

    def _send(self, method, path, repeatable, authorized=False, answers=frozenset(), **kwargs):
        """Send one request; when the caller says it is ``repeatable``, retry its transient failures.

        Reads and token requests are repeatable; actions (POST to a job) are not. A repeatable
        request is retried, up to ``retries`` times, on the answers ``_errors.is_transient_status``
        names (429 and 5xx) and on connections the server broke (``retryable`` errors), with
        exponential backoff and jitter, honouring Retry-After up to a cap. Refused connections,
        unknown hosts, TLS errors and timeouts are not retried: they do not heal in seconds,
        and retrying a timeout would multiply the wait. A status in ``answers`` is an answer, never retried.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send_once(method, path, authorized, **kwargs)
            except Vb365ConnectionError as e:
                if not (repeatable and e.retryable and attempt <= self.retries):
                    raise after_attempts(e, attempt)
                delay = backoff(attempt)
                if not self._time_left_for(delay):
                    raise after_attempts(e, attempt)
            else:
                if not (repeatable and is_transient_status(response.status_code) and response.status_code not in answers
                        and attempt <= self.retries):
                    response.vb365_attempts = attempt
                    return response
                delay = retry_after_seconds(response.headers.get('Retry-After')) or backoff(attempt)
                if not self._time_left_for(delay):
                    response.vb365_attempts = attempt
                    return response
            self.clock.sleep(min(delay, RETRY_AFTER_CAP))

    def _time_left_for(self, delay):
        """Whether a pause of ``delay`` (capped) and one more request still end before the time limit."""
        if self._deadline is None:
            return True
        return self.clock.monotonic() + min(delay, RETRY_AFTER_CAP) < self._deadline

    def _request_seconds(self, request):
        """The time one request may take: ``timeout``, or less when the time limit is nearer."""
        if self._deadline is None:
            return self.timeout
        left = self._deadline - self.clock.monotonic()
        if left <= 0:
            raise self.errors.deadline_passed(request)
        return min(self.timeout, left)

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
                raise self.errors.redirect(response, request)
            except BodyTooLarge as e:
                raise self.errors.body_too_large(request, response.status_code, MAX_BODY_BYTES, e)
            except BadEncoding as e:
                raise self.errors.bad_encoding(request, response.status_code, e)
            except TRANSPORT_ERRORS as e:
                raise self.errors.transport(e, request, seconds, deadline.expired or is_timeout(e))
            finally:
                if response is not None:
                    if response._content_consumed and response._content is not False:
                        response.raw.release_conn()
                    else:
                        # Unread (refused, too large, cut off): never drain it, drop the connection.
                        response.close()
        return response
