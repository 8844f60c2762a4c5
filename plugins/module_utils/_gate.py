# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The backup gate's rules and words: which sessions a gate judges, whether each passes, and how it says so.

``vb365.backup.job_session_check`` (and through it the role ``vb365.backup.job_session_gate``) reads
the sessions ``read_plan`` names and judges them with ``judgement``; the filter ``gate_verdict`` judges
one session with ``verdict``. Option names in messages carry the caller's ``variable_prefix`` (the
role's variables are the module's options with ``job_session_gate_`` before them).

The verdict comes from the sessions' state only (status, bottleneck, age). Log items are read
afterwards, for blocked sessions only, and only explain: a log that cannot be read changes no
verdict, the message says why it is missing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._input import whole_number
from ansible_collections.vb365.backup.plugins.module_utils._time import parse_duration

# What max_age 'auto' means for the newest session of a job: a nightly backup plus slack.
AUTO_MAX_AGE = '26h'
DEFAULT_RULES = dict(allowed_statuses=['Success'], allowed_bottlenecks=[], forbidden_bottlenecks=[], max_age=None,
                     log_items=5, max_failed_objects=0, max_warning_objects=None, unknown_object_counts='block')
OBJECT_KINDS = ('failed', 'warning')
# How many of a blocked session's objects that failed (or warned) a closed gate names, and how many it keeps.
NAMED_OBJECTS = 5
LISTED_OBJECTS = 100
SELECTORS = ('id', 'job_name', 'job_id', 'job_names')
# How many blocked sessions get their log read to explain them: a gate over hundreds of jobs that all block (a
# server that stopped backing up) must not spend minutes on logs. The message still names every blocked session.
LOGGED_SESSIONS = 10
# How many log items of a blocked session are read to find the errors and warnings to quote.
LOG_READ_LIMIT = 500


def human_duration(seconds):
    """'3d 4h', '26h 5m', '12m 3s': exact enough for an operator, short enough to read."""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return '%dd %dh' % (days, hours)
    if hours:
        return '%dh %dm' % (hours, minutes)
    return '%dm %ds' % (minutes, secs)


def effective_max_age(max_age, by_session_id):
    """The age rule in force: ``auto`` is AUTO_MAX_AGE for the newest session of a job, none for a session chosen by id."""
    if isinstance(max_age, str) and max_age.strip().lower() == 'auto':
        return None if by_session_id else AUTO_MAX_AGE
    return None if max_age in (None, '') else max_age


def max_age_seconds(max_age, option='max_age'):
    """Seconds of a max_age (int, '26h', ...); raises Vb365InputError, naming ``option``, on anything else."""
    return parse_duration(max_age if isinstance(max_age, int) else str(max_age).strip(), option)


# ---- what to read -------------------------------------------------------------------------------

def caller(prefix):
    """How messages name the gate: the role whose variables carry ``prefix``, else the module."""
    return 'vb365.backup.%s' % (prefix.rstrip('_') if prefix else 'job_session_check')


def input_problems(params, prefix=''):
    """What is wrong with the gate's options, before any request: selectors, the start, max_age (one line each)."""
    given = ['%s%s' % (prefix, key) for key in SELECTORS if params.get(key)]
    problems = []
    if len(given) != 1:
        names = [prefix + key for key in SELECTORS]
        problems.append('%s needs exactly one of %s or %s; got %s.'
                        % (caller(prefix), ', '.join(names[:-1]), names[-1], ', '.join(given) or 'none'))
    if params.get('start') and not (params.get('job_name') or params.get('job_id')):
        problems.append('%sstart needs the job to start, in %sjob_name or %sjob_id.' % (prefix, prefix, prefix))
    for kind in OBJECT_KINDS:
        limit = params.get('max_%s_objects' % kind)
        if limit is not None and whole_number(limit) is None:
            problems.append('Invalid %smax_%s_objects %r: give a whole number of 0 or more (or null for no limit).'
                            % (prefix, kind, limit))
    max_age = effective_max_age(params.get('max_age'), bool(params.get('id')))
    if max_age is not None:
        try:
            max_age_seconds(max_age)
        except Vb365InputError:
            problems.append("Invalid %smax_age %r: give a number of seconds or a duration such as '90m', '26h' or '2d' "
                            "(or auto, or null for no age rule)." % (prefix, max_age))
    return problems


def read_plan(params, started_session_id=None):
    """The selection to read (``_session_reads.read_sessions``' options): the run the gate started, else the session
    by id, else the newest session of each selected job. A run is waited for when the gate started it or was asked to."""
    plan = dict(wait=params['wait'] or bool(started_session_id), wait_timeout=params['wait_timeout'],
                wait_interval=params['wait_interval'], max_concurrency=params['max_concurrency'])
    if started_session_id or params.get('id'):
        plan['id'] = started_session_id or params['id']
    elif params.get('job_names'):
        plan.update(job_names=params['job_names'], job_type=params.get('job_type'), latest_per_job=True)
    else:
        plan.update(job_name=params.get('job_name'), job_id=params.get('job_id'), job_type=params.get('job_type'),
                    latest=True)
    return plan


# ---- the verdict --------------------------------------------------------------------------------

def _bottleneck(session):
    return (session.get('statistics') or {}).get('bottleneck')


def failed_rules(session, rules, prefix=''):
    """The rules ``session`` breaks, each as a short phrase naming the option (after ``prefix``); empty when it passes."""
    status, bottleneck = session.get('status'), _bottleneck(session)
    allowed_statuses = rules.get('allowed_statuses') or DEFAULT_RULES['allowed_statuses']
    allowed_bottlenecks = rules.get('allowed_bottlenecks') or []
    failed = []
    if status not in allowed_statuses:
        failed.append('status %s is not allowed (allowed: %s)' % (status, ', '.join(allowed_statuses)))
    if bottleneck in (rules.get('forbidden_bottlenecks') or []):
        failed.append('bottleneck %s is forbidden' % bottleneck)
    elif allowed_bottlenecks and bottleneck not in allowed_bottlenecks:
        failed.append('bottleneck %s is not allowed (allowed: %s)' % (bottleneck, ', '.join(allowed_bottlenecks)))
    if rules.get('max_age') not in (None, ''):
        limit = max_age_seconds(rules['max_age'])
        age = session.get('age_seconds')
        if age is None and session.get('is_finished') and session.get('end_time'):
            failed.append("its end time %s is more than a day ahead of this machine's clock, so its age is unknown "
                          '(%smax_age %s)' % (session['end_time'], prefix, rules['max_age']))
        elif age is None:
            failed.append('it has not ended, so its age is unknown (%smax_age %s)' % (prefix, rules['max_age']))
        elif age > limit:
            failed.append('it ended %s ago, longer than %smax_age %s' % (human_duration(age), prefix, rules['max_age']))
    return failed + failed_object_rules(session, rules, prefix)


def object_rules_apply(rules):
    """Whether a rule on the counts of processed objects is set (then the gate reads them)."""
    return any(rules.get('max_%s_objects' % kind) is not None for kind in OBJECT_KINDS)


def objects_counted(session):
    """Whether the object rules judge ``session`` (and so whether its objects are read): a session that ended and did
    not succeed. A Success session has no object that failed or warned; one that has not ended (Queued, Running) is
    still processing its objects, and is judged on its status alone (allowed only on purpose)."""
    return session.get('is_finished') is True and session.get('status') != 'Success'


def failed_object_rules(session, rules, prefix=''):
    """The rules on processed objects (max_failed_objects, max_warning_objects) that ``session`` breaks.

    For a session they judge (``objects_counted``), counts that could not be read close the gate unless
    ``unknown_object_counts`` is ``pass``: an allowed Warning must not hide failed objects silently.
    """
    limits = [(kind, rules['max_%s_objects' % kind]) for kind in OBJECT_KINDS
              if rules.get('max_%s_objects' % kind) is not None]
    if not limits or not objects_counted(session):
        return []
    summary = session.get('processed_objects_summary')
    if not isinstance(summary, dict):
        if rules.get('unknown_object_counts', 'block') == 'pass':
            return []
        why = session.get('processed_objects_error') or 'not read'
        return ['its processed objects could not be counted (%s), so %s cannot be checked' % (
            why, ' and '.join('%smax_%s_objects' % (prefix, kind) for kind, limit in limits))]
    estimate = ' (an estimate from its log)' if session.get('processed_objects_source') == 'log_items' else ''
    failed = []
    for kind, limit in limits:
        count = summary.get(kind)
        if isinstance(count, int) and count > whole_number(limit):
            failed.append('%d %s objects%s, more than %smax_%s_objects %s%s' % (
                count, 'failed' if kind == 'failed' else 'warning', estimate, prefix, kind, limit,
                named_objects(session, 'Failed' if kind == 'failed' else 'Warning')))
    return failed


def named_objects(session, status):
    """': User 4f3a..., Site 7c2b...': the first objects of ``status`` that the session lists, or ''."""
    objects = [o for o in session.get('processed_objects') or [] if isinstance(o, dict) and o.get('status') == status]
    if not objects:
        return ''
    names = ['%s %s%s' % (o.get('type'), o.get('id'), (" '%s'" % o['name']) if o.get('name') else '')
             for o in objects[:NAMED_OBJECTS]]
    more = len(objects) > NAMED_OBJECTS or session.get('processed_objects_truncated')
    return ': %s%s' % (', '.join(names), ', ...' if more else '')


def object_counts(session):
    """', objects: 1200 (1195 success, 2 warning, 3 failed)', or '' when they were not counted."""
    summary = session.get('processed_objects_summary')
    if not isinstance(summary, dict):
        return ''
    if summary.get('total') is None:
        return ', log: %s error and %s warning items' % (summary.get('failed'), summary.get('warning'))
    return ', objects: %s (%s success, %s warning, %s failed)' % (
        summary.get('total'), summary.get('success'), summary.get('warning'), summary.get('failed'))


def describe_session(session):
    """job, session id, status, bottleneck and age: how both an open and a closed gate name a session."""
    job = session.get('job_name') or session.get('job_id') or 'unknown'
    age = session.get('age_seconds')
    ended = ('ended %s, %s ago' % (session.get('end_time'), human_duration(age))) if age is not None else 'not ended yet'
    retried = (', retry of %s' % session['main_session_id']) if session.get('main_session_id') else ''
    return "job '%s', session %s (status %s, bottleneck %s, %s%s%s)" % (
        job, session.get('id'), session.get('status'), _bottleneck(session), ended, retried, object_counts(session))


def retry_note(session, prefix=''):
    """What to say about a blocked session the server will retry by itself, or ''."""
    if session.get('job_will_be_retried') is not True:
        return ''
    when = (' at about %s' % session['retry_expected_time']) if session.get('retry_expected_time') else \
        ' (when: the job\'s schedule does not say)'
    return ('. The server will retry this run%s: this is not the job\'s last word. Set %swait: true '
            'to wait for the retry and judge it' % (when, prefix))


def telling_log_items(log, count):
    """The log items that tell why a session was blocked: its errors and warnings, else its first items."""
    items = [item for item in log or [] if isinstance(item, dict) and (item.get('title') or item.get('message'))]
    troubles = [item for item in items if item.get('type') == 'Error'] + [item for item in items if item.get('type') == 'Warning']
    return [str(item.get('title') or item.get('message')) for item in (troubles or items)[:max(0, int(count or 0))]]


def verdict(session, rules, prefix=''):
    """'' when ``session`` passes ``rules``; otherwise one line: the session, the rules it breaks, why (the log)."""
    failed = failed_rules(session, rules, prefix)
    if not failed:
        return ''
    line = '%s: %s%s' % (describe_session(session), '; '.join(failed), retry_note(session, prefix))
    if session.get('log_error'):
        line += '. Log not available: %s' % session['log_error']
    else:
        quoted = telling_log_items(session.get('log'), rules.get('log_items', DEFAULT_RULES['log_items']))
        if quoted:
            line += '. Log: %s' % ' | '.join(quoted)
    return line


def missing_jobs(sessions, selection):
    """A problem line for each selected job that has no session (job_names, or the one job_name / job_id)."""
    names = selection.get('job_names') or []
    if names:
        # Names as select_jobs looks them up: stripped, then without regard to case.
        found = set((s.get('job_name') or '').strip().lower() for s in sessions)
        return ["job '%s': no backup session found" % name.strip() for name in names
                if name.strip().lower() not in found]
    job = selection.get('job_name') or selection.get('job_id')
    if job and not sessions:
        return ["job '%s': no backup session found" % job]
    return []


def rules_of(params):
    """The gate's rules from its options, the age rule settled (``auto``)."""
    rules = dict(DEFAULT_RULES, **dict((k, params[k]) for k in DEFAULT_RULES if k in params))
    rules['max_age'] = effective_max_age(params.get('max_age'), bool(params.get('id')))
    return rules


def blocked_sessions(sessions, rules, prefix=''):
    """The sessions that break a rule, in order."""
    return [s for s in sessions if verdict(s, rules, prefix)]


def held_lines(preconditions):
    """What an open gate's message adds: the precondition rules that held, one line each ('' when none was set)."""
    held = (preconditions or {}).get('held')
    return '\nand the server\'s preconditions held:\n' + '\n'.join('- ' + h for h in held) if held else ''


def judgement(sessions, rules, selection, prefix='', preconditions=None):
    """Everything the gate decides, from the sessions it read (with the logs of the blocked ones, if read).

    ``selection``: the gate's selectors (id, job_name, job_id, job_names). ``preconditions``: what
    ``_preconditions.check`` found (its ``problems`` close the gate too; its ``held`` lines are named by an
    open gate). Returns passed, problems (one line each), blocked (ids of the blocked sessions) and message.
    """
    judged = [(s, verdict(s, rules, prefix)) for s in sessions]
    preconditions = preconditions or {}
    problems = missing_jobs(sessions, selection) + [line for s, line in judged if line] + \
        list(preconditions.get('problems') or ())
    if problems:
        message = 'Backup gate CLOSED, the play stops here:\n' + '\n'.join('- ' + p for p in problems)
    else:
        message = 'Backup gate open: %d session(s) passed:\n%s' % (
            len(sessions), '\n'.join('- ' + describe_session(s) for s in sessions))
        message += held_lines(preconditions)
    return dict(passed=not problems, problems=problems, blocked=[s.get('id') for s, line in judged if line],
                message=message)


def unknown_variables(names, known, prefix):
    """A warning for each name in ``names`` with the gate's prefix that is none of ``known`` (options, unprefixed)."""
    known = sorted(prefix + name for name in known)
    warnings = []
    for name in sorted(set(n for n in names if isinstance(n, str) and n.startswith(prefix))):
        if name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = (' Did you mean %s?' % close[0]) if close else ''
        warnings.append('%s does not know the variable %s: it is ignored.%s' % (caller(prefix), name, hint))
    return warnings
