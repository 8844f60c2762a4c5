# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A gate role's contract is its module's options: same names (with the role's prefix), types, choices, defaults;
one call of the module, then the role's facts. The same for every gate role."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import os

import pytest
import yaml

from ansible_collections.vb365.backup.plugins.module_utils._connection_options import CONNECTION_OPTIONS

ROLES = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'roles')
# Each gate role, its module and the facts it publishes.
GATES = {
    'job_session_gate': ('job_session_check', ['job_session_gate_session', 'job_session_gate_sessions',
                                               'job_session_gate_passed', 'job_session_gate_message']),
    'protection_gate': ('protection_check', ['protection_gate_passed', 'protection_gate_message',
                                             'protection_gate_summary']),
}
CONNECTION = [option.name for option in CONNECTION_OPTIONS]


class Gate(object):
    def __init__(self, role):
        self.role = role
        self.prefix = role + '_'
        self.module_name, self.facts = GATES[role]
        self.module = importlib.import_module('ansible_collections.vb365.backup.plugins.modules.' + self.module_name)
        self.spec = self.load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
        self.defaults = self.load('defaults', 'main.yml')
        self.vars = self.load('vars', 'main.yml')
        self.module_spec = dict((name, option) for name, option in self.module.argument_spec().items()
                                if name not in self.module.CALLER_OPTIONS)

    def load(self, *path):
        with open(os.path.join(ROLES, self.role, *path)) as f:
            return yaml.safe_load(f)


@pytest.fixture(params=sorted(GATES))
def gate(request):
    return Gate(request.param)


def test_every_role_that_calls_a_gate_module_is_checked_here():
    roles = sorted(name for name in os.listdir(ROLES) if os.path.exists(os.path.join(ROLES, name, 'vars', 'main.yml')))
    assert roles == sorted(GATES)


def test_the_role_has_a_variable_for_every_option_of_the_module_and_passes_each_on(gate):
    assert sorted(gate.spec) == sorted(gate.prefix + name for name in gate.module_spec)
    assert sorted(gate.vars['__%s_options' % gate.role]) == sorted(gate.module_spec)


def test_types_choices_and_elements_match_the_module(gate):
    for name, option in gate.module_spec.items():
        role = gate.spec[gate.prefix + name]
        assert role['type'] == option['type'], name
        assert role.get('choices') == option.get('choices'), name
        assert role.get('elements') == option.get('elements'), name


def test_connection_options_have_no_default_so_module_defaults_and_the_environment_apply(gate):
    for name in CONNECTION:
        assert 'default' not in gate.spec[gate.prefix + name] and gate.prefix + name not in gate.defaults


def test_the_defaults_file_and_the_argument_spec_agree_with_the_module(gate):
    for name, option in gate.module_spec.items():
        if name in CONNECTION:
            continue
        assert gate.spec[gate.prefix + name].get('default') == option.get('default'), name
        assert gate.defaults.get(gate.prefix + name) == option.get('default'), name
    assert sorted(gate.defaults) == sorted(name for name, option in gate.spec.items() if option.get('default') is not None)


def test_the_options_whose_null_is_a_value_are_passed_on_as_null_and_are_raw(gate):
    # ansible-core 2.16 refuses null for a typed option in a role's argument spec: those options are raw.
    assert gate.vars['__%s_null_options' % gate.role] == [
        name for name in gate.vars['__%s_options' % gate.role] if name in gate.module.NULL_OPTIONS]
    assert sorted(gate.vars['__%s_null_options' % gate.role]) == sorted(gate.module.NULL_OPTIONS)
    for name in gate.module.NULL_OPTIONS:
        assert gate.module_spec[name]['type'] == 'raw', name


def test_the_role_is_one_call_of_the_module_then_its_facts(gate):
    tasks = gate.load('tasks', 'main.yml')
    modules = [next(key for key in task if '.' in key) for task in tasks]
    assert modules == ['vb365.backup.' + gate.module_name, 'ansible.builtin.set_fact', 'ansible.builtin.assert']
    assert sorted(tasks[1]['ansible.builtin.set_fact']) == sorted(gate.vars['__%s_facts' % gate.role])
    assert sorted(gate.vars['__%s_facts' % gate.role]) == sorted(gate.facts)
