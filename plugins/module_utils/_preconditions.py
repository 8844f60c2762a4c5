# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The server's preconditions as gate rules: the licence, the repositories, the proxies, the service's health.

Any gate module takes them: ``precondition_argument_spec()`` (documented by the doc fragment
``vb365.backup.preconditions``) in its argument spec, ``input_problems`` with its other checks before any
request, ``check`` after its own reads, and the lines ``check`` returns in its message. Each rule is off
unless its option is set, and ``check`` reads only the subsets the rules that are set need
(``_server_health.read_server``): a gate without a precondition rule sends no extra request.

A rule that cannot be judged (an API version without the endpoint, a licence without an expiry date, a
repository whose free space is unknown) fails, and says why: a gate never lets a play through on what it
could not see. Option names in messages carry the caller's ``variable_prefix``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._fanout import MAX_CONCURRENCY
from ansible_collections.vb365.backup.plugins.module_utils._server_health import (
    SUBSETS,
    not_served,
    proxy_name,
    read_server,
)

# The repository problems a gate can be asked to block on (low space has its own rule, with its own threshold).
REPOSITORY_RULE_PROBLEMS = ('out_of_sync', 'out_of_order', 'outdated')
# Each rule's option, and the subset of the server it needs, in the order the rules are judged and reported.
RULES = (('license_min_days_left', 'license'), ('license_not_exceeded', 'license'),
         ('repository_problems', 'repositories'), ('repository_min_free_percent', 'repositories'),
         ('proxies_online', 'proxies'), ('proxies_online_names', 'proxies'), ('service_healthy', 'health'))

# How the message lines begin, per subset.
LABELS = dict(license='licence', repositories='repositories', proxies='proxies', health='service')


def precondition_argument_spec():
    """The precondition rules' options, every rule off: a new dict on every call (doc fragment: preconditions)."""
    return dict(
        license_min_days_left=dict(type='int'),
        license_not_exceeded=dict(type='bool', default=False),
        repository_problems=dict(type='list', elements='str', choices=list(REPOSITORY_RULE_PROBLEMS), default=[]),
        repository_min_free_percent=dict(type='float'),
        proxies_online=dict(type='bool', default=False),
        proxies_online_names=dict(type='list', elements='str', default=[]),
        service_healthy=dict(type='bool', default=False),
    )


def rules_set(params):
    """The options of the precondition rules that are set (switched on), in RULES' order."""
    # Not ``in (None, False, [])``: 0 == False, and license_min_days_left 0 is a rule (no expired licence).
    return [option for option, subset in RULES if params.get(option) is not None and params.get(option) is not False
            and params.get(option) != [] and params.get(option) != '']


def subsets_needed(params):
    """The subsets of the server the rules that are set need to read (none when no rule is set)."""
    needed = set(subset for option, subset in RULES if option in rules_set(params))
    return [subset for subset in SUBSETS if subset in needed]


def input_problems(params, prefix=''):
    """What is wrong with the precondition options, before any request (one line each)."""
    problems = []
    days = params.get('license_min_days_left')
    if days is not None and days < 0:
        problems.append('Invalid %slicense_min_days_left %d: give 0 (only an expired licence blocks) or more days.'
                        % (prefix, days))
    free = params.get('repository_min_free_percent')
    if free is not None and not 0 <= free <= 100:
        problems.append('Invalid %srepository_min_free_percent %s: give a percentage from 0 to 100.' % (prefix, free))
    if any(not isinstance(name, str) or not name.strip() for name in params.get('proxies_online_names') or ()):
        problems.append('Invalid %sproxies_online_names: a name is empty.' % prefix)
    return problems


def check(client, params, prefix='', max_concurrency=MAX_CONCURRENCY, now=None):
    """Read what the rules that are set need and judge it.

    Returns ``checked`` (the options of the rules judged), ``problems`` (one line per failing precondition),
    ``held`` (one line per rule that held, for an open gate's message) and ``server`` (what was read, as
    server_info returns it; None when no rule is set, and then nothing was read).
    """
    checked = rules_set(params)
    if not checked:
        return dict(checked=[], problems=[], held=[], server=None)
    server = read_server(client, subsets_needed(params), max_concurrency,
                         low_space_percent=params.get('repository_min_free_percent'), now=now)
    problems, held = judge(server, params, prefix, client.api_version)
    return dict(checked=checked, problems=problems, held=held, server=server)


# ---- the verdict --------------------------------------------------------------------------------

def judge(server, params, prefix='', version=None):
    """(problems, held): a line for each failing precondition, and one for each rule that held."""
    problems, held = [], []
    for judge_rules in (_license, _repositories, _proxies, _health):
        failing, passing = judge_rules(server, params, prefix, version)
        problems.extend(failing)
        held.extend(passing)
    return problems, held


def _unsupported(server, subset, options, prefix, version):
    """The line of rules whose subset the API version does not serve, or ''."""
    if subset not in (server.get('unsupported_subsets') or ()) and server.get(subset) is not None:
        return ''
    names = ', '.join(prefix + option for option in options)
    return '%s: %s, so %s cannot be checked' % (LABELS[subset], not_served(subset, version or 'in use'), names)


def _license(server, params, prefix, version):
    options = [o for o in ('license_min_days_left', 'license_not_exceeded') if o in rules_set(params)]
    if not options:
        return [], []
    unsupported = _unsupported(server, 'license', options, prefix, version)
    if unsupported:
        return [unsupported], []
    license_ = server['license']
    problems, held = [], []
    minimum = params.get('license_min_days_left')
    if minimum is not None:
        option = '%slicense_min_days_left %d' % (prefix, minimum)
        days = license_['days_left']
        if days is None:
            problems.append('licence: the server does not say when it expires (expiration date %r), so %s cannot be '
                            'checked' % (license_['expiration_date'], option))
        elif license_['is_expired']:
            problems.append('licence: %s' % _expired(license_, option))
        elif days < minimum:
            problems.append('licence: expires on %s, in %d day(s), fewer than %s'
                            % (license_['expiration_date'], days, option))
        else:
            held.append('licence: %d days left (%s)' % (days, option))
    if params.get('license_not_exceeded'):
        option = '%slicense_not_exceeded' % prefix
        used, total = license_['used_number'], license_['total_number']
        if license_['exceeded'] is None:
            problems.append('licence: the server does not say how many units it has and uses (total %s, used %s), so '
                            '%s cannot be checked' % (total, used, option))
        elif license_['exceeded']:
            problems.append('licence: exceeded, %d licensed users for %d units (%s): beyond the allowed overage the '
                            'extra users are not backed up' % (used, total, option))
        else:
            held.append('licence: %d of %d units used (%s)' % (used, total, option))
    return problems, held


def _expired(license_, option):
    """How a failing licence rule says that the licence has expired, and what happens next."""
    expired = 'expired on %s' % license_['expiration_date']
    if license_['in_grace_period']:
        grace = license_['grace_period_days_left']
        return ('%s; in its grace period until %s (%s day(s) left), after which every job fails (%s)'
                % (expired, license_['grace_period_expires'], grace if grace is not None else 'unknown', option))
    if license_['in_grace_period'] is False:
        return '%s, and its grace period is over: every job fails (%s)' % (expired, option)
    return '%s (%s)' % (expired, option)


def _repositories(server, params, prefix, version):
    listed = [p for p in params.get('repository_problems') or () if p in REPOSITORY_RULE_PROBLEMS]
    minimum = params.get('repository_min_free_percent')
    options = ([prefix + 'repository_problems'] if listed else []) + \
        ([prefix + 'repository_min_free_percent'] if minimum is not None else [])
    if not options:
        return [], []
    unsupported = _unsupported(server, 'repositories', [o[len(prefix):] for o in options], prefix, version)
    if unsupported:
        return [unsupported], []
    problems = []
    for repository in server['repositories']:
        reasons = []
        found = [p for p in repository['problems'] if p in listed]
        if found:
            reason = ', '.join(found)
            if 'out_of_order' in found and repository['out_of_order_reason']:
                reason += ' (%s)' % repository['out_of_order_reason']
            reasons.append('%s (%srepository_problems)' % (reason, prefix))
        if minimum is not None and 'low_space' in repository['problems']:
            reasons.append('%s%% free, less than %srepository_min_free_percent %s'
                           % (repository['free_percent'], prefix, _number(minimum)))
        if minimum is not None and 'space_unknown' in repository['problems']:
            reasons.append('its free space is unknown (capacity %s, free space %s), so %srepository_min_free_percent '
                           'cannot be checked' % (_space(repository, 'capacity'), _space(repository, 'free'), prefix))
        if reasons:
            problems.append("repository '%s': %s" % (repository['name'] or repository['id'], '; '.join(reasons)))
    held = [] if problems else \
        ['repositories: none of %d has a problem (%s)' % (len(server['repositories']), ', '.join(options))]
    return problems, held


def _number(value):
    return ('%g' % value) if isinstance(value, float) else str(value)


def _space(repository, which):
    """A repository's capacity or free space for a message: the top-level figure, else the object storage block's."""
    value = repository['%s_bytes' % ('capacity' if which == 'capacity' else 'free_space')]
    storage = repository['object_storage']
    if value is None and storage is not None:
        if which == 'capacity':
            value = storage['size_limit_gb'] * 2 ** 30 if storage['size_limit_gb'] else None
        else:
            value = storage['free_space_bytes']
    return 'missing or out of range' if value is None else '%d bytes' % value


def _proxies(server, params, prefix, version):
    names = [name.strip() for name in params.get('proxies_online_names') or ()]
    if not (params.get('proxies_online') or names):
        return [], []
    option = prefix + ('proxies_online_names' if names else 'proxies_online')
    unsupported = _unsupported(server, 'proxies', ['proxies_online_names' if names else 'proxies_online'], prefix,
                               version)
    if unsupported:
        return [unsupported], []
    proxies = server['proxies']
    problems = []
    if names:
        selected = []
        for name in names:
            matches = [p for p in proxies if name.lower() in ((p['host_name'] or '').lower(), (p['fqdn'] or '').lower())]
            if not matches:
                known = ', '.join(sorted(proxy_name(p) for p in proxies)) or 'none'
                problems.append("proxy '%s' (%s): the server has no such proxy; it has: %s" % (name, option, known))
            selected.extend(m for m in matches if m not in selected)
    else:
        selected = proxies
    for proxy in selected:
        if not proxy['is_online']:
            maintenance = proxy['maintenance_mode_state']
            note = (', maintenance mode %s' % maintenance) if maintenance not in (None, 'Disabled') else ''
            problems.append("proxy '%s': status %s%s (%s)" % (proxy_name(proxy), proxy['status'], note, option))
    held = [] if problems else ['proxies: %d online (%s)' % (len(selected), option)]
    return problems, held


def _health(server, params, prefix, version):
    if not params.get('service_healthy'):
        return [], []
    option = prefix + 'service_healthy'
    unsupported = _unsupported(server, 'health', ['service_healthy'], prefix, version)
    if unsupported:
        return [unsupported], []
    health = server['health']
    if health['is_healthy']:
        return [], ['service: %s (%s)' % (health['status'], option)]
    failing = ['%s %s%s' % (entry['name'], entry['status'], (' (%s)' % entry['description']) if entry['description']
                            else '') for entry in health['entries'] if entry['status'] != 'Healthy']
    if health['error']:
        failing.append(health['error'])
    return ['service: %s%s (%s)' % (health['status'], (': ' + '; '.join(failing)) if failing else '', option)], []
