"""Shell-friendly control: python -m vb365sim.ctl start|stop|admin --state-dir DIR [options].

`start` runs the simulator in the background (its own session, so it outlives
the shell step), waits until it serves and prints server.json.  `stop` ends
it by the pid in server.json; it succeeds when nothing runs, so a cleanup step
can always call it.  `admin METHOD NAME [--body JSON]` calls the admin API
(/_sim/NAME) of the simulator in server.json and prints its JSON answer, so a
shell step can set switches and fault rules or read the request log.
"""

import argparse
import contextlib
import json
import os
import http.client
import signal
import ssl
import sys
import time

from . import process
from .files import read_json


def _start(args):
    proc = process.spawn(args.state_dir, args.data, detach=True, host=args.host, port=args.port,
                         token_lifetime=args.token_lifetime, sessions=args.sessions, marker_dir=args.marker_dir)
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


def _admin(args):
    info = read_json(os.path.join(os.path.abspath(args.state_dir), "server.json"))
    if info is None:
        raise process.SimulatorError("no simulator runs for %s" % args.state_dir)
    method, name = args.admin
    connection = http.client.HTTPSConnection(info["host"], info["port"], timeout=args.timeout,
                                             context=ssl.create_default_context(cafile=info["ca_path"]))
    try:
        connection.request(method.upper(), "/_sim/" + name, body=args.body,
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read().decode("utf-8")
    except OSError as exc:
        raise process.SimulatorError("admin request failed: %s" % exc) from None
    finally:
        connection.close()
    print(body or json.dumps({"status": response.status}))
    return 0 if response.status < 400 else 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m vb365sim.ctl")
    parser.add_argument("action", choices=("start", "stop", "admin"))
    parser.add_argument("admin", nargs="*", metavar="METHOD NAME", help="admin only: e.g. POST config")
    parser.add_argument("--body", default=None, help="admin only: the JSON body")
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--data", default=process.DEFAULT_DATA)
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token-lifetime", type=float, default=None)
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--marker-dir", default=None, help="start only: see python -m vb365sim --help")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for start or stop")
    args = parser.parse_args(argv)
    if (args.action == "admin") != (len(args.admin) == 2):
        parser.error("admin takes METHOD and NAME (e.g. admin POST config --body '{...}'); start/stop take none")
    try:
        return {"start": _start, "stop": _stop, "admin": _admin}[args.action](args)
    except process.SimulatorError as exc:
        print("vb365sim.ctl: %s" % exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
