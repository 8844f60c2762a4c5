# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Keeping secrets out of text: every form a password or token can take in a message, blanked out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
from urllib.parse import quote, quote_plus

MASK = '********'
EXCERPT_LENGTH = 200


def secret_forms(secret):
    """The ways a secret can appear in text: as written, URL-encoded (quote, quote_plus), JSON- and repr-escaped."""
    forms = set((secret, quote(secret, safe=''), quote(secret), quote_plus(secret), quote_plus(secret, safe=''),
                 json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1],
                 repr(secret.encode('utf-8'))[2:-1]))
    return [form for form in forms if form]


def redact(text, secrets):
    """``text`` with every secret blanked out, in every form ``secret_forms`` knows.

    Short secrets too: a one-letter password blanks every such letter of a message, which
    makes it harder to read, but showing a password is worse.
    """
    forms = set()
    for secret in secrets:
        if secret:
            forms.update(secret_forms(secret))
    # Longest first, so that a form containing another is blanked whole.
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, MASK)
    return text


def excerpt(text, secrets):
    """A short, single-line piece of a response body with every secret blanked out."""
    text = re.sub(r'\s+', ' ', redact(text, secrets)).strip()
    if len(text) > EXCERPT_LENGTH:
        text = text[:EXCERPT_LENGTH] + '...'
    return text
