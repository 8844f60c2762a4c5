# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every module keeps the module protocol the worker path calls, and is wired where a module must be."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import importlib
import inspect
import os

import pytest
import yaml

COLLECTION = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
MODULES_DIR = os.path.join(COLLECTION, 'plugins', 'modules')
MODULES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith('.py') and not name.startswith('_'))


def documentation(name):
    """The module's DOCUMENTATION with the options of its fragments merged, as ansible-doc shows them."""
    path = os.path.join(MODULES_DIR, name + '.py')
    with open(path) as f:
        tree = ast.parse(f.read())
    doc = yaml.safe_load(next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                              and getattr(node.targets[0], 'id', None) == 'DOCUMENTATION'))
    for fragment in doc.get('extends_documentation_fragment', []):
        parts = fragment.split('.')[2:]  # vb365.backup.<file>[.<variable>]
        source = importlib.import_module('ansible_collections.vb365.backup.plugins.doc_fragments.' + parts[0])
        text = getattr(source.ModuleDocFragment, parts[1].upper() if len(parts) > 1 else 'DOCUMENTATION')
        for option, value in (yaml.safe_load(text).get('options') or {}).items():
            doc['options'].setdefault(option, value)
    return doc


def test_there_are_modules():
    assert 'job_session_info' in MODULES and len(MODULES) >= 5


@pytest.mark.parametrize('name', MODULES)
def test_each_module_keeps_the_module_protocol(name):
    module = importlib.import_module('ansible_collections.vb365.backup.plugins.modules.' + name)
    spec, kwargs = module.argument_spec(), module.module_kwargs()
    assert isinstance(spec, dict) and isinstance(kwargs, dict)
    assert module.argument_spec() is not spec  # a new dict each time: callers may change it
    assert list(inspect.signature(module.run).parameters) == ['module', 'client']
    assert callable(module.main)


@pytest.mark.parametrize('name', MODULES)
def test_each_modules_argument_spec_is_its_documentation(name):
    module = importlib.import_module('ansible_collections.vb365.backup.plugins.modules.' + name)
    spec = module.argument_spec()
    documented = documentation(name)['options']
    assert sorted(documented) == sorted(spec)
    for option, doc in documented.items():
        for key in ('type', 'default', 'choices', 'elements', 'aliases', 'required'):
            expected = spec[option].get(key)
            if key == 'required':
                expected = expected or None
            assert doc.get(key) == expected, (option, key)


@pytest.mark.parametrize('name', MODULES)
def test_each_module_runs_through_the_one_action_plugin_and_is_in_the_action_group(name):
    from ansible_collections.vb365.backup.plugins.plugin_utils._in_process import ModuleAction

    action = os.path.join(COLLECTION, 'plugins', 'action', name + '.py')
    # A file of its own, not a link: ansible-galaxy collection build leaves links out of the tarball.
    assert not os.path.islink(action)
    plugin = importlib.import_module('ansible_collections.vb365.backup.plugins.action.' + name)
    assert plugin.ActionModule is ModuleAction
    with open(os.path.join(COLLECTION, 'meta', 'runtime.yml')) as f:
        assert name in yaml.safe_load(f)['action_groups']['vb365']
