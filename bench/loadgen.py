"""A cheap Socket.IO load generator for the benchmarks: many raw WebSocket clients on one
asyncio loop (wsproto, already installed with Flask-SocketIO), so that the clients cost far
less CPU than the server they load. Only the messages a client acts on are decoded.

Speaks just enough Engine.IO 4 / Socket.IO 5: open, connect with auth, ping/pong, events,
and emits with an acknowledgement.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from urllib.parse import urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Message,
    Ping,
    Request,
    TextMessage,
)


def socket_path(url: str, public_id: str) -> str:
    """The Socket.IO path of a session: its own (``/s/<id>/socket.io/``, where its cookies
    are sent) when the app serves one, else the common one."""
    import requests

    own = f"/s/{public_id}/socket.io/"
    answer = requests.get(f"{url}{own}?EIO=4&transport=polling", timeout=10)
    return own if answer.status_code == 200 else "/socket.io/"


class RawClient:
    """One page: a WebSocket to ``url`` with ``cookies``, authenticated with ``auth``."""

    def __init__(self, url: str, cookies: dict, auth: dict, path: str = "/socket.io/"):
        self.url, self.cookies, self.auth, self.path = url, cookies, auth, path
        self.state: dict | None = None
        self.state_changed = asyncio.Event()
        self._acks: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._connected = asyncio.Event()
        self._buffer = ""
        self.messages = 0  # Socket.IO events received (state, progress, ...)

    async def connect(self) -> RawClient:
        parts = urlsplit(self.url)
        self.reader, self.writer = await asyncio.open_connection(parts.hostname, parts.port)
        self.ws = WSConnection(ConnectionType.CLIENT)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._send(
            Request(
                host=parts.netloc,
                target=f"{self.path}?EIO=4&transport=websocket",
                extra_headers=[(b"cookie", cookie.encode())],
            )
        )
        self.task = asyncio.ensure_future(self._read())
        await asyncio.wait_for(self._connected.wait(), 30)
        return self

    def _send(self, event) -> None:
        self.writer.write(self.ws.send(event))

    def _text(self, text: str) -> None:
        self._send(Message(data=text))

    async def _read(self) -> None:
        while True:
            data = await self.reader.read(65536)
            if not data:
                return
            self.ws.receive_data(data)
            for event in self.ws.events():
                if isinstance(event, TextMessage):
                    self._buffer += event.data
                    if event.message_finished:
                        packet, self._buffer = self._buffer, ""
                        self._packet(packet)
                elif isinstance(event, Ping):
                    self._send(event.response())
                elif isinstance(event, CloseConnection):
                    return
                elif isinstance(event, AcceptConnection):
                    pass

    def _packet(self, packet: str) -> None:
        kind = packet[:1]
        if packet.startswith("42"):
            self.messages += 1
        if kind == "0":  # Engine.IO open: connect to the default namespace with auth
            self._text("40" + json.dumps(self.auth))
        elif kind == "2":  # Engine.IO ping
            self._text("3")
        elif packet.startswith("40"):
            self._connected.set()
        elif packet.startswith('42["state"'):
            self.state = json.loads(packet[2:])[1]
            self.state_changed.set()
        elif packet.startswith("43"):
            bracket = packet.index("[")
            future = self._acks.pop(int(packet[2:bracket]), None)
            if future is not None and not future.done():
                future.set_result(json.loads(packet[bracket:])[0])
        elif packet.startswith("44"):
            raise RuntimeError(f"connection refused: {packet}")

    async def call(self, event: str, data: dict, timeout: float = 60) -> dict:
        ack = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack] = future
        self._text(f"42{ack}" + json.dumps([event, data]))
        return await asyncio.wait_for(future, timeout)

    async def wait_for(self, check, timeout: float = 30) -> dict:
        async def loop():
            while self.state is None or not check(self.state):
                self.state_changed.clear()
                await self.state_changed.wait()
            return self.state

        return await asyncio.wait_for(loop(), timeout)

    def close(self) -> None:
        self.task.cancel()
        self.writer.close()
