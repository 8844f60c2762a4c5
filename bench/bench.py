#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The vb365.backup benchmark (`make bench`, and `make bench-smoke` in `make test`).

It builds and installs the collection as users get it (ansible-galaxy collection build +
install into a scratch collections path), starts the VB365 simulator on loopback, and
measures, side by side in one run:

1. one session by id, whole process: ansible-playbook running job_session_info once,
   against the same play written with two ansible.builtin.uri tasks, and against the
   floor, the same play running ansible.builtin.ping;
2. ad hoc: `ansible localhost -m vb365.backup.job_session_info` against `-m ping`;
3. 20 consecutive reads in one play: the module with one token reused (vb365.backup.token)
   and without (a login per read), the uri equivalents, and 20 pings as the floor;
4. requests per operation, counted by the simulator;
5. scale: listing 1,000 / 10,000 / 50,000 sessions: wall time and peak memory of the
   module process (all of them, only `limit: 10`, and a scan that reads all and returns none);
6. many jobs (bench/many_jobs.py): the newest session of 1 / 10 / 100 / 300 jobs in one task at
   0 / 30 / 100 ms per request, and the concurrency bound from the simulator's request log.

Timed commands run in rounds; in each round every command of a group runs once, the
starting command rotating from round to round. Ratios are taken within a round (so both
sides saw the same machine load) and reported as median and min-max over the rounds.

    bench/bench.py [--smoke] [--rounds N] [--output FILE] [--plot FILE]

It writes a Markdown report (default docs/performance-results.md) and a PNG plot of the
scaling runs (default docs/performance-scaling.png). Every simulator it starts, it stops.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, 'tests', 'simulator'))

from vb365sim import process as simulator  # noqa: E402  (needs the path above)

import many_jobs  # noqa: E402  (bench/, the directory of this script, is on sys.path)

SEED_DATA = os.path.join(REPO, 'tests', 'simulator', 'data', 'seed.json')
USERNAME = 'CORP\\vbo-admin'
PASSWORD = 'Veeam-Sim-Passw0rd!'
SESSION_ID = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'
JOB_NAME = 'Exchange Online - Daily'
JOB_ID = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
MAX_PAGE_SIZE = 10000
MANY = 20

# ---- the plays ----------------------------------------------------------------------------------------------------
# Connection settings come from -e @vars.json (vb365_server, vb365_port, vb365_ca_path, vb365_username,
# vb365_password, session_id), the same for every play.

PLAY_HEAD = '''- name: "{name}"
  hosts: localhost
  gather_facts: false
'''

MODULE_DEFAULTS = '''  module_defaults:
    group/vb365.backup.vb365:
      server: "{{ vb365_server }}"
      port: "{{ vb365_port }}"
      ca_path: "{{ vb365_ca_path }}"
      username: "{{ vb365_username }}"
      password: "{{ vb365_password }}"
'''

# The pattern docs/performance.md recommends: log in once, then a block whose module_defaults give every read
# the token and the API version it was issued for.
TOKEN_TASK = '''    - name: Log in once
      vb365.backup.token:
        server: "{{ vb365_server }}"
        port: "{{ vb365_port }}"
        ca_path: "{{ vb365_ca_path }}"
        username: "{{ vb365_username }}"
        password: "{{ vb365_password }}"
      register: vb365_login
      no_log: true

    - name: Read with the token
      module_defaults:
        group/vb365.backup.vb365:
          server: "{{ vb365_server }}"
          port: "{{ vb365_port }}"
          ca_path: "{{ vb365_ca_path }}"
          access_token: "{{ vb365_login.access_token }}"
          api_version: "{{ vb365_login.api_version }}"
      block:
'''

MODULE_READ = '''    - name: Read the session {n}
      vb365.backup.job_session_info:
        id: "{{{{ session_id }}}}"
'''

# The same read with the connection options in the task instead of module_defaults: resolving the action
# group of module_defaults is ansible-core's work on the controller, measured apart (docs/performance.md).
MODULE_READ_INLINE = MODULE_READ.format(n=1) + ''.join(
    '        %s: "{{ vb365_%s }}"\n' % (option, option) for option in ('server', 'port', 'ca_path', 'username', 'password'))

URI_TOKEN = '''    - name: Get a token {n}
      ansible.builtin.uri:
        url: "https://{{{{ vb365_server }}}}:{{{{ vb365_port }}}}/v8/token"
        method: POST
        body_format: form-urlencoded
        body:
          grant_type: password
          username: "{{{{ vb365_username }}}}"
          password: "{{{{ vb365_password }}}}"
          disable_antiforgery_token: "true"
        ca_path: "{{{{ vb365_ca_path }}}}"
      register: token
      no_log: true
'''

URI_READ = '''    - name: Read the session {n}
      ansible.builtin.uri:
        url: "https://{{{{ vb365_server }}}}:{{{{ vb365_port }}}}/v8/JobSessions/{{{{ session_id }}}}"
        headers:
          Authorization: "Bearer {{{{ token.json.access_token }}}}"
        ca_path: "{{{{ vb365_ca_path }}}}"
'''

PING = '''    - name: Ping {n}
      ansible.builtin.ping:
'''

REQUESTS_PING = '''    - name: Ping from a module that imports requests
      requests_ping:
'''

# A playbook-adjacent module (playbooks/library/): ping plus `import requests`, to show what importing
# requests alone costs a task.
REQUESTS_PING_MODULE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule
import requests  # noqa: F401  (the point of this module)


def main():
    AnsibleModule(argument_spec={}, supports_check_mode=True).exit_json(changed=False, ping='pong')


if __name__ == '__main__':
    main()
'''


def indent(text, spaces=4):
    return ''.join((' ' * spaces + line) if line.strip() else line for line in text.splitlines(True))


def play(name, tasks, head=''):
    return PLAY_HEAD.format(name=name) + head + '  tasks:\n' + ''.join(tasks)


def playbooks(many):
    """name -> playbook text."""
    n = range(1, many + 1)
    return {
        'one_module': play('One read by id with job_session_info', [MODULE_READ.format(n=1)], MODULE_DEFAULTS),
        'one_module_inline': play('One read by id, connection options in the task', [MODULE_READ_INLINE]),
        'one_uri': play('One read by id with two uri tasks', [URI_TOKEN.format(n=1), URI_READ.format(n=1)]),
        'one_ping': play('The floor, ping', [PING.format(n=1)]),
        'one_requests_ping': play('Ping from a module that imports requests', [REQUESTS_PING]),
        'many_module_token': play('%d reads, one token (vb365.backup.token)' % many,
                                  [TOKEN_TASK] + [indent(MODULE_READ.format(n=i)) for i in n]),
        'many_module_login': play('%d reads, each logs in' % many, [MODULE_READ.format(n=i) for i in n], MODULE_DEFAULTS),
        'many_uri_token': play('%d reads with uri, one token' % many,
                               [URI_TOKEN.format(n=0)] + [URI_READ.format(n=i) for i in n]),
        'many_uri_login': play('%d reads with uri, each logs in' % many,
                               [URI_TOKEN.format(n=i) + URI_READ.format(n=i) for i in n]),
    }


def scale_playbook(args):
    task = '    - name: List\n      vb365.backup.job_session_info:\n'
    task += ''.join('        %s: %s\n' % (key, json.dumps(value)) for key, value in args.items())
    task += '      register: listed\n    - name: Count\n      ansible.builtin.copy:\n'
    task += '        content: "{{ listed.job_sessions | length }}"\n        dest: "{{ count_file }}"\n'
    return play('Scale', [task], MODULE_DEFAULTS)


# ---- measuring --------------------------------------------------------------------------------------------------


class Bench:
    def __init__(self, options):
        self.options = options
        self.venv_bin = os.path.dirname(os.path.abspath(options.python))
        self.work = tempfile.mkdtemp(prefix='vb365-bench-')
        self.log = open(os.path.join(self.work, 'bench.log'), 'w')
        self.sim = None
        self.results = {}

    # -- helpers

    def say(self, text):
        print(text, flush=True)
        self.log.write(text + '\n')

    def env(self, **extra):
        env = dict(os.environ)
        for name in list(env):
            if name.startswith(('ANSIBLE_', 'VB365_')):
                del env[name]
        env.update(
            PATH=self.venv_bin + os.pathsep + env.get('PATH', ''),
            ANSIBLE_COLLECTIONS_PATH=os.path.join(self.work, 'collections'),
            ANSIBLE_LOCAL_TEMP=os.path.join(self.work, 'tmp', 'local'),
            ANSIBLE_REMOTE_TMP=os.path.join(self.work, 'tmp', 'remote'),
            ANSIBLE_LOCALHOST_WARNING='false',
            ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
            ANSIBLE_RETRY_FILES_ENABLED='false',
            ANSIBLE_NOCOLOR='true',
            ANSIBLE_CONFIG=os.path.join(self.work, 'ansible.cfg'),
        )
        env.update(extra)
        return env

    def run(self, argv, env=None, check=True, output=True):
        """Run a command; return (wall seconds, CPU seconds of it and its children, output or '')."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env or self.env(), cwd=self.work, stdout=subprocess.PIPE if output else subprocess.DEVNULL,
                              stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        text = proc.stdout or ''
        if check and (proc.returncode != 0 or re.search(r'failed=[1-9]|unreachable=[1-9]', text)):
            raise SystemExit('bench: command failed (rc %d): %s\n%s\n(playbooks and logs kept in %s)'
                             % (proc.returncode, shlex.join(argv), text[-4000:], self.work))
        return wall, cpu, text

    def tool(self, name):
        return os.path.join(self.venv_bin, name)

    def module_process_python(self):
        """The measured Python under its other name in the venv (python3 or python): a task given it as its interpreter
        runs the module as a module process instead of in the worker (plugins/plugin_utils/_in_process.py)."""
        with open(self.tool('ansible-playbook')) as f:
            controller_python = f.readline()[2:].strip()
        return [path for path in (os.path.join(self.venv_bin, name) for name in ('python3', 'python'))
                if path != controller_python and os.path.exists(path)][0]

    def admin(self, method, path, body=None):
        context = ssl.create_default_context(cafile=self.sim.ca_path)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.sim.url + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, context=context, timeout=60) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def api(self, method, path, form=None, token=None, body=None):
        context = ssl.create_default_context(cafile=self.sim.ca_path)
        headers = {'Accept': 'application/json'}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        elif body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        if token:
            headers['Authorization'] = 'Bearer ' + token
        request = urllib.request.Request(self.sim.url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, context=context, timeout=60) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def get_token(self):
        return self.api('POST', '/v8/token', form=dict(grant_type='password', username=USERNAME, password=PASSWORD,
                                                       disable_antiforgery_token='true'))['access_token']

    def requests_made(self):
        return self.admin('GET', '/_sim/requests')['requests']

    def clear_requests(self):
        self.admin('DELETE', '/_sim/requests')

    def start_simulator(self, sessions=0, data=SEED_DATA):
        state = tempfile.mkdtemp(prefix='sim-', dir=self.work)
        # The certificates are made once and reused, so that every simulator has the same CA.
        shared = os.path.join(self.work, 'certs')
        if os.path.isdir(shared):
            for name in os.listdir(shared):
                shutil.copy(os.path.join(shared, name), state)
        self.sim = simulator.start(state, data=data, host='127.0.0.1', sessions=sessions or None, timeout=300)
        if not os.path.isdir(shared):
            os.makedirs(shared)
            for name in ('ca.pem', 'server.pem', 'server-key.pem'):
                shutil.copy(os.path.join(state, name), shared)
        with open(os.path.join(self.work, 'vars.json'), 'w') as f:
            json.dump(dict(vb365_server='127.0.0.1', vb365_port=self.sim.port, vb365_ca_path=self.sim.ca_path,
                           vb365_username=USERNAME, vb365_password=PASSWORD, session_id=SESSION_ID,
                           count_file=os.path.join(self.work, 'count.txt')), f)

    def stop_simulator(self):
        if self.sim is not None:
            self.sim.stop()
            self.sim = None

    def playbook(self, name, extra=()):
        return [self.tool('ansible-playbook'), os.path.join(self.work, 'playbooks', name + '.yml'),
                '-e', '@' + os.path.join(self.work, 'vars.json')] + list(extra)

    def connection_env(self, **extra):
        values = dict(VB365_SERVER='127.0.0.1', VB365_PORT=str(self.sim.port), VB365_CA_PATH=self.sim.ca_path,
                      VB365_USERNAME=USERNAME, VB365_PASSWORD=PASSWORD)
        values.update(extra)
        return self.env(**values)

    # -- set-up

    def install(self):
        self.say('== Building and installing the collection (ansible-galaxy) into %s' % self.work)
        with open(os.path.join(self.work, 'ansible.cfg'), 'w') as f:
            f.write('[defaults]\n')
        dist = os.path.join(self.work, 'dist')
        self.run([self.tool('ansible-galaxy'), 'collection', 'build', '--force', '--output-path', dist, REPO])
        tarball = [os.path.join(dist, name) for name in os.listdir(dist) if name.endswith('.tar.gz')][0]
        self.run([self.tool('ansible-galaxy'), 'collection', 'install', '--force', '--collections-path',
                  os.path.join(self.work, 'collections'), tarball])
        os.makedirs(os.path.join(self.work, 'playbooks', 'library'))
        for name, text in playbooks(self.options.many).items():
            with open(os.path.join(self.work, 'playbooks', name + '.yml'), 'w') as f:
                f.write(text)
        with open(os.path.join(self.work, 'playbooks', 'library', 'requests_ping.py'), 'w') as f:
            f.write(REQUESTS_PING_MODULE)
        version = self.run([self.tool('ansible'), '--version'])[2]
        self.results['ansible_version'] = version.splitlines()[0].strip()
        self.results['tarball_bytes'] = os.path.getsize(tarball)

    # -- 1-3: timed commands

    def timed_groups(self):
        """[(group, title, rounds, [(case id, label, argv, env)])]."""
        many, options = self.options.many, self.options
        return [
            ('one', 'One session by id, whole process (ansible-playbook)', options.rounds, [
                ('one_module', 'job_session_info, 1 task (module_defaults)', self.playbook('one_module'), None),
                ('one_module_inline', 'job_session_info, 1 task (options in the task)', self.playbook('one_module_inline'),
                 None),
                ('one_uri', 'uri: token + GET, 2 tasks', self.playbook('one_uri'), None),
                ('one_ping', 'ping, 1 task (floor)', self.playbook('one_ping'), None),
                ('one_requests_ping', 'ping from a module that imports requests, 1 task', self.playbook('one_requests_ping'),
                 None),
                ('one_module_process', 'job_session_info, 1 task (module_defaults), as a module process',
                 self.playbook('one_module', ['-e', 'ansible_python_interpreter=' + self.module_process_python()]), None),
            ]),
            ('adhoc', 'Ad hoc (ansible localhost -m ...)', options.rounds, [
                ('adhoc_module', 'ansible -m vb365.backup.job_session_info',
                 [self.tool('ansible'), 'localhost', '-m', 'vb365.backup.job_session_info', '-a', 'id=%s' % SESSION_ID],
                 self.connection_env()),
                ('adhoc_ping', 'ansible -m ansible.builtin.ping (floor)',
                 [self.tool('ansible'), 'localhost', '-m', 'ansible.builtin.ping'], None),
            ]),
            ('many', '%d reads of one session in one play' % many, options.many_rounds, [
                ('many_module_token', 'job_session_info, one token (token + %d tasks)' % many,
                 self.playbook('many_module_token'), None),
                ('many_uri_token', 'uri, one token (token + %d GET tasks)' % many, self.playbook('many_uri_token'), None),
                ('many_module_login', 'job_session_info, login per read (%d tasks)' % many,
                 self.playbook('many_module_login'), None),
                ('many_uri_login', 'uri, login per read (%d token + %d GET tasks)' % (many, many),
                 self.playbook('many_uri_login'), None),
            ]),
        ]

    def timed(self):
        times = {}
        groups = [g for g in self.timed_groups() if not self.options.floor or g[0] == 'one']
        for group, title, rounds, cases in groups:
            warmup = self.options.warmup and group != 'many'
            self.say('== %s: %s%d rounds' % (title, 'warm-up, then ' if warmup else '', rounds))
            if warmup:
                for case, unused, argv, env in cases:
                    self.run(argv, env)
            for r in range(rounds):
                order = cases[r % len(cases):] + cases[:r % len(cases)]
                for case, unused, argv, env in order:
                    wall, cpu, unused = self.run(argv, env)
                    times.setdefault(case, []).append((wall, cpu))
                self.say('   round %d: %s' % (r + 1, ', '.join('%s %.2fs' % (c[0], times[c[0]][-1][0]) for c in cases)))
        self.results['times'] = times
        self.results['groups'] = [(group, title, rounds, [(case, label) for case, label, unused, unused in cases])
                                  for group, title, rounds, cases in groups]

    # -- 4: requests per operation

    def count(self, argv, env):
        self.clear_requests()
        output = self.run(argv, env)[2]
        return self.requests_made(), output

    def adhoc(self, module_args, env):
        return [self.tool('ansible'), 'localhost', '-m', 'vb365.backup.job_session_info', '-a', module_args], env

    def request_counts(self):
        self.say('== Requests per operation (counted by the simulator)')
        rows = []
        token = self.get_token()

        def measure(label, module_args, target, check, env=None, note=''):
            made, unused = self.count(*self.adhoc(module_args, env or self.connection_env()))
            paths = ['%s %s%s' % (r['method'], r['path'], '?' + '&'.join('%s=%s' % kv for kv in sorted(r['query'].items()))
                                  if r['query'] else '') for r in made]
            rows.append(dict(label=label, requests=len(made), target=target, met=check(len(made)), paths=paths, note=note))
            self.say('   %-55s %d requests: %s' % (label, len(made), '; '.join(paths)))

        # A read by id: the token, the session, and its job (for job_name).
        measure('by id, username and password (auto)', 'id=%s' % SESSION_ID, '= 3', lambda n: n == 3)
        measure('by id, access_token (auto)', 'id=%s' % SESSION_ID, '= 2', lambda n: n == 2,
                self.connection_env(VB365_ACCESS_TOKEN=token, VB365_USERNAME='', VB365_PASSWORD=''))
        measure('by id, access_token + api_version from vb365.backup.token', 'id=%s api_version=v8' % SESSION_ID, '= 2',
                lambda n: n == 2, self.connection_env(VB365_ACCESS_TOKEN=token, VB365_USERNAME='', VB365_PASSWORD=''))
        for version in ('v8', 'v7') if self.options.smoke else ('v8', 'v7', 'v6', 'v5'):
            target = '<= 3' if version in ('v7', 'v8') else '(no target)'
            # job_type=Backup: the simulator has a copy job of the same name (without it the name is ambiguous).
            measure('latest of a job by name, %s' % version, "job_name='%s' job_type=Backup latest=true api_version=%s" % (JOB_NAME, version),
                    target, (lambda n: n <= 3) if version in ('v7', 'v8') else (lambda n: None))
        measure('latest of a job by name, auto (finds v8)', "job_name='%s' job_type=Backup latest=true" % JOB_NAME, '<= 3',
                lambda n: n <= 3)

        # A wait: a job started now, queued 1 s and running 4 s, polled every second.
        self.admin('POST', '/_sim/config', {'job_durations': {'queued': 1, 'running': 4}})
        started = self.api('POST', '/v8/Jobs/%s/start' % JOB_ID, body={'full': False}, token=token)
        made = self.count(*self.adhoc('id=%s wait=true wait_interval=1 wait_timeout=120' % started['id'],
                                      self.connection_env()))[0]
        polls = sum(1 for r in made if r['method'] == 'GET') - 1
        rows.append(dict(label='wait on a session that runs for %d polls (1 s apart)' % polls, requests=len(made),
                         target='= 2 + polls', met=len(made) == 2 + polls,
                         paths=['POST /v8/token', 'GET /v8/JobSessions/<id> x %d' % (polls + 1)],
                         note='1 token + 1 read + 1 read per poll'))
        self.say('   wait: %d polls, %d requests' % (polls, len(made)))
        self.admin('POST', '/_sim/reset')
        self.results['requests'] = rows

        # What one request costs on this server, each on a new connection as a module run makes it.
        samples = {'token': [], 'get': []}
        token = self.get_token()
        for unused in range(3 if self.options.smoke else 15):
            start = time.perf_counter()
            self.get_token()
            samples['token'].append(time.perf_counter() - start)
            start = time.perf_counter()
            self.api('GET', '/v8/JobSessions/%s' % SESSION_ID, token=token)
            samples['get'].append(time.perf_counter() - start)
        self.results['latency'] = dict((k, statistics.median(v)) for k, v in samples.items())
        self.say('   one request on a new connection: POST /v8/token %.1f ms, GET by id %.1f ms'
                 % (self.results['latency']['token'] * 1000, self.results['latency']['get'] * 1000))

    # -- 5: scale

    def rss_wrapper(self):
        """An interpreter for the module that records the module process's wall time and peak memory."""
        path = os.path.join(self.work, 'rss-python')
        with open(path, 'w') as f:
            f.write('#!%s\n' % sys.executable)
            f.write('import json, os, resource, subprocess, sys, time\n'
                    'start = time.perf_counter()\n'
                    'rc = subprocess.call([%r] + sys.argv[1:])\n'
                    'wall = time.perf_counter() - start\n'
                    'usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n'
                    'with open(os.environ["VB365_BENCH_RSS_LOG"], "a") as log:\n'
                    '    log.write(json.dumps(dict(wall=wall, maxrss_kib=usage.ru_maxrss, '
                    'cpu=usage.ru_utime + usage.ru_stime)) + "\\n")\n'
                    'sys.exit(rc)\n' % os.path.abspath(self.options.python))
        os.chmod(path, 0o755)
        return path

    def scale(self):
        sizes = self.options.sizes
        self.say('== Scale: listing %s sessions' % ' / '.join('{:,}'.format(n) for n in sizes))
        wrapper = self.rss_wrapper()
        log = os.path.join(self.work, 'rss.jsonl')
        scenarios = [
            ('all', 'all N sessions returned', {}),
            ('limit', 'limit: 10 (10 returned)', {'limit': 10}),
            ('scan', 'all N read, none returned (client-side filter)', {'created_before': '2000-01-01T00:00:00Z'}),
        ]
        rows = []
        # The seed has some sessions already; each size generates the rest.
        self.start_simulator()
        try:
            seeded = self.api('GET', '/v7/JobSessions?limit=1', token=self.get_token())['totalCount']
        finally:
            self.stop_simulator()
        for size in sizes:
            self.start_simulator(sessions=max(0, size - seeded))
            try:
                total = self.api('GET', '/v7/JobSessions?limit=1', token=self.get_token())['totalCount']
                for key, label, module_args in scenarios:
                    name = 'scale_%s' % key
                    with open(os.path.join(self.work, 'playbooks', name + '.yml'), 'w') as f:
                        f.write(scale_playbook(module_args))
                    # The whole play once, keeping the module's AnsiballZ file; then that module process alone again.
                    keep = os.path.join(self.work, 'tmp', 'keep-scale')
                    shutil.rmtree(keep, ignore_errors=True)
                    if os.path.exists(log):
                        os.unlink(log)
                    self.clear_requests()
                    play_wall = self.run(self.playbook(name, ['-e', 'ansible_python_interpreter=' + wrapper]),
                                         self.env(VB365_BENCH_RSS_LOG=log, ANSIBLE_KEEP_REMOTE_FILES='1',
                                                  ANSIBLE_REMOTE_TMP=keep))[0]
                    made = len(self.requests_made())
                    with open(os.path.join(self.work, 'count.txt')) as f:
                        returned = int(f.read())
                    with open(log) as f:
                        samples = [json.loads(f.readline())]  # the first module run of the play: the listing
                    module_file = [os.path.join(d, f) for d, unused, files in os.walk(keep) for f in files
                                   if f == 'AnsiballZ_job_session_info.py'][0]
                    for unused in range(self.options.scale_rounds - 1):
                        os.unlink(log)
                        self.run([wrapper, module_file], self.env(VB365_BENCH_RSS_LOG=log), output=False)
                        with open(log) as f:
                            samples.append(json.loads(f.readline()))
                    shutil.rmtree(keep, ignore_errors=True)
                    samples = [dict(module_wall=m['wall'], maxrss_mib=m['maxrss_kib'] / 1024.0) for m in samples]
                    row = dict(size=total, scenario=key, label=label, play_wall=play_wall,
                               module_wall=statistics.median(s['module_wall'] for s in samples),
                               maxrss_mib=max(s['maxrss_mib'] for s in samples), requests=made, returned=returned)
                    # Sessions returned carry job_name: one listing of the backup jobs and one of the copy jobs.
                    job_names = 2 if returned else 0
                    if key in ('all', 'scan'):
                        row['target'] = 1 + math.ceil(total / float(MAX_PAGE_SIZE)) + job_names
                        # The client asks for the page after a full one: an exact multiple of the page size
                        # costs one empty page more (Vb365Client.iter_items explains why).
                        row['expected'] = row['target'] + (1 if total and total % MAX_PAGE_SIZE == 0 else 0)
                    elif key == 'limit':
                        row['target'] = row['expected'] = 2 + job_names
                    rows.append(row)
                    self.say('   N=%-6d %-48s module %.2fs, play %.2fs, peak %.0f MiB, %d requests, %d returned'
                             % (total, label, row['module_wall'], row['play_wall'], row['maxrss_mib'], row['requests'],
                                row['returned']))
            finally:
                self.stop_simulator()
        # The floor: the same module process doing nothing but starting (ping through the same wrapper).
        with open(os.path.join(self.work, 'playbooks', 'scale_ping.yml'), 'w') as f:
            f.write(play('ping', [PING.format(n=1)]))
        if os.path.exists(log):
            os.unlink(log)
        self.start_simulator()
        try:
            self.run(self.playbook('scale_ping', ['-e', 'ansible_python_interpreter=' + wrapper]),
                     self.env(VB365_BENCH_RSS_LOG=log))
        finally:
            self.stop_simulator()
        with open(log) as f:
            ping = json.loads(f.readline())
        self.results['scale'] = rows
        self.results['scale_floor'] = dict(maxrss_mib=ping['maxrss_kib'] / 1024.0, module_wall=ping['wall'])

    # -- profile of the module process

    def profile(self):
        """Payload sizes and import costs: where the module process's time goes."""
        self.say('== Profile of the module process')
        keep = os.path.join(self.work, 'tmp', 'keep')
        env = self.connection_env(ANSIBLE_KEEP_REMOTE_FILES='1', ANSIBLE_REMOTE_TMP=keep)
        payloads = {}
        for module, args in (('vb365.backup.job_session_info', 'id=%s' % SESSION_ID), ('ansible.builtin.ping', ''),
                             ('ansible.builtin.uri', 'url=%s/_sim/config ca_path=%s' % (self.sim.url, self.sim.ca_path))):
            shutil.rmtree(keep, ignore_errors=True)
            # As a module process (another interpreter path), so that there is a payload to keep and measure.
            self.run([self.tool('ansible'), 'localhost', '-m', module, '-e', 'ansible_python_interpreter=%s'
                      % self.module_process_python()] + (['-a', args] if args else []), env)
            found = [os.path.join(d, f) for d, unused, files in os.walk(keep) for f in files if f.startswith('AnsiballZ_')]
            payloads[module] = os.path.getsize(found[0]) if found else None
        shutil.rmtree(keep, ignore_errors=True)
        python = os.path.abspath(self.options.python)
        # The collection's plugins in a zip, as AnsiballZ ships them: imported without bytecode, compiled every run.
        payload = os.path.join(self.work, 'payload.zip')
        root = os.path.join(self.work, 'collections')
        with zipfile.ZipFile(payload, 'w', zipfile.ZIP_DEFLATED) as z:
            for package in ('ansible_collections', 'ansible_collections/vb365', 'ansible_collections/vb365/backup'):
                z.writestr(package + '/__init__.py', '')
            plugins = os.path.join(root, 'ansible_collections', 'vb365', 'backup', 'plugins')
            for folder, unused, files in os.walk(plugins):
                for name in files:
                    if name.endswith('.py'):
                        z.write(os.path.join(folder, name), os.path.relpath(os.path.join(folder, name), root))
                if '__init__.py' not in files:
                    z.writestr(os.path.relpath(os.path.join(folder, '__init__.py'), root), '')

        def import_cost(setup, statement, n=7):
            """Median seconds that ``statement`` takes in a fresh interpreter after ``setup``."""
            code = ('import sys, time; sys.path.insert(0, %r); %s; start = time.perf_counter(); %s; '
                    'print(time.perf_counter() - start)' % (payload, setup, statement))
            samples = []
            for unused in range(2 if self.options.smoke else n):
                out = subprocess.run([python, '-B', '-c', code], env=dict(os.environ), stdout=subprocess.PIPE, text=True,
                                     check=True).stdout
                samples.append(float(out.strip().splitlines()[-1]))
            return statistics.median(samples)

        utils = 'ansible_collections.vb365.backup.plugins.module_utils'
        wrapper = 'import base64, json, shutil, tempfile, zipfile'  # what the AnsiballZ wrapper has imported already
        costs = dict(
            requests=import_cost(wrapper + '; import ansible.module_utils.basic', 'import requests'),
            ours_by_id=import_cost(wrapper + '; import ansible.module_utils.basic, requests',
                                   'import %s._client, %s._connection, %s._session' % (utils, utils, utils)),
            ours_all=import_cost(wrapper + '; import ansible.module_utils.basic, requests',
                                 'import ansible_collections.vb365.backup.plugins.modules.job_session_info'),
        )
        # The same one-read plays, their module processes run by a wrapper that measures them: what the
        # controller spends and what the module processes spend (minimum over the runs, the least disturbed).
        wrapper = self.rss_wrapper()
        log = os.path.join(self.work, 'split.jsonl')
        split = {}
        # The reads in the worker process start no module process; the wrapper would make them start one, so they
        # run without it. 'one_module_process' is the same read given the wrapper: a module process.
        plays = dict(one_module=('one_module', False), one_module_inline=('one_module_inline', False),
                     one_module_process=('one_module', True), one_uri=('one_uri', True), one_ping=('one_ping', True),
                     one_requests_ping=('one_requests_ping', True))
        for unused in range(1 if self.options.smoke else 5):
            for case, (name, wrapped) in plays.items():
                if os.path.exists(log):
                    os.unlink(log)
                cpu = self.run(self.playbook(name, ['-e', 'ansible_python_interpreter=' + wrapper] if wrapped else []),
                               self.env(VB365_BENCH_RSS_LOG=log))[1]
                modules = []
                if os.path.exists(log):
                    with open(log) as f:
                        modules = [json.loads(line) for line in f]
                split.setdefault(case, []).append((cpu, sum(m['cpu'] for m in modules), len(modules)))
        self.results['split'] = dict((case, dict(total=min(v[0] for v in runs), module=min(v[1] for v in runs),
                                                 processes=runs[0][2])) for case, runs in split.items())
        self.results['profile'] = dict(payloads=payloads, imports=costs)
        self.say('   AnsiballZ payloads: %s' % ', '.join('%s %s B' % kv for kv in payloads.items()))
        self.say('   imports: %s' % ', '.join('%s %.0f ms' % (k, v * 1000) for k, v in costs.items()))

    # -- everything

    def floor(self):
        """Only the one-read plays (the floor targets of docs/performance.md), into a short report."""
        started = time.monotonic()
        try:
            self.install()
            self.start_simulator()
            self.timed()
        finally:
            self.stop_simulator()
        self.results['duration'] = time.monotonic() - started
        write_floor_report(self.results, self.options)
        self.say('== Wrote %s in %.0f s' % (self.options.output, self.results['duration']))
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def main(self):
        if self.options.floor:
            return self.floor()
        started = time.monotonic()
        try:
            self.install()
            self.start_simulator()
            try:
                self.timed()
                self.request_counts()
                self.profile()
            finally:
                self.stop_simulator()
            self.scale()
            self.results['many_jobs'] = many_jobs.ManyJobs(self, sys.modules[__name__], self.options).run()
        finally:
            self.stop_simulator()
        self.results['duration'] = time.monotonic() - started
        write_report(self.results, self.options)
        if self.options.plot:
            write_plot(self.results, self.options.plot)
        self.say('== Wrote %s%s in %.0f s' % (self.options.output, ' and ' + self.options.plot if self.options.plot else '',
                                              self.results['duration']))
        if not self.options.keep:
            self.log.close()
            shutil.rmtree(self.work, ignore_errors=True)
        if self.options.check:
            check(self.results, self.options)


def check(results, options):
    """Fail unless the report and the plot exist and the request counts meet their targets."""
    problems = []
    with open(options.output) as f:
        report = f.read()
    for heading in ('## Ratios and targets', '## Times', '## Requests per operation', '## Scale: listing N sessions',
                    '## Profile of the module process', '## Many jobs'):
        if heading not in report:
            problems.append('the report has no %r section' % heading)
    if options.plot:
        with open(options.plot, 'rb') as f:
            if f.read(8) != b'\x89PNG\r\n\x1a\n':
                problems.append('%s is not a PNG' % options.plot)
    for row in results['requests']:
        if row['met'] is False:
            problems.append('%s: %d requests, target %s' % (row['label'], row['requests'], row['target']))
    for row in results['scale']:
        if row['requests'] > row['expected']:
            problems.append('listing %d sessions (%s): %d requests, expected %d'
                            % (row['size'], row['label'], row['requests'], row['expected']))
        expected = {'all': row['size'], 'limit': min(10, row['size']), 'scan': 0}[row['scenario']]
        if row['returned'] != expected:
            problems.append('listing %d sessions (%s): %d returned, expected %d'
                            % (row['size'], row['label'], row['returned'], expected))
    checks = 6 + len(results['requests']) + 2 * len(results['scale'])
    if results.get('many_jobs'):
        found, count = many_jobs.problems(results['many_jobs'])
        problems.extend(found)
        checks += count
    for problem in problems:
        print('bench: FAILED: %s' % problem)
    print('bench: %d passed, %d failed' % (checks - len(problems), len(problems)))
    if problems:
        sys.exit(1)


# ---- the report -------------------------------------------------------------------------------------------------

# (numerator, denominator, target ratio or None, what it shows); {n} is the number of reads.
RATIOS = [
    ('one_module', 'one_uri', 0.75, 'one read by id (module_defaults) vs the same play with two uri tasks'),
    ('one_module', 'one_ping', 1.10, 'one read by id (module_defaults) vs the ping floor'),
    ('one_module_inline', 'one_uri', 0.75, 'one read by id (options in the task) vs two uri tasks'),
    ('one_module_inline', 'one_ping', 1.10, 'one read by id (options in the task) vs the ping floor'),
    ('one_module', 'one_module_inline', None, 'module_defaults vs options in the task (the action group lookup)'),
    ('one_requests_ping', 'one_ping', None, 'ping that imports requests vs ping (what importing requests costs)'),
    ('one_module_process', 'one_ping', None, 'one read by id as a module process (another interpreter) vs the ping floor'),
    ('one_module_process', 'one_uri', None, 'one read by id as a module process vs two uri tasks'),
    ('one_module', 'one_module_process', None, 'one read by id in the worker process vs as a module process'),
    ('adhoc_module', 'adhoc_ping', None, 'ad hoc read vs ad hoc ping'),
    ('many_module_token', 'many_uri_token', 1.00, '{n} reads, token reused, vs uri with one token'),
    ('many_module_login', 'many_uri_login', 0.60, '{n} reads, login per read, vs uri logging in per read'),
    ('many_module_token', 'many_module_login', None, '{n} reads: token reused vs login per read (the token module)'),
]


def _median_range(values, fmt):
    return '%s (%s–%s)' % (fmt % statistics.median(values), fmt % min(values), fmt % max(values))


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as f:
            names = [line.split(':', 1)[1].strip() for line in f if line.startswith('model name')]
        if names:
            cpu = names[0]
    except OSError:
        pass
    memory = None
    try:
        with open('/proc/meminfo') as f:
            for line in f:
                if line.startswith('MemTotal:'):
                    memory = int(line.split()[1]) / 1024.0 / 1024.0
    except OSError:
        pass
    size = '%.0f GiB' % memory if memory else '? GiB'
    return '%d CPUs (%s), %s RAM, %s' % (os.cpu_count(), cpu, size, platform.platform(terse=True))


def write_report(results, options):
    times = results['times']
    rounds = dict((group, n) for group, unused, n, unused in results['groups'])
    many = options.many
    out = []
    w = out.append
    now = datetime.datetime.now(datetime.timezone.utc)
    w('# vb365.backup benchmark results%s' % (' (smoke run)' if options.smoke else ''))
    w('')
    w('Generated by `%s` on %s UTC.' % ('make bench-smoke' if options.smoke else 'make bench', now.strftime('%Y-%m-%d %H:%M')))
    w('')
    w('- Machine: %s; load average at the end %s.' % (machine(), ' '.join('%.1f' % x for x in os.getloadavg())))
    w('- %s, Python %s; the collection built and installed with ansible-galaxy (%s bytes).'
      % (results['ansible_version'], platform.python_version(), '{:,}'.format(results['tarball_bytes'])))
    w('- Simulator on 127.0.0.1 over HTTPS (certificate verified). %d rounds for single tasks, %d for the %d-read plays%s; '
      'in each round every command of a group runs once, the first one rotating. Ratios are taken within a round and '
      'reported as median (min–max). Wall time decides the targets; CPU time (the command and all its children, '
      'not the simulator) is shown because it is less sensitive to other load on the machine.'
      % (rounds['one'], rounds['many'], many, ', after one untimed warm-up run of each single-task command'
         if options.warmup else ''))
    w('- The whole run took %.0f s.' % results['duration'])
    w('')
    w('## Ratios and targets')
    w('')
    w('| comparison | wall-time ratio, median (min–max) | CPU-time ratio, median | target | met |')
    w('|---|---|---|---|---|')
    verdicts = []
    for num, den, target, what in RATIOS:
        row, met = _ratio_row(times, num, den, target, what.format(n=many))
        verdicts.append(met)
        w(row)
    w('')
    w('## Times')
    w('')
    for group, title, unused, cases in results['groups']:
        w('**%s**' % title)
        w('')
        w('| command | wall s, median (min–max) | CPU s, median | per task, wall s |')
        w('|---|---|---|---|')
        for case, label in cases:
            walls = [t[0] for t in times[case]]
            cpus = [t[1] for t in times[case]]
            per_task = ''
            if group == 'many':
                tasks = {'many_module_token': many + 1, 'many_uri_token': many + 1, 'many_module_login': many,
                         'many_uri_login': 2 * many}[case]
                floor = statistics.median(t[0] for t in times['one_ping'])
                per_task = '%.3f' % max(0.0, (statistics.median(walls) - floor) / tasks + 0.0)
            w('| %s | %s | %.2f | %s |' % (label, _median_range(walls, '%.2f'), statistics.median(cpus), per_task))
        w('')
    w('Per task: (median of the play − median of the one-task ping play) / number of tasks, so roughly the cost '
      'one more task adds.')
    w('')
    w('## Requests per operation')
    w('')
    w('| operation | requests | target | met | requests made |')
    w('|---|---|---|---|---|')
    for row in results['requests']:
        met = '' if row['met'] is None else ('yes' if row['met'] else '**no**')
        w('| %s | %d | %s | %s | %s |' % (row['label'], row['requests'], row['target'], met,
                                          '<br>'.join('`%s`' % p for p in row['paths'])))
    for row in results['scale']:
        if row['scenario'] == 'all':
            met = 'yes' if row['requests'] <= row['target'] else '**no**'
            if row['requests'] > row['target'] and row['requests'] <= row['expected']:
                met = '**no**: N is a multiple of 10,000, and the last full page is followed by an empty one'
            w('| full listing of {:,} sessions | {} | = 1 + ceil(N / 10,000) = {} | {} | `POST /v8/token`, '
              '`GET /v8/JobSessions?limit=10000&offset=...` x {} |'.format(
                  row['size'], row['requests'], row['target'], met, row['requests'] - 1))
    w('')
    w('## Scale: listing N sessions')
    w('')
    floor = results['scale_floor']
    w('The module process (its AnsiballZ file, run by a wrapper interpreter that measures it): median wall time of %d '
      'runs (one in the play, the others of the same file alone) and the largest peak resident set size. The whole '
      'play (one run) adds what ansible-playbook spends receiving and storing the result. The same wrapper around '
      'ping: %.2f s, %.0f MiB.' % (options.scale_rounds, floor['module_wall'], floor['maxrss_mib']))
    w('')
    w('| N | what | module wall s | whole play wall s | peak memory MiB | requests | returned |')
    w('|---|---|---|---|---|---|---|')
    for row in results['scale']:
        w('| {:,} | {} | {:.2f} | {:.2f} | {:.0f} | {} | {:,} |'.format(
            row['size'], row['label'], row['module_wall'], row['play_wall'], row['maxrss_mib'], row['requests'],
            row['returned']))
    w('')
    if options.plot:
        w('![Listing N sessions: module wall time and peak memory](%s)' % os.path.basename(options.plot))
        w('')
    profile = results.get('profile')
    if profile:
        w('## Profile of the module process')
        w('')
        w('| what | value |')
        w('|---|---|')
        for module, size in profile['payloads'].items():
            w('| AnsiballZ payload of %s | %s bytes |' % (module, '{:,}'.format(size) if size else '?'))
        imports = profile['imports']
        w('| import of `requests` (from its installed bytecode), after `ansible.module_utils.basic` | %.0f ms |'
          % (imports['requests'] * 1000))
        w('| import of the module_utils a read by id needs, from a zip without bytecode as in AnsiballZ | %.0f ms |'
          % (imports['ours_by_id'] * 1000))
        w('| import of job_session_info and all it imports, the same way | %.0f ms |' % (imports['ours_all'] * 1000))
        latency = results.get('latency')
        if latency:
            w('| one `POST /v8/token` on a new connection (the simulator, from the benchmark) | %.1f ms |'
              % (latency['token'] * 1000))
            w('| one `GET /v8/JobSessions/{id}` on a new connection | %.1f ms |' % (latency['get'] * 1000))
        w('')
        w('Where a one-read play spends its CPU: minimum over the runs (the least disturbed), with each module process '
          'run by a measuring wrapper; "controller and wrapper" is the rest (ansible-playbook, its workers, and one '
          'extra Python start per module process for the wrapper).')
        w('')
        w('| play | CPU s | ratio to ping | module processes CPU s | controller and wrapper CPU s |')
        w('|---|---|---|---|---|')
        ping = results['split']['one_ping']['total']
        for case, label in (('one_module', 'job_session_info, 1 task (module_defaults)'),
                            ('one_module_inline', 'job_session_info, 1 task (options in the task)'), ('one_uri', 'uri, 2 tasks'),
                            ('one_module_process', 'job_session_info, 1 task, as a module process'),
                            ('one_ping', 'ping, 1 task'), ('one_requests_ping', 'ping that imports requests, 1 task')):
            part = results['split'][case]
            w('| %s | %.2f | %.2f | %.3f (%d) | %.2f |' % (label, part['total'], part['total'] / ping, part['module'],
                                                           part['processes'], part['total'] - part['module']))
        w('')
        module = results['split']['one_module']['total']
        uri = results['split']['one_uri']['total']
        floor = results['split']['one_requests_ping']['total']
        w('The same minimum CPU times as ratios: job_session_info against the two-uri play %.2f (target 0.75), '
          'against ping %.2f (target 1.10); the ping that imports requests, against the two-uri play, %.2f.'
          % (module / uri, module / ping, floor / uri))
        w('')
    if results.get('many_jobs'):
        many_jobs.report(results['many_jobs'], w)
    text = '\n'.join(out)
    os.makedirs(os.path.dirname(os.path.abspath(options.output)), exist_ok=True)
    with open(options.output, 'w') as f:
        f.write(text)
    results['verdicts'] = verdicts


def _ratio_row(times, num, den, target, what):
    """(the report's table row for the ratio num / den, its verdict: '' without a target, 'yes' or '**no**')."""
    walls = [a[0] / b[0] for a, b in zip(times[num], times[den])]
    cpus = [a[1] / b[1] for a, b in zip(times[num], times[den])]
    met = '' if target is None else ('yes' if statistics.median(walls) <= target else '**no**')
    target_text = '≤ %.2f' % target if target else ''
    return ('| %s | %s | %.2f | %s | %s |' % (what, _median_range(walls, '%.2f'), statistics.median(cpus), target_text, met),
            met)


def write_floor_report(results, options):
    """The one-read plays alone: the ratios of RATIOS between them, and their times."""
    times = results['times']
    out = ['# vb365.backup: one read by id against the floor', '',
           '- %s, Python %s; machine: %s; load average at the end %s.'
           % (results['ansible_version'], platform.python_version(), machine(),
              ' '.join('%.1f' % x for x in os.getloadavg())),
           '- %d rounds, the plays alternated and rotating, after one untimed warm-up run of each; ratios within a round, '
           'median (min–max); the run took %.0f s.' % (options.rounds, results['duration']), '',
           '| comparison | wall-time ratio, median (min–max) | CPU-time ratio, median | target | met |', '|---|---|---|---|---|']
    for num, den, target, what in RATIOS:
        if num in times and den in times:
            out.append(_ratio_row(times, num, den, target, what)[0])
    out += ['', '| play | wall s, median (min–max) | CPU s, median |', '|---|---|---|']
    for group in results['groups']:
        for case, label in group[3]:
            out.append('| %s | %s | %.2f |' % (label, _median_range([t[0] for t in times[case]], '%.2f'),
                                               statistics.median(t[1] for t in times[case])))
    os.makedirs(os.path.dirname(os.path.abspath(options.output)), exist_ok=True)
    with open(options.output, 'w') as f:
        f.write('\n'.join(out) + '\n')


def write_plot(results, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    rows = results['scale']
    fig, (left, right, jobs) = plt.subplots(1, 3, figsize=(16, 4.4))
    if results.get('many_jobs'):
        many_jobs.plot(jobs, results['many_jobs'])
    else:
        jobs.set_visible(False)
    styles = {'all': ('o-', 'all N returned'), 'limit': ('s--', 'limit: 10'),
              'scan': ('^:', 'all N read, none returned')}
    for key, (style, label) in styles.items():
        points = sorted((r['size'], r['module_wall'], r['maxrss_mib']) for r in rows if r['scenario'] == key)
        if not points:
            continue
        sizes = [p[0] for p in points]
        left.plot(sizes, [p[1] for p in points], style, label=label)
        right.plot(sizes, [p[2] for p in points], style, label=label)
    floor = results['scale_floor']
    left.axhline(floor['module_wall'], color='grey', linewidth=0.8, label='ping (floor)')
    right.axhline(floor['maxrss_mib'], color='grey', linewidth=0.8, label='ping (floor)')
    sizes = sorted(set(r['size'] for r in rows))
    for axis, title, unit in ((left, 'Module process wall time', 'seconds'), (right, 'Module process peak memory', 'MiB')):
        axis.set_xscale('log')
        axis.set_xticks(sizes)
        axis.set_xticklabels(['{:,}'.format(n) for n in sizes])
        axis.minorticks_off()
        axis.set_ylim(bottom=0)
        axis.set_xlabel('sessions on the server (N)')
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which='both', alpha=0.3)
        axis.legend(fontsize=8)
    fig.suptitle('vb365.backup.job_session_info: listing N job sessions, and the newest session of N jobs (%s)'
                 % datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d'), fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--smoke', action='store_true',
                        help='one round, 3 reads instead of 20, small N: checks that it works (make bench-smoke)')
    parser.add_argument('--rounds', type=int, help='rounds of the single-task commands (default 7, smoke 1)')
    parser.add_argument('--many', type=int, help='reads in the many-reads plays (default 20, smoke 3)')
    parser.add_argument('--many-rounds', type=int, help='rounds of the many-reads plays (default 3, smoke 1)')
    parser.add_argument('--scale-rounds', type=int, help='runs per scale point (default 2, smoke 1)')
    parser.add_argument('--sizes', help='comma-separated session counts (default 1000,10000,50000; smoke 200,1000)')
    parser.add_argument('--job-counts', help='jobs per task in the many-jobs scenario (default 1,10,100,300; smoke 1,100)')
    parser.add_argument('--latencies', help='ms per request in the many-jobs scenario (default 0,30,100; smoke 30)')
    parser.add_argument('--jobs-rounds', type=int, help='rounds of the many-jobs scenario (default 5, smoke 1)')
    parser.add_argument('--python', default=sys.executable,
                        help='python of the virtual environment whose ansible is measured (default: this one)')
    parser.add_argument('--output', default=os.path.join(REPO, 'docs', 'performance-results.md'))
    parser.add_argument('--plot', default=os.path.join(REPO, 'docs', 'performance-scaling.png'),
                        help="PNG of the scaling run ('' for none)")
    parser.add_argument('--floor', action='store_true',
                        help='only the one-read plays against ping and uri (the floor targets of docs/performance.md), --rounds rounds '
                             '(default 9), into --output (make bench-floor)')
    parser.add_argument('--keep', action='store_true', help='keep the scratch directory (playbooks, logs)')
    parser.add_argument('--check', action='store_true',
                        help='then fail unless the report and plot were written and every request-count target is met '
                             '(timings are not checked: they depend on the machine)')
    options = parser.parse_args(argv)
    if options.floor and options.rounds is None:
        options.rounds = 9
    defaults = dict(rounds=(1, 7), many=(3, MANY), many_rounds=(1, 3), scale_rounds=(1, 2), jobs_rounds=(1, 5))
    for name, (smoke, full) in defaults.items():
        if getattr(options, name) is None:
            setattr(options, name, smoke if options.smoke else full)
    options.warmup = not options.smoke
    options.job_counts = [int(n) for n in (options.job_counts or ('1,100' if options.smoke else '1,10,100,300')).split(',')]
    options.latencies = [int(n) for n in (options.latencies or ('30' if options.smoke else '0,30,100')).split(',')]
    options.sizes = [int(s) for s in (options.sizes or ('200,1000' if options.smoke else '1000,10000,50000')).split(',')]
    return options


if __name__ == '__main__':
    Bench(parse_args()).main()
