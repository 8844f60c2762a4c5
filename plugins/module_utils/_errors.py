# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Typed exceptions raised by the collection's module_utils.

Helpers never call ``fail_json``: they raise one of these, and the module runner
(``_runner.run_guarded``, which every module's ``main()`` goes through) turns it into
exactly one ``fail_json`` (see ``Vb365Error.result``).

Whether a failure may heal by itself is decided here, on the error, once:
``retryable`` (repeating the same request at once may succeed: the client's retries)
and ``transient`` (it may heal within a long wait: the wait's tolerance of failed polls).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# HTTP answers that say "try again soon": too many requests, and the server or a proxy in front of it failing.
TRANSIENT_STATUSES = frozenset((429, 500, 502, 503, 504))


def is_transient_status(status):
    """Whether an HTTP status is worth repeating a request that is safe to repeat for."""
    return status in TRANSIENT_STATUSES


class Vb365Error(Exception):
    """Base class: a failure the collection understands and can explain."""

    def __init__(self, msg, **details):
        super(Vb365Error, self).__init__(msg)
        self.msg = msg
        # Extra keys for the failed task result (status, request, ...); None values are dropped.
        self.details = dict((k, v) for k, v in details.items() if v is not None)

    # Whether sending the same request again at once may succeed.
    retryable = False

    @property
    def transient(self):
        """Whether the failure may heal by itself within minutes (a wait may poll again after it)."""
        return self.retryable

    def result(self):
        """Keyword arguments for ``module.fail_json``."""
        result = dict(self.details)
        result['msg'] = self.msg
        return result


class Vb365InputError(Vb365Error):
    """The task's arguments are wrong; raised before any request is sent."""


class Vb365ConnectionError(Vb365Error):
    """The server could not be reached, or TLS failed."""

    # ``retryable`` is set True on the instance when the connection broke after it was made:
    # repeating a safe request may succeed. A refused connection, a timeout or a TLS error is
    # not repeated at once, but any of them may heal while a wait goes on.
    transient = True


class Vb365ResponseError(Vb365Error):
    """The server answered with a body the collection cannot use."""


class Vb365ApiError(Vb365Error):
    """The server answered with an HTTP error status."""

    def __init__(self, msg, status=None, **details):
        super(Vb365ApiError, self).__init__(msg, status=status, **details)
        self.status = status
        self.retryable = is_transient_status(status)


class Vb365AuthError(Vb365ApiError):
    """The server refused the credentials or the access token."""


class Vb365NotFoundError(Vb365ApiError):
    """The requested resource (or API version) does not exist on the server."""
