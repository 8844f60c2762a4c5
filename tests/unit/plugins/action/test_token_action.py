# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The token action plugin hides a successful result from callbacks and leaves failures visible."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys
from unittest.mock import MagicMock

import pytest

from ansible.playbook.task import Task

from ansible_collections.vb365.backup.plugins.action.token import ActionModule


def action_with(module_result):
    """The action of a task that runs the module in its own process (over ssh), the module's result given."""
    task = Task()
    task.action = 'vb365.backup.token'
    task.args = dict(server='vb365.example.com', username='u', password='p')
    task.check_mode = False
    task.async_val = 0
    connection = MagicMock()
    connection.transport = 'ssh'
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    action = ActionModule(task, connection, MagicMock(), loader=None, templar=templar, shared_loader_obj=None)
    action._execute_module = MagicMock(return_value=dict(module_result))
    return action


def test_a_token_result_is_marked_no_log_but_keeps_the_token():
    action = action_with(dict(changed=False, access_token='tok', api_version='v8', expires_in=3600))
    result = action.run(task_vars={})
    assert result['_ansible_no_log'] is True
    assert result['access_token'] == 'tok' and result['api_version'] == 'v8'
    action._execute_module.assert_called_once()


@pytest.mark.parametrize('failure', [
    dict(failed=True, msg='Failed to authenticate as u on https://vb365.example.com:4443 (POST /v8/token): HTTP 400'),
    dict(failed=True, msg='MODULE FAILURE', module_stderr='Traceback ...'),
])
def test_a_failure_without_a_token_stays_visible(failure):
    result = action_with(failure).run(task_vars={})
    assert not result.get('_ansible_no_log')
    assert result['msg'] == failure['msg']


def test_a_failed_result_that_somehow_holds_a_token_is_hidden():
    result = action_with(dict(failed=True, msg='odd', access_token='tok')).run(task_vars={})
    assert result['_ansible_no_log'] is True


def test_a_token_read_in_the_worker_process_is_marked_no_log_too(monkeypatch):
    from ansible_collections.vb365.backup.plugins.plugin_utils import _in_process

    action = action_with(dict(failed=True, msg='not used'))
    action._connection.transport = 'local'
    action._play_context.become = False
    monkeypatch.setattr(_in_process, 'run_in_process', MagicMock(return_value=dict(changed=False, access_token='tok')))
    result = action.run(task_vars=dict(ansible_python_interpreter=sys.executable))
    action._execute_module.assert_not_called()
    assert result['_ansible_no_log'] is True and result['access_token'] == 'tok'
