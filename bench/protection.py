# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Per-object protection at a service provider's scale: requests, peak memory and time.

    bench/protection.py [--tenants 100] [--objects 50000,200000] [--repositories 4] [--output FILE]
                        [--collections DIR] [--rounds 1]        (make bench-protection)

For each object count, one simulator serves an MSP inventory (``vb365sim.generate``: T tenants, M objects over R
repositories, one repository per tenant) and each of these runs in a process of its own, measured from outside
(its wall time, its CPU time and peak resident memory with its children's: the CPU time is the client's own cost,
which other load on a shared machine disturbs less than the wall time) against the simulator's request log:

- plain ``requests`` in one process: a token, the repositories, then every repository's UserData, GroupData,
  SiteData and TeamData in pages of 10,000, one after another, each page decoded and its objects counted;
- ``protected_object_info`` called in Python (no Ansible), at max_concurrency 1 and 4 (the default);
- ``protected_object_info`` as a playbook task (ansible-playbook, the module in the worker process);
- ``protection_check`` as a playbook task: the gate, which also reads every tenant's four listings.

The module's counts are checked against ``generate.msp_counts``; a wrong count fails the benchmark.
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import sys
import tempfile
import textwrap

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests', 'simulator'))

from vb365sim import generate, process  # noqa: E402  (tests/simulator is put on sys.path above)
# bench/ is the script's directory, so _measure imports as a top-level module.
from _measure import (  # noqa: E402
    PASSWORD,
    USERNAME,
    measure,
    module_environment,
    playbook_argv,
    run_bench,
    say,
)

PLAIN = textwrap.dedent('''
    import json, sys, requests
    url, ca = sys.argv[1], sys.argv[2]
    session = requests.Session()
    session.trust_env = False
    token = session.post(url + '/v8/token', verify=ca, data=dict(grant_type='password', username=%r,
                                                                  password=%r)).json()['access_token']
    session.headers['Authorization'] = 'Bearer ' + token
    repositories = session.get(url + '/v8/BackupRepositories', params={'limit': 10000}, verify=ca).json()['results']
    objects = 0
    for repository in repositories:
        for kind in ('UserData', 'GroupData', 'SiteData', 'TeamData'):
            offset = 0
            while True:
                page = session.get('%%s/v8/BackupRepositories/%%s/%%s' %% (url, repository['id'], kind), verify=ca,
                                   params={'offset': offset, 'limit': 10000}).json()
                objects += len(page['results'])
                if len(page['results']) < 10000:
                    break
                offset += 10000
                page = None
    print(json.dumps(dict(objects=objects)))
''') % (USERNAME, PASSWORD)

IN_PYTHON = textwrap.dedent('''
    import json, sys
    from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
    from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
    from ansible_collections.vb365.backup.plugins.modules import protected_object_info

    class Module:
        check_mode = False
        def __init__(self, params):
            self.params = params
        def warn(self, warning):
            print(warning, file=sys.stderr)

    params = dict((name, spec.get('default')) for name, spec in protected_object_info.argument_spec().items())
    params.update(connection_defaults(server='127.0.0.1', port=int(sys.argv[1]), username=%r, password=%r,
                                      ca_path=sys.argv[2], api_version='v8'))
    for name in ('organization_names', 'organization_ids', 'repository_ids', 'exclude', 'object_types'):
        params[name] = list(params[name] or [])
    params['max_concurrency'] = int(sys.argv[3])
    client = Vb365Client(params)
    try:
        result = protected_object_info.run(Module(params), client)
    finally:
        client.close()
    print(json.dumps(dict(totals=result['totals'], objects=len(result['objects']))))
''') % (USERNAME, PASSWORD)


def playbook(module, options, totals_file):
    task = {'name': 'Run %s' % module, 'register': 'result', 'vb365.backup.%s' % module: options}
    copy = {'content': '{{ result.totals | to_json }}', 'dest': totals_file, 'mode': '0600'}
    keep = {'name': 'Keep the totals', 'ansible.builtin.copy': copy}
    return [{'name': 'Bench', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [task, keep]}]


class Bench:
    def __init__(self, options):
        self.options = options
        self.work = tempfile.mkdtemp(prefix='vb365-bench-protection-')
        self.rows = []

    def measure(self, sim, label, argv, env=None, check=None):
        return measure(sim, label, argv, self.work, env=env, check=check)

    def run(self):
        counts = [int(n) for n in self.options.objects.split(',')]
        tenants, repositories = self.options.tenants, self.options.repositories
        results = []
        for objects in counts:
            expected = generate.msp_counts(tenants, objects, repositories)
            path = os.path.join(self.work, 'msp-%d.json' % objects)
            with open(path, 'w') as f:
                json.dump(generate.document(tenants, 1, tenants=tenants, objects=objects, repositories=repositories), f)
            say('== %d tenants, %d objects, %d repositories' % (tenants, objects, repositories))
            with process.start(os.path.join(self.work, 'sim-%d' % objects), data=path, timeout=120) as sim:
                for dummy in range(self.options.rounds):
                    results.extend(dict(row, objects=objects) for row in self.one_round(sim, expected))
        return results

    def one_round(self, sim, expected):
        collections = self.options.collections
        env = module_environment(collections, sim)

        def objects_counted(stdout):
            if json.loads(stdout.strip().splitlines()[-1])['objects'] != expected['objects']:
                sys.exit('plain requests counted %s objects, the simulator serves %d' % (stdout, expected['objects']))

        totals_file = os.path.join(self.work, 'totals.json')

        def totals_right(stdout):
            if os.path.exists(totals_file):
                with open(totals_file) as f:
                    totals = json.load(f)
                os.unlink(totals_file)
            else:
                totals = json.loads(stdout.strip().splitlines()[-1])['totals']
            if totals['total'] != expected['objects'] or totals['never_backed_up'] != expected['never_backed_up']:
                sys.exit('the module counted %s, the simulator serves %d objects, %d never backed up'
                         % (totals, expected['objects'], expected['never_backed_up']))

        rows = [self.measure(sim, 'plain requests, one process, one page at a time',
                             [sys.executable, '-c', PLAIN, sim.url, sim.ca_path], check=objects_counted)]
        for concurrency in (1, 4):
            rows.append(self.measure(
                sim, 'protected_object_info in Python, max_concurrency %d' % concurrency,
                [sys.executable, '-c', IN_PYTHON, str(sim.port), sim.ca_path, str(concurrency)], env=env,
                check=totals_right))
        for module, options, label in (
                ('protected_object_info', {}, 'protected_object_info task (ansible-playbook)'),
                ('protection_check', {}, 'protection_check task, with the tenants\' listings')):
            path = os.path.join(self.work, module + '.yml')
            with open(path, 'w') as f:
                json.dump(playbook(module, options, totals_file), f)
            ansible_playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
            rows.append(self.measure(sim, label, playbook_argv(ansible_playbook, path),
                                     env=env, check=totals_right))
        return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--tenants', type=int, default=100)
    parser.add_argument('--objects', default='50000,200000', help='comma-separated object counts')
    parser.add_argument('--repositories', type=int, default=4)
    parser.add_argument('--rounds', type=int, default=1)
    run_bench(parser, Bench)


if __name__ == '__main__':
    main()
