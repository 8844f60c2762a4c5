# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The protection gate role's contract is protection_check's options: same names (with the role's prefix), types,
choices, defaults; one module call, then the facts the issue names."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

from ansible_collections.vb365.backup.plugins.module_utils._connection_options import CONNECTION_OPTIONS
from ansible_collections.vb365.backup.plugins.modules import protection_check

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'roles', 'protection_gate')
PREFIX = 'protection_gate_'


def load(*path):
    with open(os.path.join(ROLE, *path)) as f:
        return yaml.safe_load(f)


SPEC = load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
DEFAULTS = load('defaults', 'main.yml')
VARS = load('vars', 'main.yml')
MODULE_SPEC = dict((name, option) for name, option in protection_check.argument_spec().items()
                   if name not in protection_check.CALLER_OPTIONS)
CONNECTION = [option.name for option in CONNECTION_OPTIONS]


def test_the_role_has_a_variable_for_every_option_of_the_module_and_passes_each_on():
    assert sorted(SPEC) == sorted(PREFIX + name for name in MODULE_SPEC)
    assert sorted(VARS['__protection_gate_options']) == sorted(MODULE_SPEC)


def test_the_variables_the_issue_names_are_there():
    for name in ('organization_names', 'organization_ids', 'object_types', 'max_age', 'max_stale',
                 'max_never_backed_up', 'max_unprotected', 'exclude', 'evidence_path'):
        assert PREFIX + name in SPEC, name


def test_types_choices_and_elements_match_the_module():
    for name, option in MODULE_SPEC.items():
        role = SPEC[PREFIX + name]
        assert role['type'] == option['type'], name
        assert role.get('choices') == option.get('choices'), name
        assert role.get('elements') == option.get('elements'), name


def test_connection_options_have_no_default_so_module_defaults_and_the_environment_apply():
    for name in CONNECTION:
        assert 'default' not in SPEC[PREFIX + name] and PREFIX + name not in DEFAULTS


def test_the_defaults_file_and_the_argument_spec_agree_with_the_module():
    for name, option in MODULE_SPEC.items():
        if name in CONNECTION:
            continue
        assert SPEC[PREFIX + name].get('default') == option.get('default'), name
        assert DEFAULTS.get(PREFIX + name) == option.get('default'), name
    assert sorted(DEFAULTS) == sorted(name for name, option in SPEC.items() if option.get('default') is not None)


def test_the_rules_null_is_passed_on_and_the_nullable_options_are_raw():
    for name in VARS['__protection_gate_nullable']:
        assert MODULE_SPEC[name]['type'] == 'raw', name


def test_the_role_is_one_call_of_the_module_then_its_facts():
    tasks = load('tasks', 'main.yml')
    modules = [next(key for key in task if '.' in key) for task in tasks]
    assert modules == ['vb365.backup.protection_check', 'ansible.builtin.set_fact', 'ansible.builtin.assert']
    assert sorted(tasks[1]['ansible.builtin.set_fact']) == sorted(VARS['__protection_gate_facts']) == sorted(
        ['protection_gate_passed', 'protection_gate_message', 'protection_gate_summary'])
