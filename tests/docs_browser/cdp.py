# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Headless Chromium driven over the DevTools protocol (CDP), with aiohttp's websocket client.

No browser download and no driver package: Debian's /usr/bin/chromium, started with a fresh
profile and --remote-debugging-port=0; the port it chose is read from DevToolsActivePort.
"""

import asyncio
import base64
import json
import os
import subprocess
import time

import aiohttp

CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
FLAGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-default-apps', '--no-default-browser-check', '--remote-debugging-address=127.0.0.1',
         '--remote-debugging-port=0', '--window-size=1280,900')


class Browser:
    """One Chromium process (started here, stopped by close()) and one page in it."""

    def __init__(self, profile_dir):
        self.profile_dir = str(profile_dir)
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            [CHROMIUM, *FLAGS, '--user-data-dir=%s' % self.profile_dir, 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.session = self.ws = None
        self.events = []
        self._next_id = 0
        self._pending = {}
        self._reader = None

    def _devtools_port(self, timeout=30):
        path = os.path.join(self.profile_dir, 'DevToolsActivePort')
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('%s exited with %s before it listened' % (CHROMIUM, self.proc.returncode))
            if os.path.exists(path):
                with open(path, encoding='utf-8') as f:
                    lines = f.read().split()
                if len(lines) >= 1:
                    return int(lines[0])
            time.sleep(0.1)
        raise RuntimeError('%s did not write %s within %ds' % (CHROMIUM, path, timeout))

    async def start(self):
        port = self._devtools_port()
        self.session = aiohttp.ClientSession()
        async with self.session.put('http://127.0.0.1:%d/json/new?about:blank' % port) as resp:
            target = await resp.json()
        self.ws = await self.session.ws_connect(target['webSocketDebuggerUrl'], max_msg_size=0)
        self._reader = asyncio.ensure_future(self._read())
        for domain in ('Page', 'Runtime', 'Log', 'Network'):
            await self.send(domain + '.enable')

    async def _read(self):
        async for message in self.ws:
            data = json.loads(message.data)
            if 'id' in data:
                future = self._pending.pop(data['id'], None)
                if future is not None and not future.done():
                    future.set_result(data)
            else:
                self.events.append(data)

    async def send(self, method, **params):
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = future
        await self.ws.send_str(json.dumps({'id': self._next_id, 'method': method, 'params': params}))
        reply = await asyncio.wait_for(future, 60)
        if 'error' in reply:
            raise RuntimeError('%s: %s' % (method, reply['error']))
        return reply['result']

    async def open(self, url, timeout=30):
        """Load url; return the events (console, exceptions, network) seen while it loaded."""
        self.events = []
        await self.send('Page.navigate', url=url)
        deadline = time.monotonic() + timeout
        while not any(e['method'] == 'Page.loadEventFired' for e in self.events):
            if time.monotonic() > deadline:
                raise RuntimeError('%s did not load within %ds' % (url, timeout))
            await asyncio.sleep(0.05)
        # Let scripts that run on load report their errors.
        await asyncio.sleep(0.3)
        return list(self.events)

    async def evaluate(self, expression):
        result = await self.send('Runtime.evaluate', expression=expression, returnByValue=True)
        if 'exceptionDetails' in result:
            raise RuntimeError('%s: %s' % (expression, result['exceptionDetails']))
        return result['result'].get('value')

    async def screenshot(self, path):
        shot = await self.send('Page.captureScreenshot', format='png', captureBeyondViewport=True)
        with open(path, 'wb') as f:
            f.write(base64.b64decode(shot['data']))

    async def close(self):
        if self._reader is not None:
            self._reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
