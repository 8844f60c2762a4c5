"""Simulated time and the timestamp formats VB365 uses.

Time is kept as integer "ticks" of 100 ns since the Unix epoch: .NET serialises
DateTime with 7 fractional digits, and the seed document's timestamps must
round-trip exactly, which floats and datetime (microseconds) cannot do.
"""

import re
import threading
import time
from datetime import datetime, timezone

TICKS_PER_SECOND = 10_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

_ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def seconds_to_ticks(seconds):
    return round(seconds * TICKS_PER_SECOND)


class Clock:
    """Wall clock plus an adjustable offset (the admin API can move time forward).

    `start` anchors the data file's relative times; reset() re-anchors it so
    that timelines replay from their beginning.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._offset = 0
        self.start = self.now()

    def now(self):
        return time.time_ns() // 100 + self._offset

    def advance(self, seconds):
        with self._lock:
            self._offset += seconds_to_ticks(seconds)

    def reset(self):
        with self._lock:
            self._offset = 0
            self.start = self.now()

    def relative(self, seconds):
        return self.start + seconds_to_ticks(seconds)


def format_iso(ticks):
    """ISO 8601 with 7 fractional digits and Z, e.g. 2019-02-04T16:49:22.8529769Z."""
    seconds, frac = divmod(ticks, TICKS_PER_SECOND)
    stamp = datetime.fromtimestamp(seconds, timezone.utc)
    return "%s.%07dZ" % (stamp.strftime("%Y-%m-%dT%H:%M:%S"), frac)


def format_rfc1123(ticks):
    """The OWIN token endpoint writes .issued/.expires like 'Mon, 14 Dec 2020 10:00:00 GMT'."""
    stamp = datetime.fromtimestamp(ticks // TICKS_PER_SECOND, timezone.utc)
    return stamp.strftime("%a, %d %b %Y %H:%M:%S GMT")


def format_local(ticks):
    """The US-style text VB365 puts into log messages: 2/4/2019 4:49:22 PM (server time = UTC here)."""
    stamp = datetime.fromtimestamp(ticks // TICKS_PER_SECOND, timezone.utc)
    hour = stamp.hour % 12 or 12
    return "%d/%d/%d %d:%02d:%02d %s" % (
        stamp.month, stamp.day, stamp.year, hour, stamp.minute, stamp.second, "AM" if stamp.hour < 12 else "PM")


def parse_iso(text):
    """Parse an ISO 8601 date or date-time into ticks; raise ValueError when malformed.

    Accepts what ASP.NET's DateTime binder accepts in practice: a bare date,
    any number of fractional digits, Z or a numeric offset.  A value without
    an offset is taken as UTC (the simulated server's local time).
    """
    match = _ISO_RE.match(text.strip())
    if not match:
        raise ValueError("not an ISO 8601 date-time: %r" % text)
    year, month, day, hour, minute, second, frac, zone = match.groups()
    stamp = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                     tzinfo=timezone.utc)
    ticks = int((stamp - _EPOCH).total_seconds()) * TICKS_PER_SECOND
    if frac:
        ticks += int((frac + "0000000")[:7])
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        ticks -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60) * TICKS_PER_SECOND
    return ticks


def parse_time(value, clock):
    """A data-file time: an ISO string (absolute) or a number of seconds relative to the simulator's start."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return clock.relative(value)
    return parse_iso(value)
