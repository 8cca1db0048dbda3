"""Tests for session_app.pairing.assign_coaches: a coach for everyone, with a capacity."""

from __future__ import annotations

import random
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from session_app.pairing import assign_coaches, coaching_score

KEYS = ["", "listening", "networking", "law"]  # "" = no goal chosen


def exhaustive_best(goals, votes, capacity) -> tuple[int, int]:
    """Best objective over every assignment, by exhaustive search (memoised on the loads).

    Written apart from the module: each member in turn tries every other member as coach
    whose load is below the capacity.
    """
    ids = sorted(goals)
    n = len(ids)
    if n < 2:
        return (0, 0)

    def got(coach, member):
        return votes.get(coach, {}).get(goals[member], 0)

    @cache
    def best(i: int, loads: tuple[int, ...]) -> tuple[int, int] | None:
        if i == n:
            return (0, 0)
        options = []
        for c in range(n):
            if c == i or loads[c] >= capacity:
                continue
            tail = best(i + 1, loads[:c] + (loads[c] + 1,) + loads[c + 1 :])
            if tail is not None:
                x = got(ids[c], ids[i])
                options.append((tail[0] + (x > 0), tail[1] + x))
        return max(options, default=None)

    result = best(0, (0,) * n)
    assert result is not None
    return result


def assert_valid(goals, coaches, capacity) -> None:
    if len(goals) < 2:
        assert coaches == {}
        return
    assert set(coaches) == set(goals)
    assert all(coach in goals and coach != member for member, coach in coaches.items())
    assert max(Counter(coaches.values()).values()) <= capacity


@st.composite
def teams(draw, max_size: int = 7):
    n = draw(st.integers(0, max_size))
    members = [f"m{i}" for i in range(n)]
    draw(st.randoms(use_true_random=False)).shuffle(members)
    goals = {m: draw(st.sampled_from(KEYS)) for m in members}
    count = st.sampled_from([0, 0, 0, 1, 2, 3])
    votes = {
        m: draw(st.dictionaries(st.sampled_from(KEYS), count, max_size=len(KEYS)))
        for m in members
        if draw(st.booleans()) or draw(st.booleans())
    }
    if draw(st.booleans()):
        votes["outsider"] = {k: 3 for k in KEYS}  # not in goals: never a coach
    return goals, votes


@pytest.mark.parametrize("capacity", [1, 2, 3])
@settings(max_examples=150, deadline=None)
@given(team=teams())
def test_objective_matches_exhaustive_search(capacity, team):
    goals, votes = team
    coaches = assign_coaches(goals, votes, capacity)
    assert_valid(goals, coaches, capacity)
    assert coaching_score(coaches, goals, votes) == exhaustive_best(goals, votes, capacity)


@settings(max_examples=80, deadline=None)
@given(teams(max_size=12), st.sampled_from([1, 2, 3]), st.randoms(use_true_random=False))
def test_same_result_whatever_the_dict_order(team, capacity, rnd):
    goals, votes = team
    expected = assign_coaches(goals, votes, capacity)
    items = list(goals.items())
    rnd.shuffle(items)
    vote_items = list(votes.items())
    rnd.shuffle(vote_items)
    assert assign_coaches(dict(items), dict(vote_items), capacity) == expected


def test_team_of_two_coach_each_other():
    assert assign_coaches({"a": "law", "b": "law"}, {}, 1) == {"a": "b", "b": "a"}
    assert assign_coaches({"a": "law", "b": "law"}, {"a": {"law": 5}}, 3) == {"a": "b", "b": "a"}


def test_alone_or_nobody_has_no_coach():
    assert assign_coaches({}, {}, 2) == {}
    assert assign_coaches({"a": "law"}, {"a": {"law": 3}}, 2) == {}


def test_one_strong_member_coaches_up_to_the_capacity():
    """Everyone wants what Ans is good at; Bob has one vote for it, the others none."""
    goals = {"ans": "law", "bob": "law", "cor": "law", "dik": "law"}
    votes = {"ans": {"law": 4}, "bob": {"law": 1}}
    for capacity, ans_coaches, score in [(1, 1, (2, 5)), (2, 2, (4, 10)), (3, 3, (4, 13))]:
        coaches = assign_coaches(goals, votes, capacity)
        assert Counter(coaches.values())["ans"] == ans_coaches
        if capacity > 1:  # with 1, Bob's one vote can also go to Cor or Dik: a tie
            assert coaches["ans"] == "bob"  # the only other one with votes
        assert coaching_score(coaches, goals, votes) == score


@pytest.mark.parametrize("capacity", [0, 4, True, "2", None])
def test_capacity_outside_1_to_3_is_refused(capacity):
    with pytest.raises(ValueError):
        assign_coaches({"a": "law", "b": "law"}, {}, capacity)


def test_forty_members_is_valid_and_deterministic():
    rng = random.Random(4)
    keys = [f"k{i}" for i in range(12)]
    goals = {f"m{i:02d}": rng.choice(keys) for i in range(40)}
    votes = {m: {k: rng.randint(0, 3) for k in rng.sample(keys, 4)} for m in goals}
    coaches = assign_coaches(goals, votes, 2)
    assert_valid(goals, coaches, 2)
    assert assign_coaches(goals, votes, 2) == coaches
