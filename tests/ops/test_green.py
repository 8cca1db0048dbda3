"""The server on its green loops: eventlet (the default) and gevent (``ASYNC_MODE=gevent``).
Both start without notices meant for programmers and carry Socket.IO over a WebSocket."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from browser_support import ROOT, LiveClient, Server, create_session

from session_app import socketio


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_the_server_starts_quietly_and_speaks_websocket(tmp_path, mode):
    # PYTHONWARNINGS=default shows every warning Python would otherwise hide once: the
    # facilitator must still only see the app's own lines.
    server = Server(
        tmp_path / "green.db", env={"ASYNC_MODE": mode, "PYTHONWARNINGS": "default"}
    ).start()
    try:
        http, public_id = create_session(server)
        host = LiveClient(server, http, "host", public_id)  # WebSocket transport only
        try:
            assert host.wait_for(lambda s: s["phase"] == "lobby")["team_name"] == "Herstart"
            assert host.sio.transport() == "websocket"
        finally:
            host.close()
    finally:
        output = server.stop()
    # The closed connection may not have reached the server before it was told to stop: then
    # it says so in its own two lines ("Stopping: …", "Stopped after …"), which are not
    # notices for programmers.
    lines = [
        line
        for line in output.splitlines()
        if line.strip() and not line.startswith(("Stopping: ", "Stopped after "))
    ]
    assert lines[0].startswith(f"De app draait. Open {server.url}/")
    # Dutch, the phones' line, English, then (this server is on 127.0.0.1) the warning that
    # phones cannot reach it, in Dutch and English: nothing else.
    assert len(lines) == 5, output
    assert lines[3].startswith("Let op: telefoons kunnen dit adres niet openen")
    assert lines[4].startswith("Note: phones cannot open this address")
    assert "deprecat" not in output.lower()


def test_the_tests_run_on_the_loop_they_were_started_for(app):
    # scripts/test runs the Socket.IO tests a second time under gevent (patched first).
    wanted = "gevent" if os.environ.get("ASYNC_MODE") == "gevent" else "threading"
    assert socketio.async_mode == wanted
    if wanted == "gevent":
        from gevent import monkey

        assert monkey.is_module_patched("socket")


# A green thread that lets the semaphore go and at once asks again (the next event on a
# busy process), while three others wait for it.
FAIRNESS = """
import sys
from session_app import green
green.patch(sys.argv[1])
import threading
gate = green.fair_semaphore(1)
order = []
def waiter(n):
    with gate:
        order.append(n)
gate.acquire()
threads = [threading.Thread(target=waiter, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
threading.Event().wait(0.05)  # (a switch: the three now wait)
gate.release()
with gate:
    order.append("again")
for t in threads:
    t.join()
print(order)
"""


def test_live_events_wait_for_the_database_in_the_order_they_came():
    # On eventlet: the one that asked again queues behind the three (the standard semaphore
    # would let it pass them, and under load some events waited seconds for a connection).
    done = subprocess.run(
        [sys.executable, "-c", FAIRNESS, "eventlet"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[0,", "1,", "2,", "'again']"]
