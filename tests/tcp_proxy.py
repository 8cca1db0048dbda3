"""A small TCP proxy between app processes and a server, to cut them off from it in a test.

The tests must not restart the machine's PostgreSQL (other tests use it at the same time):
the app processes reach it through this proxy instead, and ``cut()`` does to them what a
restart of the server does: every open connection is closed, and new ones are refused (nothing
listens on the port) until ``resume()`` listens again on the same port.

It runs its own asyncio loop in a thread, so it works before, during and after a test's
own loop.
"""

from __future__ import annotations

import asyncio
import socket
import threading


class TcpProxy:
    """Listens on a free port of 127.0.0.1 and passes every connection on to ``target``."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.connections = 0  # connections passed on so far
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    def start(self) -> TcpProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def cut(self) -> None:
        """As the server going down: close every connection and stop listening."""
        self._call(self._cut())

    def resume(self) -> None:
        """As the server back up: listen again on the same port."""
        self._call(self._listen())

    def stop(self) -> None:
        self._call(self._cut())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def _call(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=30)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._pass_on, "127.0.0.1", self.port, reuse_address=True
        )

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._open):
            writer.close()
        self._open.clear()

    async def _pass_on(self, client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        if self._server is None:  # cut while connecting
            client_writer.close()
            server_writer.close()
            return
        self.connections += 1
        self._open.update((client_writer, server_writer))

        async def pump(reader, writer, other):
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (OSError, ConnectionError):
                pass
            finally:
                for end in (writer, other):
                    end.close()
                    self._open.discard(end)

        await asyncio.gather(
            pump(client_reader, server_writer, client_writer),
            pump(server_reader, client_writer, server_writer),
        )
