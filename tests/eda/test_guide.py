# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The EDA guide's rulebook and playbooks, as written, under a real ansible-rulebook against the simulator.

The files are the guide's code blocks with a caption (``rulebooks/vb365.yml``, ``playbooks/...``), written into
a project directory as the guide tells; the only change is the source's ``interval`` (1 s, not a minute).

With the hostile-text data (server strings that are Jinja2 templates, each naming a marker file an evaluation
would create), nothing may run and nothing may fail, on the newest and the oldest ansible-core: the rulebook gets
extra ``debug`` and ``run_module`` rules that print the event's texts.
"""

import http.server
import json
import os
import re
import threading

import pytest
import yaml

from rulebooks import PASSWORD, REPO, USERNAME, RulebookProcess, admin, api, rulebook_environment
from vb365sim import process

GUIDE = os.path.join(REPO, 'docs', 'docsite', 'rst', 'eda.rst')
EXCHANGE_DAILY = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
HOSTILE_JOB = 'e575af0d-251a-528c-8d0a-962203191714'          # "Exchange {{ lookup('pipe', 'touch ...') }} Daily"
HOSTILE_ORDINARY_JOB = 'b485f494-4fef-5cc2-8509-e1168a5ed461'  # "Exchange Online - Daily", hostile log text
CORES = {'newest': None, 'oldest': os.path.join(REPO, '.venv', 'oldest', 'bin')}


def guide_files():
    """{path: text} of every code block of the guide that has a caption."""
    with open(GUIDE) as handle:
        text = handle.read()
    files = {}
    for match in re.finditer(r'^\.\. code-block:: yaml\n   :caption: (\S+)\n\n((?:   .*\n|\n)+)', text, re.MULTILINE):
        files[match.group(1)] = '\n'.join(line[3:] for line in match.group(2).rstrip().splitlines()) + '\n'
    return files


def write_project(project, extra_rules=()):
    """The guide's files in ``project``; the rulebook polls every second (not every minute), with ``extra_rules``."""
    files = guide_files()
    assert sorted(files) == ['playbooks/open_backup_ticket.yml', 'playbooks/patch_exchange.yml', 'rulebooks/vb365.yml']
    for path, text in files.items():
        (project / os.path.dirname(path)).mkdir(parents=True, exist_ok=True)
        if path.startswith('rulebooks/'):
            rulebook = yaml.safe_load(text)
            rulebook[0]['sources'][0]['vb365.backup.job_sessions']['interval'] = 1
            rulebook[0]['rules'].extend(extra_rules)
            text = yaml.safe_dump(rulebook, sort_keys=False)
        (project / path).write_text(text)
    # ansible-rulebook runs a playbook named in run_playbook relative to its working directory.
    return 'rulebooks/vb365.yml'


class TicketApi:
    """A ticketing system on loopback (plain HTTP) that keeps the JSON bodies posted to it."""

    def __init__(self):
        tickets = self.tickets = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (the http.server interface)
                tickets.append(json.loads(self.rfile.read(int(self.headers['Content-Length']))))
                self.send_response(201)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = 'http://127.0.0.1:%d/api/issues' % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tickets():
    ticket_api = TicketApi()
    yield ticket_api
    ticket_api.close()


def connection(sim, ticket_api):
    return dict(VB365_SERVER=sim.host, VB365_PORT=str(sim.port), VB365_USERNAME=USERNAME, VB365_PASSWORD=PASSWORD,
                VB365_CA_PATH=sim.ca_path, TICKET_API=ticket_api.url)


def start_run(sim, job_id, outcome):
    admin(sim, 'POST', 'config', {'job_outcomes': {job_id: outcome}, 'job_durations': {'queued': 1, 'running': 2}})
    return api(sim, 'POST', 'Jobs/%s/start' % job_id, json={'full': False})['id']


def test_the_guides_rulebook_and_playbooks_run_as_written(tmp_path, collections, simulator, rulebooks, tickets):
    rulebook = RulebookProcess(tmp_path, write_project(tmp_path),
                               rulebook_environment(collections, connection(simulator, tickets)))
    rulebooks.append(rulebook)
    rulebook.wait_for('the source to start', lambda: any('watching job sessions' in line for line in rulebook.lines))

    failed = start_run(simulator, EXCHANGE_DAILY, 'Failed')
    rulebook.wait_for('the ticket of %s' % failed, lambda: tickets.tickets)
    assert tickets.tickets[0]['title'] == 'Backup Exchange Online - Daily failed'
    assert 'Session %s ended Failed' % failed in tickets.tickets[0]['description']

    good = start_run(simulator, EXCHANGE_DAILY, 'Success')
    rulebook.wait_for('the patch play', lambda: any('Patching after backup session %s' % good in line
                                                    for line in rulebook.lines))
    output = '\n'.join(rulebook.lines)
    assert 'Backup gate open: 1 session(s) passed' in output
    assert PASSWORD not in output and 'Traceback' not in output and len(tickets.tickets) == 1


# Rules that print the event's texts through ansible-rulebook's own actions, as a rulebook might.
PRINTING_RULES = [
    {'name': 'Print the texts', 'condition': 'event.job_session.id is defined',
     'action': {'debug': {'msg': 'TEXTS|{{ event.job_session.job_name }}|{{ event.job_session.details }}'}}},
    {'name': 'Hand the texts to a module', 'condition': 'event.job_session.id is defined',
     'action': {'run_module': {'name': 'ansible.builtin.debug',
                               'module_args': {'msg': 'MODULE|{{ event.job_session.job_name }}|'
                                                      '{{ event.job_session.details }}'}}}},
]


@pytest.mark.parametrize('core', sorted(CORES))
def test_hostile_text_from_the_server_never_runs(tmp_path, collections, rulebooks, tickets, core):
    markers = tmp_path / 'markers'
    hostile_data = os.path.join(REPO, 'tests', 'simulator', 'data', 'hostile-text.json')
    with process.start(str(tmp_path / 'sim'), data=hostile_data, marker_dir=str(markers)) as sim:
        project = tmp_path / 'project'
        project.mkdir()
        rulebook = RulebookProcess(project, write_project(project, PRINTING_RULES),
                                   rulebook_environment(collections, connection(sim, tickets), CORES[core]))
        rulebooks.append(rulebook)
        rulebook.wait_for('the source to start', lambda: any('watching job sessions' in line for line in rulebook.lines))
        failed = start_run(sim, HOSTILE_JOB, 'Failed')
        rulebook.wait_for('the ticket of %s' % failed, lambda: tickets.tickets)
        good = start_run(sim, HOSTILE_ORDINARY_JOB, 'Success')
        rulebook.wait_for('the patch play', lambda: any('Patching after backup session %s' % good in line
                                                        for line in rulebook.lines))
        rulebook.wait_for('the module rule', lambda: sum('MODULE|' in line for line in rulebook.lines) >= 2)
        rulebook.stop()
    output = '\n'.join(rulebook.lines)
    ran = sorted(os.listdir(str(markers))) if markers.exists() else []
    assert ran == [], 'expressions from the server ran: %s' % ran
    # The ticket holds the texts exactly as the server wrote them: the play read them with job_session_info.
    ticket = tickets.tickets[0]
    assert ticket['title'].startswith("Backup Exchange {{ lookup('pipe', 'touch ") and ticket['title'].endswith(' failed')
    # The event's texts are inert: full-width braces, printed by debug and by run_module as they are.
    assert "TEXTS|Exchange ｛｛ lookup('pipe', 'touch " in output
    assert "MODULE|Exchange ｛｛ lookup('pipe', 'touch " in output
    assert 'Traceback' not in output and 'FAILED!' not in output and PASSWORD not in output
