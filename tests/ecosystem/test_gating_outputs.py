# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The gating guide's "What to expect": what the play before each output prints, the gate open and closed.

The play runs as test_gating_guide.py runs every play of the guide (the guide's module_defaults pointed at the
simulator), for real, with stdout and stderr in one stream as a terminal shows them; outputs.py compares it with
the guide (``make generate-outputs`` writes it).
"""

import pytest

from outputs import Outputs
from snippets import Output, rst_items
from test_gating_guide import GUIDE, outcome, playbook, reset, run_play, workdir  # noqa: F401 pylint: disable=unused-import


def shown_outputs():
    """(the name of each generated output of the guide, the play before it)."""
    items = rst_items(GUIDE.read_text(encoding='utf-8'))
    return [pytest.param(item.name, previous.text, id=item.name)
            for previous, item in zip(items, items[1:]) if isinstance(item, Output)]


def test_the_guide_has_an_open_and_a_closed_gate():
    assert [param.id for param in shown_outputs()] == ['gate-open', 'gate-closed']


@pytest.mark.parametrize('name, body', shown_outputs())
def test_the_guide_shows_what_to_expect(name, body, workdir, simulator, collection_tree):  # pylint: disable=redefined-outer-name
    data, starts = playbook(body)
    assert not starts
    reset(simulator)
    proc = run_play(workdir, simulator, data, check=False, merged=True)
    assert outcome(proc) == name.split('-')[1]
    outputs = Outputs([(collection_tree.parents[2], '~/.ansible/collections'), (str(workdir) + '/', '')],
                      port=simulator.port)
    outputs.check(GUIDE, name, proc.stdout)
