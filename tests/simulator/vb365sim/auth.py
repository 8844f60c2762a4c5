"""Token store: OWIN-style password and refresh grants (reference section 2)."""

import secrets
import threading

from .clock import TICKS_PER_SECOND, format_rfc1123

INVALID_GRANT = {"error": "invalid_grant", "error_description": "The user name or password is incorrect."}
UNSUPPORTED_GRANT = {"error": "unsupported_grant_type"}

# Expired access tokens are purged lazily once the store grows past this many entries.
_PURGE_THRESHOLD = 10_000


class GrantError(Exception):
    def __init__(self, body):
        super().__init__(body["error"])
        self.body = body


class TokenStore:
    """Opaque random tokens.  Refresh tokens rotate: each one can be used once."""

    def __init__(self, users, clock):
        self._lock = threading.Lock()
        self._users = {user["username"].lower(): user for user in users}
        self._clock = clock
        self._access = {}    # access token -> (user name, expiry ticks, refresh token)
        self._refresh = {}   # refresh token -> user name

    def grant(self, fields, lifetime):
        """Answer a token request; raise GrantError with the OAuth error body on failure."""
        grant_type = fields.get("grant_type")
        if grant_type == "password":
            user = self._users.get(str(fields.get("username") or "").lower())
            if user is None or fields.get("password") != user["password"]:
                raise GrantError(INVALID_GRANT)
            return self._issue(user["username"], lifetime)
        if grant_type == "refresh_token":
            with self._lock:
                username = self._refresh.pop(str(fields.get("refresh_token") or ""), None)
            if username is None:
                raise GrantError(INVALID_GRANT)
            return self._issue(username, lifetime)
        # jwt-bearer, integration and operator grants need Microsoft 365 / Restore Portal context
        # the simulator does not model; they are refused like an unknown grant.
        raise GrantError(UNSUPPORTED_GRANT)

    def _issue(self, username, lifetime):
        now = self._clock.now()
        expires = now + int(lifetime * TICKS_PER_SECOND)
        access, refresh = secrets.token_urlsafe(48), secrets.token_urlsafe(32)
        with self._lock:
            if len(self._access) > _PURGE_THRESHOLD:
                self._access = {token: entry for token, entry in self._access.items() if entry[1] > now}
            self._access[access] = (username, expires, refresh)
            self._refresh[refresh] = username
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": int(lifetime),
            "refresh_token": refresh,
            "userName": username,
            ".issued": format_rfc1123(now),
            ".expires": format_rfc1123(expires),
        }

    def check(self, authorization):
        """The user a valid `Authorization: Bearer <token>` header belongs to, else None."""
        scheme, _sep, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self._lock:
            entry = self._access.get(token.strip())
        if entry is None or entry[1] <= self._clock.now():
            return None
        return entry[0]

    def logout(self, authorization):
        """Revoke the presented access token and the refresh token issued with it."""
        token = (authorization or "").partition(" ")[2].strip()
        with self._lock:
            entry = self._access.pop(token, None)
            if entry is not None:
                self._refresh.pop(entry[2], None)

    def expire_all(self):
        with self._lock:
            self._access.clear()

    def revoke_refresh(self):
        with self._lock:
            self._refresh.clear()
