"""Start the simulator as a subprocess from pytest or scripts.

    with vb365sim.process.start(tmp_path, data=SEED) as sim:
        requests.get(sim.url + "/v8/Jobs", verify=sim.ca_path)
"""

import os
import signal
import subprocess
import sys
import time

from .files import read_json

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.join(PACKAGE_ROOT, "data", "seed.json")
_OPTIONS = {"host": "--host", "port": "--port", "token_lifetime": "--token-lifetime", "sessions": "--sessions",
            "marker_dir": "--marker-dir"}


class SimulatorError(RuntimeError):
    pass


def command(state_dir, data=DEFAULT_DATA, **opts):
    """The CLI invocation for these options (unknown option names are a TypeError, as for a function)."""
    unknown = set(opts) - set(_OPTIONS)
    if unknown:
        raise TypeError("unknown simulator options: %s" % ", ".join(sorted(unknown)))
    argv = [sys.executable, "-m", "vb365sim", "--data", os.path.abspath(data), "--state-dir", os.path.abspath(state_dir)]
    opts.setdefault("port", 0)
    for name, value in opts.items():
        if value is not None:
            argv += [_OPTIONS[name], str(value)]
    return argv


def environment():
    """The current environment with this package importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_ROOT, env.get("PYTHONPATH")]))
    return env


def is_simulator(pid):
    """Whether `pid` is a live vb365sim process (guards against signalling a recycled pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            return b"vb365sim" in handle.read()
    except OSError:
        return True  # no /proc (not Linux): trust the pid file


def clear_stale(state_dir):
    """Remove a server.json left by a crashed run; refuse if its server still runs."""
    path = os.path.join(state_dir, "server.json")
    info = read_json(path)
    if info is not None and is_simulator(info.get("pid", -1)):
        raise SimulatorError("a simulator already runs for %s (pid %s)" % (state_dir, info["pid"]))
    if os.path.exists(path):
        os.unlink(path)


def wait_for_info(state_dir, proc, timeout):
    """server.json written by `proc` (matching pid), once it accepts connections."""
    path = os.path.join(state_dir, "server.json")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = read_json(path)
        if info is not None and info.get("pid") == proc.pid:
            return info
        if proc.poll() is not None:
            raise SimulatorError("simulator exited with code %s; see %s" % (proc.returncode, log_path(state_dir)))
        time.sleep(0.05)
    proc.kill()
    raise SimulatorError("simulator did not start within %s s; see %s" % (timeout, log_path(state_dir)))


def log_path(state_dir):
    return os.path.join(state_dir, "server.log")


def spawn(state_dir, data=DEFAULT_DATA, detach=False, **opts):
    state_dir = os.path.abspath(state_dir)
    os.makedirs(state_dir, exist_ok=True)
    clear_stale(state_dir)
    with open(log_path(state_dir), "ab") as log:
        return subprocess.Popen(command(state_dir, data, **opts), env=environment(), stdin=subprocess.DEVNULL,
                                stdout=log, stderr=log, start_new_session=detach)


class SimulatorProcess:
    """A running simulator: .url, .port, .host, .ca_path, .pid, .info; .stop() ends it."""

    def __init__(self, proc, info):
        self.proc = proc
        self.info = info
        self.url = info["url"]
        self.port = info["port"]
        self.host = info["host"]
        self.ca_path = info["ca_path"]
        self.pid = info["pid"]

    def stop(self, timeout=10):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def start(state_dir, data=DEFAULT_DATA, timeout=30, **opts):
    """Start the CLI (options: host, port, token_lifetime, sessions, marker_dir) and wait until it serves."""
    proc = spawn(state_dir, data, **opts)
    return SimulatorProcess(proc, wait_for_info(os.path.abspath(state_dir), proc, timeout))
