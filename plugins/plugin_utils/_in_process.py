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
(docs/performance.md). The module's own code runs (``_runner.run_module``, the module protocol),
with ``WorkerModule`` in place of ``AnsibleModule``: its arguments are the plain JSON values a
module process would receive, validated by ansible-core's ``ArgumentSpecValidator``
(``_arguments``), and its result is masked (no_log values) and shaped (JSON) as ``AnsibleModule``
shapes it. Anywhere else, or when ``VB365_IN_PROCESS=false`` or the variable
``vb365_in_process: false`` says so, the task runs the module as ansible-core's ``normal``
action does. Only public interfaces of ansible-core are used.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import importlib
import json
import os
import re
import sys

from ansible import constants as C
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.release import __version__ as ansible_version
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display
from ansible_collections.vb365.backup.plugins.module_utils._arguments import ArgumentError, validate_arguments
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import missing_option_hint

display = Display()

COLLECTION = 'vb365.backup'
MODULES_PACKAGE = 'ansible_collections.vb365.backup.plugins.modules'
# The switch that makes every task run its module in a module process: an environment variable of the
# controller, or a variable of the play (host, group, extra vars...).
OPT_OUT_ENV = 'VB365_IN_PROCESS'
OPT_OUT_VAR = 'vb365_in_process'
# A result holding one of these (the token module's) is hidden from every callback, as with ``no_log: true``:
# a task that forgets no_log must not print a token at -v or send it to log_path or AWX job events.
# ``register`` still receives the whole result.
SECRET_RESULT_KEYS = ('access_token',)
# What ansible-core adds to a module process's result as it reads it, and so to a run in the worker too, so that
# a result (registered, or ansible_failed_result) is the same on both paths: before 2.21 it marks the result as
# parsed; 2.19 and 2.20 give a failure an ``exception`` (a traceback when tracebacks are displayed, this text
# otherwise), which a failed_when then moves to ``failed_when_suppressed_exception``.
CORE_VERSION = tuple(int(part) for part in re.findall(r'\d+', ansible_version)[:2])
RESULTS_MARKED_PARSED = CORE_VERSION < (2, 21)
FAILURES_CARRY_AN_EXCEPTION = (2, 19) <= CORE_VERSION < (2, 21)
TRACEBACK_UNAVAILABLE = '(traceback unavailable)'


def reason_to_run_as_module(transport, become, async_val, environment, interpreter, controller_python, opted_out=None):
    """Why the task must run the module in a process of its own; None when it can run in the worker.

    ``interpreter`` is the task's Python interpreter as ansible-core would use it (``auto`` and its
    variants when it would discover one); ``opted_out`` names the setting that asks for a module process.
    """
    if opted_out:
        return '%s is false' % opted_out
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
    """``exit_json``/``fail_json`` of ``WorkerModule``: like ``AnsibleModule``'s ``sys.exit``, no ``except Exception`` stops it."""

    def __init__(self, result):
        super(ModuleExit, self).__init__()
        self.result = result


class TaskContext(object):
    """What a module run needs to know of its task: its arguments (plain JSON values), check mode, the name the task
    calls the module by (in messages), and whether the result carries ``invocation`` (a setting from ansible-core 2.19)."""

    def __init__(self, args, check_mode, name, inject_invocation):
        self.args = args
        self.check_mode = check_mode
        self.name = name
        self.inject_invocation = inject_invocation


class WorkerModule(object):
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
        self._no_log_values = set()
        self.params = dict(task.args)
        try:
            validated = validate_arguments(argument_spec, task.args, task.name, **kwargs)
        except ArgumentError as e:
            self.params, self._no_log_values = e.params, e.no_log_values
            self.fail_json(msg=e.msg)
        self.params = validated.params
        self._no_log_values = validated.no_log_values
        for warning in validated.warnings:
            self.warn(warning)

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
    try:
        run_module(module.argument_spec(), module.module_kwargs(), module.run,
                   module_class=functools.partial(WorkerModule, task))
    except ModuleExit as done:
        return done.result
    raise AssertionError('run_module ended without exit_json or fail_json')  # not reached: both raise ModuleExit


def plain_arguments(args):
    """The task's arguments as the plain JSON values a module process receives (no Ansible string types or tags)."""
    try:
        # ansible-core 2.19 and later: the encoder the controller uses for a module's arguments.
        from ansible.module_utils.common.json import Direction, get_module_encoder
        encoder = dict(cls=get_module_encoder('legacy', Direction.CONTROLLER_TO_MODULE))
    except ImportError:
        from ansible.module_utils.common.json import AnsibleJSONEncoder
        encoder = dict(cls=AnsibleJSONEncoder, vault_to_text=True)
    return json.loads(json.dumps(dict(args), **encoder))


def inject_invocation(task_vars):
    """Whether a module's result carries ``invocation``: always before ansible-core 2.19, then the INJECT_INVOCATION setting."""
    if C.config.get_configuration_definition('INJECT_INVOCATION'):
        return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))
    return True


class ModuleAction(NormalAction):
    """Runs the task's vb365.backup module in the worker process when the task would run it on the controller with
    the controller's Python; otherwise as ansible-core's ``normal`` action."""

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = self._run_module(tmp, task_vars)
        if any(key in result for key in SECRET_RESULT_KEYS):
            result['_ansible_no_log'] = True
        return result

    def _run_module(self, tmp, task_vars):
        reason = self._reason_to_run_as_module(task_vars)
        if reason:
            display.vvv('%s runs as a module: %s.' % (self._task.action, reason))
            return super(ModuleAction, self).run(tmp, task_vars)
        display.vvv("%s runs in the controller's worker process (%s=false runs it as a module)."
                    % (self._task.action, OPT_OUT_ENV))
        result = ActionBase.run(self, tmp, task_vars)  # its checks (check mode, async), without normal's module run
        task = TaskContext(args=plain_arguments(self._task.args), check_mode=bool(self._task.check_mode),
                           name=self._task.action, inject_invocation=inject_invocation(task_vars))
        result.update(run_in_process(self._module_name(), task))
        if RESULTS_MARKED_PARSED:
            result['_ansible_parsed'] = True
        if result.get('failed') and FAILURES_CARRY_AN_EXCEPTION:
            result.setdefault('exception', TRACEBACK_UNAVAILABLE)
        return result

    def _module_name(self):
        """The collection's module this task calls (one action plugin serves them all)."""
        return (self._task.resolved_action or self._task.action).rsplit('.', 1)[-1]

    def _reason_to_run_as_module(self, task_vars):
        reason = reason_to_run_as_module(self._connection.transport, self._play_context.become, self._task.async_val,
                                         self._task_environment(), self._interpreter(task_vars), sys.executable,
                                         self._opted_out(task_vars))
        if reason is None:
            from ansible_collections.vb365.backup.plugins.module_utils import _client

            if _client.requests is None:
                reason = "the controller's Python cannot import requests"
        return reason

    def _opted_out(self, task_vars):
        """The setting that asks for a module process (``VB365_IN_PROCESS`` or ``vb365_in_process`` false), or None."""
        if OPT_OUT_VAR in task_vars and not boolean(self._templar.template(task_vars[OPT_OUT_VAR]), strict=False):
            return 'the variable %s' % OPT_OUT_VAR
        if OPT_OUT_ENV in os.environ and not boolean(os.environ[OPT_OUT_ENV], strict=False):
            return OPT_OUT_ENV
        return None

    def _task_environment(self):
        """Whether the task (or its block or play) sets environment variables for the module."""
        entries = self._task.environment or []
        return [entry for entry in (self._templar.template(entry) for entry in entries) if entry]

    def _interpreter(self, task_vars):
        """The Python interpreter ansible-core would run the module with (``auto...`` when it would discover one)."""
        host_vars = task_vars.get('ansible_delegated_vars', {}).get(self._task.delegate_to, {}) if self._task.delegate_to \
            else task_vars
        interpreter = C.config.get_config_value('INTERPRETER_PYTHON', variables=host_vars)
        # Templated as it is: str.strip() would drop ansible-core 2.19+'s trust tag, and the template with it.
        interpreter = self._templar.template(interpreter) if interpreter else None
        return interpreter.strip() if isinstance(interpreter, str) and interpreter.strip() else 'auto'
