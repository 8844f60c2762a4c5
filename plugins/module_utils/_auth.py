# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Access tokens: asking ``/vN/token`` for one, refreshing it, or using a given one.

``Authenticator`` sends its token requests through the HTTP client (``_client.Vb365Client``),
which gives it the transport and the error mapping; it never calls ``fail_json`` and raises
the errors of ``_errors``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re
import time

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
    """An access token, and what is needed to renew it."""

    def __init__(self, access_token, refresh_token=None, expires_in=None, now=None):
        self.access_token = access_token
        self.refresh_token = refresh_token
        now = time.time() if now is None else now
        self.expires_at = None if expires_in is None else now + expires_in

    def expires_soon(self, now=None):
        if self.expires_at is None:
            return False
        now = time.time() if now is None else now
        return now >= self.expires_at - EXPIRY_MARGIN

    def secrets(self):
        return [s for s in (self.access_token, self.refresh_token) if s]


def token_form(version, grant_type, **fields):
    """The form fields of a token request for one API version."""
    form = dict(grant_type=grant_type)
    form.update(fields)
    if version in ANTIFORGERY_VERSIONS:
        form['disable_antiforgery_token'] = 'true'
    return form


def parse_token_response(body):
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
    return Token(access_token, refresh_token, lifetime_seconds(body.get('expires_in')))


class Authenticator:
    """The credentials of one client, and the token it currently uses.

    ``http`` is the ``Vb365Client`` it belongs to: ``send_token_request`` sends a form once
    (retrying transient failures), ``raise_for_status``, ``decode`` and ``server_said`` map
    the answer. It is passed in, not imported, so that this file does not depend on the client.
    """

    def __init__(self, http, username, password, access_token):
        self.http = http
        self.username = username
        self._password = password
        # Every token this client held, the given one as given: all are blanked out of any text shown.
        self._seen = [s for s in (password, access_token) if s]
        self._token = None
        cleaned = clean_token(access_token) if access_token else None
        # A given token that no header can carry is refused by _connection.validate_connection_params.
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

    def login(self, versions):
        """Get a token with username and password from the first of ``versions`` that serves one.

        Returns the version that answered, or None when none of them serves a token endpoint.
        """
        for version in versions:
            try:
                self.token = self.request_token(version, 'password', username=self.username, password=self._password)
            except Vb365NotFoundError:
                continue
            self.given = False
            return version
        return None

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
        """One token request to ``/<version>/token``; a ``Token``, or a clear error."""
        path = '/%s/token' % version
        response = self.http.send_token_request(path, token_form(version, grant_type, **fields))
        if response.status_code == 404:
            raise Vb365NotFoundError('%s does not serve API %s.' % (self.http.base_url, version), status=404)
        if response.status_code in (400, 401, 403):
            raise Vb365AuthError(
                "Failed to authenticate as '%s' on %s (POST %s): HTTP %d: %s. Check username and password."
                % (self.username, self.http.base_url, path, response.status_code,
                   (self.http.server_said(response) or 'no details').rstrip('.')),
                status=response.status_code, request='POST %s' % path)
        self.http.raise_for_status(response, 'POST', path)
        return parse_token_response(self.http.decode(response, 'POST', path))
