# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""CHANGELOG.rst is what `antsibull-changelog generate` makes of changelogs/changelog.yaml.

Regenerate it with `antsibull-changelog generate` (in the repository root) after changing
changelog.yaml or config.yaml, and commit both.
"""

import re
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
    # A plugin new in the coming release (version_added: the version galaxy.yml names, not released yet) is
    # listed by `antsibull-changelog release`, which finds it through version_added; every other one must be.
    with open(REPO / 'galaxy.yml', encoding='utf-8') as f:
        coming = str(yaml.safe_load(f)['version'])
    assert coming not in releases, 'galaxy.yml names %s, which is released already: bump it' % coming
    pending = {(kind, name) for kind, name in present - listed if _version_added(kind, name) == coming}
    # A role new in the coming release has no version_added: a fragment's "add object.role" section announces it.
    for fragment in (REPO / 'changelogs' / 'fragments').glob('*.yml'):
        with open(fragment, encoding='utf-8') as f:
            pending.update(('role', entry['name']) for entry in (yaml.safe_load(f) or {}).get('add object.role', []))
    assert present - listed - pending == set()
    assert 'vb365.backup Release Notes' in (REPO / 'CHANGELOG.rst').read_text(encoding='utf-8')


def _version_added(kind, name):
    """The plugin's own version_added (module and filter files; a role has none of its own here)."""
    folder = {'module': 'modules', 'filter': 'filter'}.get(kind)
    if folder is None:
        return None
    text = (REPO / 'plugins' / folder / ('%s.py' % name)).read_text(encoding='utf-8')
    found = re.search(r'^version_added: *[\'"]?([0-9.]+)', text, re.M)
    return found.group(1) if found else None
