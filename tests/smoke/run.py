#!/usr/bin/env python
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the smoke play with the ansible-core of each virtual environment given, on both execution paths, and compare.

    tests/smoke/run.py COLLECTIONS_DIR VENV_DIR [VENV_DIR ...]

For each venv: the play runs at -vvv once with the modules in the controller's worker process and once as module
processes (VB365_IN_PROCESS=false), against one simulator (HTTPS on loopback) that this script starts and stops.
It fails when the two result files differ, when -vvv does not say the path expected, or when a traceback is printed.
Standard library only; run it with any Python 3.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'tests', 'simulator'))

from vb365sim import process  # noqa: E402  pylint: disable=wrong-import-position

PATHS = (('worker', {}, "runs in the controller's worker process"),
         ('module', {'VB365_IN_PROCESS': 'false'}, 'runs as a module: VB365_IN_PROCESS is false'))
# What changes from one run to the next and says nothing about the path taken.
VOLATILE = ('age_seconds',)
TRACEBACK_MARKS = ('Traceback (most recent call last)', 'The full traceback is')


def without_volatile(value):
    if isinstance(value, dict):
        return dict((k, without_volatile(v)) for k, v in value.items() if k not in VOLATILE)
    if isinstance(value, list):
        return [without_volatile(v) for v in value]
    if isinstance(value, str):
        # A message that quotes an age ("2h 0m ago") ticks between the two runs.
        return re.sub(r'\d+[dhm] \d+[hms] ago', '<age> ago', value)
    return value


def run_play(venv, collections, sim, extra_env, out):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(('ANSIBLE_', 'VB365_')))
    env.update(extra_env, PATH=os.path.join(venv, 'bin') + os.pathsep + env.get('PATH', ''),
               ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false',
               ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               VB365_SERVER=sim.host, VB365_PORT=str(sim.port), VB365_CA_PATH=sim.ca_path,
               VB365_USERNAME='CORP\\vbo-admin', VB365_PASSWORD='Veeam-Sim-Passw0rd!')
    proc = subprocess.run([os.path.join(venv, 'bin', 'ansible-playbook'), '-vvv', os.path.join(HERE, 'smoke.yml'),
                           '-e', 'smoke_out=%s' % out], env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    return proc


def check_venv(venv, collections, sim, work):
    version = subprocess.run([os.path.join(venv, 'bin', 'ansible'), '--version'], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    problems, results = [], {}
    for name, extra_env, announced in PATHS:
        out = os.path.join(work, '%s-%s.json' % (os.path.basename(venv), name))
        started = time.monotonic()
        proc = run_play(venv, collections, sim, extra_env, out)
        seconds = time.monotonic() - started
        output = proc.stdout + proc.stderr
        if proc.returncode != 0:
            problems.append('%s path: ansible-playbook exited %d:\n%s' % (name, proc.returncode, output[-4000:]))
            continue
        if announced not in output:
            problems.append('%s path: -vvv does not say "%s"' % (name, announced))
        for mark in TRACEBACK_MARKS:
            if mark in output:
                problems.append('%s path: a traceback was printed ("%s")' % (name, mark))
        if 'Veeam-Sim-Passw0rd!' in output:
            problems.append('%s path: the password was printed' % name)
        with open(out) as handle:
            results[name] = without_volatile(json.load(handle))
        print('  %-7s path: %.1f s' % (name, seconds))
    if len(results) == 2 and results['worker'] != results['module']:
        for key in results['worker']:
            if results['worker'][key] != results['module'].get(key):
                problems.append('the two paths differ in %s:\n  worker: %s\n  module: %s' % (
                    key, json.dumps(results['worker'][key], sort_keys=True),
                    json.dumps(results['module'].get(key), sort_keys=True)))
    return version, problems


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    collections, venvs = sys.argv[1], sys.argv[2:]
    failed = []
    with tempfile.TemporaryDirectory(prefix='vb365-smoke-') as work:
        seed = os.path.join(REPO, 'tests', 'simulator', 'data', 'seed.json')
        with process.start(os.path.join(work, 'sim'), data=seed) as sim:
            for venv in venvs:
                print('==> smoke: %s' % venv)
                version, problems = check_venv(os.path.abspath(venv), collections, sim, work)
                print('  %s: %s' % (version, 'both paths identical' if not problems else 'FAILED'))
                for problem in problems:
                    print('  - ' + problem)
                if problems:
                    failed.append(version)
    if failed:
        sys.exit('smoke failed on: %s' % ', '.join(failed))
    print('smoke: %d ansible-core versions, both paths identical on each' % len(venvs))


if __name__ == '__main__':
    main()
