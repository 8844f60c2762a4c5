# Copyright (c) vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Sphinx configuration of the vb365.backup documentation site that `make docs` builds.
#
# Started from what `antsibull-docs sphinx-init --use-current --squash-hierarchy vb365.backup`
# (antsibull-docs 2.28) generates, with one deliberate change: no intersphinx inventories
# from the web. The generated conf.py downloads the inventories of docs.python.org, jinja and
# docs.ansible.com on every build; without network access that fails, and under -W a failed
# download is an error. The pages antsibull-docs writes refer to a few labels of the Ansible
# documentation (ANSIBLE_DOCS_LABELS below): the build writes a local inventory of exactly
# those, so the references resolve to links into docs.ansible.com without any download.

import os
import re
import zlib

project = 'vb365.backup'
copyright = 'vb365.backup contributors'  # pylint: disable=redefined-builtin

title = 'vb365.backup: Veeam Backup for Microsoft 365 in Ansible'
# The site's title is the collection's name as written (Sphinx would make it "vb365.backup  documentation").
html_title = 'vb365.backup'
html_short_title = 'vb365.backup'

extensions = ['sphinx.ext.autodoc', 'sphinx.ext.intersphinx', 'sphinx_antsibull_ext', 'sphinx.ext.graphviz']

# The guides' pictures: Graphviz text in the pages, drawn by `dot` while the site builds (no network, no image
# files to keep in step). `make docs` names the dot of Debian's graphviz (`make graphviz`). A guide writes a picture
# as an RST comment, `.. picture: NAME` followed by the graphviz directive's options and the dot text, indented:
# antsibull-docs' linter of the guides knows no `graphviz` directive, and the comment shows nothing where Sphinx does
# not run (GitHub, the tarball). _fix_pages turns each into `.. graphviz::`.
PICTURE = re.compile(r'^( *)\.\. picture: [\w-]+$', re.M)
graphviz_dot = os.environ.get('GRAPHVIZ_DOT', 'dot')
graphviz_output_format = 'svg'
graphviz_dot_args = ['-Gfontname=sans-serif', '-Nfontname=sans-serif', '-Efontname=sans-serif']

pygments_style = 'ansible'

highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False

display_version = False

html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# Self-contained: see the comment at the top. Filled in by setup() below.
intersphinx_mapping = {}

ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/latest/'
# Label -> (page relative to ANSIBLE_DOCS, title): the labels of the Ansible documentation that
# antsibull-docs' pages refer to. A new one shows up as an "undefined label" warning, which -W
# turns into a build failure: add it here.
ANSIBLE_DOCS_LABELS = {
    'action_plugins': ('plugins/action.html', 'Action plugins'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'Ansible Configuration Settings'),
    'common_return_values': ('reference_appendices/common_return_values.html', 'Return Values'),
}


def _write_ansible_inventory(app, config):
    """Write a Sphinx inventory (objects.inv, version 2) of ANSIBLE_DOCS_LABELS and map it as 'ansible'."""
    path = os.path.join(app.doctreedir, 'ansible-objects.inv')
    os.makedirs(app.doctreedir, exist_ok=True)
    entries = ''.join('%s std:label -1 %s %s\n' % (label, page, title)
                      for label, (page, title) in sorted(ANSIBLE_DOCS_LABELS.items()))
    with open(path, 'wb') as f:
        f.write(b'# Sphinx inventory version 2\n# Project: Ansible\n# Version: latest\n'
                b'# The remainder of this file is compressed using zlib.\n')
        f.write(zlib.compress(entries.encode('utf-8')))
    config.intersphinx_mapping = {'ansible': (ANSIBLE_DOCS, (path,))}


default_role = 'any'

nitpicky = True


# antsibull-docs titles the index and changelog pages with the collection's name in title case
# ("Vb365.Backup"); the collection's name is written in lower case. Same length, so the RST
# underlines still fit.
WRONG_TITLE, TITLE = 'Vb365.Backup', 'vb365.backup'
# The landing page (the index antsibull-docs writes) gets the quick start of landing.rst after
# the collection's description, before its "Communication" section.
LANDING_QUICK_START = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'landing.rst')
LANDING_ANCHOR = '.. Communication'


# antsibull-docs puts the changelog's toctree first, so the landing page's "Next" would lead a newcomer to the
# changelog: it goes to the end of the page, and "Next" leads to the first guide, Getting started.
CHANGELOG_SECTION = '.. _changelog_section_for_vb365.backup:'
AFTER_CHANGELOG = 'Guides\n------\n'


def _changelog_last(text):
    start = text.find(CHANGELOG_SECTION)
    end = text.find(AFTER_CHANGELOG, start)
    if start == -1 or end == -1:
        raise ValueError('docs/site/conf.py: the index page has no %r followed by the guides; where is the changelog now?'
                         % CHANGELOG_SECTION)
    return text[:start] + text[end:].rstrip('\n') + '\n\n' + text[start:end].rstrip('\n') + '\n'


def _fix_pages(app, docname, source):
    text = PICTURE.sub(r'\1.. graphviz::', source[0].replace(WRONG_TITLE, TITLE))
    if docname == app.config.root_doc:
        if LANDING_ANCHOR not in text:
            raise ValueError('docs/site/conf.py: no %r in the index page; where does the quick start go now?' % LANDING_ANCHOR)
        with open(LANDING_QUICK_START, encoding='utf-8') as f:
            text = text.replace(LANDING_ANCHOR, f.read() + '\n' + LANDING_ANCHOR, 1)
        text = _changelog_last(text)
    source[0] = text


def setup(app):
    app.connect('source-read', _fix_pages)
    # Before sphinx.ext.intersphinx reads intersphinx_mapping (also on config-inited, priority 800).
    app.connect('config-inited', _write_ansible_inventory, priority=100)
