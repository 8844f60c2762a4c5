# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action of every vb365.backup module (the other files here are links to this one).

It runs the task's module in the controller's worker process when the module would run on the
controller anyway, and as a module process otherwise: see plugins/plugin_utils/_in_process.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.plugin_utils._in_process import ModuleAction


class ActionModule(ModuleAction):
    pass
