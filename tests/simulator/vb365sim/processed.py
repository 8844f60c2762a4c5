"""GET /v7|v8/JobSessions/{sessionId}/ProcessedObjects: handler and shape (the objects themselves: objects.py).

Paged with offset/limit like every collection (default 30, at most 10,000); no filter.
Items are RESTJobSessionObject: {id, type, status, _links}; no name.  The page is
PageOfRESTJobSessionObject: totalCount on v7, none on v8 (render.page does that).
"""

from . import api, render
from .wire import ApiError, Response


def denied(config, session_id):
    """The deny_processed_objects switch: true, or a list of session ids."""
    denial = config["deny_processed_objects"]
    return denial is True or (isinstance(denial, list) and session_id in denial)


def processed_object(ctx, session_id, entry):
    """One RESTJobSessionObject; the tolerance switches reach its two enums."""
    type_, object_id, status = entry
    out = {"id": object_id, "type": type_, "status": status,
           # Like a log item's link: back to the session (the schema only says RESTLinkHALDictionary).
           "_links": {"jobsessions": {"href": ctx.href("JobSessions/%s" % session_id)}}}
    config = ctx.config
    if config["unknown_enums"]:
        value = config["unknown_enums"]
        out["type"] = out["status"] = value if isinstance(value, str) else "Throttled"
    if config["nulls"]:
        out["type"] = out["status"] = None
    return out


def list_processed_objects(sim, req, session_id):
    # The API's own parameter rules.
    offset, limit = api._paging(req)  # pylint: disable=protected-access
    now = sim.clock.now()
    with sim.store.lock:
        session = api._session(sim, session_id, now)  # pylint: disable=protected-access
        if denied(sim.config, session.id):
            raise ApiError(403, "Access is denied: the account may not read the processed objects of job session "
                           "'%s'." % session.id, "ResourceAccessDenied")
        plan = session.objects
        counts = plan.counts()
        # The list so far: as many objects as the session's progress (it grows while the session runs).
        visible = session.view(now).progress
        entries = [plan.entry(counts, position) for position in range(offset, min(offset + limit, visible))]
    ctx = sim.context(req)
    results = [processed_object(ctx, session.id, entry) for entry in entries]
    path = "JobSessions/%s/ProcessedObjects" % session.id
    return Response.json(200, render.page(ctx, path, results, offset, limit, visible))
