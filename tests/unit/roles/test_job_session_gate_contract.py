# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The gate role's contract agrees with itself and with the modules' one list of connection options (issue 11 point 6)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

from ansible_collections.vb365.backup.plugins.module_utils._connection_options import CONNECTION_OPTIONS

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'roles', 'job_session_gate')
PREFIX = 'job_session_gate_'


def load(*path):
    with open(os.path.join(ROLE, *path)) as f:
        return yaml.safe_load(f)


SPEC = load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
DEFAULTS = load('defaults', 'main.yml')
VARS = load('vars', 'main.yml')
CONNECTION = [name for name, dummy, dummy2, dummy3, dummy4 in CONNECTION_OPTIONS]


def test_the_role_passes_on_every_connection_option_the_modules_have():
    assert VARS['__job_session_gate_connection_options'] == CONNECTION


def test_every_connection_option_is_a_role_option_defaulting_to_null():
    for name in CONNECTION:
        assert PREFIX + name in SPEC, 'meta/argument_specs.yml lacks %s%s' % (PREFIX, name)
        assert DEFAULTS[PREFIX + name] is None and 'default' not in SPEC[PREFIX + name]


def test_connection_option_types_match_the_modules():
    types = dict((name, option_type) for name, option_type, dummy, dummy2, dummy3 in CONNECTION_OPTIONS)
    for name in CONNECTION:
        assert SPEC[PREFIX + name]['type'] == types[name], name


def test_the_defaults_file_and_the_argument_spec_name_the_same_variables_with_the_same_defaults():
    assert sorted(DEFAULTS) == sorted(SPEC)
    for name, option in SPEC.items():
        assert DEFAULTS[name] == option.get('default'), name


def test_every_connection_option_in_the_role_is_a_module_option():
    role_connection = [name[len(PREFIX):] for name in SPEC if 'job_session_info#module:' in str(SPEC[name]['description'])]
    assert sorted(role_connection) == sorted(CONNECTION)
