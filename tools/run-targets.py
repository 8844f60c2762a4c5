#!/usr/bin/env python
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run make targets side by side, each in its own sub-make with its output in a log file; summarise them.

    tools/run-targets.py NAME JOBS LOG_DIR TARGET [TARGET ...]

At most JOBS targets run at once, in the order given (give the longest first). Each target's output goes to
LOG_DIR/<target>.log; its last lines are printed when it fails. The summary ends with the line
"make NAME: N passed, N failed" and the exit status is 1 when any target failed. Many of the targets wait
on simulators, module processes and ansible-test rather than compute, so more of them than cores fit.
Standard library only.
"""

import os
import subprocess
import sys
import time

TAIL_LINES = 60


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    name, jobs, log_dir, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    os.makedirs(log_dir, exist_ok=True)
    make = os.environ.get('MAKE', 'make')
    waiting, running, done = list(targets), {}, []
    started_all = time.monotonic()
    while waiting or running:
        while waiting and len(running) < jobs:
            target = waiting.pop(0)
            log = open(os.path.join(log_dir, target + '.log'), 'w')
            print('==> make %s (log: %s)' % (target, log.name), flush=True)
            proc = subprocess.Popen([make, '--no-print-directory', target], stdout=log, stderr=subprocess.STDOUT)
            running[target] = (proc, log, time.monotonic())
        time.sleep(0.5)
        for target, (proc, log, started) in list(running.items()):
            if proc.poll() is None:
                continue
            log.close()
            seconds = int(time.monotonic() - started)
            passed = proc.returncode == 0
            done.append((target, passed, seconds))
            del running[target]
            print('<== make %s: %s in %d s' % (target, 'passed' if passed else 'FAILED', seconds), flush=True)
            if not passed:
                with open(log.name, errors='replace') as handle:
                    lines = handle.read().splitlines()
                print('\n'.join('    ' + line for line in lines[-TAIL_LINES:]), flush=True)
    failed = [target for target, passed, seconds in done if not passed]
    print('==> make %s (%d s in all):' % (name, int(time.monotonic() - started_all)))
    for target, passed, seconds in done:
        print('  %-26s %-6s %5ss' % (target, 'passed' if passed else 'FAILED', seconds))
    print('make %s: %d passed, %d failed' % (name, len(done) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
