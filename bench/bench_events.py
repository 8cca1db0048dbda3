"""How long one answer takes to store and push, in process, and where that time goes.

Run: .venv/bin/python bench/bench_events.py [--profile] [members ...]
For each team size: a session with a screen, a host and every member connected (Flask-
SocketIO test clients on the threading server, SQLite file, the tests' ``Actions`` helper),
then every voter sends an answer, several times. Prints the time per answer (store +
snapshot for every audience, no network) and, in a second run, the peak Python memory
allocated while the answers come in (tracemalloc). ``--profile`` prints where a pick's
time goes (cProfile, the 25 functions with the most own time).

The network's part is in bench_many_teams.py; this one shows the app's own work alone.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers import Actions  # noqa: E402  (the tests' helper: join, connect, pick)

from session_app import create_app  # noqa: E402
from session_app.config import TestingConfig  # noqa: E402

ANSWERS_PER_VOTER = 4


def run(members: int, *, trace: bool = False, profile: cProfile.Profile | None = None):
    with tempfile.TemporaryDirectory() as folder:
        # Measure the work, not the flood protection.
        app = create_app(
            TestingConfig(
                f"sqlite:///{Path(folder) / 'bench.db'}",
                EVENTS_PER_10S=10**9,
                MAX_MEMBERS=1000,
                JOINS_PER_SESSION_PER_MINUTE=10**9,
            )
        )
        actions = Actions(app)
        team = actions.team([f"Lid {n}" for n in range(members)], locale="nl")
        assert team.host_act("start_rounds") == {"ok": True}
        current = team.load().current_round
        round_id, central = current.id, current.central_member_id
        team.flush()
        voters = [sock for member_id, sock in team.phones.items() if member_id != central]

        if trace:
            tracemalloc.start()
        if profile:
            profile.enable()
        timings = []
        for n in range(ANSWERS_PER_VOTER):
            chosen = ("lef", "netwerken") if n % 2 else ("samenwerken", "communicatie")
            for sock in voters:
                started = time.perf_counter()
                result = Actions.pick(sock, round_id, chosen, "Durft van alles te vragen.")
                timings.append(time.perf_counter() - started)
                assert result == {"ok": True}, result
            team.flush()
        if profile:
            profile.disable()
        peak = 0
        if trace:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        actions.close()
        app.extensions["store"].engine.dispose()
        return statistics.median(timings), max(timings), peak / 2**20


def main(argv: list[str]) -> None:
    profiling = "--profile" in argv
    sizes = [int(a) for a in argv if a != "--profile"] or [5, 10, 20, 40]
    print(f"{'members':>8} {'median ms/answer':>17} {'max ms':>8} {'peak MiB':>9}")
    for members in sizes:
        run(members)  # warm up: imports, compiled statements, caches
        median, worst, _ = run(members)  # tracemalloc slows Python down
        _, _, peak = run(members, trace=True)
        print(f"{members:>8} {median * 1000:>17.2f} {worst * 1000:>8.1f} {peak:>9.1f}")
    if profiling:
        profile = cProfile.Profile()
        run(sizes[-1], profile=profile)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main(sys.argv[1:])
