# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs vb365.backup.job in the controller's worker process when it would run on the controller anyway.

See plugins/plugin_utils/_in_process.py for when, and why.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.plugin_utils._in_process import ModuleAction


class ActionModule(ModuleAction):
    MODULE = 'job'
