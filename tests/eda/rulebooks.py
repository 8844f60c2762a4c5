# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the tests of tests/eda share: the simulator's admin and API calls, and ansible-rulebook in the background."""

import os
import signal
import subprocess
import threading
import time

import pytest
import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RULEBOOK_VENV = os.environ.get('RULEBOOK_VENV', os.path.join(REPO, '.venv', 'rulebook'))
TREE = os.environ.get('VB365_COLLECTION_TREE', os.path.join(REPO, '.build', 'ansible-test', 'ansible_collections',
                                                            'vb365', 'backup'))
USERNAME = 'CORP\\vbo-admin'
PASSWORD = 'Veeam-Sim-Passw0rd!'
WAIT = 90


def admin(sim, method, what, body=None):
    answer = requests.request(method, '%s/_sim/%s' % (sim.url, what), json=body, verify=sim.ca_path, timeout=10)
    answer.raise_for_status()
    return answer.json() if answer.content else None


def api(sim, method, path, **kwargs):
    token = requests.post(sim.url + '/v8/token', data={'grant_type': 'password', 'username': USERNAME,
                                                       'password': PASSWORD}, verify=sim.ca_path, timeout=10)
    token.raise_for_status()
    answer = requests.request(method, sim.url + '/v8/' + path, verify=sim.ca_path, timeout=10,
                              headers={'Authorization': 'Bearer ' + token.json()['access_token']}, **kwargs)
    answer.raise_for_status()
    return answer.json() if answer.content else None


def session_listings(sim):
    return sum(1 for r in admin(sim, 'GET', 'requests')['requests']
               if r['method'] == 'GET' and r['path'].lower() == '/v8/jobsessions')


def rulebook_environment(collections, env=None, core_bin=None):
    """The environment ansible-rulebook runs in: nothing of this process's VB365_*, ANSIBLE_* or PYTHON* variables.

    ``core_bin``: the bin/ of the virtual environment whose ansible-playbook (ansible-core) runs the playbooks
    (ansible-rulebook's own by default).
    """
    environment = dict((k, v) for k, v in os.environ.items() if not k.startswith(('VB365_', 'ANSIBLE_', 'PYTHON')))
    environment.update(env or {})
    bins = [core_bin] if core_bin else []
    python = os.path.join(core_bin or os.path.join(RULEBOOK_VENV, 'bin'), 'python')
    environment.update(PATH=os.pathsep.join(bins + [os.path.join(RULEBOOK_VENV, 'bin'), os.environ['PATH']]),
                       ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_PYTHON_INTERPRETER=python,
                       HOME=os.environ.get('HOME', '/tmp'))
    return environment


class RulebookProcess:
    """``ansible-rulebook --rulebook RULEBOOK --inventory inventory.yml`` in ``project``, in the background; its
    output is collected line by line."""

    def __init__(self, project, rulebook, environment, extra_args=()):
        (project / 'inventory.yml').write_text('all:\n  hosts:\n    localhost:\n      ansible_connection: local\n')
        environment = dict(environment, ANSIBLE_LOCAL_TEMP=str(project / 'ansible-tmp'))
        self.lines = []
        self.proc = subprocess.Popen(
            [os.path.join(RULEBOOK_VENV, 'bin', 'ansible-rulebook'), '--rulebook', rulebook, '--inventory',
             'inventory.yml', '-v'] + list(extra_args),
            cwd=str(project), env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip('\n'))

    def events(self):
        found = []
        for line in list(self.lines):
            if 'EVENT|' in line:
                fields = line[line.index('EVENT|'):].strip().strip('\'"').split('|')
                found.append(dict(zip(('_', 'id', 'job_name', 'status', 'server', 'api_version'), fields)))
        return found

    def wait_for(self, what, predicate, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.25)
        pytest.fail('%s did not happen within %d s (ansible-rulebook %s). Output:\n%s'
                    % (what, timeout, 'exited %s' % self.proc.returncode if self.proc.poll() is not None
                       else 'still runs', '\n'.join(self.lines[-60:])))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.reader.join(10)
        return self.proc.returncode


class Rulebook(RulebookProcess):
    """tests/eda/files/rulebook.yml with the test's source arguments, and its ticket play."""

    def __init__(self, tmp_path, collections, source_args, env=None, rulebook_vars=None):
        with open(os.path.join(HERE, 'files', 'rulebook.yml')) as f:
            rulebook = yaml.safe_load(f)
        rulebook[0]['sources'][0]['vb365.backup.job_sessions'].update(source_args)
        (tmp_path / 'rulebook.yml').write_text(yaml.safe_dump(rulebook))
        (tmp_path / 'open_ticket.yml').write_text(open(os.path.join(HERE, 'files', 'open_ticket.yml')).read())
        (tmp_path / 'vars.yml').write_text(yaml.safe_dump(rulebook_vars or {}))
        self.ticket = tmp_path / 'ticket.json'
        environment = rulebook_environment(collections, dict(env or {}, VB365_EDA_TICKET=str(self.ticket)))
        super().__init__(tmp_path, 'rulebook.yml', environment, extra_args=('--vars', 'vars.yml'))
