"""Fault injection rules (admin API POST /_sim/faults).

A rule matches by method and a regular expression searched in the request
path (case-insensitive).  For each request the first matching rule that has
uses left applies, and only that one, so ordering the rules sets precedence.
"""

import re
import threading

_KNOWN_KEYS = {"path", "method", "times", "status", "retry_after", "latency", "drop", "hang", "body",
               "content_type", "truncate", "expire_tokens", "revoke_refresh"}


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
        self.status = spec.get("status")
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
