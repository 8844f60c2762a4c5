#!/usr/bin/env bash
# `make demo`: build the collection from this checkout and install it into the demo's own
# collections path, start the simulator, run playbooks/demo.yml against it, and stop the
# simulator whatever happens.
#
#   playbooks/demo.sh VENV_DIR
#
# VENV_DIR has ansible-core, requests and the simulator's runtime (tools/run-venv builds it for `make demo`).
#
# The installed copy wins over any other (for example one in ~/.ansible/collections): it is
# installed with --force and ANSIBLE_COLLECTIONS_PATH names only the demo's path.
set -euo pipefail

venv=$(cd "${1:?usage: $0 VENV_DIR}" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
python="$venv/bin/python"
export PATH="$venv/bin:$PATH"

work=$(mktemp -d)
simulator() { PYTHONPATH="$repo/tests/simulator" "$python" -m vb365sim.ctl "$@" --state-dir "$work/simulator"; }
cleanup() { simulator stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

# ansible-core 2.19 (the newest for Python 3.11) imports DSA from cryptography, whose recent releases warn about it
# at every start; the warning is about ansible-core's internals, not about this demo (2.20 and later do not warn).
export PYTHONWARNINGS='ignore:DSA is deprecated'

# Only this configuration and this collections path, whatever the environment says.
unset ANSIBLE_COLLECTIONS_PATHS
export ANSIBLE_CONFIG="$repo/playbooks/ansible.cfg"
export ANSIBLE_COLLECTIONS_PATH="$work/collections"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false

# Run a step quietly; on failure show what it printed.
quiet() {
    local log="$work/step.log"
    if ! "$@" >"$log" 2>&1; then cat "$log" >&2; echo "demo: failed: $*" >&2; exit 1; fi
}

echo "vb365.backup demo"
echo
echo "1. Build the collection from this checkout and install it into the demo's own collections path,"
echo "   the only one this demo uses, so it wins over any copy installed elsewhere."
quiet ansible-galaxy collection build --force --output-path "$work" "$repo"
quiet ansible-galaxy collection install --force --collections-path "$work/collections" "$work"/vb365-backup-*.tar.gz

mkdir -p "$work/simulator"
quiet simulator start --data "$repo/tests/simulator/data/seed.json" --port 0
eval "$("$python" - "$work/simulator/server.json" <<'PY'
import json, shlex, sys
server = json.load(open(sys.argv[1]))
print('export VB365_SERVER=%s VB365_PORT=%s VB365_CA_PATH=%s' % (
    shlex.quote(server['host']), server['port'], shlex.quote(server['ca_path'])))
PY
)"
# The simulator's documented demo user (tests/simulator/README.md).
export VB365_USERNAME='CORP\vbo-admin' VB365_PASSWORD='Veeam-Sim-Passw0rd!'
echo "2. Start the simulator on https://$VB365_SERVER:$VB365_PORT: a local HTTPS server that speaks the"
echo "   VB365 REST API (v5 to v8) with sample jobs and sessions (tests/simulator), so no real server is needed."
echo "3. Run playbooks/demo.yml against it, the connection in VB365_* environment variables (as AWX injects it)."
echo
ansible-playbook "$repo/playbooks/demo.yml"
