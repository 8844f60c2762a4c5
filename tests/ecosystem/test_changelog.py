# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""CHANGELOG.rst is what `antsibull-changelog generate` makes of changelogs/changelog.yaml.

Regenerate it with `antsibull-changelog generate` (in the repository root) after changing
changelog.yaml or config.yaml, and commit both.
"""

import shutil

import yaml

from conftest import REPO, run, tool


def test_changelog_rst_is_generated_from_changelog_yaml(tmp_path):
    root = tmp_path / 'backup'
    shutil.copytree(REPO / 'changelogs', root / 'changelogs')
    shutil.copy(REPO / 'galaxy.yml', root / 'galaxy.yml')
    run([tool('antsibull-changelog'), 'generate'], cwd=str(root))
    generated = (root / 'CHANGELOG.rst').read_text(encoding='utf-8')
    assert (REPO / 'CHANGELOG.rst').read_text(encoding='utf-8') == generated, \
        'CHANGELOG.rst is out of date: run `antsibull-changelog generate` and commit it'


def test_every_plugin_and_role_is_in_the_changelog():
    """The release that adds a module, plugin or role lists it, so the changelog has its "New ..." section."""
    with open(REPO / 'changelogs' / 'changelog.yaml', encoding='utf-8') as f:
        releases = yaml.safe_load(f)['releases']
    listed = set()
    for release in releases.values():
        listed.update(('module', entry['name']) for entry in release.get('modules', []))
        for kind, entries in release.get('plugins', {}).items():
            listed.update((kind, entry['name']) for entry in entries)
        for kind, entries in release.get('objects', {}).items():
            listed.update((kind, entry['name']) for entry in entries)
    present = {('module', p.stem) for p in (REPO / 'plugins' / 'modules').glob('*.py')}
    present |= {('filter', p.stem) for p in (REPO / 'plugins' / 'filter').glob('*.py')}
    present |= {('role', p.name) for p in (REPO / 'roles').iterdir() if (p / 'meta' / 'argument_specs.yml').is_file()}
    assert present - listed == set()
    assert 'vb365.backup Release Notes' in (REPO / 'CHANGELOG.rst').read_text(encoding='utf-8')
