"""`make sim`: the simulator in the foreground, for a person trying the collection without a VB365 server.

    python -m vb365sim.tryit [--port 4443] [--state-dir DIR] [--data FILE]

It prints the ``export VB365_...`` lines to paste into another shell and serves until Ctrl-C (SIGINT) or
SIGTERM. The server runs in this process, so stopping it leaves nothing running. Port 4443 is the VB365 REST
API's own default; when it is taken (another simulator?), a free port is used and the lines say which. The state
dir keeps the CA between runs, so a VB365_CA_PATH pasted earlier stays valid after a restart.

The lines are the contract of the documentation: tests/ecosystem runs the README's and Getting started's
snippets with exactly what this prints (``export_lines``).
"""

import argparse
import errno
import json
import os
import shlex
import socket
import sys

from . import __main__ as cli
from .process import DEFAULT_DATA

DEFAULT_PORT = 4443


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m vb365sim.tryit",
                                     description="The VB365 REST API simulator in the foreground, for trying the collection")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help="TCP port on 127.0.0.1 (default %(default)s; a free one when it is taken; 0: any free one)")
    parser.add_argument("--state-dir", required=True, help="directory for the CA and server certificate (kept)")
    parser.add_argument("--data", default=DEFAULT_DATA, help="data file (default: the seed)")
    return parser.parse_args(argv)


def port_is_free(host, port):
    """Whether the server could bind ``port`` now (with SO_REUSEADDR, as it binds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def demo_user(data):
    """The first user of the data file: the simulator's documented demo credentials."""
    with open(data, encoding="utf-8") as handle:
        user = json.load(handle)["users"][0]
    return user["username"], user["password"]


def export_lines(info, username, password):
    """The shell lines that point the collection at this simulator, quoted for bash and zsh."""
    return [
        "export VB365_SERVER=%s VB365_PORT=%d VB365_CA_PATH=%s"
        % (shlex.quote(info["host"]), info["port"], shlex.quote(info["ca_path"])),
        "export VB365_USERNAME=%s VB365_PASSWORD=%s" % (shlex.quote(username), shlex.quote(password)),
    ]


def python_description():
    """The Python this runs with (in make sim, .venv/sim's: tools/run-venv said which base it was built from)."""
    return "Python %s (%s)" % (sys.version.split()[0], sys.executable)


def main(argv=None):
    args = parse_args(argv)
    host = "127.0.0.1"
    port = args.port
    if port and not port_is_free(host, port):
        print("Port %d is in use (another simulator, or a VB365 server?): using a free port instead." % port)
        port = 0
    username, password = demo_user(args.data)

    def announce(info):
        print("VB365 REST API simulator (tests/simulator), with %s" % python_description())
        print("Serving API v5 to v8 on %s; its CA certificate is %s" % (info["url"], info["ca_path"]))
        print()
        print("Paste these lines into the shell you run Ansible in (the simulator's demo credentials, not a real server's):")
        print()
        for line in export_lines(info, username, password):
            print("    " + line)
        print()
        print("Then, for example: ansible localhost -m vb365.backup.job_session_info "
              "-a 'job_name=\"Exchange Online - Daily\" job_type=Backup latest=true'")
        print("Ctrl-C stops the simulator.", flush=True)

    code = cli.main(["--data", os.path.abspath(args.data), "--state-dir", args.state_dir, "--host", host,
                     "--port", str(port)], announce=announce)
    print("Simulator stopped.", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
