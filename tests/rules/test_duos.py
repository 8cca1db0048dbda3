"""The pairing step's rules (session_app.duos), on objects that are never stored."""

from __future__ import annotations

import pytest
from helpers import rules_pick, rules_session

from session_app import duos
from session_app.change import Change
from session_app.exercise import RuleError

NAMES = ("Ann", "Bob", "Cas", "Dee", "Eva")


def developed(names=NAMES):
    """Every round revealed: Bob got votes for "lef", Cas for "netwerken"; goals to match."""
    s = rules_session(names, phase="development")
    s.pairing_mode, s.coach_capacity = "duos", 2  # the stored defaults
    by_name = {m.name: m for m in s.members}
    for r in s.rounds:
        r.state = "revealed"
    strong = {"Bob": "lef", "Cas": "netwerken"}
    for name, competency in strong.items():
        round_ = next(r for r in s.rounds if r.central_member_id == by_name[name].id)
        for voter in s.members[:3]:
            if voter.name != name:
                rules_pick(round_, voter.id, competency)
    for m in s.members:
        m.development_goal = "netwerken" if m.name == "Bob" else "lef"
    return s, by_name


def group_of(s) -> dict[str, int | None]:
    return {m.name: m.group_no for m in s.members}


def test_the_duos_pair_everyone_with_one_trio_and_a_partner_strong_in_the_goal():
    s, by_name = developed()
    duos.start_pairing(Change(s, {"mode": "duos", "capacity": 2}))
    assert s.phase == "pairing" and s.pairing_mode == "duos"
    sizes = sorted(list(group_of(s).values()).count(n) for n in set(group_of(s).values()))
    assert sizes == [2, 3]
    assert group_of(s)["Bob"] == group_of(s)["Cas"]  # each strong in the other's goal


def test_a_coach_for_everyone_within_the_capacity():
    s, by_name = developed()
    duos.start_pairing(Change(s, {"mode": "coach", "capacity": 3}))
    assert s.pairing_mode == "coach" and s.coach_capacity == 3
    coach_of = {m.name: m.coach_id for m in s.members}
    assert coach_of["Bob"] == by_name["Cas"].id  # the one strong in Bob's goal
    # Four want "lef", only Bob is strong in it: three of them get Bob, one someone else.
    assert sorted(coach_of[n] == by_name["Bob"].id for n in ("Ann", "Cas", "Dee", "Eva")) == [
        False,
        True,
        True,
        True,
    ]
    assert all(coach_of[m.name] not in (None, m.id) for m in s.members)
    assert all(m.group_no is None for m in s.members)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"mode": "trio"}, "duos or a coach"),
        ({"mode": "coach", "capacity": 4}, "1, 2 or 3"),
        ({"version": 99}, "moved on"),
    ],
)
def test_bad_pairing_requests_change_nothing(data, message):
    s, _ = developed()
    with pytest.raises(RuleError, match=message):
        duos.start_pairing(Change(s, data))
    assert s.phase == "development"
    assert all(m.group_no is None for m in s.members)


def test_pairing_waits_for_the_development_step():
    s, _ = developed()
    s.phase = "rounds"
    with pytest.raises(RuleError, match="not possible at this step"):
        duos.start_pairing(Change(s, {}))


def paired():
    s, by_name = developed(("Ann", "Bob", "Cas", "Dee"))
    duos.start_pairing(Change(s, {"mode": "duos"}))
    return s, by_name


def test_moving_a_member_into_another_or_a_new_group():
    s, by_name = paired()
    ann, other = by_name["Ann"], next(m for m in s.members if m.group_no != by_name["Ann"].group_no)
    duos.move_member(Change(s, {"member_id": ann.id, "group": other.group_no}))
    assert ann.group_no == other.group_no
    duos.move_member(Change(s, {"member_id": ann.id, "group": "new"}))
    assert ann.group_no == max(m.group_no for m in s.members) == 3
    for group in (99, "3", None, True):
        with pytest.raises(RuleError):
            duos.move_member(Change(s, {"member_id": ann.id, "group": group}))
    with pytest.raises(RuleError, match="already left"):
        duos.move_member(Change(s, {"member_id": 99, "group": 1}))
    assert ann.group_no == 3


def test_swapping_two_members_and_a_stale_page_is_refused():
    s, by_name = paired()
    before = group_of(s)
    a, b = by_name["Ann"], next(m for m in s.members if m.group_no != by_name["Ann"].group_no)
    duos.swap_members(Change(s, {"member_id": a.id, "other_id": b.id}))
    assert (a.group_no, b.group_no) == (before[b.name], before[a.name])
    with pytest.raises(RuleError, match="moved on"):
        duos.swap_members(Change(s, {"member_id": a.id, "other_id": b.id, "version": 0}))


def test_duos_are_not_moved_in_coach_mode():
    s, by_name = developed()
    duos.start_pairing(Change(s, {"mode": "coach", "capacity": 2}))
    with pytest.raises(RuleError, match="not possible at this step"):
        duos.move_member(Change(s, {"member_id": by_name["Ann"].id, "group": "new"}))


def test_confirming_needs_everyone_in_a_group_of_two_or_more():
    s, by_name = paired()
    ann = by_name["Ann"]
    partner = next(m for m in s.members if m.group_no == ann.group_no and m is not ann)
    duos.move_member(Change(s, {"member_id": ann.id, "group": "new"}))
    with pytest.raises(RuleError) as refused:
        duos.confirm(Change(s, {}))
    assert refused.value.params == {"names": ", ".join(sorted(["Ann", partner.name]))}
    assert s.phase == "pairing"
    duos.move_member(Change(s, {"member_id": ann.id, "group": partner.group_no}))
    duos.confirm(Change(s, {"version": s.version}))
    assert s.phase == "closed"


def test_confirming_coaches_needs_a_coach_for_everyone():
    s, by_name = developed()
    duos.start_pairing(Change(s, {"mode": "coach", "capacity": 3}))
    by_name["Dee"].coach_id = 99  # their coach left
    with pytest.raises(RuleError, match="without a coach") as refused:
        duos.confirm(Change(s, {}))
    assert refused.value.params == {"names": "Dee"}
    duos.set_coach(Change(s, {"member_id": by_name["Dee"].id, "coach_id": by_name["Cas"].id}))
    duos.confirm(Change(s, {}))
    assert s.phase == "closed"


def test_a_coach_is_someone_else_with_room_left():
    s, by_name = developed()
    duos.start_pairing(Change(s, {"mode": "coach", "capacity": 1}))
    ann, eva = by_name["Ann"], by_name["Eva"]
    with pytest.raises(RuleError, match="coach themselves"):
        duos.set_coach(Change(s, {"member_id": ann.id, "coach_id": ann.id}))
    full = next(m for m in s.members if any(o.coach_id == m.id for o in s.members if o is not eva))
    with pytest.raises(RuleError, match="already coaches"):
        duos.set_coach(Change(s, {"member_id": eva.id, "coach_id": full.id}))
    with pytest.raises(RuleError, match="already left"):
        duos.set_coach(Change(s, {"member_id": eva.id, "coach_id": 99}))
