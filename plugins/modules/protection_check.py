#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: protection_check
short_description: Judge whether every object of Veeam Backup for Microsoft 365 has a recent backup, as a gate
version_added: 1.1.0
description:
  - Reads what M(vb365.backup.protected_object_info) reads (the backed-up data of each repository and, unless
    O(max_unprotected) is null, each organization's own users, groups, sites and teams), judges every object by the
    same rule, and judges each organization (tenant) against thresholds. It returns whether the gate is open
    (RV(passed)) and one readable message (RV(message)) that names, for each organization that closed it, the counts,
    the rule and the first objects at fault.
  - 'An organization passes when everything that holds its objects could be read, at least one of its objects is in a
    backup, and it has no more stale objects than O(max_stale), no more never backed up ones than
    O(max_never_backed_up), and no more unprotected ones than O(max_unprotected). Organizations removed from VB365
    are reported, not judged.'
  - 'The rule for one object, with O(workloads=newest) (the default): it is C(protected) when the newest backup of any
    of its workloads (a user''s mailbox, archive mailbox, OneDrive and personal site; a group''s mailbox and site; a
    site; a team), in any repository, is less than O(max_age) old; C(stale) when backed up, but longer ago;
    C(never_backed_up) when the backups list it without a backup time; C(unprotected) when its organization has it and
    no backup does. With O(workloads=all) each workload its backups list must be recent. Deleted objects are not
    judged. M(vb365.backup.protected_object_info) describes the rule and the matching in full.'
  - The server's preconditions, each off unless its option is set, close the gate too (the licence, the backup
    repositories, the backup proxies, the service's health; see the options from O(license_min_days_left) on). They
    are read after the objects, only the parts of the server the rules that are set need, as
    M(vb365.backup.server_info) reads them; without a precondition rule nothing more is read.
  - With O(evidence_path), it writes the verdict as a JSON file for auditors, where the module runs (normally the
    controller), with when it judged, the server and API version, the inputs, the rule, the verdict of each
    organization and of each listed object. It holds no credential. Check mode reads and judges, and writes no file.
  - A closed gate does not fail the task; the role P(vb365.backup.protection_gate#role) calls this module and stops
    the play with RV(message). Use the role in plays; use the module to decide by yourself what a closed gate means.
author:
  - vb365.backup maintainers (@vb365)
options:
  organization_names:
    description:
      - Names of the organizations (tenants) to judge, as the server shows them (C(contoso.onmicrosoft.com)). An exact
        match wins, else one that differs only in letter case; an unknown name fails and names the closest ones.
      - With neither this nor O(organization_ids), every organization.
    type: list
    elements: str
    default: []
  organization_ids:
    description:
      - Ids (GUIDs) of the organizations to judge, besides those of O(organization_names). API v6 and later.
    type: list
    elements: str
    default: []
  repository_ids:
    description:
      - Read only these repositories (GUIDs). Objects backed up only elsewhere then look stale or unprotected.
      - Empty (the default) reads every repository that holds the selected organizations' data. On API v5, which
        cannot list repositories, the default is the repositories the backup jobs write to.
    type: list
    elements: str
    default: []
  object_types:
    description:
      - The kinds of objects to judge. API v5 has users only.
    type: list
    elements: str
    choices: [user, group, site, team]
    default: [user, group, site, team]
  max_age:
    description:
      - A backup must be less than this old to count as recent. A number of seconds, or a duration such as V(36h),
        V(2d), V(1w) or V(31d) (Veeam's own definition of a protected mailbox is one backed up in the last 31 days).
      - The default, V(36h), suits nightly jobs. It leaves half a day of slack for the hour an object is reached, and
        catches one missed night.
      - Null switches the age rule off (any backup counts).
    # raw, not str: ansible-core 2.16 refuses null for a str option in a role's argument spec.
    type: raw
    default: 36h
  workloads:
    description:
      - V(newest) (the default) judges an object by the newest backup of any of its workloads; V(all) requires each
        workload its backups list (mailbox, archive mailbox, OneDrive and personal site of a user; mailbox and site of
        a group) to be recent.
    type: str
    choices: [newest, all]
    default: newest
  exclude:
    description:
      - Regular expressions (Python syntax, letter case ignored, matched anywhere) on an object's display name,
        e-mail address or URL. A matching object is left out and counted as C(excluded), for known exceptions such as
        service accounts or an archive site.
    type: list
    elements: str
    default: []
  max_stale:
    description:
      - The most stale objects an organization may have and pass. Null switches this threshold off.
    # raw, not int: ansible-core 2.16 refuses null for an int option in a role's argument spec.
    type: raw
    default: 0
  max_never_backed_up:
    description:
      - The most never backed up objects an organization may have and pass. Null switches this threshold off.
    type: raw
    default: 0
  max_unprotected:
    description:
      - The most unprotected objects (in the organization, in no backup) an organization may have and pass. API v6 and
        later.
      - Null switches this threshold off and spares reading the organizations' own listings (needed on API v5, which
        cannot list them).
    type: raw
    default: 0
  data_source:
    description:
      - Where the organizations' listings come from (API v7 and later; v6 always uses the cache).
      - V(PreferLocal) is VB365's cache of the organization (the server's default, cheap). V(Production) is Microsoft
        365 itself, which finds a user created since the last synchronisation, at the cost of requests to Microsoft.
    type: str
    choices: [PreferLocal, Production]
    default: PreferLocal
  evidence_path:
    description:
      - Write the verdict to this file as JSON (replaced at once, readable by its owner only), for auditors. Its
        directory must exist where the module runs.
      - Not written in check mode.
    type: path
  limit:
    description:
      - The most objects at fault the result's C(objects) (and the evidence file) lists; C(objects_truncated) says
        when there were more. The counts are always complete. The message names the first 5 of each organization.
    type: int
    default: 100
  max_concurrency:
    description:
      - How many listings (a repository's backed-up users, groups...; an organization's listings) are read at once,
        from V(1) to V(8). Each holds a page of up to 10,000 objects in memory while it is judged.
    type: int
    default: 4
  read_timeout:
    description:
      - How long, in seconds, the whole read may take (every page of every listing, and their retries), not each
        request (that is O(timeout)). On timeout the task fails and says so.
    type: int
    default: 1800
  variable_prefix:
    description:
      - Put this before option names in messages, so that they name the variables the user set. The role
        P(vb365.backup.protection_gate#role) sets it to V(protection_gate_).
    type: str
    default: ''
  given_variables:
    description:
      - Names of variables that start with O(variable_prefix); each that is not an option (a misspelt
        C(protection_gate_maxage), say) gets a warning naming the closest option. The role passes the variables it
        sees.
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.preconditions
  - vb365.backup.attributes
  - vb365.backup.attributes.action_group
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Reads and judges as without check mode; writes no evidence file.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
seealso:
  - ref: ansible_collections.vb365.backup.docsite.protection
    description: Prove every mailbox is protected, with the role vb365.backup.protection_gate that stops a play on this
      verdict.
  - module: vb365.backup.protected_object_info
    description: Reads and counts without judging, and lists any objects.
  - ref: ansible_collections.vb365.backup.docsite.preconditions
    description: Before you upgrade VB365 or patch its proxies, the guide to the precondition rules.
'''

EXAMPLES = r'''
- name: Judge every organization's users, groups, sites and teams (credentials from the VB365_* environment variables)
  vb365.backup.protection_check:
  register: gate

- name: Decide by yourself what a closed gate means
  ansible.builtin.debug:
    msg: "{{ gate.message }}"
  when: not gate.passed

- name: One organization's mailboxes, Veeam's 31 days, a few stale ones tolerated, evidence for the auditors
  vb365.backup.protection_check:
    organization_names: [contoso.onmicrosoft.com]
    object_types: [user]
    max_age: 31d
    max_stale: 2
    exclude: ['^svc-']
    evidence_path: /tmp/contoso-protection.json
  register: gate
'''

RETURN = r'''
passed:
  description: Whether the gate is open, that is every organization judged passes.
  returned: success
  type: bool
  sample: false
message:
  description:
    - What the gate says. Closed, the rule and the thresholds, then one line per organization that closed it, with
      the thresholds it broke, its counts and its first objects at fault. Open, one line per organization, with its
      counts and its oldest backup.
  returned: success
  type: str
  sample: |-
    Protection gate CLOSED, the play stops here (rule: an object is protected when the newest backup of any of its
    workloads (...), in any repository, is less than 36h old; max_stale 0, max_never_backed_up 0, max_unprotected 0):
    - organization 'contoso.onmicrosoft.com': 1 never backed up (max_never_backed_up 0); 3 unprotected
      (max_unprotected 0). Of 24 objects: 19 protected, 0 stale, 1 never backed up, 3 unprotected, 1 deleted,
      0 excluded. First: user 'Pradeep Gupta' (pradeep.gupta@contoso.onmicrosoft.com): in no backup; ...
problems:
  description:
    - The lines of a closed gate's message, one per organization, then one per failing precondition; empty when the
      gate is open.
  returned: success
  type: list
  elements: str
summary:
  description:
    - One entry per organization, by name, with its verdict; organizations removed from VB365 last.
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.PROTECTION_GATE_SUMMARY by make generate: edit the shape, not these lines
    organization_id:
      description: Id of the organization on the VB365 server; V(null) on API v5 and for an organization removed
        from VB365.
      type: str
      returned: always
      sample: a21a5622-7fb2-49ec-b2b2-393da59fbed2
    organization_name:
      description: Name of the organization.
      type: str
      returned: always
      sample: contoso.onmicrosoft.com
    backed_up_organization_id:
      description: Id of the organization inside the backups, for organizations only the backups know (API v5,
        removed ones).
      type: str
      returned: always
      sample: null
    removed:
      description: Whether the organization was removed from VB365 while its backups remain; its objects count as
        deleted.
      type: bool
      returned: always
      sample: false
    complete:
      description: Whether everything that holds its objects was read; its counts are a lower bound when not.
      type: bool
      returned: always
      sample: true
    unread:
      description: What could not be read for it (a repository, an organization's listing), and the server's
        words.
      type: list
      returned: always
      elements: str
      sample: []
    repository_ids:
      description: Ids of the repositories that hold its data.
      type: list
      returned: always
      elements: str
      sample: [ce19de31-329d-4f0f-b85e-4424cc2e6821]
    protected:
      description: Objects the rule finds protected.
      type: int
      returned: always
      sample: 18
    stale:
      description: Objects backed up, but not recently enough (or at a time the server did not give).
      type: int
      returned: always
      sample: 1
    never_backed_up:
      description: Objects the backups list without any backup time (with O(workloads=all), with a listed workload
        that has none).
      type: int
      returned: always
      sample: 1
    unprotected:
      description:
        - Objects of the organization's own listing that no backup holds.
        - V(null) unless O(vb365.backup.protected_object_info#module:include_unprotected=true) or
          O(vb365.backup.protection_check#module:max_unprotected) is not null, which read the listings.
      type: int
      returned: always
      sample: 3
    deleted:
      description: Backed-up objects deleted in Microsoft 365 (or of an organization removed from VB365), not
        judged.
      type: int
      returned: always
      sample: 1
    excluded:
      description: Objects left out by O(exclude).
      type: int
      returned: always
      sample: 0
    total:
      description: Every object counted, excluded ones aside.
      type: int
      returned: always
      sample: 23
    oldest_backup:
      description: The oldest of its judged objects' newest backups (ISO 8601), how far back the least recent
        object is.
      type: str
      returned: always
      sample: "2026-11-27T22:41:10.1234567Z"
    newest_backup:
      description: The newest backup of any of its objects (ISO 8601).
      type: str
      returned: always
      sample: "2026-11-28T22:14:03.1234567Z"
    types:
      description: The same counts for each object type read.
      type: dict
      returned: always
      contains:
        user:
          description: The counts of users.
          type: dict
          returned: when O(object_types) has it
          contains:
            protected:
              description: Objects the rule finds protected.
              type: int
              returned: always
              sample: 18
            stale:
              description: Objects backed up, but not recently enough (or at a time the server did not give).
              type: int
              returned: always
              sample: 1
            never_backed_up:
              description: Objects the backups list without any backup time (with O(workloads=all), with a listed
                workload that has none).
              type: int
              returned: always
              sample: 1
            unprotected:
              description:
                - Objects of the organization's own listing that no backup holds.
                - V(null) unless O(vb365.backup.protected_object_info#module:include_unprotected=true) or
                  O(vb365.backup.protection_check#module:max_unprotected) is not null, which read the listings.
              type: int
              returned: always
              sample: 3
            deleted:
              description: Backed-up objects deleted in Microsoft 365 (or of an organization removed from VB365),
                not judged.
              type: int
              returned: always
              sample: 1
            excluded:
              description: Objects left out by O(exclude).
              type: int
              returned: always
              sample: 0
            total:
              description: Every object counted, excluded ones aside.
              type: int
              returned: always
              sample: 23
        group:
          description: The counts of groups.
          type: dict
          returned: when O(object_types) has it
          contains:
            protected:
              description: Objects the rule finds protected.
              type: int
              returned: always
              sample: 18
            stale:
              description: Objects backed up, but not recently enough (or at a time the server did not give).
              type: int
              returned: always
              sample: 1
            never_backed_up:
              description: Objects the backups list without any backup time (with O(workloads=all), with a listed
                workload that has none).
              type: int
              returned: always
              sample: 1
            unprotected:
              description:
                - Objects of the organization's own listing that no backup holds.
                - V(null) unless O(vb365.backup.protected_object_info#module:include_unprotected=true) or
                  O(vb365.backup.protection_check#module:max_unprotected) is not null, which read the listings.
              type: int
              returned: always
              sample: 3
            deleted:
              description: Backed-up objects deleted in Microsoft 365 (or of an organization removed from VB365),
                not judged.
              type: int
              returned: always
              sample: 1
            excluded:
              description: Objects left out by O(exclude).
              type: int
              returned: always
              sample: 0
            total:
              description: Every object counted, excluded ones aside.
              type: int
              returned: always
              sample: 23
        site:
          description: The counts of sites.
          type: dict
          returned: when O(object_types) has it
          contains:
            protected:
              description: Objects the rule finds protected.
              type: int
              returned: always
              sample: 18
            stale:
              description: Objects backed up, but not recently enough (or at a time the server did not give).
              type: int
              returned: always
              sample: 1
            never_backed_up:
              description: Objects the backups list without any backup time (with O(workloads=all), with a listed
                workload that has none).
              type: int
              returned: always
              sample: 1
            unprotected:
              description:
                - Objects of the organization's own listing that no backup holds.
                - V(null) unless O(vb365.backup.protected_object_info#module:include_unprotected=true) or
                  O(vb365.backup.protection_check#module:max_unprotected) is not null, which read the listings.
              type: int
              returned: always
              sample: 3
            deleted:
              description: Backed-up objects deleted in Microsoft 365 (or of an organization removed from VB365),
                not judged.
              type: int
              returned: always
              sample: 1
            excluded:
              description: Objects left out by O(exclude).
              type: int
              returned: always
              sample: 0
            total:
              description: Every object counted, excluded ones aside.
              type: int
              returned: always
              sample: 23
        team:
          description: The counts of teams.
          type: dict
          returned: when O(object_types) has it
          contains:
            protected:
              description: Objects the rule finds protected.
              type: int
              returned: always
              sample: 18
            stale:
              description: Objects backed up, but not recently enough (or at a time the server did not give).
              type: int
              returned: always
              sample: 1
            never_backed_up:
              description: Objects the backups list without any backup time (with O(workloads=all), with a listed
                workload that has none).
              type: int
              returned: always
              sample: 1
            unprotected:
              description:
                - Objects of the organization's own listing that no backup holds.
                - V(null) unless O(vb365.backup.protected_object_info#module:include_unprotected=true) or
                  O(vb365.backup.protection_check#module:max_unprotected) is not null, which read the listings.
              type: int
              returned: always
              sample: 3
            deleted:
              description: Backed-up objects deleted in Microsoft 365 (or of an organization removed from VB365),
                not judged.
              type: int
              returned: always
              sample: 1
            excluded:
              description: Objects left out by O(exclude).
              type: int
              returned: always
              sample: 0
            total:
              description: Every object counted, excluded ones aside.
              type: int
              returned: always
              sample: 23
    passed:
      description: Whether the organization passes the gate, that is complete, within every threshold, and with a
        backed-up object. V(null) for an organization removed from VB365, which is not judged.
      type: bool
      returned: always
      sample: false
    problems:
      description: Why it does not pass, one phrase per broken threshold; empty when it passes.
      type: list
      returned: always
      elements: str
      sample:
        - 3 unprotected (max_unprotected 0)
    # end of generated
totals:
  description: The counts over every organization of RV(summary).
  returned: success
  type: dict
  contains:
    # generated from _shapes.PROTECTION_TOTALS by make generate: edit the shape, not these lines
    organizations:
      description: Organizations in the summary.
      type: int
      returned: always
      sample: 3
    protected:
      description: Objects the rule finds protected.
      type: int
      returned: always
      sample: 18
    stale:
      description: Objects backed up, but not recently enough (or at a time the server did not give).
      type: int
      returned: always
      sample: 1
    never_backed_up:
      description: Objects the backups list without any backup time (with O(workloads=all), with a listed workload
        that has none).
      type: int
      returned: always
      sample: 1
    unprotected:
      description:
        - Objects of the organization's own listing that no backup holds.
        - V(null) unless O(vb365.backup.protected_object_info#module:include_unprotected=true) or
          O(vb365.backup.protection_check#module:max_unprotected) is not null, which read the listings.
      type: int
      returned: always
      sample: 3
    deleted:
      description: Backed-up objects deleted in Microsoft 365 (or of an organization removed from VB365), not
        judged.
      type: int
      returned: always
      sample: 1
    excluded:
      description: Objects left out by O(exclude).
      type: int
      returned: always
      sample: 0
    total:
      description: Every object counted, excluded ones aside.
      type: int
      returned: always
      sample: 23
    # end of generated
objects:
  description:
    - The objects at fault (stale, never backed up, unprotected), at most O(limit), ordered by organization, status,
      type and display name.
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.PROTECTED_OBJECT by make generate: edit the shape, not these lines
    organization_id:
      description: Id of its organization on the VB365 server; V(null) on API v5 and for an organization removed
        from VB365.
      type: str
      returned: always
      sample: a21a5622-7fb2-49ec-b2b2-393da59fbed2
    organization_name:
      description: Name of its organization.
      type: str
      returned: always
      sample: contoso.onmicrosoft.com
    type:
      description: V(user), V(group), V(site) or V(team).
      type: str
      returned: always
      sample: user
    id:
      description:
        - Id of the object in the backups (a composite id, the same in every repository), or in the organization
          for an unprotected object.
      type: str
      returned: always
      sample: contoso.onmicrosoft.com:0ec3dcd5-41f2-5632-a354-645a25ec4f78:00000000-0000-0000-0000-000000000000
    display_name:
      description: "Its display name (a site: its title)."
      type: str
      returned: always
      sample: Pradeep Gupta
    email:
      description: E-mail address of a user, group or (when unprotected) team; V(null) otherwise.
      type: str
      returned: always
      sample: pradeep.gupta@contoso.onmicrosoft.com
    url:
      description: URL of a site; V(null) otherwise.
      type: str
      returned: always
      sample: null
    status:
      description:
        - "V(protected), V(stale), V(never_backed_up), V(unprotected) or V(deleted): see the module's description
          for the rule."
      type: str
      returned: always
      sample: unprotected
    reason:
      description: Why it has that status, in words.
      type: str
      returned: always
      sample: in no backup
    last_backup:
      description: Its newest backup over every workload and repository (ISO 8601, as the server sends it);
        V(null) when none.
      type: str
      returned: always
      sample: null
    age_seconds:
      description: How long ago RV(objects[].last_backup) was, in seconds; V(null) when none.
      type: int
      returned: always
      sample: null
    repository_id:
      description: Id of the repository that holds its newest backup; V(null) when none.
      type: str
      returned: always
      sample: null
    workloads:
      description: Its workloads that the backups list, each with its newest backup.
      type: dict
      returned: always
      contains:
        mailbox:
          description: The mailbox of a user or a group.
          type: dict
          returned: when the backups list it
          contains:
            backed_up:
              description: "Whether a backup holds this workload: it has a backup time, or the server says it was
                backed up."
              type: bool
              returned: always
              sample: true
            last_backup:
              description: When the workload was last backed up, over every repository (ISO 8601, as the server
                sends it); V(null) when never, or when the server did not give a readable time.
              type: str
              returned: always
              sample: "2026-11-28T22:14:03.1234567Z"
        archive:
          description: A user's archive mailbox.
          type: dict
          returned: when the backups list it
          contains:
            backed_up:
              description: "Whether a backup holds this workload: it has a backup time, or the server says it was
                backed up."
              type: bool
              returned: always
              sample: true
            last_backup:
              description: When the workload was last backed up, over every repository (ISO 8601, as the server
                sends it); V(null) when never, or when the server did not give a readable time.
              type: str
              returned: always
              sample: "2026-11-28T22:14:03.1234567Z"
        onedrive:
          description: A user's OneDrive.
          type: dict
          returned: when the backups list it
          contains:
            backed_up:
              description: "Whether a backup holds this workload: it has a backup time, or the server says it was
                backed up."
              type: bool
              returned: always
              sample: true
            last_backup:
              description: When the workload was last backed up, over every repository (ISO 8601, as the server
                sends it); V(null) when never, or when the server did not give a readable time.
              type: str
              returned: always
              sample: "2026-11-28T22:14:03.1234567Z"
        personal_site:
          description: A user's personal site.
          type: dict
          returned: when the backups list it
          contains:
            backed_up:
              description: "Whether a backup holds this workload: it has a backup time, or the server says it was
                backed up."
              type: bool
              returned: always
              sample: true
            last_backup:
              description: When the workload was last backed up, over every repository (ISO 8601, as the server
                sends it); V(null) when never, or when the server did not give a readable time.
              type: str
              returned: always
              sample: "2026-11-28T22:14:03.1234567Z"
        site:
          description: A group's site, or a SharePoint site itself.
          type: dict
          returned: when the backups list it
          contains:
            backed_up:
              description: "Whether a backup holds this workload: it has a backup time, or the server says it was
                backed up."
              type: bool
              returned: always
              sample: true
            last_backup:
              description: When the workload was last backed up, over every repository (ISO 8601, as the server
                sends it); V(null) when never, or when the server did not give a readable time.
              type: str
              returned: always
              sample: "2026-11-28T22:14:03.1234567Z"
        team:
          description: A team itself.
          type: dict
          returned: when the backups list it
          contains:
            backed_up:
              description: "Whether a backup holds this workload: it has a backup time, or the server says it was
                backed up."
              type: bool
              returned: always
              sample: true
            last_backup:
              description: When the workload was last backed up, over every repository (ISO 8601, as the server
                sends it); V(null) when never, or when the server did not give a readable time.
              type: str
              returned: always
              sample: "2026-11-28T22:14:03.1234567Z"
    deleted:
      description: Whether it is deleted in Microsoft 365, where the API says it (C(isDeleted), API v7 only);
        V(null) elsewhere.
      type: bool
      returned: always
      sample: null
    in_organization:
      description:
        - Whether the organization's own listing (Microsoft 365, or VB365's cache of it) has it; V(null) when the
          organizations' listings were not read, or the object has no key to find it by.
      type: bool
      returned: always
      sample: true
    # end of generated
objects_truncated:
  description: Whether more objects than O(limit) were at fault.
  returned: success
  type: bool
  sample: false
rule:
  description: The rule the module applied, and when.
  returned: success
  type: dict
  contains:
    # generated from _shapes.PROTECTION_RULE by make generate: edit the shape, not these lines
    max_age:
      description: O(max_age) as given; V(null) for no age rule.
      type: raw
      returned: always
      sample: 36h
    max_age_seconds:
      description: O(max_age) in seconds.
      type: int
      returned: always
      sample: 129600
    workloads:
      description: "O(workloads): V(newest) or V(all)."
      type: str
      returned: always
      sample: newest
    checked_at:
      description: "When the module judged (ISO 8601, UTC): ages are counted from it."
      type: str
      returned: always
      sample: "2026-11-29T08:00:00Z"
    backed_up_after:
      description: The moment a backup must be newer than to count; V(null) without age rule.
      type: str
      returned: always
      sample: "2026-11-27T20:00:00Z"
    description:
      description: The rule in words.
      type: str
      returned: always
      sample: an object is protected when the newest backup of any of its workloads (mailbox, archive mailbox,
        OneDrive, personal site; group mailbox and site; site; team), in any repository, is less than 36h
        old
    # end of generated
repositories:
  description: The repositories read, in the server's order, and any that could not be read.
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.PROTECTION_REPOSITORY by make generate: edit the shape, not these lines
    id:
      description: Id of the repository.
      type: str
      returned: always
      sample: ce19de31-329d-4f0f-b85e-4424cc2e6821
    name:
      description: Its name; V(null) on API v5, which cannot list repositories.
      type: str
      returned: always
      sample: Contoso - Local
    read:
      description: Whether all its backed-up data was read.
      type: bool
      returned: always
      sample: true
    error:
      description: "Why not: the server's answer, or that it says the repository is not available."
      type: str
      returned: always
      sample: null
    entries:
      description: Backed-up entries read from it (an object in two repositories has two).
      type: int
      returned: always
      sample: 20
    # end of generated
preconditions:
  description: What the gate found about the server's preconditions.
  returned: success
  type: dict
  contains:
    # generated from _shapes.PRECONDITIONS by make generate: edit the shape, not these lines
    checked:
      description: The options of the precondition rules that were set and judged; empty when none was set.
      type: list
      returned: always
      elements: str
      sample: [license_min_days_left, proxies_online]
    problems:
      description: One line per failing precondition (also in RV(problems) and RV(message)).
      type: list
      returned: always
      elements: str
      sample:
        - "proxy 'vbo-proxy02.corp.local': status Offline (proxies_online)"
    held:
      description: One line per precondition rule that held (named by an open gate's RV(message)).
      type: list
      returned: always
      elements: str
      sample:
        - "licence: 240 days left (license_min_days_left 30)"
    server:
      description:
        - What was read to judge them, with the keys M(vb365.backup.server_info) returns (C(license),
          C(repositories), C(proxies), C(proxies_offline), C(health), C(gathered_subsets),
          C(unsupported_subsets)...), only the subsets the rules that were set need.
        - V(null) when no precondition rule was set, and then nothing was read.
      type: dict
      returned: always
    # end of generated
evidence_path:
  description: The evidence file written (an absolute path); V(null) when none was (no O(evidence_path), check mode).
  returned: success
  type: str
  sample: /var/lib/awx/evidence/protection.json
api_version:
  description: The REST API version the module used.
  returned: success
  type: str
  sample: v8
'''

from ansible_collections.vb365.backup.plugins.module_utils._runner import run_module
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (
    connection_argument_spec,
    connection_module_kwargs,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils import _gate, _preconditions, _protection_gate
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._protected_objects import Reader
from ansible_collections.vb365.backup.plugins.module_utils._protection import (
    Report,
    Rule,
    protection_argument_spec,
    validate_protection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._time import utc_now

# Options that only say how the module talks to its caller: not rules, not passed on by the role.
CALLER_OPTIONS = ('variable_prefix', 'given_variables')
# Options whose null is a value (it switches a threshold or the age rule off): the role passes them on as null.
NULL_OPTIONS = ('max_age', 'max_stale', 'max_never_backed_up', 'max_unprotected')


def argument_spec():
    spec = connection_argument_spec()
    spec.update(protection_argument_spec())
    spec.update(_protection_gate.gate_argument_spec())
    spec.update(_preconditions.precondition_argument_spec())
    spec.update(
        variable_prefix=dict(type='str', default=''),
        given_variables=dict(type='list', elements='str', default=[]),
    )
    return spec


def module_kwargs():
    return connection_module_kwargs()


def validate_params(params):
    """Every check of the gate's options, before any request: (max_age in seconds, the compiled exclude)."""
    validate_connection_params(params)
    prefix = params['variable_prefix']
    checked = validate_protection_params(params, prefix)
    _protection_gate.validate_gate_params(params, prefix)
    problems = _preconditions.input_problems(params, prefix)
    if problems:
        raise Vb365InputError(' '.join(problems))
    return checked


def run(module, client):
    params = module.params
    max_age_seconds, exclude = validate_params(params)
    prefix = params['variable_prefix']
    known = set(argument_spec()) - set(CALLER_OPTIONS)
    for warning in _gate.unknown_variables(params['given_variables'], known, prefix):
        module.warn(warning)

    rule = Rule(params['max_age'], max_age_seconds, params['workloads'], utc_now().timestamp())
    include_unprotected = params['max_unprotected'] is not None
    report = Report(rule, list(params['object_types']), exclude, 'problems', params['limit'],
                    listings_read=include_unprotected)
    reader = Reader(client, params, report, module.warn, include_unprotected=include_unprotected, samples=True,
                    prefix=prefix)
    repositories = reader.run()
    # After the objects: the server as it is when the play goes on. Nothing is read without a precondition rule.
    preconditions = _preconditions.check(client, params, prefix, params['max_concurrency'])
    summaries = report.summaries()
    result = _protection_gate.judgement(report, summaries, params, prefix, preconditions)
    result.update(changed=False, summary=summaries, preconditions=preconditions, totals=report.totals(summaries), objects=report.objects(),
                  objects_truncated=report.truncated(), rule=rule.as_dict(), repositories=repositories,
                  evidence_path=None, api_version=client.api_version)
    if params['evidence_path'] and not module.check_mode:
        _protection_gate.write_evidence(params['evidence_path'],
                                        _protection_gate.evidence_document(client, params, result))
        result.update(changed=True, evidence_path=params['evidence_path'])
    return result


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
