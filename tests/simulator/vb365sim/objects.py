"""The objects a job session processed (GET /v7|v8/JobSessions/{id}/ProcessedObjects), computed lazily.

Nothing is stored per object: a session has a Plan (how many objects, how many of them
warned or failed, whose objects a retry processes) and the object at a position of its
list is a pure function of that position.  A page of 10,000 out of 50,000 costs 10,000
small computations and nothing else.

The rules (README.md, "Processed objects"):

* A session processes the first `total` objects of its job's population.  Object n of a
  population (n = 0, 1, ...) has the id uuid5(SIM_NAMESPACE, "<organizationId>/<type>/<n>")
  and a type that follows the job's workload: SharePoint -> Site, Teams -> Team,
  OneDrive -> User, Exchange -> User, except every tenth (n % 10 == 9), a Group.  So the
  same object has the same id in every session of a job (and in every job of the
  organization with that workload), across restarts.
* `total` is the session's final `progress` ("number of processed objects during the job
  session" in the OpenAPI documents; `statistics.processedObjects` counts items, not
  objects).  While a session runs, its list holds the first `progress` objects: it grows
  with the progress, by the simulated clock.  A stopped session keeps what it reached.
* NotConfigured sessions processed nothing (total 0, so progress 0).  A retry session (one
  with a main session) processes exactly the main session's Warning and Failed objects, in
  the main session's order: its total is their number.
* Which objects warned or failed follows the session's planned final status
  (default_problems); they are spread evenly over the list (problem_position).
* A data file's session `"objects": {"total", "warning", "failed"}` or the switch
  `processed_objects` (same keys, by session id) overrides any of the three numbers; a
  given `total` also makes a retry session list the first `total` objects of the population.
"""

import uuid
from collections import namedtuple

from .model import FINAL_STATUSES, SIM_NAMESPACE

OBJECT_TYPES = ("User", "Group", "Site", "Team")
OBJECT_STATUSES = ("Success", "Warning", "Failed")
SPEC_KEYS = ("total", "warning", "failed")
# progress is an int32 in the OpenAPI documents; far beyond anything a benchmark needs anyway.
MAX_TOTAL = 100_000_000


class Counts(namedtuple("Counts", "total warning failed")):
    """How many objects a session processed in all, and how many of them with a warning or failed."""

    __slots__ = ()

    @property
    def problems(self):
        return self.warning + self.failed

    @property
    def success(self):
        return self.total - self.warning - self.failed


def object_type(workload, number):
    """The type of object `number` of a job's population (see the module docstring)."""
    if workload == "SharePoint":
        return "Site"
    if workload == "Teams":
        return "Team"
    if workload == "Exchange" and number % 10 == 9:
        return "Group"
    return "User"


def object_id(organization_id, type_, number):
    return str(uuid.uuid5(SIM_NAMESPACE, "%s/%s/%d" % (organization_id, type_, number)))


def default_problems(status, total):
    """(warning, failed) for a session of `total` objects that ends with `status`.

    Success, Stopped, no final status: none.  Warning: a few of each, 1 + total//20 warnings
    (at most 10) and, when at least two objects are left, 1 + total//40 failures (at most 5).
    Failed: 1 + total//10 failures (at most 10), no warnings.  Disconnected: one failure.
    """
    if total <= 0:
        return 0, 0
    if status == "Warning":
        warning = min(10, 1 + total // 20, total)
        failed = min(5, 1 + total // 40) if total - warning >= 2 else 0
        return warning, failed
    if status == "Failed":
        return 0, min(10, 1 + total // 10, total)
    if status == "Disconnected":
        return 0, 1
    return 0, 0


def resolve(spec, status, total):
    """Counts from the rule, with the keys of `spec` (data file or switch) taking precedence."""
    spec = spec or {}
    total = spec.get("total", total)
    if "warning" in spec or "failed" in spec:
        rule_warning, rule_failed = default_problems(status, total)
        warning = min(spec.get("warning", rule_warning), total)
        failed = min(spec.get("failed", rule_failed), total - warning)
    else:
        warning, failed = default_problems(status, total)
    return Counts(total, warning, failed)


# ---------------------------------------------------------------- where the problems are

def problem_position(counts, slot):
    """Position in the list of problem `slot` (0 <= slot < problems): evenly spread, never colliding."""
    k = counts.problems
    return slot * counts.total // k + (counts.total // k) // 2


def problem_slot(counts, position):
    """The problem slot at `position`, or None for a Success object (the inverse of problem_position)."""
    k = counts.problems
    if not k:
        return None
    offset = position - (counts.total // k) // 2
    if offset < 0:
        return None
    slot = (offset * k + counts.total - 1) // counts.total
    if slot < k and slot * counts.total // k == offset:
        return slot
    return None


def slot_status(counts, slot):
    """Warning or Failed: the `failed` Failed slots are spread evenly among the problem slots."""
    k = counts.problems
    return "Failed" if (slot + 1) * counts.failed // k > slot * counts.failed // k else "Warning"


def status_at(counts, position):
    slot = problem_slot(counts, position)
    return "Success" if slot is None else slot_status(counts, slot)


# ---------------------------------------------------------------- a session's plan

class Plan:
    """What one session processes.  `overrides` is the Store's dict of the processed_objects switch."""

    __slots__ = ("session_id", "organization_id", "workload", "outcome", "spec", "progress", "main", "overrides")

    def __init__(self, session, outcome, spec, overrides, main=None):
        self.session_id = session.id
        self.organization_id = session.job.organization_id
        self.workload = session.job.workload
        self.outcome = outcome          # the planned final status (None for a run that never ends)
        self.spec = spec                # the data file's "objects", or None
        self.progress = session.target["progress"]
        self.main = main                # the main session's Plan, for a retry
        self.overrides = overrides

    def _spec(self):
        return self.overrides.get(self.session_id, self.spec)

    def _retries_main(self, spec):
        return self.main is not None and "total" not in (spec or {})

    def counts(self):
        spec = self._spec()
        if self.outcome == "NotConfigured":
            total = 0
        elif self._retries_main(spec):
            total = self.main.counts().problems
        else:
            total = self.progress
        return resolve(spec, self.outcome, total)

    def source(self, position):
        """The population number of the object at `position` (a retry's objects are its main session's)."""
        if not self._retries_main(self._spec()):
            return position
        main_counts = self.main.counts()
        return self.main.source(problem_position(main_counts, position))

    def entry(self, counts, position):
        """(type, id, status) of the object at `position` of the list."""
        number = self.source(position)
        type_ = object_type(self.workload, number)
        return type_, object_id(self.organization_id, type_, number), status_at(counts, position)

    def type_counts(self, counts):
        """{type: {"total", "success", "warning", "failed"}} of the whole list (no object is materialised)."""
        result = {}

        def add(type_, key, amount=1):
            entry = result.setdefault(type_, {"total": 0, "success": 0, "warning": 0, "failed": 0})
            entry[key] += amount

        if self._retries_main(self._spec()):
            for position in range(counts.total):
                type_, _id, status = self.entry(counts, position)
                add(type_, "total")
                add(type_, status.lower())
            return result
        groups = counts.total // 10 if self.workload == "Exchange" else 0
        plain = object_type(self.workload, 0)
        for type_, amount in ((plain, counts.total - groups), ("Group", groups)):
            if amount:
                add(type_, "total", amount)
                add(type_, "success", amount)
        for slot in range(counts.problems):
            position = problem_position(counts, slot)
            type_ = object_type(self.workload, position)
            add(type_, "success", -1)
            add(type_, slot_status(counts, slot).lower())
        return result


def planned_outcome(session):
    return next((status for status, _ticks in session.timeline if status in FINAL_STATUSES), None)


def attach(session, overrides, main=None):
    """Give a session its Plan (data loading and job starts); `main` is the main session of a retry."""
    session.objects = Plan(session, planned_outcome(session), session.objects_spec, overrides,
                           None if main is None else main.objects)


def attach_all(store):
    """Plans for every session of a freshly loaded store; retries are linked to older main sessions only."""
    for session in sorted(store.sessions, key=lambda item: (item.creation, item.id)):
        main = store.by_id.get(session.main_session_id) if session.main_session_id else None
        if main is not None and (main.objects is None or main.creation >= session.creation):
            main = None     # unknown or not older: no retry list (and never a cycle)
        attach(session, store.object_overrides, main)


# ---------------------------------------------------------------- validation

def validated_spec(spec, where):
    """A data file's or the switch's {"total", "warning", "failed"} (any subset); ValueError when malformed."""
    if not isinstance(spec, dict) or not spec or set(spec) - set(SPEC_KEYS):
        raise ValueError("%s must be an object with some of the keys total, warning, failed" % where)
    for key, value in spec.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TOTAL:
            raise ValueError("%s.%s must be an integer from 0 to %d" % (where, key, MAX_TOTAL))
    if "total" in spec and spec.get("warning", 0) + spec.get("failed", 0) > spec["total"]:
        raise ValueError("%s: warning + failed must not exceed total" % where)
    return dict(spec)


def validated_overrides(value):
    """The processed_objects switch: {sessionId: spec}, ids in any case."""
    if not isinstance(value, dict):
        raise ValueError("processed_objects maps job session ids to {\"total\", \"warning\", \"failed\"}")
    result = {}
    for session_id, spec in value.items():
        try:
            key = str(uuid.UUID(str(session_id)))
        except ValueError:
            raise ValueError("processed_objects: %r is not a job session id" % session_id) from None
        result[key] = validated_spec(spec, "processed_objects[%s]" % session_id)
    return result


# ---------------------------------------------------------------- for tests

def expected_counts(data_path, sessions=0):
    """Final processed-object counts of every session of a data file, without a server.

    {sessionId: {"status": planned final status or None, "total", "success", "warning",
    "failed", "types": {type: {"total", "success", "warning", "failed"}}}}.  "Final" means
    once the session has ended; a running session lists a growing prefix of these objects
    (as many as its progress), a Queued one none.  `sessions` adds generated sessions, as
    the CLI's --sessions does.  The processed_objects switch is not applied.
    """
    # data imports this module: imported here, when first needed.
    from . import data                     # pylint: disable=import-outside-toplevel
    from .clock import Clock               # pylint: disable=import-outside-toplevel

    store = data.build_store(data.read(data_path), Clock(), sessions)
    result = {}
    for session in store.sessions:
        plan = session.objects
        counts = plan.counts()
        result[session.id] = {"status": plan.outcome, "total": counts.total, "success": counts.success,
                              "warning": counts.warning, "failed": counts.failed,
                              "types": plan.type_counts(counts)}
    return result
