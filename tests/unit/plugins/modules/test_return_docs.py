# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every module's RETURN documents exactly the keys the normalisers return, the same way in every module.

RETURN cannot come from a doc fragment (ansible-core merges fragments into DOCUMENTATION only),
so the session and job shapes are written out in each module; this test keeps the copies in
step with ``_session.normalize_session``, ``normalize_log_item`` and ``_jobs.normalize_job``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import json
import os

import pytest
import yaml

from ansible_collections.vb365.backup.plugins.module_utils._jobs import normalize_job
from ansible_collections.vb365.backup.plugins.module_utils._processed_objects import add_processed_objects
from ansible_collections.vb365.backup.plugins.module_utils._session import normalize_log_item, normalize_session

MODULES_DIR = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'modules')
# Python type of a value -> the RETURN type that documents it.
TYPES = {str: 'str', int: 'int', bool: 'bool', dict: 'dict', list: 'list'}
# Fields whose description rightly differs between modules, and why.
CONTEXTUAL = {
    'id': 'job adds how to hand the id to the gate role',
    'job_id': 'job_session_info explains where the id comes from on each version',
    'job_name': 'null in job_session_info when sessions are not selected by job; always set in job',
    'job_session_config_type': 'job adds what full=true does',
}


def return_doc(module):
    path = os.path.join(MODULES_DIR, module + '.py')
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    return yaml.safe_load(next(node.value.value for node in tree.body
                               if isinstance(node, ast.Assign) and node.targets[0].id == 'RETURN'))


def keys(documented):
    """The documented keys, nested ones as ``parent.child``."""
    found = []
    for name, field in documented.items():
        found.append(name)
        found.extend('%s.%s' % (name, inner) for inner in keys(field.get('contains', {})))
    return found


def shape(value):
    """The keys of a normalised dict, nested dicts as ``parent.child``."""
    found = []
    for name, inner in value.items():
        found.append(name)
        if isinstance(inner, dict):
            found.extend('%s.%s' % (name, key) for key in shape(inner))
    return found


with open(os.path.join(os.path.dirname(__file__), '..', 'module_utils', 'fixtures', 'seed_v5_session.json')) as seed:
    # The seed document's session: every statistic set, so that the types are checked too.
    SESSION = normalize_session(json.load(seed), job_name='job')
LOG_ITEM = normalize_log_item({'id': 'lid', 'title': '[Success] done'})
JOB = normalize_job({'id': 'jid', 'name': 'job'})
SESSIONS = [('job_session_info', 'job_session'), ('job', 'job_session')]


class ListingClient:
    """Just enough of a v8 client for add_processed_objects: one failed user."""

    def ensure_api_version(self):
        return 'v8'

    def iter_items(self, path, page_size):
        yield {'id': 'u1', 'type': 'User', 'status': 'Failed'}


WITH_OBJECTS = dict(id='sid')
add_processed_objects(ListingClient(), WITH_OBJECTS)
del WITH_OBJECTS['id']
WITH_OBJECTS['processed_objects_summary']['by_type'] = {}  # keyed by object type: documented as one dict
JOBS = [('job_info', 'job'), ('job', 'job')]


@pytest.mark.parametrize('module, key', SESSIONS)
def test_a_documented_session_has_the_normalisers_keys(module, key):
    documented = return_doc(module)[key]['contains']
    core = [k for k in keys(documented) if k.split('.')[0] not in ('log', 'log_error') and not k.startswith('processed_objects')]
    assert sorted(core) == sorted(shape(SESSION))


@pytest.mark.parametrize('module, key', SESSIONS)
def test_the_processed_objects_extras_are_documented_with_the_keys_they_add(module, key):
    documented = return_doc(module)[key]['contains']
    assert sorted(k for k in keys(documented) if k.startswith('processed_objects')) == sorted(shape(WITH_OBJECTS) + [
        'processed_objects.%s' % inner for inner in WITH_OBJECTS['processed_objects'][0]])


def test_the_log_items_are_documented_with_the_normalisers_keys():
    log = return_doc('job_session_info')['job_session']['contains']['log']
    assert log['type'] == 'list' and log['elements'] == 'dict'
    assert sorted(log['contains']) == sorted(LOG_ITEM)


@pytest.mark.parametrize('module, key', JOBS)
def test_a_documented_job_has_the_normalisers_keys(module, key):
    assert list(return_doc(module)[key]['contains']) == list(JOB)


@pytest.mark.parametrize('pairs, sample', [(SESSIONS, SESSION), (JOBS, JOB)])
def test_each_field_has_the_same_type_and_description_in_every_module(pairs, sample):
    (first_module, first_key), (other_module, other_key) = pairs
    first = return_doc(first_module)[first_key]['contains']
    other = return_doc(other_module)[other_key]['contains']
    for name in other:
        assert first[name]['type'] == other[name]['type'], name
        if name not in CONTEXTUAL:
            assert first[name]['description'] == other[name]['description'], name
    for name, inner in first.get('statistics', {}).get('contains', {}).items():
        assert other['statistics']['contains'][name] == dict(inner, sample=other['statistics']['contains'][name]['sample']), name


@pytest.mark.parametrize('module, key, sample', [
    ('job_session_info', 'job_session', SESSION), ('job', 'job_session', SESSION), ('job_info', 'job', JOB), ('job', 'job', JOB),
])
def test_documented_types_match_what_the_normaliser_returns_where_it_knows(module, key, sample):
    documented = return_doc(module)[key]['contains']
    for name, value in sample.items():
        if value is not None:
            assert documented[name]['type'] == TYPES[type(value)], name
    for name, value in sample.get('statistics', {}).items():
        if value is not None:
            assert documented['statistics']['contains'][name]['type'] == TYPES[type(value)], name


@pytest.mark.parametrize('module, key, single', [('job_session_info', 'job_sessions', 'job_session'), ('job_info', 'jobs', 'job')])
def test_lists_are_documented_as_lists_of_the_single_shape(module, key, single):
    documented = return_doc(module)
    assert documented[key]['type'] == 'list' and documented[key]['elements'] == 'dict'
    assert single in ' '.join(documented[key]['description'] if isinstance(documented[key]['description'], list)
                              else [documented[key]['description']])
