# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A small VB365 REST API behind requests-mock, on a fake clock, for the event source's unit tests.

Only what the source uses: token grants (password, refresh) with expiry on the fake
clock, Jobs, CopyJobs, JobSessions/{id}, and JobSessions newest first with offset, limit and (v6+)
endTimeLowerBound compared as the simulator does (the end, or the creation of a
running session). A switch makes it refuse connections or answer with a status.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import uuid
from urllib.parse import parse_qs, urlparse

import requests

SERVER = 'vb365.example.com'
BASE = 'https://%s:4443' % SERVER
USERNAME = 'CORP\\vbo-admin'
PASSWORD = 'S3cret-Passw0rd!'
UTC = datetime.timezone.utc
BACKUP_JOB = {'id': '2b1c7a9f-1d4c-4c2c-8b7f-0e4a6b2d9c11', 'name': 'Exchange Online - Daily'}
COPY_JOB = {'id': '7f3e2d1c-0b9a-4f8e-a7d6-c5b4a3928170', 'name': 'Exchange Online - Copy'}


def iso(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%07dZ' % (moment.microsecond * 10)


class FakeClock:
    def __init__(self):
        self.moment = datetime.datetime(2026, 12, 1, 22, 0, 0, tzinfo=UTC)

    def now(self):
        return self.moment

    def advance(self, seconds):
        self.moment += datetime.timedelta(seconds=seconds)


class FakeVb365:
    def __init__(self, requests_mock, clock, version='v8', token_lifetime=3600, bound_reading='simulator'):
        self.clock = clock
        # What endTimeLowerBound compares (the reference does not know): the simulator's choice, creation or end.
        self.bound_reading = bound_reading
        self.version = version
        self.token_lifetime = token_lifetime
        self.sessions = []
        self.jobs = [dict(BACKUP_JOB)]
        self.copy_jobs = [dict(COPY_JOB)]
        self.tokens = {}            # access token -> expiry (fake clock)
        self.refresh_tokens = set()
        self.refuse_connections = False
        self.fault = None           # (status, body) answered instead of the API
        self.read_fault = None      # (status, body) answered to GET JobSessions/{id} only
        self.grants = []
        self.session_listings = []  # the query of every GET JobSessions
        self.session_reads = []     # the id of every GET JobSessions/{id}
        self.object_reads = []      # the session id of every GET JobSessions/{id}/ProcessedObjects
        self.deny_objects = False   # True: ProcessedObjects answers 403, as for an operator without the right
        requests_mock.register_uri('POST', re.compile(r'%s/v\d/token$' % re.escape(BASE)), json=self._token)
        requests_mock.register_uri('GET', re.compile(r'%s/v\d/JobSessions(\?.*)?$' % re.escape(BASE), re.I),
                                   json=self._list_sessions)
        requests_mock.register_uri('GET', re.compile(r'%s/v\d/JobSessions/[0-9a-f-]+$' % re.escape(BASE), re.I),
                                   json=self._get_session)
        requests_mock.register_uri('GET', re.compile(r'%s/v\d/JobSessions/[0-9a-f-]+/ProcessedObjects(\?.*)?$'
                                                     % re.escape(BASE), re.I), json=self._processed_objects)
        requests_mock.register_uri('GET', re.compile(r'%s/v\d/Jobs(\?.*)?$' % re.escape(BASE), re.I),
                                   json=lambda request, context: self._collection(request, context, self.jobs))
        requests_mock.register_uri('GET', re.compile(r'%s/v\d/CopyJobs(\?.*)?$' % re.escape(BASE), re.I),
                                   json=lambda request, context: self._collection(request, context, self.copy_jobs))

    # ---- the data ------------------------------------------------------------------------------
    def add_session(self, job=None, status='Running', age=0, duration=None, job_type='Backup'):
        """A session (of the backup job by default) created ``age`` seconds ago; ended ``duration`` seconds later if given."""
        job = job or BACKUP_JOB
        created = self.clock.now() - datetime.timedelta(seconds=age)
        session = {'id': str(uuid.uuid4()), 'jobId': job['id'], 'created': created, 'ended': None,
                   'status': status, 'jobType': job_type}
        if duration is not None:
            session['ended'] = created + datetime.timedelta(seconds=duration)
        self.sessions.append(session)
        self.sessions.sort(key=lambda s: s['created'], reverse=True)
        return session

    def finish(self, session, status='Success'):
        session['status'] = status
        session['ended'] = self.clock.now()

    def expire_tokens(self):
        self.tokens.clear()

    def listings(self):
        return len(self.session_listings)

    # ---- the handlers ----------------------------------------------------------------------------
    def _check(self, request, context, authorized=True):
        if self.refuse_connections:
            raise requests.exceptions.ConnectionError('[Errno 111] Connection refused')
        if self.fault:
            context.status_code = self.fault[0]
            return self.fault[1]
        if not request.path.startswith('/%s/' % self.version):
            context.status_code = 404
            return {'Message': 'No HTTP resource was found that matches the request URI.'}
        if authorized:
            token = request.headers.get('Authorization', '')[len('Bearer '):]
            if self.tokens.get(token, self.clock.now()) <= self.clock.now():
                context.status_code = 401
                return ''
        return None

    def _token(self, request, context):
        refused = self._check(request, context, authorized=False)
        if refused is not None:
            return refused
        form = dict((k, v[0]) for k, v in parse_qs(request.text).items())
        self.grants.append(form['grant_type'])
        if form['grant_type'] == 'refresh_token':
            ok = form.get('refresh_token') in self.refresh_tokens
            self.refresh_tokens.discard(form.get('refresh_token'))
        else:
            ok = form.get('username') == USERNAME and form.get('password') == PASSWORD
        if not ok:
            context.status_code = 400
            return {'error': 'invalid_grant', 'error_description': 'The user name or password is incorrect.'}
        access, refresh = 'access-%s' % uuid.uuid4().hex, 'refresh-%s' % uuid.uuid4().hex
        self.tokens[access] = self.clock.now() + datetime.timedelta(seconds=self.token_lifetime)
        self.refresh_tokens.add(refresh)
        # The client's own clock is real time: a long lifetime keeps it from renewing early, the fake clock decides.
        return {'access_token': access, 'refresh_token': refresh, 'token_type': 'bearer', 'expires_in': 86400}

    def _collection(self, request, context, items):
        refused = self._check(request, context)
        if refused is not None:
            return refused
        if self.version == 'v8':
            return {'offset': 0, 'limit': 30, 'results': items}
        return items

    def _list_sessions(self, request, context):
        refused = self._check(request, context)
        if refused is not None:
            return refused
        query = dict((k.lower(), v[0]) for k, v in parse_qs(urlparse(request.url).query).items())
        self.session_listings.append(query)
        offset, limit = int(query.get('offset', 0)), int(query.get('limit', 30))
        visible = self.sessions
        if 'endtimelowerbound' in query and self.version != 'v5':
            bound = datetime.datetime.strptime(query['endtimelowerbound'], '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=UTC)
            visible = [s for s in visible if self._moment(s) is not None and self._moment(s) >= bound]
        page = visible[offset:offset + limit]
        return {'offset': offset, 'limit': limit, 'results': [self._render(s) for s in page]}

    def _get_session(self, request, context):
        refused = self._check(request, context)
        if refused is not None:
            return refused
        session_id = request.path.rsplit('/', 1)[-1]
        self.session_reads.append(session_id)
        if self.read_fault:
            context.status_code = self.read_fault[0]
            return self.read_fault[1]
        for session in self.sessions:
            if session['id'] == session_id:
                return self._render(session)
        context.status_code = 404
        return {'message': "Job session with ID '%s' was not found." % session_id}

    def _processed_objects(self, request, context):
        """Ten users per session, one Failed and one Warning unless the session succeeded; one page (v7, v8)."""
        refused = self._check(request, context)
        if refused is not None:
            return refused
        session_id = request.path.split('/')[-2]
        self.object_reads.append(session_id)
        if self.deny_objects:
            context.status_code = 403
            return {'message': 'Access is denied.', 'errorCode': 'ResourceAccessDenied', 'stackTrace': None}
        session = next((s for s in self.sessions if s['id'] == session_id), None)
        if session is None or self.version not in ('v7', 'v8'):
            context.status_code = 404
            return {'message': 'Not found.'}
        statuses = ['Success'] * 10 if session['status'] == 'Success' else ['Failed', 'Warning'] + ['Success'] * 8
        query = dict((k.lower(), v[0]) for k, v in parse_qs(urlparse(request.url).query).items())
        offset = int(query.get('offset', 0))
        items = [{'id': str(uuid.uuid5(uuid.NAMESPACE_URL, '%s/%d' % (session_id, n))), 'type': 'User', 'status': status}
                 for n, status in enumerate(statuses)][offset:]
        return {'offset': offset, 'limit': int(query.get('limit', 30)), 'results': items}

    def _moment(self, session):
        if self.bound_reading == 'creation':
            return session['created']
        if self.bound_reading == 'end':
            return session['ended']  # a running session passes no bound
        return session['ended'] or session['created']

    def _render(self, session):
        raw = {'id': session['id'], 'creationTime': iso(session['created']),
               'endTime': iso(session['ended']) if session['ended'] else None, 'progress': 100,
               'status': session['status'], 'statistics': {'processedObjects': 10, 'bottleneck': 'Source'},
               '_links': {'job': {'href': '/%s/Jobs/%s' % (self.version, session['jobId'])}}}
        if self.version == 'v8':
            raw['jobId'] = session['jobId']
        if self.version in ('v7', 'v8'):
            raw['jobType'] = session['jobType']
        return raw
