# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A session of many processed objects: requests, peak memory and time, next to plain requests.

    bench/processed_objects.py [--objects 10000,50000,200000] [--rounds 3] [--output FILE]
                               [--collections DIR]        (make bench-objects)

The seed simulator serves one finished Warning session with N objects, 3 of them Warning and 7 Failed (the
``processed_objects`` switch), and each of these runs in a process of its own, measured from outside (wall time,
CPU time and peak resident memory with its children's) against the simulator's request log:

- plain ``requests`` in one process: a token, then ``GET /v8/JobSessions/{id}/ProcessedObjects`` in pages of
  10,000 until a short page, each page decoded and its statuses counted;
- ``job_session_info`` with ``include_processed_objects`` called in Python (no Ansible);
- the same as a playbook task (ansible-playbook, the module in the worker process);
- the task without ``include_processed_objects``: what the option adds.

The module's counts are checked against the switch; a wrong count fails the benchmark. Memory should not grow
with N: the module keeps the counts and the first ``processed_objects_limit`` problems, and one page at a time.
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

from vb365sim import process  # noqa: E402  (tests/simulator is put on sys.path above)
# bench/ is the script's directory, so _measure imports as a top-level module.
from _measure import (  # noqa: E402
    PASSWORD,
    USERNAME,
    admin,
    measure,
    module_environment,
    playbook_argv,
    run_bench,
    say,
)

# A finished Warning session of the seed data (tests/simulator/data/seed.json).
SESSION_ID = 'e24eb646-2c4c-55ba-8830-dcad457a245a'
WARNING, FAILED = 3, 7
PAGE = 10000

PLAIN = textwrap.dedent('''
    import collections, json, sys, requests
    url, ca, session_id = sys.argv[1], sys.argv[2], sys.argv[3]
    session = requests.Session()
    session.trust_env = False
    token = session.post(url + '/v8/token', verify=ca, data=dict(grant_type='password', username=%r,
                                                                  password=%r)).json()['access_token']
    session.headers['Authorization'] = 'Bearer ' + token
    counts, offset = collections.Counter(), 0
    while True:
        page = session.get('%%s/v8/JobSessions/%%s/ProcessedObjects' %% (url, session_id), verify=ca,
                           params={'offset': offset, 'limit': %d}).json()['results']
        counts.update(item['status'] for item in page)
        if len(page) < %d:
            break
        offset += %d
        page = None
    print(json.dumps(dict(total=sum(counts.values()), warning=counts['Warning'], failed=counts['Failed'])))
''') % (USERNAME, PASSWORD, PAGE, PAGE, PAGE)

IN_PYTHON = textwrap.dedent('''
    import json, sys
    from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
    from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
    from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import add_processed_objects

    params = connection_defaults(server='127.0.0.1', port=int(sys.argv[1]), username=%r, password=%r,
                                 ca_path=sys.argv[2], api_version='v8')
    client = Vb365Client(params)
    try:
        session = dict(id=sys.argv[3])
        add_processed_objects(client, session)
    finally:
        client.close()
    print(json.dumps(session['processed_objects_summary']))
''') % (USERNAME, PASSWORD)


def playbook(options, result_file):
    task = {'name': 'Read the session', 'register': 'result',
            'vb365.backup.job_session_info': dict(options, id=SESSION_ID)}
    copy = {'content': '{{ result.job_session.processed_objects_summary | default(none) | to_json }}', 'dest': result_file,
            'mode': '0600'}
    return [{'name': 'Bench', 'hosts': 'localhost', 'gather_facts': False,
             'tasks': [task, {'name': 'Keep the counts', 'ansible.builtin.copy': copy}]}]


class Bench:
    def __init__(self, options):
        self.options = options
        self.work = tempfile.mkdtemp(prefix='vb365-bench-objects-')

    def run(self):
        rows = []
        with process.start(os.path.join(self.work, 'sim'), timeout=120) as sim:
            for objects in [int(n) for n in self.options.objects.split(',')]:
                say('== one session of %d objects, %d Warning and %d Failed' % (objects, WARNING, FAILED))
                admin(sim, 'POST', 'config', {'processed_objects': {
                    SESSION_ID: dict(total=objects, warning=WARNING, failed=FAILED)}})
                for dummy in range(self.options.rounds):
                    rows.extend(dict(row, objects=objects) for row in self.one_round(sim, objects))
        return rows

    def one_round(self, sim, objects):
        collections = self.options.collections
        env = module_environment(collections, sim)
        result_file = os.path.join(self.work, 'counts.json')

        def counted(stdout):
            if os.path.exists(result_file):
                with open(result_file) as f:
                    counts = json.load(f)
                os.unlink(result_file)
            else:
                counts = json.loads(stdout.strip().splitlines()[-1])
            if counts is None:
                return  # the task without include_processed_objects
            if (counts['total'], counts['warning'], counts['failed']) != (objects, WARNING, FAILED):
                sys.exit('counted %s; the simulator serves %d objects, %d Warning, %d Failed'
                         % (counts, objects, WARNING, FAILED))

        plain = [sys.executable, '-c', PLAIN, sim.url, sim.ca_path, SESSION_ID]
        reader = [sys.executable, '-c', IN_PYTHON, str(sim.port), sim.ca_path, SESSION_ID]
        rows = [measure(sim, 'plain requests, one page at a time', plain, self.work, check=counted),
                measure(sim, 'the collection\'s reader in Python', reader, self.work, env=env, check=counted)]
        ansible_playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
        for label, options in (('job_session_info task, include_processed_objects', {'include_processed_objects': True}),
                               ('job_session_info task, without the option', {})):
            path = os.path.join(self.work, 'play.yml')
            with open(path, 'w') as f:
                json.dump(playbook(options, result_file), f)
            rows.append(measure(sim, label, playbook_argv(ansible_playbook, path),
                                self.work, env=env, check=counted))
        return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--objects', default='10000,50000,200000', help='comma-separated object counts of the session')
    parser.add_argument('--rounds', type=int, default=3)
    run_bench(parser, Bench)


if __name__ == '__main__':
    main()
