"""Jobs, copy jobs and job actions per version."""

import pytest

from simtest import SEED_JOB

JOB_NAMES = {"Exchange Online - Daily", "SharePoint - Daily", "OneDrive - Weekly", "Teams - Daily",
             "Exchange Online - Archive (Hourly)", "Legacy Public Folders - Disabled"}


def job_by_name(sim, name, version="v8"):
    jobs = sim.get("/%s/Jobs" % version).json()
    jobs = jobs["results"] if version == "v8" else jobs
    return next(job for job in jobs if job["name"] == name)


@pytest.mark.parametrize("version", ["v5", "v6", "v7"])
def test_jobs_are_a_bare_array_before_v8(sim, version):
    jobs = sim.get("/%s/Jobs?limit=1000000" % version).json()
    assert isinstance(jobs, list)
    assert {job["name"] for job in jobs} == JOB_NAMES
    assert sum(1 for job in jobs if not job["isEnabled"]) == 1
    assert ("lastBackup" in jobs[0]) == (version == "v7")


def test_jobs_page_on_v8_with_filters(sim):
    page = sim.get("/v8/Jobs?limit=2").json()
    assert "totalCount" not in page and len(page["results"]) == 2
    assert page["_links"]["next"]["href"] == "/v8/Jobs?offset=2&limit=2"
    job = page["results"][0]
    assert {"organizationId", "eTag", "lastBackup"} <= set(job)
    filtered = sim.get("/v8/Jobs?organizationId=%s" % job["organizationId"]).json()["results"]
    assert len(filtered) == len(JOB_NAMES)
    assert sim.get("/v8/Jobs?repositoryId=00000000-0000-0000-0000-000000000001").json()["results"] == []
    assert sim.get("/v8/Jobs?organizationId=nope").status == 400


def test_job_derived_fields(sim):
    job = sim.get("/v7/Jobs/" + SEED_JOB).json()
    assert job["lastStatus"] == "Success" and job["lastRun"] and job["lastBackup"]
    assert job["nextRun"].endswith(":00Z")
    assert job["_links"]["self"]["href"] == "/v7/Jobs/" + SEED_JOB
    disabled = job_by_name(sim, "Legacy Public Folders - Disabled")
    assert disabled["nextRun"] is None and disabled["lastStatus"] == "NotConfigured"
    v5 = sim.get("/v5/jobs/" + SEED_JOB).json()
    assert list(v5)[:3] == ["id", "name", "description"]
    assert v5["_links"]["jobsessions"]["href"].endswith("/v5/jobs/%s/jobsessions" % SEED_JOB)


def test_unknown_job_404(sim):
    assert sim.get("/v6/Jobs/00000000-0000-0000-0000-000000000001").status == 404


def test_copy_jobs_live_under_copyjobs(sim):
    copies = sim.get("/v7/CopyJobs").json()
    assert len(copies) == 2 and {copy["backupJobId"] for copy in copies} == {SEED_JOB}
    assert copies[0]["lastStatus"] == "Running"
    assert sim.get("/v7/Jobs/" + copies[0]["id"]).status == 404
    assert sim.get("/v8/CopyJobs/" + copies[0]["id"]).json()["name"].endswith("Object Storage")
    assert sim.get("/v8/CopyJobs").json()["results"][0]["id"] == copies[0]["id"]
    assert sim.get("/v5/CopyJobs").status == 404


def wait_status(sim, session_id, advance):
    sim.admin("POST", "clock", {"advance": advance})
    return sim.get("/v8/JobSessions/" + session_id).json()


def test_v8_start_returns_session_that_runs_to_its_outcome(sim):
    job = job_by_name(sim, "OneDrive - Weekly")
    sim.admin("POST", "config", {"job_outcomes": {job["id"]: "Warning"}, "job_durations": {"queued": 2, "running": 10}})
    reply = sim.post("/v8/Jobs/%s/start" % job["id"], {"full": True})
    assert reply.status == 200
    session = reply.json()
    assert session["status"] == "Queued" and session["jobId"] == job["id"]
    assert session["jobSessionConfigType"] == "Full"
    assert sim.get("/v8/JobSessions?limit=1").json()["results"][0]["id"] == session["id"]
    assert sim.post("/v8/Jobs/%s/start" % job["id"], {"full": False}).json()["errorCode"] == "OperationConflict"
    assert wait_status(sim, session["id"], 3)["status"] == "Running"
    assert job_by_name(sim, "OneDrive - Weekly")["lastStatus"] == "Running"
    final = wait_status(sim, session["id"], 10)
    assert final["status"] == "Warning" and final["endTime"]


@pytest.mark.parametrize("version", ["v6", "v7"])
def test_v6_v7_actions_are_204(sim, version):
    job = job_by_name(sim, "SharePoint - Daily")
    sim.admin("POST", "clock", {"advance": 60})  # let the live SharePoint session finish
    start = sim.post("/%s/Jobs/%s/start" % (version, job["id"]), {"full": False})
    assert start.status == 204 and start.body == b""
    latest = sim.get("/v8/JobSessions?jobId=%s&limit=1" % job["id"]).json()["results"][0]
    assert sim.post("/%s/Jobs/%s/stop" % (version, job["id"])).status == 204
    stopped = sim.get("/v8/JobSessions/" + latest["id"]).json()
    assert stopped["status"] == "Stopped" and stopped["endTime"]
    assert sim.post("/%s/Jobs/%s/stop" % (version, job["id"])).status == 400
    assert sim.post("/%s/Jobs/%s/disable" % (version, job["id"])).status == 204
    assert not sim.get("/%s/Jobs/%s" % (version, job["id"])).json()["isEnabled"]
    assert sim.post("/%s/Jobs/%s/start" % (version, job["id"]), {"full": False}).status == 400
    assert sim.post("/%s/Jobs/%s/enable" % (version, job["id"])).status == 204


def test_start_with_empty_body_and_bad_body(sim):
    job = job_by_name(sim, "OneDrive - Weekly")
    assert sim.post("/v6/Jobs/%s/start" % job["id"]).status == 204
    assert sim.post("/v7/Jobs/%s/start" % job["id"], {"full": "yes"}).status == 400


def test_v5_action_endpoint(sim):
    job = job_by_name(sim, "OneDrive - Weekly", "v5")
    reply = sim.post("/v5/Jobs/%s/Action" % job["id"], {"start": None})
    assert reply.status == 200 and reply.body == b""
    assert sim.post("/v5/Jobs/%s/action" % job["id"], {"start": None}).status == 400
    assert sim.post("/v5/Jobs/%s/action" % job["id"], {"stop": None}).status == 200
    assert sim.post("/v5/Jobs/%s/action" % job["id"], {"disable": None}).status == 200
    assert sim.post("/v5/Jobs/%s/action" % job["id"], {"explore": {}}).status == 400
    assert sim.post("/v6/Jobs/%s/action" % job["id"], {"start": None}).status == 404
    assert sim.post("/v5/Jobs/%s/start" % job["id"], {"full": False}).status == 404


def test_starting_disabled_or_running_job_conflicts(sim):
    disabled = job_by_name(sim, "Legacy Public Folders - Disabled")
    reply = sim.post("/v8/Jobs/%s/start" % disabled["id"], {"full": False})
    assert reply.status == 400 and reply.json()["errorCode"] == "OperationConflict"
    queued = job_by_name(sim, "Exchange Online - Archive (Hourly)")
    assert sim.post("/v8/Jobs/%s/start" % queued["id"], {"full": False}).status == 400


def test_wrong_method_is_405(sim):
    reply = sim.post("/v8/JobSessions")
    assert reply.status == 405 and reply.header("Allow") == "GET"
