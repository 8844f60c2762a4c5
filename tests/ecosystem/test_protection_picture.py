# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The protection guide's picture of each organization's objects is drawn from what the module answers.

``protected_object_info`` runs against the simulator with the options of the guide's "Look before you gate"; its
``summary`` becomes Graphviz text (a bar per organization, its objects by state), which must be the guide's
(``make generate-outputs`` writes it; the docs build draws it with dot: docs/site/conf.py, "pictures").
"""

import json
import os
import subprocess

from conftest import REPO, SIM_PASSWORD, SIM_USERNAME, tool
from outputs import Outputs

GUIDE = REPO / 'docs' / 'docsite' / 'rst' / 'protection.rst'
# The states of an object, in the order of the bars, with their colours and words.
STATES = (
    ('protected', '#43a047', 'protected'),
    ('stale', '#f9a825', 'stale backup'),
    ('never_backed_up', '#e53935', 'never backed up'),
    ('unprotected', '#8e24aa', 'in no backup'),
    ('deleted', '#b0bec5', 'deleted in Microsoft 365'),
    ('excluded', '#eceff1', 'excluded'),
)
BAR_WIDTH = 320
DIRECTIVE = '''picture: organizations
   :caption: Each organization of the simulator, its objects by state (drawn from protected_object_info's summary).
   :alt: One bar per organization: Contoso has objects in no backup and one never backed up, Fabrikam and Northwind
         are fully protected, Adatum was removed from VB365.'''


def widths(counts):
    """Bar segments in points: proportional, at least 6 points for a state that has objects, adding up to BAR_WIDTH."""
    total = sum(counts)
    sizes = [max(6, round(BAR_WIDTH * count / total)) if count else 0 for count in counts]
    sizes[sizes.index(max(sizes))] += BAR_WIDTH - sum(sizes)
    return sizes


def picture(summary):
    """Graphviz text: a table of organizations, each with a bar of its objects by state and its total."""
    rows = ['<TR><TD ALIGN="LEFT"><B>organization</B></TD><TD ALIGN="LEFT"><B>its users, groups, sites and teams</B>'
            '</TD><TD ALIGN="RIGHT"><B>objects</B></TD></TR>']
    for entry in summary:
        counts = [entry.get(state) or 0 for state, _colour, _words in STATES]
        # A segment wide enough for its number shows it.
        cells = ''.join('<TD WIDTH="%d" HEIGHT="18" FIXEDSIZE="TRUE" BGCOLOR="%s">%s</TD>'
                        % (width, colour, '<FONT POINT-SIZE="9" COLOR="white">%d</FONT>' % count if width >= 26 else '')
                        for width, count, (_state, colour, _words) in zip(widths(counts), counts, STATES) if width)
        name = entry['organization_name'] + (' (removed from VB365)' if entry['removed'] else '')
        rows.append('<TR><TD ALIGN="LEFT">%s</TD><TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
                    '<TR>%s</TR></TABLE></TD><TD ALIGN="RIGHT">%d</TD></TR>' % (name, cells, sum(counts)))
    legend = ''.join('<TD BGCOLOR="%s" WIDTH="12" HEIGHT="12" FIXEDSIZE="TRUE"></TD><TD ALIGN="LEFT">%s</TD>'
                     % (colour, words) for _state, colour, words in STATES)
    rows.append('<TR><TD COLSPAN="3"><TABLE BORDER="0" CELLSPACING="3"><TR>%s</TR></TABLE></TD></TR>' % legend)
    lines = ['digraph protection {',
             '    graph [bgcolor=transparent];',
             '    node [shape=plaintext, fontsize=11];',
             '    summary [label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">']
    lines += ['        %s' % row for row in rows]
    lines += ['    </TABLE>>];', '}']
    return '\n'.join(lines)


def test_the_guide_shows_the_organizations_and_what_to_expect(simulator, installed_collections, tmp_path):
    env = dict(os.environ, VB365_SERVER=simulator.host, VB365_PORT=str(simulator.port), VB365_USERNAME=SIM_USERNAME,
               VB365_PASSWORD=SIM_PASSWORD, VB365_CA_PATH=simulator.ca_path, ANSIBLE_COLLECTIONS_PATH=str(installed_collections))
    proc = subprocess.run([tool('ansible'), 'localhost', '-m', 'vb365.backup.protected_object_info',
                           '-a', 'include_unprotected=true list_objects=none'], env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The ad hoc output: "localhost | SUCCESS => {...}".
    result = json.loads(proc.stdout[proc.stdout.index('{'):])
    summary = result['summary']
    assert [entry['organization_name'] for entry in summary][:2] == ['contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com']
    assert summary[0]['unprotected'] > 0 and summary[0]['total'] == sum(summary[0][s] or 0 for s, _c, _w in STATES)
    Outputs().check(GUIDE, 'organizations', picture(summary), directive=DIRECTIVE)


def test_widths_add_up_and_show_every_state_that_has_objects():
    assert widths([10625, 0, 0, 0, 0, 0]) == [BAR_WIDTH, 0, 0, 0, 0, 0]
    sizes = widths([18, 0, 1, 3, 1, 0])
    assert sum(sizes) == BAR_WIDTH and all(size >= 6 for size, count in zip(sizes, [18, 0, 1, 3, 1, 0]) if count)
