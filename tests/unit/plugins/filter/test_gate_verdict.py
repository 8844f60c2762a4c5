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


@pytest.mark.parametrize('rules, message', [
    ({'max_failed_objects': 'x'}, "Invalid max_failed_objects 'x': give a whole number of 0 or more."),
    ({'max_warning_objects': -1}, 'Invalid max_warning_objects -1'),
    ({'log_items': 'five'}, "Invalid log_items 'five'"),
    (['Success'], 'expects its rules as a dict, got list'),
])
def test_bad_rules_are_a_filter_error_not_a_python_error(rules, message):
    with pytest.raises(AnsibleFilterError, match=message):
        gate_verdict(session(status='Failed', is_finished=True), rules)


def test_the_object_rules_count_a_finished_session_that_did_not_succeed():
    counted = session(status='Warning', is_finished=True, processed_objects_source='processed_objects',
                      processed_objects_summary={'total': 10, 'success': 7, 'warning': 1, 'failed': 2, 'by_type': {}},
                      processed_objects=[{'id': 'u1', 'type': 'User', 'status': 'Failed', 'name': None}])
    rules = {'allowed_statuses': ['Success', 'Warning']}
    assert gate_verdict(counted, rules) == ''
    assert gate_verdict(counted, dict(rules, max_failed_objects='2')) == ''
    assert gate_verdict(counted, dict(rules, max_failed_objects=1)).endswith(
        '2 failed objects, more than max_failed_objects 1: User u1')


def test_a_retried_session_points_at_job_session_info_wait():
    assert 'Set wait: true' in gate_verdict(session(status='Failed', job_will_be_retried=True))


def test_the_filter_is_registered():
    assert FilterModule().filters()['gate_verdict'] is gate_verdict
