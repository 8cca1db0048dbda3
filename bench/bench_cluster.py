"""Picks per second with one app process and with two, both behind nginx with Redis and
PostgreSQL (the cluster of deploy/local_cluster.py), in one run.

    .venv/bin/python bench/bench_cluster.py [--teams 16] [--members 8] [--seconds 20]

Every team has a host and ``members`` phones (raw WebSocket clients on one asyncio loop in
one load process, bench/loadgen.py: far cheaper than the server they load). Once the
rounds start, every phone that is not central sends its two picks again and again, each
time waiting for the server's answer, which comes after the change is stored and every
page of the team got its new snapshot. Counted: the answered picks per second, the app
processes' CPU time per pick and how many cores they kept busy, and the load average (the
load generator, nginx, Redis and PostgreSQL share the same cores; on a machine that other
work keeps busy, the app processes get less than a core each and the numbers say little).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "tests"), str(ROOT / "bench")]

import local_cluster  # noqa: E402

PAIRS = [
    [{"competency": "lef", "reason": "Durft"}, {"competency": "netwerken", "reason": "Kent ze"}],
    [{"competency": "samenwerken", "reason": "Helpt"}, {"competency": "lef", "reason": "Zegt"}],
]


class Url:
    def __init__(self, url: str):
        self.url = url


def load(pipe, url: str, teams: int, members: int, seconds: float) -> None:
    """The load process: make the teams, say so, then pick from the agreed moment on."""
    pipe.send(asyncio.run(_load(pipe, url, teams, members, seconds)))


async def _load(pipe, url, teams, members, seconds):
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
    start_at = pipe.recv()
    counts = [0] * len(pickers)
    latencies: list[float] = []
    stop_at = start_at + seconds

    async def pick_forever(i, client):
        n = 0
        state = await client.wait_for(lambda s: s.get("round") and s["round"]["state"] == "open")
        r = state["round"]
        if r["central"]["id"] == state["me"]["id"]:
            return  # the central member does not pick for themselves
        while time.time() < stop_at:
            t0 = time.perf_counter()
            answer = await client.call("pick", {"round_id": r["id"], "picks": PAIRS[n % 2]})
            if answer.get("ok") and time.time() < stop_at:
                counts[i] += 1
                latencies.append(time.perf_counter() - t0)
            n += 1

    await asyncio.sleep(max(0.0, start_at - time.time()))
    cpu0 = time.process_time()
    await asyncio.gather(*(pick_forever(i, c) for i, c in enumerate(pickers)))
    cpu = time.process_time() - cpu0
    for c in clients:
        c.close()
    return sum(counts), latencies, cpu


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backends(database: str) -> list[int]:
    """The PostgreSQL server processes that serve this database's connections."""
    out = subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            "psql",
            "-Atc",
            f"select pid from pg_stat_activity where datname = '{database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    ).stdout
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


def run(
    processes: int, teams: int, members: int, seconds: float, cores_per_process: float | None = None
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
        processes, show_upstream=False, env=limits, per_address=60000
    ).start()
    groups = (
        capped([p.pid for p in cluster.apps.values()], cores_per_process)
        if cores_per_process
        else []
    )
    try:
        ctx = multiprocessing.get_context("spawn")
        here, there = ctx.Pipe()
        loader = ctx.Process(target=load, args=(there, cluster.url, teams, members, seconds))
        loader.start()
        if not here.poll(600) or here.recv() != "ready":
            raise RuntimeError("the load process did not get ready")
        start_at = time.time() + 0.5
        here.send(start_at)
        time.sleep(max(0.0, start_at - time.time()))
        cpu0 = sum(cpu_seconds(p.pid) for p in cluster.apps.values())
        db_pids = backends(cluster.db.name)
        db0 = cpu_of(db_pids)  # (connections opened later count whole, below)
        helper_pids = [*with_children(cluster.nginx.pid), cluster.redis.pid]
        helpers0 = cpu_of(helper_pids)
        load0 = os.getloadavg()
        time.sleep(seconds)
        cpu = sum(cpu_seconds(p.pid) for p in cluster.apps.values()) - cpu0
        later = [p for p in backends(cluster.db.name) if p not in db_pids]
        db_cpu = cpu_of(db_pids) - db0 + cpu_of(later)
        helpers_cpu = cpu_of(helper_pids) - helpers0
        results = [here.recv()]
        loader.join(30)
        picks = sum(r[0] for r in results)
        lat = sorted(x for r in results for x in r[1])
        return {
            "processes": processes,
            "picks": picks,
            "per_second": picks / seconds,
            "cpu_ms_per_pick": cpu / max(picks, 1) * 1000,
            "app_cores": cpu / seconds,
            "db_ms_per_pick": db_cpu / max(picks, 1) * 1000,
            "helpers_ms_per_pick": helpers_cpu / max(picks, 1) * 1000,
            "load_ms_per_pick": sum(r[2] for r in results) / max(picks, 1) * 1000,
            "load_cores": sum(r[2] for r in results) / seconds,
            "p50_ms": lat[len(lat) // 2] * 1000 if lat else 0,
            "p99_ms": lat[int(len(lat) * 0.99)] * 1000 if lat else 0,
            "load": (load0, os.getloadavg()),
        }
    finally:
        cluster.stop()
        for group in groups:
            group.rmdir()  # empty: its process has ended


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=16)
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
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
    print(
        f"cores: {os.cpu_count()}, teams: {args.teams} of {args.members} phones and a host, "
        f"{args.seconds:.0f} s of picks per run; load average at start {os.getloadavg()}"
    )
    if args.cores_per_process:
        print(f"each app process capped at {args.cores_per_process:g} cores")
    rows = [run(n, args.teams, args.members, args.seconds, args.cores_per_process) for n in (1, 2)]
    for r in rows:
        print(
            f"{r['processes']} process(es): {r['per_second']:7.1f} picks/s "
            f"({r['picks']} picks), app CPU {r['cpu_ms_per_pick']:.1f} ms/pick, "
            f"PostgreSQL {r['db_ms_per_pick']:.1f} ms/pick, "
            f"nginx+Redis {r['helpers_ms_per_pick']:.1f} ms/pick, "
            f"load generator {r['load_ms_per_pick']:.1f} ms/pick, "
            f"app busy {r['app_cores']:.2f} cores, load generator {r['load_cores']:.2f}, "
            f"answer p50 {r['p50_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, "
            f"load average {r['load'][0][0]:.2f} → {r['load'][1][0]:.2f}"
        )
    print(f"ratio 2 : 1 = {rows[1]['per_second'] / max(rows[0]['per_second'], 1e-9):.2f}")
    # What two idle cores would allow, from the CPU each pick needs: one process is bound
    # by its own core; two by both cores shared with everything else a pick costs.
    one, two = rows
    app1 = one["cpu_ms_per_pick"]
    rest1 = one["db_ms_per_pick"] + one["helpers_ms_per_pick"] + one["load_ms_per_pick"]
    rest2 = two["db_ms_per_pick"] + two["helpers_ms_per_pick"] + two["load_ms_per_pick"]
    cap1 = 1000 / max(app1, (app1 + rest1) / 2)
    cap2 = 2000 / (two["cpu_ms_per_pick"] + rest2)
    print(
        f"on two idle cores, from the CPU per pick: one process ≤ {cap1:.0f} picks/s, "
        f"two ≤ {cap2:.0f} picks/s, ratio ≤ {cap2 / cap1:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
