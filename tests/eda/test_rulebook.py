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

from rulebooks import PASSWORD, USERNAME, Rulebook, admin, api, session_listings

EXCHANGE_DAILY = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'


def test_a_started_job_gives_exactly_one_event_and_history_is_not_replayed(
        tmp_path, collections, simulator, rulebooks):
    env = dict(VB365_SERVER=simulator.host, VB365_PORT=str(simulator.port), VB365_USERNAME=USERNAME,
               VB365_PASSWORD=PASSWORD, VB365_CA_PATH=simulator.ca_path)
    rulebook = Rulebook(tmp_path, collections, {}, env=env)
    rulebooks.append(rulebook)
    rulebook.wait_for('three polls', lambda: session_listings(simulator) >= 3)
    assert rulebook.events() == []  # the seed's 80-odd finished sessions are history
    # After the first poll, a poll when nothing happened is the listing, and one read of each session that has been
    # running since before the listing's lower bound (the seed's copy job that runs forever).
    log = [(r['method'], r['path'].lower()) for r in admin(simulator, 'GET', 'requests')['requests']]
    first = log.index(('GET', '/v8/jobsessions'))
    running = set(s['id'] for s in api(simulator, 'GET', 'JobSessions', params={'limit': 10000})['results']
                  if s['status'] in ('Running', 'Queued'))
    reads = set(path.rsplit('/', 1)[1] for method, path in log[first:] if path != '/v8/jobsessions')
    assert set(method for method, path in log[first:]) == {'GET'} and reads and reads <= running
    assert log[first:].count(('GET', '/v8/jobsessions')) >= 3

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
