# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The protection gate's thresholds, verdict, words and evidence file.

``vb365.backup.protection_check`` (and through it the role ``vb365.backup.protection_gate``) counts what
``_protection.Report`` counted against the thresholds here, organization by organization: an organization
passes when everything that holds its objects was read, it has a backed-up object, and its stale, never
backed up and unprotected objects are within ``max_stale``, ``max_never_backed_up`` and ``max_unprotected``
(null switches a threshold off; ``max_unprotected: null`` also spares reading the organizations' listings).
Organizations removed from VB365 are reported, not judged. Option names in messages carry the caller's
``variable_prefix`` (the role's variables are the module's options with ``protection_gate_`` before them).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error, Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._gate import held_lines
from ansible_collections.vb365.backup.plugins.module_utils._input import whole_number
from ansible_collections.vb365.backup.plugins.module_utils._preconditions import precondition_argument_spec
from ansible_collections.vb365.backup.plugins.module_utils._protection import COUNTS

# (count, option, words): the thresholds, in the order the messages name them.
THRESHOLDS = (('stale', 'max_stale', 'stale'), ('never_backed_up', 'max_never_backed_up', 'never backed up'),
              ('unprotected', 'max_unprotected', 'unprotected'))
WORDS = dict((count, words) for count, dummy, words in THRESHOLDS)
WORDS.update(protected='protected', deleted='deleted', excluded='excluded')
# The options an evidence file records as the task's inputs (never a connection option: no secret goes there).
EVIDENCE_INPUTS = ('organization_names', 'organization_ids', 'repository_ids', 'object_types', 'max_age', 'workloads',
                   'exclude', 'data_source', 'max_stale', 'max_never_backed_up', 'max_unprotected', 'limit')
EVIDENCE_FORMAT = 1


def gate_argument_spec():
    """The gate's own options (the shared ones are ``_protection.protection_argument_spec``)."""
    return dict(
        # raw, not int: ansible-core 2.16 refuses null for an int option in a role's argument spec, and null is how a
        # threshold is switched off. Checked before any request.
        max_stale=dict(type='raw', default=0),
        max_never_backed_up=dict(type='raw', default=0),
        max_unprotected=dict(type='raw', default=0),
        evidence_path=dict(type='path'),
    )


def threshold(value, option):
    """A threshold as an int (or None: off); refuses anything else, naming ``option``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = whole_number(value)
    if number is None:
        raise Vb365InputError('Invalid %s %r: give the most objects allowed (0 or more), or null to switch it off.'
                              % (option, value))
    return number


def validate_gate_params(params, prefix=''):
    """The thresholds and the evidence file's directory, before any request."""
    for dummy, option, dummy2 in THRESHOLDS:
        params[option] = threshold(params[option], prefix + option)
    path = params.get('evidence_path')
    if path:
        if '\0' in path:
            raise Vb365InputError('Invalid %sevidence_path %r: a path holds no NUL character.' % (prefix, path))
        path = params['evidence_path'] = os.path.abspath(path)
        directory = os.path.dirname(path)
        if os.path.isdir(path):
            raise Vb365InputError('Invalid %sevidence_path %s: it is a directory; give the path of the file to write.'
                                  % (prefix, path))
        if not os.path.isdir(directory):
            raise Vb365InputError('Invalid %sevidence_path %s: the directory %s does not exist where the module runs.'
                                  % (prefix, path, directory))
        if not os.access(directory, os.W_OK | os.X_OK):
            raise Vb365InputError('Invalid %sevidence_path %s: the directory %s is not writable by the user the module '
                                  'runs as.' % (prefix, path, directory))


# ---- the verdict --------------------------------------------------------------------------------

def counts_text(summary, statuses=COUNTS):
    return ', '.join('%d %s' % (summary[s], WORDS[s]) for s in statuses if summary.get(s) is not None)


def organization_problems(summary, params, prefix=''):
    """Why one organization (a summary entry) does not pass; empty when it passes."""
    # What could not be read comes first: it may be why the counts look as they do.
    problems = list(summary['unread'])
    for count, option, words in THRESHOLDS:
        limit = params[option]
        if limit is not None and summary[count] is not None and summary[count] > limit:
            problems.append('%d %s (%s%s %d)' % (summary[count], words, prefix, option, limit))
    if not summary['unread'] and not summary['protected'] + summary['stale'] + summary['never_backed_up']:
        problems.append('none of its objects (%s) is in any backup' % ', '.join(
            kind + 's' for kind in summary['types']))
    return problems


def judgement(report, summaries, params, prefix='', preconditions=None):
    """passed, problems (one line per closed organization, then one per failing precondition), message; each summary
    gets ``passed`` and ``problems``. ``preconditions``: what ``_preconditions.check`` found (an open gate names the
    rules that held)."""
    preconditions = preconditions or {}
    ordered = report.ordered_tenants()
    lines, open_lines = [], []
    for tenant, summary in zip(ordered, summaries):
        if summary['removed']:
            summary.update(passed=None, problems=[])
            open_lines.append("organization '%s' (removed from VB365): %d backed-up objects, not judged"
                              % (summary['organization_name'], summary['deleted'] + summary['excluded']))
            continue
        problems = organization_problems(summary, params, prefix)
        summary.update(passed=not problems, problems=problems)
        if problems:
            line = "organization '%s': %s. Of %d objects: %s." % (
                summary['organization_name'], '; '.join(problems), summary['total'], counts_text(summary))
            samples = [candidate.item for candidate in sorted(tenant.samples, key=lambda c: c.key)]
            if samples:
                line += ' First: %s' % '; '.join(samples)
            lines.append(line)
        else:
            open_lines.append("organization '%s': %s; oldest backup %s" % (
                summary['organization_name'], counts_text(summary), summary['oldest_backup']))
    judged = [s for s in summaries if not s['removed']]
    if not judged:
        lines.append('no organization to check: the selection found none with backed-up data')
    rule = '%s; %s' % (report.rule.description(), ', '.join(
        '%s%s %s' % (prefix, option, 'null' if params[option] is None else params[option])
        for dummy, option, dummy2 in THRESHOLDS))
    lines.extend(preconditions.get('problems') or ())
    if lines:
        message = 'Protection gate CLOSED, the play stops here (rule: %s):\n%s' % (rule, '\n'.join('- ' + l for l in lines))
    else:
        message = 'Protection gate open: %d organization(s), %d object(s) protected (rule: %s):\n%s' % (
            len(judged), sum(s['protected'] for s in judged), rule, '\n'.join('- ' + l for l in open_lines))
        message += held_lines(preconditions)
    return dict(passed=not lines, problems=lines, message=message)


# ---- the evidence file ------------------------------------------------------------------------------

def evidence_document(client, params, result):
    """What an auditor keeps: when, which server and API version, the inputs, the rule, the verdicts. No secret."""
    return dict(
        format=EVIDENCE_FORMAT,
        generated_by='vb365.backup.protection_check',
        checked_at=result['rule']['checked_at'],
        server=client.server,
        port=client.port,
        api_version=client.api_version,
        inputs=dict((name, params.get(name)) for name in EVIDENCE_INPUTS + tuple(precondition_argument_spec())),
        rule=result['rule'],
        passed=result['passed'],
        message=result['message'],
        problems=result['problems'],
        # Which precondition rules were judged and how; not what was read (server_info's whole answer).
        preconditions=dict((key, result['preconditions'][key]) for key in ('checked', 'problems', 'held')),
        totals=result['totals'],
        organizations=result['summary'],
        repositories=result['repositories'],
        objects=result['objects'],
        objects_truncated=result['objects_truncated'],
    )


def write_evidence(path, document):
    """Write ``document`` as JSON to ``path`` at once (a temporary file renamed over it), readable by its owner only."""
    directory = os.path.dirname(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), suffix='.tmp', dir=directory)
    except OSError as e:
        raise Vb365Error('Failed to write the evidence file %s: %s' % (path, e.strerror or e))
    # A lone surrogate from a server's JSON ("\ud800") cannot be encoded as UTF-8: it is written as its JSON escape.
    text = json.dumps(document, indent=1, ensure_ascii=False) + '\n'
    try:
        with os.fdopen(handle, 'wb') as f:
            f.write(text.encode('utf-8', 'backslashreplace'))
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as e:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise Vb365Error('Failed to write the evidence file %s: %s' % (path, e.strerror or e))
