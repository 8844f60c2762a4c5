# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Reading the API's collections page by page, and refusing paging that does not move forward.

Collections come as a bare JSON array (v5-v7 ``/Jobs``, v6/v7 ``/Organizations``...) or as a
page envelope (``offset``, ``limit``, ``results``). ``read_page`` reads and checks one page;
``iter_items`` follows the pages of a whole listing with it, and so does every other reader of
pages (``_newest_sessions``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The API's documented maximum page size: the fewer pages, the fewer round trips.
MAX_PAGE_SIZE = 10000
# The most pages one listing reads: 10 million items at the largest page size. A server whose
# paging does not end (or does not move forward) gets a clear error, not an endless task.
MAX_PAGES = 1000


class Page(object):
    """One page of a listing: its ``results``, whether it is the last one (``complete``), and the ``setId`` the
    server gave it (None when it gave none): a tenant listing keeps its first page's set across its pages."""

    def __init__(self, results, complete, set_id=None):
        self.results = results
        self.complete = complete
        self.set_id = set_id


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def read_page(client, path, query, offset, page_size, first_ids=None):
    """GET one page of ``path`` at ``offset``; a ``Page``, or the client's paging errors.

    ``first_ids`` (a set, shared by the pages of one listing) refuses a page that repeats an
    earlier one. A page is the last when it is a bare array or shorter than the page size the
    server says it used (a server may clamp ``limit``; a larger echo is not trusted, so a server
    that ignores ``limit`` costs one more, empty, page instead of an early end).
    """
    query = dict(query or {}, offset=offset, limit=page_size)
    request = 'GET %s' % client.api_path(path)
    body = client.get(path, query)
    if isinstance(body, list):
        return Page(body, complete=True)
    results = body.get('results') if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise client.errors.not_a_page(request, body)
    echoed_offset = body.get('offset')
    if _is_int(echoed_offset) and echoed_offset != offset:
        raise client.errors.paging(request, 'asked for offset %d, it answered the page at offset %d' % (offset, echoed_offset))
    first = results[0].get('id') if results and isinstance(results[0], dict) else None
    if first_ids is not None and isinstance(first, str):
        if first in first_ids:
            raise client.errors.paging(request, 'the page at offset %d repeats an earlier page' % offset)
        first_ids.add(first)
    echoed = body.get('limit')
    if _is_int(echoed) and echoed <= 0:
        raise client.errors.paging(request, 'asked for %d items a page, it answered limit %d' % (page_size, echoed))
    used = min(echoed, page_size) if _is_int(echoed) else page_size
    set_id = body.get('setId')
    return Page(results, complete=len(results) < used, set_id=set_id if isinstance(set_id, str) and set_id else None)


def iter_items(client, path, query=None, page_size=MAX_PAGE_SIZE, keep_set_id=False):
    """Yield every item of a collection, following its pages.

    Stops on a short or empty page and never relies on ``totalCount`` or ``_links.next`` alone,
    which are not always sent: whether a real server omits ``next`` on the last page is
    undocumented, and trusting its absence could silently cut a listing short. A listing of an
    exact multiple of the page size therefore costs one more (empty) page. ``keep_set_id``: the
    first page's ``setId`` goes with the next pages (an organization's listings, which the server
    snapshots per set).
    """
    offset = 0
    first_ids = set()
    set_id = None
    for dummy in range(MAX_PAGES):
        page = read_page(client, path, dict(query or {}, setId=set_id) if set_id else query, offset, page_size,
                         first_ids)
        if keep_set_id:
            set_id = set_id or page.set_id
        yield from page.results
        if page.complete:
            return
        offset += len(page.results)
        # Let this page go before the next one is read: a long listing holds one page at a time, not two.
        page = None
    raise client.errors.paging('GET %s' % client.api_path(path),
                               'more than %d pages of %d items for one listing' % (MAX_PAGES, page_size))
