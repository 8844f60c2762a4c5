# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError, Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._jobs import find_job_by_name, normalize_job

JOBS = [normalize_job({'id': str(i), 'name': name}) for i, name in enumerate(
    ['Exchange Online - Daily', 'SharePoint - Daily', 'OneDrive - Weekly', 'Teams - Daily', 'Twin', 'Twin'])]


def test_v5_and_v8_jobs_have_the_same_keys():
    v5 = normalize_job({'id': 'a', 'name': 'n', 'isEnabled': True, 'lastStatus': 'Success', 'schedulePolicy': {}, '_links': {}})
    v8 = normalize_job({'id': 'a', 'name': 'n', 'isEnabled': False, 'lastBackup': '2026-01-01T00:00:00Z',
                        'organizationId': 'o', 'eTag': 3})
    assert list(v5) == list(v8)
    assert v5['is_enabled'] is True and v5['last_backup'] is None and v8['organization_id'] == 'o'
    assert '_links' not in v5 and 'schedule_policy' not in v5


def test_a_job_that_is_not_an_object_is_a_typed_error():
    with pytest.raises(Vb365ResponseError):
        normalize_job('job')


def test_exact_name_then_unique_case_insensitive_match():
    assert find_job_by_name(JOBS, 'SharePoint - Daily')['id'] == '1'
    assert find_job_by_name(JOBS, 'sharepoint - daily')['id'] == '1'


def test_unknown_name_lists_close_matches():
    with pytest.raises(Vb365InputError, match=r"No job named 'Exchange - Daily'\. Did you mean: 'Exchange Online - Daily'"):
        find_job_by_name(JOBS, 'Exchange - Daily')


def test_unknown_name_without_close_matches_lists_some_jobs():
    with pytest.raises(Vb365InputError, match=r"No job named 'zzz'\. The server has 5 jobs: 'Exchange Online - Daily'"):
        find_job_by_name(JOBS, 'zzz')


def test_ambiguous_name_lists_the_ids():
    with pytest.raises(Vb365InputError, match=r"Job name 'Twin' is ambiguous: 2 jobs have it \(4, 5\)\. Select the job by job_id"):
        find_job_by_name(JOBS, 'Twin')
