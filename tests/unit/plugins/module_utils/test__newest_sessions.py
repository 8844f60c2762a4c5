# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The newest session of many jobs (_newest_sessions), against the simulator over real HTTPS with MSP-scale data.

The simulator's request log proves the request counts and the concurrency bound (``in_flight`` of each request).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import ssl
import sys
import urllib.request

import pytest

from ansible_collections.vb365.backup.plugins.module_utils import _jobs
from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_defaults
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365ApiError
from ansible_collections.vb365.backup.plugins.module_utils._newest_sessions import latest_per_job
from ansible_collections.vb365.backup.plugins.module_utils._session_query import SessionFilter

SIMULATOR = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'simulator')
sys.path.insert(0, os.path.abspath(SIMULATOR))

from vb365sim import generate, process  # noqa: E402  (needs the path above)

JOBS = 20
SESSIONS_PER_JOB = 6  # 120 sessions: more than one page of 4 per job (80), so the page is not the whole listing
USERNAME = 'CORP\\vbo-admin'
PASSWORD = 'Veeam-Sim-Passw0rd!'


@pytest.fixture(scope='module')
def simulator(tmp_path_factory):
    state = tmp_path_factory.mktemp('sim')
    data = state / 'msp.json'
    data.write_text(json.dumps(generate.document(JOBS, SESSIONS_PER_JOB)))
    sim = process.start(str(state), data=str(data), host='127.0.0.1')
    try:
        yield sim
    finally:
        sim.stop()


class Sim:
    def __init__(self, sim):
        self.sim = sim
        self.context = ssl.create_default_context(cafile=sim.ca_path)

    def admin(self, method, path, body=None):
        request = urllib.request.Request(self.sim.url + '/_sim/' + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, context=self.context, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def client(self, **overrides):
        params = connection_defaults(server='127.0.0.1', port=self.sim.port, ca_path=self.sim.ca_path, username=USERNAME,
                                     password=PASSWORD)
        params.update(overrides)
        return Vb365Client(params)


@pytest.fixture
def sim(simulator):
    helper = Sim(simulator)
    helper.admin('POST', 'reset')
    return helper


def newest(client, jobs, limit, **criteria):
    def make_filter(job):
        return SessionFilter(job_id=job['id'] if job else None, **criteria)
    return latest_per_job(client, jobs, make_filter, limit)


def all_jobs(sim, client):
    jobs = _jobs.select_jobs(client)
    sim.admin('DELETE', 'requests')
    return jobs


def test_one_page_settles_every_job_in_three_requests_in_the_order_asked(sim):
    client = sim.client()
    client.login()
    jobs = _jobs.list_jobs(client)
    asked = list(reversed(jobs))
    sim.admin('DELETE', 'requests')
    found = newest(client, asked, 8)
    assert [s['id'] for s in found] == [generate.session_id(n, 0) for n in range(JOBS, 0, -1)]
    assert [s['job_name'] for s in found] == [job['name'] for job in asked]
    assert [s['status'] for s in found] == [generate.newest_status(n) for n in range(JOBS, 0, -1)]
    log = sim.admin('GET', 'requests')['requests']
    assert [(r['method'], r['path'], r['query'].get('limit')) for r in log] == [('GET', '/v8/JobSessions', str(4 * JOBS))]


@pytest.mark.parametrize('limit', [3, 8])
def test_jobs_the_page_does_not_settle_are_read_in_parallel_within_the_limit(sim, limit):
    """status=Warning is filtered on the client (v7): only jobs 10 and 20 have a Warning on the page; 18 need a read."""
    client = sim.client(api_version='v7')
    jobs = all_jobs(sim, client)
    sim.admin('POST', 'config', {'latency_ms': 40})
    found = newest(client, jobs, limit, statuses=['Warning'])
    assert [s['id'] for s in found] == [generate.session_id(10, 0), generate.session_id(20, 0)]
    answer = sim.admin('GET', 'requests')
    assert answer['count'] == 1 + (JOBS - 2) <= JOBS + 3
    # Never more than the limit, and the reads did overlap (how many at once depends on the machine's load).
    assert 2 <= answer['max_in_flight'] <= limit


def test_few_jobs_skip_the_page_and_each_read_runs_at_once(sim):
    client = sim.client()
    jobs = all_jobs(sim, client)[:5]
    sim.admin('POST', 'config', {'latency_ms': 100})
    found = newest(client, jobs, 8)
    assert [s['id'] for s in found] == [generate.session_id(n, 0) for n in range(1, 6)]
    answer = sim.admin('GET', 'requests')
    assert answer['count'] == 5 and 2 <= answer['max_in_flight'] <= 5
    assert all(r['query'].get('jobId') for r in answer['requests'])


def test_a_job_listed_without_an_id_has_no_session_rather_than_another_jobs(sim):
    client = sim.client()
    jobs = all_jobs(sim, client)[:3]
    nameless = dict(jobs[0], id=None, name='Listed without an id')
    found = newest(client, [nameless] + jobs[1:], 8)
    assert [s['id'] for s in found] == [generate.session_id(n, 0) for n in (2, 3)]
    assert all(r['query'].get('jobId') for r in sim.admin('GET', 'requests')['requests'])


def test_a_token_expired_under_eight_reads_in_flight_is_renewed_once(sim):
    client = sim.client()
    jobs = all_jobs(sim, client)[:8]
    sim.admin('POST', 'config', {'latency_ms': 150})
    sim.admin('POST', 'faults', {'path': 'jobsessions', 'method': 'GET', 'times': 1, 'expire_tokens': True})
    found = newest(client, jobs, 8)
    assert [s['id'] for s in found] == [generate.session_id(n, 0) for n in range(1, 9)]
    log = sim.admin('GET', 'requests')['requests']
    refused = [r for r in log if r['status'] == 401]
    renewals = [r for r in log if r['path'].endswith('/token')]
    assert len(refused) >= 2  # several reads met the expired token at once ...
    assert len(renewals) == 1 and renewals[0]['grant_type'] == 'refresh_token'  # ... and it was renewed once


def test_a_failing_job_read_fails_with_the_single_read_message(sim):
    client = sim.client(api_version='v6', retries=0)
    jobs = all_jobs(sim, client)[:6]
    sim.admin('POST', 'faults', {'path': 'Jobs/%s/JobSessions' % generate.job_id(4), 'status': 500})
    with pytest.raises(Vb365ApiError) as caught:
        newest(client, jobs, 8)
    assert caught.value.msg == ('Failed to GET /v6/Jobs/%s/JobSessions on %s: HTTP 500: Simulated fault: HTTP 500.'
                                % (generate.job_id(4), client.base_url))


def test_tls_set_up_loads_only_the_ca_path_given(sim, monkeypatch):
    """With ca_path, the TLS context trusts that file alone: no system or certifi bundle is read (a cost on every run)."""
    loaded = []
    original_verify, original_default = ssl.SSLContext.load_verify_locations, ssl.SSLContext.load_default_certs

    def load_verify_locations(context, cafile=None, capath=None, cadata=None):
        loaded.append(('file', cafile, capath))
        return original_verify(context, cafile, capath, cadata)

    def load_default_certs(context, *args):
        loaded.append(('default',))
        return original_default(context, *args)

    monkeypatch.setattr(ssl.SSLContext, 'load_verify_locations', load_verify_locations)
    monkeypatch.setattr(ssl.SSLContext, 'load_default_certs', load_default_certs)
    client = sim.client()
    client.login()
    client.get_object('JobSessions/%s' % generate.session_id(1, 0))
    assert loaded == [('file', sim.sim.ca_path, None)]


def test_the_logs_of_many_sessions_are_read_within_the_limit(sim, run_module):
    """include_log over 12 jobs (the gate's task): one log read per session, at most max_concurrency at once."""
    from ansible_collections.vb365.backup.plugins.modules import job_session_info

    sim.admin('POST', 'config', {'latency_ms': 60})
    names = ['Tenant %03d - Exchange Online' % n for n in range(1, 13)]
    result = run_module(job_session_info, dict(server='127.0.0.1', port=sim.sim.port, ca_path=sim.sim.ca_path, username=USERNAME,
                                               password=PASSWORD, latest_per_job=True, job_names=names, include_log=True,
                                               log_limit=5, max_concurrency=4))
    assert [s['id'] for s in result['job_sessions']] == [generate.session_id(n, 0) for n in range(1, 13)]
    assert all(isinstance(s['log'], list) for s in result['job_sessions'])
    answer = sim.admin('GET', 'requests')
    logs = [r for r in answer['requests'] if r['path'].lower().endswith('/logitems')]
    # token, jobs, copy jobs, the page; a log read per session
    assert len(logs) == 12 and answer['count'] == 4 + 12
    assert 2 <= answer['max_in_flight'] <= 4
