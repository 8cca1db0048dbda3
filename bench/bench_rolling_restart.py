"""A rolling restart under load: what the phones notice.

    .venv/bin/python bench/bench_rolling_restart.py [--teams 16] [--members 8]
    .venv/bin/python bench/bench_rolling_restart.py --venue 1000

Two app processes behind nginx, Redis and PostgreSQL (deploy/local_cluster.py). Every team
has a facilitator's page, a projector and ``members`` phones; the phones pick again and
again (one pick at a time each, 0.5–1.5 s apart). Then each process in turn gets SIGTERM
(it lets its pages move and stops), is started again and is waited for until ``/ready``.
The pages are raw WebSocket clients that behave like static/js/live.js (tests/raw_pages.py).
Printed: the picks sent and how many got an answer, and the seconds from a page leaving
its stopping process until it had its snapshot again (the slowest page, and the median).

``--venue N``: one process without nginx, N phones on one address (a venue's Wi-Fi), the
process restarted: the seconds until every phone has its snapshot again.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "tests"), str(ROOT / "tests" / "ops")]

import local_cluster  # noqa: E402


def rolling(teams: int, members: int) -> None:
    from test_rolling_restart import CLUSTER_ENV, rolling_restart

    load = os.getloadavg()[0]
    cluster = local_cluster.Cluster(2, env=CLUSTER_ENV, show_upstream=False).start()
    started = time.monotonic()
    try:
        result = asyncio.run(rolling_restart(cluster, teams, members, pause=1.0))
    finally:
        cluster.stop()
    answers = result["answers"]
    answered = sum(1 for a in answers if a is not None)
    ok = answers.count({"ok": True})
    outages = sorted(result["outages"])
    print(f"2 processes, {teams} teams of {members} phones + facilitator + projector")
    print(
        f"picks sent: {len(answers)}, answered: {answered} ({ok} taken), "
        f"unanswered: {len(answers) - answered}"
    )
    print(
        f"pages: {result['pages']}, moved at least once: {result['moved']}; phones not "
        f"showing their last pick taken: {result['mismatched']}"
    )
    print(
        f"back after leaving: slowest {outages[-1]:.2f} s, median "
        f"{statistics.median(outages):.2f} s (over {len(outages)} moves)"
    )
    print(
        f"whole run {time.monotonic() - started:.0f} s; load average "
        f"{load:.2f} → {os.getloadavg()[0]:.2f}"
    )


def venue(phones: int) -> None:
    import test_venue_restart
    from browser_support import Server

    test_venue_restart.MEMBERS = 59
    test_venue_restart.TEAMS = -(-phones // 59)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "sessions.db").start()
        try:
            result = asyncio.run(test_venue_restart.venue(server))
        finally:
            server.stop()
    print(f"1 process, {result['pages']} phones on one address, restarted")
    print(
        f"every phone back {result['back_after']:.2f} s after the process was up again; "
        f"not back: {result['missing']}; refused as busy: {result['busy']}"
    )
    print(f"load average {load:.2f} → {os.getloadavg()[0]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=16)
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--venue", type=int, default=0, help="phones on one address")
    args = parser.parse_args()
    if args.venue:
        venue(args.venue)
    else:
        rolling(args.teams, args.members)
    return 0


if __name__ == "__main__":
    sys.exit(main())
