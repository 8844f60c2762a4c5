"""GET /v7|v8/JobSessions/{id}/ProcessedObjects: counts per status, growth, retries, big lists, switches, faults."""

import json
import time
from collections import Counter

import pytest

from simtest import SEED_DATA, SEED_JOB
from vb365sim import objects

ORGANIZATION = "a21a5622-7fb2-49ec-b2b2-393da59fbed2"
ONEDRIVE = "cf87936e-4b65-50c2-8a43-0f09d39d19f2"
TEAMS = "8030645f-9463-5f1b-8e47-debcc10ad24b"
BIG = "ad5646ce-a53e-5200-8867-beaadcac45fe"             # OneDrive initial full run: 12,345 objects, Warning
FAILED_EARLY = "ff92c562-1c3e-5b07-9f65-c207dd7d71a3"    # Failed before processing anything
NOT_CONFIGURED = "0446ab52-afa1-52fa-b544-4f3d135d4b41"
EXCHANGE_FAILED, EXCHANGE_RETRY = "303582b4-b881-5c7a-ad4c-0f42fb07063d", "51066bcf-0fb9-5ab6-b22b-201cb133be02"
TEAMS_FAILED, TEAMS_RETRY = "96204e91-5607-5285-98c7-764cb2b1982f", "61a00a4e-2895-5af7-853a-975ec188f9e1"
TEAMS_TIMELINE = "bbdc2ff2-f94e-571e-9af4-783015160bf7"    # Queued at 0, Running at 5 s, Success at 60 s
ITEM_KEYS = ["id", "type", "status", "_links"]


@pytest.fixture(scope="module", name="expected")
def fixture_expected():
    return objects.expected_counts(SEED_DATA)


def path(version, session_id, query=""):
    return "/%s/JobSessions/%s/ProcessedObjects%s" % (version, session_id, query)


def fetch_all(sim, version, session_id, limit=10_000):
    """Every object, following `next` links; also returns the pages."""
    pages, href = [], path(version, session_id, "?limit=%d" % limit)
    while href:
        reply = sim.get(href)
        assert reply.status == 200, reply.body
        pages.append(reply.json())
        href = pages[-1]["_links"].get("next", {}).get("href")
    return [item for page in pages for item in page["results"]], pages


def summary(items):
    return Counter(item["status"] for item in items), Counter((item["type"], item["status"]) for item in items)


def advance(sim, seconds):
    sim.admin("POST", "clock", {"advance": seconds})


def config_error(sim, body):
    return sim.raw("POST", "/_sim/config", json.dumps(body), {"Content-Type": "application/json"}).status


def test_versions_shape_and_errors(sim):
    for version in ("v5", "v6"):
        reply = sim.get(path(version, EXCHANGE_FAILED))
        assert reply.status == 404 and "No HTTP resource was found" in reply.json()["message"]
    v7 = sim.get(path("v7", EXCHANGE_FAILED, "?limit=5")).json()
    v8 = sim.get(path("v8", EXCHANGE_FAILED, "?limit=5")).json()
    assert v7["totalCount"] == 12 and "totalCount" not in v8
    assert list(v8) == ["offset", "limit", "setId", "results", "_links"]
    assert v8["_links"]["next"]["href"] == path("v8", EXCHANGE_FAILED, "?offset=5&limit=5")
    item = v8["results"][0]
    assert list(item) == ITEM_KEYS and "name" not in item
    assert item["_links"] == {"jobsessions": {"href": "/v8/JobSessions/" + EXCHANGE_FAILED}}
    assert sim.get(path("v8", EXCHANGE_FAILED, "?limit=30&offset=0")).json()["limit"] == 30
    assert sim.get(path("v8", EXCHANGE_FAILED)).json()["limit"] == 30
    assert sim.get(path("v8", BIG, "?limit=20000")).json()["limit"] == 10_000
    missing = sim.get(path("v8", "00000000-0000-0000-0000-000000000001"))
    assert missing.status == 404 and missing.json()["errorCode"] == "ResourceNotFound"
    assert sim.get(path("v8", "not-a-guid")).status == 400
    assert sim.get(path("v7", EXCHANGE_FAILED, "?limit=0")).status == 400
    assert sim.get(path("v7", EXCHANGE_FAILED, "?offset=-1")).status == 400


def test_every_seeded_session_matches_the_expected_counts(sim, expected):
    """expected_counts() is what a test can rely on without asking; once every timeline has ended it holds."""
    advance(sim, 120)
    sessions = sim.get("/v8/JobSessions?limit=10000").json()["results"]
    assert {session["id"] for session in sessions} == set(expected)
    for session in sessions:
        want = expected[session["id"]]
        items, _pages = fetch_all(sim, "v8", session["id"])
        statuses, by_type = summary(items)
        assert len(items) == session["progress"], session["id"]
        if session["status"] in ("Queued", "Running"):
            # Never-ending runs (the hourly job's queued run, the immediate copy): a growing prefix.
            assert len(items) <= want["total"] and set(statuses) <= {"Success"}
            continue
        assert len(items) == want["total"], session["id"]
        assert (statuses["Success"], statuses["Warning"], statuses["Failed"]) == (
            want["success"], want["warning"], want["failed"]), session["id"]
        assert {key: value for key, value in by_type.items() if value} == {
            (type_, status.capitalize()): count for type_, counts in want["types"].items()
            for status, count in counts.items() if status != "total" and count}, session["id"]
        assert len({item["id"] for item in items}) == len(items)
        status = session["status"]
        if status in ("Success", "Stopped"):
            assert set(statuses) <= {"Success"}
        elif status == "Warning" and items:
            assert statuses["Warning"] and statuses["Failed"] and statuses["Success"]
        elif status == "Failed" and items:
            assert statuses["Failed"] and not statuses["Warning"]
    assert expected[FAILED_EARLY]["total"] == 0 and expected[FAILED_EARLY]["status"] == "Failed"
    assert expected[NOT_CONFIGURED]["total"] == 0
    assert expected[BIG] == {"status": "Warning", "total": 12345, "success": 12330, "warning": 10, "failed": 5,
                             "types": {"User": {"total": 12345, "success": 12330, "warning": 10, "failed": 5}}}


def test_failed_before_processing_anything_is_empty_on_both_versions(sim):
    session = sim.get("/v8/JobSessions/" + FAILED_EARLY).json()
    assert session["status"] == "Failed" and session["progress"] == 0
    v7 = sim.get(path("v7", FAILED_EARLY)).json()
    assert v7["results"] == [] and v7["totalCount"] == 0 and "next" not in v7["_links"]
    assert sim.get(path("v8", FAILED_EARLY)).json()["results"] == []


def test_more_than_one_page_of_ten_thousand(sim):
    items, pages = fetch_all(sim, "v7", BIG)
    assert [len(page["results"]) for page in pages] == [10_000, 2345]
    assert pages[0]["totalCount"] == 12345 and "next" not in pages[1]["_links"]
    # Problems are spread over the whole list: some are on the second page.
    assert {item["status"] for item in pages[1]["results"]} == {"Success", "Warning", "Failed"}
    # Object n of the organization's users, by the documented formula.
    assert [item["id"] for item in items[:3]] == [objects.object_id(ORGANIZATION, "User", n) for n in range(3)]
    assert items[12344]["id"] == objects.object_id(ORGANIZATION, "User", 12344)


def test_types_follow_the_workload_and_ids_are_stable_per_job(sim):
    exchange = fetch_all(sim, "v8", EXCHANGE_FAILED)[0]
    assert [item["type"] for item in exchange] == ["User"] * 9 + ["Group"] + ["User"] * 2
    assert exchange[9]["id"] == objects.object_id(ORGANIZATION, "Group", 9)
    other_exchange = sim.get("/v8/JobSessions?jobId=%s&limit=3" % SEED_JOB).json()["results"][0]["id"]
    assert fetch_all(sim, "v8", other_exchange)[0][0]["id"] == exchange[0]["id"]
    assert {item["type"] for item in fetch_all(sim, "v8", TEAMS_FAILED)[0]} == {"Team"}
    sharepoint = sim.get("/v8/JobSessions?jobId=b8cae4ad-73b3-5e54-8b3a-88b5a1e6eb2e&limit=1").json()["results"][0]
    assert {item["type"] for item in fetch_all(sim, "v8", sharepoint["id"])[0]} == {"Site"}
    onedrive = fetch_all(sim, "v8", "ad96e0a6-39da-5f45-8bab-55787f29f2d3")[0]
    assert {item["type"] for item in onedrive} == {"User"}
    # The same user in the OneDrive job and the Exchange job: one organization, one id.
    assert onedrive[0]["id"] == exchange[0]["id"]
    sim.reset()
    assert fetch_all(sim, "v8", EXCHANGE_FAILED)[0] == exchange


@pytest.mark.parametrize("main,retry", [(EXCHANGE_FAILED, EXCHANGE_RETRY), (TEAMS_FAILED, TEAMS_RETRY)])
def test_retry_lists_what_the_main_session_did_not_finish(sim, main, retry):
    problems = [item for item in fetch_all(sim, "v8", main)[0] if item["status"] != "Success"]
    retried = fetch_all(sim, "v7", retry)[0]
    assert [item["id"] for item in retried] == [item["id"] for item in problems] and problems
    assert sim.get("/v7/JobSessions/" + retry).json()["progress"] == len(problems)
    assert summary(retried)[0] == Counter(
        {"Success": 2, "Warning": 1, "Failed": 1} if retry == TEAMS_RETRY else {"Success": 2})


def test_running_session_list_grows_with_the_clock(sim):
    assert sim.get(path("v8", TEAMS_TIMELINE)).json()["results"] == []      # Queued
    advance(sim, 20)
    session = sim.get("/v8/JobSessions/" + TEAMS_TIMELINE).json()
    partial = fetch_all(sim, "v8", TEAMS_TIMELINE)[0]
    assert session["status"] == "Running" and 0 < len(partial) == session["progress"] < 12
    advance(sim, 60)
    final = fetch_all(sim, "v8", TEAMS_TIMELINE)[0]
    assert len(final) == 12 and final[:len(partial)] == partial


def test_started_runs_and_their_automatic_retry(sim):
    sim.admin("POST", "config", {"job_durations": {"queued": 1, "running": 10},
                                 "job_retries": {ONEDRIVE: {"after": 5, "status": "Success"}}})
    main = sim.post("/v8/Jobs/%s/start" % ONEDRIVE, {"full": False}).json()
    assert sim.get(path("v8", main["id"])).json()["results"] == []
    advance(sim, 6)
    running = sim.get("/v8/JobSessions/" + main["id"]).json()
    assert len(fetch_all(sim, "v8", main["id"])[0]) == running["progress"]
    advance(sim, 10)
    failed_items = fetch_all(sim, "v8", main["id"])[0]
    counts = objects.resolve(None, "Failed", len(failed_items))
    assert summary(failed_items)[0] == Counter({"Success": counts.success, "Failed": counts.failed})
    advance(sim, 30)
    retry = sim.get("/v8/JobSessions?jobId=%s&limit=1" % ONEDRIVE).json()["results"][0]
    assert retry["mainSessionId"] == main["id"] and retry["status"] == "Success"
    retried = fetch_all(sim, "v8", retry["id"])[0]
    assert [item["id"] for item in retried] == [item["id"] for item in failed_items if item["status"] == "Failed"]
    assert retry["progress"] == len(retried) and {item["status"] for item in retried} == {"Success"}


def test_processed_objects_switch_builds_a_big_session(sim):
    started = time.monotonic()
    sim.admin("POST", "config", {"processed_objects": {EXCHANGE_FAILED.upper(): {"total": 50_000, "warning": 3,
                                                                                 "failed": 7}}})
    assert sim.get("/v8/JobSessions/" + EXCHANGE_FAILED).json()["progress"] == 50_000
    items, pages = fetch_all(sim, "v8", EXCHANGE_FAILED)
    assert len(pages) == 5 and len(items) == 50_000 and len({item["id"] for item in items}) == 50_000
    assert summary(items)[0] == Counter({"Success": 49_990, "Warning": 3, "Failed": 7})
    assert time.monotonic() - started < 15
    # The retry of that session now retries those ten.
    assert len(fetch_all(sim, "v8", EXCHANGE_RETRY)[0]) == 10
    # Only some keys: the others follow the rules (a Success session has no problems).
    sim.admin("POST", "config", {"processed_objects": {EXCHANGE_RETRY: {"failed": 1}}})
    assert summary(fetch_all(sim, "v8", EXCHANGE_RETRY)[0])[0] == Counter({"Success": 1, "Failed": 1})
    assert len(fetch_all(sim, "v8", EXCHANGE_FAILED)[0]) == 12       # the previous override is gone
    for bad in ({"processed_objects": []}, {"processed_objects": {"nope": {"total": 1}}},
                {"processed_objects": {EXCHANGE_FAILED: {"total": -1}}},
                {"processed_objects": {EXCHANGE_FAILED: {"total": 2, "failed": 3}}},
                {"processed_objects": {EXCHANGE_FAILED: {"size": 2}}},
                {"deny_processed_objects": "yes"}):
        assert config_error(sim, bad) == 400, bad
    sim.reset()
    assert sim.get("/v8/JobSessions/" + EXCHANGE_FAILED).json()["progress"] == 12


@pytest.mark.parametrize("version,expected_keys", [("v7", {"message", "errorCode"}),
                                                   ("v8", {"message", "errorCode", "stackTrace"})])
def test_deny_processed_objects(sim, version, expected_keys):
    sim.admin("POST", "config", {"deny_processed_objects": True})
    reply = sim.get(path(version, EXCHANGE_FAILED))
    assert reply.status == 403 and set(reply.json()) == expected_keys
    assert "Access is denied" in reply.json()["message"]
    if version == "v8":
        assert reply.json()["errorCode"] == "ResourceAccessDenied"
    assert sim.get(path(version, "00000000-0000-0000-0000-000000000001")).status == 404
    assert sim.get("/%s/JobSessions/%s/LogItems" % (version, EXCHANGE_FAILED)).status == 200
    sim.admin("POST", "config", {"deny_processed_objects": [TEAMS_FAILED.upper()]})
    assert sim.get(path(version, TEAMS_FAILED)).status == 403
    assert sim.get(path(version, EXCHANGE_FAILED)).status == 200


def test_tolerance_switches_reach_the_objects(sim):
    sim.admin("POST", "config", {"unknown_enums": True})
    assert {(item["type"], item["status"]) for item in fetch_all(sim, "v8", EXCHANGE_FAILED)[0]} == {
        ("Throttled", "Throttled")}
    sim.admin("POST", "config", {"unknown_enums": False, "nulls": True})
    items = fetch_all(sim, "v7", EXCHANGE_FAILED)[0]
    assert {(item["type"], item["status"]) for item in items} == {(None, None)} and all(item["id"] for item in items)


def test_fault_rules_apply(sim):
    sim.admin("POST", "faults", {"path": "processedobjects$", "paging": "ignore_offset", "times": 1})
    page = sim.get(path("v8", EXCHANGE_FAILED, "?offset=5&limit=5")).json()
    assert page["offset"] == 0 and page["_links"]["next"]["href"].endswith("offset=5&limit=5")
    sim.admin("POST", "faults", {"path": "processedobjects$", "paging": "always_next", "times": 1})
    page = sim.get(path("v8", EXCHANGE_FAILED, "?offset=30")).json()
    assert page["results"] == [] and page["_links"]["next"]["href"].endswith("offset=60&limit=30")
    sim.admin("POST", "faults", {"path": "processedobjects$", "paging": "repeat", "times": 1})
    first = sim.get(path("v8", EXCHANGE_FAILED, "?limit=2")).json()["results"]
    sim.admin("POST", "faults", {"path": "processedobjects$", "paging": "repeat", "times": 1})
    assert sim.get(path("v8", EXCHANGE_FAILED, "?offset=2&limit=2")).json()["results"] == first
    sim.admin("POST", "faults", {"path": "processedobjects$", "override": {"status": "Weird", "_links": None},
                                 "times": 1})
    items = sim.get(path("v7", EXCHANGE_FAILED)).json()["results"]
    assert {item["status"] for item in items} == {"Weird"} and {item["_links"] for item in items} == {None}
    sim.admin("POST", "faults", {"path": "processedobjects$", "status": 503, "times": 1})
    assert sim.get(path("v8", EXCHANGE_FAILED)).status == 503
