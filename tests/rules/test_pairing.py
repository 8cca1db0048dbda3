"""Tests for session_app.pairing: exactness against brute force, shape, determinism."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from session_app.pairing import coach_of, group_score, grouping_score, make_duos

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["", "listening", "networking", "law"]  # "" = no goal chosen


# --------------------------------------------------------------------------- helpers


def independent_group_score(group, goals, votes) -> tuple[int, int]:
    """Scorer written independently of the module: a member's coach has the most votes."""
    coached = total = 0
    for member in group:
        best = max(
            (votes.get(mate, {}).get(goals[member], 0) for mate in group if mate != member),
            default=0,
        )
        coached += best > 0
        total += best
    return coached, total


def brute_force_score(goals, votes) -> tuple[int, int]:
    """Best objective over every grouping (pairs, one trio iff odd), by exhaustive search.

    Always grouping the smallest remaining member first enumerates each grouping once;
    memoising on the remaining members keeps 10-11 members fast.
    """
    n = len(goals)
    if n <= 1:
        return (0, 0)

    @cache
    def best(rest: tuple[str, ...], trio_left: bool) -> tuple[int, int] | None:
        if not rest:
            return None if trio_left else (0, 0)
        first, others = rest[0], rest[1:]
        options = []
        for i, mate in enumerate(others):
            tail = best(others[:i] + others[i + 1 :], trio_left)
            if tail is not None:
                options.append(add(independent_group_score((first, mate), goals, votes), tail))
        if trio_left:
            for i, j in combinations(range(len(others)), 2):
                remaining = tuple(m for k, m in enumerate(others) if k not in (i, j))
                tail = best(remaining, False)
                if tail is not None:
                    trio = (first, others[i], others[j])
                    options.append(add(independent_group_score(trio, goals, votes), tail))
        return max(options, default=None)

    result = best(tuple(sorted(goals)), n % 2 == 1)
    assert result is not None
    return result


def add(x: tuple[int, int], y: tuple[int, int]) -> tuple[int, int]:
    return x[0] + y[0], x[1] + y[1]


def sum_scores(groups, goals, votes) -> tuple[int, int]:
    total = (0, 0)
    for group in groups:
        total = add(total, independent_group_score(group, goals, votes))
    return total


def assert_shape(goals, groups) -> None:
    n = len(goals)
    counts = Counter(m for g in groups for m in g)
    assert set(counts) == set(goals)
    assert all(c == 1 for c in counts.values())
    sizes = sorted(len(g) for g in groups)
    if n == 0:
        assert groups == []
    elif n == 1:
        assert sizes == [1]
    elif n % 2 == 0:
        assert sizes == [2] * (n // 2)
    else:
        assert sizes == [2] * ((n - 3) // 2) + [3]
    # canonical form
    assert all(list(g) == sorted(g) for g in groups)
    assert groups == sorted(groups)


def random_team(rng: random.Random, n: int, n_keys: int = 12, max_votes: int = 6):
    keys = [f"k{i}" for i in range(n_keys)]
    goals = {f"m{i:02d}": rng.choice(keys) for i in range(n)}
    votes = {m: {k: rng.randint(0, max_votes) for k in keys} for m in goals}
    return goals, votes


def shuffled(mapping, rng: random.Random):
    items = list(mapping.items())
    rng.shuffle(items)
    return {k: (shuffled(v, rng) if isinstance(v, dict) else v) for k, v in items}


# ------------------------------------------------------------------- hypothesis data


@st.composite
def teams(draw, min_size: int = 0, max_size: int = 9):
    n = draw(st.integers(min_size, max_size))
    members = [f"m{i}" for i in range(n)]
    draw(st.randoms(use_true_random=False)).shuffle(members)  # ids not in sorted order
    goals = {m: draw(st.sampled_from(KEYS)) for m in members}
    count = st.sampled_from([0, 0, 0, 1, 2, 3])
    votes = {
        m: draw(st.dictionaries(st.sampled_from(KEYS), count, max_size=len(KEYS)))
        for m in members
        if draw(st.booleans()) or draw(st.booleans())  # some members have no entry
    }
    if draw(st.booleans()):
        votes["outsider"] = {k: 3 for k in KEYS}  # not in goals: must be ignored
    return goals, votes


# ------------------------------------------------------------------- property tests


@settings(max_examples=400, deadline=None)
@given(teams())
def test_objective_matches_brute_force(team):
    goals, votes = team
    groups = make_duos(goals, votes)
    assert_shape(goals, groups)
    assert grouping_score(groups, goals, votes) == brute_force_score(goals, votes)
    assert sum_scores(groups, goals, votes) == grouping_score(groups, goals, votes)


@settings(max_examples=60, deadline=None)
@given(teams(min_size=10, max_size=11))
def test_objective_matches_brute_force_10_11(team):
    goals, votes = team
    groups = make_duos(goals, votes)
    assert_shape(goals, groups)
    assert grouping_score(groups, goals, votes) == brute_force_score(goals, votes)
    assert sum_scores(groups, goals, votes) == grouping_score(groups, goals, votes)


@settings(max_examples=150, deadline=None)
@given(teams(max_size=14), st.randoms(use_true_random=False))
def test_same_result_whatever_the_dict_order(team, rnd):
    goals, votes = team
    expected = make_duos(goals, votes)
    assert make_duos(shuffled(goals, rnd), shuffled(votes, rnd)) == expected


def exhaustive_trio_search(goals, votes) -> tuple[int, int]:
    """Odd teams: every trio, each with the best pairing of the rest (no pruning)."""
    ids = sorted(goals)
    best = (-1, -1)
    for trio in combinations(ids, 3):
        rest = {m: goals[m] for m in ids if m not in trio}
        pairs = make_duos(rest, votes)  # even case: a plain maximum-weight matching
        best = max(best, grouping_score([trio, *pairs], goals, votes))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_pruned_trio_search_matches_full_enumeration(seed):
    """Larger odd teams than brute force allows: the bound must never prune the optimum."""
    rng = random.Random(seed)
    n = rng.choice([13, 15, 17])
    goals, votes = random_team(rng, n, n_keys=rng.choice([3, 12]), max_votes=rng.choice([1, 6]))
    if seed % 2:  # sparse votes: many members without a voted teammate
        votes = {m: {k: c for k, c in vs.items() if rng.random() < 0.2} for m, vs in votes.items()}
    groups = make_duos(goals, votes)
    assert_shape(goals, groups)
    assert grouping_score(groups, goals, votes) == exhaustive_trio_search(goals, votes)


# ------------------------------------------------------------------ readable examples


def test_empty_team():
    assert make_duos({}, {}) == []


def test_team_of_one():
    assert make_duos({"ann": "law"}, {"ann": {"law": 5}}) == [("ann",)]
    assert coach_of("ann", ("ann",), {"ann": "law"}, {}) is None


def test_team_of_three_is_one_trio():
    goals = {"cas": "law", "ann": "law", "bram": "networking"}
    assert make_duos(goals, {}) == [("ann", "bram", "cas")]


def test_four_members_obvious_duos():
    goals = {"ann": "law", "bram": "networking", "cas": "listening", "dirk": "writing"}
    votes = {
        "ann": {"networking": 3},
        "bram": {"law": 2},
        "cas": {"writing": 4},
        "dirk": {"listening": 1},
    }
    assert make_duos(goals, votes) == [("ann", "bram"), ("cas", "dirk")]
    assert coach_of("bram", ("ann", "bram"), goals, votes) == "ann"
    assert group_score(("ann", "bram"), goals, votes) == (2, 5)


def test_coverage_comes_before_vote_total():
    # Pairing ann with bram gives ann a strong coach (4 votes) but leaves bram uncovered:
    # (1 member, 4 votes). ann+dirk and bram+cas cover two members with 1 + 2 votes.
    goals = {"ann": "listening", "bram": "net", "cas": "net", "dirk": "listening"}
    votes = {"bram": {"listening": 4}, "cas": {"net": 2}, "dirk": {"listening": 1}}
    groups = make_duos(goals, votes)
    assert groups == [("ann", "dirk"), ("bram", "cas")]
    assert grouping_score(groups, goals, votes) == (2, 3)


def test_vote_total_breaks_ties_in_coverage():
    # Both {ann,bram}+{cas,dirk} and {ann,dirk}+{bram,cas} cover two members;
    # the first has 4 + 2 votes behind its coaches, the second only 4 + 1.
    goals = {"ann": "law", "bram": "net", "cas": "law", "dirk": "listening"}
    votes = {"cas": {"net": 1, "listening": 2}, "dirk": {"law": 4, "net": 4}}
    groups = make_duos(goals, votes)
    assert groups == [("ann", "bram"), ("cas", "dirk")]
    assert grouping_score(groups, goals, votes) == (2, 6)


def test_member_with_no_voted_teammate():
    # Nobody has votes for "gus"'s goal, so gus can't be covered; the rest still are.
    goals = {"ann": "law", "bram": "law", "cas": "networking", "dirk": "networking", "gus": "x"}
    votes = {
        "ann": {"networking": 2},
        "bram": {"networking": 1},
        "cas": {"law": 2},
        "dirk": {"law": 1},
    }
    groups = make_duos(goals, votes)
    assert_shape(goals, groups)
    assert grouping_score(groups, goals, votes) == (4, 6)
    assert brute_force_score(goals, votes) == (4, 6)
    trio = next(g for g in groups if len(g) == 3)
    assert "gus" in trio
    assert group_score([m for m in trio if m != "gus"], goals, votes) == group_score(
        trio, goals, votes
    )


def test_no_goal_chosen_is_just_an_unvoted_key():
    goals = {"ann": "", "bram": "law"}
    votes = {"ann": {"law": 2}, "bram": {"law": 9}}
    assert make_duos(goals, votes) == [("ann", "bram")]
    assert group_score(("ann", "bram"), goals, votes) == (1, 2)


def test_cyclic_trio_beats_every_pendant_trio():
    # ann is coached only by bram, bram only by cas, cas only by ann: the trio must be
    # exactly those three so that all three are coached (a cycle, not a mutual pair).
    goals = {"ann": "law", "bram": "networking", "cas": "listening", "dirk": "x", "eva": "y"}
    votes = {
        "bram": {"law": 1},
        "cas": {"networking": 1},
        "ann": {"listening": 1},
        "dirk": {"y": 2},
        "eva": {"x": 2},
    }
    assert make_duos(goals, votes) == [("ann", "bram", "cas"), ("dirk", "eva")]
    assert coach_of("ann", ("ann", "bram", "cas"), goals, votes) == "bram"
    assert coach_of("cas", ("ann", "bram", "cas"), goals, votes) == "ann"


def test_coach_ties_go_to_smallest_id():
    goals = {"zoe": "law", "bob": "x", "al": "y"}
    votes = {"bob": {"law": 2}, "al": {"law": 2}}
    assert coach_of("zoe", ("zoe", "bob", "al"), goals, votes) == "al"
    assert coach_of("bob", ("zoe", "bob", "al"), goals, votes) == "al"  # all 0: smallest


def test_members_only_in_votes_are_ignored():
    goals = {"ann": "law", "bram": "law"}
    votes = {"ann": {"law": 1}, "ghost": {"law": 6}}
    assert make_duos(goals, votes) == [("ann", "bram")]


def test_negative_vote_count_is_rejected():
    with pytest.raises(ValueError):
        make_duos({"a": "k", "b": "k"}, {"a": {"k": -1}})


@pytest.mark.parametrize("n", [39, 40])
def test_full_size_team_shape_and_coverage(n):
    goals, votes = random_team(random.Random(n), n)
    groups = make_duos(goals, votes)
    assert_shape(goals, groups)
    # every group's members are explained by coach_of
    for group in groups:
        for member in group:
            assert coach_of(member, group, goals, votes) in set(group) - {member}


def test_same_result_in_another_process():
    """No hidden dependence on hash seeds or solver internals across processes."""
    rng = random.Random(7)
    teams_ = [random_team(rng, n, n_keys=3, max_votes=1) for n in (21, 39, 40)]
    expected = [make_duos(g, v) for g, v in teams_]
    script = (
        "import json, sys\n"
        "from session_app.pairing import make_duos\n"
        "teams = json.load(sys.stdin)\n"
        "print(json.dumps([make_duos(g, v) for g, v in teams]))\n"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps([[dict(reversed(g.items())), v] for g, v in teams_]),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        got = [[tuple(g) for g in groups] for groups in json.loads(out.stdout)]
        assert got == expected
