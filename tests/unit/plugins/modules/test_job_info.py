# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The job_info module end to end, from its arguments to the JSON it prints, with HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.modules import job_info

BASE = 'https://vb365.example.com:4443'
EXCHANGE = 'b20cedd4-66b2-49b1-86de-a575dc67e83b'
MISSING = '00000000-1111-4222-8333-444444444444'
RAW_JOBS = [
    {'id': EXCHANGE, 'name': 'Exchange Online - Daily', 'isEnabled': True, 'backupType': 'EntireOrganization',
     'lastStatus': 'Success', 'lastRun': '2026-11-27T22:00:03Z', 'nextRun': '2026-11-28T22:00:00Z',
     'schedulePolicy': {'type': 'Daily'}, '_links': {'self': {'href': '/v8/Jobs/' + EXCHANGE}}},
    {'id': '8030645f-9463-5f1b-8e47-debcc10ad24b', 'name': 'Teams - Daily', 'isEnabled': False},
]
COPY = '39f49559-0c57-5d51-b7f2-9a9dc1174eb0'
RAW_COPY_JOBS = [{'id': COPY, 'name': 'Exchange Online - Copy to Object Storage', 'isEnabled': True,
                  'schedulePolicy': {'type': 'Immediate'}}]


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password='S3cret-Passw0rd!')
    values.update(overrides)
    return values


def serve(requests_mock, version):
    requests_mock.post('%s/%s/token' % (BASE, version), json={'access_token': 'tok-123456', 'expires_in': 3600})
    # Before v8 /Jobs is one JSON array; v8 pages it.
    listing = RAW_JOBS if version != 'v8' else {'offset': 0, 'limit': 10000, 'results': RAW_JOBS}
    jobs = requests_mock.get('%s/%s/Jobs' % (BASE, version), json=listing)
    one = requests_mock.get('%s/%s/Jobs/%s' % (BASE, version, EXCHANGE), json=RAW_JOBS[0])
    # Backup copy jobs, from v6: their own collection, shaped like /Jobs.
    copies = RAW_COPY_JOBS if version != 'v8' else {'offset': 0, 'limit': 10000, 'results': RAW_COPY_JOBS}
    requests_mock.get('%s/%s/CopyJobs' % (BASE, version), json=copies)
    for collection in ('Jobs', 'CopyJobs'):
        requests_mock.get('%s/%s/%s/%s' % (BASE, version, collection, MISSING), status_code=404,
                          json={'message': 'Job was not found.'})
    return jobs, one


@pytest.mark.parametrize('version', ['v5', 'v6', 'v7', 'v8'])
def test_lists_every_job_in_the_same_shape_on_every_version(requests_mock, run_module, version):
    serve(requests_mock, version)
    result = run_module(job_info, args(api_version=version))
    assert result['changed'] is False and result['api_version'] == version and 'job' not in result
    copies = [] if version == 'v5' else [('Exchange Online - Copy to Object Storage', 'Copy')]
    assert [(job['name'], job['job_type']) for job in result['jobs']] == \
        [('Exchange Online - Daily', 'Backup'), ('Teams - Daily', 'Backup')] + copies
    assert not any(r.path.endswith('/copyjobs') for r in requests_mock.request_history) or version != 'v5'
    exchange = result['jobs'][0]
    assert exchange['is_enabled'] is True and exchange['backup_type'] == 'EntireOrganization'
    assert exchange['next_run'] == '2026-11-28T22:00:00Z' and exchange['last_backup'] is None
    assert '_links' not in exchange and 'schedule_policy' not in exchange
    assert result['jobs'][1]['last_run'] is None


def test_reads_one_job_by_id_without_listing(requests_mock, run_module):
    jobs, one = serve(requests_mock, 'v8')
    result = run_module(job_info, args(api_version='v8', id=EXCHANGE.upper()))
    assert result['job']['id'] == EXCHANGE and 'jobs' not in result
    assert one.call_count == 1 and jobs.call_count == 0


def test_finds_one_job_by_name_ignoring_letter_case(requests_mock, run_module):
    serve(requests_mock, 'v7')
    result = run_module(job_info, args(api_version='v7', name=' teams - daily '))
    assert result['job']['name'] == 'Teams - Daily' and 'jobs' not in result


def test_an_unknown_id_fails_with_the_message_every_module_uses(requests_mock, run_module):
    serve(requests_mock, 'v8')
    result = run_module(job_info, args(api_version='v8', id=MISSING))
    assert result['failed'] is True and result['status'] == 404
    assert result['msg'] == ('No job with id %s (neither a backup job nor a backup copy job): Failed to GET /v8/Jobs/%s '
                             'on %s: HTTP 404: Job was not found.' % (MISSING, MISSING, BASE))


def test_job_type_lists_only_the_copy_jobs_and_v5_says_it_has_none(requests_mock, run_module):
    serve(requests_mock, 'v8')
    result = run_module(job_info, args(api_version='v8', job_type='Copy'))
    assert [job['id'] for job in result['jobs']] == [COPY]
    serve(requests_mock, 'v5')
    refused = run_module(job_info, args(api_version='v5', job_type='Copy'))
    assert refused['failed'] is True
    assert refused['msg'] == 'job_type Copy: API v5 has no backup copy jobs (the CopyJobs endpoint exists from API v6).'


def test_an_unknown_name_lists_the_close_names(requests_mock, run_module):
    serve(requests_mock, 'v8')
    result = run_module(job_info, args(api_version='v8', name='Exchange - Daily'))
    assert result['failed'] is True
    assert result['msg'].startswith("No job named 'Exchange - Daily'. Did you mean: 'Exchange Online - Daily', ")


@pytest.mark.parametrize('overrides, message', [
    (dict(id='nope'), "Invalid id 'nope': it must be a GUID"),
    (dict(name='  '), 'Invalid name: it is empty.'),
    (dict(id=EXCHANGE, name='Teams - Daily'), 'parameters are mutually exclusive: id|name'),
    (dict(server='https://vb365.example.com'), "Invalid server 'https://vb365.example.com'"),
])
def test_bad_arguments_fail_before_any_request(requests_mock, run_module, overrides, message):
    result = run_module(job_info, args(**overrides))
    assert result['failed'] is True and result['msg'].startswith(message), result['msg']
    assert requests_mock.call_count == 0


def test_check_mode_reads_the_same(requests_mock, run_module):
    serve(requests_mock, 'v8')
    assert run_module(job_info, dict(args(api_version='v8'), _ansible_check_mode=True))['jobs'] == \
        run_module(job_info, args(api_version='v8'))['jobs']
