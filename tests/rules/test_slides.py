"""The big screen's slides after the rounds in parts (session_app.slides): what a part holds,
who is on the public team map, and that only the facilitator turns a part."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import rules_pick, rules_session

from session_app import picture, slides
from session_app.change import Change
from session_app.content import COMPETENCIES, TASKS
from session_app.exercise import RuleError

ROOT = Path(__file__).resolve().parents[2]


def act(s, rule, **data):
    rule(Change(s, data))


def closed_team(size: int = 9):
    """``size`` members; every round revealed except the last two (never got a round)."""
    names = [f"Member{n}" for n in range(size)]
    s = rules_session(names, phase="closed")
    for r in s.rounds[:-2]:
        for voter in s.members:
            if voter.id != r.central_member_id:
                rules_pick(r, voter.id, COMPETENCIES[voter.id % 12].key)
        r.state = "revealed"
    for n, m in enumerate(s.members):
        m.group_no = n // 2 + 1
        m.development_goal = COMPETENCIES[n % 12].key
    return s


def test_the_quality_names_are_counted_in_their_longer_language():
    with (ROOT / "session_app/translations/nl/LC_MESSAGES/messages.po").open("rb") as f:
        dutch = read_po(f)
    for c in COMPETENCIES:
        assert slides.QUALITY_CHARS[c.key] == max(len(c.name), len(dutch[c.name].string)), c.key


def test_split_fills_a_part_and_never_leaves_one_empty():
    assert slides.split([]) == [[]]
    assert slides.split([("a", 6.0), ("b", 4.0), ("c", 1.0)], budget=10) == [["a", "b"], ["c"]]
    # A unit larger than a whole part gets a part of its own.
    assert slides.split([("a", 30.0), ("b", 1.0)], budget=10) == [["a"], ["b"]]


def test_every_member_task_and_duo_is_in_exactly_one_part():
    s = closed_team(15)
    votes = {m.id: {} for m in s.members}
    for r in s.rounds:
        if r.state == "revealed":
            for p in r.picks:
                votes[r.central_member_id][p.competency] = (
                    votes[r.central_member_id].get(p.competency, 0) + 1
                )
    on_map = sum(slides.parts_of(s, "map", votes), [])
    assert on_map[-1] == slides.LEFT_OUT  # the line about the two without a round, last
    assert sorted(on_map[:-1]) == sorted(slides.on_the_map(s)) and len(on_map) == 14
    assert sum(slides.parts_of(s, "cycle", votes), []) == [t.key for t in TASKS]
    assert sorted(sum(slides.parts_of(s, "duos", votes), [])) == list(range(1, 9))
    assert len(slides.parts_of(s, "duos", votes)) > 1  # 8 groups do not fit one part


def test_a_member_who_never_got_a_round_is_not_on_the_public_map():
    s = closed_team(5)
    assert slides.on_the_map(s) == {1, 2, 3}


def test_only_the_facilitator_turns_a_part_and_only_to_one_that_exists():
    s = closed_team(15)
    parts = slides.parts_of(s, "map", {m.id: {"lef": 2} for m in s.members})
    assert slides.part_index(s, parts) == 0
    act(s, slides.show_part, step=1)
    assert (s.closing_slide, s.roles_step) == ("map", 1)
    for bad in (99, -1, "1", None, True):
        with pytest.raises(RuleError, match="part of the slide does not exist"):
            act(s, slides.show_part, step=bad)
    assert s.roles_step == 1
    # Another closing slide starts at its first part.
    picture.show_closing_slide(s, "duos")
    assert s.roles_step == 0
    s.phase = "development"
    with pytest.raises(RuleError, match="not possible at this step"):
        act(s, slides.show_part, step=0)


def test_the_duo_proposal_turns_and_a_closing_slide_starts_at_its_first_part():
    s = closed_team(15)
    s.phase, s.closing_slide = "pairing", None
    assert slides.current_slide(s) == "duos"
    act(s, slides.show_part, step=1)
    assert s.roles_step == 1
    s.phase = "closed"  # confirmed: the map, from its first part
    assert slides.current_slide(s) == "map"
    assert slides.part_index(s, [[1], [2], [3]]) == 0
    s.pairing_mode = "coach"
    s.phase = "pairing"
    assert slides.current_slide(s) == "coaching"


def test_a_follow_ups_map_makes_room_for_then_and_now_and_names_who_left_last():
    s = closed_team(15)
    votes = {m.id: {} for m in s.members}
    for r in s.rounds:
        for p in r.picks if r.state == "revealed" else []:
            counts = votes[r.central_member_id]
            counts[p.competency] = counts.get(p.competency, 0) + 1
    earlier = [{"name": m.name, "seen": {"lef": 2, "politiek_inzicht": 3}, "goal": None,
                "duo": []} for m in s.members[:12]]  # fmt: skip
    team = {"members": [*earlier, {"name": "Gone", "seen": {"lef": 3}, "goal": None, "duo": []}]}
    for m in s.members[:12]:  # three are new
        m.earlier_state, m.earlier_name = "confirmed", m.name
    plain = slides.parts_of(s, "map", votes)
    then_now = slides.parts_of(s, "map", votes, team)
    flat = sum(then_now, [])
    assert flat[-2:] == [slides.LEFT_OUT, slides.LEFT_TEAM]
    assert sorted(flat[:-2]) == sorted(slides.on_the_map(s))
    assert len(then_now) > len(plain)  # each line is longer: "2 → 4", "new"
    cycle = slides.parts_of(s, "cycle", votes, team)
    assert sum(cycle, []) == [t.key for t in TASKS]
    assert len(cycle) >= len(slides.parts_of(s, "cycle", votes))
