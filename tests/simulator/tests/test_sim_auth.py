"""Token grants, expiry, logout and what the request log records about them."""

import pytest

from simtest import PASSWORD, USERNAME

VERSIONS = ("v5", "v6", "v7", "v8")


@pytest.mark.parametrize("version", VERSIONS)
def test_password_grant_form(sim, version):
    body = sim.login(version)
    assert list(body) == ["access_token", "token_type", "expires_in", "refresh_token", "userName", ".issued",
                          ".expires"]
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["userName"] == USERNAME
    assert body[".issued"].endswith(" GMT") and body[".expires"].endswith(" GMT")


def test_password_grant_json_and_case_insensitive_user(sim):
    reply = sim.token_request("v8", {"grant_type": "password", "username": USERNAME.lower(), "password": PASSWORD},
                              as_json=True)
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/json; charset=utf-8"


def test_token_path_is_case_insensitive(sim):
    reply = sim.raw("POST", "/V5/Token", "grant_type=password&username=CORP%5Cvbo-admin&password=Veeam-Sim-Passw0rd!",
                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status == 200


def test_bad_password_is_oauth_invalid_grant(sim):
    reply = sim.token_request("v8", {"grant_type": "password", "username": USERNAME, "password": "wrong"})
    assert reply.status == 400
    assert reply.json() == {"error": "invalid_grant", "error_description": "The user name or password is incorrect."}


@pytest.mark.parametrize("fields", [{}, {"grant_type": "client_credentials"}, {"grant_type": "operator"}])
def test_missing_or_unknown_grant(sim, fields):
    reply = sim.token_request("v7", fields)
    assert reply.status == 400
    assert reply.json() == {"error": "unsupported_grant_type"}


def test_refresh_grant_rotates_refresh_token(sim):
    first = sim.login("v8")
    reply = sim.token_request("v8", {"grant_type": "refresh_token", "refresh_token": first["refresh_token"],
                                     "disable_antiforgery_token": "true"})
    assert reply.status == 200
    second = reply.json()
    assert second["access_token"] != first["access_token"]
    reused = sim.token_request("v8", {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert reused.status == 400
    assert reused.json()["error"] == "invalid_grant"


def test_unknown_refresh_token(sim):
    reply = sim.token_request("v6", {"grant_type": "refresh_token", "refresh_token": "nope"})
    assert reply.status == 400 and reply.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}])
def test_missing_or_bad_token_is_401_with_empty_body(sim, headers):
    reply = sim.raw("GET", "/v8/JobSessions", headers=headers)
    assert reply.status == 401
    assert reply.body == b""
    assert reply.header("WWW-Authenticate") == "Bearer"


def test_expired_token_is_401(sim):
    sim.admin("POST", "config", {"token_lifetime": 60})
    body = sim.login("v8")
    assert body["expires_in"] == 60
    headers = {"Authorization": "Bearer " + body["access_token"]}
    assert sim.raw("GET", "/v8/Jobs", headers=headers).status == 200
    sim.admin("POST", "clock", {"advance": 61})
    reply = sim.raw("GET", "/v8/Jobs", headers=headers)
    assert reply.status == 401 and reply.body == b""
    # The refresh token outlives the access token.
    refreshed = sim.token_request("v8", {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
    assert refreshed.status == 200


def test_logout_v7_200_v8_204_and_absent_before(sim):
    for version, status in (("v7", 200), ("v8", 204)):
        body = sim.login(version)
        headers = {"Authorization": "Bearer " + body["access_token"]}
        reply = sim.raw("POST", "/%s/token/logout" % version, headers=headers)
        assert reply.status == status and reply.body == b""
        assert sim.raw("GET", "/%s/Jobs" % version, headers=headers).status == 401
    assert sim.raw("POST", "/v6/token/logout", headers={"Authorization": "Bearer " + sim.token("v6")}).status == 404


def test_request_log_records_antiforgery_and_never_secrets(sim):
    for version in VERSIONS:
        sim.login(version)
    log = sim.admin("GET", "requests")
    assert log["count"] == 4
    flags = {entry["version"]: entry["disable_antiforgery_token"] for entry in log["requests"]}
    assert flags == {"v5": None, "v6": None, "v7": "true", "v8": "true"}
    entry = log["requests"][0]
    assert entry["form_keys"] == ["grant_type", "password", "username"]
    assert entry["grant_type"] == "password"
    text = str(log)
    assert PASSWORD not in text
    assert sim.admin("DELETE", "requests") is None
    assert sim.admin("GET", "requests")["count"] == 0


def test_request_log_counts_and_authorization(sim):
    sim.get("/v8/JobSessions")
    sim.raw("GET", "/v8/Jobs")
    requests = sim.admin("GET", "requests")["requests"]
    assert [(entry["method"], entry["path"], entry["authorized"], entry["status"]) for entry in requests] == [
        ("POST", "/v8/token", False, 200), ("GET", "/v8/JobSessions", True, 200), ("GET", "/v8/Jobs", False, 401)]
    access_token = sim.token("v8")
    assert access_token not in str(requests)
