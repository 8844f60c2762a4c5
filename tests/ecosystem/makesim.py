# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make sim`` as a user runs it: in the foreground of a terminal, its lines read, stopped with Ctrl-C.

The tests use what it prints, not the simulator's own files: the ``export`` lines are the ones the pages tell a
user to paste. It runs in a process group of its own, as a terminal's foreground job does, so that ``interrupt``
sends SIGINT to make and the simulator together, as Ctrl-C does.
"""

import os
import re
import signal
import subprocess
import threading
import time

READY = 'Ctrl-C stops the simulator.'


class MakeSim:
    """``make sim`` in ``repo``, with SIM_PORT and SIM_STATE_DIR; ``.lines`` is what it printed so far."""

    def __init__(self, repo, state_dir, port=0, env=None, timeout=120):
        self.state_dir = str(state_dir)
        env = dict(env if env is not None else os.environ)
        # Not a sub-make of the make that runs the tests: a user's make.
        for name in ('MAKEFLAGS', 'MAKELEVEL', 'MFLAGS', 'MAKEOVERRIDES'):
            env.pop(name, None)
        self.proc = subprocess.Popen(['make', '--no-print-directory', 'sim', 'SIM_PORT=%d' % port,
                                      'SIM_STATE_DIR=%s' % state_dir], cwd=str(repo), env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        self.lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while READY not in self.lines:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError('make sim did not get ready:\n%s' % self.output())
            time.sleep(0.05)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip('\n'))

    def output(self):
        return '\n'.join(self.lines)

    def banner(self):
        """What it printed up to and including the line that says how to stop it (the build of its venv excluded)."""
        start = next(i for i, line in enumerate(self.lines) if line.startswith('VB365 REST API simulator'))
        return '\n'.join(self.lines[start:self.lines.index(READY) + 1])

    def export_lines(self):
        """The lines to paste, as printed."""
        return [line.strip() for line in self.lines if line.strip().startswith('export VB365_')]

    def environment(self):
        """The variables the export lines set (they are shlex-quoted: parse them as a shell would)."""
        script = '\n'.join(self.export_lines()) + '\nenv -0\n'
        out = subprocess.run(['bash', '-c', script], env={'PATH': os.environ['PATH']}, capture_output=True,
                             check=True).stdout.decode()
        return dict(item.split('=', 1) for item in out.split('\0') if item.startswith('VB365_'))

    @property
    def port(self):
        return int(re.search(r'VB365_PORT=(\d+)', '\n'.join(self.export_lines())).group(1))

    def interrupt(self):
        """Ctrl-C: SIGINT to the whole foreground job."""
        os.killpg(self.proc.pid, signal.SIGINT)

    def terminate(self):
        """``kill`` of make's pid: SIGTERM to make alone (make passes it on)."""
        self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout=30):
        code = self.proc.wait(timeout)
        self._reader.join(timeout)
        return code

    def stop(self):
        """Ctrl-C, then SIGKILL to the group as a last resort: nothing it started outlives a test."""
        if self.proc.poll() is None:
            self.interrupt()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._reader.join(10)
