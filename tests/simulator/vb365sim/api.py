"""The VB365 REST API: routes per version and their handlers.

Order of checks, as an ASP.NET server does it: version and route (404), then
method (405), then the bearer token (401), then parameters (400) and ids (404).
"""

import re

from . import inventory_api, render
from . import processed  # ProcessedObjects (v7/v8); it calls this module's helpers at request time
from .app import log_denied
from .auth import GrantError
from .model import LOG_TYPES, Conflict
from .params import MAX_LIMIT
from .params import bool_param as _bool_param
from .params import enum_param as _enum_param
from .params import invalid as _invalid
from .params import paging as _paging
from .params import time_param as _time_param
from .params import uuid_param as _uuid_param
from .params import uuid_value as _uuid
from .wire import ApiError, Response

VERSIONS = (5, 6, 7, 8)
_VERSION_RE = re.compile(r"^/v(\d+)(/.*)?$", re.IGNORECASE)

# v8 filters sessions with `Succeeded` while sessions report `Success` (SPEC8).
_STATUS_FILTER = {"Stopped": "Stopped", "Running": "Running", "Succeeded": "Success", "Failed": "Failed",
                  "Warning": "Warning"}


# ---------------------------------------------------------------- lookups

def _job(sim, raw_id, kind="Backup"):
    job = sim.store.jobs.get(_uuid(raw_id, "jobId"))
    if job is None or job.kind != kind:
        raise ApiError(404, "%s with ID '%s' was not found." % ("Copy job" if kind == "Copy" else "Job", raw_id),
                       "ResourceNotFound")
    return job


def _session(sim, raw_id, now):
    session = sim.store.session(_uuid(raw_id, "jobSessionId"), now)
    if session is None:
        raise ApiError(404, "Job session with ID '%s' was not found." % raw_id, "ResourceNotFound")
    return session


def _derived(sim, job, now):
    latest = sim.store.latest(job, now)
    return {
        "lastRun": render.iso(latest.creation) if latest else None,
        "nextRun": render.next_run(job.schedule, job.enabled, now),
        "lastBackup": render.iso(sim.store.last_backup(job, now)),
        "lastStatus": latest.status_at(now) if latest else None,
    }


# ---------------------------------------------------------------- token

def token(sim, req):
    fields = req.fields()
    # Recorded for the request log: clients must send disable_antiforgery_token=true on v7/v8 only.
    req.log.update(grant_type=fields.get("grant_type"), disable_antiforgery_token=fields.get("disable_antiforgery_token"))
    try:
        body = sim.auth.grant(fields, sim.config["token_lifetime"])
    except GrantError as exc:
        return Response.json(400, exc.body)
    return Response.json(200, body, headers=[("Cache-Control", "no-cache"), ("Pragma", "no-cache"),
                                             ("Expires", "-1")])


def logout(sim, req):
    sim.auth.logout(req.headers.get("Authorization"))
    return Response.empty(200 if req.version == 7 else 204)


def service_instance(sim, _req):
    return Response.json(200, sim.store.service_instance)


# ---------------------------------------------------------------- sessions

def _session_filters(sim, req, now):
    """The filters this version knows (others are ignored) as (job or None, predicate or None, echoed params)."""
    version = req.version
    job_type = _enum_param(req, "jobType", ("Backup", "Copy")) if version >= 6 else None
    lower = _time_param(req, "endTimeLowerBound") if version >= 6 else None
    upper = _time_param(req, "endTimeUpperBound") if version >= 7 else None
    job_id = _uuid_param(req, "jobId") if version >= 7 else None
    status = _enum_param(req, "status", tuple(_STATUS_FILTER)) if version >= 8 else None
    params = [(name, req.param(name)) for name, value in (
        ("jobId", job_id), ("jobType", job_type), ("endTimeLowerBound", lower), ("endTimeUpperBound", upper),
        ("status", status)) if value is not None]
    job = sim.store.jobs.get(job_id) if job_id is not None else None
    if job_id is not None and job is None:
        return None, lambda session: False, params

    def predicate(session):
        if job_type is not None and session.job.kind != job_type:
            return False
        if status is not None and session.status_at(now) != _STATUS_FILTER[status]:
            return False
        if lower is not None or upper is not None:
            # Bounds compare endTime (creationTime while a session runs); inclusive. Reference 4.2: [L].
            moment = session.end_at(now) or session.creation
            return (lower is None or moment >= lower) and (upper is None or moment <= upper)
        return True

    has_filter = any(value is not None for value in (job_type, status, lower, upper))
    return job, predicate if has_filter else None, params


def list_sessions(sim, req):
    offset, limit = _paging(req)
    now = sim.clock.now()
    job, predicate, params = _session_filters(sim, req, now)
    return _session_page(sim, req, now, "JobSessions", (offset, limit), job, predicate, params)


def job_sessions(sim, req, job_id):
    offset, limit = _paging(req)
    job = _job(sim, job_id)
    return _session_page(sim, req, sim.clock.now(), "Jobs/%s/JobSessions" % job.id, (offset, limit), job, None, ())


def _session_page(sim, req, now, path, paging, job, predicate, params):
    """One page of sessions; the JSON is built for this page only, however many sessions exist."""
    offset, limit = paging
    ctx = sim.context(req)
    with sim.store.lock:
        sessions, total = sim.store.query(now, offset, limit, job, predicate)
        results = [render.session(ctx, session, session.view(now)) for session in sessions]
    return Response.json(200, render.page(ctx, path, results, offset, limit, total, params))


def get_session(sim, req, session_id):
    now = sim.clock.now()
    with sim.store.lock:
        session = _session(sim, session_id, now)
        body = render.session(sim.context(req), session, session.view(now))
    return Response.json(200, body)


def _log_items(sim, session_id):
    now = sim.clock.now()
    with sim.store.lock:
        session = _session(sim, session_id, now)
        if log_denied(sim.config, session.id):
            # The deny_log_items switch: an operator role that may read sessions but not their logs.
            raise ApiError(403, "Access is denied: the account may not read the log of job session '%s'."
                           % session.id, "ResourceAccessDenied")
        return session, session.log_items(now)


def list_log_items(sim, req, session_id):
    offset, limit = _paging(req)
    session, items = _log_items(sim, session_id)
    params = []
    if req.version >= 8:
        # v8 only: type filter and orderAsc (default true = oldest first, like earlier versions).
        item_type = _enum_param(req, "type", LOG_TYPES)
        if item_type is not None:
            items = [item for item in items if item.type == item_type]
            params.append(("type", req.param("type")))
        if not _bool_param(req, "orderAsc", True):
            items = items[::-1]
            params.append(("orderAsc", "false"))
    ctx = sim.context(req)
    results = [render.log_item(ctx, session.id, item) for item in items[offset:offset + limit]]
    path = "JobSessions/%s/LogItems" % session.id
    return Response.json(200, render.page(ctx, path, results, offset, limit, len(items), params))


def get_log_item(sim, req, session_id, item_id):
    session, items = _log_items(sim, session_id)
    wanted = _uuid(item_id, "logItemId")
    for item in items:
        if item.id == wanted:
            return Response.json(200, render.log_item(sim.context(req), session.id, item))
    raise ApiError(404, "Log item with ID '%s' was not found." % item_id, "ResourceNotFound")


# ---------------------------------------------------------------- jobs

def _jobs_of_kind(sim, kind, req):
    jobs = [job for job in sim.store.job_order if job.kind == kind]
    if req.version >= 8:
        organization_id = _uuid_param(req, "organizationId")
        repository_id = _uuid_param(req, "repositoryId")
        jobs = [job for job in jobs if organization_id in (None, job.organization_id)
                and repository_id in (None, job.repository_id)]
    return jobs


def _job_list(sim, req, kind, path, renderer):
    """v5-v7 answer a bare array, v8 a page (reference 5.1)."""
    now = sim.clock.now()
    ctx = sim.context(req)
    offset, limit = _paging(req) if req.version >= 8 else (0, MAX_LIMIT)
    with sim.store.lock:
        jobs = _jobs_of_kind(sim, kind, req)
        results = [renderer(ctx, job, _derived(sim, job, now)) for job in jobs[offset:offset + limit]]
    if req.version < 8:
        return Response.json(200, results)
    params = [(name, req.param(name)) for name in ("organizationId", "repositoryId") if req.param(name)]
    return Response.json(200, render.page(ctx, path, results, offset, limit, len(jobs), params))


def list_jobs(sim, req):
    return _job_list(sim, req, "Backup", "Jobs", render.job)


def list_copy_jobs(sim, req):
    return _job_list(sim, req, "Copy", "CopyJobs", render.copy_job)


def get_job(sim, req, job_id, kind="Backup"):
    now = sim.clock.now()
    with sim.store.lock:
        job = _job(sim, job_id, kind)
        renderer = render.copy_job if kind == "Copy" else render.job
        body = renderer(sim.context(req), job, _derived(sim, job, now))
    return Response.json(200, body)


def get_copy_job(sim, req, job_id):
    return get_job(sim, req, job_id, "Copy")


def _perform(sim, job, action, full=False):
    """Run one job action; returns the new session for `start`."""
    now = sim.clock.now()
    try:
        with sim.store.lock:
            if action == "start":
                outcome = sim.config["job_outcomes"].get(job.id, "Success")
                return sim.store.start_job(job, now, full, outcome, sim.config["job_durations"],
                                           sim.config["job_retries"].get(job.id))
            if action == "stop":
                sim.store.stop_job(job, now)
            else:
                sim.store.set_enabled(job, action == "enable")
    except Conflict as exc:
        raise ApiError(400, str(exc), "OperationConflict") from None
    return None


def job_action_v5(sim, req, job_id):
    """v5: POST /Jobs/{id}/action with {"start": null} and friends, 200 with an empty body."""
    job = _job(sim, job_id)
    body = req.json_body()
    actions = [key.lower() for key in body] if isinstance(body, dict) else []
    if len(actions) != 1 or actions[0] not in ("start", "stop", "enable", "disable"):
        raise _invalid("The action body must be one of {\"start\": null}, {\"stop\": null}, "
                       "{\"enable\": null}, {\"disable\": null}.")
    _perform(sim, job, actions[0])
    return Response.empty(200)


def job_action(sim, req, job_id, action, kind="Backup"):
    """v6+: /start (body {"full": bool}; an empty body counts as full=false), /stop, /enable, /disable."""
    job = _job(sim, job_id, kind)
    full = False
    if action.lower() == "start":
        body = req.json_body()
        if body is not None and (not isinstance(body, dict) or not isinstance(body.get("full", False), bool)):
            raise _invalid("The request body must be {\"full\": true|false}.")
        full = bool(body and body.get("full"))
    session = _perform(sim, job, action.lower(), full)
    if session is not None and req.version >= 8:
        with sim.store.lock:
            return Response.json(200, render.session(sim.context(req), session, session.view(sim.clock.now())))
    return Response.empty(204)


def copy_job_action(sim, req, job_id, action):
    return job_action(sim, req, job_id, action, "Copy")


# ---------------------------------------------------------------- routing

_ID = r"(?P<%s>[^/]+)"
_ALL = frozenset(VERSIONS)
_V6_UP = frozenset((6, 7, 8))
ROUTES = [
    # (method, versions, path pattern after /vN, handler, anonymous)
    ("POST", _ALL, r"/token", token, True),
    ("POST", frozenset((7, 8)), r"/token/logout", logout, False),
    ("GET", _V6_UP, r"/serviceinstance", service_instance, False),
    ("GET", _ALL, r"/jobs", list_jobs, False),
    ("GET", _ALL, r"/jobs/" + _ID % "job_id", get_job, False),
    ("GET", frozenset((5, 6)), r"/jobs/%s/jobsessions" % (_ID % "job_id"), job_sessions, False),
    ("POST", frozenset((5,)), r"/jobs/%s/action" % (_ID % "job_id"), job_action_v5, False),
    ("POST", _V6_UP, r"/jobs/%s/(?P<action>start|stop|enable|disable)" % (_ID % "job_id"), job_action, False),
    ("GET", _V6_UP, r"/copyjobs", list_copy_jobs, False),
    ("GET", _V6_UP, r"/copyjobs/" + _ID % "job_id", get_copy_job, False),
    ("POST", _V6_UP, r"/copyjobs/%s/(?P<action>start|stop|enable|disable)" % (_ID % "job_id"), copy_job_action,
     False),
    ("GET", _ALL, r"/jobsessions", list_sessions, False),
    ("GET", _ALL, r"/jobsessions/" + _ID % "session_id", get_session, False),
    ("GET", _ALL, r"/jobsessions/%s/logitems" % (_ID % "session_id"), list_log_items, False),
    ("GET", frozenset((7, 8)), r"/jobsessions/%s/processedobjects" % (_ID % "session_id"),
     processed.list_processed_objects, False),
    # The seed document's v5 session links to .../log; served as an alias of LogItems.
    ("GET", frozenset((5,)), r"/jobsessions/%s/log" % (_ID % "session_id"), list_log_items, False),
    ("GET", _ALL, r"/jobsessions/%s/logitems/%s" % (_ID % "session_id", _ID % "item_id"), get_log_item, False),
] + inventory_api.ROUTES
_COMPILED = [(method, versions, re.compile(pattern, re.IGNORECASE), handler, anonymous)
             for method, versions, pattern, handler, anonymous in ROUTES]


def _not_found(req):
    return ApiError(404, "No HTTP resource was found that matches the request URI '%s'." % req.path,
                    "ResourceNotFound")


def _resolve(req, rest):
    allowed = []
    for method, versions, pattern, handler, anonymous in _COMPILED:
        if req.version not in versions:
            continue
        match = pattern.fullmatch(rest)
        if match is None:
            continue
        if method == req.method:
            return handler, anonymous, match.groupdict()
        allowed.append(method)
    if allowed:
        raise ApiError(405, "The requested resource does not support http method '%s'." % req.method,
                       headers=[("Allow", ", ".join(sorted(set(allowed))))])
    raise _not_found(req)


def version_of(path):
    """The API version a path addresses (5-8), None for anything else."""
    match = _VERSION_RE.match(path)
    if match is None or int(match.group(1)) not in VERSIONS:
        return None
    return int(match.group(1))


def handle(sim, req):
    """Answer one API request (everything outside /_sim/)."""
    req.user = sim.auth.check(req.headers.get("Authorization"))
    req.log["authorized"] = req.user is not None
    req.version = version_of(req.path)
    try:
        if req.version is None:
            raise _not_found(req)
        rest = _VERSION_RE.match(req.path).group(2) or ""
        handler, anonymous, groups = _resolve(req, rest.rstrip("/"))
        if not anonymous and req.user is None:
            # VB365 answers a missing/expired token with an empty body (reference 2.6).
            return Response.empty(401, headers=[("WWW-Authenticate", "Bearer")])
        return handler(sim, req, **groups)
    except ApiError as exc:
        return Response.json(exc.status, render.error(req.version, exc.message, exc.code), exc.headers)
