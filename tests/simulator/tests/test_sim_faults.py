"""Fault injection and tolerance switches of the admin API."""

import http.client
import json
import socket
import time

import pytest

from simtest import SEED_SESSION

SESSION_PATH = "/v8/JobSessions/" + SEED_SESSION


def test_status_retry_after_and_times(sim):
    sim.token("v8")
    sim.admin("POST", "faults", [{"path": "/jobsessions", "method": "GET", "times": 2, "status": 503,
                                  "retry_after": "2"}])
    for _attempt in range(2):
        reply = sim.get(SESSION_PATH)
        assert reply.status == 503 and reply.header("Retry-After") == "2"
        assert reply.json()["errorCode"] is None
    assert sim.get(SESSION_PATH).status == 200
    faults = sim.admin("GET", "faults")["faults"]
    assert faults[0]["remaining"] == 0
    log = sim.admin("GET", "requests")["requests"]
    assert [entry["status"] for entry in log[-3:]] == [503, 503, 200]
    assert log[-2]["fault"]["status"] == 503


def test_http_date_retry_after_and_method_filter(sim):
    date = "Wed, 21 Oct 2037 07:28:00 GMT"
    sim.admin("POST", "faults", {"path": "token", "method": "POST", "status": 429, "retry_after": date})
    reply = sim.token_request("v8", {"grant_type": "password"})
    assert reply.status == 429 and reply.header("Retry-After") == date
    assert sim.raw("GET", "/v8/token").status == 405  # GET is not faulted by a POST rule


def test_rules_always_apply_without_times_and_first_match_wins(sim):
    sim.admin("POST", "faults", [{"path": "jobs$", "status": 500}, {"path": "jobs", "status": 502}])
    assert [sim.get("/v7/Jobs").status for _attempt in range(3)] == [500, 500, 500]
    assert sim.get("/v7/Jobs/" + SEED_SESSION).status == 502
    assert sim.admin("DELETE", "faults") is None
    assert sim.get("/v7/Jobs").status == 200


def test_latency(sim):
    sim.token("v6")
    sim.admin("POST", "faults", {"path": "jobsessions", "times": 1, "latency": 0.6})
    started = time.monotonic()
    assert sim.get("/v6/JobSessions").status == 200
    assert time.monotonic() - started >= 0.6


def test_drop_closes_without_answer(sim):
    sim.token("v8")
    sim.admin("POST", "faults", {"path": "jobsessions", "times": 1, "drop": True})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        sim.get(SESSION_PATH)
    assert sim.get(SESSION_PATH).status == 200


def test_hang_until_client_gives_up(sim):
    sim.token("v8")
    sim.admin("POST", "faults", {"path": "jobsessions", "times": 1, "hang": True})
    started = time.monotonic()
    with pytest.raises((socket.timeout, TimeoutError)):
        sim.get(SESSION_PATH, timeout=1)
    assert time.monotonic() - started < 5
    assert sim.get(SESSION_PATH).status == 200


def test_raw_body_with_content_type(sim):
    sim.admin("POST", "faults", {"path": "jobs", "times": 1, "status": 502, "body": "<html>Bad Gateway</html>",
                                 "content_type": "text/html"})
    reply = sim.get("/v8/Jobs")
    assert reply.status == 502 and reply.header("Content-Type") == "text/html"
    assert reply.body == b"<html>Bad Gateway</html>"


def test_truncated_json(sim):
    sim.token("v8")
    sim.admin("POST", "faults", {"path": "jobsessions", "times": 1, "truncate": True})
    reply = sim.get(SESSION_PATH)
    assert reply.status == 200 and int(reply.header("Content-Length")) == len(reply.body)
    with pytest.raises(ValueError):
        json.loads(reply.body)


def test_expire_tokens(sim):
    token = sim.token("v8")
    sim.admin("POST", "faults", {"path": "jobsessions", "times": 1, "expire_tokens": True})
    reply = sim.get(SESSION_PATH)
    assert reply.status == 401 and reply.body == b""
    assert sim.raw("GET", SESSION_PATH, headers={"Authorization": "Bearer " + token}).status == 401


def test_revoke_refresh(sim):
    body = sim.login("v8")
    sim.admin("POST", "faults", {"path": "jobs", "times": 1, "revoke_refresh": True})
    assert sim.raw("GET", "/v8/Jobs", headers={"Authorization": "Bearer " + body["access_token"]}).status == 200
    reply = sim.token_request("v8", {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
    assert reply.status == 400 and reply.json()["error"] == "invalid_grant"


def test_admin_paths_are_never_faulted(sim):
    sim.admin("POST", "faults", {"path": "", "status": 500})
    assert sim.raw("GET", "/_sim/requests").status == 200
    assert sim.raw("GET", "/v8/Jobs").status == 500


@pytest.mark.parametrize("rule", [{"path": "("}, {"bogus": 1}, {"times": -1}, "text"])
def test_bad_rules_are_400(sim, rule):
    reply = sim.raw("POST", "/_sim/faults", json.dumps(rule), {"Content-Type": "application/json"})
    assert reply.status == 400


def test_numeric_strings_switch(sim):
    sim.admin("POST", "config", {"numeric_strings": True})
    stats = sim.get("/v5/JobSessions/" + SEED_SESSION).json()["statistics"]
    assert stats["processingRateBytesPS"] == "1683256" and stats["processedObjects"] == "1193"
    assert stats["bottleneck"] == "Source"


def test_nulls_switch(sim):
    sim.admin("POST", "config", {"nulls": True})
    body = sim.get(SESSION_PATH).json()
    assert body["jobId"] is None and body["progress"] is None and body["statistics"]["bottleneck"] is None
    job = sim.get("/v8/Jobs").json()["results"][0]
    assert job["schedulePolicy"] is None


def test_unknown_enums_switch(sim):
    sim.admin("POST", "config", {"unknown_enums": True})
    body = sim.get(SESSION_PATH).json()
    assert body["status"] == "Throttled" and body["statistics"]["bottleneck"] == "Throttled"
    sim.admin("POST", "config", {"unknown_enums": "Paused"})
    assert sim.get("/v6/Jobs").json()[0]["lastStatus"] == "Paused"


def test_reset_clears_faults_config_and_tokens(sim):
    token = sim.token("v8")
    sim.admin("POST", "faults", {"status": 500})
    sim.admin("POST", "config", {"numeric_strings": True})
    sim.reset()
    assert sim.admin("GET", "faults") == {"faults": []}
    assert sim.admin("GET", "config")["numeric_strings"] is False
    assert sim.raw("GET", "/v8/Jobs", headers={"Authorization": "Bearer " + token}).status == 401


@pytest.mark.parametrize("change", [{"nope": 1}, {"token_lifetime": 0}, {"job_outcomes": {"x": "Great"}},
                                    {"job_durations": {"queued": 1}}, {"nulls": "yes"}])
def test_bad_config_is_400(sim, change):
    reply = sim.raw("POST", "/_sim/config", json.dumps(change), {"Content-Type": "application/json"})
    assert reply.status == 400
