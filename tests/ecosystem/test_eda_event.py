# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The EDA guide's "What an event looks like" is an event the source really puts on the queue.

The source runs in this process, as ansible-rulebook runs it (``main(queue, args)``), with the options of the
guide's rulebook and ``since: 8d`` so that it replays the simulator's failed OneDrive backup of last week. The
event must be the guide's JSON (outputs.py: times and ids normalised; ``make generate-outputs`` writes it).
tests/eda runs the whole rulebook under a real ansible-rulebook (``make eda``).
"""

import asyncio
import json

import pytest
import yaml

from conftest import REPO, SIM_PASSWORD, SIM_USERNAME
from outputs import Outputs

GUIDE = REPO / 'docs' / 'docsite' / 'rst' / 'eda.rst'
ONEDRIVE_WEEKLY = 'OneDrive - Weekly'


def rulebook_source_options():
    """The options the guide's rulebook gives the source (its first code block with a caption)."""
    text = GUIDE.read_text(encoding='utf-8')
    start = text.index(':caption: rulebooks/vb365.yml')
    block = text[start:].split('\n\n', 1)[1].split('\n.. ', 1)[0]
    rulebook = yaml.safe_load('\n'.join(line[3:] for line in block.split('\n')))
    return dict(rulebook[0]['sources'][0]['vb365.backup.job_sessions'])


async def first_failed_event(args, timeout=60):
    # pylint: disable-next=import-error,import-outside-toplevel
    from ansible_collections.vb365.backup.extensions.eda.plugins.event_source.job_sessions import main

    queue = asyncio.Queue()
    source = asyncio.ensure_future(main(queue, args))
    try:
        async def wait():
            while True:
                event = await queue.get()
                if event['job_session']['status'] == 'Failed':
                    return event
        return await asyncio.wait_for(wait(), timeout)
    finally:
        source.cancel()
        with pytest.raises(asyncio.CancelledError):
            await source


def test_the_guide_shows_an_event_and_what_to_expect(simulator, collection_python):  # pylint: disable=unused-argument
    args = rulebook_source_options()
    assert args == {'interval': 60, 'job_type': 'Backup', 'statuses': ['Success', 'Warning', 'Failed']}
    args.update(interval=1, since='8d', server=simulator.host, port=simulator.port, username=SIM_USERNAME,
                password=SIM_PASSWORD, ca_path=simulator.ca_path)
    event = asyncio.run(first_failed_event(args))
    assert event['job_session']['job_name'] == ONEDRIVE_WEEKLY and event['api_version'] == 'v8'
    Outputs().check(GUIDE, 'event', json.dumps(event, indent=2, ensure_ascii=False), directive='code-block:: json')
