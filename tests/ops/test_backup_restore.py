"""Backups: ``python -m session_app backup FILE`` while the app runs, ``restore FILE`` into a
fresh database, and the restored database serves the session as before: its pages, its
answers, the next round. On SQLite (its online backup API) and on PostgreSQL (pg_dump and
pg_restore, in scratch databases of the machine's server: ``scripts/setup test`` installs
and starts it; this test never skips).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest
from browser_support import ROOT
from helpers import Actions, Hosted, last_state, text_of

from session_app import config, create_app
from session_app.access import HOST_COOKIE, MEMBER_COOKIE
from session_app.store import Base

sys.path.insert(0, str(ROOT / "deploy"))
import local_cluster  # noqa: E402

NAMES = ("Ann", "Bob", "Cas")


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    """The command as an operator runs it, with DATABASE_URL set as for the server."""
    return subprocess.run(
        [sys.executable, "-m", "session_app", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request, tmp_path):
    """The URLs of the database in use and of a new, empty one (each as the operator writes
    it, and as the app's tests open it)."""
    if request.param == "sqlite":
        urls = [f"sqlite:///{tmp_path}/{name}.db" for name in ("used", "fresh")]
        yield [(url, url) for url in urls]
        return
    databases = [
        local_cluster.Database(f"tk_backup_{secrets.token_hex(4)}", drop=True).create()
        for _ in range(2)
    ]
    try:
        yield [(d.url, config.database_url(d.url)) for d in databases]
    finally:
        for database in databases:
            database.remove()


def app_on(url: str):
    return create_app(config.TestingConfig(url))


def close(app, *, drop: bool = False) -> None:
    engine = app.extensions["store"].engine
    if drop:
        Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.mark.timeout(300)  # five commands, each a Python start (slow on a busy machine)
def test_a_restored_backup_serves_the_session(two_databases, tmp_path):
    (used_url, used_app_url), (fresh_url, fresh_app_url) = two_databases
    backup = tmp_path / "teamkracht.backup"

    # A session in use: members, a revealed round with its reasons on the big screen.
    used = app_on(used_app_url)
    actions = Actions(used)
    try:
        team = actions.team(NAMES, team_name="Wmo-raad Oost")
        assert team.host_act("start_rounds") == {"ok": True}
        first = team.play_round(reasons=lambda voter: f"{voter} zag het bij de inspraakavond")
        version = team.load().version
        hosted, members = team.hosted, [(m.name, m.token) for m in team.members]

        made = cli(used_url, "backup", str(backup))  # the app still has the database open
        assert made.returncode == 0, made.stderr
        assert f"Backup written to {backup}" in made.stdout
    finally:
        actions.close()
        close(used)

    restored = cli(fresh_url, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout

    fresh = app_on(fresh_app_url)
    actions = Actions(fresh)
    try:
        s = actions.load(hosted.public_id)
        assert s.version == version and [m.name for m in s.members] == list(NAMES)
        # The facilitator's page, with the cookie the browser kept.
        host = actions.new_client()
        host.set_cookie(
            HOST_COOKIE.format(hosted.public_id), hosted.host_key, path=f"/s/{hosted.public_id}/"
        )
        page = host.get(f"/s/{hosted.public_id}/host")
        assert page.status_code == 200 and "Wmo-raad Oost" in page.text
        # The projector shows the revealed round's reasons again.
        again = Hosted(hosted.public_id, hosted.join_code, hosted.screen_key, hosted.host_key, host)
        screen = actions.screen_socket(again)
        assert "Bob zag het bij de inspraakavond" in text_of(last_state(screen))
        # The next round: its voters pick on their phones, the facilitator reveals it.
        host_socket = actions.host_socket(again)
        assert Actions.act(host_socket, "next_round", {"round_id": first}) == {"ok": True}
        s = actions.load(hosted.public_id)
        round_ = s.current_round
        for name, token in members:
            phone = actions.new_client()
            phone.set_cookie(
                MEMBER_COOKIE.format(hosted.public_id), token, path=f"/s/{hosted.public_id}/"
            )
            member_id = next(m.id for m in s.members if m.name == name)
            if member_id == round_.central_member_id:
                continue
            sock = actions.connect(phone, {"role": "member", "session": hosted.public_id})
            assert Actions.pick(sock, round_.id, reason="Na het terugzetten") == {"ok": True}
        assert Actions.act(host_socket, "reveal", {"round_id": round_.id}) == {"ok": True}
        assert actions.load(hosted.public_id).current_round.state == "revealed"
    finally:
        actions.close()
        close(fresh)

    # Once it holds sessions, a restore asks to be told: nothing is replaced without --force.
    refused = cli(fresh_url, "restore", str(backup))
    assert refused.returncode == 1
    assert "not empty (1 session)" in refused.stderr and "--force" in refused.stderr
    fresh = app_on(fresh_app_url)
    try:
        after = Actions(fresh).load(hosted.public_id)
        assert after.current_round_id == round_.id  # what was played since is still there
    finally:
        close(fresh)
    forced = cli(fresh_url, "restore", "--force", str(backup))
    assert forced.returncode == 0, forced.stderr
    fresh = app_on(fresh_app_url)
    try:
        back = Actions(fresh).load(hosted.public_id)
        assert back.version == version  # as it was when the backup was made
    finally:
        close(fresh, drop=True)
    used = app_on(used_app_url)
    close(used, drop=True)


@pytest.mark.timeout(300)
def test_backup_and_restore_say_plainly_what_is_wrong(tmp_path):
    url = f"sqlite:///{tmp_path}/used.db"
    close(app_on(url))  # an empty database, as after the app's first start
    backup = tmp_path / "b.backup"

    missing = cli(url, "restore", str(tmp_path / "nothing.backup"))
    assert missing.returncode == 1
    assert f"{tmp_path / 'nothing.backup'} does not exist." in missing.stderr

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("my notes")
    wrong = cli(url, "restore", str(not_a_backup))
    assert wrong.returncode == 1 and "is not a backup of this app" in wrong.stderr

    other_sqlite = tmp_path / "other.db"
    with closing(sqlite3.connect(other_sqlite)) as db:
        db.execute("create table notes (text)")
    other = cli(url, "restore", str(other_sqlite))
    assert other.returncode == 1 and "not one of this app" in other.stderr

    assert cli(url, "backup", str(backup)).returncode == 0
    twice = cli(url, "backup", str(backup))
    assert twice.returncode == 1 and "already exists" in twice.stderr
    assert cli(url, "backup", "--force", str(backup)).returncode == 0

    nowhere = cli(url, "backup", str(tmp_path / "no-such-folder" / "b.backup"))
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr

    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(backup.read_bytes()[:3000])
    broken = cli(url, "restore", str(damaged))
    assert broken.returncode == 1 and "damaged" in broken.stderr

    into_postgres = cli("postgresql://nobody@127.0.0.1:5432/nothing", "restore", str(backup))
    assert into_postgres.returncode == 1
    assert "is a backup from SQLite, but DATABASE_URL is for PostgreSQL" in into_postgres.stderr
