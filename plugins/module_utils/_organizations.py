# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The Microsoft 365 organizations (tenants) a server backs up: listed in one shape on v6-v8, and selected by name or id.

``GET /vN/Organizations`` is a bare array on v6 and v7 and a page on v8 (``_paging`` reads both);
v5 has no such endpoint. ``select_organizations`` is how every module finds the tenants a task
names, with one set of messages.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError, Vb365ResponseError
from ansible_collections.vb365.backup.plugins.module_utils._input import name_hint, named
from ansible_collections.vb365.backup.plugins.module_utils._shapes import ORGANIZATION
from ansible_collections.vb365.backup.plugins.module_utils._session import typed_fields

NO_ORGANIZATIONS_ON_V5 = 'API v5 has no Organizations endpoint (it exists from API v6)'


def normalize_organization(raw):
    """The organization dict of ``_shapes.ORGANIZATION`` from one organization object of any version."""
    if not isinstance(raw, dict):
        raise Vb365ResponseError('Expected an organization object, got %s.' % type(raw).__name__)
    return typed_fields(raw, ORGANIZATION)


def list_organizations(client):
    """Every organization of the server, normalised, in the server's order (one request a page)."""
    if client.ensure_api_version() == 'v5':
        raise Vb365InputError('Organizations cannot be read: %s. Use api_version v6 or later.' % NO_ORGANIZATIONS_ON_V5)
    return [normalize_organization(raw) for raw in client.iter_items('Organizations')]


def select_organizations(client, names=None, ids=None, variable_prefix=''):
    """The organizations a task names (``names`` or ``ids``), normalised; every organization when it names none.

    A name matches exactly, else ignoring letter case; an unknown name or id fails and names the closest
    organizations (``variable_prefix`` goes before option names in messages, as for the gate roles).
    """
    organizations = list_organizations(client)
    if not names and not ids:
        return organizations
    selected = []
    for name in names or ():
        matches = named(organizations, name)
        if not matches:
            raise Vb365InputError('No organization named %r in %sorganization_names. %s'
                                  % (name, variable_prefix, name_hint(name, organizations, 'organizations')))
        selected.extend(m for m in matches if m not in selected)
    by_id = dict((o['id'].lower(), o) for o in organizations if o['id'])
    for organization_id in ids or ():
        organization = by_id.get(organization_id.lower())
        if organization is None:
            raise Vb365InputError('No organization with id %s in %sorganization_ids: the server has %d organizations.'
                                  % (organization_id, variable_prefix, len(organizations)))
        if organization not in selected:
            selected.append(organization)
    return selected
