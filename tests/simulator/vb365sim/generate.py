"""Generate an MSP-scale data file: many backup jobs (one per tenant), a few sessions each, and
optionally an MSP inventory (many tenants and backed-up objects over several repositories).

    python -m vb365sim.generate --jobs 300 --sessions-per-job 3 --out /tmp/msp.json
    python -m vb365sim.generate --jobs 100 --tenants 100 --objects 200000 --repositories 4 --out /tmp/msp.json

Everything is deterministic (ids are uuid5 of the job/session number), so tests and
benchmarks know each job's newest session without asking the server.  Job N (1-based)
is named "Tenant NNN - Exchange Online"; its newest session ended one hour ago plus N
seconds before, so the newest sessions of all jobs are the newest sessions on the server
(one nightly run per tenant) and each job's history is one run per day before that.

With --tenants T the inventory holds T generated organizations (and no seed tenant): the
objects are made when the simulator loads the file (the file stays small) by
inventory.msp_generate; msp_counts() says what the server will list, without asking it.
Without --tenants the seed's inventory is copied in.
"""

import argparse
import json
import os
import sys
import uuid

from . import data, inventory
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


def _job(number, base, tenants=0, repositories=4):
    """Job n; with an MSP inventory, job n <= tenants backs up tenant n into that tenant's repository."""
    organization_id, repository_id = base["organization"]["id"], base["jobs"][0]["repositoryId"]
    if number <= tenants:
        organization_id = inventory.msp_tenant_id(number)
        repository_id = inventory.msp_repository_id(inventory.msp_tenant_repository(number, repositories))
    return {"id": job_id(number), "name": "Tenant %03d - Exchange Online" % number,
            "description": "Mailboxes of tenant %03d" % number, "type": "Backup", "workload": "Exchange",
            "organizationId": organization_id, "repositoryId": repository_id,
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


def msp_counts(tenants, objects, repositories=4):
    """What an MSP inventory of document(..., tenants, objects, repositories) serves, computed here:

    {"organizations": T, "objects": M,
     "tenants": {tenant id: {"name", "repository", "stale", "User", "Group", "Site", "Team"}},
     "repositories": {repository id: {"User": n, "Group": n, "Site": n, "Team": n}},  (backed-up data)
     "never_backed_up": objects listed with null times, "licensed_users": users with a backup}

    Every object is in its tenant's listings and in exactly one repository's backed-up data.
    """
    result = {"organizations": tenants, "objects": objects, "tenants": {}, "repositories": {},
              "never_backed_up": 0, "licensed_users": 0}
    for number in range(1, repositories + 1):
        result["repositories"][inventory.msp_repository_id(number)] = dict.fromkeys(inventory.KINDS, 0)
    for number, total in enumerate(inventory.msp_objects(tenants, objects), 1):
        counts = inventory.msp_kind_counts(total)
        repository = inventory.msp_repository_id(inventory.msp_tenant_repository(number, repositories))
        result["tenants"][inventory.msp_tenant_id(number)] = dict(
            counts, name=inventory.msp_tenant_name(number), repository=repository,
            stale=number % inventory.MSP_STALE_EVERY == 0)
        for kind, count in counts.items():
            result["repositories"][repository][kind] += count
            never = count // inventory.MSP_NEVER_EVERY
            result["never_backed_up"] += never
            if kind == "User":
                result["licensed_users"] += count - never
    return result


def _inventory(base, tenants, objects, repositories):
    """The seed's inventory, or (tenants > 0) the seed's proxies and repositories plus the MSP spec."""
    seed = base.get("inventory") or {}
    if not tenants:
        return seed
    licensed = msp_counts(tenants, objects, repositories)["licensed_users"]
    # The seed's repositories stay (the jobs' repository must exist), empty and owned by no organization.
    repositories_kept = [{key: value for key, value in repo.items() if key != "organizationId"}
                         for repo in seed.get("repositories", [])]
    return {"proxies": seed.get("proxies", []), "repositories": repositories_kept, "tenants": [],
            "license": dict(seed.get("license", {}), totalNumber=licensed + licensed // 10),
            "msp": {"tenants": tenants, "objects": objects, "repositories": repositories}}


def document(jobs, sessions_per_job=3, base_path=_SEED, tenants=0, objects=0, repositories=4):
    """The data file as a dict: the seed's users, organization and service instance, generated jobs,
    and the seed's inventory or (tenants > 0) a generated MSP inventory."""
    if jobs < 1 or sessions_per_job < 1:
        raise ValueError("jobs and sessions_per_job must be at least 1")
    if tenants and (objects < tenants or repositories < 1):
        raise ValueError("an MSP inventory needs objects >= tenants and repositories >= 1")
    base = data.read(base_path)
    return {
        "format": 1, "users": base["users"], "serviceInstance": base["serviceInstance"],
        "organization": base["organization"],
        "inventory": _inventory(base, tenants, objects, repositories),
        "jobs": [_job(number, base, tenants, repositories) for number in range(1, jobs + 1)],
        "sessions": [_session(number, age) for number in range(1, jobs + 1) for age in range(sessions_per_job)],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m vb365sim.generate", description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--jobs", type=int, default=300, help="number of backup jobs (default 300)")
    parser.add_argument("--sessions-per-job", type=int, default=3, help="finished sessions per job (default 3)")
    parser.add_argument("--tenants", type=int, default=0,
                        help="generated organizations of an MSP inventory (default 0: the seed's inventory)")
    parser.add_argument("--objects", type=int, default=200_000,
                        help="backed-up objects over all generated tenants (default 200000)")
    parser.add_argument("--repositories", type=int, default=4, help="generated repositories (default 4)")
    parser.add_argument("--out", required=True, help="data file to write")
    args = parser.parse_args(argv)
    try:
        doc = document(args.jobs, args.sessions_per_job, tenants=args.tenants, objects=args.objects,
                       repositories=args.repositories)
    except ValueError as exc:
        parser.error(str(exc))
    text = "{\n" + ",\n".join('"%s": %s' % (key, json.dumps(value)) for key, value in doc.items()) + "\n}\n"
    write_atomically(os.path.abspath(args.out), text.encode("utf-8"))
    summary = {"data": os.path.abspath(args.out), "jobs": args.jobs, "sessions": len(doc["sessions"])}
    if args.tenants:
        summary.update(tenants=args.tenants, objects=args.objects, repositories=args.repositories)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
