# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Checks of task input that types cannot express, shared by the modules (connection options: ``_connection_options``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError

GUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z')


def validate_guid(value, option):
    """Return ``value`` (lower case) if it is a GUID; otherwise refuse it, naming the option.

    Ids become part of request paths, so this check is also what keeps user input
    from changing the path.
    """
    if not isinstance(value, str) or not GUID_RE.match(value):
        raise Vb365InputError(
            "Invalid %s %r: it must be a GUID such as 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'." % (option, value))
    return value.lower()


def whole_number(value):
    """``value`` as an int of 0 or more, from an int or its ASCII digits ('²' is a digit to Python); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        # ASCII digits, at most 18 of them: int() of a longer string is slow, and refuses more than 4300 digits.
        value = int(text) if text.isdigit() and text.isascii() and len(text) <= 18 else None
    return value if isinstance(value, int) and value >= 0 else None


def validate_names(names, option):
    """Refuse an empty list of names (naming ``option``), or an empty name in it."""
    if names is None:
        return
    if not names:
        raise Vb365InputError('Invalid %s: the list is empty.' % option)
    if any(not name.strip() for name in names):
        raise Vb365InputError('Invalid job name: it is empty.')


def named(items, name):
    """The items (dicts with a ``name``) called ``name``: the exact matches, else those that differ only in letter case."""
    exact = [item for item in items if item['name'] == name]
    return exact or [item for item in items if isinstance(item['name'], str) and item['name'].lower() == name.lower()]


def name_hint(name, items, what):
    """What to say of an unknown ``name``: the close names among ``items``, else how many ``what`` the server has."""
    names = sorted(set(item['name'] for item in items if isinstance(item['name'], str)))
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    if not close:
        close = [n for n in names if name.lower() in n.lower() or n.lower() in name.lower()][:5]
    if close:
        return 'Did you mean: %s?' % ', '.join(repr(n) for n in close)
    return 'The server has %d %s%s.' % (len(names), what, (': ' + ', '.join(repr(n) for n in names[:10])) if names else '')
