"""Job sessions: the seed session, shapes per version, paging, filters, log items, timelines, errors."""

import json

import pytest

from simtest import SEED_JOB, SEED_SESSION, shared_path

V5_KEYS = ["id", "creationTime", "endTime", "progress", "status", "statistics", "_links"]
V6_KEYS = ["id", "details", "creationTime", "endTime", "retryCount", "progress", "status", "statistics", "_links"]
V7_KEYS = ["id", "repositoryId", "details", "creationTime", "endTime", "retryCount", "jobWillBeRetried", "progress",
           "jobType", "status", "statistics", "_links"]
V8_KEYS = ["id", "jobId", "repositoryId", "details", "creationTime", "endTime", "retryCount", "jobWillBeRetried",
           "progress", "jobType", "jobSessionConfigType", "status", "statistics", "eTag", "_links", "proxyId",
           "proxyPoolId"]
STAT_KEYS = ["processingRateBytesPS", "processingRateItemsPS", "readRateBytesPS", "writeRateBytesPS",
             "transferredDataBytes", "processedObjects", "bottleneck"]
ALL_STATUSES = {"Success", "Warning", "Failed", "Running", "Queued", "Stopped", "Disconnected", "NotConfigured"}


def ordered(text):
    """JSON as nested lists of (key, value) pairs, so comparisons include key order."""
    return json.loads(text, object_pairs_hook=list)


def seed_document_body():
    with open(shared_path("seed", "000_69ede161f843ba2f.txt"), encoding="utf-8") as handle:
        text = handle.read()
    # The web page indents with no-break spaces: formatting only, not part of the JSON.
    text = text.replace("\xa0", " ")
    start = text.index("{", text.index("Response Body:"))
    return json.JSONDecoder(object_pairs_hook=list).raw_decode(text[start:])[0]


def all_sessions(sim, version, query=""):
    reply = sim.get("/%s/JobSessions?limit=10000%s" % (version, query))
    assert reply.status == 200, reply.body
    return reply.json()["results"]


def test_seed_session_is_byte_for_byte_on_v5(sim):
    reply = sim.get("/v5/JobSessions/" + SEED_SESSION)
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/json; charset=utf-8"
    assert int(reply.header("Content-Length")) == len(reply.body)
    # Same keys, same order, same values; the simulator serialises compactly.
    assert ordered(reply.body) == seed_document_body()
    assert reply.body == json.dumps(json.loads(reply.body), separators=(",", ":")).encode()


def test_seed_job_exists(sim):
    assert sim.get("/v5/Jobs/" + SEED_JOB).json()["name"] == "Exchange Online - Daily"


@pytest.mark.parametrize("version,keys", [("v5", V5_KEYS), ("v6", V6_KEYS), ("v7", V7_KEYS), ("v8", V8_KEYS)])
def test_session_shape_per_version(sim, version, keys):
    body = sim.get("/%s/JobSessions/%s" % (version, SEED_SESSION)).json()
    assert list(body) == keys
    assert list(body["statistics"]) == STAT_KEYS
    assert body["creationTime"] == "2019-02-04T16:49:22.8529769Z"
    assert all(isinstance(body["statistics"][name], int) for name in STAT_KEYS[:-1])
    if version != "v5":
        assert body["_links"] == {
            "self": {"href": "/%s/JobSessions/%s" % (version, SEED_SESSION)},
            "log": {"href": "/%s/JobSessions/%s/LogItems" % (version, SEED_SESSION)},
            "job": {"href": "/%s/Jobs/%s" % (version, SEED_JOB)}}
    if version == "v8":
        assert body["jobId"] == SEED_JOB and body["jobSessionConfigType"] == "Full"


def test_v5_links_are_absolute_from_host_header(sim):
    first = sim.get("/v5/JobSessions?limit=1").json()
    item_links = first["results"][0]["_links"]
    base = "https://127.0.0.1:%d/v5/" % sim.handle.port
    assert item_links["self"]["href"] == base + "jobsessions/" + first["results"][0]["id"]
    assert item_links["log"]["href"].endswith("/logitems")
    assert first["_links"]["self"]["href"] == base + "JobSessions?offset=0&limit=1"


def test_seed_covers_statuses_bottlenecks_retries_and_pages(sim):
    sessions = all_sessions(sim, "v7")
    assert len(sessions) >= 70
    assert {session["status"] for session in sessions} == ALL_STATUSES
    assert {session["statistics"]["bottleneck"] for session in sessions} == {"NA", "Detecting", "Source", "Target"}
    retries = [session for session in sessions if session["retryCount"] == 1]
    assert retries and all(session["mainSessionId"] for session in retries)
    ids = {session["id"] for session in sessions}
    assert all(session["mainSessionId"] in ids for session in retries)
    times = [session["creationTime"] for session in sessions]
    assert times == sorted(times, reverse=True)
    running = [session for session in sessions if session["status"] in ("Running", "Queued")]
    assert running and all(session["endTime"] is None for session in running)


def test_v6_omits_endtime_of_running_session(sim):
    running = [session for session in all_sessions(sim, "v6") if session["status"] == "Running"]
    assert running and all("endTime" not in session for session in running)


def test_paging_default_next_and_last_page(sim):
    first = sim.get("/v6/JobSessions").json()
    assert (first["offset"], first["limit"], len(first["results"])) == (0, 30, 30)
    total = first["totalCount"]
    assert first["_links"]["next"]["href"] == "/v6/JobSessions?offset=30&limit=30"
    assert "prev" not in first["_links"]
    last_offset = total - total % 30 if total % 30 else total - 30
    last = sim.get("/v6/JobSessions?offset=%d" % last_offset).json()
    assert "next" not in last["_links"]
    assert last["_links"]["prev"]["href"] == "/v6/JobSessions?offset=%d&limit=30" % (last_offset - 30)
    assert len(last["results"]) == total - last_offset
    beyond = sim.get("/v6/JobSessions?offset=%d" % (total + 5)).json()
    assert beyond["results"] == []


def test_paging_walk_visits_every_session_once(sim):
    seen, path = [], "/v8/JobSessions?limit=7"
    while path:
        page = sim.get(path).json()
        assert "totalCount" not in page and page["setId"]
        seen += [session["id"] for session in page["results"]]
        path = page["_links"].get("next", {}).get("href")
    assert len(seen) == len(set(seen)) == len(all_sessions(sim, "v8"))


def test_limit_is_clamped_to_10000(sim):
    page = sim.get("/v7/JobSessions?limit=1000000").json()
    assert page["limit"] == 10000


@pytest.mark.parametrize("query", ["limit=0", "limit=-1", "limit=ten", "offset=-3", "offset=1.5"])
def test_bad_paging_is_400(sim, query):
    reply = sim.get("/v8/JobSessions?" + query)
    assert reply.status == 400
    assert reply.json()["errorCode"] == "ParameterValidationFailure"


def test_query_parameter_names_are_case_insensitive(sim):
    page = sim.get("/v7/jobsessions?LIMIT=3&Offset=1").json()
    assert (page["offset"], page["limit"], len(page["results"])) == (1, 3, 3)


def test_job_id_filter_v7_v8_ignored_before(sim):
    v7 = all_sessions(sim, "v7", "&jobId=" + SEED_JOB)
    assert v7 and all(session["_links"]["job"]["href"].endswith(SEED_JOB) for session in v7)
    v8 = all_sessions(sim, "v8", "&jobid=" + SEED_JOB.upper())
    assert {session["jobId"] for session in v8} == {SEED_JOB}
    assert len(all_sessions(sim, "v6", "&jobId=" + SEED_JOB)) == len(all_sessions(sim, "v6"))
    assert all_sessions(sim, "v8", "&jobId=00000000-0000-0000-0000-000000000001") == []
    page = sim.get("/v8/JobSessions?jobId=%s&limit=2" % SEED_JOB).json()
    assert page["_links"]["next"]["href"] == "/v8/JobSessions?offset=2&limit=2&jobId=%s" % SEED_JOB


def test_job_type_filter_from_v6(sim):
    copies = all_sessions(sim, "v7", "&jobType=copy")
    assert copies and {session["jobType"] for session in copies} == {"Copy"}
    assert all("/v7/CopyJobs/" in session["_links"]["job"]["href"] for session in copies)
    assert len(all_sessions(sim, "v6", "&jobType=Copy")) == len(copies)
    assert len(all_sessions(sim, "v5", "&jobType=Copy")) > len(copies)
    assert sim.get("/v7/JobSessions?jobType=Replica").status == 400


def test_end_time_bounds(sim):
    sessions = all_sessions(sim, "v8")
    finished = sorted(session["endTime"] for session in sessions if session["endTime"])
    middle = finished[len(finished) // 2]
    lower = all_sessions(sim, "v8", "&endTimeLowerBound=" + middle)
    assert lower and all((session["endTime"] or session["creationTime"]) >= middle for session in lower)
    upper = all_sessions(sim, "v8", "&endTimeUpperBound=" + middle)
    assert upper and all((session["endTime"] or session["creationTime"]) <= middle for session in upper)
    # v6 knows only the lower bound.
    assert len(all_sessions(sim, "v6", "&endTimeUpperBound=" + middle)) == len(sessions)
    assert len(all_sessions(sim, "v6", "&endTimeLowerBound=" + middle)) == len(lower)
    assert sim.get("/v7/JobSessions?endTimeLowerBound=yesterday").status == 400


def test_v8_status_filter_uses_succeeded(sim):
    succeeded = all_sessions(sim, "v8", "&status=Succeeded")
    assert succeeded and {session["status"] for session in succeeded} == {"Success"}
    assert {session["status"] for session in all_sessions(sim, "v8", "&status=failed")} == {"Failed"}
    reply = sim.get("/v8/JobSessions?status=Success")
    assert reply.status == 400
    assert reply.json()["errorCode"] == "ParameterValidationFailure"
    # Older versions do not know the parameter and ignore it.
    assert len(all_sessions(sim, "v7", "&status=Success")) == len(all_sessions(sim, "v7"))


@pytest.mark.parametrize("version", ["v5", "v6"])
def test_per_job_sessions_v5_v6(sim, version):
    page = sim.get("/%s/Jobs/%s/JobSessions?limit=5" % (version, SEED_JOB)).json()
    assert len(page["results"]) == 5
    assert all(session["_links"]["job"]["href"].lower().endswith(SEED_JOB) for session in page["results"])
    assert "next" in page["_links"]


@pytest.mark.parametrize("version", ["v7", "v8"])
def test_per_job_sessions_gone_in_v7_v8(sim, version):
    reply = sim.get("/%s/Jobs/%s/JobSessions" % (version, SEED_JOB))
    assert reply.status == 404


def test_paths_are_case_insensitive(sim):
    for path in ("/v5/jobsessions/", "/V8/JOBSESSIONS/", "/v7/JobSessions/"):
        assert sim.get(path + SEED_SESSION.upper(), version=path.split("/")[1].lower()).status == 200


@pytest.mark.parametrize("version,expected", [
    ("v5", {"message"}), ("v6", {"message"}), ("v7", {"message", "errorCode"}),
    ("v8", {"message", "errorCode", "stackTrace"})])
def test_404_format_per_version(sim, version, expected):
    reply = sim.get("/%s/JobSessions/00000000-0000-0000-0000-000000000001" % version)
    assert reply.status == 404
    assert reply.header("Content-Type") == "application/json; charset=utf-8"
    body = reply.json()
    assert set(body) == expected
    if version == "v8":
        assert body["errorCode"] == "ResourceNotFound" and body["stackTrace"] is None
    if version == "v7":
        assert body["errorCode"] is None


def test_malformed_guid_is_400(sim):
    reply = sim.get("/v8/JobSessions/not-a-guid")
    assert reply.status == 400 and reply.json()["errorCode"] == "ParameterValidationFailure"


@pytest.mark.parametrize("path", ["/v4/JobSessions", "/v9/token", "/JobSessions", "/"])
def test_unknown_version_is_404(sim, path):
    assert sim.raw("GET", path).status == 404


def test_log_items_v5_to_v7_titles(sim):
    page = sim.get("/v7/JobSessions/%s/LogItems" % SEED_SESSION).json()
    titles = [item["title"] for item in page["results"]]
    assert titles[0] == "[Success] Job started at 2/4/2019 4:49:22 PM"
    assert [item["usn"] for item in page["results"]] == list(range(1, len(titles) + 1))
    # The seed document's v5 "log" link resolves too.
    assert sim.get("/v5/jobsessions/%s/log" % SEED_SESSION).json()["results"][0]["title"] == titles[0]


def test_log_items_v8_type_message_filter_order(sim):
    failed = [session for session in all_sessions(sim, "v8") if session["status"] == "Failed"][0]
    path = "/v8/JobSessions/%s/LogItems" % failed["id"]
    items = sim.get(path).json()["results"]
    assert all("title" not in item and item["type"] and item["message"] for item in items)
    errors = sim.get(path + "?type=Error").json()["results"]
    assert errors and {item["type"] for item in errors} == {"Error"}
    descending = sim.get(path + "?orderAsc=false").json()["results"]
    assert [item["usn"] for item in descending] == [item["usn"] for item in items][::-1]
    one = sim.get(path + "/" + items[0]["id"]).json()
    assert one == items[0]
    assert sim.get(path + "?type=Bogus").status == 400


def test_log_items_paging(sim):
    page = sim.get("/v6/JobSessions/%s/LogItems?limit=2" % SEED_SESSION).json()
    assert len(page["results"]) == 2 and page["totalCount"] == 6
    assert page["_links"]["next"]["href"] == "/v6/JobSessions/%s/LogItems?offset=2&limit=2" % SEED_SESSION
    assert sim.get("/v6/JobSessions/00000000-0000-0000-0000-000000000001/LogItems").status == 404


def live_session(sim):
    """The newest session: the Teams job's timeline session, queued at the simulator's start."""
    return all_sessions(sim, "v8")[0]


def test_timeline_moves_queued_running_final(sim):
    session = live_session(sim)
    assert session["status"] == "Queued" and session["endTime"] is None and session["progress"] == 0
    path = "/v8/JobSessions/" + session["id"]
    sim.admin("POST", "clock", {"advance": 20})
    running = sim.get(path).json()
    assert running["status"] == "Running" and running["endTime"] is None
    assert running["statistics"]["bottleneck"] == "Detecting"
    sim.admin("POST", "clock", {"advance": 20})
    later = sim.get(path).json()
    assert later["statistics"]["processedObjects"] > running["statistics"]["processedObjects"]
    assert later["eTag"] > running["eTag"]
    sim.admin("POST", "clock", {"advance": 30})
    done = sim.get(path).json()
    assert done["status"] == "Success" and done["endTime"] is not None
    assert done["statistics"]["bottleneck"] in ("Source", "Target")
    log = sim.get(path + "/LogItems").json()["results"]
    assert log[-1]["message"].startswith("Job finished at")
    # reset replays the timeline from its start
    sim.reset()
    assert sim.get(path).json()["status"] == "Queued"


def test_timestamps_have_seven_fraction_digits(sim):
    for session in all_sessions(sim, "v7"):
        for name in ("creationTime", "endTime"):
            value = session[name]
            if value is not None:
                assert len(value) == 28 and value.endswith("Z") and value[19] == ".", value
