# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Documents plugins/module_utils/_preconditions.py precondition_argument_spec(): the server's preconditions as
    # gate rules, for every gate module. A gate role passes each on as <role>_<option> (tools/generate.py).
    DOCUMENTATION = r'''
options:
  license_min_days_left:
    description:
      - The server's licence must have at least this many whole days left before it expires
        (C(license.days_left) of M(vb365.backup.server_info)). V(0) blocks only an expired licence, also during its
        grace period.
      - A licence without an expiry date the module can read (or one in the year 1, "not set") blocks, as the rule
        cannot be checked; a licence that does not expire (year 9999) has 36500 days left.
      - Not set (the default) switches the rule off. API v6 and later (C(/License)); on API v5 it blocks.
    type: int
  license_not_exceeded:
    description:
      - Block when the licence has more licensed users than units (C(license.exceeded) of
        M(vb365.backup.server_info)). Beyond the allowed overage the extra users are not backed up.
      - API v6 and later; on API v5 it blocks.
    type: bool
    default: false
  repository_problems:
    description:
      - Block when a backup repository has one of these problems (C(repositories[].problems) of
        M(vb365.backup.server_info)), any of V(out_of_sync) (API v6 and later), V(out_of_order) and V(outdated) (API v8).
      - Empty (the default) switches the rule off. API v6 and later; on API v5 it blocks.
    type: list
    elements: str
    choices: [out_of_sync, out_of_order, outdated]
    default: []
  repository_min_free_percent:
    description:
      - Every backup repository must have at least this percentage of its capacity free
        (C(repositories[].free_percent) of M(vb365.backup.server_info)), from V(0) to V(100).
      - Object storage without a size limit has no limit to fill and passes. A repository whose free space is unknown
        (missing figures, figures that make no sense) blocks, as the rule cannot be checked.
      - Not set (the default) switches the rule off. API v6 and later; on API v5 it blocks.
    type: float
  proxies_online:
    description:
      - Block unless every backup proxy is online (its status is V(Online); C(proxies_offline) of
        M(vb365.backup.server_info)). A proxy in maintenance mode counts as online while its status says so.
      - API v6 and later; on API v5 it blocks.
    type: bool
    default: false
  proxies_online_names:
    description:
      - Block unless these backup proxies are online, by host name or fully qualified name, any letter case. A name
        the server does not know blocks, and the message lists the proxies it has.
      - Giving names switches the rule on for these proxies only, with or without O(proxies_online).
    type: list
    elements: str
    default: []
  service_healthy:
    description:
      - Block unless the service reports itself healthy (C(/v8/Health), read without a token; C(health.is_healthy) of
        M(vb365.backup.server_info)). The message names each unhealthy entry.
      - Only API v8 has this endpoint; on an older API version the rule blocks, as it cannot be checked.
    type: bool
    default: false
'''
