# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every play of the guide "Before you upgrade VB365 or patch its proxies" runs, in --check and for real.

The same harness as the gating guide's (test_gating_guide.py): each YAML block becomes a playbook run against
the simulator; the plays on other hosts than localhost (the proxies' patch play) are limited away. On the seed
the backups and every precondition are good, so the gate opens; with the simulator's switches the same play
closes with a message that names every failing precondition.
"""


import pytest

from test_gating_guide import outcome, playbook, reset, run_play, workdir  # noqa: F401 pylint: disable=unused-import
from conftest import REPO
from guides import yaml_blocks

GUIDE = REPO / 'docs' / 'docsite' / 'rst' / 'preconditions.rst'


def blocks():
    return [body for dummy, body in yaml_blocks(GUIDE)]


def test_the_guide_has_a_complete_play():
    plays = [block for block in blocks() if 'hosts: vb365_proxies' in block]
    assert len(plays) == 1 and 'vb365.backup.job_session_gate' in plays[0]


@pytest.mark.parametrize('body', blocks())
def test_every_play_of_the_guide_opens_on_the_seed_in_check_mode_and_for_real(body, workdir, simulator):  # noqa: F811
    data, dummy = playbook(body)
    for check in (True, False):
        reset(simulator)
        assert outcome(run_play(workdir, simulator, data, check=check)) == 'open'


def test_the_complete_play_closes_naming_every_failing_precondition(workdir, simulator):  # noqa: F811
    import json  # pylint: disable=import-outside-toplevel
    import ssl  # pylint: disable=import-outside-toplevel
    import urllib.request  # pylint: disable=import-outside-toplevel

    body = next(block for block in blocks() if 'hosts: vb365_proxies' in block)
    data, dummy = playbook(body)
    reset(simulator)
    switches = {'license': {'expires_in_days': 12}, 'proxies': {'3bc26a2c-ea5c-53c7-9d5b-e7c893527203': {'offline': True}},
                'repositories': {'ce19de31-329d-4f0f-b85e-4424cc2e6821': {'out_of_sync': True}}}
    request = urllib.request.Request(simulator.url + '/_sim/config', data=json.dumps(switches).encode(), method='POST',
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, context=ssl.create_default_context(cafile=simulator.ca_path), timeout=30):
        pass
    proc = run_play(workdir, simulator, data, check=False)
    assert outcome(proc) == 'closed'
    for line in ('fewer than job_session_gate_license_min_days_left 30',
                 "repository 'Contoso - Local': out_of_sync (job_session_gate_repository_problems)",
                 "proxy 'vbo-proxy02.corp.local': status Offline (job_session_gate_proxies_online)"):
        assert line in proc.stdout, proc.stdout
    reset(simulator)
