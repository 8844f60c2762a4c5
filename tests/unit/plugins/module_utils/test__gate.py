# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The gate's rules and words (_gate): logs explain, retries, the whole judgement, the checks of its options."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils import _gate

PREFIX = 'job_session_gate_'
RULES = {'allowed_statuses': ['Success'], 'allowed_bottlenecks': [], 'forbidden_bottlenecks': [], 'max_age': 'auto',
         'log_items': 5}


def session(**overrides):
    value = {'id': 's1', 'job_id': 'j1', 'job_name': 'Exchange Online - Daily', 'status': 'Success',
             'end_time': '2026-11-28T02:00:00Z', 'age_seconds': 3600, 'statistics': {'bottleneck': 'Source'}, 'log': []}
    value.update(overrides)
    return value


def judge(sessions, selection, rules=None, prefix=PREFIX):
    """What the gate module decides: the rules settled from its options, then the judgement."""
    settled = _gate.rules_of(dict(rules or RULES, **selection))
    return dict(_gate.judgement(sessions, settled, selection, prefix), max_age=settled['max_age'])


def test_an_unreadable_log_is_said_to_be_missing_and_changes_no_verdict():
    blocked = session(status='Failed', log=[],
                      log_error='Failed to GET /v8/JobSessions/s1/LogItems on https://h:4443: HTTP 403: Access is denied.')
    verdict = _gate.verdict(blocked, {})
    assert verdict.startswith("job 'Exchange Online - Daily', session s1 (status Failed")
    assert verdict.endswith('. Log not available: Failed to GET /v8/JobSessions/s1/LogItems on https://h:4443: HTTP 403: '
                            'Access is denied.')
    assert _gate.verdict(session(log_error='HTTP 403'), {}) == ''


def test_a_session_the_server_will_retry_blocks_and_says_when_with_the_callers_option_name():
    verdict = _gate.verdict(session(status='Failed', job_will_be_retried=True, retry_expected_time='2026-11-28T02:10:00Z'),
                            {}, PREFIX)
    assert 'The server will retry this run at about 2026-11-28T02:10:00Z' in verdict
    assert 'job_session_gate_wait: true' in verdict
    assert 'Set wait: true' in _gate.verdict(session(status='Failed', job_will_be_retried=True), {})
    assert "schedule does not say" in _gate.verdict(session(status='Failed', job_will_be_retried=True), {})
    assert 'retry' not in _gate.verdict(session(status='Failed', job_will_be_retried=None), {})


def test_auto_max_age_is_26h_for_the_newest_session_of_a_job_and_off_for_an_id():
    old = session(age_seconds=27 * 3600)
    by_job = judge([old], {'job_name': 'Exchange Online - Daily'})
    assert by_job['passed'] is False and by_job['max_age'] == '26h'
    assert 'it ended 1d 3h ago, longer than job_session_gate_max_age 26h' in by_job['problems'][0]
    assert judge([old], {'id': 's1'})['passed'] is True
    assert judge([old], {'job_name': 'x'}, dict(RULES, max_age=None))['passed'] is True


def test_an_open_gate_names_every_session_it_let_through():
    result = judge([session(), session(id='s2', job_name='Teams - Daily', main_session_id='s0')],
                   {'job_names': ['Exchange Online - Daily', 'Teams - Daily']})
    assert result['passed'] is True and result['blocked'] == []
    assert result['message'] == (
        "Backup gate open: 2 session(s) passed:\n"
        "- job 'Exchange Online - Daily', session s1 (status Success, bottleneck Source, ended 2026-11-28T02:00:00Z, "
        "1h 0m ago)\n"
        "- job 'Teams - Daily', session s2 (status Success, bottleneck Source, ended 2026-11-28T02:00:00Z, 1h 0m ago, "
        "retry of s0)")


def test_missing_jobs_and_blocked_sessions_each_get_a_line_and_logs_only_explain():
    selection = {'job_names': ['Exchange Online - Daily', 'SharePoint - Daily']}
    first = judge([session(status='Failed')], selection)
    assert first['passed'] is False and first['blocked'] == ['s1']
    explained = session(status='Failed', log=[{'type': 'Error', 'title': '[Failed] Mailbox x'}], log_error=None)
    final = judge([explained], selection)
    assert final['passed'] is False and final['problems'][1].startswith(first['problems'][1])
    assert final['message'].startswith('Backup gate CLOSED, the play stops here:\n'
                                       "- job 'SharePoint - Daily': no backup session found\n- job 'Exchange Online - Daily'")
    assert final['message'].endswith('. Log: [Failed] Mailbox x')
    failed_read = judge([session(status='Failed', log=[], log_error='No session s1')], selection)
    assert failed_read['message'].endswith('. Log not available: No session s1') and failed_read['passed'] is False


def test_a_name_is_matched_as_the_jobs_were_selected_stripped_and_without_case():
    sessions = [session(job_name='Exchange Online - Daily')]
    assert _gate.missing_jobs(sessions, {'job_names': [' Exchange Online - Daily ', 'exchange online - daily']}) == []
    assert _gate.missing_jobs(sessions, {'job_names': [' Teams - Daily']}) == ["job 'Teams - Daily': no backup session found"]


def test_an_end_in_the_future_is_no_age_and_closes_an_age_rule():
    line = _gate.verdict(session(end_time='9999-12-31T23:59:59Z', age_seconds=None, is_finished=True),
                         _gate.rules_of(dict(RULES, max_age='26h')), PREFIX)
    assert ("its end time 9999-12-31T23:59:59Z is more than a day ahead of this machine's clock, so its age is "
            'unknown (job_session_gate_max_age 26h)') in line


def test_log_texts_that_are_not_text_are_quoted_as_text():
    assert _gate.telling_log_items([{'type': 'Error', 'title': 123}], 5) == ['123']


def test_a_job_without_a_session_blocks():
    assert judge([], {'job_name': 'Teams - Daily'})['problems'] == ["job 'Teams - Daily': no backup session found"]


@pytest.mark.parametrize('selection, rules, start, problem', [
    ({}, RULES, False, 'vb365.backup.job_session_gate needs exactly one of job_session_gate_id, job_session_gate_job_name, '
                       'job_session_gate_job_id or job_session_gate_job_names; got none.'),
    ({'id': 'a', 'job_name': 'b'}, RULES, False, 'got job_session_gate_id, job_session_gate_job_name.'),
    ({'id': 'a'}, RULES, True, 'job_session_gate_start needs the job to start'),
    ({'job_name': 'b'}, dict(RULES, max_age='soon'), False, "Invalid job_session_gate_max_age 'soon'"),
])
def test_input_problems_are_found_before_any_request(selection, rules, start, problem):
    problems = _gate.input_problems(dict(rules, start=start, **selection), PREFIX)
    assert len(problems) == 1 and problem in problems[0]


def test_input_problems_name_the_modules_options_without_a_prefix():
    (problem,) = _gate.input_problems({})
    assert problem == 'vb365.backup.job_session_check needs exactly one of id, job_name, job_id or job_names; got none.'


@pytest.mark.parametrize('max_age', ['auto', None, '26h', 3600, '2d'])
def test_good_input_has_no_problems(max_age):
    assert _gate.input_problems(dict(RULES, job_name='b', max_age=max_age), PREFIX) == []


def test_a_misspelt_gate_variable_is_warned_about_with_the_close_match():
    known = ['job_name', 'max_age']
    warnings = _gate.unknown_variables(['job_session_gate_jobname', 'job_session_gate_job_name', 'other_var',
                                        'job_session_gate_zzzzzzzzzzzzzzzzzzzzzzzz'], known, PREFIX)
    assert warnings == ['vb365.backup.job_session_gate does not know the variable job_session_gate_jobname: it is ignored. '
                        'Did you mean job_session_gate_job_name?',
                        'vb365.backup.job_session_gate does not know the variable job_session_gate_zzzzzzzzzzzzzzzzzzzzzzzz: '
                        'it is ignored.']


@pytest.mark.parametrize('params, started, plan', [
    (dict(id='s1'), None, dict(id='s1', wait=False)),
    (dict(job_name='J', job_type='Backup'), None, dict(job_name='J', job_id=None, job_type='Backup', latest=True, wait=False)),
    (dict(job_names=['A', 'B']), None, dict(job_names=['A', 'B'], job_type=None, latest_per_job=True, wait=False)),
    (dict(job_name='J', start=True), 'new', dict(id='new', wait=True)),
])
def test_the_read_plan_reads_the_started_run_else_the_id_else_the_newest_session_of_each_job(params, started, plan):
    options = dict(id=None, job_name=None, job_id=None, job_names=[], job_type=None, wait=False, wait_timeout=60,
                   wait_interval=5, max_concurrency=4)
    options.update(params)
    assert _gate.read_plan(options, started) == dict(plan, wait_timeout=60, wait_interval=5, max_concurrency=4)


# ---- the rules on processed objects -------------------------------------------------------------

def counted(status='Warning', failed=0, warning=0, total=100, source='processed_objects', objects=()):
    return session(status=status, is_finished=True, processed_objects_source=source, processed_objects=list(objects),
                   processed_objects_truncated=False,
                   processed_objects_summary=dict(total=total, success=None if total is None else total - failed - warning,
                                                  warning=warning,
                                                  failed=failed, by_type={}))


FAILED_USER = {'id': 'u1', 'type': 'User', 'status': 'Failed', 'name': None}
ALLOW_WARNING = dict(RULES, allowed_statuses=['Success', 'Warning'], max_age=None)


def test_an_allowed_warning_does_not_hide_a_failed_object_by_default():
    rules = _gate.rules_of(ALLOW_WARNING)
    assert rules['max_failed_objects'] == 0
    line = _gate.verdict(counted(failed=1, warning=3, objects=[FAILED_USER]), rules, PREFIX)
    assert '1 failed objects, more than job_session_gate_max_failed_objects 0: User u1' in line
    assert ', objects: 100 (96 success, 3 warning, 1 failed)' in line
    assert _gate.verdict(counted(warning=3), rules, PREFIX) == ''


def test_up_to_n_failed_objects_and_no_limit():
    assert _gate.verdict(counted(failed=2), _gate.rules_of(dict(ALLOW_WARNING, max_failed_objects=2))) == ''
    assert _gate.verdict(counted(failed=3), _gate.rules_of(dict(ALLOW_WARNING, max_failed_objects='2'))) != ''
    assert _gate.verdict(counted(failed=500), _gate.rules_of(dict(ALLOW_WARNING, max_failed_objects=None))) == ''
    warned = _gate.verdict(counted(warning=5), _gate.rules_of(dict(ALLOW_WARNING, max_warning_objects=4)))
    assert '5 warning objects, more than max_warning_objects 4' in warned


def test_unknown_counts_close_the_gate_unless_told_otherwise_and_never_for_a_success():
    unknown = session(status='Warning', is_finished=True, processed_objects_summary=None, processed_objects_source=None,
                      processed_objects_error='HTTP 403: Access is denied.')
    line = _gate.verdict(unknown, _gate.rules_of(ALLOW_WARNING))
    assert 'its processed objects could not be counted (HTTP 403: Access is denied.), so max_failed_objects cannot ' \
           'be checked' in line
    assert 'so job_session_gate_max_failed_objects cannot' in _gate.verdict(unknown, _gate.rules_of(ALLOW_WARNING), PREFIX)
    assert _gate.verdict(unknown, _gate.rules_of(dict(ALLOW_WARNING, unknown_object_counts='pass'))) == ''
    assert _gate.verdict(dict(unknown, status='Success'), _gate.rules_of(ALLOW_WARNING)) == ''


def test_the_estimate_from_the_log_says_so():
    line = _gate.verdict(counted(failed=2, total=None, source='log_items'), _gate.rules_of(ALLOW_WARNING))
    assert '2 failed objects (an estimate from its log), more than max_failed_objects 0' in line


def test_an_open_gate_says_the_counts_too():
    result = _gate.judgement([counted(warning=2, total=1200)], _gate.rules_of(ALLOW_WARNING), {'job_name': 'x'})
    assert result['passed'] and 'objects: 1200 (1198 success, 2 warning, 0 failed)' in result['message']


@pytest.mark.parametrize('status, finished, judged', [
    ('Warning', True, True), ('Failed', True, True), ('Stopped', True, True), ('Success', True, False),
    ('Running', False, False), ('Queued', False, False), ('Warning', None, False),
])
def test_the_object_rules_judge_sessions_that_ended_and_did_not_succeed(status, finished, judged):
    one = session(status=status, is_finished=finished, processed_objects_summary=None,
                  processed_objects_error='not read')
    assert _gate.objects_counted(one) is judged
    rules = _gate.rules_of(dict(RULES, allowed_statuses=[status], max_age=None))
    assert bool(_gate.verdict(one, rules)) is judged


@pytest.mark.parametrize('value', [-1, 'many', True, 1.5, '\u00b2'])
def test_a_bad_object_limit_is_an_input_problem(value):
    (problem,) = _gate.input_problems(dict(RULES, job_name='b', max_failed_objects=value), PREFIX)
    assert problem.startswith('Invalid job_session_gate_max_failed_objects')
