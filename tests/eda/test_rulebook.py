# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vb365.backup.job_sessions under a real ansible-rulebook, against the simulator over HTTPS on loopback.

Run by `make eda`: RULEBOOK_VENV names the virtual environment with ansible-rulebook,
VB365_COLLECTION_TREE the collection copy to build and install (as users install it).
Every process a test starts (simulator, ansible-rulebook) is stopped by the test.
"""

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'tests', 'simulator'))
from vb365sim import process  # noqa: E402 pylint: disable=wrong-import-position

RULEBOOK_VENV = os.environ.get('RULEBOOK_VENV', os.path.join(REPO, '.venv', 'rulebook'))
TREE = os.environ.get('VB365_COLLECTION_TREE', os.path.join(REPO, '.build', 'ansible-test', 'ansible_collections',
                                                            'vb365', 'backup'))
USERNAME = 'CORP\\vbo-admin'
PASSWORD = 'Veeam-Sim-Passw0rd!'
EXCHANGE_DAILY = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
WAIT = 90


@pytest.fixture(scope='module')
def collections(tmp_path_factory):
    """The collection built from the tree and installed into a collections path, as users install it."""
    galaxy = os.path.join(RULEBOOK_VENV, 'bin', 'ansible-galaxy')
    dist = tmp_path_factory.mktemp('dist')
    path = tmp_path_factory.mktemp('collections')
    subprocess.run([galaxy, 'collection', 'build', '--output-path', str(dist), TREE], check=True, capture_output=True)
    tarball = next(dist.glob('vb365-backup-*.tar.gz'))
    subprocess.run([galaxy, 'collection', 'install', '--offline', '-p', str(path), str(tarball)], check=True,
                   capture_output=True)
    assert (path / 'ansible_collections/vb365/backup/extensions/eda/plugins/event_source/job_sessions.py').is_file()
    return path


@pytest.fixture
def simulator(tmp_path):
    with process.start(str(tmp_path / 'sim')) as sim:
        # Every timeline of the seed ends: all its sessions are history when the rulebook starts.
        admin(sim, 'POST', 'clock', {'advance': 3600})
        yield sim


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


class Rulebook:
    """ansible-rulebook in the background; its output is collected line by line."""

    def __init__(self, tmp_path, collections, source_args, env=None, rulebook_vars=None):
        with open(os.path.join(HERE, 'files', 'rulebook.yml')) as f:
            rulebook = yaml.safe_load(f)
        rulebook[0]['sources'][0]['vb365.backup.job_sessions'].update(source_args)
        (tmp_path / 'rulebook.yml').write_text(yaml.safe_dump(rulebook))
        (tmp_path / 'open_ticket.yml').write_text(open(os.path.join(HERE, 'files', 'open_ticket.yml')).read())
        (tmp_path / 'inventory.yml').write_text('all:\n  hosts:\n    localhost:\n      ansible_connection: local\n')
        (tmp_path / 'vars.yml').write_text(yaml.safe_dump(rulebook_vars or {}))
        self.ticket = tmp_path / 'ticket.json'
        environment = dict((k, v) for k, v in os.environ.items()
                           if not k.startswith(('VB365_', 'ANSIBLE_', 'PYTHON')))
        environment.update(env or {})
        environment.update(PATH=os.path.join(RULEBOOK_VENV, 'bin') + os.pathsep + os.environ['PATH'],
                           ANSIBLE_COLLECTIONS_PATH=str(collections), VB365_EDA_TICKET=str(self.ticket),
                           ANSIBLE_PYTHON_INTERPRETER=os.path.join(RULEBOOK_VENV, 'bin', 'python'),
                           ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'), HOME=os.environ.get('HOME', str(tmp_path)))
        self.lines = []
        self.proc = subprocess.Popen(
            [os.path.join(RULEBOOK_VENV, 'bin', 'ansible-rulebook'), '--rulebook', 'rulebook.yml', '--inventory',
             'inventory.yml', '--vars', 'vars.yml', '-v'],
            cwd=str(tmp_path), env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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


@pytest.fixture
def rulebooks():
    started = []
    yield started
    for rulebook in started:
        rulebook.stop()


def test_a_started_job_gives_exactly_one_event_and_history_is_not_replayed(
        tmp_path, collections, simulator, rulebooks):
    env = dict(VB365_SERVER=simulator.host, VB365_PORT=str(simulator.port), VB365_USERNAME=USERNAME,
               VB365_PASSWORD=PASSWORD, VB365_CA_PATH=simulator.ca_path)
    rulebook = Rulebook(tmp_path, collections, {}, env=env)
    rulebooks.append(rulebook)
    rulebook.wait_for('three polls', lambda: session_listings(simulator) >= 3)
    assert rulebook.events() == []  # the seed's 80-odd finished sessions are history
    # After the first poll, a poll when nothing happened is one request: the listing.
    log = [(r['method'], r['path'].lower()) for r in admin(simulator, 'GET', 'requests')['requests']]
    first = log.index(('GET', '/v8/jobsessions'))
    assert set(log[first:]) == {('GET', '/v8/jobsessions')}

    admin(simulator, 'POST', 'config', {'job_outcomes': {EXCHANGE_DAILY: 'Failed'}})
    started = api(simulator, 'POST', 'Jobs/%s/start' % EXCHANGE_DAILY, json={'full': False})
    rulebook.wait_for('the event of session %s' % started['id'], rulebook.events)
    polls = session_listings(simulator)
    rulebook.wait_for('three more polls', lambda: session_listings(simulator) >= polls + 3)
    assert rulebook.events() == [{'_': 'EVENT', 'id': started['id'], 'job_name': 'Exchange Online - Daily',
                                  'status': 'Failed', 'server': simulator.host, 'api_version': 'v8'}]

    rulebook.wait_for('the ticket play', rulebook.ticket.exists)
    ticket = json.loads(rulebook.ticket.read_text())
    assert ticket['id'] == started['id'] and ticket['status'] == 'Failed' and ticket['end_time']
    output = '\n'.join(rulebook.lines)
    assert PASSWORD not in output and 'Traceback' not in output
    assert rulebook.stop() is not None


def test_since_replays_the_history_once(tmp_path, collections, simulator, rulebooks):
    listing = api(simulator, 'GET', 'JobSessions', params={'limit': 10000})['results']
    week_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=7)

    def ended_this_week(session):
        return session['endTime'] and session['status'] not in ('Running', 'Queued') and \
            datetime.datetime.fromisoformat(session['endTime'][:26] + '+00:00') >= week_ago
    expected = sorted(s['id'] for s in listing if ended_this_week(s))
    assert 5 < len(expected) < len(listing)  # the week holds some of the history, not all of it

    rulebook_vars = dict(vb365_server=simulator.host, vb365_port=simulator.port, vb365_username=USERNAME,
                         vb365_password=PASSWORD, vb365_ca_path=simulator.ca_path)
    source_args = dict(server='{{ vb365_server }}', port='{{ vb365_port }}', username='{{ vb365_username }}',
                       password='{{ vb365_password }}', ca_path='{{ vb365_ca_path }}', since='7d')
    rulebook = Rulebook(tmp_path, collections, source_args, rulebook_vars=rulebook_vars)
    rulebooks.append(rulebook)
    rulebook.wait_for('%d events' % len(expected), lambda: len(rulebook.events()) >= len(expected))
    polls = session_listings(simulator)
    rulebook.wait_for('three more polls', lambda: session_listings(simulator) >= polls + 3)
    got = [event['id'] for event in rulebook.events()]
    assert sorted(got) == expected  # each once
    names = dict((job['id'], job['name']) for job in api(simulator, 'GET', 'Jobs')['results'])
    names.update((job['id'], job['name']) for job in api(simulator, 'GET', 'CopyJobs')['results'])
    by_id = dict((s['id'], s) for s in listing)
    assert all(event['job_name'] == names[by_id[event['id']]['jobId']] for event in rulebook.events())


def test_bad_credentials_stop_the_rulebook_at_once_with_the_modules_message(
        tmp_path, collections, simulator, rulebooks):
    env = dict(VB365_SERVER=simulator.host, VB365_PORT=str(simulator.port), VB365_USERNAME=USERNAME,
               VB365_PASSWORD='Wrong-Passw0rd!', VB365_CA_PATH=simulator.ca_path)
    rulebook = Rulebook(tmp_path, collections, {}, env=env)
    rulebooks.append(rulebook)
    rulebook.wait_for('the source to fail', lambda: any('Failed to authenticate' in line for line in rulebook.lines))
    assert rulebook.proc.wait(60) != 0
    output = '\n'.join(rulebook.lines)
    assert "Failed to authenticate as 'CORP\\vbo-admin' on %s (POST /v8/token): HTTP 400: The user name or password " \
           "is incorrect. Check username and password." % simulator.url in output
    assert 'Wrong-Passw0rd!' not in output and 'Traceback' not in output
    assert session_listings(simulator) == 0
