"""The simulator's whole state: data, clock, tokens, faults, switches and the request log."""

import collections
import os
import re
import threading
import uuid

from . import data, objects
from . import data, inventory
from .auth import TokenStore
from .clock import Clock
from .faults import FaultSet
from .model import FINAL_STATUSES
from .render import RenderContext

# The log keeps the newest entries only, so a benchmark of many requests cannot exhaust memory.
REQUEST_LOG_SIZE = 100_000


class ConfigError(ValueError):
    """A bad /_sim/config value; reported as 400."""


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = collections.deque(maxlen=REQUEST_LOG_SIZE)

    def append(self, entry):
        with self._lock:
            self._entries.append(entry)

    def snapshot(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()


class InFlight:
    """How many API requests are being handled right now (tests prove a client's concurrency bound)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._count = 0

    def enter(self):
        """Count one more request in progress; returns the count including it."""
        with self._lock:
            self._count += 1
            return self._count

    def leave(self):
        with self._lock:
            self._count -= 1


class Simulator:
    def __init__(self, data_path, token_lifetime=3600, extra_sessions=0, marker_dir=None):
        self.document = data.read(data_path)
        if marker_dir is not None:
            # Hostile data (data/hostile-text.json) names files that a template evaluation would create there.
            self.document, used = data.with_marker_dir(self.document, marker_dir)
            if used:
                os.makedirs(marker_dir, exist_ok=True)
        self.token_lifetime = token_lifetime
        self.extra_sessions = extra_sessions
        # The inventory is static (times are offsets from the clock's start): built once, not per reset.
        self.inventory = inventory.build(self.document.get("inventory"))
        self.clock = Clock()
        self.faults = FaultSet()
        self.log = RequestLog()
        self.in_flight = InFlight()
        # Set on shutdown so that hanging or sleeping fault handlers let go at once.
        self.stopping = threading.Event()
        # Extra listeners (listeners.Listeners), attached by __main__ once the certificates exist.
        self.listeners = None
        self.reset()

    def default_config(self):
        return {
            "numeric_strings": False,
            "nulls": False,
            "unknown_enums": False,
            "token_lifetime": self.token_lifetime,
            "job_outcomes": {},
            "job_durations": {"queued": 1, "running": 5},
            "latency_ms": 0,
            "latency_path": None,
            "deny_log_items": False,
            "job_retries": {},
            "deny_processed_objects": False,
            "processed_objects": {},
            **inventory.default_switches(),
        }

    def reset(self):
        """Back to the seed state: relative times are re-anchored to now, so timelines replay."""
        self.clock.reset()
        self.config = self.default_config()
        self.store = data.build_store(self.document, self.clock, self.extra_sessions)
        self.auth = TokenStore(self.store.users, self.clock)
        self.inventory_state = inventory.InventoryState()
        self.faults.clear()
        self.log.clear()
        if self.listeners is not None:
            self.listeners.close_all()

    def context(self, req):
        return RenderContext(req.version, req.base_url, self.config)

    def update_config(self, changes):
        if not isinstance(changes, dict):
            raise ConfigError("config must be a JSON object")
        config = dict(self.config)
        for key, value in changes.items():
            if key not in config:
                raise ConfigError("unknown config key: %s" % key)
            if key in inventory.SWITCH_KEYS:
                try:
                    config[key] = inventory.validate_switch(self.inventory, key, value)
                except inventory.SwitchError as exc:
                    raise ConfigError(str(exc)) from None
            else:
                config[key] = _validated(key, value)
        self.config = config
        self.store.set_object_overrides(config["processed_objects"])
        return config


def _validated(key, value):
    if key in ("numeric_strings", "nulls"):
        if not isinstance(value, bool):
            raise ConfigError("%s must be true or false" % key)
    elif key == "unknown_enums":
        if not isinstance(value, (bool, str)):
            raise ConfigError("unknown_enums must be true, false or the value to send")
    elif key == "token_lifetime":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError("token_lifetime must be a positive number of seconds")
    elif key == "job_outcomes":
        if not isinstance(value, dict) or any(status not in FINAL_STATUSES for status in value.values()):
            raise ConfigError("job_outcomes maps job ids to one of %s" % ", ".join(FINAL_STATUSES))
        value = {job_id.lower(): status for job_id, status in value.items()}
    elif key == "job_durations":
        if (not isinstance(value, dict) or set(value) != {"queued", "running"}
                or any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 for v in value.values())):
            raise ConfigError("job_durations must be {\"queued\": seconds, \"running\": seconds}")
    elif key in ("deny_log_items", "deny_processed_objects"):
        value = _validated_denial(value, key)
    elif key == "processed_objects":
        try:
            value = objects.validated_overrides(value)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    elif key == "job_retries":
        value = _validated_retries(value)
    elif key == "latency_ms":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 600_000:
            raise ConfigError("latency_ms must be a number of milliseconds from 0 to 600000")
    elif key == "latency_path":
        if value is not None:
            try:
                re.compile(value)
            except (TypeError, re.error) as exc:
                raise ConfigError("latency_path must be a regular expression or null: %s" % exc) from None
    return value


def _validated_denial(value, key):
    """true/false, or a list of session ids whose logs (processed objects) are denied (others stay readable)."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError("%s must be true, false or a list of session ids" % key)
    try:
        return [str(uuid.UUID(item)) for item in value]
    except ValueError as exc:
        raise ConfigError("%s: %s" % (key, exc)) from None


_RETRY_DEFAULTS = {"after": 10, "status": "Success", "fail_status": "Failed"}


def _validated_retries(value):
    """{jobId: {"after": seconds, "status": final status of the retry, "fail_status": Failed|Warning}}."""
    if not isinstance(value, dict):
        raise ConfigError("job_retries maps job ids to {\"after\": seconds, \"status\": ..., \"fail_status\": ...}")
    result = {}
    for job_id, spec in value.items():
        if not isinstance(spec, dict) or set(spec) - set(_RETRY_DEFAULTS):
            raise ConfigError("job_retries[%s] takes only the keys after, status, fail_status" % job_id)
        spec = dict(_RETRY_DEFAULTS, **spec)
        after = spec["after"]
        if isinstance(after, bool) or not isinstance(after, (int, float)) or after < 0:
            raise ConfigError("job_retries[%s].after must be a non-negative number of seconds" % job_id)
        if spec["status"] not in FINAL_STATUSES or spec["fail_status"] not in ("Failed", "Warning"):
            raise ConfigError("job_retries[%s]: status is one of %s, fail_status Failed or Warning"
                              % (job_id, ", ".join(FINAL_STATUSES)))
        result[job_id.lower()] = spec
    return result


def log_denied(config, session_id):
    denial = config["deny_log_items"]
    return denial is True or (isinstance(denial, list) and session_id in denial)


def latency_for(config, method_path):
    """Seconds the latency switch delays this request (`latency_path` is searched in "METHOD /path")."""
    if not config["latency_ms"]:
        return 0.0
    pattern = config["latency_path"]
    if pattern is not None and re.search(pattern, method_path, re.IGNORECASE) is None:
        return 0.0
    return config["latency_ms"] / 1000.0
