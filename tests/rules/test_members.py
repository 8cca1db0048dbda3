"""The rules of who is in a session (session_app.members), on objects that are never stored
(add_member on a temporary database: it needs the new member's id)."""

from __future__ import annotations

import secrets

import pytest
from helpers import add_rules_member, rules_pick, rules_session

from session_app import exercise, members
from session_app.change import Change
from session_app.exercise import RuleError
from session_app.store import Store, TeamSession


def by_name(s, name):
    return next(m for m in s.members if m.name == name)


def test_find_takes_only_an_existing_id():
    s = rules_session()
    assert members.find(s, 2).name == "Bob"
    for wrong in (None, "2", 2.0, True, 99, -1, [2]):
        assert members.find(s, wrong) is None
    with pytest.raises(RuleError, match="already left"):
        members.existing(s, 99)


def test_removing_a_member_takes_their_round_and_open_picks_but_not_what_was_shown():
    s = rules_session(("Ann", "Bob", "Cas", "Dee"), phase="rounds")
    ann, bob, cas = by_name(s, "Ann"), by_name(s, "Bob"), by_name(s, "Cas")
    shown, open_ = (next(r for r in s.rounds if r.central_member_id == m.id) for m in (ann, bob))
    shown.state = "revealed"
    rules_pick(shown, cas.id, "lef")
    rules_pick(open_, cas.id, "moed")
    rules_pick(open_, ann.id, "moed")
    open_.state, s.current_round_id = "open", open_.id
    ann.coach_id = cas.id
    cas.token = secrets.token_urlsafe(8)
    before = cas.token

    gone = members.remove_member(Change(s, {"member_id": cas.id}))

    assert gone == {cas.id}
    assert [m.name for m in s.members] == ["Ann", "Bob", "Dee"]
    assert cas.id not in {r.central_member_id for r in s.rounds}
    assert [p.voter_id for p in shown.picks] == [cas.id]  # the tally shown stays the same
    assert [p.voter_id for p in open_.picks] == [ann.id]
    assert ann.coach_id is None
    assert cas.name == "" and cas.token != before and cas.removed_at is not None
    assert s.current_round_id == open_.id


def test_removing_the_central_member_leaves_no_current_round():
    s = rules_session(phase="rounds")
    exercise.open_next_round(s)
    central = s.current_round.central_member_id
    members.remove(s, [central])
    assert s.current_round_id is None
    assert len(s.rounds) == 2


@pytest.mark.parametrize("ids", [None, "2", [], [2, 99], list(range(1, 502))])
def test_a_bad_removal_changes_nothing(ids):
    s = rules_session(phase="rounds")
    with pytest.raises(RuleError):
        members.remove_members(Change(s, {"member_ids": ids}))
    assert [m.name for m in s.members] == ["Ann", "Bob", "Cas"]
    assert all(m.name and m.removed_at is None for m in s.members)
    assert len(s.rounds) == 3


def test_nobody_is_removed_once_the_duos_are_confirmed():
    s = rules_session(phase="closed")
    with pytest.raises(RuleError, match="not possible at this step"):
        members.remove(s, [1])


@pytest.mark.parametrize("value", [True, False])
def test_joining_opens_and_closes(value):
    s = rules_session()
    members.set_joining(Change(s, {"open": value}))
    assert s.joining_open is value


@pytest.mark.parametrize("value", [None, 1, "false", "yes"])
def test_joining_is_switched_only_by_yes_or_no(value):
    s = rules_session()
    with pytest.raises(RuleError):
        members.set_joining(Change(s, {"open": value}))
    assert s.joining_open is True


def test_a_member_answers_via_the_host_only_when_switched():
    s = rules_session(phase="rounds")
    with pytest.raises(RuleError) as refused:
        members.answered_by_host(s, {"member_id": 2})
    assert refused.value.params == {"name": "Bob"}
    members.set_via_host(Change(s, {"member_id": 2, "on": True}))
    assert members.answered_by_host(s, {"member_id": 2}).name == "Bob"
    for data in ({"member_id": 2, "on": "yes"}, {"member_id": 99, "on": True}):
        with pytest.raises(RuleError):
            members.set_via_host(Change(s, data))
    s.phase = "closed"
    with pytest.raises(RuleError, match="not possible at this step"):
        members.set_via_host(Change(s, {"member_id": 2, "on": False}))
    assert by_name(s, "Bob").via_host is True


@pytest.fixture
def db(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/rules.db")
    with store.transaction() as db:
        yield db
    store.engine.dispose()


def stored_session(db, phase="lobby") -> TeamSession:
    s = TeamSession(team_name="Team", join_code="ACDEFG", phase=phase)
    db.add(s)
    db.flush()
    return s


@pytest.mark.parametrize(
    "phase, gets_a_round", [("lobby", True), ("rounds", True), ("development", False)]
)
def test_a_new_member_gets_a_round_at_the_end_while_there_are_rounds(db, phase, gets_a_round):
    s = stored_session(db, phase)
    first = members.add_member(db, s, "Ann")
    version = s.version
    late = members.add_member(db, s, "Bob")
    assert [m.name for m in s.members] == ["Ann", "Bob"]
    assert s.version == version + 1
    rounds = sorted(s.rounds, key=lambda r: r.position)
    expected = [first.id, late.id] if gets_a_round else []
    assert [r.central_member_id for r in rounds] == expected


def test_the_host_adds_a_member_without_a_phone(db):
    s = stored_session(db, "rounds")
    members.add_proxy_member(Change(s, {"name": "  Henk "}, db=db))
    assert [(m.name, m.via_host) for m in s.members] == [("Henk", True)]
    for bad in ({"name": ""}, {"name": 5}, {}):
        with pytest.raises(RuleError):
            members.add_proxy_member(Change(s, bad, db=db))
    s.phase = "pairing"
    with pytest.raises(RuleError, match="not possible at this step"):
        members.add_proxy_member(Change(s, {"name": "Ria"}, db=db))
    assert len(s.members) == 1


def test_removed_members_already_added_stay_out(db):
    s = stored_session(db, "lobby")
    ann = members.add_member(db, s, "Ann")
    members.add_member(db, s, "Bob")
    members.remove(s, [ann.id])
    assert [m.name for m in s.members] == ["Bob"]


@pytest.mark.parametrize(
    "phase, joining_open, count, refused",
    [
        ("lobby", True, 2, None),
        ("development", True, 2, None),
        ("lobby", False, 2, "closed for new members"),
        ("pairing", True, 2, "closed for new members"),
        ("rounds", True, 3, "full"),
    ],
)
def test_who_may_join(phase, joining_open, count, refused):
    s = rules_session(("Ann", "Bob", "Cas")[:count], phase=phase)
    s.joining_open = joining_open
    if refused is None:
        members.check_can_join(s, max_members=3)
        return
    with pytest.raises(RuleError, match=refused) as error:
        members.check_can_join(s, max_members=3)
    assert error.value.params == ({"max": 3} if refused == "full" else {})


def test_renamed_are_the_members_whose_shown_name_changed():
    s = rules_session(["Anna", "Bob"])
    before = exercise.display_names(s.members)
    add_rules_member(s, "Anna")
    assert [m.id for m in members.renamed(s, before)] == [1]  # the first Anna: "Anna (1)"
    before = exercise.display_names(s.members)
    add_rules_member(s, "Cas")
    assert members.renamed(s, before) == []  # a new name changes nobody's
    # The one who left is not among them; the other Anna is "Anna" again.
    before = exercise.display_names(s.members)
    s.members.remove(s.members[0])
    assert [m.name for m in members.renamed(s, before)] == ["Anna"]
