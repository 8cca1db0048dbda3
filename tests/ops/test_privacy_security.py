"""Retention and purge, the secret key, and the transport limits on a real server."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from datetime import timedelta

import requests
from browser_support import ROOT, LiveClient, create_session, join
from sqlalchemy import func, select
from waiting import wait_until

from session_app.config import from_environment
from session_app.store import Member, Pick, Round, Store, TeamSession, utcnow


def count_rows(store: Store) -> dict[str, int]:
    with store.transaction() as db:
        return {
            model.__name__: db.scalar(select(func.count()).select_from(model))
            for model in (TeamSession, Member, Round, Pick)
        }


def age(store: Store, public_id: str, days: int) -> None:
    with store.transaction() as db:
        s = Store.load(db, public_id=public_id)
        s.last_activity = utcnow() - timedelta(days=days)


def test_sessions_past_the_retention_period_are_deleted_with_everything(actions):
    old = actions.team(["Ann", "Bob"])
    old.run_to_development()
    recent = actions.team(["Cas", "Dee"])
    store = actions.store
    before = count_rows(store)
    assert before["Pick"] == 4
    age(store, old.hosted.public_id, days=31)
    age(store, recent.hosted.public_id, days=29)

    assert store.purge_expired(30) == 1

    after = count_rows(store)
    assert after == {"TeamSession": 1, "Member": 2, "Round": 2, "Pick": 0}
    assert actions.new_client().get(f"/s/{old.hosted.public_id}/me").status_code == 404


def test_the_purge_command(tmp_path):
    database = tmp_path / "purge.db"
    store = Store(f"sqlite:///{database}")
    with store.transaction() as db:
        for n, days in enumerate((40, 3)):
            db.add(
                TeamSession(
                    team_name=f"T{n}",
                    locale="nl",
                    join_code=f"AAAA{n}A",
                    last_activity=utcnow() - timedelta(days=days),
                )
            )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "x",
        "ASYNC_MODE": "threading",
        "RETENTION_DAYS": "30",
    }
    done = subprocess.run(
        [sys.executable, "-m", "session_app", "purge"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Deleted 1 session(s)" in done.stdout
    assert count_rows(store)["TeamSession"] == 1
    store.engine.dispose()


def test_the_secret_key_is_made_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = from_environment(tmp_path)["SECRET_KEY"]
    assert len(first) >= 40
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert from_environment(tmp_path)["SECRET_KEY"] == first
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert from_environment(tmp_path)["SECRET_KEY"] == "from-the-environment"  # noqa: S105


def test_a_message_over_64_kb_closes_that_connection_only(server):
    http, public_id = create_session(server)
    host = LiveClient(server, http, "host", public_id)
    code = host.wait_for(lambda s: True)["join_code"]
    # No reconnecting: a reconnect racing with close() would leave a socket open.
    big = LiveClient(server, join(server, code, "Groot"), "member", public_id, reconnection=False)
    other = LiveClient(server, join(server, code, "Klein"), "member", public_id)
    try:
        big.sio.emit("goal", {"competency": "lef", "reason": "x" * 70_000})
        assert wait_until(lambda: not big.sio.connected)
        # Everyone else carries on.
        assert host.call("start_rounds", {}) == {"ok": True}
        other.wait_for(lambda s: s["phase"] == "rounds")
    finally:
        for client in (host, big, other):
            client.close()


def websocket_status(server, origin: str) -> int:
    """The status of a bare WebSocket upgrade request to Engine.IO (101 means accepted)."""
    request = (
        f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\nOrigin: {origin}\r\n"
        "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(request.encode())
        status_line = connection.recv(1024).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


def test_socketio_refuses_other_origins(server):
    """The Engine.IO handshake, by polling and by WebSocket upgrade, checks the Origin."""
    handshake = f"{server.url}/socket.io/?EIO=4&transport=polling"
    with requests.Session() as http:
        for origin, allowed in (("http://evil.example", False), (server.url, True)):
            polling = http.get(handshake, headers={"Origin": origin}, timeout=10)
            assert (polling.status_code == 200) is allowed, polling.text
            assert (websocket_status(server, origin) == 101) is allowed


def test_the_background_purge_goes_on_after_a_failed_purge(app, monkeypatch, caplog):
    """The database away just when the hourly purge runs: it is tried again next time, not
    given up until the next restart (then nothing would be deleted meanwhile)."""
    from sqlalchemy.exc import OperationalError

    from session_app import purging

    calls = []

    def purge(retention_days, empty_hours):
        calls.append(retention_days)
        if len(calls) == 1:
            raise OperationalError("DELETE", {}, ConnectionError("the database is away"))
        if len(calls) == 3:
            threading.Event().wait()  # the test has seen enough: this (daemon) thread waits
        return 0

    monkeypatch.setattr(app.extensions["store"], "purge_expired", purge)
    app.config["PURGE_INTERVAL_SECONDS"] = 0.05
    purging.start_purge_task(app)
    wait_until(lambda: len(calls) == 3, timeout=10)
    assert calls == [app.config["RETENTION_DAYS"]] * 3
    assert "purge failed; tried again later" in caplog.text
