# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The guides' "What to expect": real outputs from the simulator, kept in the pages between markers.

A page holds an output as

    .. BEGIN GENERATED: output NAME (make generate-outputs, from the simulator)

    .. code-block:: text

       ...

    .. END GENERATED: output NAME

The tests that run the page's examples produce each output and call ``Outputs.check``: it fails when the page's
output differs from the real one, and with VB365_WRITE_OUTPUTS=1 (``make generate-outputs``) it writes the real one
instead. Both sides are compared after ``normalise``: times, ages, ids and version numbers change from run to run,
the words and the shape must not. What is written is the output as a user of ``make sim`` would see it: the paths
of the test's temporary directories and its simulator's port replaced by those of a user (``display``).
"""

import os
import re

WRITE = os.environ.get('VB365_WRITE_OUTPUTS') == '1'
# A user's checkout, home and simulator, in the outputs the pages show.
USER_HOME = '/home/you'
USER_CHECKOUT = '/home/you/backup'
USER_PORT = 4443
TEXT = 'code-block:: text'
SECTION_RE = r'(?P<begin>^\.\. BEGIN GENERATED: output %s \([^\n]*\)\n)(?P<body>.*?)(?P<end>^\.\. END GENERATED: output %s\n)'
NORMALISE = (
    (re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?'), '<time>'),
    (re.compile(r'\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d:\d\d [AP]M'), '<time>'),
    (re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'), '<id>'),
    (re.compile(r'\b\d+[dhm] \d+[hms]\b'), '<age>'),
    (re.compile(r'("(?:age_seconds|duration_seconds)": )\d+'), r'\1<n>'),
    (re.compile(r'Python \d+\.\d+\.\d+'), 'Python <version>'),
    (re.compile(r'ansible-core \d+\.\d+\.\d+'), 'ansible-core <version>'),
    # ansible-playbook pads its task headers with stars to the terminal's width.
    (re.compile(r' \*+$', re.M), ' ***'),
)


def normalise(text):
    for pattern, replacement in NORMALISE:
        text = pattern.sub(replacement, text)
    return text.strip('\n')


def section_re(name):
    return re.compile(SECTION_RE % (re.escape(name), re.escape(name)), re.M | re.S)


def names_in(path):
    """The names of the generated outputs of a page, in order."""
    with open(path, encoding='utf-8') as handle:
        return re.findall(r'^\.\. BEGIN GENERATED: output (\S+) ', handle.read(), re.M)


def block(text, directive=TEXT):
    """The output as the page shows it: by default a text code block (no highlighting: it is a transcript)."""
    lines = ['   ' + line if line.strip() else '' for line in text.strip('\n').split('\n')]
    return '\n.. %s\n\n' % directive + '\n'.join(lines) + '\n\n'


def unblock(body):
    """The output a page shows, from its generated section (what follows the directive and its options)."""
    lines = body.strip('\n').split('\n')
    if not lines or not lines[0].startswith('.. ') or '' not in lines:
        return None
    return '\n'.join(line[3:] for line in lines[lines.index('') + 1:])


class Outputs:
    """Checks (or writes) the outputs of pages, shown as a user would see them."""

    def __init__(self, replacements=(), port=None):
        # (text, what a user sees instead), longest first, so that a path inside another is replaced last.
        self.replacements = sorted(((str(a), b) for a, b in replacements if a), key=lambda pair: -len(pair[0]))
        self.port = port

    def display(self, text):
        for actual, shown in self.replacements:
            text = text.replace(actual, shown)
        if self.port:
            text = re.sub(r'(:|VB365_PORT=)%d\b' % self.port, r'\g<1>%d' % USER_PORT, text)
        # Trailing spaces (ansible's PLAY RECAP has them) would only make the page's source untidy.
        return '\n'.join(line.rstrip() for line in text.strip('\n').split('\n'))

    def check(self, path, name, output, directive=TEXT):
        """Fail unless the page's output ``name`` is ``output`` (normalised); write it instead in write mode.

        ``directive`` is how the page shows it: a text code block, ``code-block:: json``, or ``graphviz::`` with
        its options (a picture drawn from the output)."""
        with open(path, encoding='utf-8') as handle:
            page = handle.read()
        match = section_re(name).search(page)
        assert match, '%s has no generated output %r' % (path, name)
        shown = self.display(output)
        if WRITE:
            if normalise(unblock(match.group('body')) or '') != normalise(shown) or \
                    not match.group('body').startswith('\n.. %s\n' % directive):
                page = page[:match.start('body')] + block(shown, directive) + page[match.end('body'):]
                with open(path, 'w', encoding='utf-8') as handle:
                    handle.write(page)
            return
        assert match.group('body').startswith('\n.. %s\n' % directive), \
            '%s: the output %r is not shown as %r: run `make generate-outputs`' % (path, name, directive)
        current = unblock(match.group('body'))
        assert current is not None, '%s: the output %r is empty: run `make generate-outputs`' % (path, name)
        assert normalise(current) == normalise(shown), (
            '%s: the output %r is not what the example prints now (run `make generate-outputs`):\n%s'
            % (path, name, shown))
