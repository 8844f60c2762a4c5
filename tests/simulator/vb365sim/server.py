"""HTTP/1.1 over TLS with the standard library: one thread per connection.

The TLS handshake runs in the connection's thread (not in the accept loop),
so a slow or silent client never blocks other clients.  Faults are applied
here because some of them act on the connection itself (drop, hang).
"""

import select
import socket
import ssl
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from . import admin, api, hostile, render
from .app import latency_for
from .wire import Request, Response

HANDSHAKE_TIMEOUT = 10
IDLE_TIMEOUT = 30
# A hanging fault waits for the client to give up, but never longer than this.
MAX_HANG = 600


class SimHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # 50 clients connecting at once must not overflow the listen backlog (default 5).
    request_queue_size = 256

    def __init__(self, address, sim, ssl_context):
        """`ssl_context` None serves plain HTTP (the `plain` listener)."""
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.sim = sim
        self.ssl_context = ssl_context
        self.scheme = "http" if ssl_context is None else "https"
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        request.settimeout(HANDSHAKE_TIMEOUT)
        # Headers and body go out in separate writes; without NODELAY, Nagle plus the client's
        # delayed ACK adds ~40 ms to every response.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.ssl_context is None:
            connection = request
        else:
            try:
                connection = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return  # plain HTTP, a port scan or a client that gave up: nothing to answer
        try:
            self.RequestHandlerClass(connection, client_address, self)
        except (ssl.SSLError, OSError):
            pass  # the client went away mid-request; its thread just ends
        finally:
            connection.close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The banner of http.sys, which hosts the VB365 REST service on Windows.
    server_version = "Microsoft-HTTPAPI/2.0"
    timeout = IDLE_TIMEOUT

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the request log is available through /_sim/requests."""

    # http.server dispatches to do_<METHOD>; the names are not ours to choose.
    def do_GET(self):  # pylint: disable=invalid-name
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _base_url(self):
        host = self.headers.get("Host")
        if not host:
            address, port = self.server.server_address[:2]
            host = "[%s]:%d" % (address, port) if ":" in address else "%s:%d" % (address, port)
        return self.server.scheme + "://" + host

    def _dispatch(self):
        sim = self.server.sim
        url = urlsplit(self.path)
        req = Request(self.command, url.path, url.query, self.headers, self._read_body(), self._base_url())
        if url.path.lower().startswith("/_sim/"):
            self._send(admin.handle(sim, req))
            return
        in_flight = sim.in_flight.enter()
        try:
            self._dispatch_api(sim, req, in_flight)
        finally:
            sim.in_flight.leave()

    def _dispatch_api(self, sim, req, in_flight):
        version = api.version_of(req.path)
        # Every key exists from the start: the entry is logged before it is complete (a hanging
        # request is visible at once), and later updates must not resize a dict being serialised.
        req.log.update(method=req.method, path=req.path, query=dict(req.raw_query),
                       version=None if version is None else "v%d" % version, form_keys=req.body_keys(), grant_type=None,
                       disable_antiforgery_token=None, authorized=False, status=None, fault=None,
                       in_flight=in_flight, at=round(time.time(), 6))
        sim.log.append(req.log)
        delay = latency_for(sim.config, "%s %s" % (req.method, req.path))
        if delay:
            sim.stopping.wait(delay)
        try:
            response = self._apply_fault(sim, req)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # A simulator bug must surface as a 500 the test can see, not as a dropped connection.
            traceback.print_exc()
            response = Response.json(500, render.error(api.version_of(req.path), "Simulator error: %r" % exc))
        if response is not None:
            req.log["status"] = response.status
            self._send(response)

    def _apply_fault(self, sim, req):
        """The response to send (None when the connection was dropped or hung)."""
        rule = sim.faults.take(req.method, req.path)
        if rule is None:
            return api.handle(sim, req)
        spec = rule.spec
        req.log["fault"] = rule.describe()
        req.log["authorized"] = sim.auth.check(req.headers.get("Authorization")) is not None
        if rule.latency:
            sim.stopping.wait(rule.latency)
        if spec.get("expire_tokens"):
            sim.auth.expire_all()
        if spec.get("revoke_refresh"):
            sim.auth.revoke_refresh()
        if spec.get("drop"):
            self.close_connection = True
            return None
        if spec.get("hang"):
            self.hang(sim)
            return None
        if spec.get("continue_ms") is not None:
            return Response(100, writer=hostile.continue_writer(spec["continue_ms"]))
        response = self._fault_body(sim, rule, req)
        return self._fault_delivery(spec, response)

    def _fault_body(self, sim, rule, req):
        """The answer a rule gives before delivery tricks: a hostile body, a fault status or the API's."""
        spec = rule.spec
        status = rule.status or 200
        if spec.get("redirect") is not None:
            return Response(status, b"", None, [("Location", spec["redirect"])])
        if spec.get("echo") is not None:
            return hostile.echo(lambda message: render.error(api.version_of(req.path), message), status, req,
                                spec["echo"])
        if spec.get("gzip_bomb") is not None:
            return Response(status, writer=hostile.gzip_bomb_writer(status, spec["gzip_bomb"]))
        if spec.get("oversize") is not None:
            return Response(status, writer=hostile.oversize_writer(status, spec["oversize"]))
        if spec.get("nested") is not None:
            return hostile.nested(status, spec["nested"])
        if rule.status is not None:
            return self._fault_response(rule, req)
        requested_offset = _int_or_zero(req.query.get("offset"))
        if spec.get("paging") in ("ignore_offset", "repeat"):
            req.query["offset"] = "0"   # the server ignores the offset asked for
        response = api.handle(sim, req)
        if spec.get("paging"):
            response = hostile.endless_page(response, spec["paging"], requested_offset)
        return response

    @staticmethod
    def _fault_delivery(spec, response):
        """Odd values and delivery tricks on top of the answer."""
        if response.writer is not None:
            return response
        if spec.get("override") or spec.get("override_raw"):
            response = hostile.override(response, spec.get("override") or {}, spec.get("override_raw") or {})
        if spec.get("truncate") and response.body:
            # A complete HTTP message whose JSON is cut short: the client's decoder must cope.
            response.body = response.body[:max(len(response.body) // 2, 1)]
        response.headers += list((spec.get("headers") or {}).items())
        if spec.get("stall_after_headers"):
            response.writer = hostile.stall_writer(response)
        elif spec.get("drip_ms") is not None or spec.get("drip_headers_ms") is not None:
            response.writer = hostile.drip_writer(response, spec.get("drip_ms"), spec.get("drip_headers_ms"))
        return response

    @staticmethod
    def _fault_response(rule, req):
        headers = []
        if rule.spec.get("retry_after") is not None:
            headers.append(("Retry-After", str(rule.spec["retry_after"])))
        body = rule.spec.get("body")
        if body is not None:
            return Response(rule.status, body.encode("utf-8"), rule.spec.get("content_type") or "text/plain",
                            headers)
        message = "Simulated fault: HTTP %d." % rule.status
        return Response.json(rule.status, render.error(api.version_of(req.path), message), headers)

    def hang(self, sim):
        """Read and discard until the client closes the connection, the server stops or MAX_HANG passes."""
        self.close_connection = True
        waited = 0.0
        while waited < MAX_HANG and not sim.stopping.is_set():
            readable = select.select([self.connection], [], [], 0.25)[0]
            waited += 0.25
            if readable:
                try:
                    if not self.connection.recv(4096):
                        return
                except (ssl.SSLError, OSError):
                    return

    def send_header(self, keyword, value):
        """As http.server does, but a value that is not Latin-1 goes out as UTF-8 (hostile headers)."""
        try:
            super().send_header(keyword, value)
        except UnicodeEncodeError:
            self._headers_buffer.append(("%s: %s\r\n" % (keyword, value)).encode("utf-8"))

    def _send(self, response):
        if response.writer is not None:
            response.writer(self, self.server.sim)
            return
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status not in (204, 304):
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD" and response.status not in (204, 304):
            self.wfile.write(response.body)


def _int_or_zero(text):
    try:
        return max(int(text), 0)
    except (TypeError, ValueError):
        return 0
