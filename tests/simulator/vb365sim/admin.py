"""The admin API under /_sim/ (no authentication, never faulted, never logged)."""

from .app import ConfigError
from .clock import TICKS_PER_SECOND, format_iso
from .faults import FaultError
from .wire import ApiError, Response


def _body(req):
    body = req.json_body()
    if body is None:
        raise ApiError(400, "a JSON body is required")
    return body


def requests_log(sim, req):
    if req.method == "DELETE":
        sim.log.clear()
        return Response.empty(204)
    entries = sim.log.snapshot()
    peak = max((entry["in_flight"] for entry in entries), default=0)
    return Response.json(200, {"count": len(entries), "max_in_flight": peak, "requests": entries})


def reset(sim, _req):
    sim.reset()
    return Response.json(200, {"reset": True, "now": format_iso(sim.clock.now())})


def faults(sim, req):
    if req.method == "DELETE":
        sim.faults.clear()
        return Response.empty(204)
    if req.method == "POST":
        try:
            sim.faults.add(_body(req))
        except FaultError as exc:
            raise ApiError(400, str(exc)) from None
    return Response.json(200, {"faults": sim.faults.describe()})


def config(sim, req):
    if req.method == "POST":
        try:
            sim.update_config(_body(req))
        except ConfigError as exc:
            raise ApiError(400, str(exc)) from None
    return Response.json(200, sim.config)


def clock(sim, req):
    """Move simulated time forward: timelines advance and tokens age without sleeping."""
    if req.method == "POST":
        seconds = _body(req).get("advance")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise ApiError(400, "advance must be a non-negative number of seconds")
        sim.clock.advance(seconds)
    now = sim.clock.now()
    return Response.json(200, {"now": format_iso(now), "elapsed": (now - sim.clock.start) / TICKS_PER_SECOND})


def listeners(sim, req):
    """Extra listeners: plain HTTP, a wrong host name, a recording second server (listeners.py)."""
    if req.method == "DELETE":
        sim.listeners.close_all()
        return Response.empty(204)
    if req.method == "POST":
        return Response.json(200, sim.listeners.open(_body(req)))
    return Response.json(200, {"listeners": sim.listeners.describe()})


ROUTES = {
    "requests": (("GET", "DELETE"), requests_log),
    "reset": (("POST",), reset),
    "faults": (("GET", "POST", "DELETE"), faults),
    "config": (("GET", "POST"), config),
    "clock": (("GET", "POST"), clock),
    "listeners": (("GET", "POST", "DELETE"), listeners),
}


def handle(sim, req):
    name = req.path.lower().rstrip("/")[len("/_sim/"):]
    try:
        if name not in ROUTES:
            raise ApiError(404, "unknown admin endpoint: %s" % req.path)
        methods, handler = ROUTES[name]
        if req.method not in methods:
            raise ApiError(405, "use %s" % " or ".join(methods), headers=[("Allow", ", ".join(methods))])
        return handler(sim, req)
    except ApiError as exc:
        return Response.json(exc.status, {"message": exc.message}, exc.headers)
