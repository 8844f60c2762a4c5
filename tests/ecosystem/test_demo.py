# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make demo` from a fresh clone, for someone who already installed the collection.

The Getting started page tells a newcomer to install the collection into ~/.ansible/collections;
the demo must then still run its own checkout's collection, and tell its short story without a
warning. The test clones this repository into a temporary directory, uses a temporary HOME
(the real ~ is untouched) with a stale copy of the collection installed there, and runs
`make demo` in the clone: once with the newest Python found here (ansible-core 2.21), once with
PYTHON= a Python 3.11, the stock Debian 12 one (ansible-core 2.19, the newest release that runs on
it). The clone's .venv/demo is a link to a venv of this checkout that tools/run-venv (what make demo
runs) builds or finds current first, so that reruns do not download ansible-core again; in the
clone, make demo's tools/run-venv checks it and uses it.
"""

import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO, run, tool

PIP_CACHE = os.environ.get('PIP_CACHE_DIR') or os.path.expanduser('~/.cache/pip')
STALE_MESSAGE = 'STALE COPY FROM ~/.ansible/collections'
# What a stale job_session_info does: fail, saying where it comes from.
STALE_MODULE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule
AnsibleModule(argument_spec={}, bypass_checks=True).fail_json(msg=%r)
''' % STALE_MESSAGE


@pytest.fixture(scope='module')
def home_with_stale_copy(tmp_path_factory):
    """A HOME whose ~/.ansible/collections holds a vb365.backup 0.0.1 that cannot read a session."""
    tree = tmp_path_factory.mktemp('stale') / 'backup'
    shutil.copytree(REPO, tree, symlinks=True,
                    ignore=shutil.ignore_patterns('.git', '.venv', '.build', 'tests', 'docs', 'bench'))
    galaxy = tree / 'galaxy.yml'
    galaxy.write_text(re.sub(r'^version: .*$', 'version: 0.0.1', galaxy.read_text(), flags=re.M))
    (tree / 'plugins' / 'modules' / 'job_session_info.py').write_text(STALE_MODULE)
    dist = tmp_path_factory.mktemp('stale-dist')
    run([tool('ansible-galaxy'), 'collection', 'build', '--output-path', str(dist), str(tree)])
    home = tmp_path_factory.mktemp('home')
    env = clean_env(home)
    run([tool('ansible-galaxy'), 'collection', 'install', str(next(dist.glob('*.tar.gz')))], env=env)
    installed = home / '.ansible' / 'collections' / 'ansible_collections' / 'vb365' / 'backup'
    assert STALE_MESSAGE in (installed / 'plugins' / 'modules' / 'job_session_info.py').read_text()
    return home


def clean_env(home):
    """The environment of a newcomer's shell: no ANSIBLE_* or VB365_* settings, a HOME of its own."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('ANSIBLE_', 'VB365_', 'PYTHONPATH', 'MAKE', 'PIP_CACHE_DIR')) and k != 'PYTHON'}
    env['HOME'] = str(home)
    return env


# The newest Python found here, and the oldest that make demo supports (PYTHON= chooses it).
PYTHONS = {'newest': None, 'python3.11': '3.11'}
# The ansible-core each gets: the newest release that runs on it (2.20 and later need Python 3.12).
CORE_OF_311 = '2.19.'


@pytest.fixture(scope='module', params=sorted(PYTHONS))
def demo(request, home_with_stale_copy, tmp_path_factory):
    """stdout and stderr of `make demo` in a fresh clone of this repository, with the Python of the param."""
    clone = tmp_path_factory.mktemp('clone') / 'backup'
    run(['git', 'clone', '--quiet', str(REPO), str(clone)])
    env = clean_env(home_with_stale_copy)
    env['PIP_CACHE_DIR'] = PIP_CACHE
    if PYTHONS[request.param]:
        env['PYTHON'] = run([str(REPO / 'tools' / 'find-python'), PYTHONS[request.param]]).stdout.strip()
    # The venv make demo would build, built (or found current) in this checkout, and linked into the clone.
    venv = REPO / '.venv' / ('demo' if request.param == 'newest' else 'demo-%s' % request.param)
    run([str(REPO / 'tools' / 'run-venv'), 'demo', str(venv)], env=env)
    (clone / '.venv').mkdir()
    (clone / '.venv' / 'demo').symlink_to(os.path.realpath(venv))
    proc = subprocess.run(['make', 'demo'], cwd=str(clone), env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert proc.returncode == 0, 'make demo exited %d\n--- stdout\n%s\n--- stderr\n%s' % (proc.returncode, proc.stdout, proc.stderr)
    proc.python = request.param
    return proc


def test_it_says_which_python_and_ansible_core_it_uses(demo):
    first = demo.stdout.splitlines()[0]
    used = re.match(r'Using Python (3\.\d+)\.\d+ \((/\S+)\) and ansible-core (2\.\d+\.\d+)', first)
    assert used, first
    if demo.python == 'python3.11':
        assert used.group(1) == '3.11' and used.group(3).startswith(CORE_OF_311), first
        assert 'ansible-core 2.20 and later need Python 3.12' in first
    else:
        assert int(used.group(1).split('.')[1]) >= 12 and not used.group(3).startswith(CORE_OF_311), first


def test_the_checkout_s_collection_wins(demo):
    assert STALE_MESSAGE not in demo.stdout + demo.stderr
    assert 'Nothing to do' not in demo.stdout + demo.stderr


def test_no_warning_no_error_no_recipe_echo(demo):
    assert demo.stderr == ''
    for word in ('WARNING', 'DEPRECATION', 'ERROR', 'Origin:', 'fatal:', 'TASK [', 'PLAY RECAP', 'make[', 'bash playbooks/demo.sh'):
        assert word not in demo.stdout, word


def test_the_story(demo):
    out = demo.stdout
    lines = out.splitlines()
    assert len(lines) < 40, out
    assert 'a local HTTPS server that speaks the' in out and 'VB365 REST API (v5 to v8)' in out
    # The first session is shown with its job's name.
    assert re.search(r"session a8cf9a63-64c3-4748-9c95-b1fbac0cce1d of job 'Exchange Online - Daily':\n\s+Success,", out), out
    assert re.search(r"Gate A, .*backup job 'Exchange Online - Daily' passes if its newest\n\s+session has status Success and ended less than 26h ago", out)
    assert '-> OPEN: session ' in out and 'job_session_gate_passed=True' in out
    assert re.search(r"Gate B, .*'OneDrive - Weekly'\. Its last run failed a week ago,\n\s+so this gate is meant to close", out)
    assert '-> CLOSED (facts: job_session_gate_passed=False)' in out
    # The gate's own message, once, with the reasons.
    assert out.count('Backup gate CLOSED') == 1
    assert "job 'OneDrive - Weekly', session " in out and 'status Failed is not allowed (allowed: Success)' in out
    assert lines[-1] == 'Summary: gate A opened, gate B closed as expected.'


def test_the_password_never_shows(demo):
    assert 'Veeam-Sim-Passw0rd!' not in demo.stdout + demo.stderr
