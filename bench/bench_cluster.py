"""What a pick costs the app on one process with SQLite and on two processes behind nginx
with Redis and PostgreSQL (the cluster of deploy/local_cluster.py), in one run.

    .venv/bin/python bench/bench_cluster.py [--teams 16] [--members 8] [--seconds 20]
        [--setups sqlite,pg,cluster] [--before REF | --before-dir DIR] [--profile DIR]

Setups (``--setups``, in this order): ``sqlite``, one app process on SQLite without a message
queue; ``pg``, one process on PostgreSQL with Redis; ``cluster``, two processes on
PostgreSQL with Redis. All behind the same nginx. ``--before REF`` runs every setup also on
another commit (copied with ``git archive``), each before-run right before its after-run, so
that both see the same machine.

Every team has a host and ``members`` phones (raw WebSocket clients on one asyncio loop in
one load process, bench/loadgen.py: far cheaper than the server they load). Every page gets
its own route cookie from nginx, so on two processes a team is spread over both. Once the
rounds start, every phone that is not central sends its two picks again and again, each
time waiting for the server's answer, which comes after the change is stored and every
page of the team got its new snapshot. Counted: the answered picks per second, the app
processes' CPU time per pick and how many cores they kept busy, and the load average (the
load generator, nginx, Redis and PostgreSQL share the same cores; on a machine that other
work keeps busy, the app processes get less than a core each and the numbers say little).
The app's CPU per pick is the figure to compare: on two processes it should be at most
twice that of one process on SQLite.

``--profile DIR`` samples every app process with py-spy (``pip install py-spy``, which
brings a binary; root) during the measured seconds, writes the collapsed stacks into DIR
(for flamegraph.pl or speedscope) and prints the share of the samples that pass through
the app's main places (``PLACES``). py-spy counts a process that waits for a core as busy:
on a busy machine the shares still compare, the absolute times do not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "tests"), str(ROOT / "bench")]

import local_cluster  # noqa: E402

PAIRS = [
    [{"competency": "lef", "reason": "Durft"}, {"competency": "netwerken", "reason": "Kent ze"}],
    [{"competency": "samenwerken", "reason": "Helpt"}, {"competency": "lef", "reason": "Zegt"}],
]


@dataclass(frozen=True)
class Setup:
    label: str
    processes: int
    sqlite: bool = False  # else PostgreSQL, with Redis as the message queue


SETUPS = {
    "sqlite": Setup("1 process, SQLite", 1, sqlite=True),
    "pg": Setup("1 process, PostgreSQL + Redis", 1),
    "cluster": Setup("2 processes, PostgreSQL + Redis", 2),
}


class Url:
    def __init__(self, url: str):
        self.url = url


def load(pipe, url: str, teams: int, members: int, seconds: float, rate: float = 0) -> None:
    """The load process: make the teams, say so, then pick from the agreed moment on."""
    pipe.send(asyncio.run(_load(pipe, url, teams, members, seconds, rate)))


async def _load(pipe, url, teams, members, seconds, rate):
    from browser_support import create_session, join
    from loadgen import RawClient, socket_path

    via = Url(url)
    clients, pickers = [], []
    for t in range(teams):
        http, public_id = create_session(via)
        path = socket_path(url, public_id)
        host = await RawClient(
            url, dict(http.cookies), {"role": "host", "session": public_id}, path
        ).connect()
        clients.append(host)
        code = (await host.wait_for(lambda s: "join_code" in s))["join_code"]
        for m in range(members):
            phone = join(via, code, f"Lid{t}x{m}")
            pickers.append(
                await RawClient(
                    url, dict(phone.cookies), {"role": "member", "session": public_id}, path
                ).connect()
            )
        assert (await host.call("start_rounds", {})) == {"ok": True}
        clients += pickers[-members:]
    for c in pickers:  # every phone knows the open round
        await c.wait_for(lambda s: s.get("round") and s["round"]["state"] == "open")
    pipe.send("ready")
    start_at, measure_at, stop_at = pipe.recv()  # picks from start_at, counted from measure_at
    counts = [0] * len(pickers)
    refused = [0]
    latencies: list[float] = []

    async def pick_forever(i, client):
        n = 0
        state = await client.wait_for(lambda s: s.get("round") and s["round"]["state"] == "open")
        r = state["round"]
        if r["central"]["id"] == state["me"]["id"]:
            return  # the central member does not pick for themselves
        # With a rate: this phone's share of it, at evenly spread moments (a phone whose
        # answer came late picks again at once, it does not catch up).
        every = teams * (members - 1) / rate if rate else 0.0
        due = start_at + every * ((i * 0.618) % 1)
        while time.time() < stop_at:
            if every:
                await asyncio.sleep(max(0.0, due - time.time()))
                due = max(due + every, time.time())
            t0 = time.perf_counter()
            try:
                answer = await client.call("pick", {"round_id": r["id"], "picks": PAIRS[n % 2]})
            except TimeoutError:  # no answer in a minute: counted, not fatal
                answer = {"ok": False}
            if measure_at <= time.time() < stop_at:
                if answer.get("ok"):
                    counts[i] += 1
                    latencies.append(time.perf_counter() - t0)
                else:
                    refused[0] += 1
            n += 1

    async def measure():
        await asyncio.sleep(max(0.0, measure_at - time.time()))
        cpu0, messages0 = time.process_time(), sum(c.messages for c in clients)
        await asyncio.sleep(max(0.0, stop_at - time.time()))
        return time.process_time() - cpu0, sum(c.messages for c in clients) - messages0

    await asyncio.sleep(max(0.0, start_at - time.time()))
    _, (cpu, messages) = await asyncio.gather(
        asyncio.gather(*(pick_forever(i, c) for i, c in enumerate(pickers))), measure()
    )
    for c in clients:
        c.close()
    return sum(counts), latencies, cpu, refused[0], messages, sum(1 for n in counts if n)


def counters(cluster, setup: Setup) -> dict[str, int]:
    """PostgreSQL's and Redis's own counts: connections opened, transactions, commands."""
    import redis

    got = {}
    if not setup.sqlite:
        row = psql(
            "select sessions, xact_commit + xact_rollback from pg_stat_database "
            f"where datname = '{cluster.db.name}'"
        ).split("|")
        got["pg_connections"], got["pg_transactions"] = map(int, row)
        stats = redis.Redis(port=cluster.redis_port).info("stats")
        got["redis_connections"] = stats["total_connections_received"]
        got["redis_commands"] = stats["total_commands_processed"]
        for name, calls in redis.Redis(port=cluster.redis_port).info("commandstats").items():
            got["redis " + name.removeprefix("cmdstat_")] = calls["calls"]
    return got


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def psql(sql: str) -> str:
    """What PostgreSQL's superuser gets for ``sql`` (unaligned, tuples only)."""
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-Atc", sql],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    ).stdout.strip()


def backends(database: str) -> list[int]:
    """The PostgreSQL server processes that serve this database's connections."""
    out = psql(f"select pid from pg_stat_activity where datname = '{database}'")
    return [int(x) for x in out.split()]


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds(pid)
        except FileNotFoundError:
            pass
    return total


def with_children(pid: int) -> list[int]:
    kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, kids)]


CGROUP_CPU = Path("/sys/fs/cgroup/cpu")  # cgroup v1's cpu controller (root only)


def capped(pids: list[int], cores: float) -> list[Path]:
    """Give every one of ``pids`` a CPU quota of ``cores`` (a cgroup each)."""
    groups = []
    for pid in pids:
        group = CGROUP_CPU / f"teamkracht-bench-{pid}"
        group.mkdir(exist_ok=True)
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text(str(int(cores * 100000)))
        (group / "cgroup.procs").write_text(str(pid))
        groups.append(group)
    return groups


@contextlib.contextmanager
def app_from(folder: Path):
    """The cluster starts ``python -m session_app`` in ``local_cluster.ROOT``: here, the
    checkout to measure (this one, or the commit before)."""
    saved = local_cluster.ROOT
    local_cluster.ROOT = folder
    try:
        yield
    finally:
        local_cluster.ROOT = saved


# Where an app process's time goes, by the frames a sample passes through (a sample can
# count under several: "a live event" includes its database, limits and sending).
PLACES = {
    "a live event (events._run)": "_run (session_app/events.py",
    "  flood limits (Throttle.allow)": "Throttle.allow (",
    "  database (plain/read/replace_picks/touch, SQLAlchemy)": "sqlalchemy/",
    "  views (snapshots)": "session_app/snapshots.py",
    "  sending (broadcast.send)": "send (session_app/broadcast.py",
    "    publish to Redis": "_publish (socketio/redis_manager.py",
    "coalesced updates sent later (pushes._window)": "_window (session_app/pushes.py",
    "messages from Redis (listener)": "_thread (socketio/pubsub_manager.py",
    "writing to the pages' sockets (engineio writer)": "writer (engineio/socket.py",
    "reading the pages' sockets": "websocket_wait (engineio/socket.py",
    "JSON encoding": "json/encoder.py",
    "socket.io packets (Packet)": "socketio/packet.py",
    "Redis client (all)": "redis/",
    "psycopg waiting (green.py)": "wait_select (",
}


@contextlib.contextmanager
def profiled(pids: list[int], folder: Path | None, name: str, seconds: float):
    """py-spy samples every app process while the block runs (nothing without ``folder``):
    collapsed stacks in ``folder``, and the shares of ``PLACES`` printed."""
    spies = []
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for i, pid in enumerate(pids):
            out = folder / f"{name}-{i + 1}.txt"
            command = [shutil.which("py-spy") or "py-spy", "record", "--pid", str(pid)]
            command += ["--rate", "250", "--nonblocking", "--duration", str(int(seconds))]
            spies.append(
                (
                    out,
                    subprocess.Popen(
                        [*command, "--format", "raw", "--output", str(out)],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    ),
                )
            )
    try:
        yield
    finally:
        for out, spy in spies:
            try:
                spy.wait(timeout=30)
            except subprocess.TimeoutExpired:
                spy.send_signal(signal.SIGINT)
                spy.wait()
            if out.exists():
                print(f"  {out}:\n" + shares(out), flush=True)


def shares(collapsed: Path) -> str:
    """How many of the samples in ``collapsed`` (py-spy raw) pass through each of ``PLACES``."""
    total, counts = 0, dict.fromkeys(PLACES, 0)
    for line in collapsed.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():  # (a line py-spy cut off when it was stopped)
            continue
        total += int(n)
        for place, frame in PLACES.items():
            if frame in stack:
                counts[place] += int(n)
    return "\n".join(
        f"    {count / max(total, 1) * 100:5.1f} % {place}" for place, count in counts.items()
    )


def run(
    setup: Setup,
    teams: int,
    members: int,
    seconds: float,
    warmup: float,
    cores_per_process: float | None = None,
    profile: Path | None = None,
    name: str = "",
    rate: float = 0,
) -> dict:
    # Every client comes from this machine: lift the limits per address and per person,
    # which would otherwise (rightly) stop a "team" that picks nonstop.
    limits = {
        "CONNECTIONS_PER_ADDRESS": "0",
        "SESSIONS_PER_ADDRESS_PER_HOUR": "100000",
        "SESSIONS_PER_HOUR": "100000",
        "EVENTS_PER_10S": "100000",
        "EVENTS_PER_ADDRESS_PER_10S": "1000000",
        "JOINS_PER_SESSION_PER_MINUTE": "100000",
        "CONNECTION_LIMIT": "100000",
    }
    cluster = local_cluster.Cluster(
        setup.processes, show_upstream=False, env=limits, per_address=60000
    )
    if setup.sqlite:  # one process on its own database file, nothing shared
        cluster.extra_env.update(
            DATABASE_URL=f"sqlite:///{cluster.workdir / 'bench.db'}", MESSAGE_QUEUE=""
        )
    cluster.start()
    groups = (
        capped([p.pid for p in cluster.apps.values()], cores_per_process)
        if cores_per_process
        else []
    )
    try:
        ctx = multiprocessing.get_context("spawn")
        here, there = ctx.Pipe()
        loader = ctx.Process(target=load, args=(there, cluster.url, teams, members, seconds, rate))
        loader.start()
        if not here.poll(600) or here.recv() != "ready":
            raise RuntimeError("the load process did not get ready")
        start_at = time.time() + 0.5
        measure_at = start_at + warmup
        here.send((start_at, measure_at, measure_at + seconds))
        time.sleep(max(0.0, measure_at - time.time()))
        app_pids = [p.pid for p in cluster.apps.values()]
        cpu0 = cpu_of(app_pids)
        db_pids = [] if setup.sqlite else backends(cluster.db.name)
        db0 = cpu_of(db_pids)  # (connections opened later count whole, below)
        helper_pids = [*with_children(cluster.nginx.pid), cluster.redis.pid]
        helpers0 = cpu_of(helper_pids)
        counted0 = counters(cluster, setup)
        load0 = os.getloadavg()
        with profiled(app_pids, profile, name, seconds):
            time.sleep(seconds)
            cpu = cpu_of(app_pids) - cpu0
            later = [] if setup.sqlite else backends(cluster.db.name)
            db_cpu = cpu_of(db_pids) - db0 + cpu_of([p for p in later if p not in db_pids])
            helpers_cpu = cpu_of(helper_pids) - helpers0
            counted = {k: v - counted0.get(k, 0) for k, v in counters(cluster, setup).items()}
            load1 = os.getloadavg()
        if not here.poll(seconds + 120):
            raise RuntimeError("the load process did not finish")
        results = [here.recv()]
        loader.join(30)
        picks = sum(r[0] for r in results)
        lat = sorted(x for r in results for x in r[1])
        return {
            "setup": setup,
            "picks": picks,
            "refused": sum(r[3] for r in results),
            "messages_per_pick": sum(r[4] for r in results) / max(picks, 1),
            "phones": sum(r[5] for r in results),  # that had an answer in the counted time
            **{f"{k}_per_pick": v / max(picks, 1) for k, v in counted.items()},
            "per_second": picks / seconds,
            "cpu_ms_per_pick": cpu / max(picks, 1) * 1000,
            "app_cores": cpu / seconds,
            "db_ms_per_pick": db_cpu / max(picks, 1) * 1000,
            "helpers_ms_per_pick": helpers_cpu / max(picks, 1) * 1000,
            "load_ms_per_pick": sum(r[2] for r in results) / max(picks, 1) * 1000,
            "load_cores": sum(r[2] for r in results) / seconds,
            "p50_ms": lat[len(lat) // 2] * 1000 if lat else 0,
            "p99_ms": lat[int(len(lat) * 0.99)] * 1000 if lat else 0,
            "load": (load0, load1),
        }
    finally:
        cluster.stop()
        for group in groups:
            group.rmdir()  # empty: its process has ended


def show(label: str, r: dict) -> None:
    print(
        f"{label:>6} {r['setup'].label}: {r['per_second']:6.1f} picks/s "
        f"({r['picks']} picks from {r['phones']} phones, {r['refused']} refused), "
        f"app CPU {r['cpu_ms_per_pick']:.2f} ms/pick, "
        f"PostgreSQL {r['db_ms_per_pick']:.2f} ms/pick, "
        f"nginx+Redis {r['helpers_ms_per_pick']:.2f} ms/pick, "
        f"load generator {r['load_ms_per_pick']:.2f} ms/pick, "
        f"app busy {r['app_cores']:.2f} cores, load generator {r['load_cores']:.2f}, "
        f"answer p50 {r['p50_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, "
        f"load average {r['load'][0][0]:.2f} → {r['load'][1][0]:.2f}",
        flush=True,
    )
    per_pick = [f"{r['messages_per_pick']:.1f} messages to pages"]
    if "pg_transactions_per_pick" in r:
        per_pick += [
            f"{r['pg_transactions_per_pick']:.2f} PostgreSQL transactions",
            f"{r['pg_connections_per_pick']:.3f} PostgreSQL connections opened",
            f"{r['redis_commands_per_pick']:.1f} Redis commands",
            f"{r['redis_connections_per_pick']:.3f} Redis connections opened",
        ]
        commands = [
            f"{k.split(' ', 1)[1][: -len('_per_pick')]} {v:.2f}"
            for k, v in sorted(r.items(), key=lambda kv: -kv[1] if isinstance(kv[1], float) else 0)
            if k.startswith("redis ") and v >= 0.01
        ]
        per_pick.append("of them " + ", ".join(commands))
    print(f"{'':>6}   per pick: {', '.join(per_pick)}", flush=True)


def capacity(one: dict, two: dict) -> str:
    """What two idle cores would allow, from the CPU each pick needs: one process is bound
    by its own core; two by both cores shared with everything else a pick costs."""
    app1 = one["cpu_ms_per_pick"]
    rest1 = one["db_ms_per_pick"] + one["helpers_ms_per_pick"] + one["load_ms_per_pick"]
    rest2 = two["db_ms_per_pick"] + two["helpers_ms_per_pick"] + two["load_ms_per_pick"]
    cap1 = 1000 / max(app1, (app1 + rest1) / 2)
    cap2 = 2000 / (two["cpu_ms_per_pick"] + rest2)
    return (
        f"on two idle cores, from the CPU per pick: one process ≤ {cap1:.0f} picks/s, "
        f"two ≤ {cap2:.0f} picks/s, ratio ≤ {cap2 / cap1:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=16)
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--warmup",
        type=float,
        default=3,
        help="seconds of picks before counting (connections to PostgreSQL and Redis open)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="picks per second in all, spread evenly over the phones (default: as many as "
        "the app answers, each phone picking again as soon as it has its answer). At a rate "
        "every setup can keep up with, all setups get the same load: the same number of "
        "picks falls into each window in which updates to a room are combined",
    )
    parser.add_argument("--setups", default="sqlite,pg,cluster", help=f"any of {', '.join(SETUPS)}")
    parser.add_argument("--before", help="git commit or branch to run next to this checkout")
    parser.add_argument("--before-dir", help="an existing checkout instead of --before")
    parser.add_argument("--profile", type=Path, help="profile the app processes (py-spy) into DIR")
    parser.add_argument(
        "--cores-per-process",
        type=float,
        default=None,
        help="cap each app process at this many cores (cgroup v1 cpu quota; root). With 0.5, "
        "one process gets half a core and two get half a core each, and PostgreSQL, Redis, "
        "nginx and the load generator keep the rest: what a second process adds, when it "
        "gets cores of its own, without the shared machine deciding it",
    )
    args = parser.parse_args()
    if args.cores_per_process and not (CGROUP_CPU / "cpu.cfs_quota_us").exists():
        parser.error(f"--cores-per-process needs {CGROUP_CPU} (cgroup v1, as root)")
    setups = [SETUPS[name] for name in args.setups.split(",")]
    checkouts = [("now", ROOT)]
    copied = None
    if args.before_dir:
        checkouts.insert(0, ("before", Path(args.before_dir).resolve()))
    elif args.before:
        from bench_first_view import copy_of

        copied = copy_of(args.before)
        checkouts.insert(0, ("before", copied))
    print(
        f"cores: {os.cpu_count()}, teams: {args.teams} of {args.members} phones and a host, "
        f"{args.seconds:.0f} s of picks per run"
        + (f" at {args.rate:g} picks/s" if args.rate else "")
        + f"; load average at start {os.getloadavg()}"
    )
    if len(checkouts) > 1:
        print(f"before: {args.before_dir or args.before}; now: {ROOT}")
    if args.cores_per_process:
        print(f"each app process capped at {args.cores_per_process:g} cores")
    rows: dict[tuple[str, str], dict] = {}
    try:
        for key, setup in zip(args.setups.split(","), setups, strict=True):
            for label, folder in checkouts:
                with app_from(folder):
                    rows[label, key] = r = run(
                        setup,
                        args.teams,
                        args.members,
                        args.seconds,
                        args.warmup,
                        args.cores_per_process,
                        args.profile,
                        f"{label}-{key}",
                        args.rate,
                    )
                show(label, r)
    finally:
        if copied is not None:
            shutil.rmtree(copied, ignore_errors=True)
    print()
    for label, _folder in checkouts:
        got = {key: r for (lab, key), r in rows.items() if lab == label}
        if "sqlite" in got and "cluster" in got:
            ratio = got["cluster"]["cpu_ms_per_pick"] / max(got["sqlite"]["cpu_ms_per_pick"], 1e-9)
            print(f"{label:>6}: app CPU per pick, 2 processes : 1 on SQLite = {ratio:.2f}")
        if "pg" in got and "cluster" in got:
            speed = got["cluster"]["per_second"] / max(got["pg"]["per_second"], 1e-9)
            print(
                f"{label:>6}: picks/s 2 processes : 1 = {speed:.2f}; "
                + capacity(got["pg"], got["cluster"])
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
