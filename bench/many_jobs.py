# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The many-jobs scenario of the benchmark: the newest session of 1 to 300 jobs in one task.

One simulator serves an MSP-scale data file (``vb365sim.generate``: 300 jobs, 3 sessions each); every task
names the first N jobs (``job_names``, ``latest_per_job: true``). Each latency (the simulator's
``latency_ms`` on every request) is one group: in each round every N runs once, the first one rotating,
so the ratio of N jobs to 1 job is taken within a round. The simulator's request log gives the requests
and the most requests in flight of each task.

Then two concurrency checks with 8 jobs the one listing page cannot settle (API v7, ``status: [Warning]``,
which v7 filters on the client only, and none of the 8 has a Warning), so that every job is read on its
own: at the default limit, and with ``max_concurrency: 3``.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import statistics

from vb365sim import generate  # the benchmark puts tests/simulator on sys.path

MSP_JOBS = 300
SESSIONS_PER_JOB = 3
DEFAULT_LIMIT = 8


def task_play(bench, jobs, **options):
    """A one-task play: the newest session of each of the first ``jobs`` jobs (with more ``options``)."""
    names = ['Tenant %03d - Exchange Online' % n for n in range(1, jobs + 1)]
    task = '    - name: Newest session of %d jobs\n      vb365.backup.job_session_info:\n' % jobs
    task += '        latest_per_job: true\n        job_names: %s\n' % json.dumps(names)
    task += ''.join('        %s: %s\n' % (key, json.dumps(value)) for key, value in sorted(options.items()))
    task += '      register: newest\n    - name: Count\n      ansible.builtin.copy:\n'
    task += '        content: "{{ newest.job_sessions | map(attribute=\'id\') | list | to_json }}"\n'
    task += '        dest: "{{ count_file }}"\n'
    return bench.play('Newest session of %d jobs' % jobs, [task], bench.MODULE_DEFAULTS)


def data_file(work):
    path = os.path.join(work, 'msp.json')
    with open(path, 'w') as f:
        json.dump(generate.document(MSP_JOBS, SESSIONS_PER_JOB), f)
    return path


class ManyJobs:
    def __init__(self, runner, bench_module, options):
        self.b = runner  # the Bench: run, say, admin, start/stop_simulator, playbook
        self.m = bench_module
        self.options = options

    def write(self, name, jobs, **options):
        with open(os.path.join(self.b.work, 'playbooks', name + '.yml'), 'w') as f:
            f.write(task_play(self.m, jobs, **options))
        return self.b.playbook(name)

    def one_task(self, argv, jobs):
        """Run one task with a fresh request log; (wall, requests, max in flight, session ids returned)."""
        self.b.clear_requests()
        wall = self.b.run(argv)[0]
        log = self.b.admin('GET', '/_sim/requests')
        with open(os.path.join(self.b.work, 'count.txt')) as f:
            ids = json.load(f)
        return wall, log['count'], log['max_in_flight'], ids

    def expected_ids(self, jobs):
        return [generate.session_id(n, 0) for n in range(1, jobs + 1)]

    def run(self):
        sizes, latencies, rounds = self.options.job_counts, self.options.latencies, self.options.jobs_rounds
        self.b.say('== Many jobs: newest session of %s jobs at %s ms per request, %d rounds'
                   % ('/'.join(map(str, sizes)), '/'.join(map(str, latencies)), rounds))
        self.b.start_simulator(data=data_file(self.b.work))
        rows, checks = [], []
        try:
            plays = dict((n, self.write('jobs_%d' % n, n)) for n in sizes)
            for latency in latencies:
                self.b.admin('POST', '/_sim/config', {'latency_ms': latency})
                samples = dict((n, []) for n in sizes)
                for r in range(rounds):
                    order = sizes[r % len(sizes):] + sizes[:r % len(sizes)]
                    for n in order:
                        samples[n].append(self.one_task(plays[n], n))
                for n in sizes:
                    walls = [s[0] for s in samples[n]]
                    ratios = [s[0] / one[0] for s, one in zip(samples[n], samples[sizes[0]])]
                    rows.append(dict(jobs=n, latency=latency, wall=statistics.median(walls), low=min(walls),
                                     high=max(walls), ratio=statistics.median(ratios), requests=samples[n][0][1],
                                     in_flight=max(s[2] for s in samples[n]),
                                     exact=all(s[3] == self.expected_ids(n) for s in samples[n])))
                    self.b.say('   %3d jobs at %3d ms: %.2f s (x%.2f of %d job), %d requests, at most %d in flight'
                               % (n, latency, rows[-1]['wall'], rows[-1]['ratio'], sizes[0], rows[-1]['requests'],
                                  rows[-1]['in_flight']))
            # The bound itself: 8 jobs read one by one (the page settles none of them), 50 ms per request.
            self.b.admin('POST', '/_sim/config', {'latency_ms': 50})
            for limit in (None, 3):
                options = dict(api_version='v7', status=['Warning'])
                if limit:
                    options['max_concurrency'] = limit
                argv = self.write('bound_%s' % (limit or 'default'), DEFAULT_LIMIT, **options)
                wall, count, in_flight, ids = self.one_task(argv, DEFAULT_LIMIT)
                limit = limit or DEFAULT_LIMIT
                checks.append(dict(limit=limit, option=limit != DEFAULT_LIMIT, jobs=DEFAULT_LIMIT, wall=wall,
                                   requests=count, in_flight=in_flight, exact=ids == [],
                                   # token, backup jobs, copy jobs (v7), one read per job, and the page when
                                   # there are more jobs than the limit
                                   expected=3 + DEFAULT_LIMIT + (1 if DEFAULT_LIMIT > limit else 0)))
                self.b.say('   bound: %d jobs, limit %d: %d requests, at most %d in flight'
                           % (DEFAULT_LIMIT, limit, count, in_flight))
        finally:
            self.b.stop_simulator()
        return dict(rows=rows, checks=checks)


def problems(results):
    """What the benchmark's --check fails on (no timing): request counts, the bound, exact answers."""
    found = []
    for row in results['rows']:
        if row['requests'] > row['jobs'] + 3:
            found.append('%d jobs at %d ms: %d requests, more than jobs + 3' % (row['jobs'], row['latency'], row['requests']))
        if row['in_flight'] > DEFAULT_LIMIT:
            found.append('%d jobs: %d requests in flight, limit %d' % (row['jobs'], row['in_flight'], DEFAULT_LIMIT))
        if not row['exact']:
            found.append('%d jobs at %d ms: not the newest session of each job, in order' % (row['jobs'], row['latency']))
    for check in results['checks']:
        if check['in_flight'] > check['limit']:
            found.append('bound: %d in flight with limit %d' % (check['in_flight'], check['limit']))
        if check['requests'] != check['expected']:
            found.append('bound: %d requests for %d jobs read one by one, expected %d'
                         % (check['requests'], check['jobs'], check['expected']))
        if not check['exact']:
            found.append('bound (limit %d): sessions returned, none expected' % check['limit'])
    return found, len(results['rows']) * 3 + len(results['checks']) * 3


def report(results, write):
    write('## Many jobs: the newest session of N jobs in one task')
    write('')
    write('`job_session_info` with `latest_per_job: true` and `job_names` of the first N of %d jobs (MSP data, %d '
          'sessions each), the simulator delaying every request by the latency shown. Median wall time of the whole '
          'play (min–max), and the median within-round ratio to the one-job play at the same latency; the target is '
          'at most 1.5 for 300 jobs at 30 ms. Requests and the most requests in flight come from the simulator\'s '
          'request log.' % (MSP_JOBS, SESSIONS_PER_JOB))
    write('')
    write('| latency | jobs | wall s, median (min–max) | × one job | requests (≤ jobs + 3) | most in flight | exact |')
    write('|---|---|---|---|---|---|---|')
    for row in results['rows']:
        write('| %d ms | %d | %.2f (%.2f–%.2f) | %.2f | %d | %d | %s |' % (
            row['latency'], row['jobs'], row['wall'], row['low'], row['high'], row['ratio'], row['requests'],
            row['in_flight'], 'yes' if row['exact'] else '**no**'))
    write('')
    write('The concurrency bound: %d jobs that the listing page cannot settle (API v7, `status: [Warning]`, filtered on '
          'the client only, and none of them has one), so each job is read on its own; 50 ms per request. Expected '
          'requests: token, job listing, one per job, and the page when there are more jobs than the limit.'
          % DEFAULT_LIMIT)
    write('')
    write('| max_concurrency | jobs | requests | most in flight | wall s |')
    write('|---|---|---|---|---|')
    for check in results['checks']:
        limit = '%d' % check['limit'] if check['option'] else '(default, %d)' % check['limit']
        write('| %s | %d | %d | %d | %.2f |' % (limit, check['jobs'], check['requests'], check['in_flight'], check['wall']))
    write('')


def plot(axis, results):
    """Wall time against jobs, one line per latency, with the 1.5 × one-job target of each."""
    latencies = sorted(set(r['latency'] for r in results['rows']))
    for latency in latencies:
        points = sorted((r['jobs'], r['wall']) for r in results['rows'] if r['latency'] == latency)
        line, = axis.plot([p[0] for p in points], [p[1] for p in points], 'o-', label='%d ms per request' % latency)
        axis.axhline(points[0][1] * 1.5, color=line.get_color(), linewidth=0.7, linestyle=':')
    sizes = sorted(set(r['jobs'] for r in results['rows']))
    axis.set_xscale('log')
    axis.set_xticks(sizes)
    axis.set_xticklabels([str(n) for n in sizes])
    axis.minorticks_off()
    axis.set_ylim(bottom=0)
    axis.set_xlabel('jobs in the task (latest_per_job)')
    axis.set_ylabel('seconds (whole play)')
    axis.set_title('Newest session of N jobs (dotted: 1.5 x one job)')
    axis.grid(True, which='both', alpha=0.3)
    axis.legend(fontsize=8)
