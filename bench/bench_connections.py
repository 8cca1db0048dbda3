"""Connections one process holds: the app next to a bare Flask-SocketIO server, in one run.

Run: .venv/bin/python bench/bench_connections.py   (5,000 phones, 10 minutes)
     --phones 1000 --minutes 1 for a short run; --app-dir DIR runs another checkout.

Starts ``python -m session_app`` (eventlet, SQLite in a temporary folder, the flood limits
lifted as in bench_many_teams.py, but its own CONNECTION_LIMIT and IDLE_TIMEOUT) and
``bench/bare_server.py``. Connects N phones to the app, then N to the bare server, in teams
of 15 with a screen and a host each, as real sessions are; then holds every connection of
both servers at once for M minutes, answering Engine.IO pings only (both ping every 10 s,
ping timeout 20 s): idle phones. Prints per server:

- the connections held (and refused while connecting);
- the server's RSS (VmRSS) after a warm-up team, with everyone connected, and at the end;
  per connection in KB;
- drops during the hold: a connection that closed, or that waited more than 30 s for a ping;
- the server's CPU seconds during the hold; the load average at start and end.

Both servers start with a soft limit of 1,024 open files, as most systems give a process,
and raise it themselves. Every client runs in this process, on one asyncio loop (raw
Engine.IO/Socket.IO clients from bench_many_teams.py); it raises its own limit on open files
to the hard limit.

Numbers, not a test: compare app and bare of the same run, never with another machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_many_teams import (  # noqa: E402
    ROOT,
    App,
    Bare,
    Client,
    Server,
    Team,
    close_teams,
    cpu_seconds,
    free_port,
    load,
    make_teams,
    on_screen,
)

TEAM = 15  # phones per team; each team also has a screen and a host
PAGES_PER_TEAM = TEAM + 2
NO_PING = 30.0  # seconds without a ping that count as a drop (ping every 10 s)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def files_limit(pid: int) -> str:
    """The soft limit on open files a process runs with."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            return line.split()[3]
    return "?"


def raise_own_open_files(needed: int) -> str:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    note = "" if soft < 0 or soft >= needed else f"  TOO FEW: {needed} needed"
    return f"clients' open files: {soft} (hard {hard}), {needed} needed{note}"


class Held:
    """One server's teams and what was measured on it."""

    def __init__(self, server: Server):
        self.server = server
        self.teams: list[Team] = []
        self.refused = 0  # pages of teams that could not connect
        self.rss: dict[str, int] = {}
        self.files = 0
        self.cpu = 0.0
        self.closed_before = 0  # closed between connecting and the hold

    def clients(self) -> list[Client]:
        return [c for t in self.teams for c in t.everyone()]

    def measure(self, moment: str) -> None:
        self.rss[moment] = rss_kb(self.server.process.pid)

    def status(self, now: float) -> tuple[int, int, int]:
        """(open, closed, without a ping for too long) among the connected pages."""
        closed = stale = 0
        for c in self.clients():
            if c.task.done():
                closed += 1
            elif c.ping_gap > NO_PING or now - c.last_ping > NO_PING:
                stale += 1
        return len(self.clients()) - closed - stale, closed, stale


async def warm_up(server: Server) -> None:
    """One team made and closed: imports, templates and the database are in memory."""
    await close_teams(await make_teams(server, 1, TEAM))
    await asyncio.sleep(2)


async def connect(held: Held, teams: int) -> None:
    started = time.perf_counter()
    for start in range(0, teams, 8):  # a few teams at a time, as make_teams does
        batch = min(teams, start + 8) - start
        made = await asyncio.gather(
            *(held.server.make_team(TEAM, on_screen) for _ in range(batch)), return_exceptions=True
        )
        for team in made:
            if isinstance(team, BaseException):
                held.refused += PAGES_PER_TEAM
                if held.refused == PAGES_PER_TEAM:
                    print(f"  {held.server.name}: a team could not connect: {team!r}", flush=True)
            else:
                held.teams.append(team)
        done = min(teams, start + 8)
        if done % 80 == 0 or done == teams:
            print(
                f"  {held.server.name}: {done * TEAM} phones in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )


async def run(args) -> None:
    teams = -(-args.phones // TEAM)
    pages = teams * PAGES_PER_TEAM
    print(raise_own_open_files(2 * pages + 200))
    print(
        f"{teams} teams of {TEAM} phones + screen + host: {teams * TEAM} phones, "
        f"{pages} connections per server; hold {args.minutes:g} min"
    )
    print(f"load average at start: {load()}  ({os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        held: list[Held] = []
        try:
            with stock_files_limit():
                held.append(
                    Held(
                        App(
                            free_port(),
                            Path(folder),
                            Path(args.app_dir).resolve(),
                            args.connection_limit,
                        )
                    )
                )
                held.append(Held(Bare(free_port(), pages + 1000)))
            app, bare = (h.server.process.pid for h in held)
            print(
                f"app pid {app}, bare pid {bare}; started with 1024 open files, they "
                f"raised it to: app {files_limit(app)}, bare {files_limit(bare)}",
                flush=True,
            )
            for h in held:  # the app first, then bare; then both are held at once
                await warm_up(h.server)
                h.measure("before")
                await connect(h, teams)
                await asyncio.sleep(2)
                h.measure("connected")
                h.files = open_files(h.server.process.pid)
            await hold(held, args.minutes)
            for h in held:
                h.measure("end")
            report(held, args.minutes)
        finally:
            for h in held:
                h.server.stop()


@contextlib.contextmanager
def stock_files_limit():
    """Servers started in here get the soft limit most systems give a process (1,024 open
    files): they must raise it themselves, as on a stock machine."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024 if hard < 0 else min(1024, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


async def hold(held: list[Held], minutes: float) -> None:
    now = time.monotonic()
    for h in held:
        for c in h.clients():
            c.ping_gap, c.last_ping = 0.0, now  # count from the start of the hold
        h.closed_before = sum(1 for c in h.clients() if c.task.done())
        h.cpu = -cpu_seconds(h.server.process.pid)
    started = time.monotonic()
    end = started + minutes * 60
    next_line = started + 60
    while time.monotonic() < end:
        await asyncio.sleep(min(5.0, max(0.0, end - time.monotonic())))
        now = time.monotonic()
        if now >= next_line or now >= end:
            next_line += 60
            parts = []
            for h in held:
                up, closed, stale = h.status(now)
                parts.append(
                    f"{h.server.name} {up} open, {closed} closed, {stale} no ping, "
                    f"RSS {rss_kb(h.server.process.pid) / 1024:.0f} MB"
                )
            print(
                f"  {(now - started) / 60:4.1f} min: " + "; ".join(parts) + f"; load {load()}",
                flush=True,
            )
    for h in held:
        h.cpu += cpu_seconds(h.server.process.pid)


def report(held: list[Held], minutes: float) -> None:
    now = time.monotonic()
    print(f"\nload average at end: {load()}")
    print(f"held {minutes:g} min, idle (Engine.IO pings only)")
    for h in held:
        name = h.server.name
        connected = len(h.clients())
        up, closed, stale = h.status(now)
        drops = closed - h.closed_before + stale
        alive = "running" if h.server.process.poll() is None else "STOPPED"
        before, after, end = h.rss["before"], h.rss["connected"], h.rss["end"]
        print(
            f"  {name:>4}: connections held {up} of {connected + h.refused} "
            f"(refused while connecting {h.refused}, closed before the hold "
            f"{h.closed_before}); drops during the hold {drops} ({closed - h.closed_before}"
            f" closed, {stale} without a ping > {NO_PING:.0f} s); server {alive}"
        )
        print(
            f"        RSS before {before / 1024:.1f} MB, connected {after / 1024:.1f} MB, "
            f"end {end / 1024:.1f} MB; per connection {(after - before) / connected:.1f} KB"
            f" connected, {(end - before) / connected:.1f} KB at the end; open files "
            f"{h.files}; CPU during the hold {h.cpu:.1f} s"
        )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"  clients (this process): CPU {usage.ru_utime + usage.ru_stime:.0f} s, "
        f"peak RSS {usage.ru_maxrss / 1024:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=5000, help="phones per server")
    parser.add_argument("--minutes", type=float, default=10, help="how long to hold them")
    parser.add_argument("--app-dir", default=str(ROOT), help="the checkout of the app to run")
    parser.add_argument(
        "--connection-limit",
        type=int,
        default=None,
        help="the app's CONNECTION_LIMIT (default: the app's own default)",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
