"""PostgreSQL: a pick in two round trips (``Store.at_once``): the session's row is read
without a transaction, then one statement writes the picks with the new version, only when
nothing but picks changed since the read. When another process changed more in between,
nothing is written and the pick takes the locked path: stored once, never lost. Other
voters' picks in between do not count as a change: they are read again with the write.

Two ``Store`` objects on one PostgreSQL database stand for two app processes, as in
``tests/live/test_store_reads.py``; the last test runs the pick event itself.
"""

from __future__ import annotations

import pytest
from helpers import Actions, last_state, open_round, statements, stored_pick

from session_app import config, create_app, members
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


def test_a_pick_stored_between_the_read_and_the_write_is_read_with_it(two_processes, monkeypatch):
    a, b = two_processes
    session_id = open_round(a)
    stored_pick(a, session_id, "Bob", "from A")
    write = AtOnce.write

    def b_first(self, session):  # B's pick lands between A's read and A's write
        stored_pick(b, session_id, "Cas", "from B")
        return write(self, session)

    monkeypatch.setattr(AtOnce, "write", b_first)
    sent = statements(a)
    held = stored_pick(a, session_id, "Dee", "from A again", at_once=True)
    # Another voter's pick does not change what the rule decided: written all the same,
    # then the round's picks read again (the statement may have seen them before B's).
    assert sent == ["SELECT", "WITH", "SELECT"]
    expected = ["from A"] * 2 + ["from A again"] * 2 + ["from B"] * 2
    assert sorted(reason for _voter, reason in held) == expected
    assert sorted(reason for _name, reason in stored(a, session_id)) == expected


def join_on(store: Store, session_id: int, name: str) -> None:
    """Someone joins through ``store``'s process (the members and rounds change)."""
    with store.transaction() as db:
        members.add_member(db, Store.load(db, id=session_id, for_update=True), name)


def test_a_pick_on_a_session_changed_since_it_was_read_writes_nothing(two_processes, monkeypatch):
    a, b = two_processes
    session_id = open_round(a)
    stored_pick(a, session_id, "Bob", "from A")
    write = AtOnce.write

    def b_first(self, session):  # on B, someone joins between A's read and A's write
        join_on(b, session_id, "Eve")
        return write(self, session)

    monkeypatch.setattr(AtOnce, "write", b_first)
    with pytest.raises(OutOfDate):
        stored_pick(a, session_id, "Dee", "lost?", at_once=True)
    monkeypatch.undo()
    assert stored(a, session_id) == [("Bob", "from A")] * 2
    # The locked path (what the event does next) reads everything again and stores it.
    held = stored_pick(a, session_id, "Dee", "not lost")
    assert sorted(reason for _voter, reason in held) == ["from A"] * 2 + ["not lost"] * 2


def test_the_pick_event_takes_the_locked_path_when_more_than_picks_changed(
    postgres_url, monkeypatch
):
    app = create_app(config.TestingConfig(postgres_url))
    other = Store(postgres_url)  # another process on the same database
    actions = Actions(app)
    try:
        team = actions.team(["Ann", "Bob", "Cas", "Dee"])  # Ann is central
        assert team.host_act("start_rounds") == {"ok": True}
        round_id = team.load().current_round_id
        # Bob's pick makes this process know the session (the locked path).
        assert actions.pick(team.phone("Bob"), round_id, reason="Bob") == {"ok": True}
        tried = []
        write = AtOnce.write

        def eve_first(self, session):  # Eve joins on the other process, in between
            tried.append(session.version)
            join_on(other, session.id, "Eve")
            return write(self, session)

        monkeypatch.setattr(AtOnce, "write", eve_first)
        team.flush()
        assert actions.pick(team.phone("Dee"), round_id, reason="Dee") == {"ok": True}
        assert len(tried) == 1  # tried at once, then the locked path (no second try)
        with actions.store.transaction(readonly=True) as db:
            rows = db.query(Pick).filter_by(round_id=round_id).all()
        assert sorted(p.reason for p in rows) == ["Bob (1)", "Bob (2)", "Dee (1)", "Dee (2)"]
        # What the host sees was made on the locked path: Eve is in it, two answered.
        state = last_state(team.host)
        assert [m["name"] for m in state["members"]][-1] == "Eve"
        assert state["round"]["answered_count"] == 2
    finally:
        actions.close()
        other.engine.dispose()
        app.extensions["store"].engine.dispose()
