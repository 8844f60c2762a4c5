"""Hostile-server fault rules and listeners, seen on the wire with raw sockets / http.client."""

import http.client
import json
import socket
import ssl
import time
import zlib

import pytest

from simtest import PASSWORD, SEED_SESSION, USERNAME
from vb365sim import certs

SESSION_PATH = "/v8/JobSessions/" + SEED_SESSION
BAD_GRANT = b"grant_type=nope"


def _tls(sim, server_hostname=None, port=None):
    raw = socket.create_connection((sim.handle.host, port or sim.handle.port), timeout=5)
    return sim.context.wrap_socket(raw, server_hostname=server_hostname or sim.handle.host)


def _request(method, path, body=b"", headers=()):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1", "Content-Length: %d" % len(body)]
    lines += ["%s: %s" % header for header in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _read_head(conn):
    """Bytes up to the end of the header block, and whatever body bytes came with them."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        assert chunk, "connection closed before the headers ended: %r" % data
        data += chunk
    head, _sep, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _header(head, name):
    for line in head.split(b"\r\n")[1:]:
        key, _sep, value = line.partition(b":")
        if key.strip().lower() == name.lower().encode():
            return value.strip()
    return None


def _rule(sim, **rule):
    sim.admin("POST", "faults", rule)


def _in_flight_is_back_to_one(sim, token):
    """The streaming handler let go: the next request is the only one in flight."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        sim.admin("DELETE", "requests")
        sim.raw("GET", "/v8/Jobs", headers={"Authorization": "Bearer " + token})
        if sim.admin("GET", "requests")["requests"][0]["in_flight"] == 1:
            return True
        time.sleep(0.2)
    return False


# ------------------------------------------------------------------ redirects and the second server

@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_token_post_to_recorder_which_receives_nothing(sim, status):
    recorder = sim.admin("POST", "listeners", {"kind": "recorder", "tls": True, "host": "localhost"})
    assert recorder["url"] == "https://localhost:%d" % recorder["port"]
    _rule(sim, path="/token$", method="POST", redirect=recorder["url"] + "/v8/token?x=1", status=status)
    reply = sim.token_request("v8", {"grant_type": "password", "username": USERNAME, "password": PASSWORD})
    assert reply.status == status and reply.header("Location") == recorder["url"] + "/v8/token?x=1"
    assert reply.body == b"" and reply.header("Content-Length") == "0"
    assert sim.admin("GET", "listeners")["listeners"][0]["received"] == []
    assert sim.admin("GET", "requests")["requests"][-1]["status"] == status


def test_recorder_records_what_reaches_it(sim):
    plain = sim.admin("POST", "listeners", {"kind": "recorder"})
    connection = http.client.HTTPConnection("127.0.0.1", plain["port"], timeout=5)
    connection.request("POST", "/v8/token", body="password=s3cret", headers={"Content-Type": "x"})
    answer = connection.getresponse()
    assert answer.status == 200 and json.loads(answer.read()) == {"recorder": True}
    connection.close()
    tls = sim.admin("POST", "listeners", {"kind": "recorder", "tls": True})
    connection = http.client.HTTPSConnection("127.0.0.1", tls["port"], timeout=5, context=sim.context)
    connection.request("GET", "/v8/JobSessions", headers={"Authorization": "Bearer abc"})
    assert connection.getresponse().status == 200  # the simulator's CA vouches for it: a follower would trust it
    connection.close()
    received = {entry["kind"] + str(entry.get("port")): entry["received"]
                for entry in sim.admin("GET", "listeners")["listeners"]}
    plain_log, tls_log = received["recorder%d" % plain["port"]], received["recorder%d" % tls["port"]]
    assert len(plain_log) == 1 and plain_log[0]["head"].startswith("POST /v8/token HTTP/1.1")
    assert "password=s3cret" in plain_log[0]["head"] and plain_log[0]["bytes"] >= len(plain_log[0]["head"])
    assert "Authorization: Bearer abc" in tls_log[0]["head"]
    sim.reset()
    assert sim.admin("GET", "listeners") == {"listeners": []}
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", plain["port"]), timeout=2).recv(1)


def test_redirect_session_get_to_http(sim):
    _rule(sim, path="jobsessions/", method="GET", redirect="http://127.0.0.1:9/v8/JobSessions/x")
    reply = sim.get(SESSION_PATH)
    assert reply.status == 307 and reply.header("Location") == "http://127.0.0.1:9/v8/JobSessions/x"


# ------------------------------------------------------------------ slow servers

def test_drip_body_one_byte_at_a_time(sim):
    _rule(sim, path="/token$", drip_ms=25)
    conn = _tls(sim)
    started = time.monotonic()
    conn.sendall(_request("POST", "/v8/token", BAD_GRANT, [("Content-Type", "application/x-www-form-urlencoded")]))
    head, body = _read_head(conn)
    assert time.monotonic() - started < 0.5          # the headers come at once
    length = int(_header(head, "Content-Length"))
    reads = 0
    while len(body) < length:
        chunk = conn.recv(65536)
        assert len(chunk) == 1                         # the body comes a byte at a time
        body += chunk
        reads += 1
    conn.close()
    assert reads >= length - 1 and time.monotonic() - started >= 0.025 * (length - 1)
    assert json.loads(body) == {"error": "unsupported_grant_type"}


def test_drip_stops_when_the_client_leaves(sim):
    token = sim.token("v8")
    _rule(sim, path="jobsessions/", drip_ms=100, times=1)
    conn = _tls(sim)
    conn.sendall(_request("GET", SESSION_PATH, headers=[("Authorization", "Bearer " + token)]))
    _read_head(conn)
    conn.close()
    assert _in_flight_is_back_to_one(sim, token)


def test_drip_headers(sim):
    _rule(sim, path="/token$", drip_headers_ms=5)
    conn = _tls(sim)
    conn.sendall(_request("POST", "/v8/token", BAD_GRANT))
    first = conn.recv(65536)
    assert first == b"H"
    head, _rest = _read_head(conn)
    conn.close()
    assert (b"H" + head).startswith(b"HTTP/1.1 400 Bad Request")


def test_continue_forever(sim):
    token = sim.token("v8")
    _rule(sim, path="jobsessions/", continue_ms=50, times=1)
    conn = _tls(sim)
    conn.sendall(_request("GET", SESSION_PATH, headers=[("Authorization", "Bearer " + token)]))
    data, deadline = b"", time.monotonic() + 1
    while time.monotonic() < deadline:
        data += conn.recv(65536)
    conn.close()
    lines = data.split(b"\r\n\r\n")
    assert len(lines) >= 8 and set(lines[:-1]) == {b"HTTP/1.1 100 Continue"}
    assert _in_flight_is_back_to_one(sim, token)


def test_stall_after_headers(sim):
    token = sim.token("v8")
    _rule(sim, path="jobsessions/", stall_after_headers=True, times=1)
    conn = _tls(sim)
    conn.sendall(_request("GET", SESSION_PATH, headers=[("Authorization", "Bearer " + token)]))
    head, rest = _read_head(conn)
    assert head.startswith(b"HTTP/1.1 200 OK") and int(_header(head, "Content-Length")) > 500 and rest == b""
    conn.settimeout(1)
    with pytest.raises((socket.timeout, TimeoutError)):
        conn.recv(1)
    conn.close()
    assert _in_flight_is_back_to_one(sim, token)


# ------------------------------------------------------------------ bodies

def _raw_get(sim, path, token):
    connection = http.client.HTTPSConnection(sim.handle.host, sim.handle.port, context=sim.context, timeout=30)
    connection.request("GET", path, headers={"Authorization": "Bearer " + token, "Accept-Encoding": "gzip"})
    return connection, connection.getresponse()


def test_gzip_bomb_is_small_on_the_wire_and_inflates_exactly(sim):
    token = sim.token("v8")
    _rule(sim, path="jobsessions/", gzip_bomb=1 << 30, times=1)
    connection, answer = _raw_get(sim, SESSION_PATH, token)
    body = answer.read()
    connection.close()
    assert answer.getheader("Content-Encoding") == "gzip" and len(body) == int(answer.getheader("Content-Length"))
    assert len(body) < 1_200_000 and body[:2] == b"\x1f\x8b"
    assert int.from_bytes(body[-4:], "little") == 1 << 30      # gzip ISIZE: inflates to 1 GiB
    inflater = zlib.decompressobj(31)
    first = inflater.decompress(body[:4096], 1 << 20)
    assert first and set(first) == {ord(" ")}
    _rule(sim, path="jobsessions/", gzip_bomb=64 << 20, times=1)
    connection, answer = _raw_get(sim, SESSION_PATH, token)
    inflater, total, tail = zlib.decompressobj(31), 0, b""
    while True:
        chunk = answer.read(65536)
        if not chunk:
            break
        data = inflater.decompress(chunk)
        total, tail = total + len(data), (tail + data)[-2:]
    connection.close()
    assert inflater.eof and total == 64 << 20 and tail == b"{}"    # CRC and size checked by zlib


def test_oversize_body_streams_and_stops_when_the_client_leaves(sim):
    token = sim.token("v8")
    _rule(sim, path="jobsessions/", oversize=1 << 30, times=1)
    connection, answer = _raw_get(sim, SESSION_PATH, token)
    assert int(answer.getheader("Content-Length")) == 1 << 30
    assert answer.read(1 << 20).startswith(b'{"pad":"xxxx')
    connection.close()
    assert _in_flight_is_back_to_one(sim, token)
    _rule(sim, path="jobsessions/", oversize=8 << 20, times=1)
    connection, answer = _raw_get(sim, SESSION_PATH, token)
    body = answer.read()
    connection.close()
    assert len(body) == 8 << 20 and len(json.loads(body)["pad"]) == (8 << 20) - 10


def test_deeply_nested_json(sim):
    _rule(sim, path="jobsessions/", nested=100_000)
    reply = sim.get(SESSION_PATH)
    assert reply.status == 200 and reply.body == b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(RecursionError):
        json.loads(reply.body)


def test_override_odd_values_in_session_page_and_token(sim):
    _rule(sim, path="jobsessions/", override={"endTime": "0001-01-01T00:30:00+01:00", "statistics.bottleneck": 7},
          override_raw={"progress": "9" * 5000, "statistics.processedObjects": "1e999"})
    body = sim.get(SESSION_PATH).body
    assert b'"endTime":"0001-01-01T00:30:00+01:00"' in body and b'"progress":' + b"9" * 5000 + b"," in body
    assert b'"processedObjects":1e999' in body and b'"bottleneck":7' in body
    sim.admin("DELETE", "faults")
    _rule(sim, path="jobsessions$", override={"status": "Weird"})
    page = sim.get("/v8/JobSessions?limit=3").json()
    assert [session["status"] for session in page["results"]] == ["Weird"] * 3
    _rule(sim, path="/token$", override_raw={"expires_in": "1e999"})
    reply = sim.token_request("v8", {"grant_type": "password", "username": USERNAME, "password": PASSWORD})
    assert reply.status == 200 and b'"expires_in":1e999' in reply.body


def test_retry_after_and_headers_with_arbitrary_text(sim):
    _rule(sim, path="jobs$", status=503, retry_after="\u00b2", times=1)
    _rule(sim, path="jobs$", status=429, headers={"Retry-After": "\u0663", "X-Long": "9" * 5000}, times=1)
    token = sim.token("v8")
    for expected, status in ((b"\xb2", b"503"), ("\u0663".encode("utf-8"), b"429")):
        conn = _tls(sim)
        conn.sendall(_request("GET", "/v8/Jobs", headers=[("Authorization", "Bearer " + token)]))
        head, _rest = _read_head(conn)
        conn.close()
        assert head.split(b" ")[1] == status and _header(head, "Retry-After") == expected
    assert _header(head, "X-Long") == b"9" * 5000


# ------------------------------------------------------------------ paging that never ends

def _ids(page):
    return [item["id"] for item in page["results"]]


def test_paging_ignore_offset(sim):
    _rule(sim, path="jobsessions$", paging="ignore_offset")
    first = sim.get("/v8/JobSessions?limit=30").json()
    later = sim.get("/v8/JobSessions?offset=60&limit=30").json()
    assert later["offset"] == 0 and _ids(later) == _ids(first)
    assert later["_links"]["next"]["href"] == "/v8/JobSessions?offset=30&limit=30"
    assert sim.get(later["_links"]["next"]["href"]).json()["_links"]["next"]["href"] == later["_links"]["next"]["href"]


def test_paging_repeat_and_always_next(sim):
    _rule(sim, path="jobsessions$", paging="repeat", times=2)
    first = sim.get("/v7/JobSessions?limit=30&jobType=Backup").json()
    far = sim.get("/v7/JobSessions?offset=300000&limit=30&jobType=Backup").json()
    assert far["offset"] == 300000 and _ids(far) == _ids(first)
    assert far["_links"]["next"]["href"] == "/v7/JobSessions?offset=300030&limit=30&jobType=Backup"
    _rule(sim, path="jobsessions$", paging="always_next")
    beyond = sim.get("/v8/JobSessions?offset=5000&limit=30").json()
    assert beyond["results"] == [] and beyond["_links"]["next"]["href"] == "/v8/JobSessions?offset=5030&limit=30"
    v5 = sim.get("/v5/JobSessions?offset=5000&limit=30").json()
    assert v5["_links"]["next"]["href"].endswith("/v5/JobSessions?offset=5030&limit=30")


# ------------------------------------------------------------------ echoes

def test_echo_form_body_and_headers(sim):
    _rule(sim, path="/token$", echo="body")
    reply = sim.token_request("v6", {"grant_type": "password", "username": USERNAME, "password": PASSWORD})
    assert reply.status == 400 and "password=Veeam-Sim-Passw0rd%21" in reply.json()["message"]
    sim.admin("DELETE", "faults")
    token = sim.token("v8")
    _rule(sim, path="jobs$", echo="headers", status=422)
    reply = sim.get("/v8/Jobs")
    assert reply.status == 422 and ("Bearer " + token) in reply.json()["message"]
    assert reply.json()["errorCode"] is None


# ------------------------------------------------------------------ listeners: plain HTTP, wrong host name

def test_plain_http_listener_speaks_http_not_tls(sim):
    plain = sim.admin("POST", "listeners", {"kind": "plain"})
    assert plain["url"] == "http://127.0.0.1:%d" % plain["port"]
    connection = http.client.HTTPConnection("127.0.0.1", plain["port"], timeout=5)
    connection.request("GET", "/v8/Jobs")
    answer = connection.getresponse()
    assert answer.status == 401 and answer.getheader("WWW-Authenticate") == "Bearer"
    connection.close()
    with pytest.raises(ssl.SSLError):
        _tls(sim, port=plain["port"])
    assert sim.admin("GET", "requests")["requests"][-1]["path"] == "/v8/Jobs"  # same simulator, same log


def test_wrong_host_listener_fails_only_the_name_check(sim):
    wrong = sim.admin("POST", "listeners", {"kind": "wrong_host"})
    for name in ("127.0.0.1", "localhost"):
        with pytest.raises(ssl.SSLCertVerificationError) as caught:
            _tls(sim, server_hostname=name, port=wrong["port"])
        assert "mismatch" in caught.value.verify_message   # not an unknown CA: only the name is wrong
    conn = _tls(sim, server_hostname=certs.WRONG_HOST_NAME, port=wrong["port"])   # same CA: the chain is fine
    conn.sendall(_request("POST", "/v8/token", BAD_GRANT))
    head, _rest = _read_head(conn)
    conn.close()
    assert head.startswith(b"HTTP/1.1 400")


@pytest.mark.parametrize("spec", [{"kind": "plain", "host": "0.0.0.0"}, {"kind": "ftp"}, {"kind": "plain", "x": 1}])
def test_bad_listeners_are_400(sim, spec):
    reply = sim.raw("POST", "/_sim/listeners", json.dumps(spec), {"Content-Type": "application/json"})
    assert reply.status == 400


@pytest.mark.parametrize("rule", [{"redirect": 5}, {"redirect": "https://x/", "status": 200}, {"echo": "form"},
                                  {"gzip_bomb": 0}, {"oversize": 1 << 40}, {"paging": "forever"},
                                  {"headers": {"A": 1}}, {"drip_ms": -1}, {"override": [1]}, {"status": 99}])
def test_bad_hostile_rules_are_400(sim, rule):
    reply = sim.raw("POST", "/_sim/faults", json.dumps(rule), {"Content-Type": "application/json"})
    assert reply.status == 400, rule
