"""Loading the data file (format: README.md, "Data file") and generating bulk sessions."""

import json
import os
import random
import uuid

from . import objects
from .clock import TICKS_PER_SECOND, parse_time
from .model import FINAL_STATUSES, STATUSES, Job, LogItem, Session, Store

_STAT_DEFAULTS = {
    "processingRateBytesPS": 0, "processingRateItemsPS": 0, "readRateBytesPS": 0, "writeRateBytesPS": 0,
    "transferredDataBytes": 0, "processedObjects": 0, "bottleneck": "NA",
}


class DataError(ValueError):
    """The data file is inconsistent; raised at start-up so mistakes are not discovered by a test later."""


# Stands for the marker directory in any string of a data file (data/hostile-text.json): --marker-dir.
MARKER_PLACEHOLDER = "@MARKER_DIR@"


def read(path):
    """The data file as a dict; an "inventory" given as a file name is read from the data file's folder."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    if isinstance(document.get("inventory"), str):
        with open(os.path.join(os.path.dirname(os.path.abspath(path)), document["inventory"]),
                  encoding="utf-8") as handle:
            document["inventory"] = json.load(handle)
    return document


def with_marker_dir(node, marker_dir):
    """`node` with MARKER_PLACEHOLDER replaced by `marker_dir` in every string; also whether it occurred."""
    if isinstance(node, str):
        return node.replace(MARKER_PLACEHOLDER, marker_dir), MARKER_PLACEHOLDER in node
    if isinstance(node, list):
        pairs = [with_marker_dir(item, marker_dir) for item in node]
        return [item for item, _used in pairs], any(used for _item, used in pairs)
    if isinstance(node, dict):
        pairs = {key: with_marker_dir(value, marker_dir) for key, value in node.items()}
        return {key: pair[0] for key, pair in pairs.items()}, any(pair[1] for pair in pairs.values())
    return node, False


def build_store(document, clock, extra_sessions=0):
    store = Store(document["organization"], document["serviceInstance"], document["users"])
    for spec in document["jobs"]:
        store.add_job(_job(spec))
    for spec in document["sessions"]:
        store.add_session(_session(spec, store, clock))
    if extra_sessions:
        generate_sessions(store, clock, extra_sessions)
    objects.attach_all(store)
    return store


def _job(spec):
    return Job(
        id=spec["id"].lower(), name=spec["name"], description=spec.get("description", ""),
        kind=spec.get("type", "Backup"), workload=spec.get("workload", "Exchange"),
        organization_id=spec["organizationId"], repository_id=spec["repositoryId"],
        proxy_id=spec.get("proxyId"), backup_type=spec.get("backupType", "EntireOrganization"),
        enabled=spec.get("isEnabled", True), schedule=spec.get("schedulePolicy", {}),
        backup_job_id=spec.get("backupJobId"), etag=spec.get("eTag", 1), object_names=spec.get("objectNames"))


def _timeline(spec, clock):
    """A session's timeline from either an explicit "timeline" or creationTime/status/endTime."""
    if "timeline" in spec:
        timeline = [(status, clock.relative(seconds)) for status, seconds in spec["timeline"]]
    else:
        creation = parse_time(spec["creationTime"], clock)
        status = spec["status"]
        if status in FINAL_STATUSES:
            end = parse_time(spec["endTime"], clock)
            timeline = [("Running", creation), (status, end)]
        else:
            timeline = [(status, creation)]
    for status, _ticks in timeline:
        if status not in STATUSES:
            raise DataError("session %s: unknown status %r" % (spec["id"], status))
    return timeline


def _session(spec, store, clock):
    job = store.jobs.get(spec["jobId"].lower())
    if job is None:
        raise DataError("session %s: unknown job %s" % (spec["id"], spec["jobId"]))
    timeline = _timeline(spec, clock)
    running = [ticks for status, ticks in timeline if status == "Running"]
    finals = [ticks for status, ticks in timeline if status in FINAL_STATUSES]
    target = dict(_STAT_DEFAULTS, **spec.get("statistics", {}))
    target["progress"] = spec.get("progress", 0)
    session = Session(
        id=spec["id"].lower(), job=job, creation=timeline[0][1], timeline=timeline,
        run_start=running[0] if running else None, planned_end=finals[0] if finals else None,
        target=target, details=spec.get("details"), retry_count=spec.get("retryCount", 0),
        main_session_id=spec.get("mainSessionId"), will_retry=spec.get("jobWillBeRetried", False),
        config_type=spec.get("jobSessionConfigType", "Incremental"),
        proxy_id=spec.get("proxyId", job.proxy_id), proxy_pool_id=spec.get("proxyPoolId"),
        etag_base=spec.get("eTag", 1), v5_links=spec.get("v5Links"))
    if "objects" in spec:
        try:
            session.objects_spec = objects.validated_spec(spec["objects"], "session %s: objects" % spec["id"])
        except ValueError as exc:
            raise DataError(str(exc)) from None
    if "logItems" in spec:
        session.explicit_log = _log_items(session, spec["logItems"])
    return session


def _log_items(session, specs):
    """Explicit log items: "start"/"end" are seconds after the session's creation."""
    items = []
    for usn, spec in enumerate(specs, 1):
        start = session.creation + round(spec["start"] * TICKS_PER_SECOND)
        end = session.creation + round(spec.get("end", spec["start"]) * TICKS_PER_SECOND)
        items.append(LogItem(session.id, usn, spec["type"], spec["message"], start, end, spec.get("title")))
    return items


# Status mix of generated history: mostly green, like a healthy server.
_GENERATED_STATUSES = ("Success",) * 40 + ("Warning",) * 6 + ("Failed",) * 3 + ("Stopped",)


def generate_sessions(store, clock, count, seed=365):
    """Add `count` finished sessions, older than the seed history, spread over all jobs.

    Deterministic (fixed seed): the same count yields the same ids and values,
    so benchmark runs are comparable.
    """
    rng = random.Random(seed)
    jobs = store.job_order
    oldest = min((session.creation for session in store.sessions), default=clock.start)
    step = 20 * 60 * TICKS_PER_SECOND
    for index in range(count):
        job = jobs[index % len(jobs)]
        creation = oldest - (index + 1) * step + rng.randrange(TICKS_PER_SECOND)
        duration = rng.randint(30, 1800) * TICKS_PER_SECOND + rng.randrange(TICKS_PER_SECOND)
        status = rng.choice(_GENERATED_STATUSES)
        items = rng.randint(0, 5000)
        target = {
            "processingRateBytesPS": rng.randint(0, 9_000_000), "processingRateItemsPS": rng.randint(0, 60),
            "readRateBytesPS": rng.randint(0, 20_000_000), "writeRateBytesPS": rng.randint(0, 9_000_000),
            "transferredDataBytes": items * rng.randint(2_000, 200_000), "processedObjects": items,
            "bottleneck": rng.choice(("Source", "Target", "Source", "NA")), "progress": rng.randint(0, 60),
        }
        store.add_session(Session(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), job=job, creation=creation,
            timeline=[("Running", creation), (status, creation + duration)], run_start=creation,
            planned_end=creation + duration, target=target, details=None, retry_count=0, main_session_id=None,
            will_retry=False, config_type="Incremental", proxy_id=job.proxy_id, proxy_pool_id=None, etag_base=1))
