"""Two processes on one database, taking turns with a team's picks (nginx sends each phone
to either): what one process read of the members and rounds still holds after the other
stored picks, so a pick does not read them again; any other change makes it read them.

Two ``Store`` objects on one SQLite file stand for the two processes; the statements each
one sends are counted.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from session_app import answers, members
from session_app.change import Change
from session_app.store import Store, TeamSession


@pytest.fixture
def stores(tmp_path):
    url = f"sqlite:///{tmp_path}/shared.db"
    made = [Store(url), Store(url)]
    yield made
    for store in made:
        store.engine.dispose()


def statements(store: Store) -> list[str]:
    sent: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: sent.append(a[2].split()[0]))
    return sent


def open_round(store: Store) -> int:
    with store.transaction() as db:
        s = TeamSession(team_name="Team", join_code="ACDEFG")
        db.add(s)
        db.flush()
        for name in ("Ann", "Bob", "Cas", "Dee"):
            members.add_member(db, s, name)
        s.phase = "rounds"
        s.current_round_id = s.rounds[0].id
        s.rounds[0].state = "open"
        Store.touch(db, s)
        return s.id


def pick(store: Store, session_id: int, name: str, reason: str) -> list[tuple[int, str]]:
    """As the event loop runs a pick (``events._run``): read, rule, touch, remember; the
    picks of the round as that process then holds them."""
    with store.plain() as db:
        s = store.read(db, id=session_id, for_update=True)
        voter = next(m for m in s.members if m.name == name)
        r = s.current_round
        data = {
            "round_id": r.id,
            "picks": [
                {"competency": "lef", "reason": reason},
                {"competency": "netwerken", "reason": reason},
            ],
        }
        answers.pick(Change(s, data, voter, db))
        Store.touch(db, s, picks_only=True)
        if r.id not in s.picks:  # (what ``Facts`` does for the views)
            s.picks[r.id] = Store.picks_of(db, r.id)
        held = [(p.voter_id, p.reason) for p in s.picks[r.id]]
    store.remember(s)
    return held


def test_picks_on_the_other_process_do_not_make_this_one_read_members_and_rounds(stores):
    a, b = stores
    session_id = open_round(a)
    pick(a, session_id, "Bob", "from A")
    pick(b, session_id, "Cas", "from B")  # B reads the session whole: it never saw it
    sent = statements(a)
    held = pick(a, session_id, "Dee", "from A again")
    # The row (locked), the two picks written, the version, and the round's picks, which
    # B changed: not the members, not the rounds.
    assert sent == ["SELECT", "DELETE", "INSERT", "UPDATE", "SELECT"]
    assert (
        sorted(reason for _voter, reason in held)
        == ["from A"] * 2 + ["from A again"] * 2 + ["from B"] * 2
    )  # every process's picks


def test_any_other_change_on_the_other_process_makes_this_one_read_everything(stores):
    a, b = stores
    session_id = open_round(a)
    pick(a, session_id, "Bob", "from A")
    with b.transaction() as db:  # B: a member joins (the rounds change with them)
        s = Store.load(db, id=session_id, for_update=True, all_picks=False)
        members.add_member(db, s, "Eve")
    sent = statements(a)
    pick(a, session_id, "Cas", "from A")
    assert sent.count("SELECT") == 4  # the row, the members, the rounds, the round's picks
    with a.plain(readonly=True) as db:
        assert [m.name for m in a.read(db, id=session_id).members][-1] == "Eve"
