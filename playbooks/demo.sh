#!/usr/bin/env bash
# `make demo`: build and install the collection into a scratch collections path, start the
# simulator, run playbooks/demo.yml against it, and stop the simulator whatever happens.
#
#   playbooks/demo.sh VENV_DIR
set -euo pipefail

venv=$(cd "${1:?usage: $0 VENV_DIR}" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
python="$venv/bin/python"
export PATH="$venv/bin:$PATH"

work=$(mktemp -d)
simulator() { PYTHONPATH="$repo/tests/simulator" "$python" -m vb365sim.ctl "$@" --state-dir "$work/simulator"; }
cleanup() { simulator stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== Building and installing the collection"
ansible-galaxy collection build --output-path "$work" "$repo" >/dev/null
ansible-galaxy collection install --collections-path "$work/collections" "$work"/vb365-backup-*.tar.gz >/dev/null
export ANSIBLE_COLLECTIONS_PATH="$work/collections"

echo "== Starting the simulator"
mkdir -p "$work/simulator"
simulator start --data "$repo/tests/simulator/data/seed.json" --port 0 >/dev/null
eval "$("$python" - "$work/simulator/server.json" <<'PY'
import json, shlex, sys
server = json.load(open(sys.argv[1]))
print('export VB365_SERVER=%s VB365_PORT=%s VB365_CA_PATH=%s' % (
    shlex.quote(server['host']), server['port'], shlex.quote(server['ca_path'])))
PY
)"
# The simulator's documented demo user (tests/simulator/README.md).
export VB365_USERNAME='CORP\vbo-admin' VB365_PASSWORD='Veeam-Sim-Passw0rd!'
echo "   https://$VB365_SERVER:$VB365_PORT (CA $VB365_CA_PATH)"

echo "== Running playbooks/demo.yml"
ansible-playbook "$repo/playbooks/demo.yml"
