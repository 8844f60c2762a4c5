# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.vb365.backup.plugins.filter.gate_verdict import FilterModule, gate_verdict


def session(**overrides):
    value = {'id': 's1', 'job_id': 'j1', 'job_name': 'Exchange Online - Daily', 'status': 'Success',
             'end_time': '2026-11-28T02:00:00Z', 'age_seconds': 3600, 'statistics': {'bottleneck': 'Source'}, 'log': []}
    value.update(overrides)
    return value


def test_a_good_session_passes():
    assert gate_verdict(session(), {'allowed_statuses': ['Success'], 'max_age': '26h', 'forbidden_bottlenecks': ['Target']}) == ''


def test_the_default_rules_allow_only_success():
    assert gate_verdict(session(status='Warning')).endswith('status Warning is not allowed (allowed: Success)')


def test_every_failing_rule_is_listed_with_what_was_observed():
    verdict = gate_verdict(session(status='Failed', age_seconds=3 * 86400 + 7200, statistics={'bottleneck': 'Target'}),
                           {'allowed_statuses': ['Success', 'Warning'], 'forbidden_bottlenecks': ['Target'], 'max_age': '26h'})
    assert verdict == ("job 'Exchange Online - Daily', session s1 (status Failed, bottleneck Target, ended 2026-11-28T02:00:00Z, 3d 2h ago): "
                       "status Failed is not allowed (allowed: Success, Warning); bottleneck Target is forbidden; "
                       "it ended 3d 2h ago, longer than max_age 26h")


@pytest.mark.parametrize('bottleneck, allowed, passes', [
    ('Source', ['Source', 'NA'], True),
    ('Target', ['Source', 'NA'], False),
    ('Target', [], True),
])
def test_allowed_bottlenecks(bottleneck, allowed, passes):
    verdict = gate_verdict(session(statistics={'bottleneck': bottleneck}), {'allowed_bottlenecks': allowed})
    assert (verdict == '') is passes
    if not passes:
        assert 'bottleneck Target is not allowed (allowed: Source, NA)' in verdict


@pytest.mark.parametrize('max_age, age, passes', [(3600, 3600, True), ('59m', 3600, False), ('2d', 86400, True), ('1h', None, False)])
def test_max_age(max_age, age, passes):
    assert (gate_verdict(session(age_seconds=age), {'max_age': max_age}) == '') is passes


def test_a_running_session_has_no_age():
    verdict = gate_verdict(session(status='Running', end_time=None, age_seconds=None), {'allowed_statuses': ['Running'], 'max_age': '1h'})
    assert verdict.endswith('it has not ended, so its age is unknown (max_age 1h)')
    assert 'bottleneck Source, not ended yet)' in verdict


def test_the_job_id_stands_in_for_an_unknown_job_name():
    assert gate_verdict(session(job_name=None, status='Failed')).startswith("job 'j1', session s1")


def test_errors_and_warnings_are_quoted_before_anything_else():
    log = [{'type': 'Success', 'title': '[Success] Job started'}, {'type': 'Warning', 'title': '[Warning] Slow'},
           {'type': 'Error', 'title': '[Error] Mailbox failed'}, {'type': 'Error', 'message': 'Job failed'}]
    verdict = gate_verdict(session(status='Failed', log=log), {'log_items': 2})
    assert verdict.endswith('. Log: [Error] Mailbox failed | Job failed')


def test_without_errors_the_first_log_items_are_quoted():
    log = [{'type': 'Success', 'title': '[Success] Job started'}, {'type': 'Stop', 'title': '[Stop] Stopped by user'}]
    assert gate_verdict(session(status='Stopped', log=log), {'log_items': 1}).endswith('. Log: [Success] Job started')


def test_bad_input_is_a_filter_error():
    with pytest.raises(AnsibleFilterError, match='expects a job session'):
        gate_verdict(['not', 'a', 'session'])
    with pytest.raises(AnsibleFilterError, match="Invalid max_age 'soon'"):
        gate_verdict(session(), {'max_age': 'soon'})


def test_the_filter_is_registered():
    assert FilterModule().filters()['gate_verdict'] is gate_verdict


# ---- issue 13: logs explain, retries, the whole judgement -------------------------------------

from ansible_collections.vb365.backup.plugins.filter.gate_judgement import gate_judgement  # noqa: E402
from ansible_collections.vb365.backup.plugins.filter.gate_input_problems import gate_input_problems  # noqa: E402
from ansible_collections.vb365.backup.plugins.filter.gate_unknown_vars import gate_unknown_vars  # noqa: E402

RULES = {'allowed_statuses': ['Success'], 'allowed_bottlenecks': [], 'forbidden_bottlenecks': [], 'max_age': 'auto',
         'log_items': 5}


def test_an_unreadable_log_is_said_to_be_missing_and_changes_no_verdict():
    blocked = session(status='Failed', log=[],
                      log_error='Failed to GET /v8/JobSessions/s1/LogItems on https://h:4443: HTTP 403: Access is denied.')
    verdict = gate_verdict(blocked)
    assert verdict.startswith("job 'Exchange Online - Daily', session s1 (status Failed")
    assert verdict.endswith('. Log not available: Failed to GET /v8/JobSessions/s1/LogItems on https://h:4443: HTTP 403: '
                            'Access is denied.')
    assert gate_verdict(session(log_error='HTTP 403')) == ''


def test_a_session_the_server_will_retry_blocks_and_says_when():
    verdict = gate_verdict(session(status='Failed', job_will_be_retried=True, retry_expected_time='2026-11-28T02:10:00Z'))
    assert 'The server will retry this run at about 2026-11-28T02:10:00Z' in verdict
    assert 'job_session_gate_wait: true' in verdict
    assert "schedule does not say" in gate_verdict(session(status='Failed', job_will_be_retried=True))
    assert 'retry' not in gate_verdict(session(status='Failed', job_will_be_retried=None))


def test_auto_max_age_is_26h_for_the_newest_session_of_a_job_and_off_for_an_id():
    old = session(age_seconds=27 * 3600)
    by_job = gate_judgement([old], RULES, {'job_name': 'Exchange Online - Daily'})
    assert by_job['passed'] is False and by_job['max_age'] == '26h'
    assert 'it ended 1d 3h ago, longer than max_age 26h' in by_job['problems'][0]
    assert gate_judgement([old], RULES, {'id': 's1'})['passed'] is True
    assert gate_judgement([old], dict(RULES, max_age=None), {'job_name': 'x'})['passed'] is True


def test_an_open_gate_names_every_session_it_let_through():
    result = gate_judgement([session(), session(id='s2', job_name='Teams - Daily', main_session_id='s0')], RULES,
                            {'job_names': ['Exchange Online - Daily', 'Teams - Daily']})
    assert result['passed'] is True and result['blocked'] == []
    assert result['message'] == (
        "Backup gate open: 2 session(s) passed:\n"
        "- job 'Exchange Online - Daily', session s1 (status Success, bottleneck Source, ended 2026-11-28T02:00:00Z, "
        "1h 0m ago)\n"
        "- job 'Teams - Daily', session s2 (status Success, bottleneck Source, ended 2026-11-28T02:00:00Z, 1h 0m ago, "
        "retry of s0)")


def test_missing_jobs_and_blocked_sessions_each_get_a_line_and_logs_only_explain():
    sessions = [session(status='Failed')]
    selection = {'job_names': ['Exchange Online - Daily', 'SharePoint - Daily']}
    first = gate_judgement(sessions, RULES, selection)
    assert first['passed'] is False and first['blocked'] == ['s1']
    log_reads = [{'item': 's1', 'job_session': dict(sessions[0], log=[{'type': 'Error', 'title': '[Failed] Mailbox x'}],
                                                    log_error=None)}]
    final = gate_judgement(sessions, RULES, selection, log_reads)
    assert final['passed'] is False and final['problems'][1].startswith(first['problems'][1])
    assert final['message'].startswith('Backup gate CLOSED, the play stops here:\n'
                                       "- job 'SharePoint - Daily': no backup session found\n- job 'Exchange Online - Daily'")
    assert final['message'].endswith('. Log: [Failed] Mailbox x')
    failed_read = gate_judgement(sessions, RULES, selection, [{'item': 's1', 'failed': True, 'msg': 'No session s1'}])
    assert failed_read['message'].endswith('. Log not available: No session s1') and failed_read['passed'] is False


def test_a_job_without_a_session_blocks():
    assert gate_judgement([], RULES, {'job_name': 'Teams - Daily'})['problems'] == ["job 'Teams - Daily': no backup session found"]


@pytest.mark.parametrize('selection, rules, start, problem', [
    ({}, RULES, False, 'needs exactly one of job_session_gate_id, job_session_gate_job_name, job_session_gate_job_id or '
                       'job_session_gate_job_names; got none.'),
    ({'id': 'a', 'job_name': 'b'}, RULES, False, 'got job_session_gate_id, job_session_gate_job_name.'),
    ({'id': 'a'}, RULES, True, 'job_session_gate_start needs the job to start'),
    ({'job_name': 'b'}, dict(RULES, max_age='soon'), False, "Invalid job_session_gate_max_age 'soon'"),
])
def test_input_problems_are_found_before_any_request(selection, rules, start, problem):
    problems = gate_input_problems(selection, rules, start)
    assert len(problems) == 1 and problem in problems[0]


@pytest.mark.parametrize('max_age', ['auto', None, '26h', 3600, '2d'])
def test_good_input_has_no_problems(max_age):
    assert gate_input_problems({'job_name': 'b'}, dict(RULES, max_age=max_age)) == []


def test_a_misspelt_gate_variable_is_warned_about_with_the_close_match():
    known = ['job_session_gate_job_name', 'job_session_gate_max_age', 'job_session_gate_passed']
    warnings = gate_unknown_vars(['job_session_gate_jobname', 'job_session_gate_job_name', 'other_var',
                                  'job_session_gate_zzzzzzzzzzzzzzzzzzzzzzzz'], known)
    assert warnings == ['vb365.backup.job_session_gate does not know the variable job_session_gate_jobname: it is ignored. '
                        'Did you mean job_session_gate_job_name?',
                        'vb365.backup.job_session_gate does not know the variable job_session_gate_zzzzzzzzzzzzzzzzzzzzzzzz: '
                        'it is ignored.']
