# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This plugin_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The action of every vb365.backup module: run the module's code in the worker when it would run right here anyway.

A task on the ``local`` connection whose Python interpreter is the controller's own (the implicit
localhost, or a localhost with ``ansible_python_interpreter: "{{ ansible_playbook_python }}"`` as
AWX's and most execution environments' inventories have), with no ``become``, ``async`` or
``environment``, would start that same Python on this same machine to run the module. Running the
module's code in the worker process instead saves building the AnsiballZ payload, starting Python
and importing ansible's module_utils again: more than half of what a one-task play costs
(docs/performance.md). The module's own code runs (``_runner.run_module``), its arguments are
validated by ansible-core's ``ArgumentSpecValidator`` as ``AnsibleModule`` does, and its result is
masked (no_log values) and shaped (JSON) the same way. Anywhere else the task runs the module as
ansible-core's ``normal`` action does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import functools
import importlib
import json
import sys

from ansible import constants as C
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display
from ansible_collections.vb365.backup.plugins.module_utils._connection import missing_option_hint

display = Display()

MODULES_PACKAGE = 'ansible_collections.vb365.backup.plugins.modules'


def reason_to_run_as_module(transport, become, async_val, environment, interpreter, controller_python):
    """Why the task must run the module in a process of its own; None when it can run in the worker.

    ``interpreter`` is the task's Python interpreter as ansible-core would use it (``auto`` and its
    variants when it would discover one).
    """
    if transport != 'local':
        return 'the connection is %s, not local' % transport
    if become:
        return 'the task uses become'
    if async_val:
        return 'the task is async'
    if environment:
        return 'the task sets environment'
    if interpreter != controller_python:
        return "the interpreter is %s, not the controller's %s" % (interpreter, controller_python)
    return None


class ModuleExit(BaseException):
    """``exit_json``/``fail_json`` of ``ControllerModule``: like ``AnsibleModule``'s ``sys.exit``, no ``except Exception`` stops it."""

    def __init__(self, result):
        super(ModuleExit, self).__init__()
        self.result = result


# What a module run needs to know of its task: its arguments, check mode, the name the task calls the module by
# (in messages), and whether the result carries ``invocation`` (ansible-core 2.19+ make that a setting).
TaskContext = collections.namedtuple('TaskContext', 'args check_mode name inject_invocation')


class ControllerModule(object):
    """What the collection's modules use of ``AnsibleModule`` (``params``, ``check_mode``, ``warn``, ``exit_json``,
    ``fail_json``), for a run in the controller's worker process.

    Arguments are validated as ``AnsibleModule`` validates them, with the same messages; the result gets
    ``invocation`` and ``warnings`` and has every no_log value masked, as ``AnsibleModule.exit_json`` does.
    """

    def __init__(self, task, argument_spec, supports_check_mode=True, **kwargs):
        del supports_check_mode  # every module of the collection supports check mode
        self.check_mode = task.check_mode
        self._inject_invocation = task.inject_invocation
        self._warnings = []
        validation = ArgumentSpecValidator(argument_spec, **kwargs).validate(dict(task.args))
        self.params = validation.validated_parameters
        self._no_log_values = validation._no_log_values
        for alias in validation._warnings:
            self.warn('Both option {option} and its alias {alias} are set.'.format(**alias))
        errors = list(validation.errors)  # AnsibleValidationErrorMultiple: always true, iterable
        if errors:
            msg = validation.errors.msg
            if isinstance(errors[0], UnsupportedError):
                msg = 'Unsupported parameters for (%s) module: %s' % (task.name, msg)
            self.fail_json(msg=msg)

    def warn(self, warning):
        self._warnings.append(warning)

    def exit_json(self, **result):
        raise ModuleExit(self._finish(result))

    def fail_json(self, msg, **result):
        # As _runner's HintingAnsibleModule: a missing connection option's message says where to give it.
        result.update(msg=missing_option_hint(msg), failed=True)
        raise ModuleExit(self._finish(result))

    def _finish(self, result):
        if self._inject_invocation:
            result.setdefault('invocation', dict(module_args=self.params))
        else:
            result.pop('invocation', None)
        if self._warnings:
            result['warnings'] = list(self._warnings)
        # The JSON a module process would have printed: only JSON types, keys as strings.
        return json.loads(json.dumps(remove_values(result, self._no_log_values)))


def run_in_process(module_name, task):
    """The result of the collection's module ``module_name`` run in this process for ``task`` (a ``TaskContext``)."""
    from ansible_collections.vb365.backup.plugins.module_utils._runner import run_module

    module = importlib.import_module('%s.%s' % (MODULES_PACKAGE, module_name))
    module_class = functools.partial(ControllerModule, task)
    try:
        run_module(module.argument_spec(), module.module_kwargs(), module.run, module_class=module_class)
    except ModuleExit as done:
        return done.result
    return None  # not reached: run_module always ends in exit_json or fail_json, and both raise ModuleExit


def inject_invocation(task_vars):
    """Whether a module's result carries ``invocation``: always before ansible-core 2.19, then the INJECT_INVOCATION setting."""
    if C.config.get_configuration_definition('INJECT_INVOCATION'):
        return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))
    return True


class ModuleAction(NormalAction):
    """Runs ``MODULE`` in the worker process when the task would run it on the controller with the controller's Python."""

    MODULE = None  # the module's short name, set by each action plugin

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        reason = self._reason_to_run_as_module(task_vars)
        if reason:
            display.vvv('%s runs as a module: %s.' % (self._task.action, reason))
            return super(ModuleAction, self).run(tmp, task_vars)
        display.vvv("%s runs in the controller's worker process." % self._task.action)
        result = ActionBase.run(self, tmp, task_vars)  # its checks (check mode, async), without normal's module run
        task = TaskContext(args=self._task.args, check_mode=bool(self._task.check_mode), name=self._task.action,
                           inject_invocation=inject_invocation(task_vars))
        result.update(run_in_process(self.MODULE, task))
        return result

    def _reason_to_run_as_module(self, task_vars):
        environment = {}
        self._compute_environment_string(environment)
        reason = reason_to_run_as_module(self._connection.transport, self._play_context.become, self._task.async_val,
                                         environment, self._interpreter(task_vars), sys.executable)
        if reason is None:
            from ansible_collections.vb365.backup.plugins.module_utils import _client

            if _client.requests is None:
                reason = "the controller's Python cannot import requests"
        return reason

    def _interpreter(self, task_vars):
        """The Python interpreter ansible-core would run the module with (``auto...`` when it would discover one)."""
        host_vars = task_vars.get('ansible_delegated_vars', {}).get(self._task.delegate_to, {}) if self._task.delegate_to \
            else task_vars
        interpreter = C.config.get_config_value('INTERPRETER_PYTHON', variables=host_vars)
        # Templated as it is: str.strip() would drop ansible-core 2.19+'s trust tag, and the template with it.
        interpreter = self._templar.template(interpreter) if interpreter else None
        return interpreter.strip() if isinstance(interpreter, str) and interpreter.strip() else 'auto'
