"""Shell-friendly control: python -m vb365sim.ctl start|stop --state-dir DIR [start options].

`start` runs the simulator in the background (its own session, so it outlives
the shell step), waits until it serves and prints server.json.  `stop` ends
it by the pid in server.json; it succeeds when nothing runs, so a cleanup step
can always call it.
"""

import argparse
import contextlib
import json
import os
import signal
import sys
import time

from . import process
from .files import read_json


def _start(args):
    proc = process.spawn(args.state_dir, args.data, detach=True, host=args.host, port=args.port,
                         token_lifetime=args.token_lifetime, sessions=args.sessions)
    info = process.wait_for_info(os.path.abspath(args.state_dir), proc, args.timeout)
    print(json.dumps(info), flush=True)
    return 0


def _stop(args):
    path = os.path.join(os.path.abspath(args.state_dir), "server.json")
    info = read_json(path)
    pid = (info or {}).get("pid")
    if pid is None or not process.is_simulator(pid):
        if os.path.exists(path):
            os.unlink(path)
        print(json.dumps({"stopped": None}))
        return 0
    with contextlib.suppress(ProcessLookupError):  # it may have exited meanwhile
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + args.timeout
    while process.is_simulator(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.is_simulator(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if os.path.exists(path):
        os.unlink(path)
    print(json.dumps({"stopped": pid}))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m vb365sim.ctl")
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--data", default=process.DEFAULT_DATA)
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token-lifetime", type=float, default=None)
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for start or stop")
    args = parser.parse_args(argv)
    try:
        return _start(args) if args.action == "start" else _stop(args)
    except process.SimulatorError as exc:
        print("vb365sim.ctl: %s" % exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
