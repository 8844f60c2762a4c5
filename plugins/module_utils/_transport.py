# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""Bounded HTTP exchanges: one deadline for a whole request, a cap on every body.

``timeout`` in requests bounds each socket read, not a request: a server that drips one
byte a second (headers, body, or ``100 Continue`` lines) never trips it. Here a
``Deadline`` arms a watchdog that shuts the request's socket down when the request's time
is up, whatever phase it is in, and ``read_body`` reads the body in chunks against the
same deadline and a size cap that applies to the decoded (inflated) size.

``_client.Vb365Client`` mounts ``BoundedAdapter`` and calls these; nothing here raises
the collection's errors: ``BodyTooLarge`` and ``BadEncoding`` are mapped by the client.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import threading
import time

try:
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
except ImportError:  # the client reports the missing library (missing_required_lib)
    HTTPAdapter = HTTPConnection = HTTPSConnection = HTTPConnectionPool = HTTPSConnectionPool = object

# The largest body (after decompression) the client reads. A page of 10,000 v8 sessions (the API's
# largest page) measures 9 MiB from the simulator; this leaves room for longer texts without letting a server fill memory.
MAX_BODY_BYTES = 64 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
# The encodings the client asks for (and can decode itself with a cap): no brotli or zstd surprises.
ACCEPT_ENCODING = 'gzip, deflate'

# The deadline of the request this thread is sending, for the connection classes below.
_current = threading.local()


class BodyTooLarge(Exception):
    """The body (or what it inflates to) is larger than the cap."""


class BadEncoding(Exception):
    """The body's Content-Encoding is unknown, or the compressed data is corrupt."""


class Redirected(Exception):
    """The server answered with a redirect (3xx); ``response`` is that answer, its body unread."""

    def __init__(self, response):
        super(Redirected, self).__init__(response.status_code)
        self.response = response


def refuse_redirects(response, *args, **kwargs):
    """A requests response hook: stop at a 3xx before requests looks at it.

    With allow_redirects=False requests still prepares the next request of a redirect, and
    reads the whole 3xx body to do so; raising here comes first.
    """
    if 300 <= response.status_code < 400:
        raise Redirected(response)
    return response


class Deadline:
    """The end of one request's time, and a watchdog that shuts its socket down at that moment.

    Used as a context manager around sending the request and reading its body.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self):
        """Seconds left (never zero: a zero socket timeout would mean non-blocking)."""
        return max(0.01, self.ends - time.monotonic())

    def watch(self, sock):
        """Shut ``sock`` down at the deadline (at once if it has passed)."""
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shutdown(sock)

    def _expire(self):
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)

    def __enter__(self):
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()
        _current.deadline = None
        return False


def _shutdown(sock):
    # The plain socket's shutdown: a TLS socket's own would also drop its TLS state under the reading thread.
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, TypeError):
        pass


def _watch_current(sock):
    deadline = getattr(_current, 'deadline', None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self, *args, **kwargs):
        # Reading the status line and headers is where dripping and 100 Continue lines would go on forever.
        _watch_current(getattr(self, 'sock', None))
        return super(_WatchedHTTPConnection, self).getresponse(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self, *args, **kwargs):
        _watch_current(getattr(self, 'sock', None))
        return super(_WatchedHTTPSConnection, self).getresponse(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def _use_watched_pools(manager):
    # A new dict: urllib3's default one is shared by every PoolManager of the process. A SOCKS
    # proxy's manager keeps its own pools (its connections are not these classes): the per-read
    # timeout and the body's deadline still bound it, the headers' watchdog does not.
    if hasattr(manager, 'pool_classes_by_scheme') and type(manager).__name__ != 'SOCKSProxyManager':
        manager.pool_classes_by_scheme = {'http': _WatchedHTTPPool, 'https': _WatchedHTTPSPool}
    return manager


class BoundedAdapter(HTTPAdapter):
    """requests' adapter, with connections whose socket the current ``Deadline`` can shut down.

    Also for the connections through a proxy (HTTPS_PROXY), which have managers of their own.
    """

    def init_poolmanager(self, *args, **kwargs):
        super(BoundedAdapter, self).init_poolmanager(*args, **kwargs)
        _use_watched_pools(self.poolmanager)

    def proxy_manager_for(self, *args, **kwargs):
        return _use_watched_pools(super(BoundedAdapter, self).proxy_manager_for(*args, **kwargs))


def _decoder(encoding):
    """A zlib decompressor for a Content-Encoding, None for none; raises BadEncoding for others."""
    if encoding in ('', 'identity'):
        return None
    # Only here: a plain answer (the read-by-id path) never needs zlib.
    import zlib
    if encoding in ('gzip', 'x-gzip'):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == 'deflate':
        return zlib.decompressobj(zlib.MAX_WBITS)
    raise BadEncoding('unsupported Content-Encoding %r' % encoding[:40])


def read_body(response, cap=MAX_BODY_BYTES):
    """Read a streamed requests ``response``'s whole body, decoded, at most ``cap`` bytes; store it as its content.

    Compressed data is inflated here, a bounded piece at a time, so that a small body that
    inflates to gigabytes stops at the cap. The socket's own errors (the watchdog shutting
    it down included) propagate as urllib3/OSError exceptions.
    """
    length = response.headers.get('Content-Length', '')
    encoding = response.headers.get('Content-Encoding', '').strip().lower()
    # isascii: str.isdigit() also accepts digits like '²' that int() refuses.
    if length.isascii() and length.isdigit() and len(length) < 20 and int(length) > cap and encoding in ('', 'identity'):
        raise BodyTooLarge('Content-Length %s' % length)
    decoder = _decoder(encoding)
    body = bytearray()
    raw = response.raw
    while True:
        data = raw.read(CHUNK_BYTES, decode_content=False)
        if not data:
            break
        if decoder is None:
            body += data
            _check_size(body, cap)
        else:
            _inflate_into(body, decoder, data, cap)
    if decoder is not None:
        body += _inflate(decoder.flush)
        _check_size(body, cap)
    response._content = bytes(body)
    response._content_consumed = True
    return response


def _check_size(body, cap):
    if len(body) > cap:
        raise BodyTooLarge('more than %d bytes' % cap)


def _inflate_into(body, decoder, data, cap):
    """Inflate ``data`` onto ``body`` a chunk at a time: a 64 KiB piece of a bomb never becomes 64 MiB at once."""
    while data:
        body += _inflate(decoder.decompress, data, CHUNK_BYTES)
        _check_size(body, cap)
        data = decoder.unconsumed_tail


def _inflate(step, *args):
    import zlib
    try:
        return step(*args)
    except zlib.error as e:
        raise BadEncoding('corrupt compressed body (%s)' % e)
