# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An execution environment that installs the collection gets ``requests``.

``ansible-builder create`` writes the build context of tests/ecosystem/files/execution-environment.yml
(which installs the collection from the tarball just built). No container is built: the
test checks the Containerfile's stages, then does what its galaxy and builder stages do,
here: installs the collection from the context's requirements.yml, and runs the context's
own ``introspect.py`` on it, which reads meta/execution-environment.yml from the installed
collection. The pip requirements it writes are what the final image installs.
"""

import hashlib
import shutil

import pytest

from conftest import REPO, run, tool

FILES = REPO / 'tests' / 'ecosystem' / 'files'


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope='module')
def context(tarball, tmp_path_factory):
    work = tmp_path_factory.mktemp('ee')
    for name in ('execution-environment.yml', 'requirements.yml'):
        shutil.copy(FILES / name, work / name)
    shutil.copy(tarball, work / 'vb365-backup.tar.gz')
    run([tool('ansible-builder'), 'create', '--file', 'execution-environment.yml', '--context', 'context',
         '--output-filename', 'Containerfile'], cwd=str(work))
    return work / 'context'


def test_the_context_carries_the_collection(context, tarball):
    build = context / '_build'
    assert sha256(build / 'collections' / 'vb365-backup.tar.gz') == sha256(tarball)
    assert 'collections/vb365-backup.tar.gz' in (build / 'requirements.yml').read_text(encoding='utf-8')


def test_the_containerfile_installs_what_introspection_finds(context):
    containerfile = (context / 'Containerfile').read_text(encoding='utf-8')
    assert 'ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml' in containerfile
    assert 'introspect.py introspect --write-bindep=/tmp/src/bindep.txt --write-pip=/tmp/src/requirements.txt' in containerfile
    assert 'RUN /output/scripts/assemble' in containerfile
    assemble = (context / '_build' / 'scripts' / 'assemble').read_text(encoding='utf-8')
    assert '-r /tmp/src/requirements.txt' in assemble


def test_the_build_installs_requests(context, tmp_path):
    build = context / '_build'
    collections = tmp_path / 'usr-share-ansible-collections'
    # The galaxy stage (WORKDIR /build).
    run([tool('ansible-galaxy'), 'collection', 'install', '-r', 'requirements.yml', '--collections-path', str(collections)],
        cwd=str(build))
    assert (collections / 'ansible_collections' / 'vb365' / 'backup' / 'meta' / 'execution-environment.yml').is_file()
    # The builder stage.
    pip = tmp_path / 'requirements.txt'
    run([tool('python'), str(build / 'scripts' / 'introspect.py'), 'introspect', str(collections),
         '--write-pip', str(pip), '--write-bindep', str(tmp_path / 'bindep.txt')])
    lines = [line.strip() for line in pip.read_text(encoding='utf-8').splitlines() if line.strip()]
    declared = [line.strip() for line in (REPO / 'meta' / 'ee-requirements.txt').read_text(encoding='utf-8').splitlines()
                if line.strip() and not line.startswith('#')]
    assert any(line.startswith('requests') for line in declared), declared
    for requirement in declared:
        assert '%s  # from collection vb365.backup' % requirement in lines, lines
