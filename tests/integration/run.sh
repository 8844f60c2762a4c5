#!/usr/bin/env bash
# Runs the integration targets with the ansible-core of one virtual environment, against
# a simulator this script starts over HTTPS on loopback and always stops.
#
#   tests/integration/run.sh VENV_DIR [ansible-test integration arguments, e.g. a target name]
#
# ansible-test needs the collection at .../ansible_collections/vb365/backup: the Makefile's
# `collection` target syncs that copy (VB365_TEST_TREE overrides where it is).
set -euo pipefail

venv=$(cd "${1:?usage: $0 VENV_DIR [ansible-test arguments]}" && pwd)
shift
repo=$(cd "$(dirname "$0")/../.." && pwd)
tree=${VB365_TEST_TREE:-$repo/.build/ansible-test/ansible_collections/vb365/backup}
python="$venv/bin/python"
export PATH="$venv/bin:$PATH"

state=$(mktemp -d)
simulator() { PYTHONPATH="$repo/tests/simulator" "$python" -m vb365sim.ctl "$@" --state-dir "$state"; }
cleanup() { simulator stop >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT

simulator start --data "$repo/tests/simulator/data/seed.json" --port 0 >/dev/null

# The simulator's address and CA, and its documented user (tests/simulator/README.md).
"$python" - "$state/server.json" "$tree/tests/integration/integration_config.yml" <<'PY'
import json, sys
server = json.load(open(sys.argv[1]))
config = {
    'vb365_server': server['host'],
    'vb365_port': server['port'],
    'vb365_ca_path': server['ca_path'],
    'vb365_sim_url': server['url'],
    'vb365_username': 'CORP\\vbo-admin',
    'vb365_password': 'Veeam-Sim-Passw0rd!',
}
with open(sys.argv[2], 'w') as f:
    json.dump(config, f, indent=2)
PY

version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
cd "$tree"
ansible-test integration --local --python "$version" --color no "$@"
