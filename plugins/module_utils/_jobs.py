# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Backup jobs: one stable shape on every API version, and finding jobs by id or name.

``select_jobs`` is how every module finds the jobs a task names, so that every module
fails with the same messages (listed in docs/docsite/rst/troubleshooting.rst).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError, Vb365NotFoundError, Vb365ResponseError

# Returned key -> API key (RESTJob). lastBackup exists from v7, organizationId and eTag from v8.
JOB_FIELDS = (
    ('id', 'id'),
    ('name', 'name'),
    ('description', 'description'),
    ('is_enabled', 'isEnabled'),
    ('backup_type', 'backupType'),
    ('last_status', 'lastStatus'),
    ('last_run', 'lastRun'),
    ('next_run', 'nextRun'),
    ('last_backup', 'lastBackup'),
    ('organization_id', 'organizationId'),
    ('repository_id', 'repositoryId'),
)


def normalize_job(raw):
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Expected a job object, got %s.' % type(raw).__name__)
    job = {}
    for key, api_key in JOB_FIELDS:
        value = raw.get(api_key)
        job[key] = value if isinstance(value, (str, bool, int)) else None
    return job


def find_job_by_name(jobs, name):
    """The one job called ``name`` among ``jobs`` (normalised), or a clear error.

    An exact match wins; otherwise a match that differs only in letter case, if it is
    the only one. Unknown and ambiguous names list what the user may have meant.
    """
    exact = [job for job in jobs if job['name'] == name]
    matches = exact or [job for job in jobs if isinstance(job['name'], str) and job['name'].lower() == name.lower()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Vb365InputError(
            'Job name %r is ambiguous: %d jobs have it (%s). Select the job by job_id instead.'
            % (name, len(matches), ', '.join('%s' % job['id'] for job in matches)))
    names = sorted(set(job['name'] for job in jobs if isinstance(job['name'], str)))
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    if not close:
        close = [n for n in names if name.lower() in n.lower() or n.lower() in name.lower()][:5]
    hint = ('Did you mean: %s?' % ', '.join(repr(n) for n in close)) if close else (
        'The server has %d jobs%s.' % (len(names), (': ' + ', '.join(repr(n) for n in names[:10])) if names else ''))
    raise Vb365InputError('No job named %r. %s' % (name, hint))


def list_jobs(client):
    """Every job of the server, normalised."""
    return [normalize_job(raw) for raw in client.iter_items('Jobs')]


def get_job(client, job_id):
    """The job with id ``job_id`` (a validated GUID), normalised; a 404 says which job is missing."""
    try:
        return normalize_job(client.get_object('Jobs/%s' % job_id))
    except Vb365NotFoundError as e:
        raise Vb365NotFoundError('No job with id %s: %s' % (job_id, e.msg), **e.details)


def select_jobs(client, job_id=None, names=None):
    """The jobs a task names, normalised: by ``job_id``, or by each of ``names``, or every job when it names none.

    The names are looked up in one listing of the jobs, however many there are.
    """
    if names:
        jobs = list_jobs(client)
        return [find_job_by_name(jobs, name.strip()) for name in names]
    if job_id is not None:
        return [get_job(client, job_id)]
    return list_jobs(client)
