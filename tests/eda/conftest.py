# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of tests/eda: the collection as users install it, a simulator, and every ansible-rulebook stopped.

Run by `make eda`: RULEBOOK_VENV names the virtual environment with ansible-rulebook, VB365_COLLECTION_TREE the
collection copy to build and install.
"""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# The simulator's package and the helpers beside this file, whatever pytest's import mode.
sys.path[:0] = [os.path.join(REPO, 'tests', 'simulator'), HERE]

from vb365sim import process  # noqa: E402 pylint: disable=wrong-import-position
from rulebooks import RULEBOOK_VENV, TREE, admin  # noqa: E402 pylint: disable=wrong-import-position


@pytest.fixture(scope='session')
def collections(tmp_path_factory):
    """The collection built from the tree and installed into a collections path, as users install it."""
    galaxy = os.path.join(RULEBOOK_VENV, 'bin', 'ansible-galaxy')
    dist = tmp_path_factory.mktemp('dist')
    path = tmp_path_factory.mktemp('collections')
    subprocess.run([galaxy, 'collection', 'build', '--output-path', str(dist), TREE], check=True, capture_output=True)
    tarball = next(dist.glob('vb365-backup-*.tar.gz'))
    subprocess.run([galaxy, 'collection', 'install', '--offline', '-p', str(path), str(tarball)], check=True,
                   capture_output=True)
    assert (path / 'ansible_collections/vb365/backup/extensions/eda/plugins/event_source/job_sessions.py').is_file()
    return path


@pytest.fixture
def simulator(tmp_path):
    with process.start(str(tmp_path / 'sim')) as sim:
        # Every timeline of the seed ends: all its sessions are history when the rulebook starts.
        admin(sim, 'POST', 'clock', {'advance': 3600})
        yield sim


@pytest.fixture
def rulebooks():
    """Every ansible-rulebook a test starts, stopped at its end."""
    started = []
    yield started
    for rulebook in started:
        rulebook.stop()
