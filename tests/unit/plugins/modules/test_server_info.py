# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The server_info module end to end, from its arguments to the JSON it prints, with HTTP mocked at the transport."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._shapes import (
    HEALTH,
    LICENSE,
    ORGANIZATION_SYNC,
    PROXY,
    REPOSITORY,
    SERVICE,
)
from ansible_collections.vb365.backup.plugins.modules import server_info

BASE = 'https://vb365.example.com:4443'
TOKEN = 'access-token-value-123'
CONTOSO = 'a21a5622-7fb2-49ec-b2b2-393da59fbed2'
FABRIKAM = '35ccbd19-add3-5f4e-9455-21d30e7ffd6f'
TOP_KEYS = ['api_version', 'changed', 'gathered_subsets', 'health', 'license', 'organizations', 'proxies',
            'proxies_offline', 'repositories', 'service', 'unsupported_subsets']


def args(**overrides):
    values = dict(server='vb365.example.com', username='CORP\\vbo-admin', password='S3cret-Passw0rd!')
    values.update(overrides)
    return values


def listing(version, items):
    """v6/v7 answer these collections with a bare array, v8 with a page."""
    return items if version != 'v8' else {'offset': 0, 'limit': 10000, 'results': items}


def serve(requests_mock, version, health_status=200, health_body=None):
    requests_mock.post('%s/%s/token' % (BASE, version), json={'access_token': TOKEN, 'expires_in': 3600})
    requests_mock.get('%s/%s/ServiceInstance' % (BASE, version), json={'installationId': 'i', 'version': '8.0.2.159'})
    license_ = {'status': 'Valid', 'type': 'Rental', 'licensedTo': 'Contoso', 'totalNumber': 100, 'usedNumber': 120,
                'newNumber': 2}
    if version == 'v6':
        license_.update(expirationDate='2099-01-01T00:00:00Z', supportExpirationDate='2099-01-01T00:00:00Z')
    else:
        license_.update(licenseExpires='2099-01-01T00:00:00Z', gracePeriodExpires='2099-01-31T00:00:00Z', package='Backup')
    requests_mock.get('%s/%s/License' % (BASE, version), json=license_)
    repository = {'id': 'r1', 'name': 'Contoso - Local', 'capacityBytes': 1000, 'freeSpaceBytes': 50, 'isOutOfSync': True}
    if version == 'v8':
        repository.update(isOutdated=False, isOutOfOrder=True, outOfOrderReason='Corrupted.', isIndexed=True)
    requests_mock.get('%s/%s/BackupRepositories' % (BASE, version), json=listing(version, [repository]))
    proxies = [{'id': 'p1', 'hostName': 'vbo365.corp.local', 'status': 'Online'},
               {'id': 'p2', 'hostName': 'vbo-proxy02.corp.local', 'status': 'Offline'}]
    requests_mock.get('%s/%s/Proxies' % (BASE, version), json=listing(version, proxies))
    organizations = [{'id': CONTOSO, 'name': 'contoso.onmicrosoft.com', 'type': 'Office365'},
                     {'id': FABRIKAM, 'name': 'fabrikam.onmicrosoft.com', 'type': 'Office365'},
                     # An id that is no GUID never becomes part of a path.
                     {'id': '../../token', 'name': 'hostile'}]
    requests_mock.get('%s/%s/Organizations' % (BASE, version), json=listing(version, organizations))
    if version == 'v7':
        requests_mock.get('%s/v7/Organizations/%s/SyncState' % (BASE, CONTOSO),
                          json={'type': 'Incremental', 'status': 'Success', 'lastSyncTime': 't1', 'error': None})
        requests_mock.get('%s/v7/Organizations/%s/SyncState' % (BASE, FABRIKAM),
                          json={'type': 'Full', 'status': 'Error', 'lastSyncTime': 't2', 'error': 'Unauthorized.'})
    if version == 'v8':
        requests_mock.get('%s/v8/Organizations/SyncState' % BASE, json=[
            {'organizationId': CONTOSO.upper(), 'lastSyncState': {'type': 'Incremental', 'result': 'Success',
                                                                  'endTime': 't1', 'error': None},
             'currentSyncState': {'type': 'Incremental', 'status': 'Running'}},
            {'organizationId': FABRIKAM, 'lastSyncState': {'type': 'Full', 'result': 'Error', 'endTime': 't2',
                                                           'error': 'Unauthorized.'}}, 'junk'])
        body = health_body if health_body is not None else {
            'status': 'Healthy', 'entries': {'configurationDb': {'status': 'Healthy', 'description': None}}}
        requests_mock.get(BASE + '/v8/Health', status_code=health_status, json=body)


def paths(requests_mock):
    return [r.method + ' ' + r.path for r in requests_mock.request_history]


@pytest.mark.parametrize('version', ['v6', 'v7', 'v8'])
def test_every_subset_the_version_serves_in_the_same_shape(requests_mock, run_module, version):
    serve(requests_mock, version)
    result = run_module(server_info, args(api_version=version))
    assert sorted(result) == TOP_KEYS and result['changed'] is False and result['api_version'] == version
    served = ['service', 'license', 'repositories', 'proxies', 'organizations']
    assert result['gathered_subsets'] == (served[:1] + ['health'] + served[1:] if version == 'v8' else served)
    assert result['unsupported_subsets'] == ([] if version == 'v8' else ['health'])
    assert list(result['service']) == [f.key for f in SERVICE]
    assert sorted(result['license']) == sorted(f.key for f in LICENSE)
    assert result['license']['exceeded'] is True and result['license']['days_left'] > 20000
    assert [sorted(r) for r in result['repositories']] == [sorted(f.key for f in REPOSITORY)]
    assert [sorted(p) for p in result['proxies']] == [sorted(f.key for f in PROXY)] * 2
    assert result['proxies_offline'] == ['vbo-proxy02.corp.local']
    assert [sorted(o) for o in result['organizations']] == [sorted(f.key for f in ORGANIZATION_SYNC)] * 3
    repository = result['repositories'][0]
    assert repository['free_percent'] == 5.0
    expected = ['out_of_sync', 'out_of_order', 'low_space'] if version == 'v8' else ['out_of_sync', 'low_space']
    assert repository['problems'] == expected
    errors = [o['sync_error'] for o in result['organizations']]
    assert errors == ([None, None, None] if version == 'v6' else [None, 'Unauthorized.', None])
    if version == 'v8':
        assert sorted(result['health']) == sorted(f.key for f in HEALTH) and result['health']['is_healthy'] is True
        assert result['organizations'][0]['current_sync_status'] == 'Running'
    else:
        assert result['health'] is None
    # One request per subset; v7 one sync state per organization with a GUID; v8 one for all.
    extra = {'v6': [], 'v7': ['GET /v7/organizations/%s/syncstate' % CONTOSO, 'GET /v7/organizations/%s/syncstate' % FABRIKAM],
             'v8': ['GET /v8/organizations/syncstate']}[version]
    reads = [p for p in paths(requests_mock) if p != 'POST /%s/token' % version]
    assert sorted(reads) == sorted(['GET /%s/%s' % (version, p) for p in
                                    ['serviceinstance', 'license', 'backuprepositories', 'proxies', 'organizations']]
                                   + (['GET /v8/health'] if version == 'v8' else []) + extra)


def test_health_is_read_without_a_token_and_the_others_with_one(requests_mock, run_module):
    serve(requests_mock, 'v8')
    run_module(server_info, args(api_version='v8'))
    for request in requests_mock.request_history:
        if request.path == '/v8/health':
            assert 'Authorization' not in request.headers
        elif request.method == 'GET':
            assert request.headers['Authorization'] == 'Bearer ' + TOKEN


def test_only_health_on_v8_sends_no_token_request_at_all(requests_mock, run_module):
    serve(requests_mock, 'v8')
    result = run_module(server_info, args(api_version='v8', gather_subset=['health']))
    assert paths(requests_mock) == ['GET /v8/health']
    assert result['gathered_subsets'] == ['health'] and result['license'] is None and result['proxies_offline'] is None


def test_proxies_before_v8_are_read_without_their_extended_view(requests_mock, run_module):
    serve(requests_mock, 'v6')
    run_module(server_info, args(api_version='v6', gather_subset=['proxies']))
    assert requests_mock.request_history[-1].qs['extendedview'] == ['false']


def test_a_503_with_a_body_is_the_unhealthy_answer_at_once(requests_mock, run_module, clock):
    serve(requests_mock, 'v8', 503, {'message': 'The service is unhealthy. nats: refused.', 'errorCode': None,
                                     'stackTrace': None})
    result = run_module(server_info, args(api_version='v8', gather_subset=['health']))
    assert result['health'] == dict(status='Unhealthy', is_healthy=False, entries=[],
                                    error='The service is unhealthy. nats: refused.')
    assert requests_mock.call_count == 1 and clock.slept == []


def test_a_503_without_a_body_is_a_failure_and_names_the_request(requests_mock, run_module):
    serve(requests_mock, 'v8')
    requests_mock.get(BASE + '/v8/Health', status_code=503, text='')
    result = run_module(server_info, args(api_version='v8', gather_subset=['health']))
    assert result['failed'] is True and result['status'] == 503
    assert result['msg'].startswith('Failed to GET /v8/Health on %s: HTTP 503' % BASE)


def test_a_transient_500_of_health_is_retried_as_any_read(requests_mock, run_module, clock):
    serve(requests_mock, 'v8')
    requests_mock.get(BASE + '/v8/Health', [{'status_code': 500, 'json': {'message': 'busy'}},
                                            {'json': {'status': 'Healthy', 'entries': {}}}])
    result = run_module(server_info, args(api_version='v8', gather_subset=['health']))
    assert result['health']['is_healthy'] is True and len(clock.slept) == 1


def test_v5_serves_no_subset_and_that_is_no_error(requests_mock, run_module):
    result = run_module(server_info, args(api_version='v5'))
    assert result['gathered_subsets'] == [] and result['unsupported_subsets'] == list(server_info.SUBSETS)
    assert all(result[key] is None for key in ('service', 'health', 'license', 'repositories', 'proxies', 'organizations'))
    assert requests_mock.call_count == 0


def test_auto_finds_the_version_first_and_names_what_it_lacks(requests_mock, run_module):
    requests_mock.post(BASE + '/v8/token', status_code=404, json={'message': 'No HTTP resource.'})
    serve(requests_mock, 'v7')
    result = run_module(server_info, args(gather_subset=['health', 'license']))
    assert result['api_version'] == 'v7' and result['gathered_subsets'] == ['license']
    assert result['unsupported_subsets'] == ['health'] and result['license']['status'] == 'Valid'


def test_a_failing_subset_fails_the_task_with_the_servers_words(requests_mock, run_module):
    serve(requests_mock, 'v8')
    requests_mock.get(BASE + '/v8/License', status_code=403, json={'message': 'Access is denied.'})
    result = run_module(server_info, args(api_version='v8'))
    assert result['failed'] is True and result['status'] == 403 and 'Access is denied.' in result['msg']
    assert 'Traceback' not in result['msg']


def test_a_body_that_is_not_what_the_api_documents_is_a_clear_error(requests_mock, run_module):
    serve(requests_mock, 'v8')
    requests_mock.get(BASE + '/v8/Organizations/SyncState', json={'not': 'a list'})
    result = run_module(server_info, args(api_version='v8', gather_subset=['organizations']))
    assert result['failed'] is True and 'expected a list of sync states, got dict' in result['msg']


@pytest.mark.parametrize('overrides, message', [
    (dict(low_space_percent=101), 'Invalid low_space_percent 101.0: give a percentage from 0 to 100.'),
    (dict(max_concurrency=0), 'Invalid max_concurrency 0: it must be between 1 and 8 (1 sends one request at a time).'),
    (dict(gather_subset=[]), 'Invalid gather_subset: the list is empty; give all, or the subsets to read.'),
])
def test_bad_options_are_refused_before_any_request(requests_mock, run_module, overrides, message):
    result = run_module(server_info, args(**overrides))
    assert result['failed'] is True and result['msg'] == message and requests_mock.call_count == 0


def test_an_unknown_subset_is_refused_by_its_choices(requests_mock, run_module):
    result = run_module(server_info, args(gather_subset=['licence']))
    assert result['failed'] is True and 'gather_subset' in result['msg'] and requests_mock.call_count == 0


def test_low_space_percent_sets_the_threshold_of_low_space(requests_mock, run_module):
    serve(requests_mock, 'v7')
    result = run_module(server_info, args(api_version='v7', gather_subset=['repositories'], low_space_percent=5))
    assert result['repositories'][0]['problems'] == ['out_of_sync']


def test_return_documents_every_key_the_module_returns():
    import yaml
    documented = yaml.safe_load(server_info.RETURN)
    assert sorted(documented) == sorted(key for key in TOP_KEYS if key != 'changed')
    for key, shape in (('service', SERVICE), ('health', HEALTH), ('license', LICENSE), ('repositories', REPOSITORY),
                       ('proxies', PROXY), ('organizations', ORGANIZATION_SYNC)):
        assert list(documented[key]['contains']) == [field.key for field in shape], key
