"""Form coaching duos (plus one trio when the team is odd) from goals and peer votes.

Pure module: no Flask, no database. The only dependency is ``rustworkx`` for maximum
weight matching on a general graph (Edmonds' blossom algorithm, compiled).

Model
-----
``goals[m]`` is the competency key member ``m`` wants to develop; ``votes[x][k]`` is the
number of peer votes member ``x`` received for key ``k`` (missing means 0). In a group,
``m``'s coach is the groupmate with the most votes for ``goals[m]`` (ties: smallest id).

Among all groupings (pairs, plus exactly one trio when the number of members is odd)
:func:`make_duos` returns one that maximises, first, the number of members whose coach
has at least one vote for their goal, and then the total of those coaches' votes.

Algorithm
---------
Member ``a`` coached by ``b`` scores ``BIG * (v > 0) + v`` with ``v`` the votes of ``b``
for ``goals[a]`` and ``BIG`` larger than any possible vote total, so one integer sum
orders groupings exactly like the two-level objective.

* Even team: a pair's value is the sum of two such scores, so the best grouping is a
  maximum-weight perfect matching on the complete graph of members.
* Odd team: the value of a trio is not a sum of pair values, so we search over the trio
  exactly, with a bound that prunes almost every candidate:

  1. For each member ``c``, ``m_c`` = best perfect matching of everybody but ``c``
     (``n`` matchings). Letting ``c`` join the most profitable pair of that matching
     gives a feasible grouping: the best of these is the incumbent.
  2. For a trio ``T = {a, b, c}`` and any perfect matching ``P`` of the others,
     ``P`` plus the pair ``{a, b}`` is a perfect matching of everybody but ``c``, so
     ``value(T) + w(P) <= value(T) - w(a, b) + m_c``; the minimum over the three choices
     of ``c`` bounds every grouping with trio ``T``. Trios whose bound beats the
     incumbent are evaluated exactly (one matching of the other ``n - 3`` members),
     highest bound first, until no remaining bound can beat the incumbent.

  A trio whose best coaching has a mutual pair plus a third member coached by one of
  them never survives step 2 (its bound is at most the incumbent); only trios whose
  coaching is a strict cycle (a coached by b, b by c, c by a) may.

Determinism: members are sorted before anything else and the solver gets the same graph
for the same input, so the result does not depend on the order of the dicts; ties are
always resolved by first-found in that sorted order. Output is canonical: ids sorted
inside each group, groups sorted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

import rustworkx as rx

__all__ = [
    "COACH_CAPACITIES",
    "assign_coaches",
    "coaching_score",
    "coach_of",
    "group_score",
    "grouping_score",
    "make_duos",
]

Votes = Mapping[str, Mapping[str, int]]


def _votes_for(votes: Votes, coach: str, key: str) -> int:
    """Votes ``coach`` received for ``key`` (0 when missing); validated as a count."""
    received = votes.get(coach)
    count = 0 if received is None else received.get(key, 0)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"vote count for {coach!r}/{key!r} must be an int >= 0: {count!r}")
    return count


def coach_of(
    member: str, group: Iterable[str], goals: Mapping[str, str], votes: Votes
) -> str | None:
    """The groupmate with most votes for ``goals[member]`` (ties: smallest id).

    Ids compare shortest first, then as text: numbers given as text ("9", "10") keep their
    numeric order, so the app's tie goes to whoever joined first. ``None`` for a group of
    one. The chosen coach may have 0 votes for the goal (then every groupmate has 0).
    """
    key = goals[member]
    best: tuple[int, int, str] | None = None
    for mate in group:
        if mate == member:
            continue
        candidate = (-_votes_for(votes, mate, key), len(mate), mate)
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[2]


def group_score(group: Iterable[str], goals: Mapping[str, str], votes: Votes) -> tuple[int, int]:
    """``(members whose coach has >= 1 vote for their goal, total of those votes)``."""
    members = list(group)
    coached = total = 0
    for member in members:
        coach = coach_of(member, members, goals, votes)
        if coach is None:
            continue
        count = _votes_for(votes, coach, goals[member])
        if count > 0:
            coached += 1
            total += count
    return coached, total


def grouping_score(
    groups: Iterable[Iterable[str]], goals: Mapping[str, str], votes: Votes
) -> tuple[int, int]:
    """Objective of a whole grouping, compared lexicographically (higher is better)."""
    coached = total = 0
    for group in groups:
        c, t = group_score(group, goals, votes)
        coached += c
        total += t
    return coached, total


def _max_perfect_matching(
    nodes: Sequence[int], weight: Sequence[Sequence[int]]
) -> tuple[int, list[tuple[int, int]]]:
    """Maximum-weight perfect matching of ``nodes`` (even count) in the complete graph."""
    if not nodes:
        return 0, []
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(nodes)
    k = len(nodes)
    graph.add_edges_from(
        [(i, j, weight[nodes[i]][nodes[j]]) for i in range(k) for j in range(i + 1, k)]
    )
    mates = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    pairs = sorted((min(nodes[i], nodes[j]), max(nodes[i], nodes[j])) for i, j in mates)
    if 2 * len(pairs) != k:  # cannot happen on a complete graph with an even count
        raise RuntimeError("matching solver returned an imperfect matching")
    return sum(weight[a][b] for a, b in pairs), pairs


def make_duos(goals: Mapping[str, str], votes: Votes) -> list[tuple[str, ...]]:
    """Group all members of ``goals`` into duos (plus one trio if odd) optimally.

    See the module docstring for the objective and the algorithm. Members that appear
    in ``votes`` but not in ``goals`` are ignored.
    """
    ids = sorted(goals)
    n = len(ids)
    if n <= 1:
        return [tuple(ids)] if ids else []

    # v[a][b]: votes of b for a's goal (a coached by b).
    v = [[_votes_for(votes, b, goals[a]) if a != b else 0 for b in ids] for a in ids]
    big = 1 + sum(max(row) for row in v)  # exceeds any achievable vote total
    score = [[big * (x > 0) + x for x in row] for row in v]
    pair_w = [[score[a][b] + score[b][a] for b in range(n)] for a in range(n)]

    def trio_value(a: int, b: int, c: int) -> int:
        sa, sb, sc = score[a], score[b], score[c]
        return max(sa[b], sa[c]) + max(sb[a], sb[c]) + max(sc[a], sc[b])

    if n % 2 == 0:
        _, pairs = _max_perfect_matching(range(n), pair_w)
        return _canonical(ids, [list(p) for p in pairs])

    # Odd: step 1, best matching without each member, and a feasible incumbent.
    everyone = list(range(n))
    without: list[int] = []
    best_value = -1
    best_groups: list[list[int]] = []
    for c in everyone:
        m_c, pairs = _max_perfect_matching([x for x in everyone if x != c], pair_w)
        without.append(m_c)
        for a, b in pairs:
            value = m_c - pair_w[a][b] + trio_value(a, b, c)
            if value > best_value:
                best_value = value
                best_groups = [[a, b, c] if p == (a, b) else list(p) for p in pairs]

    # Step 2: bound every trio; evaluate the promising ones exactly, best bound first.
    candidates: list[tuple[int, int, int, int]] = []
    for a, b, c in combinations(everyone, 3):
        bound = trio_value(a, b, c) + min(
            without[a] - pair_w[b][c], without[b] - pair_w[a][c], without[c] - pair_w[a][b]
        )
        if bound > best_value:
            candidates.append((-bound, a, b, c))
    candidates.sort()
    for neg_bound, a, b, c in candidates:
        if -neg_bound <= best_value:
            break
        rest = [x for x in everyone if x not in (a, b, c)]
        m_rest, pairs = _max_perfect_matching(rest, pair_w)
        value = trio_value(a, b, c) + m_rest
        if value > best_value:
            best_value = value
            best_groups = [[a, b, c], *(list(p) for p in pairs)]

    return _canonical(ids, best_groups)


def _canonical(ids: Sequence[str], groups: Iterable[Iterable[int]]) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(ids[i] for i in group)) for group in groups)


# --------------------------------------------------------------------- a coach for everyone

COACH_CAPACITIES = (1, 2, 3)


def coaching_score(
    coaches: Mapping[str, str], goals: Mapping[str, str], votes: Votes
) -> tuple[int, int]:
    """``(members whose coach has >= 1 vote for their goal, total of those votes)``."""
    coached = total = 0
    for member, coach in coaches.items():
        count = _votes_for(votes, coach, goals[member])
        if count > 0:
            coached += 1
            total += count
    return coached, total


def assign_coaches(goals: Mapping[str, str], votes: Votes, capacity: int) -> dict[str, str]:
    """Give every member of ``goals`` one coach: another member, who coaches at most
    ``capacity`` members (a member may be coach and learner at once).

    Among all such assignments the result maximises, first, the number of members whose
    coach has at least one vote for their goal, then the total of those votes (the
    objective of :func:`make_duos`, with a coach per member instead of groups).

    This is an assignment problem with capacities: a maximum-weight matching in the
    bipartite graph of learners against ``capacity`` copies ("seats") of every coach, with
    the same two-level integer weight as :func:`make_duos`. ``max_cardinality`` makes the
    matching seat everybody (always possible with two or more members: a rotation does).
    Deterministic: members are sorted first and the solver gets the same graph for the
    same input. A team of one gets no coach (``{}``); a team of two coach each other.
    """
    if isinstance(capacity, bool) or capacity not in COACH_CAPACITIES:
        raise ValueError(f"capacity must be one of {COACH_CAPACITIES}: {capacity!r}")
    ids = sorted(goals)
    n = len(ids)
    if n < 2:
        return {}
    v = [[_votes_for(votes, b, goals[a]) if a != b else 0 for b in ids] for a in ids]
    big = 1 + sum(max(row) for row in v)  # exceeds any achievable vote total
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(n + n * capacity))  # learners 0..n-1, then the seats
    seat_of = {}  # graph node -> coach index
    edges = []
    for coach in range(n):
        for copy in range(capacity):
            seat = n + coach * capacity + copy
            seat_of[seat] = coach
            for learner in range(n):
                if learner != coach:
                    x = v[learner][coach]
                    # +1: an edge of weight 0 could be left out of an optimal matching.
                    edges.append((learner, seat, big * (x > 0) + x + 1))
    graph.add_edges_from(edges)
    mates = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    result = {}
    for a, b in mates:
        learner, seat = (a, b) if a < n else (b, a)
        result[ids[learner]] = ids[seat_of[seat]]
    if len(result) != n:  # cannot happen: a rotation seats everybody
        raise RuntimeError("matching solver left a member without a coach")
    return result
