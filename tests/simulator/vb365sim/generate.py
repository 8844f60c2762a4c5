"""Generate an MSP-scale data file: many backup jobs (one per tenant), a few sessions each.

    python -m vb365sim.generate --jobs 300 --sessions-per-job 3 --out /tmp/msp.json

Everything is deterministic (ids are uuid5 of the job/session number), so tests and
benchmarks know each job's newest session without asking the server.  Job N (1-based)
is named "Tenant NNN - Exchange Online"; its newest session ended one hour ago plus N
seconds before, so the newest sessions of all jobs are the newest sessions on the server
(one nightly run per tenant) and each job's history is one run per day before that.
"""

import argparse
import json
import os
import sys
import uuid

from .files import write_atomically
from .model import SIM_NAMESPACE

_SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "seed.json")
RUN_SECONDS = 120


def job_id(number):
    return str(uuid.uuid5(SIM_NAMESPACE, "msp/job/%d" % number))


def session_id(number, age):
    """Session `age` (0 = newest) of job `number`."""
    return str(uuid.uuid5(SIM_NAMESPACE, "msp/job/%d/session/%d" % (number, age)))


def newest_status(number):
    """Most tenants are green; every 10th newest run warns, every 50th failed (the gate must block them)."""
    if number % 50 == 0:
        return "Failed"
    if number % 10 == 0:
        return "Warning"
    return "Success"


def _job(number, base):
    return {"id": job_id(number), "name": "Tenant %03d - Exchange Online" % number,
            "description": "Mailboxes of tenant %03d" % number, "type": "Backup", "workload": "Exchange",
            "organizationId": base["organization"]["id"], "repositoryId": base["jobs"][0]["repositoryId"],
            "proxyId": base["jobs"][0]["proxyId"], "backupType": "EntireOrganization", "isEnabled": True,
            "schedulePolicy": {"scheduleEnabled": True, "backupWindowEnabled": False,
                               "periodicallyWindowEnabled": False, "type": "Daily", "dailyType": "Everyday",
                               "dailyTime": "22:00:00", "retryEnabled": True, "retryNumber": 3,
                               "retryWaitInterval": 10},
            "eTag": 1}


def _session(number, age):
    ended = -(3600 + number + age * 86400)
    items = 100 + (number * 37 + age * 11) % 900
    return {"id": session_id(number, age), "jobId": job_id(number), "creationTime": ended - RUN_SECONDS,
            "status": newest_status(number) if age == 0 else "Success", "endTime": ended,
            "progress": 1 + number % 60,
            "statistics": {"processingRateBytesPS": 1_000_000 + number, "processingRateItemsPS": 10 + number % 50,
                           "readRateBytesPS": 4_000_000 + number, "writeRateBytesPS": 900_000 + number,
                           "transferredDataBytes": items * 50_000, "processedObjects": items,
                           "bottleneck": "Source" if number % 2 else "Target"}}


def document(jobs, sessions_per_job=3, base_path=_SEED):
    """The data file as a dict: the seed's users, organization and service instance, generated jobs."""
    if jobs < 1 or sessions_per_job < 1:
        raise ValueError("jobs and sessions_per_job must be at least 1")
    with open(base_path, encoding="utf-8") as handle:
        base = json.load(handle)
    return {
        "format": 1, "users": base["users"], "serviceInstance": base["serviceInstance"],
        "organization": base["organization"],
        "jobs": [_job(number, base) for number in range(1, jobs + 1)],
        "sessions": [_session(number, age) for number in range(1, jobs + 1) for age in range(sessions_per_job)],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m vb365sim.generate", description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--jobs", type=int, default=300, help="number of backup jobs (default 300)")
    parser.add_argument("--sessions-per-job", type=int, default=3, help="finished sessions per job (default 3)")
    parser.add_argument("--out", required=True, help="data file to write")
    args = parser.parse_args(argv)
    try:
        doc = document(args.jobs, args.sessions_per_job)
    except ValueError as exc:
        parser.error(str(exc))
    text = "{\n" + ",\n".join('"%s": %s' % (key, json.dumps(value)) for key, value in doc.items()) + "\n}\n"
    write_atomically(os.path.abspath(args.out), text.encode("utf-8"))
    print(json.dumps({"data": os.path.abspath(args.out), "jobs": args.jobs, "sessions": len(doc["sessions"])}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
