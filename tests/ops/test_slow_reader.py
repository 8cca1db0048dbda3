"""Projectors that stop reading their connection while the phones of their team pick: the
server keeps a bounded amount for them (``session_app/backlog.py``; a page that neither
reads nor answers pings is dropped after PING_INTERVAL + PING_TIMEOUT), ends their
connections, and a projector that connects again gets the newest state at once.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from pathlib import Path

import pytest
import requests
from browser_support import Server
from raw_pages import RawPage, make_team
from waiting import wait_until
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Message, Request, TextMessage

STALLED = 4
PICKING_FOR = 25.0  # seconds: well past the 9 s after which a silent page is dropped
MORE_MEMORY = 30 * 1024 * 1024  # the server's growth while they are stalled, at most


def stalled_projector(url: str, public_id: str, key: str) -> socket.socket:
    """A projector's connection that is let in, then never read again."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window: it fills
    sock.connect((host, int(port)))
    ws = WSConnection(ConnectionType.CLIENT)
    path = f"/s/{public_id}/socket.io/?EIO=4&transport=websocket"
    sock.sendall(ws.send(Request(host=f"{host}:{port}", target=path)))
    auth = {"role": "screen", "session": public_id, "key": key}
    while True:
        ws.receive_data(sock.recv(65536))
        for event in ws.events():
            if isinstance(event, AcceptConnection):
                continue
            if isinstance(event, TextMessage) and event.data.startswith("0"):
                sock.sendall(ws.send(Message(data="40" + json.dumps(auth))))
            elif isinstance(event, TextMessage) and event.data.startswith("40"):
                return sock  # let in: from now on it reads nothing


def ended_by_server(sock: socket.socket) -> bool:
    """Read what the kernel kept for it: the server closed it when the end comes."""
    sock.settimeout(5)
    try:
        while sock.recv(1 << 20):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def memory(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024


async def stall(server: Server) -> dict:
    team = await make_team(server.url, 8, "Team")
    public_id = team.host.auth["session"]
    key = team.screen.auth["key"]
    pids = server.process.pid
    before = memory(pids)
    stalled = [stalled_projector(server.url, public_id, key) for _ in range(STALLED)]
    start = time.monotonic()
    grew = 0
    while time.monotonic() - start < PICKING_FOR:
        for phone in team.pickers():
            await phone.call(
                "pick",
                {
                    "round_id": team.host.state["round"]["id"],
                    "picks": [
                        {"competency": "lef", "reason": "x" * 300 + str(time.monotonic())},
                        {"competency": "netwerken", "reason": "y" * 300},
                    ],
                },
            )
        grew = max(grew, memory(pids) - before)
    ended = [await asyncio.to_thread(ended_by_server, sock) for sock in stalled]
    for sock in stalled:
        sock.close()
    newest = team.host.state["version"]
    again = await RawPage(server.url, team.screen.cookies, team.screen.auth).start()
    seen = (await again.wait_for(lambda s: True))["version"]
    for page in [*team.pages, again]:
        page.close()
    return {"grew": grew, "ended": ended, "newest": newest, "seen": seen}


@pytest.mark.timeout(300)
def test_projectors_that_stop_reading_cost_bounded_memory(tmp_path):
    server = Server(tmp_path / "sessions.db", env={"EVENTS_PER_10S": "100000"}).start()
    try:
        result = asyncio.run(stall(server))
        alive = requests.get(f"{server.url}/health", timeout=10).status_code
    finally:
        output = server.stop()
    assert alive == 200
    assert all(result["ended"]), result
    assert result["grew"] < MORE_MEMORY, result
    assert result["seen"] >= result["newest"], result
    wait_until(lambda: "Traceback" not in output)
