"""Extra loopback listeners opened through the admin API: POST /_sim/listeners.

* `plain`: the same simulator (same data, tokens, switches, request log) over HTTP without TLS;
* `wrong_host`: the same simulator over TLS with a certificate for another host name
  (certs.WRONG_HOST_NAME), signed by the same CA, so only the name check can fail;
* `recorder`: a "second server" that records whatever reaches it (per connection: time,
  byte count, the first 64 KiB) and answers 200 `{"recorder": true}`; with `"tls": true` it
  presents the simulator's own valid certificate, the worst case for a client that follows
  a redirect.  A test asserts that its `received` list stays empty.
"""

import socket
import socketserver
import ssl
import threading
import time

from . import certs
from .server import SimHTTPServer
from .wire import ApiError

LOOPBACK = ("127.0.0.1", "::1", "localhost")
RECORD_HEAD = 64 * 1024
MAX_RECORDS = 1000
RECORDER_ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 18\r\n"
                   b"Connection: close\r\n\r\n{\"recorder\": true}")


class _RecorderHandler(socketserver.BaseRequestHandler):
    def handle(self):
        server = self.server
        connection = self.request
        connection.settimeout(2)
        received, count = b"", 0
        try:
            if server.ssl_context is not None:
                connection = server.ssl_context.wrap_socket(connection, server_side=True)
            while b"\r\n\r\n" not in received and count < RECORD_HEAD:
                data = connection.recv(65536)
                if not data:
                    break
                count += len(data)
                received = (received + data)[:RECORD_HEAD]
            connection.sendall(RECORDER_ANSWER)
        except (OSError, ssl.SSLError):
            pass  # a failed handshake or a client that left: still recorded (bytes may be 0)
        server.record({"at": round(time.time(), 6), "bytes": count, "head": received.decode("latin-1")})


class RecorderServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, ssl_context):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.ssl_context = ssl_context
        self._lock = threading.Lock()
        self.received = []
        super().__init__(address, _RecorderHandler)

    def record(self, entry):
        with self._lock:
            if len(self.received) < MAX_RECORDS:
                self.received.append(entry)

    def snapshot(self):
        with self._lock:
            return list(self.received)


class Listeners:
    def __init__(self, sim, files, default_host):
        self.sim = sim
        self.files = files
        self.default_host = default_host
        self._lock = threading.Lock()
        self._open = []

    def open(self, spec):
        if not isinstance(spec, dict) or set(spec) - {"kind", "host", "tls"}:
            raise ApiError(400, "a listener is {\"kind\": \"plain\"|\"wrong_host\"|\"recorder\", \"host\", \"tls\"}")
        kind = spec.get("kind")
        host = spec.get("host") or self.default_host
        if host not in LOOPBACK:
            raise ApiError(400, "listeners bind loopback only: %s" % ", ".join(LOOPBACK))
        address = ("::1" if host == "::1" else "127.0.0.1", 0)
        if kind == "plain":
            server, scheme = SimHTTPServer(address, self.sim, None), "http"
        elif kind == "wrong_host":
            server, scheme = SimHTTPServer(address, self.sim, certs.server_context(self.files, "wrong-host")), "https"
        elif kind == "recorder":
            tls = bool(spec.get("tls"))
            server = RecorderServer(address, certs.server_context(self.files) if tls else None)
            scheme = "https" if tls else "http"
        else:
            raise ApiError(400, "kind must be plain, wrong_host or recorder")
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
        port = server.server_address[1]
        entry = {"id": len(self._open) + 1, "kind": kind, "port": port, "server": server,
                 "url": "%s://%s:%d" % (scheme, "[::1]" if host == "::1" else host, port)}
        with self._lock:
            self._open.append(entry)
        return self._describe(entry)

    @staticmethod
    def _describe(entry):
        out = {key: value for key, value in entry.items() if key != "server"}
        if isinstance(entry["server"], RecorderServer):
            out["received"] = entry["server"].snapshot()
        return out

    def describe(self):
        with self._lock:
            return [self._describe(entry) for entry in self._open]

    def close_all(self):
        with self._lock:
            entries, self._open = self._open, []
        for entry in entries:
            entry["server"].shutdown()
            entry["server"].server_close()
