# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Validating a module's arguments where there is no ``AnsibleModule``: the worker process and the event source.

``AnsibleModule`` validates with ansible-core's ``ArgumentSpecValidator``; so does this, through
its public interface only, and it returns what ``AnsibleModule`` would act on: the validated
parameters, the values to mask (no_log), the warnings, or the failure message, worded as
``AnsibleModule`` words it (the tests run both and compare).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError


class ArgumentError(Vb365InputError):
    """Arguments that do not fit the spec; ``params`` are what validation made of them (``AnsibleModule`` reports
    them as its ``invocation``), ``no_log_values`` what no message may show."""

    def __init__(self, msg, params, no_log_values):
        super(ArgumentError, self).__init__(msg)
        self.params = params
        self.no_log_values = no_log_values


class ValidatedArguments(object):
    """What a run needs of its validated arguments."""

    def __init__(self, params, no_log_values, warnings):
        self.params = params
        self.no_log_values = no_log_values
        self.warnings = warnings


def validate_arguments(argument_spec, args, name, kind='module', **module_kwargs):
    """``args`` checked against ``argument_spec`` (with ``AnsibleModule``'s keyword arguments); raises ArgumentError.

    ``name`` and ``kind`` name the plugin in the message about unsupported parameters, as
    ``AnsibleModule`` does ("Unsupported parameters for (vb365.backup.job) module: ...").
    """
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    from ansible.module_utils.errors import UnsupportedError

    module_kwargs.pop('supports_check_mode', None)
    result = ArgumentSpecValidator(argument_spec, **module_kwargs).validate(dict(args))
    params = result.validated_parameters
    no_log_values = no_log_values_of(argument_spec, params)
    errors = list(result.errors)
    if errors:
        msg = result.errors.msg
        if isinstance(errors[0], UnsupportedError):
            msg = 'Unsupported parameters for (%s) %s: %s' % (name, kind, msg)
        raise ArgumentError(msg, params, no_log_values)
    return ValidatedArguments(params, no_log_values, alias_warnings(argument_spec, args))


def no_log_values_of(argument_spec, params):
    """The values of the options marked no_log, as text: what a result must never show."""
    values = set()
    for option, spec in argument_spec.items():
        value = params.get(option)
        if spec.get('no_log') and value not in (None, ''):
            values.add(value if isinstance(value, str) else str(value))
    return values


def alias_warnings(argument_spec, args):
    """The warning ``AnsibleModule`` gives for each option set both by its name and by one of its aliases."""
    return ['Both option %s and its alias %s are set.' % (option, alias)
            for option, spec in argument_spec.items() for alias in spec.get('aliases') or ()
            if option in args and alias in args]
