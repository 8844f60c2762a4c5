"""Command line: python -m vb365sim --port 0 --data FILE --state-dir DIR [options]."""

import argparse
import json
import os
import signal
import sys
import threading

from . import certs
from .app import Simulator
from .listeners import Listeners
from .files import read_json, write_atomically
from .server import SimHTTPServer


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m vb365sim", description="Veeam Backup for Microsoft 365 REST API simulator")
    parser.add_argument("--data", required=True, help="data file (JSON), e.g. tests/simulator/data/seed.json")
    parser.add_argument("--state-dir", required=True, help="directory for ca.pem, server.pem and server.json")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (127.0.0.1 or ::1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port, 0 picks a free one")
    parser.add_argument("--token-lifetime", type=float, default=3600, help="access token lifetime in seconds")
    parser.add_argument("--sessions", type=int, default=0, help="generate N extra finished sessions")
    parser.add_argument("--marker-dir", default=None,
                        help="replaces @MARKER_DIR@ in the data file's strings (default STATE_DIR/hostile-markers)")
    return parser.parse_args(argv)


def url_for(host, port):
    return "https://%s:%d" % ("[%s]" % host if ":" in host else host, port)


def announce_json(info):
    """What the CLI prints once it serves: server.json as one line (the helpers read it)."""
    print(json.dumps(info), flush=True)


def main(argv=None, announce=announce_json):
    """Serve until SIGTERM or SIGINT; ``announce(info)`` is called once the server accepts connections."""
    args = parse_args(argv)
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, exist_ok=True)
    files = certs.ensure(state_dir)
    marker_dir = os.path.abspath(args.marker_dir or os.path.join(state_dir, "hostile-markers"))
    sim = Simulator(args.data, args.token_lifetime, args.sessions, marker_dir)
    server = SimHTTPServer((args.host, args.port), sim, certs.server_context(files))
    sim.listeners = Listeners(sim, files, args.host)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    info = {"host": args.host, "port": port, "ca_path": files["ca.pem"], "pid": os.getpid(),
            "url": url_for(args.host, port)}
    info_path = os.path.join(state_dir, "server.json")
    # Written only now: the socket listens and the serving thread runs, so readers can connect at once.
    write_atomically(info_path, json.dumps(info).encode("utf-8"))
    announce(info)

    while not stop.wait(0.5):
        pass
    sim.stopping.set()
    sim.listeners.close_all()
    server.shutdown()
    server.server_close()
    if (read_json(info_path) or {}).get("pid") == os.getpid():
        os.unlink(info_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
