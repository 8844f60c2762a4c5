"""Fault injection rules (admin API POST /_sim/faults).

A rule matches by method and a regular expression searched in the request
path (case-insensitive).  For each request the first matching rule that has
uses left applies, and only that one, so ordering the rules sets precedence.
"""

import re
import threading

_KNOWN_KEYS = {"path", "method", "times", "status", "retry_after", "latency", "drop", "hang", "body",
               "content_type", "truncate", "expire_tokens", "revoke_refresh",
               # hostile servers, README "Hostile-server rules"
               "headers", "redirect", "echo", "drip_ms", "drip_headers_ms", "continue_ms", "stall_after_headers",
               "gzip_bomb", "oversize", "nested", "override", "override_raw", "paging"}

_MAX_SIZE = 16 << 30
_MAX_DEPTH = 5_000_000


def _number(spec, key, low, high, integer=False):
    value = spec.get(key)
    if value is None:
        return
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        raise FaultError("%s must be a%s number from %s to %s" % (key, "n integer" if integer else "", low, high))


def _string_map(spec, key):
    value = spec.get(key)
    if value is not None and (not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values())):
        raise FaultError("%s must be an object of strings" % key)


def _validate_hostile(spec):
    """Types and bounds of the hostile keys: a bad rule is a 400 now, not a crash mid-answer."""
    _string_map(spec, "headers")
    _string_map(spec, "override_raw")
    if spec.get("override") is not None and not isinstance(spec["override"], dict):
        raise FaultError("override must be an object")
    if spec.get("redirect") is not None:
        if not isinstance(spec["redirect"], str):
            raise FaultError("redirect must be the Location URL")
        if spec.get("status") is not None and spec["status"] not in (301, 302, 303, 307, 308):
            raise FaultError("redirect takes status 301, 302, 303, 307 or 308")
    if spec.get("echo") not in (None, "body", "headers"):
        raise FaultError("echo must be \"body\" or \"headers\"")
    if spec.get("paging") not in (None, "ignore_offset", "repeat", "always_next"):
        raise FaultError("paging must be ignore_offset, repeat or always_next")
    for key in ("drip_ms", "drip_headers_ms", "continue_ms"):
        _number(spec, key, 1 if key == "continue_ms" else 0, 60_000)
    _number(spec, "gzip_bomb", 2, _MAX_SIZE, integer=True)
    _number(spec, "oversize", 10, _MAX_SIZE, integer=True)
    _number(spec, "nested", 1, _MAX_DEPTH, integer=True)
    _number(spec, "status", 100, 599, integer=True)


class FaultError(ValueError):
    """A rule the simulator cannot apply; reported as 400 by the admin API."""


class Rule:
    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise FaultError("a fault rule must be a JSON object")
        unknown = set(spec) - _KNOWN_KEYS
        if unknown:
            raise FaultError("unknown fault keys: %s" % ", ".join(sorted(unknown)))
        self.spec = dict(spec)
        try:
            self.path = re.compile(spec.get("path") or "", re.IGNORECASE)
        except re.error as exc:
            raise FaultError("bad path regex: %s" % exc) from exc
        self.method = (spec.get("method") or "").upper() or None
        self.remaining = spec.get("times")
        if self.remaining is not None and (not isinstance(self.remaining, int) or self.remaining < 0):
            raise FaultError("times must be a non-negative integer or null")
        _validate_hostile(spec)
        self.status = spec.get("status")
        if self.status is None and spec.get("redirect") is not None:
            self.status = 307
        if self.status is None and spec.get("echo") is not None:
            self.status = 400
        if self.status is None and spec.get("body") is not None:
            self.status = 200
        self.latency = float(spec.get("latency") or 0)

    def matches(self, method, path):
        if self.remaining == 0:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.path.search(path) is not None

    def describe(self):
        return dict(self.spec, remaining=self.remaining)


class FaultSet:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, specs):
        rules = [Rule(spec) for spec in (specs if isinstance(specs, list) else [specs])]
        with self._lock:
            self._rules.extend(rules)

    def clear(self):
        with self._lock:
            self._rules = []

    def describe(self):
        with self._lock:
            return [rule.describe() for rule in self._rules]

    def take(self, method, path):
        """The rule to apply to this request (consuming one use), or None."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                    return rule
        return None
