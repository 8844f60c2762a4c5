#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: protected_object_info
short_description: Tell whether every mailbox, OneDrive, site and team of Veeam Backup for Microsoft 365 has a recent backup
version_added: 1.1.0
description:
  - Reads what the backups of a Veeam Backup for Microsoft 365 server hold, object by object (the backed-up data of
    each repository, C(UserData), C(GroupData), C(SiteData), C(TeamData)), and counts for each organization (tenant)
    how many of its users, groups, sites and teams are protected, stale, never backed up and, with
    O(include_unprotected=true), not in any backup at all. It lists the objects that are not protected.
  - A job session says that a job ran; this says whether each object has a recent backup, which is what an auditor or
    a service provider has to prove. Session history retention deletes old sessions; backup times remain.
  - 'The rule, with O(workloads=newest) (the default): an object is C(protected) when the newest backup of any of its
    workloads (a user''s mailbox, archive mailbox, OneDrive and personal site; a group''s mailbox and site; a site; a
    team), in any repository, is less than O(max_age) old. It is C(stale) when it was backed up, but longer ago (or at
    a time the server does not give), and C(never_backed_up) when the backups list it without any backup time.'
  - With O(workloads=all), every workload the backups list for the object must be backed up within O(max_age) (a
    OneDrive or archive mailbox named in the backup but never backed up makes the object C(never_backed_up)).
  - C(unprotected) (with O(include_unprotected=true), API v6 and later) is an object of the organization's own listing
    (users, Microsoft 365 groups, sites, teams) that no backup holds. Security and distribution groups hold nothing to
    back up and are never unprotected.
  - C(deleted) objects are not judged, their backups are history. An object is deleted when API v7 says so
    (C(isDeleted)), when the organization's listing, read with O(include_unprotected=true), no longer has it, or when
    its organization was removed from VB365 (its backups remain, and it is listed when no organization is selected).
  - Every object counts once, by its newest backups, however many repositories hold it (a backup copy, a tenant moved
    to another repository). Backed-up ids differ from the organization's ids, so objects are matched by e-mail (users,
    groups), by Microsoft id (C(msid), API v8) or URL (sites), and by Microsoft id (API v8) or display name (teams,
    API v6 and v7). Letter case is ignored.
  - 'Scale: the backed-up data is read in pages of 10,000, several listings side by side (O(max_concurrency)), each
    page judged and let go. Memory holds the counts, the listed objects (O(limit)) and, with
    O(include_unprotected=true), 13 to 25 bytes per object of the organizations'' listings; for an organization whose
    data is in several repositories, a small record per object until it is counted once.'
  - 'API versions: v6, v7 and v8 in full. API v5 has only C(UserData): users only (other O(object_types) are skipped
    with a warning), no organization listings (so no O(include_unprotected) and no O(organization_ids); O(organization_names)
    match the organization names inside the backups), and no list of repositories: the module reads those the
    backup jobs name, or O(repository_ids).'
author:
  - vb365.backup maintainers (@vb365)
options:
  organization_names:
    description:
      - Names of the organizations (tenants) to read, as the server shows them (C(contoso.onmicrosoft.com)). An exact
        match wins, else one that differs only in letter case; an unknown name fails and names the closest ones.
      - With neither this nor O(organization_ids), every organization, and the backups of organizations removed from
        VB365.
      - Only the repositories that hold the selected organizations' data are read.
    type: list
    elements: str
    default: []
  organization_ids:
    description:
      - Ids (GUIDs) of the organizations to read, besides those of O(organization_names). API v6 and later.
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
      - The kinds of objects to read and judge.
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
  include_unprotected:
    description:
      - Also read each selected organization's own listing of users, groups, sites and teams, and count the objects no
        backup holds (C(unprotected)). API v6 and later.
      - It also finds the backed-up objects the organization no longer has (C(deleted)).
    type: bool
    default: false
  data_source:
    description:
      - Where the organizations' listings come from (API v7 and later; v6 always uses the cache).
      - V(PreferLocal) is VB365's cache of the organization (the server's default, cheap). V(Production) is Microsoft
        365 itself, which finds a user created since the last synchronisation, at the cost of requests to Microsoft.
    type: str
    choices: [PreferLocal, Production]
    default: PreferLocal
  list_objects:
    description:
      - Which objects RV(objects) lists. V(problems) (the default) the stale, never backed up and unprotected ones;
        V(all) every object (deleted ones too); V(none) none, only the counts.
    type: str
    choices: [problems, all, none]
    default: problems
  limit:
    description:
      - The most objects RV(objects) lists; RV(objects_truncated) says when there were more. The counts are always
        complete.
      - The objects listed are the first ones by organization name, then status (unprotected, never backed up, stale,
        deleted, protected), type and display name, whatever order the server answered in.
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
extends_documentation_fragment:
  - vb365.backup.connection
  - vb365.backup.attributes
  - vb365.backup.attributes.info_module
  - vb365.backup.attributes.action_group
seealso:
  - ref: ansible_collections.vb365.backup.docsite.protection
    description: Prove every mailbox is protected, with this module and the role vb365.backup.protection_gate.
  - module: vb365.backup.protection_check
    description: The same read, judged against thresholds, with an evidence file for auditors.
'''

EXAMPLES = r'''
- name: Which objects of every organization are not protected (credentials from the VB365_* environment variables)
  vb365.backup.protected_object_info:
  register: protection

- name: Show the counts of each organization
  ansible.builtin.debug:
    msg: "{{ item.organization_name }}: {{ item.protected }} protected, {{ item.stale }} stale,
      {{ item.never_backed_up }} never backed up"
  loop: "{{ protection.summary }}"
  loop_control:
    label: "{{ item.organization_name }}"

- name: Mailboxes of one organization, Veeam's definition (backed up in the last 31 days), new users included
  vb365.backup.protected_object_info:
    organization_names: [contoso.onmicrosoft.com]
    object_types: [user]
    max_age: 31d
    include_unprotected: true
    data_source: Production
    exclude: ['^svc-', 'reception@']
  register: mailboxes

- name: Every workload of every team and site, counts only
  vb365.backup.protected_object_info:
    object_types: [site, team]
    workloads: all
    list_objects: none
  register: sites_and_teams
'''

RETURN = r'''
summary:
  description:
    - One entry per organization, by name; organizations removed from VB365 (whose backups remain) last.
    - Every object counts once, in exactly one of C(protected), C(stale), C(never_backed_up), C(unprotected),
      C(deleted) and C(excluded).
  returned: success
  type: list
  elements: dict
  contains:
    # generated from _shapes.PROTECTION_SUMMARY by make generate: edit the shape, not these lines
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
    - The objects O(list_objects) asks for, at most O(limit), ordered by organization, status, type and display name.
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
  description: Whether more objects than O(limit) would have been listed.
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
from ansible_collections.vb365.backup.plugins.module_utils._protected_objects import Reader
from ansible_collections.vb365.backup.plugins.module_utils._protection import (
    LIST_MODES,
    Report,
    Rule,
    protection_argument_spec,
    validate_protection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._time import utc_now


def argument_spec():
    spec = connection_argument_spec()
    spec.update(protection_argument_spec())
    spec.update(
        include_unprotected=dict(type='bool', default=False),
        list_objects=dict(type='str', choices=list(LIST_MODES), default='problems'),
    )
    return spec


def module_kwargs():
    return connection_module_kwargs()


def run(module, client):
    params = module.params
    validate_connection_params(params)
    max_age_seconds, exclude = validate_protection_params(params)
    rule = Rule(params['max_age'], max_age_seconds, params['workloads'], utc_now().timestamp())
    report = Report(rule, list(params['object_types']), exclude, params['list_objects'], params['limit'],
                    listings_read=params['include_unprotected'])
    reader = Reader(client, params, report, module.warn, include_unprotected=params['include_unprotected'],
                    samples=False)
    repositories = reader.run()
    summaries = report.summaries()
    return dict(changed=False, summary=summaries, totals=report.totals(summaries), objects=report.objects(),
                objects_truncated=report.truncated(), rule=rule.as_dict(), repositories=repositories,
                api_version=client.api_version)


def main():
    run_module(argument_spec(), module_kwargs(), run)


if __name__ == '__main__':
    main()
