# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stdout callback of `make demo` (playbooks/ansible.cfg): the demo as a short story.

The default callback prints a banner for every task, the gate role's inner steps included,
and a failure that a block rescues in full, before the rescue runs. The demo is read by a
newcomer, so this callback prints only what the demo's debug tasks say, and keeps every
failure that nothing rescues (it then prints the task, the host and the whole message).
Warnings and deprecations are shown by ansible-core itself, as always.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: vb365_demo
type: stdout
short_description: The story of the vb365.backup demo
description:
  - Prints the messages of C(ansible.builtin.debug) tasks, and failures that no block rescues.
  - Used by C(make demo) only; it is not part of the collection.
author:
  - vb365.backup maintainers (@vb365)
"""

import json

from ansible.plugins.callback import CallbackBase

DEBUG_ACTIONS = ('debug', 'ansible.builtin.debug', 'ansible.legacy.debug')


def _task(result):
    # ansible-core 2.19+ passes a CallbackTaskResult (.task); older cores a TaskResult (._task).
    return getattr(result, 'task', None) or result._task  # pylint: disable=protected-access


def _result(result):
    return getattr(result, 'result', None) or result._result  # pylint: disable=protected-access


def _is_rescued(task):
    """True when a block around the task (through role includes) has a rescue section."""
    parent = getattr(task, '_parent', None)
    while parent is not None:
        if getattr(parent, 'rescue', None):
            return True
        parent = getattr(parent, '_parent', None)
    return False


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'vb365_demo'

    def v2_runner_on_ok(self, result):
        task = _task(result)
        msg = _result(result).get('msg')
        if task.action in DEBUG_ACTIONS and msg is not None:
            for line in (msg if isinstance(msg, list) else [msg]):
                self._display.display(str(line))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        task = _task(result)
        if ignore_errors or _is_rescued(task):
            # The play handles it and says what happened; printing it here would say it twice.
            return
        self._show_problem('FAILED', result)

    def v2_runner_on_unreachable(self, result):
        self._show_problem('UNREACHABLE', result)

    def _show_problem(self, what, result):
        task = _task(result)
        details = dict(_result(result))
        msg = details.pop('msg', None)
        self._display.display('%s: [%s] %s: %s' % (what, result._host.get_name(), task.get_name(),  # pylint: disable=protected-access
                                                   msg if msg is not None else json.dumps(details, indent=2, default=str)),
                              stderr=True)
