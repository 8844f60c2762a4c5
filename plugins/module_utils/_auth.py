# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Access tokens: asking ``/vN/token`` for one (choosing the API version on the way), refreshing it, or using a given one.

``Authenticator`` owns the token request end to end: it builds the form, sends it through the
``send`` function the client gives it (the client's transport, with its retries and deadline),
reads the answer and maps failures to the errors of ``_errors``. It never calls ``fail_json``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re
import threading

from ansible_collections.vb365.backup.plugins.module_utils._errors import (
    Vb365AuthError,
    Vb365InputError,
    Vb365NotFoundError,
    Vb365ResponseError,
)

# Versions whose token endpoint knows disable_antiforgery_token. Sending it to v5/v6
# is not in their specification, so it is never sent there.
ANTIFORGERY_VERSIONS = ('v7', 'v8')
# Renew a token this many seconds before the server says it expires, so that a
# request never leaves with a token that dies on the way.
EXPIRY_MARGIN = 30
# A token's lifetime is believed up to a day: a longer (or absurd) one only means "renew on a 401".
MAX_EXPIRES_IN = 86400
EXPIRES_IN_TEXT_RE = re.compile(r'^\s*[0-9]{1,9}(\.[0-9]{0,9})?\s*\Z')
# What an HTTP header value (Authorization: Bearer ...) can carry: visible ASCII, no spaces or control characters.
TOKEN_RE = re.compile(r'^[\x21-\x7e]+\Z')


def clean_token(value):
    """A token without surrounding whitespace (a trailing newline from a file lookup), or None if it cannot be sent.

    Inner whitespace, control or non-ASCII characters cannot go into a header; the value is never shown.
    """
    value = value.strip() if isinstance(value, str) else ''
    return value if TOKEN_RE.match(value) else None


def check_access_token(value):
    """Refuse a given access_token a request header could not carry, before any request, without showing it."""
    if value is not None and clean_token(value) is None:
        raise Vb365InputError('Invalid access_token: it is empty or holds spaces, control or non-ASCII characters '
                              'inside it (its value is not shown). Give the token exactly as the server issued it.')


def lifetime_seconds(value):
    """A token's ``expires_in`` as seconds, or None when absent, not positive, not finite or unreadable.

    Capped at MAX_EXPIRES_IN: a server's "forever" must not overflow a date or keep a dead token.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and EXPIRES_IN_TEXT_RE.match(value):
        value = float(value)
    if not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)) or value <= 0:
        return None
    return min(value, MAX_EXPIRES_IN)


class Token:
    """An access token, and what is needed to renew it.

    ``expires_at`` is a moment of the client's clock (``monotonic()``), None when the server gave no lifetime.
    """

    def __init__(self, access_token, refresh_token=None, expires_in=None, now=0.0):
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.expires_at = None if expires_in is None else now + expires_in

    def expires_soon(self, now):
        return self.expires_at is not None and now >= self.expires_at - EXPIRY_MARGIN

    def seconds_left(self, now):
        """Seconds until the token expires (None when unknown)."""
        return None if self.expires_at is None else max(0.0, self.expires_at - now)

    def secrets(self):
        return [s for s in (self.access_token, self.refresh_token) if s]


def token_form(version, grant_type, **fields):
    """The form fields of a token request for one API version."""
    form = dict(grant_type=grant_type)
    form.update(fields)
    if version in ANTIFORGERY_VERSIONS:
        form['disable_antiforgery_token'] = 'true'
    return form


def parse_token_response(body, now=0.0):
    """A ``Token`` from the JSON body of a successful token request."""
    if not isinstance(body, dict) or not isinstance(body.get('access_token'), str) or not body['access_token']:
        # The body may hold a token in an unexpected place: never quote it.
        raise Vb365ResponseError('The token response has no access_token.')
    access_token = clean_token(body['access_token'])
    if access_token is None:
        raise Vb365ResponseError('The token response has an access_token with spaces, control or non-ASCII characters '
                                 'inside it, which no request header can carry (its value is not shown).')
    refresh_token = body.get('refresh_token')
    refresh_token = clean_token(refresh_token) if isinstance(refresh_token, str) else None
    # Without a lifetime the token is used until the server answers 401.
    return Token(access_token, refresh_token, lifetime_seconds(body.get('expires_in')), now)


class Authenticator:
    """The credentials of one client, the token it currently uses, and the token requests.

    ``send(method, path, repeatable, **kwargs)`` sends one unauthorised request through the
    client's transport (retries and deadline included) and returns the response; ``errors`` is
    the client's ``_http_errors.HttpErrors``; ``clock`` tells how old a token is.
    """

    def __init__(self, send, errors, clock, username, password, access_token):
        self._send = send
        self._errors = errors
        self._clock = clock
        self.username = username
        self._password = password
        # Every token this client held, the given one as given: all are blanked out of any text shown.
        self._seen = [s for s in (password, access_token) if s]
        self._token = None
        # Held while a token is got or renewed: reads fanned out on threads (_fanout) that all meet an
        # expired token renew it once, not once each.
        self._lock = threading.Lock()
        cleaned = clean_token(access_token) if access_token else None
        # A given token that no header can carry is refused by _connection_options.validate_connection_params.
        self.token = Token(cleaned) if cleaned else None
        # A token the user gave: it cannot be renewed, and a refusal of it is final.
        self.given = self.token is not None

    @property
    def token(self):
        return self._token

    @token.setter
    def token(self, token):
        self._token = token
        if token is not None:
            self._seen.extend(s for s in token.secrets() if s not in self._seen)

    def secrets(self):
        """The password and every token string this client ever held, for blanking out of any text shown."""
        return list(self._seen)

    def needs_renewal(self, token):
        """Whether ``token`` (the one a request is about to use) is missing or about to expire."""
        return token is None or token.expires_soon(self._clock.monotonic())

    def renew(self, seen, versions):
        """Log in (no token yet) or refresh the token ``seen``, unless another thread has replaced it meanwhile.

        ``versions`` are the API versions a login may try, newest first. Returns the version
        that answered (None when another thread renewed it); raises Vb365NotFoundError when
        no version serves a token endpoint.
        """
        with self._lock:
            if self.token is not seen:
                return None
            if seen is None:
                return self.login(versions)
            return self.refresh(versions[0])

    def login(self, versions):
        """Get a token with username and password from the first of ``versions`` that serves one; return that version.

        A given access token is replaced: the new one is this client's own from then on.
        """
        for version in versions:
            try:
                self.token = self.request_token(version, 'password', username=self.username, password=self._password)
            except Vb365NotFoundError:
                continue
            self.given = False
            return version
        raise self._errors.no_api(versions, status=404)

    def refresh(self, version):
        """Renew an expired token: by refresh token first, then by password. Returns the version, as ``login``."""
        if self.token and self.token.refresh_token:
            try:
                self.token = self.request_token(version, 'refresh_token', refresh_token=self.token.refresh_token)
                return version
            except Vb365AuthError:
                pass
        return self.login((version,))

    def request_token(self, version, grant_type, **fields):
        """One token request to ``/<version>/token`` (repeated on transient failures); a ``Token``, or a clear error."""
        path = '/%s/token' % version
        response = self._send('POST', path, True, data=token_form(version, grant_type, **fields))
        if response.status_code == 404:
            raise Vb365NotFoundError('%s does not serve API %s.' % (self._errors.base_url, version), status=404)
        if response.status_code in (400, 401, 403):
            raise Vb365AuthError(
                "Failed to authenticate as '%s' on %s (POST %s): HTTP %d: %s. Check username and password."
                % (self.username, self._errors.base_url, path, response.status_code,
                   (self._errors.server_said(response) or 'no details').rstrip('.')),
                status=response.status_code, request='POST %s' % path)
        self._errors.raise_for_status(response, 'POST', path)
        return parse_token_response(self._errors.decode(response, 'POST', path), self._clock.monotonic())
