"""Query and path parameters as ASP.NET model binding reads them: 400 ParameterValidationFailure when malformed.

Shared by the job/session API (api.py) and the inventory API (inventory_api.py).
"""

import uuid

from .clock import parse_iso
from .wire import ApiError

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 30


def invalid(message):
    return ApiError(400, message, "ParameterValidationFailure")


def int_param(req, name, default, minimum):
    raw = req.param(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid("The value '%s' is not valid for %s." % (raw, name)) from None
    if value < minimum:
        raise invalid("%s must be greater than or equal to %d." % (name, minimum))
    return value


def paging(req):
    """offset (default 0) and limit (default 30); a limit above 10,000 is clamped, not refused."""
    offset = int_param(req, "offset", 0, 0)
    limit = min(int_param(req, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
    return offset, limit


def uuid_value(raw, name):
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        raise invalid("The value '%s' is not valid for %s." % (raw, name)) from None


def uuid_param(req, name):
    raw = req.param(name)
    return None if raw is None else uuid_value(raw, name)


def enum_param(req, name, allowed):
    """Enum binding is case-insensitive in ASP.NET; anything else is a 400."""
    raw = req.param(name)
    if raw is None:
        return None
    for value in allowed:
        if value.lower() == raw.strip().lower():
            return value
    raise invalid("The value '%s' is not valid for %s. Allowed values: %s." % (raw, name, ", ".join(allowed)))


def time_param(req, name):
    raw = req.param(name)
    if raw is None:
        return None
    try:
        return parse_iso(raw)
    except ValueError:
        raise invalid("The value '%s' is not valid for %s." % (raw, name)) from None


def bool_param(req, name, default):
    raw = req.param(name)
    if raw is None:
        return default
    if raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    raise invalid("The value '%s' is not valid for %s." % (raw, name))
