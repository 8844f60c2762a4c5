"""Hostile-server answers for fault rules: drips, stalls, bombs, oversize bodies, odd JSON.

Every writer here streams: memory stays at one chunk whatever size a rule asks for,
and a write to a client that went away raises OSError, which ends the connection's
thread (server.py catches it).  Endless behaviours also stop at MAX_STREAM_SECONDS
or when the simulator shuts down.
"""

import json
import struct
import threading
import zlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .wire import JSON_TYPE, Response, dump_json

CHUNK = 1 << 20
MAX_STREAM_SECONDS = 600
CONTINUE_LINE = b"HTTP/1.1 100 Continue\r\n\r\n"


def head_bytes(handler, status, headers, content_type=None, length=None):
    """Status line and headers as bytes (UTF-8 where a value is not Latin-1: hostile headers are allowed)."""
    reason = handler.responses.get(status, ("Unknown",))[0]
    lines = ["HTTP/1.1 %d %s" % (status, reason), "Server: " + handler.version_string(),
             "Date: " + handler.date_time_string()]
    lines += ["%s: %s" % (name, value) for name, value in headers]
    if content_type:
        lines.append("Content-Type: " + content_type)
    if length is not None:
        lines.append("Content-Length: %d" % length)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _drip(handler, data, interval, stopping):
    """Write `data` one byte at a time, `interval` seconds apart."""
    for index in range(len(data)):
        handler.wfile.write(data[index:index + 1])
        handler.wfile.flush()
        if stopping.wait(interval):
            return


def drip_writer(response, body_ms=None, headers_ms=None):
    """Send the answer with its headers and/or its body dripped one byte every N milliseconds."""

    def write(handler, sim):
        handler.close_connection = True
        head = head_bytes(handler, response.status, response.headers, response.content_type, len(response.body))
        for part, interval in ((head, headers_ms), (response.body, body_ms)):
            if interval is None:
                handler.wfile.write(part)
                handler.wfile.flush()
            else:
                _drip(handler, part, interval / 1000.0, sim.stopping)
    return write


def continue_writer(interval_ms):
    """`HTTP/1.1 100 Continue` again and again, never a final answer."""

    def write(handler, sim):
        handler.close_connection = True
        waited = 0.0
        while waited < MAX_STREAM_SECONDS:
            handler.wfile.write(CONTINUE_LINE)
            handler.wfile.flush()
            if sim.stopping.wait(interval_ms / 1000.0):
                return
            waited += interval_ms / 1000.0
    return write


def stall_writer(response):
    """Headers (with the real Content-Length) at once, then no body until the client gives up."""

    def write(handler, sim):
        handler.wfile.write(head_bytes(handler, response.status, response.headers, response.content_type,
                                       len(response.body)))
        handler.wfile.flush()
        handler.hang(sim)
    return write


class _Bombs:
    """Deflate blocks for the gzip bomb, computed once per process (a few KiB each)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._blocks = {}
        self._crcs = {}

    def block(self, size):
        """`size` spaces deflated from a fresh state and full-flushed: identical bytes every time."""
        with self._lock:
            if size not in self._blocks:
                compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
                self._blocks[size] = compressor.compress(b" " * size) + compressor.flush(zlib.Z_FULL_FLUSH)
            return self._blocks[size]

    def crc(self, total):
        with self._lock:
            if total not in self._crcs:
                chunk, crc = b" " * CHUNK, 0
                for _index in range(total // CHUNK):
                    crc = zlib.crc32(chunk, crc)
                self._crcs[total] = zlib.crc32(b" " * (total % CHUNK), crc)
            return self._crcs[total]


BOMBS = _Bombs()


def gzip_bomb_writer(status, size):
    """A gzip body inflating to `size` bytes of JSON whitespace (then `{}`), about size/1000 on the wire.

    Built from identical full-flushed deflate blocks, so it is streamed without ever holding
    either the inflated or the compressed body.
    """
    payload = size - 2
    full, rest = divmod(payload, CHUNK)
    parts = [(BOMBS.block(CHUNK), full)] if full else []
    if rest:
        parts.append((BOMBS.block(rest), 1))
    parts.append((_final_block(b"{}"), 1))
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    crc = zlib.crc32(b"{}", BOMBS.crc(payload))
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)
    length = len(header) + sum(len(block) * count for block, count in parts) + len(trailer)

    def write(handler, _sim):
        handler.close_connection = True
        handler.wfile.write(head_bytes(handler, status, [("Content-Encoding", "gzip")], JSON_TYPE, length))
        handler.wfile.write(header)
        for block, count in parts:
            for _index in range(count):
                handler.wfile.write(block)
        handler.wfile.write(trailer)
        handler.wfile.flush()
    return write


def _final_block(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def oversize_writer(status, size):
    """A plain JSON object of exactly `size` bytes ({"pad":"xxx…"}), streamed in 1 MiB chunks."""
    prefix, suffix = b'{"pad":"', b'"}'
    pad = max(size - len(prefix) - len(suffix), 0)

    def write(handler, _sim):
        handler.close_connection = True
        handler.wfile.write(head_bytes(handler, status, [], JSON_TYPE, len(prefix) + pad + len(suffix)))
        handler.wfile.write(prefix)
        chunk = b"x" * min(CHUNK, pad)
        left = pad
        while left:
            handler.wfile.write(chunk[:left])
            left -= min(left, len(chunk))
        handler.wfile.write(suffix)
        handler.wfile.flush()
    return write


def nested(status, depth):
    """JSON arrays nested `depth` deep: [[[…]]]."""
    return Response(status, b"[" * depth + b"]" * depth, JSON_TYPE)


def echo(version_error, status, req, what):
    """An error whose message repeats the request's body or headers (as careless servers do)."""
    if what == "body":
        text = req.body.decode("utf-8", "replace")
    else:
        text = "\n".join("%s: %s" % (name, value) for name, value in req.headers.items())
    return Response.json(status, version_error("The request is invalid: %s" % text))


def override(response, values, raw):
    """Set fields of a JSON answer (every item of a page's `results` or of a bare array): JSON values and raw
    JSON text.

    Names may be dotted ("statistics.processedObjects"); raw text is spliced in verbatim,
    so it can be what no JSON encoder writes (1e999, 5,000 digits, deep nesting).
    """
    try:
        body = json.loads(response.body)
    except ValueError:
        return response
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        targets = body["results"]
    elif isinstance(body, list):
        targets = body          # a bare array (v5-v7 lists): each item
    else:
        targets = [body]
    sentinels = {}
    for target in targets:
        for name, value in list(values.items()) + [(name, _sentinel(sentinels, text)) for name, text in raw.items()]:
            _set(target, name.split("."), value)
    data = dump_json(body)
    for marker, text in sentinels.items():
        data = data.replace(dump_json(marker), text.encode("utf-8"))
    response.body = data
    return response


def _sentinel(sentinels, text):
    marker = "@@vb365sim-raw-%d@@" % len(sentinels)
    sentinels[marker] = text
    return marker


def _set(target, names, value):
    for name in names[:-1]:
        if not isinstance(target, dict):
            return
        target = target.setdefault(name, {})
    if isinstance(target, dict):
        target[names[-1]] = value


def endless_page(response, mode, requested_offset):
    """Break a page's paging contract: see README, fault key `paging`."""
    try:
        body = json.loads(response.body)
    except ValueError:
        return response
    if not (isinstance(body, dict) and isinstance(body.get("results"), list) and "_links" in body):
        return response
    limit = body["limit"]
    if mode == "repeat":
        body["offset"] = requested_offset       # offsets seem to advance, the items are always the first page's
        next_offset = requested_offset + limit
    elif mode == "ignore_offset":
        next_offset = limit                     # always page 0, always pointing at the same next page
    else:  # always_next: honest pages, but a next link past the end, forever
        next_offset = body["offset"] + limit
    body["_links"]["next"] = {"href": _with_offset(body["_links"]["self"]["href"], next_offset)}
    response.body = dump_json(body)
    return response


def _with_offset(href, offset):
    parts = urlsplit(href)
    query = [(name, str(offset) if name == "offset" else value) for name, value in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query)))
