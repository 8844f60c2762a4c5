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
# Two simulators: the seed data, and the hostile-text data (server strings that are Jinja2 templates, each naming a
# marker file that an evaluation would create in $state/markers; the hostile_text target checks none appears).
simulator() { PYTHONPATH="$repo/tests/simulator" "$python" -m vb365sim.ctl "$@"; }
cleanup() {
    simulator stop --state-dir "$state/seed" >/dev/null 2>&1 || true
    simulator stop --state-dir "$state/hostile" >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT

simulator start --data "$repo/tests/simulator/data/seed.json" --port 0 --state-dir "$state/seed" >/dev/null
simulator start --data "$repo/tests/simulator/data/hostile-text.json" --marker-dir "$state/markers" --port 0 \
    --state-dir "$state/hostile" >/dev/null

# The simulator's address and CA, its documented user (tests/simulator/README.md), and the processed-object counts
# its data plans for each session (computed from the data file, not read over HTTP: the tests compare the two).
# VB365_IN_PROCESS becomes the variable vb365_in_process: ansible-test passes ansible-playbook only an environment of
# its own choosing, in which the variable would be lost.
PYTHONPATH="$repo/tests/simulator" "$python" - "$state/seed/server.json" "$tree/tests/integration/integration_config.yml" \
    "$state/hostile/server.json" "$state/markers" "$repo/tests/simulator/data/seed.json" <<'PY'
import json, os, sys
from vb365sim.objects import expected_counts
server = json.load(open(sys.argv[1]))
hostile = json.load(open(sys.argv[3]))
config = {
    'vb365_server': server['host'],
    'vb365_port': server['port'],
    'vb365_ca_path': server['ca_path'],
    'vb365_sim_url': server['url'],
    'vb365_username': 'CORP\\vbo-admin',
    'vb365_password': 'Veeam-Sim-Passw0rd!',
    'vb365_hostile_port': hostile['port'],
    'vb365_hostile_ca_path': hostile['ca_path'],
    'vb365_hostile_markers': sys.argv[4],
    'vb365_expected_objects': expected_counts(sys.argv[5]),
}
if os.environ.get('VB365_IN_PROCESS'):
    config['vb365_in_process'] = os.environ['VB365_IN_PROCESS']
with open(sys.argv[2], 'w') as f:
    json.dump(config, f, indent=2)
PY

version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
cd "$tree"
ansible-test integration --local --python "$version" --color no "$@"
