"""Canonical, version-independent data: jobs, sessions with timelines, log items.

Sessions are kept sorted newest first (by creationTime, then id) in one global
list and one list per job, so a page of an unfiltered listing is a slice and
costs O(log n + limit) even with 50,000 sessions.  A session's visible state
(status, endTime, progress, statistics) is computed from its timeline at the
moment of the request, so nothing has to tick in the background.
"""

import bisect
import random
import threading
import uuid
from dataclasses import dataclass, field

from .clock import TICKS_PER_SECOND, format_local

ACTIVE_STATUSES = ("Queued", "Running")
FINAL_STATUSES = ("Success", "Warning", "Failed", "Stopped", "Disconnected", "NotConfigured")
STATUSES = ACTIVE_STATUSES + FINAL_STATUSES
BOTTLENECKS = ("NA", "Detecting", "Source", "Target")
RATE_FIELDS = ("processingRateBytesPS", "processingRateItemsPS", "readRateBytesPS", "writeRateBytesPS")
GROWING_FIELDS = ("transferredDataBytes", "processedObjects")
LOG_TYPES = ("Running", "Warning", "Error", "Success", "Stop")

# Namespace for ids the simulator derives (log items, setId), so they are stable across runs.
SIM_NAMESPACE = uuid.UUID("5a1d0c3e-9b1f-4c47-8d7e-7a5e0b365000")


class Conflict(Exception):
    """An action that the job's current state does not allow (maps to 400 OperationConflict)."""


@dataclass(slots=True, eq=False)
class Job:
    id: str
    name: str
    description: str
    kind: str               # "Backup" or "Copy"
    workload: str           # Exchange, SharePoint, OneDrive or Teams: names the objects in log messages
    organization_id: str
    repository_id: str
    proxy_id: str
    backup_type: str
    enabled: bool
    schedule: dict
    backup_job_id: str      # copy jobs only
    etag: int
    sessions: list = field(default_factory=list, repr=False)   # newest first
    object_names: list = None   # names quoted by synthesised log items (data "objectNames"); built-in when None


class LogItem:
    __slots__ = ("id", "usn", "type", "message", "start", "end", "title")

    def __init__(self, session_id, usn, type_, message, start, end, title=None):
        self.id = str(uuid.uuid5(SIM_NAMESPACE, "%s/log/%d" % (session_id, usn)))
        self.usn = usn
        self.type = type_
        self.message = message
        self.start = start
        self.end = end
        self.title = title      # a verbatim v5-v7 title from the data file; "[Type] message" when None


class SessionView:
    """The state of a session at one instant, what render.py turns into JSON."""

    __slots__ = ("status", "end", "progress", "statistics", "details", "etag")

    def __init__(self, status, end, progress, statistics, details, etag):
        self.status = status
        self.end = end
        self.progress = progress
        self.statistics = statistics
        self.details = details
        self.etag = etag


@dataclass(slots=True, eq=False)
class Session:
    """A job session and its timeline [(status, ticks), ...].

    A finished session from history is simply [("Running", created), (final, ended)].
    Progress and statistics grow linearly between run_start and planned_end, so a
    session stopped halfway keeps half of its target numbers.
    """

    id: str
    job: Job = field(repr=False)
    creation: int
    timeline: list
    run_start: int
    planned_end: int
    target: dict            # final progress and statistics
    details: str
    retry_count: int
    main_session_id: str
    will_retry: bool
    config_type: str
    proxy_id: str
    proxy_pool_id: str
    etag_base: int
    explicit_log: list = None   # LogItems from the data file; synthesised when None
    v5_links: dict = None       # verbatim v5 _links (the seed document's session)
    objects_spec: dict = None   # the data file's "objects" (processed objects), or None
    objects: object = None      # objects.Plan: what ProcessedObjects lists; its total drives `progress`

    def order_key(self):
        return (-self.creation, self.id)

    def phase(self, now):
        """Index of the timeline entry in force at `now` (-1 before the session exists)."""
        index = -1
        for position, (_status, ticks) in enumerate(self.timeline):
            if ticks <= now:
                index = position
        return index

    def status_at(self, now):
        return self.timeline[max(self.phase(now), 0)][0]

    def end_at(self, now):
        status, ticks = self.timeline[max(self.phase(now), 0)]
        return ticks if status in FINAL_STATUSES else None

    def is_active(self, now):
        return self.status_at(now) in ACTIVE_STATUSES

    def fraction(self, until):
        if self.run_start is None or until <= self.run_start:
            return 0.0
        if self.planned_end is None:
            # An open-ended run (no final status in the data): crawl towards the target over an hour.
            span = 3600 * TICKS_PER_SECOND
        else:
            span = max(self.planned_end - self.run_start, 1)
        return min((until - self.run_start) / span, 1.0)

    def view(self, now):
        index = max(self.phase(now), 0)
        status, ticks = self.timeline[index]
        end = ticks if status in FINAL_STATUSES else None
        fraction = self.fraction(end if end is not None else now)
        statistics = {}
        for name in RATE_FIELDS:
            statistics[name] = self.target[name] if fraction > 0 else 0
        for name in GROWING_FIELDS:
            statistics[name] = int(self.target[name] * fraction)
        if status == "Queued" or (fraction == 0 and end is None):
            statistics["bottleneck"] = "NA"
        elif status == "Running":
            statistics["bottleneck"] = "Detecting"
        else:
            statistics["bottleneck"] = self.target["bottleneck"]
        progress = int(self.object_total() * fraction)
        details = self.details if (end is not None and self.details is not None) else transfer_summary(statistics)
        etag = self.etag_base + index + progress
        return SessionView(status, end, progress, statistics, details, etag)

    def object_total(self):
        """Final progress: the number of objects the session processes (objects.py), the data's otherwise."""
        return self.target["progress"] if self.objects is None else self.objects.counts().total

    def stop(self, now):
        self.timeline = [entry for entry in self.timeline if entry[1] <= now] + [("Stopped", now)]

    def log_items(self, now):
        items = self.explicit_log if self.explicit_log is not None else synthesise_log(self)
        return [item for item in items if item.start <= now]


def human_bytes(count):
    """1.5 KB style sizes, as the VB365 console writes them into `details`."""
    if count < 1024:
        return "%d B" % count
    value = float(count)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024:
            return "%.1f %s" % (value, unit)
    return "%.1f TB" % (value / 1024)


def transfer_summary(statistics):
    """The `details` text VB365 shows for a session, e.g. 'Transferred: 0 B (0 items) at 0 B/s (0 items/s)'."""
    return "Transferred: %s (%d items) at %s/s (%d items/s)" % (
        human_bytes(statistics["transferredDataBytes"]), statistics["processedObjects"],
        human_bytes(statistics["processingRateBytesPS"]), statistics["processingRateItemsPS"])


_OBJECT_NAMES = {
    "Exchange": ("mailbox", ("adele.vance", "alex.wilber", "diego.siciliani", "megan.bowen")),
    "SharePoint": ("site", ("sites/finance", "sites/hr", "sites/marketing", "sites/projects")),
    "OneDrive": ("OneDrive", ("adele.vance", "isaiah.langer", "lynne.robbins", "nestor.wilke")),
    "Teams": ("team", ("Sales Team", "Mark 8 Project", "Retail", "Leadership")),
}

_FINAL_LOG = {
    "Success": ("Success", "Job finished at %s"),
    "Warning": ("Warning", "Job finished with warning at %s"),
    "Failed": ("Error", "Job finished with error at %s"),
    "Stopped": ("Stop", "Job stopped by user at %s"),
    "Disconnected": ("Error", "Connection to the backup proxy was lost at %s"),
    "NotConfigured": ("Error", "Job finished at %s: no objects are configured for processing"),
}


def _object_label(job, index):
    kind, names = _OBJECT_NAMES.get(job.workload, _OBJECT_NAMES["Exchange"])
    names = job.object_names or names
    name = names[index % len(names)]
    if kind == "site":
        return "site: https://contoso.sharepoint.com/%s" % name
    if kind == "team":
        return "team: %s" % name
    return "%s: %s@contoso.onmicrosoft.com" % (kind, name)


def synthesise_log(session):
    """Log items derived from the timeline, so 50,000 generated sessions cost no memory for logs.

    Items carry their own timestamps; a running session shows only those that already happened.
    """
    final = next((entry for entry in session.timeline if entry[0] in FINAL_STATUSES), None)
    entries = []
    if session.timeline[0][0] == "Queued":
        entries.append(("Running", "Job is queued: waiting for an available backup proxy", session.creation))
    if session.run_start is not None:
        run_start = session.run_start
        end = final[1] if final else session.run_start + 600 * TICKS_PER_SECOND
        span = max(end - run_start, 4)
        entries.append(("Success", "Job started at %s" % format_local(run_start), run_start))
        entries.append(("Success", "Connected to organization contoso.onmicrosoft.com", run_start + span // 20))
        verb = "Copying" if session.job.kind == "Copy" else "Processing"
        for index in range(3):
            type_, suffix = "Success", ""
            if index == 2 and final and final[0] == "Warning":
                type_, suffix = "Warning", " finished with warning: item size exceeds the maximum allowed size"
            elif index == 2 and final and final[0] == "Failed":
                type_, suffix = "Error", " failed: The remote server returned an error: (503) Server Unavailable."
            elif index == 2 and not final:
                type_ = "Running"
            entries.append((type_, "%s %s%s" % (verb, _object_label(session.job, index), suffix),
                            run_start + span * (index + 2) // 6))
    if final:
        type_, text = _FINAL_LOG[final[0]]
        entries.append((type_, text % format_local(final[1]), final[1]))
    items = []
    for usn, (type_, message, start) in enumerate(entries, 1):
        following = entries[usn][2] if usn < len(entries) else start
        items.append(LogItem(session.id, usn, type_, message, start, max(following, start)))
    return items


class Store:
    """All jobs and sessions, guarded by one lock (requests are short; a coarse lock keeps it simple)."""

    def __init__(self, organization, service_instance, users):
        self.lock = threading.RLock()
        self.organization = organization
        self.service_instance = service_instance
        self.users = users
        self.jobs = {}
        self.job_order = []
        self.sessions = []
        self.by_id = {}
        # The processed_objects switch, {sessionId: {"total", "warning", "failed"}}; shared with every Plan.
        self.object_overrides = {}

    def set_object_overrides(self, overrides):
        with self.lock:
            self.object_overrides.clear()
            self.object_overrides.update(overrides)

    def add_job(self, job):
        self.jobs[job.id] = job
        self.job_order.append(job)

    def add_session(self, session):
        bisect.insort(self.sessions, session, key=Session.order_key)
        bisect.insort(session.job.sessions, session, key=Session.order_key)
        self.by_id[session.id] = session

    @staticmethod
    def first_visible(sessions, now):
        """Index in a newest-first list of the first session that already exists at `now`.

        Sessions created after `now` (timelines that start later) sort before it and stay hidden.
        """
        return bisect.bisect_left(sessions, (-now, ""), key=Session.order_key)

    def session(self, session_id, now):
        session = self.by_id.get(session_id)
        if session is None or session.creation > now:
            return None
        return session

    def query(self, now, offset, limit, job=None, predicate=None):
        """One page of sessions (newest first) and the total count of matches."""
        base = job.sessions if job is not None else self.sessions
        start = self.first_visible(base, now)
        if predicate is None:
            return base[start + offset:start + offset + limit], len(base) - start
        matches = [session for session in base[start:] if predicate(session)]
        return matches[offset:offset + limit], len(matches)

    def latest(self, job, now):
        start = self.first_visible(job.sessions, now)
        return job.sessions[start] if start < len(job.sessions) else None

    def last_backup(self, job, now):
        """End of the newest session that produced a restore point (Success or Warning)."""
        for session in job.sessions[self.first_visible(job.sessions, now):]:
            if session.status_at(now) in ("Success", "Warning"):
                return session.end_at(now)
        return None

    def start_job(self, job, now, full, outcome, durations, retry=None):
        """A new session for `job`; with `retry` it fails and an automatic retry session follows later."""
        if not job.enabled:
            raise Conflict("Job %s is disabled." % job.name)
        latest = self.latest(job, now)
        if latest is not None and latest.is_active(now):
            raise Conflict("Job %s is already running." % job.name)
        rng = random.Random(now)
        if retry is None:
            session = self._run(job, now, rng, durations, outcome, full=full)
        else:
            session = self._run(job, now, rng, durations, retry["fail_status"], full=full, will_retry=True)
            # VB365 retries by itself after the schedule's retryWaitInterval; here after `after` seconds.
            again = session.planned_end + round(retry["after"] * TICKS_PER_SECOND)
            self._run(job, again, rng, durations, retry["status"], full=full, main=session)
        job.etag += 1
        return session

    def _run(self, job, now, rng, durations, outcome, full=False, will_retry=False, main=None):
        """Add one session that is Queued from `now`, then Running, then ends with `outcome`."""
        queued = now + round(durations["queued"] * TICKS_PER_SECOND)
        finished = queued + max(round(durations["running"] * TICKS_PER_SECOND), 1)
        target = {
            "processingRateBytesPS": rng.randint(500_000, 9_000_000),
            "processingRateItemsPS": rng.randint(5, 60),
            "readRateBytesPS": rng.randint(1_000_000, 20_000_000),
            "writeRateBytesPS": rng.randint(500_000, 9_000_000),
            "transferredDataBytes": rng.randint(1_000_000, 900_000_000),
            "processedObjects": rng.randint(10, 5000),
            "bottleneck": rng.choice(("Source", "Target")),
            "progress": rng.randint(1, 60),
        }
        session = Session(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), job=job, creation=now,
            timeline=[("Queued", now), ("Running", queued), (outcome, finished)],
            run_start=queued, planned_end=finished, target=target, details=None,
            retry_count=0 if main is None else main.retry_count + 1,
            main_session_id=None if main is None else main.id, will_retry=will_retry,
            config_type="Full" if full else "Incremental", proxy_id=job.proxy_id, proxy_pool_id=None, etag_base=1)
        # objects imports this module: imported here, when first needed.
        from .objects import attach  # pylint: disable=import-outside-toplevel
        attach(session, self.object_overrides, main)
        self.add_session(session)
        return session

    def stop_job(self, job, now):
        latest = self.latest(job, now)
        if latest is None or not latest.is_active(now):
            raise Conflict("Job %s is not running." % job.name)
        latest.stop(now)
        job.etag += 1

    @staticmethod
    def set_enabled(job, enabled):
        if job.enabled != enabled:
            job.enabled = enabled
            job.etag += 1
