"""What the operator's extras cost: a backup and a restore of a database with many played
sessions (SQLite, and PostgreSQL when a URL is given), and the metrics per event.

    .venv/bin/python bench/bench_admin.py [--sessions 200] [postgresql://postgres@127.0.0.1/db]

The database is filled with ``--sessions`` sessions of 15 members who played every round
(two picks with a reason per voter per round: 6,300 picks per 15 sessions). Prints seconds
and bytes per step, the CPU time that counting one event costs with METRICS on (the
events loop's one call), and the load average.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from session_app.store import Member, Pick, Round, Store, TeamSession  # noqa: E402

MEMBERS = 15


def fill(url: str, sessions: int) -> None:
    store = Store(url)
    with store.engine.begin() as db:
        for n in range(sessions):
            sid = db.execute(
                insert(TeamSession).values(
                    team_name=f"Team {n}", join_code=f"{n:06d}", phase="development"
                )
            ).inserted_primary_key[0]
            ids = [
                db.execute(
                    insert(Member).values(session_id=sid, name=f"Lid {m}", token=f"t{n}-{m}")
                ).inserted_primary_key[0]
                for m in range(MEMBERS)
            ]
            picks = []
            for position, central in enumerate(ids):
                rid = db.execute(
                    insert(Round).values(
                        session_id=sid,
                        central_member_id=central,
                        position=position,
                        state="revealed",
                    )
                ).inserted_primary_key[0]
                for voter in ids:
                    if voter != central:
                        for slot, competency in enumerate(("lef", "netwerken")):
                            reason = "Een reden van een paar woorden, zoals leden ze schrijven."
                            picks.append(
                                {
                                    "round_id": rid,
                                    "voter_id": voter,
                                    "slot": slot,
                                    "competency": competency,
                                    "reason": reason,
                                }
                            )
            db.execute(insert(Pick), picks)
    store.engine.dispose()


def command(url: str, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "session_app", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - started


def startup() -> float:
    """A Python start with the app's imports, which every command pays."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import session_app.store"], cwd=ROOT, check=True)
    return time.perf_counter() - started


def backup_and_restore(label: str, used: str, fresh: str, folder: Path, sessions: int) -> None:
    fill(used, sessions)
    backup = folder / f"{label}.backup"
    made = command(used, "backup", str(backup))
    restored = command(fresh, "restore", str(backup))
    print(
        f"{label}: {sessions} sessions, backup {made:.1f} s ({backup.stat().st_size / 1e6:.1f} MB),"
        f" restore {restored:.1f} s (each with a Python start of {startup():.1f} s)"
    )


def metrics_cost(rounds: int = 20000) -> None:
    from session_app import config, create_app, metrics

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(config.TestingConfig(f"sqlite:///{folder}/m.db"))
        metrics.enable(app)
        answer = {"ok": True}
        started = time.process_time()
        for _ in range(rounds):
            metrics.answered("pick", answer, metrics.clock())
        cost = (time.process_time() - started) / rounds
        metrics.disable()
        app.extensions["store"].engine.dispose()
    print(f"metrics: {cost * 1e6:.1f} µs CPU per event counted and timed")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("postgres", nargs="?", help="URL of an empty scratch database")
    parser.add_argument("postgres_fresh", nargs="?", help="URL of another empty one")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        used, fresh = f"sqlite:///{folder}/used.db", f"sqlite:///{folder}/fresh.db"
        backup_and_restore("SQLite", used, fresh, Path(folder), args.sessions)
        if args.postgres and args.postgres_fresh:
            backup_and_restore(
                "PostgreSQL", args.postgres, args.postgres_fresh, Path(folder), args.sessions
            )
    metrics_cost()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
