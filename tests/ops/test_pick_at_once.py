"""PostgreSQL: a pick in two round trips (``Store.at_once``): the session's row is read
without a transaction, then one statement writes the picks with the new version, only when
the version is still the one read. When another process changed the session in between,
nothing is written and the pick takes the locked path: stored once, never lost.

Two ``Store`` objects on one PostgreSQL database stand for two app processes, as in
``tests/live/test_store_reads.py``; the last test runs the pick event itself.
"""

from __future__ import annotations

import pytest
from helpers import Actions, last_state, open_round, statements, stored_pick

from session_app import config, create_app
from session_app.store import AtOnce, OutOfDate, Pick, Store


def stored(store: Store, session_id: int) -> list[tuple[str, str]]:
    """Every pick of the session as the database holds it: (voter's name, reason)."""
    with store.transaction(readonly=True) as db:
        s = Store.load(db, id=session_id)
        names = {m.id: m.name for m in s.members}
        return sorted((names[p.voter_id], p.reason) for r in s.rounds for p in r.picks)


def test_a_pick_is_the_read_and_one_statement(two_processes):
    a, _b = two_processes
    session_id = open_round(a)
    stored_pick(a, session_id, "Bob", "first")  # A now knows the members and rounds
    sent = statements(a)
    held = stored_pick(a, session_id, "Cas", "second", at_once=True)
    assert sent == ["SELECT", "WITH"]  # the row; the picks with the version
    assert sorted(reason for _voter, reason in held) == ["first"] * 2 + ["second"] * 2
    assert stored(a, session_id) == [("Bob", "first")] * 2 + [("Cas", "second")] * 2


def test_a_process_that_missed_picks_gets_them_with_its_own(two_processes):
    a, b = two_processes
    session_id = open_round(a)
    stored_pick(a, session_id, "Bob", "from A")
    stored_pick(b, session_id, "Cas", "from B")  # A does not know this one
    sent = statements(a)
    held = stored_pick(a, session_id, "Dee", "from A again", at_once=True)
    # Still two round trips: the write brings the round's other picks back.
    assert sent == ["SELECT", "WITH"]
    expected = ["from A"] * 2 + ["from A again"] * 2 + ["from B"] * 2
    assert sorted(reason for _voter, reason in held) == expected
    assert sorted(reason for _name, reason in stored(b, session_id)) == expected


def test_a_pick_on_a_session_changed_since_it_was_read_writes_nothing(two_processes, monkeypatch):
    a, b = two_processes
    session_id = open_round(a)
    stored_pick(a, session_id, "Bob", "from A")
    write = AtOnce.write

    def b_first(self, session):  # B's pick lands between A's read and A's write
        stored_pick(b, session_id, "Cas", "from B")
        return write(self, session)

    monkeypatch.setattr(AtOnce, "write", b_first)
    with pytest.raises(OutOfDate):
        stored_pick(a, session_id, "Dee", "lost?", at_once=True)
    monkeypatch.undo()
    assert stored(a, session_id) == [("Bob", "from A")] * 2 + [("Cas", "from B")] * 2
    # The locked path (what the event does next) then stores it, with B's picks known.
    held = stored_pick(a, session_id, "Dee", "not lost")
    assert sorted(reason for _voter, reason in held) == (
        ["from A"] * 2 + ["from B"] * 2 + ["not lost"] * 2
    )


def test_the_pick_event_takes_the_locked_path_when_another_process_came_first(
    postgres_url, monkeypatch
):
    app = create_app(config.TestingConfig(postgres_url))
    other = Store(postgres_url)  # another process on the same database
    actions = Actions(app)
    try:
        team = actions.team(["Ann", "Bob", "Cas", "Dee"])  # Ann is central
        assert team.host_act("start_rounds") == {"ok": True}
        s = team.load()
        round_id = s.current_round_id
        cas = team.member("Cas").member_id
        # Bob's pick makes this process know the session (the locked path).
        assert actions.pick(team.phone("Bob"), round_id, reason="Bob") == {"ok": True}
        tried = []
        write = AtOnce.write

        def cas_first(self, session):
            tried.append(session.version)
            with other.plain() as db:  # Cas picks on the other process, in between
                plain = other.read(db, id=session.id, for_update=True)
                r = plain.current_round
                Store.replace_picks(db, r, cas, [("lef", "Cas"), ("communicatie", "Cas")])
                Store.touch(db, plain, picks_only=True)
            return write(self, session)

        monkeypatch.setattr(AtOnce, "write", cas_first)
        team.flush()
        assert actions.pick(team.phone("Dee"), round_id, reason="Dee") == {"ok": True}
        assert len(tried) == 1  # tried at once, then the locked path (no second try)
        with actions.store.transaction(readonly=True) as db:
            rows = db.query(Pick).filter_by(round_id=round_id).all()
        assert sorted(p.reason for p in rows) == [
            "Bob (1)",
            "Bob (2)",
            "Cas",
            "Cas",
            "Dee (1)",
            "Dee (2)",
        ]
        # The host sees all three answered (Cas's pick came with the locked read).
        assert last_state(team.host)["round"]["answered_count"] == 3
    finally:
        actions.close()
        other.engine.dispose()
        app.extensions["store"].engine.dispose()
