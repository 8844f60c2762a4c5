# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""outputs.py: a page's "What to expect" may differ from a new run in times, ages and ids only."""

import pytest

import outputs

PAGE = '''Intro.

.. BEGIN GENERATED: output demo (make generate-outputs, from the simulator)

.. code-block:: text

   ok: session 6f0e9c1a-2b7d-4a55-9c3e-51a1c3b8e0f2 ended 2026-12-01T22:41:17.7654321Z, 2h 0m ago on https://127.0.0.1:4443

.. END GENERATED: output demo

After.
'''
NOW = 'ok: session 0b0e9c1a-2b7d-4a55-9c3e-51a1c3b8e0f9 ended 2026-12-07T01:02:03Z, 2h 1m ago on https://127.0.0.1:40123'


@pytest.fixture
def page(tmp_path):
    path = tmp_path / 'page.rst'
    path.write_text(PAGE, encoding='utf-8')
    return path


def test_times_ids_ages_and_the_port_may_change(page):
    outputs.Outputs(port=40123).check(page, 'demo', NOW)


def test_a_changed_word_fails(page):
    with pytest.raises(AssertionError, match='not what the example prints now'):
        outputs.Outputs(port=40123).check(page, 'demo', NOW.replace('ok:', 'failed:'))


def test_a_missing_output_fails(page):
    with pytest.raises(AssertionError, match='has no generated output'):
        outputs.Outputs().check(page, 'other', NOW)


def test_write_mode_writes_what_a_user_sees_and_keeps_the_rest(page, monkeypatch):
    monkeypatch.setattr(outputs, 'WRITE', True)
    outputs.Outputs([('/tmp/xyz', outputs.USER_CHECKOUT)], port=40123).check(page, 'demo', NOW.replace('ok:', 'ko: /tmp/xyz'))
    text = page.read_text(encoding='utf-8')
    assert text.startswith('Intro.\n') and text.endswith('\n.. END GENERATED: output demo\n\nAfter.\n')
    assert '   ko: /home/you/backup session 0b0e9c1a' in text and 'https://127.0.0.1:4443\n' in text
    assert text.count('.. code-block:: text') == 1
