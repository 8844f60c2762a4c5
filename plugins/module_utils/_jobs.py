# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Backup jobs and backup copy jobs: one stable shape on every API version, and finding jobs by id or name.

Copy jobs (API v6 and later) live in their own collection, ``/CopyJobs``, but everywhere a
task names a job they are jobs like backup jobs: ``job_type`` (``Backup`` or ``Copy``, the
words a session's ``job_type`` uses) tells them apart, and ``job_path`` gives the
collection an action on the job goes to.

``select_jobs`` is how every module finds the jobs a task names, so that every module
fails with the same messages (listed in docs/docsite/rst/troubleshooting.rst).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError, Vb365NotFoundError, Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._input import name_hint, named
from ansible_collections.vb365.backup.plugins.module_utils._shapes import JOB
from ansible_collections.vb365.backup.plugins.module_utils._session import typed_fields

# job_type -> the collection that holds jobs of that type.
JOB_COLLECTIONS = (('Backup', 'Jobs'), ('Copy', 'CopyJobs'))
KIND_WORDS = {'Backup': 'backup job', 'Copy': 'backup copy job'}
NO_COPY_JOBS_ON_V5 = 'API v5 has no backup copy jobs (the CopyJobs endpoint exists from API v6)'


def normalize_job(raw, job_type='Backup'):
    """The contract's job dict from one RESTJob (``job_type`` Backup) or RESTCopyJob (``Copy``) object."""
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Expected a job object, got %s.' % type(raw).__name__)
    job = typed_fields(raw, JOB)
    job['job_type'] = job_type
    job['retry_wait_interval'] = retry_wait_interval(raw.get('schedulePolicy'))
    return job


def retry_wait_interval(schedule):
    """Minutes the schedule waits before it retries a failed run; None when it does not retry (or does not say)."""
    if not isinstance(schedule, dict) or schedule.get('retryEnabled') is not True:
        return None
    minutes = schedule.get('retryWaitInterval')
    return minutes if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 0 else None


def job_path(job):
    """The path of ``job`` (normalised): ``Jobs/<id>`` or ``CopyJobs/<id>``."""
    return '%s/%s' % (dict(JOB_COLLECTIONS)[job['job_type']], job['id'])


def describe(job):
    """How messages name a job: its kind, its name and its id."""
    return "%s '%s' (%s)" % (KIND_WORDS.get(job.get('job_type'), 'job'), job['name'], job['id'])


def has_copy_jobs(client):
    return client.ensure_api_version() != 'v5'


def find_job_by_name(jobs, name, variable_prefix=''):
    """The one job called ``name`` among ``jobs`` (normalised), or a clear error.

    An exact match wins; otherwise a match that differs only in letter case, if it is
    the only one. Unknown and ambiguous names list what the user may have meant, naming the
    options to choose with as the caller's user knows them (``variable_prefix`` + option).
    """
    matches = named(jobs, name)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Vb365InputError(
            'Job name %r is ambiguous: %d jobs have it (%s). Select the job by %sjob_id instead%s.'
            % (name, len(matches), ', '.join(describe(job) for job in matches), variable_prefix,
               (', or by %sjob_type (Backup or Copy)' % variable_prefix)
               if len(set(job['job_type'] for job in matches)) > 1 else ''))
    raise Vb365InputError('No job named %r. %s' % (name, name_hint(name, jobs, 'jobs')))


def list_jobs(client, job_type=None):
    """Every job of the server (backup jobs, then copy jobs where the version has them), normalised.

    ``job_type`` (Backup or Copy) lists only jobs of that type. One request per collection.
    """
    copies = has_copy_jobs(client)
    if job_type == 'Copy' and not copies:
        raise Vb365InputError('job_type Copy: %s.' % NO_COPY_JOBS_ON_V5)
    jobs = []
    for kind, collection in JOB_COLLECTIONS:
        if job_type in (None, kind) and (kind == 'Backup' or copies):
            jobs.extend(normalize_job(raw, kind) for raw in client.iter_items(collection))
    return jobs


def get_job(client, job_id, job_type=None):
    """The job with id ``job_id`` (a validated GUID), normalised: a backup job, else a copy job.

    A 404 says which job is missing, and on v5 that copy jobs cannot be read there.
    """
    copies = has_copy_jobs(client)
    kinds = [(kind, collection) for kind, collection in JOB_COLLECTIONS
             if job_type in (None, kind) and (kind == 'Backup' or copies)]
    missing = None
    for kind, collection in kinds:
        try:
            return normalize_job(client.get_object('%s/%s' % (collection, job_id)), kind)
        except Vb365NotFoundError as e:
            missing = missing or e
    if missing is None:
        raise Vb365InputError('No job with id %s can be read: %s.' % (job_id, NO_COPY_JOBS_ON_V5))
    if not copies and job_type != 'Backup':
        searched = ' (%s)' % NO_COPY_JOBS_ON_V5
    elif len(kinds) > 1:
        searched = ' (neither a backup job nor a backup copy job)'
    else:
        searched = ' (no %s has it)' % KIND_WORDS[kinds[0][0]]
    raise Vb365NotFoundError('No job with id %s%s: %s' % (job_id, searched, missing.msg), **missing.details)


def select_jobs(client, job_id=None, names=None, job_type=None, variable_prefix=''):
    """The jobs a task names, normalised: by ``job_id``, or by each of ``names``, or every job when it names none.

    The names are looked up in one listing of the jobs, however many there are. ``job_type``
    (Backup or Copy) narrows the search to jobs of that type. ``variable_prefix`` goes before option
    names in messages (a role's variables are the options with a prefix).
    """
    if names:
        jobs = list_jobs(client, job_type)
        try:
            return [find_job_by_name(jobs, name.strip(), variable_prefix) for name in names]
        except Vb365InputError as e:
            if has_copy_jobs(client) or job_type == 'Backup' or not e.msg.startswith('No job named'):
                raise
            raise Vb365InputError('%s %s: a backup copy job cannot be selected there.' % (e.msg, NO_COPY_JOBS_ON_V5))
    if job_id is not None:
        return [get_job(client, job_id, job_type)]
    return list_jobs(client, job_type)
