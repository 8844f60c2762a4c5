# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The YAML examples of a guide (``.. code-block:: yaml`` in its .rst), for the tests that run them."""

import re

import pytest

BLOCK_RE = re.compile(r'^\.\. code-block:: yaml\n\n((?:   .*\n|\n)+)', re.MULTILINE)


def yaml_blocks(path):
    """(heading of the section it is in, the block's text unindented) for each YAML block of the .rst at ``path``."""
    text = path.read_text(encoding='utf-8')
    found = []
    for match in BLOCK_RE.finditer(text):
        body = '\n'.join(line[3:] for line in match.group(1).rstrip('\n').split('\n')) + '\n'
        above = text[:match.start()].rstrip().split('\n')
        heading = next((above[i - 1] for i in range(len(above) - 1, 0, -1) if re.match(r'^-{3,}$', above[i])), '')
        found.append((heading, body))
    return found


def block_params(path):
    """The YAML blocks as pytest parameters, each named by its section and its number."""
    return [pytest.param(body, id='%s-%d' % (heading, number))
            for number, (heading, body) in enumerate(yaml_blocks(path))]
