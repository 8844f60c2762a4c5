# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures shared by the unit tests: module arguments, fixture files, the module's printed result, a fake clock."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import os

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

try:
    # ansible-core 2.19 and later.
    from ansible.module_utils.testing import patch_module_args
except ImportError:
    patch_module_args = None

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client

FIXTURES = os.path.join(os.path.dirname(__file__), 'plugins', 'module_utils', 'fixtures')


@contextlib.contextmanager
def _legacy_patch_module_args(args):
    """What ``patch_module_args`` does, for ansible-core releases before 2.19."""
    saved = basic._ANSIBLE_ARGS
    basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved


@pytest.fixture
def fixture_loader():
    def load(name):
        with open(os.path.join(FIXTURES, name)) as f:
            return json.load(f)
    return load


@pytest.fixture
def run_module(capfd):
    """Run a module's main() with the given arguments; return its parsed JSON result."""
    def run(module, args):
        patcher = patch_module_args or _legacy_patch_module_args
        with patcher(args):
            with pytest.raises(SystemExit):
                module.main()
        out, err = capfd.readouterr()
        return json.loads(out)
    return run


class FakeClock:
    """The collection's clock (``_time.Clock``) in tests: sleeping moves time on at once, and is recorded."""

    def __init__(self):
        self.now = 0.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Every unit test runs on a fake clock: no test sleeps, and each can check the time its code let pass."""
    fake = FakeClock()
    monkeypatch.setattr(Vb365Client, 'clock', fake)
    return fake
