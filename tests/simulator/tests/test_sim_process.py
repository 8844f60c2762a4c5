"""The process contract: CLI, server.json, signals, ctl, certificates, concurrency, bulk data."""

import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import threading
import time

from simtest import SEED_DATA, Client
from vb365sim import process


def test_server_json_contract(sim_process, sim):
    info_path = os.path.join(os.path.dirname(sim_process.ca_path), "server.json")
    with open(info_path, encoding="utf-8") as handle:
        info = json.load(handle)
    assert set(info) == {"host", "port", "ca_path", "pid", "url"}
    assert info["host"] == "127.0.0.1" and info["url"] == "https://127.0.0.1:%d" % info["port"]
    assert os.path.isabs(info["ca_path"]) and info["pid"] == sim_process.proc.pid
    assert sim.get("/v8/Jobs").status == 200


def test_cli_prints_info_and_exits_cleanly_on_sigterm(tmp_path):
    with subprocess.Popen(process.command(tmp_path, SEED_DATA), env=process.environment(),
                          stdout=subprocess.PIPE, text=True) as proc:
        try:
            info = json.loads(proc.stdout.readline())
            assert info["pid"] == proc.pid
            assert os.path.exists(tmp_path / "server.json")
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(10) == 0
            assert not os.path.exists(tmp_path / "server.json")
        finally:
            if proc.poll() is None:
                proc.kill()


def test_sigint_and_certificate_reuse(tmp_path):
    with process.start(tmp_path, SEED_DATA) as first:
        ca = (tmp_path / "ca.pem").read_bytes()
        first.proc.send_signal(signal.SIGINT)
        assert first.proc.wait(10) == 0
    with process.start(tmp_path, SEED_DATA, token_lifetime=5) as second:
        assert (tmp_path / "ca.pem").read_bytes() == ca
        client = Client(second)
        assert client.login("v6")["expires_in"] == 5
    assert second.proc.returncode == 0


def test_ipv6_loopback(tmp_path):
    with process.start(tmp_path, SEED_DATA, host="::1") as server:
        assert server.url == "https://[::1]:%d" % server.port
        assert Client(server).login("v8")["token_type"] == "bearer"


def test_ctl_start_and_stop(tmp_path):
    def ctl(*args):
        return subprocess.run([sys.executable, "-m", "vb365sim.ctl", *args, "--state-dir", str(tmp_path)],
                              env=process.environment(), capture_output=True, text=True, timeout=60, check=False)

    started = ctl("start", "--data", SEED_DATA)
    assert started.returncode == 0, started.stderr
    info = json.loads(started.stdout)
    try:
        assert process.is_simulator(info["pid"])
        assert ctl("start").returncode == 1  # refuses a second server on the same state dir
    finally:
        stopped = ctl("stop")
    assert stopped.returncode == 0 and json.loads(stopped.stdout) == {"stopped": info["pid"]}
    assert not process.is_simulator(info["pid"])
    assert not os.path.exists(tmp_path / "server.json")
    assert json.loads(ctl("stop").stdout) == {"stopped": None}


def test_fifty_concurrent_clients(sim):
    token = sim.token("v8")
    barrier = threading.Barrier(50)

    def one(index):
        barrier.wait(10)
        path = "/v8/JobSessions?limit=5&offset=%d" % index if index % 2 else "/v8/Jobs"
        return sim.raw("GET", path, headers={"Authorization": "Bearer " + token}, timeout=30).status

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(one, range(50)))
    assert statuses == [200] * 50


def test_bulk_sessions_page_fast(tmp_path):
    with process.start(tmp_path, SEED_DATA, sessions=50000, timeout=60) as server:
        client = Client(server)
        first = client.get("/v7/JobSessions").json()
        assert first["totalCount"] >= 50070
        started = time.monotonic()
        deep = client.get("/v7/JobSessions?offset=49990&limit=30").json()
        assert time.monotonic() - started < 1
        assert len(deep["results"]) == 30
        assert deep["results"][0]["creationTime"] < first["results"][-1]["creationTime"]
