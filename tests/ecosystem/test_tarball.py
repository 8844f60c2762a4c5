# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The artifact ``ansible-galaxy collection build`` makes: what users need, and no development files."""

import fnmatch
import json
import subprocess
import tarfile

import pytest

from conftest import REPO

# Must never be in the artifact: development tooling, caches, build output, the simulator
# and the demo that need it, local test settings. Paths from the collection root (a folder
# excludes everything in it), and names that may not occur anywhere (fnmatch patterns).
FORBIDDEN_PATHS = (
    '.venv', '.build', '.git', '.github', '.gitignore', '.ci', 'Makefile', 'tools', 'requirements', 'bench',
    '.ansible', '.ansible-lint', '.ansible-lint-ignore', '.yamllint', '.yamllint.yml', '.benchmarks', '*.tar.gz',
    'playbooks', 'docs/site', 'docs/build', 'docs/docsite/build', 'galaxy.yml',
    'tests/simulator', 'tests/ecosystem', 'tests/docs_browser', 'tests/eda', 'tests/output',
    'tests/integration/integration_config.yml',
    'tests/integration/inventory', 'changelogs/.plugin-cache.yaml',
)
FORBIDDEN_NAMES = (
    '__pycache__', '*.pyc', '*.retry', '.pytest_cache', '.hypothesis', '.mypy_cache', '.ruff_cache', '.tox', '.nox',
    '.coverage', '.coverage.*', '*.swp', '*~', '.DS_Store',
)
REQUIRED = (
    'MANIFEST.json', 'FILES.json', 'README.md', 'LICENSE',
    'meta/runtime.yml', 'meta/execution-environment.yml', 'meta/ee-requirements.txt',
    'changelogs/changelog.yaml', 'changelogs/config.yaml',
    'docs/docsite/extra-docs.yml', 'docs/docsite/links.yml', 'docs/docsite/config.yml',
    'extensions/awx/credential_types/vb365.yml', 'extensions/eda/plugins/event_source/job_sessions.py',
    'plugins/doc_fragments/connection.py', 'plugins/doc_fragments/attributes.py',
    'roles/job_session_gate/meta/argument_specs.yml', 'roles/job_session_gate/meta/main.yml',
    'roles/job_session_gate/defaults/main.yml', 'roles/job_session_gate/tasks/main.yml',
    'roles/job_session_gate/README.md',
    'tests/config.yml',
)
# Every file of these folders in the checkout must be in the artifact.
SHIPPED_TREES = ('plugins', 'roles', 'meta', 'docs/docsite', 'extensions', 'tests/unit', 'tests/integration/targets')


@pytest.fixture(scope='module')
def members(tarball):
    with tarfile.open(tarball) as tar:
        return sorted(member.name for member in tar.getmembers() if member.isfile())


def forbidden(name):
    """The patterns that forbid the artifact member ``name``."""
    parts = name.split('/')
    prefixes = ['/'.join(parts[:i]) for i in range(1, len(parts) + 1)]
    return ([pattern for pattern in FORBIDDEN_PATHS if any(fnmatch.fnmatchcase(p, pattern) for p in prefixes)]
            + [pattern for pattern in FORBIDDEN_NAMES if any(fnmatch.fnmatchcase(p, pattern) for p in parts)])


def test_the_check_can_fail():
    assert forbidden('tests/simulator/vb365sim/app.py') == ['tests/simulator']
    assert forbidden('plugins/modules/__pycache__/x.cpython-313.pyc') == ['__pycache__', '*.pyc']
    assert forbidden('tools/sync-tree.py') == ['tools']
    assert forbidden('plugins/modules/job_session_info.py') == []


def test_no_development_files(members):
    found = dict((name, forbidden(name)) for name in members if forbidden(name))
    assert found == {}


def test_required_files(members):
    assert [name for name in REQUIRED if name not in members] == []


def git_files(tree):
    out = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard', '--', tree], cwd=str(REPO),
                         capture_output=True, text=True, check=True).stdout
    return [name for name in out.splitlines() if (REPO / name).is_file() and not forbidden(name)]


@pytest.mark.parametrize('tree', SHIPPED_TREES)
def test_nothing_needed_is_left_out(members, tree):
    expected = git_files(tree)
    assert expected, 'git lists no file under %s' % tree
    assert [name for name in expected if name not in members] == []


def test_every_guide_is_shipped(members):
    guides = sorted(path.relative_to(REPO).as_posix() for path in (REPO / 'docs' / 'docsite' / 'rst').glob('*.rst'))
    assert len(guides) >= 5
    assert [name for name in guides if name not in members] == []


def test_manifest(tarball):
    with tarfile.open(tarball) as tar:
        manifest = json.load(tar.extractfile('MANIFEST.json'))['collection_info']
    assert (manifest['namespace'], manifest['name']) == ('vb365', 'backup')
    assert manifest['license'] == ['GPL-3.0-or-later']
