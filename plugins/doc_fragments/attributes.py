# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Shared by every module.
    DOCUMENTATION = r'''
options: {}
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - A task on the C(local) connection whose interpreter is the Python running Ansible (C(ansible_playbook_python), as on
        the implicit localhost), without C(become), C(async) or C(environment), runs the module in Ansible's worker process
        instead of starting a module process; the result is the same. C(-vvv) says where each task ran.
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: all
'''

    # For the read-only _info modules.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - This module only reads, so it runs the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details:
      - This module only reads, so there is no diff.
'''

    ACTION_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/vb365.backup.vb365) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - vb365.backup.vb365
'''
