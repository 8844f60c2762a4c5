"""Copy jobs (also one named like a backup job), retry pairs, denied logs and automatic retries."""

import json

import pytest

from simtest import SEED_JOB

COPY_TWIN = "7224af2c-280f-5e00-81d4-ed0143c06bc4"   # the copy job named "Exchange Online - Daily"
COPY_RUNNING = "39f49559-0c57-5d51-b7f2-9a9dc1174eb0"
ONEDRIVE = "cf87936e-4b65-50c2-8a43-0f09d39d19f2"


def _items(body):
    return body["results"] if isinstance(body, dict) else body


def _copy_sessions(sim, version):
    return _items(sim.get("/%s/JobSessions?jobType=Copy&limit=1000" % version).json())


def test_copy_job_shares_a_backup_job_name(sim):
    backup = [job for job in sim.get("/v8/Jobs").json()["results"] if job["name"] == "Exchange Online - Daily"]
    copies = [job for job in sim.get("/v8/CopyJobs").json()["results"] if job["name"] == "Exchange Online - Daily"]
    assert [job["id"] for job in backup] == [SEED_JOB] and [job["id"] for job in copies] == [COPY_TWIN]
    assert copies[0]["backupJobId"] == SEED_JOB and copies[0]["lastStatus"] == "Success"
    assert sim.get("/v6/Jobs/" + COPY_TWIN).status == 404 and sim.get("/v6/CopyJobs/" + COPY_TWIN).status == 200


@pytest.mark.parametrize("version", ["v7", "v8"])
def test_copy_sessions_and_their_retry_pair(sim, version):
    sessions = _copy_sessions(sim, version)
    twin = [session for session in sessions if session["_links"]["job"]["href"].endswith(COPY_TWIN)]
    assert len(twin) == 6 and {session["jobType"] for session in sessions} == {"Copy"}
    assert twin[0]["_links"]["job"]["href"] == "/%s/CopyJobs/%s" % (version, COPY_TWIN)
    failed = [session for session in twin if session["status"] == "Failed"]
    assert len(failed) == 1 and failed[0]["jobWillBeRetried"] is True and "mainSessionId" not in failed[0]
    retry = [session for session in twin if session.get("mainSessionId") == failed[0]["id"]]
    assert len(retry) == 1 and retry[0]["retryCount"] == 1 and retry[0]["status"] == "Success"
    assert retry[0]["jobWillBeRetried"] is False and retry[0]["creationTime"] > failed[0]["endTime"]


def test_retry_fields_per_version(sim):
    v6 = [s for s in _copy_sessions(sim, "v6") if s["retryCount"] == 1]
    assert v6 and all("mainSessionId" not in s and "jobWillBeRetried" not in s for s in v6)
    v5 = sim.get("/v5/JobSessions?limit=1000").json()["results"]
    assert all("retryCount" not in s and "mainSessionId" not in s for s in v5)


@pytest.mark.parametrize("version,status,body_has_session",
                         [("v6", 204, False), ("v7", 204, False), ("v8", 200, True)])
def test_start_copy_job(sim, version, status, body_has_session):
    payload = {"full": False} if version == "v6" else None   # v6 requires RESTStartJobOptions, v7/v8 take none
    reply = sim.post("/%s/CopyJobs/%s/start" % (version, COPY_TWIN), payload)
    assert reply.status == status, reply.body
    if body_has_session:
        session = reply.json()
        assert session["jobType"] == "Copy" and session["jobId"] == COPY_TWIN and session["status"] == "Queued"
        assert session["_links"]["job"]["href"] == "/v8/CopyJobs/" + COPY_TWIN
    job = sim.get("/%s/CopyJobs/%s" % (version, COPY_TWIN)).json()
    assert job["lastStatus"] == "Queued"
    again = sim.post("/%s/CopyJobs/%s/start" % (version, COPY_TWIN), payload)
    assert again.status == 400
    assert sim.post("/%s/Jobs/%s/start" % (version, COPY_TWIN), {"full": False}).status == 404


@pytest.mark.parametrize("version,expected", [
    ("v5", {"message"}), ("v6", {"message"}), ("v7", {"message", "errorCode"}),
    ("v8", {"message", "errorCode", "stackTrace"})])
def test_deny_log_items_all(sim, version, expected):
    session = _items(sim.get("/%s/JobSessions?limit=1" % version).json())[0]
    item = _items(sim.get("/%s/JobSessions/%s/LogItems" % (version, session["id"])).json())[0]
    sim.admin("POST", "config", {"deny_log_items": True})
    paths = ["JobSessions/%s/LogItems" % session["id"], "JobSessions/%s/LogItems/%s" % (session["id"], item["id"])]
    if version == "v5":
        paths.append("JobSessions/%s/log" % session["id"])
    for path in paths:
        reply = sim.get("/%s/%s" % (version, path))
        assert reply.status == 403, path
        body = reply.json()
        assert set(body) == expected and "Access is denied" in body["message"]
        if version == "v8":
            assert body["errorCode"] == "ResourceAccessDenied"
    assert sim.get("/%s/JobSessions/%s" % (version, session["id"])).status == 200  # the session itself stays readable
    log = sim.admin("GET", "requests")["requests"]
    assert log[-2]["status"] == 403 and log[-1]["status"] == 200
    sim.reset()
    assert sim.get("/%s/JobSessions/%s/LogItems" % (version, session["id"])).status == 200


def test_deny_log_items_for_some_sessions(sim):
    sessions = sim.get("/v8/JobSessions?limit=3").json()["results"]
    sim.admin("POST", "config", {"deny_log_items": [sessions[0]["id"].upper()]})
    assert sim.get("/v8/JobSessions/%s/LogItems" % sessions[0]["id"]).status == 403
    assert sim.get("/v8/JobSessions/%s/LogItems" % sessions[1]["id"]).status == 200
    for bad in ({"deny_log_items": "yes"}, {"deny_log_items": ["not-a-guid"]}):
        assert sim.raw("POST", "/_sim/config", json.dumps(bad),
                       {"Content-Type": "application/json"}).status == 400


def _advance(sim, seconds):
    sim.admin("POST", "clock", {"advance": seconds})


@pytest.mark.parametrize("kind,job_id", [("Jobs", ONEDRIVE), ("CopyJobs", COPY_TWIN)])
def test_failed_run_is_retried_automatically(sim, kind, job_id):
    sim.admin("POST", "config", {"job_durations": {"queued": 1, "running": 2},
                                 "job_retries": {job_id.upper(): {"after": 30, "status": "Success"}}})
    main = sim.post("/v8/%s/%s/start" % (kind, job_id), None if kind == "CopyJobs" else {"full": False}).json()
    assert main["jobWillBeRetried"] is None and main["status"] == "Queued"
    _advance(sim, 4)
    failed = sim.get("/v8/JobSessions/" + main["id"]).json()
    assert failed["status"] == "Failed" and failed["jobWillBeRetried"] is True and "mainSessionId" not in failed
    assert [s["id"] for s in sim.get("/v8/JobSessions?jobId=" + job_id).json()["results"][:1]] == [main["id"]]
    _advance(sim, 30)
    retry = sim.get("/v8/JobSessions?jobId=" + job_id).json()["results"][0]
    assert retry["id"] != main["id"] and retry["mainSessionId"] == main["id"] and retry["retryCount"] == 1
    assert retry["status"] in ("Queued", "Running") and retry["jobWillBeRetried"] is None
    v7 = sim.get("/v7/JobSessions/" + retry["id"]).json()
    assert v7["mainSessionId"] == main["id"]
    assert "mainSessionId" not in sim.get("/v6/JobSessions/" + retry["id"]).json()
    _advance(sim, 4)
    done = sim.get("/v8/JobSessions/" + retry["id"]).json()
    assert done["status"] == "Success" and done["jobWillBeRetried"] is False
    assert sim.get("/v8/JobSessions/" + main["id"]).json()["jobWillBeRetried"] is True


def test_retry_switch_options_and_validation(sim):
    sim.admin("POST", "config", {"job_durations": {"queued": 0, "running": 1},
                                 "job_retries": {ONEDRIVE: {"after": 0, "status": "Warning", "fail_status": "Warning"}}})
    main = sim.post("/v8/Jobs/%s/start" % ONEDRIVE, {"full": False}).json()
    _advance(sim, 3)
    sessions = sim.get("/v8/JobSessions?jobId=" + ONEDRIVE).json()["results"]
    assert [s["status"] for s in sessions[:2]] == ["Warning", "Warning"]
    assert sessions[0]["mainSessionId"] == main["id"] and sessions[1]["jobWillBeRetried"] is True
    for bad in ({ONEDRIVE: {"after": -1}}, {ONEDRIVE: {"status": "Great"}}, {ONEDRIVE: {"fail_status": "Success"}},
                {ONEDRIVE: {"bogus": 1}}, []):
        reply = sim.raw("POST", "/_sim/config", json.dumps({"job_retries": bad}),
                        {"Content-Type": "application/json"})
        assert reply.status == 400, bad
