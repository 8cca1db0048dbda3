"""Time ``session_app.pairing.make_duos`` on teams of realistic shape; run by hand.

    .venv/bin/python bench/bench_pairing.py [--sizes 10 20 39 40] [--runs 5] [--seed 1]

Every team is made from a seeded random generator, so runs are repeatable. Each member
had one round in which the n - 1 others each picked two different competencies of the 12,
so every member received 2 * (n - 1) votes. Voters agree more than chance would: each
member has a few competencies the team sees in them (a random, skewed weight per key).
Each member wants to develop one competency, chosen at random.

Printed per team size: best and median wall-clock time over ``--runs`` runs, and the peak
memory that tracemalloc sees during one extra run (tracemalloc slows the run it watches,
so that run is not timed).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from session_app.content import BY_KEY  # noqa: E402
from session_app.pairing import (  # noqa: E402
    assign_coaches,
    coaching_score,
    grouping_score,
    make_duos,
)

KEYS = sorted(BY_KEY)  # the 12 competency keys
PICKS_PER_VOTER = 2


def make_team(n: int, rng: random.Random) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    """Goals and received votes for a team of ``n`` members (ids "m01", "m02", ...)."""
    ids = [f"m{i:02d}" for i in range(1, n + 1)]
    goals = {m: rng.choice(KEYS) for m in ids}
    votes: dict[str, dict[str, int]] = {}
    for central in ids:
        weights = [rng.random() ** 3 + 0.02 for _ in KEYS]  # a few keys stand out
        received: dict[str, int] = {}
        for _voter in range(n - 1):
            first, second = _two_different(rng, weights)
            for key in (first, second):
                received[key] = received.get(key, 0) + 1
        votes[central] = received
    assert all(sum(v.values()) == PICKS_PER_VOTER * (n - 1) for v in votes.values())
    return goals, votes


def _two_different(rng: random.Random, weights: list[float]) -> tuple[str, str]:
    first = rng.choices(range(len(KEYS)), weights=weights)[0]
    rest = [w if i != first else 0.0 for i, w in enumerate(weights)]
    second = rng.choices(range(len(KEYS)), weights=rest)[0]
    return KEYS[first], KEYS[second]


def bench(n: int, runs: int, seed: int) -> dict:
    goals, votes = make_team(n, random.Random(seed * 1000 + n))
    times = []
    duos = None
    for _ in range(runs):
        start = time.perf_counter()
        result = make_duos(goals, votes)
        times.append(time.perf_counter() - start)
        assert duos is None or result == duos, "make_duos is not deterministic"
        duos = result
    tracemalloc.start()
    make_duos(goals, votes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    coached, total = grouping_score(duos, goals, votes)
    return {
        "n": n,
        "best": min(times),
        "median": statistics.median(times),
        "peak_kib": peak / 1024,
        "groups": len(duos),
        "trio": any(len(d) == 3 for d in duos),
        "coached": coached,
        "votes": total,
    }


def bench_coaches(n: int, runs: int, seed: int, capacity: int) -> dict:
    """The same team as :func:`bench`, with ``assign_coaches`` instead of duos."""
    goals, votes = make_team(n, random.Random(seed * 1000 + n))
    times = []
    coaches = None
    for _ in range(runs):
        start = time.perf_counter()
        result = assign_coaches(goals, votes, capacity)
        times.append(time.perf_counter() - start)
        assert coaches is None or result == coaches, "assign_coaches is not deterministic"
        coaches = result
    coached, total = coaching_score(coaches, goals, votes)
    return {
        "best": min(times),
        "median": statistics.median(times),
        "coached": coached,
        "votes": total,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 39, 40])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    print(
        f"make_duos, best and median of {args.runs} runs, seed {args.seed}, "
        f"Python {sys.version.split()[0]}"
    )
    print("groups: duos, +1 = one trio; coached: members whose partner got votes for their goal")
    print(
        f"{'members':>7} {'best ms':>9} {'median ms':>10} {'peak KiB':>9} "
        f"{'groups':>6} {'coached':>8} {'coach votes':>11}"
    )
    for n in args.sizes:
        row = bench(n, args.runs, args.seed)
        groups = f"{row['groups'] - 1}+1" if row["trio"] else str(row["groups"])
        print(
            f"{n:>7} {row['best'] * 1000:>9.1f} {row['median'] * 1000:>10.1f} "
            f"{row['peak_kib']:>9.0f} {groups:>6} {row['coached']:>5}/{n:<2} "
            f"{row['votes']:>11}"
        )

    print()
    print(
        f"assign_coaches (a coach for everyone), best and median of {args.runs} runs; "
        f"make_duos on the same team as the baseline; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"{'members':>7} {'capacity':>8} {'best ms':>9} {'median ms':>10} "
        f"{'duos ms':>8} {'coached':>8} {'coach votes':>11}"
    )
    for n in args.sizes:
        baseline = bench(n, args.runs, args.seed)
        for capacity in (1, 2, 3):
            row = bench_coaches(n, args.runs, args.seed, capacity)
            print(
                f"{n:>7} {capacity:>8} {row['best'] * 1000:>9.1f} "
                f"{row['median'] * 1000:>10.1f} {baseline['best'] * 1000:>8.1f} "
                f"{row['coached']:>5}/{n:<2} {row['votes']:>11}"
            )


if __name__ == "__main__":
    main()
