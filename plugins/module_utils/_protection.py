# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Whether each backed-up object is protected: the rule, the counts per organization, the objects worth listing.

``_protected_objects`` reads the backed-up data (and the organizations' own listings) and hands each
object's entries here; this module judges them and keeps only what the result needs: counts per
organization and object type, the oldest and newest backup, and at most ``limit`` objects to list (the
smallest by a fixed order, whatever order the pages came in, so that the same server gives the same list).

The rule: an object is *protected* when the newest backup of any of its workloads (``workloads: newest``,
the default), or of every workload its backups list (``workloads: all``), is less than ``max_age`` old;
*stale* when it was backed up, but longer ago (or at a time the server does not give); *never backed up*
when the backups list it without any backup time (with ``all``: when one of its listed workloads has none);
*unprotected* when the organization has it and no backup does; *deleted* when it is gone from Microsoft 365
(API v7 ``isDeleted``, or absent from the organization's listing when that is read) or its organization was
removed from VB365: its backups are history, not judged. An object in several repositories counts once,
by its newest backups.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import heapq
import re

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._gate import human_duration
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_duration

KINDS = ('user', 'group', 'site', 'team')
KIND_ORDER = dict((kind, index) for index, kind in enumerate(KINDS))
# The workloads of each kind: (returned name, words for messages).
WORKLOAD_WORDS = {
    'user': (('mailbox', 'mailbox'), ('archive', 'archive mailbox'), ('onedrive', 'OneDrive'),
             ('personal_site', 'personal site')),
    'group': (('mailbox', 'group mailbox'), ('site', 'group site')),
    'site': (('site', 'site'),),
    'team': (('team', 'team'),),
}
# Statuses, most urgent first: the order of the listed objects within an organization.
STATUSES = ('unprotected', 'never_backed_up', 'stale', 'deleted', 'protected')
STATUS_RANK = dict((status, index) for index, status in enumerate(STATUSES))
PROBLEMS = ('unprotected', 'never_backed_up', 'stale')
COUNTS = ('protected', 'stale', 'never_backed_up', 'unprotected', 'deleted', 'excluded')
LIST_MODES = ('problems', 'all', 'none')
WORKLOAD_RULES = ('newest', 'all')
# The default max_age: a nightly backup with half a day of slack for the hour an object is reached; one missed
# night (48 hours) is caught.
DEFAULT_MAX_AGE = '36h'
# How many objects of each organization the gate's message names.
SAMPLES_PER_ORGANIZATION = 5
MAX_READ_TIMEOUT = 604800


# ---- options shared by protected_object_info and protection_check ---------------------------------------

def protection_argument_spec():
    """The options both modules take to select and judge objects (their documentation is in each module)."""
    return dict(
        organization_names=dict(type='list', elements='str', default=[]),
        organization_ids=dict(type='list', elements='str', default=[]),
        repository_ids=dict(type='list', elements='str', default=[]),
        object_types=dict(type='list', elements='str', choices=list(KINDS), default=list(KINDS)),
        max_age=dict(type='raw', default=DEFAULT_MAX_AGE),
        workloads=dict(type='str', choices=list(WORKLOAD_RULES), default='newest'),
        exclude=dict(type='list', elements='str', default=[]),
        data_source=dict(type='str', choices=['PreferLocal', 'Production'], default='PreferLocal'),
        limit=dict(type='int', default=100),
        max_concurrency=dict(type='int', default=4),
        read_timeout=dict(type='int', default=1800),
    )


def max_age_seconds(value, option):
    """Seconds of a max_age (an int, '36h', '2d'...), or None for null (no age rule); names ``option`` when wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_duration(value if isinstance(value, int) else str(value).strip(), option)
    except Vb365InputError:
        raise Vb365InputError("Invalid %s %r: give a number of seconds or a duration such as '36h', '2d' or '31d' "
                              "(or null for no age rule)." % (option, value))


def compile_exclude(patterns, option):
    """The regular expressions of ``exclude`` (matched anywhere, ignoring letter case); names ``option`` when wrong."""
    compiled = []
    for pattern in patterns or ():
        if not isinstance(pattern, str) or not pattern:
            raise Vb365InputError('Invalid %s: an empty pattern would exclude every object.' % option)
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as e:
            raise Vb365InputError('Invalid %s pattern %r: %s.' % (option, pattern, e))
        except (OverflowError, RecursionError):
            raise Vb365InputError('Invalid %s pattern %r: too large or too deeply nested to compile.' % (option, pattern))
    return compiled


def validate_protection_params(params, prefix=''):
    """Every check of the shared options before any request; returns the max_age in seconds and the compiled exclude.

    Module params stay JSON (the compiled patterns must not go into ``invocation``): ``(max_age_seconds, exclude)``.
    """
    from ansible_collections.vb365.backup.plugins.module_utils._fanout import validate_max_concurrency
    from ansible_collections.vb365.backup.plugins.module_utils._input import validate_guid

    for option in ('organization_ids', 'repository_ids'):
        params[option] = [validate_guid(value, prefix + option) for value in params[option] or ()]
    for name in params['organization_names'] or ():
        if not name.strip():
            raise Vb365InputError('Invalid %sorganization_names: a name is empty.' % prefix)
    if not params['object_types']:
        raise Vb365InputError('Invalid %sobject_types: the list is empty; give user, group, site or team.' % prefix)
    seconds = max_age_seconds(params['max_age'], prefix + 'max_age')
    exclude = compile_exclude(params['exclude'], prefix + 'exclude')
    if params['limit'] < 0:
        raise Vb365InputError('Invalid %slimit %d: give 0 (list no object) or more.' % (prefix, params['limit']))
    validate_max_concurrency(params['max_concurrency'], prefix + 'max_concurrency')
    if not 1 <= params['read_timeout'] <= MAX_READ_TIMEOUT:
        raise Vb365InputError('Invalid %sread_timeout %d: it must be between 1 and %d seconds.'
                              % (prefix, params['read_timeout'], MAX_READ_TIMEOUT))
    return seconds, exclude


# ---- the rule ----------------------------------------------------------------------------------

def iso_moment(seconds):
    """'2026-11-28T22:00:00Z' of a POSIX time."""
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


class Rule:
    """When an object is protected: its newest workload backup (or each listed workload's) after ``cutoff``."""

    def __init__(self, max_age, max_age_seconds, workloads, now):
        self.max_age = max_age
        self.max_age_seconds = max_age_seconds
        self.workloads = workloads
        self.now = now
        self.cutoff = None if max_age_seconds is None else now - max_age_seconds

    def description(self):
        age = ('less than %s old' % self.max_age) if self.cutoff is not None else 'at any time (no age rule)'
        if self.workloads == 'all':
            return ('an object is protected when every workload its backups list (mailbox, archive mailbox, OneDrive '
                    'and personal site of a user; mailbox and site of a group; a site; a team) was backed up %s, '
                    'in some repository' % age)
        return ('an object is protected when the newest backup of any of its workloads (mailbox, archive mailbox, '
                'OneDrive, personal site; group mailbox and site; site; team), in any repository, is %s' % age)

    def as_dict(self):
        return dict(max_age=self.max_age, max_age_seconds=self.max_age_seconds, workloads=self.workloads,
                    checked_at=iso_moment(self.now),
                    backed_up_after=None if self.cutoff is None else iso_moment(self.cutoff),
                    description=self.description())

    def _too_old(self, seconds):
        return self.cutoff is not None and seconds < self.cutoff

    def _ago(self, seconds):
        return human_duration(max(0, self.now - seconds))

    def judge(self, kind, workloads, explain=False):
        """(status, reason) of an object from its merged workloads: protected, stale or never_backed_up.

        ``workloads``: ``(listed, backed_up, seconds, text)`` in the order of WORKLOAD_WORDS[kind]. The reason (words
        for a message) is None unless ``explain``: most objects are counted, few are listed.
        """
        if self.workloads == 'all':
            return self._judge_each(kind, workloads, explain)
        backed_up = False
        newest = None
        for w in workloads:
            if w[1]:
                backed_up = True
                if w[2] is not None and (newest is None or w[2] > newest):
                    newest = w[2]
        if not backed_up:
            return 'never_backed_up', 'never backed up'
        if newest is None:
            return 'stale', 'backed up at a time the server did not give'
        if self._too_old(newest):
            return 'stale', explain and 'newest backup %s ago (%s), longer than max_age %s' % (
                self._ago(newest), iso_moment(newest), self.max_age) or None
        return 'protected', explain and 'newest backup %s ago' % self._ago(newest) or None

    def _judge_each(self, kind, workloads, explain):
        words = WORKLOAD_WORDS[kind]
        if not any(w[1] for w in workloads):
            return 'never_backed_up', 'never backed up'
        listed = [(words[i][1], w) for i, w in enumerate(workloads) if w[0] or w[1]]
        missing = [word for word, w in listed if not w[1]]
        if missing:
            return 'never_backed_up', '%s never backed up' % ', '.join(missing)
        unknown = [word for word, w in listed if w[2] is None]
        old = [(w[2], word) for word, w in listed if w[2] is not None and self._too_old(w[2])]
        if not unknown and not old:
            return 'protected', explain and 'every workload backed up %s ago or less' % self._ago(
                min(w[2] for word, w in listed)) or None
        if not explain:
            return 'stale', None
        reasons = ['%s backed up at a time the server did not give' % word for word in unknown]
        if old:
            oldest = min(old)[0]
            reasons.append('%s backed up %s ago (%s), longer than max_age %s'
                           % (', '.join(word for dummy, word in old), self._ago(oldest), iso_moment(oldest), self.max_age))
        return 'stale', '; '.join(reasons)


# ---- organizations and what is counted for them ----------------------------------------------------

class Tenant:
    """An organization the report counts for: selected (v6+), found only in backups (removed, or any on v5)."""

    def __init__(self, key, organization_id, name, backed_up_id=None, removed=False):
        self.key = key
        self.organization_id = organization_id
        self.name = name
        self.backed_up_id = backed_up_id
        self.removed = removed
        # Whether its objects may be in several repositories, so that each must be remembered to count it once.
        self.several_repositories = True
        # Repository ids holding its data (its usedRepositories), None when unknown.
        self.repository_ids = None
        self.unread = []                # what could not be read for it (repositories, listings), one phrase each
        self.unread_keys = set()
        self.indexes = {}               # kind -> _protected_objects.TenantIndex (with include_unprotected)
        self.counts = dict((kind, dict((status, 0) for status in COUNTS)) for kind in KINDS)
        self.unprotected_read = False
        self.oldest = None              # (seconds, text) of the oldest newest-backup of a judged object
        self.newest = None
        self.samples = []               # heap of the first problems, for the gate's message
        self.seen_in = set()            # repository ids that held entries of it

    def sort_key(self):
        """Organizations by name, those removed from VB365 last."""
        return (self.removed, (self.name or '').lower(), self.organization_id or '', self.backed_up_id or '')


class Candidate:
    """An object kept for the listing; reversed order, so that a heap of them keeps the smallest."""

    __slots__ = ('key', 'item')

    def __init__(self, key, item):
        self.key = key
        self.item = item

    def __lt__(self, other):
        return self.key > other.key


def keep_smallest(heap, size, key, make):
    """Keep ``make()`` in ``heap`` (at most ``size`` items, the smallest keys). ``make`` runs only when it is kept."""
    if size <= 0:
        return
    if len(heap) < size:
        heapq.heappush(heap, Candidate(key, make()))
    elif key < heap[0].key:
        heapq.heapreplace(heap, Candidate(key, make()))


def smallest_first(heap):
    return [candidate.item for candidate in sorted(heap, key=lambda c: c.key)]


class Merged:
    """An object seen in several repositories: its newest backup per workload, and the entry that told it.

    Once an object is surely protected (the newest-backup rule), ``Report`` keeps only (seconds, text) of its newest
    backup instead.
    """

    __slots__ = ('kind', 'workloads', 'entry', 'deleted', 'in_organization', 'newest')

    def __init__(self, entry):
        self.kind = entry.kind
        self.workloads = [list(w) for w in entry.workloads]
        self.entry = entry
        self.deleted = entry.deleted
        self.in_organization = entry.in_organization
        self.newest = entry.newest()

    def add(self, entry):
        for mine, theirs in zip(self.workloads, entry.workloads):
            mine[0] = mine[0] or theirs[0]
            mine[1] = mine[1] or theirs[1]
            if theirs[2] is not None and (mine[2] is None or theirs[2] > mine[2]):
                mine[2], mine[3] = theirs[2], theirs[3]
        newest = entry.newest()
        if newest is not None and (self.newest is None or newest > self.newest):
            self.newest = newest
            self.entry = entry
        if entry.deleted is not None:
            self.deleted = bool(self.deleted) or entry.deleted
        if entry.in_organization is not None:
            self.in_organization = bool(self.in_organization) or entry.in_organization


def expanded(collapsed, entry):
    """A ``Merged`` from an object kept short (its newest backup: seconds, text, workload, in_organization) and ``entry``
    (another repository's): what ``Merged.add`` would have made had the object been kept whole."""
    seconds, text, index, in_organization = collapsed
    merged = Merged(entry)
    mine = merged.workloads[index]
    mine[0] = mine[1] = True
    if mine[2] is None or seconds > mine[2]:
        mine[2], mine[3] = seconds, text
    if merged.newest is None or seconds > merged.newest:
        merged.newest = seconds
    if in_organization is not None:
        merged.in_organization = bool(merged.in_organization) or in_organization
    return merged


class Report:
    """Counts, judges and lists the objects of the organizations read; thread safe through the reader's lock."""

    def __init__(self, rule, kinds, exclude, list_mode, limit, listings_read):
        self.rule = rule
        self.kinds = kinds
        self.exclude = exclude
        self.list_mode = list_mode
        self.limit = limit
        self.listings_read = listings_read
        self.tenants = {}
        self.listed = []                # heap of Candidate, at most limit
        self.eligible = 0               # objects the listing would show without the limit
        self.merged = {}                # (tenant key, kind, identity) -> Merged, (seconds, text) once protected, None if excluded

    # -- organizations
    def add_tenant(self, tenant):
        self.tenants[tenant.key] = tenant
        return tenant

    @staticmethod
    def unread(tenant, key, phrase):
        """Say once that ``key`` (a repository id, a listing) of ``tenant`` could not be read."""
        if key not in tenant.unread_keys:
            tenant.unread_keys.add(key)
            tenant.unread.append(phrase)

    # -- what each object is
    def excluded(self, *texts):
        return any(pattern.search(text) for pattern in self.exclude for text in texts if isinstance(text, str))

    def deleted_reason(self, tenant, deleted, in_organization):
        if tenant.removed:
            return 'its organization was removed from VB365'
        if deleted:
            return 'deleted in Microsoft 365'
        if in_organization is False:
            return "no longer in the organization's listing (deleted in Microsoft 365)"
        return None

    def add(self, tenant, entry):
        """One object's data in one repository (``_protected_objects.Entry``)."""
        tenant.seen_in.add(entry.repository_id)
        if self.excluded(entry.name, entry.email, entry.url):
            identity = entry.identity() if tenant.several_repositories else None
            if identity is None:
                tenant.counts[entry.kind]['excluded'] += 1
            else:
                self.merged[(tenant.key, entry.kind, identity)] = None
            return
        identity = entry.identity() if tenant.several_repositories else None
        if identity is None:
            self._judge(tenant, entry.kind, entry.workloads, entry, entry.deleted, entry.in_organization)
            return
        key = (tenant.key, entry.kind, identity)
        state = self.merged.get(key, False)
        if state is False:
            state = self.merged[key] = Merged(entry)
        elif state is None:
            return  # excluded in another repository
        elif isinstance(state, tuple):
            # Kept short (below); the new entry may change that (deleted there): judge it as if it had been kept whole.
            state = self.merged[key] = expanded(state, entry)
        else:
            state.add(entry)
        # With the newest-backup rule, an object with a fresh backup stays protected whatever other repositories
        # hold: keep only its newest backup (time, text, which workload) and whether a listing showed it.
        if self.rule.workloads == 'newest' and self.list_mode != 'all' and not state.deleted \
                and state.in_organization is not False and not tenant.removed and state.newest is not None \
                and not (self.rule.cutoff is not None and state.newest < self.rule.cutoff):
            index = max((i for i, w in enumerate(state.workloads) if w[2] is not None),
                        key=lambda i: state.workloads[i][2], default=None)
            if index is not None:
                newest = state.workloads[index]
                self.merged[key] = (newest[2], newest[3], index, state.in_organization)

    def finish_merged(self):
        """Judge the objects of organizations in several repositories, once every repository has been read."""
        merged, self.merged = self.merged, {}
        for (tenant_key, kind, dummy), state in merged.items():
            tenant = self.tenants[tenant_key]
            if state is None:
                tenant.counts[kind]['excluded'] += 1
            elif isinstance(state, tuple):
                tenant.counts[kind]['protected'] += 1
                self._times(tenant, state[0], state[1])
            else:
                self._judge(tenant, kind, state.workloads, state.entry, state.deleted, state.in_organization)

    def _times(self, tenant, seconds, text):
        if tenant.oldest is None or seconds < tenant.oldest[0]:
            tenant.oldest = (seconds, text)
        if tenant.newest is None or seconds > tenant.newest[0]:
            tenant.newest = (seconds, text)

    def _judge(self, tenant, kind, workloads, entry, deleted, in_organization):
        deleted_reason = self.deleted_reason(tenant, deleted, in_organization)
        status = 'deleted' if deleted_reason else self.rule.judge(kind, workloads)[0]
        tenant.counts[kind][status] += 1
        newest = None
        for w in workloads:
            if w[2] is not None and (newest is None or w[2] > newest[2]):
                newest = w
        if newest is not None and status != 'deleted':
            self._times(tenant, newest[2], newest[3])
        listed = self.list_mode == 'all' or (self.list_mode == 'problems' and status in PROBLEMS)
        if status not in PROBLEMS and not listed:
            return

        def reason():
            return deleted_reason or self.rule.judge(kind, workloads, explain=True)[1]

        if status in PROBLEMS:
            keep_smallest(tenant.samples, SAMPLES_PER_ORGANIZATION, self._sample_key(status, kind, entry),
                          lambda: self.describe(kind, entry.name, entry.email or entry.url, reason()))
        if listed:
            self.eligible += 1
            keep_smallest(self.listed, self.limit, self._list_key(tenant, status, kind, entry),
                          lambda: self.object_dict(tenant, kind, entry, status, reason(), workloads, newest, deleted,
                                                   in_organization))

    # -- objects only the organization's listing has
    def add_unprotected_count(self, tenant, kind, unprotected, excluded):
        tenant.counts[kind]['unprotected'] += unprotected
        tenant.counts[kind]['excluded'] += excluded
        tenant.unprotected_read = True

    def add_unprotected(self, tenant, kind, item):
        """A listed object of the organization (``_protected_objects.ListingObject``) that no backup holds."""
        reason = 'in no backup'
        keep_smallest(tenant.samples, SAMPLES_PER_ORGANIZATION, self._sample_key('unprotected', kind, item),
                      lambda: self.describe(kind, item.name, item.email or item.url, reason))
        if self.list_mode in ('all', 'problems'):
            self.eligible += 1
            keep_smallest(self.listed, self.limit, self._list_key(tenant, 'unprotected', kind, item),
                          lambda: self.object_dict(tenant, kind, item, 'unprotected', reason, [], None, False, True))

    # -- the listing
    @staticmethod
    def _sample_key(status, kind, item):
        return (STATUS_RANK[status], KIND_ORDER[kind], (item.name or '').lower(), (item.email or item.url or '').lower(),
                item.id or '')

    def _list_key(self, tenant, status, kind, item):
        return tenant.sort_key() + self._sample_key(status, kind, item)

    @staticmethod
    def describe(kind, name, address, reason):
        """"user 'Adele Vance' (adele.vance@contoso.com): newest backup 3d 2h ago ..." for messages."""
        return "%s '%s'%s: %s" % (kind, name if name is not None else '(no name)',
                                  (' (%s)' % address) if address else '', reason)

    def object_dict(self, tenant, kind, item, status, reason, workloads, newest, deleted, in_organization):
        listed = {}
        for (name, dummy), w in zip(WORKLOAD_WORDS[kind], workloads):
            if w[0] or w[1]:
                listed[name] = dict(backed_up=bool(w[1]), last_backup=w[3])
        return dict(
            organization_id=tenant.organization_id,
            organization_name=tenant.name,
            type=kind,
            id=item.id,
            display_name=item.name,
            email=item.email,
            url=item.url,
            status=status,
            reason=reason,
            last_backup=newest[3] if newest else None,
            age_seconds=int(max(0, self.rule.now - newest[2])) if newest else None,
            repository_id=getattr(item, 'repository_id', None) if workloads else None,
            workloads=listed,
            deleted=deleted,
            in_organization=in_organization if self.listings_read else None,
        )

    # -- the result
    def objects(self):
        return smallest_first(self.listed)

    def truncated(self):
        return self.eligible > len(self.listed)

    def summary(self, tenant):
        counts = tenant.counts
        types = {}
        for kind in self.kinds:
            row = dict(counts[kind])
            if not tenant.unprotected_read:
                row['unprotected'] = None
            row['total'] = sum(counts[kind][status] for status in COUNTS if status != 'excluded')
            types[kind] = row
        entry = dict(
            organization_id=tenant.organization_id,
            organization_name=tenant.name,
            backed_up_organization_id=tenant.backed_up_id,
            removed=tenant.removed,
            complete=not tenant.unread,
            unread=list(tenant.unread),
            repository_ids=sorted(tenant.seen_in | set(tenant.repository_ids or ())),
        )
        for status in COUNTS:
            entry[status] = sum(counts[kind][status] for kind in self.kinds)
        if not tenant.unprotected_read:
            entry['unprotected'] = None
        entry['total'] = sum(types[kind]['total'] for kind in self.kinds)
        entry['oldest_backup'] = tenant.oldest[1] if tenant.oldest else None
        entry['newest_backup'] = tenant.newest[1] if tenant.newest else None
        entry['types'] = types
        return entry

    def ordered_tenants(self):
        return sorted(self.tenants.values(), key=lambda t: t.sort_key())

    def summaries(self):
        return [self.summary(tenant) for tenant in self.ordered_tenants()]

    def totals(self, summaries):
        totals = dict(organizations=len(summaries))
        for status in COUNTS + ('total',):
            values = [s[status] for s in summaries if s[status] is not None]
            totals[status] = sum(values) if values or status != 'unprotected' else None
        return totals
