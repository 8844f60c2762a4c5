# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The first hour of a user: the quick starts and Getting started run as pasted, against ``make sim``.

``make sim`` is started as a user starts it, and its ``export`` lines are what every page's connection block is
replaced with (the pages say to do exactly that). Every other code block runs as written, in order, in one shell
per page (variables carry over, as in a terminal), with a HOME of its own and this venv's ansible on PATH:
commands as typed, YAML saved under the file name the page gives. What a reader must replace is marked on the
page, and the test puts in what a reader would (``STAND_INS``). Each generated output of a page ("What to
expect") must be what the command before it printed (``outputs.py``; ``make generate-outputs`` writes them).
"""

import os
import re
import socket
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, SIM_PASSWORD, SIM_USERNAME
from makesim import MakeSim
from outputs import USER_CHECKOUT, USER_HOME, Outputs
from snippets import Block, markdown_items, rst_items, section

DOCSITE = REPO / 'docs' / 'docsite' / 'rst'
GALAXY = yaml.safe_load((REPO / 'galaxy.yml').read_text(encoding='utf-8'))
PAGES = {
    'readme': (REPO / 'README.md', lambda text: markdown_items(section(text, 'Quick start'))),
    'landing': (REPO / 'docs' / 'site' / 'landing.rst', rst_items),
    'getting_started': (DOCSITE / 'getting_started.rst', rst_items),
}
# What a page tells the reader to replace or to do elsewhere, and what the test does instead:
# - the connection block (your server's values), replaced by the lines `make sim` printed;
# - `ansible-galaxy collection install vb365.backup` installs the collection built from this tree (no Galaxy here);
# - `role: NAME  # replace with your own role...` gets an empty role NAME next to the playbook;
# - the try-it block (clone, cd, make sim) is what the `make_sim` fixture did;
# - `make demo` and `make test` are tested by test_demo.py and by CI itself.
CONNECTION = 'export VB365_SERVER=vb365.example.com'
GALAXY_INSTALL = 'ansible-galaxy collection install vb365.backup'
OWN_ROLE = re.compile(r'^\s*- role: (\w+)\s+# replace with your own role', re.M)
TRY_IT = ['git clone %s.git' % GALAXY['repository'], 'cd backup', 'make sim']
MAKE_ELSEWHERE = {'make sim', 'make demo', 'make test'}


@pytest.fixture(scope='module')
def make_sim(tmp_path_factory):
    sim = MakeSim(REPO, tmp_path_factory.mktemp('make-sim'))
    yield sim
    sim.stop()


class Reader:
    """A user at a terminal: a HOME and a working directory of their own, the venv's ansible and python3 on PATH."""

    def __init__(self, tmp_path):
        self.home = tmp_path / 'home'
        self.cwd = tmp_path / 'work'
        self.state = tmp_path / 'shell.env'
        self.home.mkdir()
        self.cwd.mkdir()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(('ANSIBLE_', 'VB365_', 'MAKE', 'PYTHONPATH'))}
        self.env.update(HOME=str(self.home), PATH='%s:%s' % (os.path.dirname(sys.executable), os.environ['PATH']))

    def run(self, commands):
        """Run the commands in this reader's shell; their output (stdout and stderr, as a terminal shows them)."""
        script = ['set -e', 'cd %s' % self.cwd]
        if self.state.exists():
            script.append('source %s' % self.state)
        script += list(commands) + ['export -p > %s' % self.state]
        proc = subprocess.run(['bash', '-c', '\n'.join(script)], env=self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, check=False, timeout=300)
        assert proc.returncode == 0, 'the commands %s failed:\n%s' % (commands, proc.stdout)
        assert SIM_PASSWORD not in proc.stdout
        return proc.stdout


def read_page(reader, path, items, make_sim, tarball, outputs):
    """Run a page's blocks in order; check its outputs. Returns what ran, for the tests' own assertions."""
    ran, files, last_output = [], {}, None
    for item in items:
        if item.lang == 'output':
            assert last_output is not None, '%s:%d: an output with no command before it' % (path.name, item.line)
            outputs.check(path, item.name, last_output)
            last_output = None
            continue
        if item.lang == 'yaml':
            assert item.file, '%s:%d: a YAML block must say which file it is (a caption)' % (path.name, item.line)
            for role in OWN_ROLE.findall(item.text):
                (reader.cwd / 'roles' / role / 'tasks').mkdir(parents=True, exist_ok=True)
                (reader.cwd / 'roles' / role / 'tasks' / 'main.yml').write_text('[]\n', encoding='utf-8')
            (reader.cwd / item.file).parent.mkdir(parents=True, exist_ok=True)
            (reader.cwd / item.file).write_text(item.text + '\n', encoding='utf-8')
            files[item.file] = item
            continue
        if item.lang not in ('console', 'sh'):
            continue
        commands = item.commands()
        if any(command.startswith(CONNECTION) for command in commands):
            assert 'make sim' in item.prose, '%s:%d: the connection block must say what to paste instead' % (path.name, item.line)
            commands = make_sim.export_lines()
        elif commands == TRY_IT:
            last_output = make_sim.banner()
            ran.append(commands)
            continue
        elif set(commands) <= MAKE_ELSEWHERE:
            ran.append(commands)
            continue
        commands = [command.replace(GALAXY_INSTALL, 'ansible-galaxy collection install %s' % tarball)
                    if command == GALAXY_INSTALL else command for command in commands]
        last_output = reader.run(commands)
        ran.append(commands)
    unused = [name for name in files if not any(name in ' '.join(commands) for commands in ran)]
    for name in unused:
        # A file for another tool (AWX's project sync): it must at least admit this version.
        assert name == 'collections/requirements.yml', '%s: nothing runs %s' % (path.name, name)
        requirement = yaml.safe_load(files[name].text)['collections'][0]
        assert requirement['name'] == 'vb365.backup' and admits(requirement['version'], GALAXY['version'])
    return ran


def admits(spec, version):
    """Whether a Galaxy version range such as '>=1.0.0,<2.0.0' admits the version."""
    def key(text):
        return tuple(int(part) for part in text.split('.'))
    ops = {'>=': lambda a, b: a >= b, '<': lambda a, b: a < b, '>': lambda a, b: a > b, '<=': lambda a, b: a <= b,
           '==': lambda a, b: a == b}
    for clause in spec.split(','):
        op, bound = re.match(r'\s*(>=|<=|==|<|>)\s*(\S+)', clause).groups()
        if not ops[op](key(version), key(bound)):
            return False
    return True


@pytest.mark.parametrize('page', sorted(PAGES))
def test_the_page_runs_as_pasted_and_shows_what_to_expect(page, make_sim, tarball, tmp_path):
    path, parse = PAGES[page]
    items = parse(path.read_text(encoding='utf-8'))
    reader = Reader(tmp_path)
    outputs = Outputs([(REPO, USER_CHECKOUT), (make_sim.state_dir, USER_CHECKOUT + '/.build/sim'),
                       (reader.home, USER_HOME), (str(reader.cwd) + '/', '')], port=make_sim.port)
    ran = read_page(reader, path, items, make_sim, tarball, outputs)
    typed = [command for commands in ran for command in commands]
    # What every quick start has: the install, an ad hoc read that picks the backup job, and a gate that opens.
    assert any(command.startswith('ansible-galaxy collection install ') for command in typed), typed
    assert any(command.startswith('ansible localhost -m vb365.backup.job_session_info ') for command in typed), typed
    assert any(command.startswith('ansible-playbook ') for command in typed), typed
    if page == 'getting_started':
        assert TRY_IT in ran


def test_the_placeholders_say_to_replace_them():
    """The blocks the test changes are the ones the pages tell a reader to change."""
    for page, (path, parse) in sorted(PAGES.items()):
        items = [item for item in parse(path.read_text(encoding='utf-8')) if isinstance(item, Block)]
        connection = [item for item in items if CONNECTION in item.text]
        assert len(connection) == 1, page
        assert 'replace' in connection[0].prose and 'make sim' in connection[0].prose, page
        for item in items:
            for line in item.text.split('\n'):
                if re.match(r'\s*- role: (?!vb365\.backup\.)', line):
                    assert OWN_ROLE.match(line), '%s: %r does not say to replace it' % (page, line)


def test_make_sim_prints_the_lines_to_paste(make_sim):
    env = make_sim.environment()
    assert sorted(env) == ['VB365_CA_PATH', 'VB365_PASSWORD', 'VB365_PORT', 'VB365_SERVER', 'VB365_USERNAME']
    assert env['VB365_SERVER'] == '127.0.0.1' and env['VB365_USERNAME'] == SIM_USERNAME
    assert env['VB365_PASSWORD'] == SIM_PASSWORD and os.path.isfile(env['VB365_CA_PATH'])
    banner = make_sim.banner()
    assert "the simulator's demo credentials, not a real server's" in banner
    assert re.search(r'with Python 3\.\d+\.\d+ \(\S+\)', banner), banner


def test_make_sim_uses_port_4443_unless_it_is_taken(tmp_path):
    listening = socket.socket()
    listening.bind(('127.0.0.1', 0))
    listening.listen()
    busy = listening.getsockname()[1]
    assert subprocess.run(['make', '-s', 'print-SIM_PORT'], cwd=str(REPO), capture_output=True, text=True,
                          check=True).stdout.strip() == '4443'
    sim = MakeSim(REPO, tmp_path / 'state', port=busy)
    try:
        assert 'Port %d is in use (another simulator, or a VB365 server?): using a free port instead.' % busy in sim.lines
        assert sim.port != busy
    finally:
        sim.stop()
        listening.close()


@pytest.mark.parametrize('how', ['interrupt', 'terminate'])
def test_ctrl_c_and_sigterm_stop_it_and_leave_nothing_running(how, tmp_path):
    sim = MakeSim(REPO, tmp_path / 'state')
    try:
        port = sim.port
        getattr(sim, how)()
        sim.wait()
    finally:
        sim.stop()
    assert sim.lines[-1] == 'Simulator stopped.', sim.output()
    assert not (tmp_path / 'state' / 'server.json').exists()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(('127.0.0.1', port), timeout=5).close()
    running = subprocess.run(['pgrep', '-f', str(tmp_path / 'state')], capture_output=True, text=True, check=False)
    assert running.stdout == ''
