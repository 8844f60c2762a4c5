# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""protection_check end to end: the thresholds, the verdict per organization, the message, the evidence file."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._shapes import PROTECTION_GATE_SUMMARY
from ansible_collections.vb365.backup.plugins.modules import protection_check

from protection_fake import PASSWORD, args, contoso

CONTOSO = 'contoso.onmicrosoft.com'


@pytest.fixture
def warned(monkeypatch):
    """The module's warnings, recorded: where ansible-core sends them depends on what other tests imported."""
    from ansible.module_utils.basic import AnsibleModule

    recorded = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, warning, **kwargs: recorded.append(warning))
    return recorded


def verdicts(result):
    return dict((s['organization_name'], (s['passed'], s['problems'])) for s in result['summary'])


def test_the_default_gate_closes_on_never_backed_up_and_unprotected_objects(requests_mock, run_module):
    server = contoso('v8').serve(requests_mock)
    result = run_module(protection_check, args(api_version='v8'))
    assert result['passed'] is False and result['changed'] is False and result['evidence_path'] is None
    assert verdicts(result) == {
        CONTOSO: (False, ['1 never backed up (max_never_backed_up 0)', '2 unprotected (max_unprotected 0)']),
        'fabrikam.onmicrosoft.com': (True, []),
        'adatum.onmicrosoft.com': (None, []),
    }
    assert result['problems'] == [
        "organization 'contoso.onmicrosoft.com': 1 never backed up (max_never_backed_up 0); 2 unprotected "
        "(max_unprotected 0). Of 10 objects: 6 protected, 0 stale, 1 never backed up, 2 unprotected, 1 deleted, "
        "0 excluded. First: user 'Pradeep Gupta' (pradeep.gupta@contoso.onmicrosoft.com): in no backup; team "
        "'Leadership Team' (leadership@contoso.onmicrosoft.com): in no backup; site 'Projects' "
        "(https://contoso.sharepoint.com/sites/projects): never backed up"]
    assert result['message'] == (
        'Protection gate CLOSED, the play stops here (rule: an object is protected when the newest backup of any of its '
        'workloads (mailbox, archive mailbox, OneDrive, personal site; group mailbox and site; site; team), in any '
        'repository, is less than 36h old; max_stale 0, max_never_backed_up 0, max_unprotected 0):\n- '
        + result['problems'][0])
    assert [o['display_name'] for o in result['objects']] == ['Pradeep Gupta', 'Leadership Team', 'Projects']
    # The default max_unprotected (0) reads the organizations' listings.
    assert server.requested('/Users')


def test_thresholds_open_the_gate_and_null_switches_one_off(requests_mock, run_module):
    server = contoso('v8').serve(requests_mock)
    result = run_module(protection_check, args(api_version='v8', max_never_backed_up=1, max_unprotected=None,
                                               organization_names=[CONTOSO]))
    # Without the listings Diego is not known to be deleted: 12 days old, stale.
    assert result['passed'] is False and verdicts(result)[CONTOSO][1] == ['1 stale (max_stale 0)']
    assert not server.requested('/Users') and result['summary'][0]['unprotected'] is None
    result = run_module(protection_check, args(api_version='v8', max_never_backed_up='1', max_stale=1,
                                               max_unprotected=None, organization_names=[CONTOSO]))
    assert result['passed'] is True and result['problems'] == []
    assert result['message'].startswith('Protection gate open: 1 organization(s), 6 object(s) protected (rule: ')
    assert "max_stale 1, max_never_backed_up 1, max_unprotected null):\n- organization 'contoso.onmicrosoft.com': " \
           "6 protected, 1 stale, 1 never backed up, 0 deleted, 0 excluded; oldest backup " in result['message']


def test_an_organization_without_any_backed_up_object_closes_the_gate(requests_mock, run_module):
    server = contoso('v8')
    newcomer = server.tenant('newcomer.onmicrosoft.com')
    newcomer.add('user', 'Nina New', 'nina@newcomer.onmicrosoft.com')
    server.serve(requests_mock)
    result = run_module(protection_check, args(api_version='v8', organization_names=['newcomer.onmicrosoft.com'],
                                               max_unprotected=None))
    assert verdicts(result)['newcomer.onmicrosoft.com'] == (
        False, ['none of its objects (users, groups, sites, teams) is in any backup'])


def test_what_could_not_be_read_closes_the_gate(requests_mock, run_module):
    server = contoso('v8')
    server.tenants[1].usage_available = False
    server.serve(requests_mock)
    result = run_module(protection_check, args(api_version='v8', organization_names=['fabrikam.onmicrosoft.com']))
    assert result['passed'] is False
    assert verdicts(result)['fabrikam.onmicrosoft.com'][1][0].startswith(
        "repository 'Fabrikam - Local' (%s) could not be read: the server says the repository is not available"
        % server.repositories[2][0])


def test_the_role_prefix_names_the_variables_and_unknown_ones_get_a_warning(requests_mock, run_module, warned):
    contoso('v8').serve(requests_mock)
    result = run_module(protection_check, args(
        api_version='v8', variable_prefix='protection_gate_', organization_names=[CONTOSO],
        given_variables=['protection_gate_organization_names', 'protection_gate_maxage']))
    assert '(protection_gate_max_unprotected 0)' in result['message']
    assert 'protection_gate_max_stale 0, protection_gate_max_never_backed_up 0' in result['message']
    assert ('vb365.backup.protection_gate does not know the variable protection_gate_maxage: it is ignored. Did you '
            'mean protection_gate_max_age?') in warned
    refused = run_module(protection_check, args(variable_prefix='protection_gate_', max_stale=-1))
    assert refused['failed'] is True and refused['msg'] == (
        'Invalid protection_gate_max_stale -1: give the most objects allowed (0 or more), or null to switch it off.')
    superscript = run_module(protection_check, args(max_unprotected='\u00b2'))
    assert superscript['failed'] is True and superscript['msg'].startswith("Invalid max_unprotected '\u00b2'")
    for value in ('1' * 5000, '1' * 19):
        huge = run_module(protection_check, args(max_stale=value))
        assert huge['failed'] is True and huge['msg'].startswith('Invalid max_stale'), huge['msg']

    # (A module process's AnsibleModule refuses a NUL in any argument first, when it logs them to syslog.)
    from ansible_collections.vb365.backup.plugins.module_utils._protection_gate import gate_argument_spec, validate_gate_params

    params = dict((name, spec.get('default')) for name, spec in gate_argument_spec().items())
    params['evidence_path'] = '/tmp/ev\x00x.json'
    with pytest.raises(Vb365InputError, match='a path holds no NUL character'):
        validate_gate_params(params, 'protection_gate_')


def test_the_evidence_file_holds_the_verdict_and_no_secret(requests_mock, run_module, tmp_path):
    contoso('v8').serve(requests_mock)
    path = tmp_path / 'evidence.json'
    path.write_text('old')
    result = run_module(protection_check, args(api_version='v8', evidence_path=str(path)))
    assert result['changed'] is True and result['evidence_path'] == str(path)
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    text = path.read_text(encoding='utf-8')
    assert PASSWORD not in text and 'tok-1234567890' not in text and 'vbo-admin' not in text
    evidence = json.loads(text)
    assert list(evidence) == ['format', 'generated_by', 'checked_at', 'server', 'port', 'api_version', 'inputs', 'rule',
                              'passed', 'message', 'problems', 'preconditions', 'totals', 'organizations',
                              'repositories', 'objects', 'objects_truncated']
    assert evidence['server'] == 'vb365.example.com' and evidence['port'] == 4443 and evidence['api_version'] == 'v8'
    assert evidence['checked_at'] == result['rule']['checked_at'] and evidence['passed'] is False
    assert evidence['inputs']['max_age'] == '36h' and evidence['inputs']['max_unprotected'] == 0
    assert evidence['inputs']['license_min_days_left'] is None and evidence['inputs']['proxies_online'] is False
    assert evidence['preconditions'] == dict(checked=[], problems=[], held=[])
    assert evidence['organizations'] == result['summary'] and evidence['objects'] == result['objects']
    assert [o['status'] for o in evidence['objects']] == ['unprotected', 'unprotected', 'never_backed_up']
    assert os.listdir(str(tmp_path)) == ['evidence.json']  # the temporary file is gone


def test_a_name_that_utf8_cannot_encode_is_written_as_its_json_escape(requests_mock, run_module, tmp_path):
    from ansible_collections.vb365.backup.plugins.module_utils._protection_gate import write_evidence

    path = tmp_path / 'evidence.json'
    write_evidence(str(path), {'objects': [{'display_name': 'Lone \ud800 surrogate', 'plain': 'caf\u00e9'}]})
    assert json.loads(path.read_text(encoding='utf-8')) == {
        'objects': [{'display_name': 'Lone \ud800 surrogate', 'plain': 'caf\u00e9'}]}
    assert os.listdir(str(tmp_path)) == ['evidence.json']


def test_check_mode_judges_and_writes_no_evidence(requests_mock, run_module, tmp_path):
    contoso('v8').serve(requests_mock)
    path = tmp_path / 'evidence.json'
    result = run_module(protection_check, args(api_version='v8', evidence_path=str(path), _ansible_check_mode=True))
    assert result['passed'] is False and result['changed'] is False and result['evidence_path'] is None
    assert not path.exists()


@pytest.mark.parametrize('where, message', [
    ('missing/evidence.json', 'Invalid evidence_path %s/missing/evidence.json: the directory %s/missing does not exist'),
    ('', 'Invalid evidence_path %s: it is a directory'),
])
def test_an_evidence_path_that_cannot_be_written_fails_before_any_request(requests_mock, run_module, tmp_path, where,
                                                                          message):
    path = os.path.join(str(tmp_path), where) if where else str(tmp_path)
    result = run_module(protection_check, args(evidence_path=path))
    assert result['failed'] is True
    assert result['msg'].startswith(message % ((str(tmp_path),) * message.count('%s'))), result['msg']
    assert requests_mock.call_count == 0


def test_api_v5_needs_max_unprotected_null(requests_mock, run_module):
    contoso('v5').serve(requests_mock)
    refused = run_module(protection_check, args(api_version='v5', variable_prefix='protection_gate_'))
    assert refused['failed'] is True and refused['msg'] == (
        "Unprotected objects cannot be found on API v5: API v5 cannot list an organization's users, groups, sites and "
        "teams (the Organizations endpoint exists from API v6). Use API v6 or later, or leave them out "
        "(protection_gate_max_unprotected: null).")
    result = run_module(protection_check, args(api_version='v5', max_unprotected=None, object_types=['user'],
                                               organization_names=['fabrikam.onmicrosoft.com']))
    assert result['passed'] is True and verdicts(result) == {'fabrikam.onmicrosoft.com': (True, [])}


def test_no_organization_closes_the_gate(requests_mock, run_module):
    server = contoso('v8')
    server.tenants = []
    server.serve(requests_mock)
    result = run_module(protection_check, args(api_version='v8'))
    assert result['passed'] is False
    assert result['problems'] == ['no organization to check: the selection found none with backed-up data']


def test_the_summary_has_the_documented_keys(requests_mock, run_module):
    contoso('v8').serve(requests_mock)
    result = run_module(protection_check, args(api_version='v8'))
    assert list(result['summary'][0]) == [field.key for field in PROTECTION_GATE_SUMMARY]
    assert sorted(k for k in result if k not in ('changed', 'invocation', 'warnings')) == sorted(
        ['passed', 'message', 'problems', 'summary', 'totals', 'objects', 'objects_truncated', 'rule', 'repositories',
         'preconditions', 'evidence_path', 'api_version'])


def test_the_shared_options_are_documented_alike_in_both_modules():
    """protection_check takes protected_object_info's selection and rule: the same words for the same options."""
    from ansible_collections.vb365.backup.plugins.module_utils._protection import protection_argument_spec
    from ansible_collections.vb365.backup.plugins.modules import protected_object_info
    import yaml

    info = yaml.safe_load(protected_object_info.DOCUMENTATION)['options']
    check = yaml.safe_load(protection_check.DOCUMENTATION)['options']
    alike = ('max_age', 'workloads', 'exclude', 'data_source', 'max_concurrency', 'read_timeout',
             'repository_ids')
    for name in protection_argument_spec():
        assert info[name]['type'] == check[name]['type'] and info[name].get('default') == check[name].get('default')
        if name in alike:
            assert info[name] == check[name], name


# ---- the server's preconditions (the same rules as job_session_check) ----------------------------

OPEN = dict(api_version='v8', organization_names=[CONTOSO], max_never_backed_up=1, max_stale=1, max_unprotected=None)
EXCEEDED_LICENSE = {'status': 'Valid', 'licenseExpires': '2099-01-01T00:00:00Z', 'totalNumber': 10, 'usedNumber': 11}
PROXIES = {'results': [{'id': 'p1', 'hostName': 'vbo365.corp.local', 'status': 'Online'},
                       {'id': 'p2', 'hostName': 'vbo-proxy02.corp.local', 'status': 'Offline'}], 'limit': 10000}


def test_without_a_precondition_rule_nothing_more_is_read(requests_mock, run_module):
    server = contoso('v8').serve(requests_mock)
    result = run_module(protection_check, args(**OPEN))
    assert result['passed'] is True
    assert result['preconditions'] == dict(checked=[], problems=[], held=[], server=None)
    assert not server.requested('license') and not server.requested('proxies') and not server.requested('health')
    assert 'preconditions' not in result['message']


def test_failing_preconditions_close_an_otherwise_open_gate_one_line_each(requests_mock, run_module):
    server = contoso('v8')
    server.overrides.update({'^license$': EXCEEDED_LICENSE, '^proxies$': PROXIES})
    server.serve(requests_mock)
    result = run_module(protection_check, args(license_not_exceeded=True, proxies_online=True,
                                               variable_prefix='protection_gate_', **OPEN))
    assert result['passed'] is False
    assert [s['passed'] for s in result['summary']] == [True]
    assert result['problems'] == [
        'licence: exceeded, 11 licensed users for 10 units (protection_gate_license_not_exceeded): beyond the allowed '
        'overage the extra users are not backed up',
        "proxy 'vbo-proxy02.corp.local': status Offline (protection_gate_proxies_online)"]
    assert result['message'].startswith('Protection gate CLOSED, the play stops here (rule: ')
    assert result['message'].endswith(':\n' + '\n'.join('- ' + line for line in result['problems']))
    assert result['preconditions']['checked'] == ['license_not_exceeded', 'proxies_online']
    assert result['preconditions']['server']['gathered_subsets'] == ['license', 'proxies']


def test_an_open_gate_names_the_preconditions_that_held(requests_mock, run_module):
    server = contoso('v8')
    server.overrides.update({'^license$': EXCEEDED_LICENSE})
    server.serve(requests_mock)
    result = run_module(protection_check, args(license_min_days_left=30, **OPEN))
    assert result['passed'] is True
    days = result['preconditions']['server']['license']['days_left']
    assert result['message'].endswith("\nand the server's preconditions held:\n"
                                      '- licence: %d days left (license_min_days_left 30)' % days)


def test_a_bad_precondition_option_is_refused_before_any_request(requests_mock, run_module):
    result = run_module(protection_check, args(repository_min_free_percent=150.0, variable_prefix='protection_gate_'))
    assert result['failed'] is True and requests_mock.call_count == 0
    assert result['msg'] == ('Invalid protection_gate_repository_min_free_percent 150.0: give a percentage from 0 to '
                             '100.')
