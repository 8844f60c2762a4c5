# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Documents plugins/module_utils/_wait.py wait_argument_spec(), validate_wait() and WAIT_POLL_FAILURES.
    # Each module documents its own O(wait): what it waits for differs from module to module.
    DOCUMENTATION = r'''
options:
  wait_timeout:
    description:
      - How long to wait, in seconds, for the whole wait (not for each request). At most V(604800) (a week).
      - The last read is made at this deadline and may take one request's O(timeout); no read or retry starts later.
        So a wait lasts at most O(wait_timeout) + O(timeout) seconds.
      - On timeout the task fails, with the last session seen, the elapsed time and the statuses observed.
    type: int
    default: 3600
  wait_interval:
    description:
      - Seconds between two reads of the session while waiting. Between V(1) and O(wait_timeout).
      - Each read is retried as O(retries) says. A read that still fails in a way that may heal by itself (a connection
        failure, an HTTP 429, 500, 502, 503 or 504 answer) does not end the wait, unless 3 reads in a row fail so.
    type: int
    default: 15
'''
