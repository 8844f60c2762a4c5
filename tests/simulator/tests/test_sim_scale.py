"""The request log's in-flight count, the latency switch and the MSP-scale data generator."""

import concurrent.futures
import json
import subprocess
import sys
import threading
import time

from simtest import Client
from vb365sim import generate, inventory, process
from vb365sim.clock import parse_iso


def _parallel(sim, paths, token):
    barrier = threading.Barrier(len(paths))

    def one(path):
        barrier.wait(10)
        return sim.raw("GET", path, headers={"Authorization": "Bearer " + token}, timeout=30).status

    with concurrent.futures.ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(one, paths))


def test_in_flight_counts_concurrent_requests(sim):
    token = sim.token("v8")
    sim.admin("POST", "config", {"latency_ms": 400})
    sim.admin("DELETE", "requests")
    started = time.monotonic()
    assert _parallel(sim, ["/v8/Jobs"] * 6, token) == [200] * 6
    # Served in parallel (threaded server): six 0.4 s requests take far less than 2.4 s.
    assert time.monotonic() - started < 1.5
    log = sim.admin("GET", "requests")
    assert sorted(entry["in_flight"] for entry in log["requests"]) == [1, 2, 3, 4, 5, 6]
    assert log["max_in_flight"] == 6
    sim.admin("DELETE", "requests")
    for _round in range(3):
        assert sim.get("/v8/Jobs").status == 200
    log = sim.admin("GET", "requests")
    assert [entry["in_flight"] for entry in log["requests"]] == [1, 1, 1] and log["max_in_flight"] == 1
    assert all(isinstance(entry["at"], float) for entry in log["requests"])


def test_latency_switch_every_request_or_matching(sim):
    token = sim.token("v8")
    sim.admin("POST", "config", {"latency_ms": 300, "latency_path": "^GET /v8/Jobs$"})
    started = time.monotonic()
    assert sim.get("/v8/JobSessions?limit=1").status == 200
    assert time.monotonic() - started < 0.25
    started = time.monotonic()
    assert sim.raw("GET", "/v8/Jobs", headers={"Authorization": "Bearer " + token}).status == 200
    assert time.monotonic() - started >= 0.3
    sim.admin("POST", "config", {"latency_path": None})
    started = time.monotonic()
    assert sim.token_request("v8", {"grant_type": "nope"}).status == 400
    assert time.monotonic() - started >= 0.3
    sim.reset()
    assert sim.admin("GET", "config")["latency_ms"] == 0


def test_latency_switch_rejects_bad_values(sim):
    for change in ({"latency_ms": -1}, {"latency_ms": "30"}, {"latency_path": "("}, {"latency_path": 3}):
        reply = sim.raw("POST", "/_sim/config", json.dumps(change), {"Content-Type": "application/json"})
        assert reply.status == 400, change


def test_msp_generator_and_ctl(tmp_path):
    data = tmp_path / "msp.json"
    done = subprocess.run([sys.executable, "-m", "vb365sim.generate", "--jobs", "300", "--sessions-per-job", "3",
                           "--out", str(data)], env=process.environment(), capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stdout)["sessions"] == 900
    state = tmp_path / "state"

    def ctl(*args):
        return subprocess.run([sys.executable, "-m", "vb365sim.ctl", *args, "--state-dir", str(state)],
                              env=process.environment(), capture_output=True, text=True, timeout=60, check=False)

    started = ctl("start", "--data", str(data))
    assert started.returncode == 0, started.stderr
    try:
        info = json.loads(started.stdout)
        client = Client(type("Handle", (), info))
        jobs = client.get("/v8/Jobs?limit=1000").json()["results"]
        assert len(jobs) == 300 and jobs[0]["name"] == "Tenant 001 - Exchange Online"
        assert [job["id"] for job in jobs] == [generate.job_id(number) for number in range(1, 301)]
        newest = client.get("/v8/JobSessions?limit=300").json()["results"]
        # One page of 300 holds every job's newest session, newest job numbers first.
        assert [session["id"] for session in newest] == [generate.session_id(number, 0) for number in range(1, 301)]
        assert [session["status"] for session in newest if session["status"] != "Success"][:3] == [
            "Warning", "Warning", "Warning"]
        failed = {session["jobId"] for session in newest if session["status"] == "Failed"}
        assert failed == {generate.job_id(number) for number in (50, 100, 150, 200, 250, 300)}
        assert client.get("/v7/JobSessions?jobId=%s" % generate.job_id(7)).json()["totalCount"] == 3
        # ctl admin drives the switches from a shell.
        admin = ctl("admin", "POST", "config", "--body", '{"latency_ms": 30}')
        assert admin.returncode == 0 and json.loads(admin.stdout)["latency_ms"] == 30
        log = json.loads(ctl("admin", "GET", "requests").stdout)
        assert log["count"] == 5 and log["max_in_flight"] == 1
        assert ctl("admin", "POST", "config", "--body", '{"nope": 1}').returncode == 1
    finally:
        assert ctl("stop").returncode == 0


def test_msp_inventory_generator(tmp_path):
    """100 tenants, 200,000 backed-up objects over 4 repositories: counts known from generate.msp_counts."""
    data = tmp_path / "msp-inventory.json"
    subprocess.run([sys.executable, "-m", "vb365sim.generate", "--jobs", "100", "--sessions-per-job", "1",
                    "--tenants", "100", "--objects", "200000", "--repositories", "4", "--out", str(data)],
                   env=process.environment(), capture_output=True, text=True, check=True)
    assert data.stat().st_size < 1_000_000     # objects are generated at load time, not written out
    expected = generate.msp_counts(100, 200_000, 4)
    started = time.monotonic()
    with process.start(tmp_path / "state", data=str(data), timeout=60) as handle:
        startup = time.monotonic() - started
        client = Client(handle)
        orgs = client.get("/v7/Organizations").json()
        assert [org["id"] for org in orgs] == list(expected["tenants"])
        assert orgs[0]["name"] == "tenant001.onmicrosoft.com"
        for repository, counts in expected["repositories"].items():
            for kind, label in (("User", "UserData"), ("Group", "GroupData"), ("Site", "SiteData"),
                                ("Team", "TeamData")):
                page = client.get("/v7/BackupRepositories/%s/%s?limit=1" % (repository, label)).json()
                assert page["totalCount"] == counts[kind], (repository, kind)
        assert sum(sum(counts.values()) for counts in expected["repositories"].values()) == 200_000
        tenant_id, tenant = next(iter(expected["tenants"].items()))
        listing = client.get("/v6/Organizations/%s/Users?limit=1" % tenant_id).json()
        assert listing["totalCount"] == tenant["User"] == 1400
        assert client.get("/v7/LicensedUsers?limit=1").json()["totalCount"] == expected["licensed_users"]
        license_info = client.get("/v8/License").json()
        assert license_info["usedNumber"] == expected["licensed_users"] < license_info["totalNumber"]
        stale = inventory.msp_tenant_id(20)
        assert expected["tenants"][stale]["stale"]
        last = client.get("/v8/Organizations/%s?extendedView=true" % stale).json()["lastBackuptime"]
        now = client.admin("GET", "clock")["now"]
        assert 9 < (parse_iso(now) - parse_iso(last)) / 1e7 / 86400 < 9.2
        first = client.get("/v8/BackupRepositories/%s/UserData?limit=10000" % inventory.msp_repository_id(1))
        assert len(first.json()["results"]) == 10000 and "next" in first.json()["_links"]
        job = client.get("/v8/Jobs/%s" % generate.job_id(1)).json()
        assert job["organizationId"] == inventory.msp_tenant_id(1)
    assert startup < 20, startup
