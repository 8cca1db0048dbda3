"""Two processes on one database, taking turns with a team's picks (nginx sends each phone
to either): what one process read of the members and rounds still holds after the other
stored picks, so a pick does not read them again; any other change makes it read them.

Two ``Store`` objects on one SQLite file stand for the two processes; the statements each
one sends are counted.
"""

from __future__ import annotations

import pytest
from helpers import open_round, statements, stored_pick

from session_app import members
from session_app.store import Store


@pytest.fixture
def stores(tmp_path):
    url = f"sqlite:///{tmp_path}/shared.db"
    made = [Store(url), Store(url)]
    yield made
    for store in made:
        store.engine.dispose()


def test_picks_on_the_other_process_do_not_make_this_one_read_members_and_rounds(stores):
    a, b = stores
    session_id = open_round(a)
    stored_pick(a, session_id, "Bob", "from A")
    stored_pick(b, session_id, "Cas", "from B")  # B reads the session whole: it never saw it
    sent = statements(a)
    held = stored_pick(a, session_id, "Dee", "from A again")
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
    stored_pick(a, session_id, "Bob", "from A")
    with b.transaction() as db:  # B: a member joins (the rounds change with them)
        s = Store.load(db, id=session_id, for_update=True, all_picks=False)
        members.add_member(db, s, "Eve")
    sent = statements(a)
    stored_pick(a, session_id, "Cas", "from A")
    assert sent.count("SELECT") == 4  # the row, the members, the rounds, the round's picks
    with a.plain(readonly=True) as db:
        assert [m.name for m in a.read(db, id=session_id).members][-1] == "Eve"
