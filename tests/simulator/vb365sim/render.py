"""Per-version JSON shapes (reference sections 3-6).

Key order follows the OpenAPI documents' property order for v6-v8 (that is the
order of the server's C# classes, which Swashbuckle mirrors) and the Help
Center examples for v5.  Everything here is a pure function of canonical data,
the moment `now`, and a RenderContext.
"""

import calendar
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

from .clock import TICKS_PER_SECOND, format_iso
from .model import SIM_NAMESPACE

_LOG_LABELS = {"Success": "Success", "Warning": "Warning", "Error": "Failed", "Stop": "Stopped", "Running": "Running"}

# Fields nulled by the `nulls` switch; the OpenAPI documents do not mark them nullable.
_NULLED_SESSION_FIELDS = ("progress", "retryCount", "repositoryId", "jobType", "jobId", "jobSessionConfigType", "eTag")
_NULLED_JOB_FIELDS = ("description", "schedulePolicy", "eTag")

_SCHEDULE_KEYS = {
    5: ("backupWindowEnabled", "backupWindowSettings", "type", "periodicallyEvery", "dailyType", "dailyTime",
        "retryEnabled", "retryNumber", "retryWaitInterval"),
    6: ("scheduleEnabled", "backupWindowEnabled", "backupWindowSettings", "periodicallyWindowSettings",
        "periodicallyOffsetMinutes", "type", "periodicallyEvery", "dailyType", "dailyTime", "retryEnabled",
        "retryNumber", "retryWaitInterval"),
    7: ("scheduleEnabled", "backupWindowEnabled", "backupWindowSettings", "periodicallyWindowEnabled",
        "periodicallyWindowSettings", "periodicallyOffsetMinutes", "type", "periodicallyEvery", "dailyType",
        "dailyTime", "retryEnabled", "retryNumber", "retryWaitInterval"),
}
_SCHEDULE_KEYS[8] = _SCHEDULE_KEYS[7]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PERIODS = {"Minutes5": 5, "Minutes10": 10, "Minutes15": 15, "Minutes30": 30, "Hours1": 60, "Hours2": 120,
            "Hours4": 240, "Hours8": 480, "Hours12": 720}


class RenderContext:
    """What a rendering needs besides the data: API version, v5 link base, switches."""

    def __init__(self, version, base_url, config):
        self.version = version
        self.base_url = base_url
        self.config = config

    def href(self, path):
        """v5 item links are absolute and lower-cased (Help Center examples); v6+ are relative."""
        if self.version == 5:
            return "%s/v5/%s" % (self.base_url, path.lower())
        return "/v%d/%s" % (self.version, path)

    def page_href(self, path, params):
        query = urlencode(params)
        if self.version == 5:
            return "%s/v5/%s?%s" % (self.base_url, path, query)
        return "/v%d/%s?%s" % (self.version, path, query)


def _links(ctx, **paths):
    return {name: {"href": ctx.href(path)} for name, path in paths.items()}


def iso(ticks):
    return None if ticks is None else format_iso(ticks)


def error(version, message, code=None):
    """RESTExceptionInfo: v5/v6 {message}, v7 + errorCode (enum holds only ProxyOffline), v8 + stackTrace."""
    if version is not None and version >= 8:
        return {"message": message, "errorCode": code, "stackTrace": None}
    if version == 7:
        # SPEC7's errorCode enum holds only ProxyOffline; every other failure carries null.
        return {"message": message, "errorCode": code if code == "ProxyOffline" else None}
    return {"message": message}


def session(ctx, item, view):
    version = ctx.version
    out = {"id": item.id}
    if version >= 8:
        out["jobId"] = item.job.id
    if version >= 7:
        out["repositoryId"] = item.job.repository_id
        if item.main_session_id:
            # Non-nullable uuid in SPEC7/8 and "only available for retry sessions" (SPEC8): omitted otherwise.
            out["mainSessionId"] = item.main_session_id
    if version >= 6:
        out["details"] = view.details
    out["creationTime"] = iso(item.creation)
    if view.end is not None or version != 6:
        # SPEC6 declares endTime non-nullable; a running session omits it there instead of sending null.
        out["endTime"] = iso(view.end)
    if version >= 6:
        out["retryCount"] = item.retry_count
    if version >= 7:
        out["jobWillBeRetried"] = None if view.end is None else item.will_retry
    out["progress"] = view.progress
    if version >= 7:
        out["jobType"] = item.job.kind
    if version >= 8:
        out["jobSessionConfigType"] = item.config_type
    out["status"] = view.status
    out["statistics"] = dict(view.statistics)
    if version >= 8:
        out["eTag"] = view.etag
    if version == 5 and item.v5_links is not None:
        out["_links"] = item.v5_links
    else:
        job_path = ("CopyJobs/%s" if item.job.kind == "Copy" and version >= 6 else "Jobs/%s") % item.job.id
        out["_links"] = _links(ctx, self="JobSessions/%s" % item.id, log="JobSessions/%s/LogItems" % item.id,
                               job=job_path)
    if version >= 8:
        out["proxyId"] = None if view.status == "Queued" else item.proxy_id
        out["proxyPoolId"] = item.proxy_pool_id
    return _tolerate_session(ctx, out)


def _tolerate_session(ctx, out):
    """Apply the tolerance switches (admin API /_sim/config): realistic server sloppiness."""
    config = ctx.config
    statistics = out["statistics"]
    if config["numeric_strings"]:
        for name, value in statistics.items():
            if isinstance(value, int):
                statistics[name] = str(value)
    if config["unknown_enums"]:
        out["status"] = statistics["bottleneck"] = _unknown_value(config)
    if config["nulls"]:
        for name in _NULLED_SESSION_FIELDS:
            if name in out:
                out[name] = None
        statistics["bottleneck"] = None
    return out


def _unknown_value(config):
    value = config["unknown_enums"]
    return value if isinstance(value, str) else "Throttled"


def log_item(ctx, session_id, item):
    out = {"id": item.id, "usn": item.usn}
    if ctx.version >= 8:
        out["type"] = item.type
        out["message"] = item.message
    else:
        out["title"] = item.title if item.title is not None else "[%s] %s" % (_LOG_LABELS[item.type], item.message)
    out["creationTime"] = iso(item.start)
    out["endTime"] = iso(item.end)
    out["_links"] = _links(ctx, jobsessions="JobSessions/%s" % session_id)
    return out


def schedule(version, policy):
    keys = _SCHEDULE_KEYS[version]
    return {key: policy[key] for key in keys if key in policy}


def job(ctx, item, derived):
    """A backup job (RESTJob); `derived` holds lastRun/nextRun/lastBackup/lastStatus computed from sessions."""
    version = ctx.version
    links = _links(ctx, self="Jobs/%s" % item.id, organization="Organizations/%s" % item.organization_id,
                   backupRepository="BackupRepositories/%s" % item.repository_id,
                   # v7/v8 still advertise the per-job sessions link although the route is gone
                   # (reference 4.1: a v8 client rewrites it to /v6/); reproduced on purpose.
                   jobsessions="Jobs/%s/JobSessions" % item.id)
    if version == 5:
        out = {"id": item.id, "name": item.name, "description": item.description, "lastRun": derived["lastRun"],
               "nextRun": derived["nextRun"], "isEnabled": item.enabled, "backupType": item.backup_type,
               "lastStatus": derived["lastStatus"], "schedulePolicy": schedule(5, item.schedule), "_links": links}
        return _tolerate_job(ctx, out)
    out = {"description": item.description, "backupType": item.backup_type,
           "schedulePolicy": schedule(version, item.schedule), "id": item.id}
    if version >= 8:
        out["organizationId"] = item.organization_id
    out.update(repositoryId=item.repository_id, name=item.name, lastRun=derived["lastRun"],
               nextRun=derived["nextRun"])
    if version >= 7:
        out["lastBackup"] = derived["lastBackup"]
    out.update(isEnabled=item.enabled, lastStatus=derived["lastStatus"])
    if version >= 8:
        out["eTag"] = item.etag
    out["_links"] = links
    return _tolerate_job(ctx, out)


def copy_job(ctx, item, derived):
    """A backup copy job (RESTCopyJob, v6+): copy jobs live under /CopyJobs, not /Jobs."""
    version = ctx.version
    out = {"backupJobId": item.backup_job_id, "schedulePolicy": dict(item.schedule), "id": item.id}
    if version >= 8:
        out["organizationId"] = item.organization_id
    out.update(repositoryId=item.repository_id, name=item.name, lastRun=derived["lastRun"],
               nextRun=derived["nextRun"])
    if version >= 7:
        out["lastBackup"] = derived["lastBackup"]
    out.update(isEnabled=item.enabled, lastStatus=derived["lastStatus"])
    if version >= 8:
        out["eTag"] = item.etag
    out["_links"] = _links(ctx, self="CopyJobs/%s" % item.id, backupJob="Jobs/%s" % item.backup_job_id,
                           backupRepository="BackupRepositories/%s" % item.repository_id)
    return _tolerate_job(ctx, out)


def _tolerate_job(ctx, out):
    config = ctx.config
    if config["unknown_enums"] and out["lastStatus"] is not None:
        out["lastStatus"] = _unknown_value(config)
    if config["nulls"]:
        for name in _NULLED_JOB_FIELDS:
            if name in out:
                out[name] = None
    return out


def page(ctx, path, results, offset, limit, total, params=(), set_id=None):
    """The page envelope; `params` are the filters echoed into the navigation links.

    `set_id`: the id of a cached result set (tenant listings); otherwise one derived from the query.
    """
    version = ctx.version
    params = list(params)

    def href(at):
        return {"href": ctx.page_href(path, [("offset", at), ("limit", limit)] + params)}

    links = {"self": href(offset)}
    if offset > 0:
        links["first"] = href(0)
        links["prev"] = href(max(offset - limit, 0))
    if offset + len(results) < total:
        links["next"] = href(offset + len(results))
    out = {"offset": offset, "limit": limit}
    if version == 5:
        out.update(totalCount=total, results=results, _links=links)
        return out
    # setId names the cached result set a query produced: stable for the same query, as paging it expects.
    out["setId"] = set_id or str(uuid.uuid5(SIM_NAMESPACE, "%d %s %r" % (version, path.lower(), sorted(params))))
    out.update(results=results, _links=links)
    if version <= 7:
        out["totalCount"] = total
    return out


def format_schedule_time(ticks):
    """nextRun is written without a fraction in the Help Center examples (2017-06-13T15:00:00Z)."""
    stamp = datetime.fromtimestamp(ticks // TICKS_PER_SECOND, timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def next_run(policy, enabled, now):
    """When a schedule fires next after `now`, or None (disabled, manual, immediate copy)."""
    kind = policy.get("type")
    if not enabled or not policy.get("scheduleEnabled", True):
        return None
    if kind == "Periodically" and policy.get("periodicallyEvery") in _PERIODS:
        period = _PERIODS[policy["periodicallyEvery"]] * 60 * TICKS_PER_SECOND
        return format_schedule_time((now // period + 1) * period)
    if kind in ("Daily", "DailyAtTime") and policy.get("dailyTime"):
        return _next_daily(policy, now)
    return None


def _next_daily(policy, now):
    hour, minute, second = (int(part) for part in policy["dailyTime"].split(":"))
    current = now // TICKS_PER_SECOND
    today = datetime.fromtimestamp(current, timezone.utc).date()
    for days in range(8):
        day = today + timedelta(days=days)
        if not _runs_on(policy.get("dailyType", "Everyday"), day.weekday()):
            continue
        moment = calendar.timegm((day.year, day.month, day.day, hour, minute, second, 0, 0, 0))
        if moment > current:
            return format_schedule_time(moment * TICKS_PER_SECOND)
    return None


def _runs_on(daily_type, weekday):
    if daily_type == "Everyday":
        return True
    if daily_type == "Workdays":
        return weekday < 5
    if daily_type == "Weekends":
        return weekday >= 5
    return _WEEKDAYS[weekday] == daily_type
