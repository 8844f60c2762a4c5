# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of the ecosystem tests: the collection as Galaxy builds it, the simulator, the credential type.

Run them with ``make ecosystem`` (the newest venv: ansible-core, ansible-runner,
ansible-builder). They build the collection from the copy that ``make collection``
keeps in .build/ansible-test (only the files git lists, as in a fresh clone); set
VB365_COLLECTION_TREE to build from another tree.
"""

import os
import pathlib
import subprocess
import sys

import pytest
import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
DEFAULT_TREE = REPO / '.build' / 'ansible-test' / 'ansible_collections' / 'vb365' / 'backup'
CREDENTIAL_TYPE = REPO / 'extensions' / 'awx' / 'credential_types' / 'vb365.yml'
SEED_SESSION_ID = 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'
# The simulator's documented user (tests/simulator/README.md).
SIM_USERNAME = 'CORP\\vbo-admin'
SIM_PASSWORD = 'Veeam-Sim-Passw0rd!'

sys.path.insert(0, str(REPO / 'tests' / 'simulator'))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))


def tool(name):
    """A console script of the venv that runs the tests."""
    return str(BIN / name)


def run(argv, **kwargs):
    """Run a command; fail the test with its output when it fails."""
    kwargs.setdefault('cwd', str(REPO))
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)
    if proc.returncode != 0:
        pytest.fail('%s exited %d\n--- stdout\n%s\n--- stderr\n%s' % (' '.join(argv), proc.returncode, proc.stdout, proc.stderr))
    return proc


@pytest.fixture(scope='session')
def collection_tree():
    tree = pathlib.Path(os.environ.get('VB365_COLLECTION_TREE') or DEFAULT_TREE)
    if not (tree / 'galaxy.yml').is_file():
        pytest.fail('No collection tree at %s: run `make collection` first (or `make ecosystem`).' % tree)
    return tree


@pytest.fixture(scope='session')
def tarball(collection_tree, tmp_path_factory):
    """The collection artifact, built by ansible-galaxy exactly as for a release."""
    out = tmp_path_factory.mktemp('dist')
    run([tool('ansible-galaxy'), 'collection', 'build', '--output-path', str(out), str(collection_tree)])
    built = list(out.glob('vb365-backup-*.tar.gz'))
    assert len(built) == 1, built
    return built[0]


@pytest.fixture(scope='session')
def installed_collections(tarball, tmp_path_factory):
    """A collections path with the tarball installed into it (what AWX and EEs see)."""
    path = tmp_path_factory.mktemp('collections')
    run([tool('ansible-galaxy'), 'collection', 'install', '--collections-path', str(path), str(tarball)])
    return path


@pytest.fixture(scope='session')
def simulator(tmp_path_factory):
    """A VB365 API simulator over HTTPS on loopback, stopped after the tests."""
    from vb365sim import process  # pylint: disable=import-error,import-outside-toplevel
    with process.start(str(tmp_path_factory.mktemp('simulator')), host='127.0.0.1') as sim:
        yield sim


@pytest.fixture(scope='session')
def credential_type():
    with open(CREDENTIAL_TYPE, encoding='utf-8') as f:
        return yaml.safe_load(f)


@pytest.fixture(scope='session')
def collection_python(tmp_path_factory):
    """sys.path entry under which ``ansible_collections.vb365.backup`` is this checkout."""
    root = tmp_path_factory.mktemp('pythonpath')
    (root / 'ansible_collections' / 'vb365').mkdir(parents=True)
    (root / 'ansible_collections' / 'vb365' / 'backup').symlink_to(REPO)
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))


@pytest.fixture(scope='session')
def connection_env_vars(collection_python):  # pylint: disable=redefined-outer-name,unused-argument
    """Option name -> the environment variables its env fallback reads, from connection_argument_spec()."""
    # pylint: disable-next=import-error,import-outside-toplevel
    from ansible_collections.vb365.backup.plugins.module_utils._connection_options import connection_argument_spec
    result = {}
    for option, spec in connection_argument_spec().items():
        fallback = spec.get('fallback')
        if fallback:
            result[option] = list(fallback[1])
    return result
