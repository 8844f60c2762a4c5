# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs the vb365.backup.token module and hides its successful result from every callback.

Where the module runs (in the controller's worker process or as a module): see
plugins/plugin_utils/_in_process.py.

The result holds an access token. A task that forgets ``no_log: true`` would otherwise
print it with ``-v``, and send it to every callback (log_path, AWX job events, ...).
Marking the result ``_ansible_no_log`` censors it there as ``no_log: true`` does, while
``register`` still receives the whole result. A failure is left visible: it holds no
token, and the module's messages never contain the password.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.plugin_utils._in_process import ModuleAction


class ActionModule(ModuleAction):
    MODULE = 'token'

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        if 'access_token' in result or not result.get('failed'):
            result['_ansible_no_log'] = True
        return result
