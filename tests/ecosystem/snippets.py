# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The code blocks of a page in the order a reader meets them, with what comes between them.

reStructuredText: ``.. code-block:: console`` (commands after a ``$`` prompt), ``yaml`` (with ``:caption: FILE``
when the page says to save it as FILE) and ``text``; the generated outputs (``outputs.py``). Markdown: fenced
``sh`` blocks (every line a command, ``#`` starts a comment) and ``yaml`` blocks (``# FILE`` as the first line
when it is a file).
"""

import re

RST_BLOCK = re.compile(r'^(?P<indent> *)\.\. code-block:: (?P<lang>\S+)\n(?P<options>(?:(?P=indent)   :\w+:.*\n)*)\n'
                       r'(?P<body>(?:(?P=indent)   .*\n|\n)+)', re.M)
RST_OUTPUT = re.compile(r'^\.\. BEGIN GENERATED: output (\S+) ', re.M)
MD_BLOCK = re.compile(r'^```(?P<lang>\w+)\n(?P<body>.*?)^```\n', re.M | re.S)


class Block:
    """One code block: ``lang`` (console, sh, yaml, text...), its ``text`` (dedented), the ``file`` it is saved
    as, the ``prose`` between the previous block and this one, and its ``line`` in the page."""

    def __init__(self, lang, text, file=None, prose='', line=0):
        self.lang = lang
        self.text = text
        self.file = file
        self.prose = prose
        self.line = line

    def commands(self):
        """The commands of a console or sh block, as typed."""
        if self.lang == 'console':
            return [line[2:] for line in self.text.split('\n') if line.startswith('$ ')]
        return [line.split(' #', 1)[0].rstrip() for line in self.text.split('\n')
                if line.strip() and not line.lstrip().startswith('#')]

    def __repr__(self):
        return '<%s block, line %d%s>' % (self.lang, self.line, ', file %s' % self.file if self.file else '')


class Output:
    """A generated output (``outputs.py``) of the page, named ``name``."""

    def __init__(self, name, prose='', line=0):
        self.name = name
        self.prose = prose
        self.line = line
        self.lang = 'output'

    def __repr__(self):
        return '<output %s, line %d>' % (self.name, self.line)


def rst_items(text):
    found = []
    for match in RST_BLOCK.finditer(text):
        indent = len(match.group('indent')) + 3
        body = '\n'.join(line[indent:] for line in match.group('body').rstrip('\n').split('\n'))
        caption = re.search(r':caption: (\S+)', match.group('options'))
        found.append((match.start(), match.end(), Block(match.group('lang'), body, caption and caption.group(1))))
    for match in RST_OUTPUT.finditer(text):
        end = text.index('.. END GENERATED: output %s' % match.group(1), match.end())
        found.append((match.start(), end, Output(match.group(1))))
    return _in_order(text, found)


def markdown_items(text):
    found = []
    for match in MD_BLOCK.finditer(text):
        body = match.group('body').rstrip('\n')
        first = body.split('\n', 1)[0]
        name = re.match(r'# (\S+\.ya?ml)$', first) if match.group('lang') == 'yaml' else None
        found.append((match.start(), match.end(), Block(match.group('lang'), body, name and name.group(1))))
    return _in_order(text, found)


def _in_order(text, found):
    """The items sorted, each with the prose before it and its line; blocks inside an output are the output's."""
    items, previous_end = [], 0
    for start, end, item in sorted(found, key=lambda entry: entry[0]):
        if start < previous_end:
            continue
        item.prose = text[previous_end:start]
        item.line = text.count('\n', 0, start) + 1
        items.append(item)
        previous_end = end
    return items


def section(text, heading, level='## '):
    """A Markdown section: from its heading to the next heading of the same level."""
    start = text.index('\n%s%s\n' % (level, heading))
    following = text.find('\n' + level, start + 1)
    return text[start:following if following != -1 else len(text)]


def rst_section(text, heading):
    """A reStructuredText section (underlined with ``-``): from its heading to the next one."""
    match = re.search(r'^%s\n-+\n' % re.escape(heading), text, re.M)
    following = re.search(r'^\S.*\n-{3,}\n', text[match.end():], re.M)
    return text[match.start():match.end() + following.start() if following else len(text)]
