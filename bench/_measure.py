# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the scale benchmarks share: run a command in a process of its own and measure it against the simulator.

Each measured command runs under a small wrapper that reports the child's wall time, its CPU time and its peak
resident memory (the largest of the child and of every process it waited for); the simulator's request log says
how many requests it sent and how many were in flight at once.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USERNAME = 'CORP\\vbo-admin'
PASSWORD = 'Veeam-Sim-Passw0rd!'

WRAPPER = textwrap.dedent('''
    import json, resource, subprocess, sys, time
    start = time.monotonic()
    proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    wall = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps(dict(rc=proc.returncode, wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_kib=usage.ru_maxrss,
                          stdout=proc.stdout[-20000:], stderr=proc.stderr[-5000:])))
''')


def run_bench(parser, bench_class):
    """A benchmark script's main: its own options and the shared ones, ``bench_class(options).run()``, the table,
    the scratch directory (``bench.work``) removed unless --keep."""
    parser.add_argument('--collections', default=os.path.join(REPO, '.build', 'collections'),
                        help='a collections path that holds ansible_collections/vb365/backup (make collection)')
    parser.add_argument('--output', help='also write the table to this file')
    parser.add_argument('--keep', action='store_true', help='keep the scratch directory')
    options = parser.parse_args()
    bench = bench_class(options)
    try:
        started = time.monotonic()
        report(bench.run(), options.output)
        say('(%.0f s in all)' % (time.monotonic() - started))
    finally:
        if not options.keep:
            shutil.rmtree(bench.work, ignore_errors=True)


def playbook_argv(ansible_playbook, path):
    """A playbook run on localhost with this Python: how the benchmarks run a task of the collection."""
    return [ansible_playbook, '-i', 'localhost,', '-c', 'local', path, '-e', 'ansible_python_interpreter=%s' % sys.executable]


def module_environment(collections, sim):
    """The environment of an ad hoc module run against ``sim``: the collection, the simulator's connection, API v8."""
    return dict(PYTHONPATH=collections, ANSIBLE_COLLECTIONS_PATH=collections, VB365_SERVER='127.0.0.1',
                VB365_PORT=str(sim.port), VB365_USERNAME=USERNAME, VB365_PASSWORD=PASSWORD,
                VB365_CA_PATH=sim.ca_path, VB365_API_VERSION='v8', ANSIBLE_NOCOLOR='1')


def say(text):
    print(text, flush=True)


def admin(sim, method, name, body=None):
    """A call to the simulator's /_sim/ API (its request log, its switches)."""
    import requests  # the benchmark's own Python has requests (the newest venv)

    response = requests.request(method, '%s/_sim/%s' % (sim.url, name), json=body, verify=sim.ca_path, timeout=60,
                                proxies={'https': None, 'http': None})
    response.raise_for_status()
    return response.json() if response.content else None


def measure(sim, label, argv, cwd, env=None, check=None):
    """Run ``argv`` in a fresh process: a row of its wall and CPU time, peak memory and the requests it sent.

    ``check(stdout)`` may stop the benchmark when the command's result is wrong.
    """
    admin(sim, 'DELETE', 'requests')
    output = subprocess.run([sys.executable, '-c', WRAPPER] + argv, capture_output=True, text=True, check=True,
                            env=dict(os.environ, **(env or {})), cwd=cwd)
    measured = json.loads(output.stdout)
    if measured['rc'] != 0:
        sys.exit('%s failed (%d):\n%s\n%s' % (label, measured['rc'], measured['stdout'], measured['stderr']))
    log = admin(sim, 'GET', 'requests')
    if check:
        check(measured['stdout'])
    row = dict(label=label, wall=measured['wall'], cpu=measured['cpu'], peak_mib=measured['peak_kib'] / 1024.0,
               requests=log['count'], in_flight=log['max_in_flight'])
    say('   %-52s %6.1f s (CPU %5.1f s)  %7.1f MiB  %5d requests (at most %d at once)'
        % (label, row['wall'], row['cpu'], row['peak_mib'], row['requests'], row['in_flight']))
    return row


def report(rows, output=None):
    """The rows as a Markdown table, printed and written to ``output`` if given.

    Rows of the same command and size (several rounds) become one: the median of each figure over the rounds.
    """
    grouped = {}
    for row in rows:
        grouped.setdefault((row['objects'], row['label']), []).append(row)
    lines = ['| objects | what | time (s) | CPU (s) | peak memory (MiB) | requests | most at once | rounds |',
             '|---|---|---|---|---|---|---|---|']
    for (objects, label), runs in grouped.items():
        median = dict((key, statistics.median(run[key] for run in runs))
                      for key in ('wall', 'cpu', 'peak_mib', 'requests', 'in_flight'))
        lines.append('| %d | %s | %.1f | %.1f | %.0f | %d | %d | %d |' % (
            objects, label, median['wall'], median['cpu'], median['peak_mib'], median['requests'],
            median['in_flight'], len(runs)))
    text = '\n'.join(lines) + '\n'
    say('\n' + text)
    if output:
        with open(output, 'w') as f:
            f.write(text)
