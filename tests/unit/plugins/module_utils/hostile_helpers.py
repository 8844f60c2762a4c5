# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers for the tests against misbehaving servers: the simulator's admin API, and a loopback CONNECT proxy."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import select
import socket
import socketserver
import sys
import threading

import requests

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
SIMULATOR_DIR = os.path.join(REPO, 'tests', 'simulator')
SEED_DATA = os.path.join(SIMULATOR_DIR, 'data', 'seed.json')
USERNAME = 'CORP\\vbo-admin'
PASSWORD = 'Veeam-Sim-Passw0rd!'


def simulator_process():
    """The simulator's ``process`` module (tests/simulator is not an installed package)."""
    if SIMULATOR_DIR not in sys.path:
        sys.path.insert(0, SIMULATOR_DIR)
    from vb365sim import process
    return process


class SimulatorAdmin:
    """The ``/_sim/`` API of one running simulator."""

    def __init__(self, sim):
        self.sim = sim

    def call(self, method, name, body=None):
        response = requests.request(method, '%s/_sim/%s' % (self.sim.url, name), json=body, verify=self.sim.ca_path,
                                    timeout=30, proxies={'https': None, 'http': None})
        response.raise_for_status()
        return response.json() if response.content else None

    def fault(self, **rule):
        return self.call('POST', 'faults', rule)

    def listener(self, kind, **options):
        options['kind'] = kind
        return self.call('POST', 'listeners', options)

    def listeners(self):
        return self.call('GET', 'listeners')['listeners']

    def reset(self):
        self.call('POST', 'reset')


class _Tunnel(socketserver.BaseRequestHandler):
    """One CONNECT request: note the target, connect to it (loopback only), then copy bytes both ways."""

    def handle(self):
        head = b''
        while b'\r\n\r\n' not in head and len(head) < 65536:
            data = self.request.recv(4096)
            if not data:
                return
            head += data
        line = head.split(b'\r\n', 1)[0].decode('latin-1')
        self.server.requests.append(line)
        method, target = line.split(' ')[:2]
        host, port = target.rsplit(':', 1)
        if method != 'CONNECT' or host.strip('[]') not in ('127.0.0.1', '::1', 'localhost'):
            self.request.sendall(b'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
            return
        with socket.create_connection((host.strip('[]'), int(port)), timeout=30) as upstream:
            self.request.sendall(b'HTTP/1.1 200 Connection established\r\n\r\n')
            peers = {self.request: upstream, upstream: self.request}
            while True:
                readable = select.select(list(peers), [], [], 30)[0]
                if not readable:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)


class ConnectProxy(socketserver.ThreadingTCPServer):
    """A tiny HTTPS (CONNECT) proxy on 127.0.0.1 that records the request line of each tunnel."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        socketserver.ThreadingTCPServer.__init__(self, ('127.0.0.1', 0), _Tunnel)
        self.requests = []
        self.url = 'http://127.0.0.1:%d' % self.server_address[1]
        self._thread = threading.Thread(target=self.serve_forever, kwargs=dict(poll_interval=0.1))
        self._thread.daemon = True

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()
        self._thread.join(10)
