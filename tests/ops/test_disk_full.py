"""The disk under a one-process server's SQLite file fills up while phones pick.

A full disk is played with SQLite's own limit on the size of the database file
(``PRAGMA max_page_count``, set on every connection the app opens): a write that needs the
file to grow then fails with SQLITE_FULL, "database or disk is full", the same error a full
disk gives. First something else takes the last free room (a filler table, as another
program filling the disk), then every member picks again with long reasons, which need more
room than is left.

The server stays up: a pick that cannot be stored gets a clear "try again" in the member's
own language and changes nothing (no new version, no message to any page), a pick that
still fits is stored as usual, the earlier picks are all still there, a page that connects
gets its view, and the database is sound (``PRAGMA integrity_check``). Once there is room
again, every pick is taken.

Runs on SQLite always (also when TEST_DATABASE_URL points the other tests elsewhere).
"""

from __future__ import annotations

import pytest
from helpers import Actions, Team, last_state, picks, received
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from session_app import config, create_app

TRY_AGAIN = {
    "nl": {"ok": False, "error": "Dat lukte niet. Er is niets veranderd. Probeer het opnieuw."},
    "en": {"ok": False, "error": "That did not work. Nothing was changed. Try again."},
}
MEMBERS = 30  # their long picks need several pages more than a few short picks left free


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app(config.TestingConfig(f"sqlite:///{tmp_path}/full.db"))
    yield app
    app.extensions["store"].engine.dispose()


def stored(team: Team) -> dict[int, list[dict]]:
    """Each member's stored picks in the open round, as their phone shows them."""
    r = team.load().current_round
    mine: dict[int, list[dict]] = {m.member_id: [] for m in team.members}
    for p in sorted(r.picks, key=lambda p: (p.voter_id, p.slot)):
        mine[p.voter_id].append({"competency": p.competency, "reason": p.reason})
    return mine


def page_count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("PRAGMA page_count")).scalar_one()


def test_a_full_disk_refuses_picks_clearly_and_loses_nothing(sqlite_app):
    actions = Actions(sqlite_app)
    try:
        run(actions)
    finally:
        actions.close()


def run(actions: Actions) -> None:
    engine = actions.store.engine
    hosted = actions.create_session(locale="nl")
    languages = {}
    members = []
    for n in range(MEMBERS):
        joined = actions.join(hosted, f"Lid {n}", lang=("nl", "en")[n % 2])
        languages[joined.member_id] = ("nl", "en")[n % 2]
        members.append(joined)
    team = Team(
        actions,
        hosted,
        members,
        actions.host_socket(hosted),
        actions.screen_socket(hosted),
        {m.member_id: actions.member_socket(m) for m in members},
    )
    assert team.host_act("start_rounds") == {"ok": True}
    round_ = team.load().current_round
    voters = [m for m in members if m.member_id != round_.central_member_id]
    for n, member in enumerate(voters):
        ack = Actions.pick(team.phones[member.member_id], round_.id, reason=f"kort {n}")
        assert ack == {"ok": True}, ack
    earlier = stored(team)
    team.flush()

    # The disk fills up: no connection may grow the file any more, and something else takes
    # the room that was left.
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE filler (b BLOB)"))
    full = page_count(engine)

    def no_room(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {full}")

    event.listen(engine, "connect", no_room)
    engine.dispose()  # every connection from now on has the limit
    with pytest.raises(OperationalError, match="database or disk is full"):
        for _ in range(10_000):
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO filler VALUES (randomblob(500))"))

    refused, taken = {}, {}  # by member: the picks sent
    for n, member in enumerate(voters):
        phone = team.phones[member.member_id]
        team.flush()
        version = team.load().version
        long_reason = f"lang {n} " + "x" * 260
        ack = Actions.pick(phone, round_.id, ("samenwerken", "lef"), long_reason)
        sent = picks("samenwerken", "lef", long_reason)
        if ack == {"ok": True}:  # it still fitted in the room that was left
            taken[member.member_id] = sent
            continue
        assert ack == TRY_AGAIN[languages[member.member_id]], ack
        refused[member.member_id] = sent
        # Nothing changed: the same version, no message to any page, the same picks.
        assert team.load().version == version
        for sock in team.everyone():
            assert received(sock) == []
        assert stored(team)[member.member_id] == earlier[member.member_id]
    assert refused, "the disk was never full"
    assert {languages[member_id] for member_id in refused} == {"nl", "en"}
    # Every pick taken is there; every other member still has the picks of before.
    assert stored(team) == {**earlier, **taken}

    # The server is still up: a page that connects now gets its view, with the earlier
    # picks of a member whose pick was refused; and the database is sound.
    first = next(m for m in members if m.member_id in refused)
    again = actions.member_socket(first)
    assert last_state(again)["round"]["my_picks"] == earlier[first.member_id]
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]

    # Room again: every refused member sends the same pick once more, and it is taken.
    event.remove(engine, "connect", no_room)
    engine.dispose()
    for member_id, sent in refused.items():
        ack = Actions.act(team.phones[member_id], "pick", {"round_id": round_.id, "picks": sent})
        assert ack == {"ok": True}, ack
    assert stored(team) == {**earlier, **taken, **refused}
