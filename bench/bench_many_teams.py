"""Many teams on one process: the app next to a bare Flask-SocketIO server, in one run.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/bench_many_teams.py
     (--quick for a short run; --app-dir DIR runs another checkout of the app, e.g. an
     older commit, against the same bare server)

Starts ``python -m session_app`` (eventlet, SQLite in a temporary folder) and
``bench/bare_server.py`` (the same emits to the same rooms, no database, no rules), then
drives each in turn with lightweight raw WebSocket clients that speak Engine.IO 4 /
Socket.IO 5 themselves: teams of 15 phones plus a screen and a host. Prints:

- CPU per pick: the server process's CPU time (user + system, from /proc) / picks, for
  round 1 and round 15 of teams of 15, app and bare, and the ratios;
- bytes per pick: what all clients of one team receive per pick (payload bytes, no
  compression), for teams of 15, 50 and 100;
- pick -> screen latency: 500 phones (teams of 15) each answering at a random moment within
  1 s; from sending a pick until the team's screen shows that member answered; p50/p99;
- kill -9 of the app with 750 phones connected, started again at once: when every page
  has its state again, and whether any acknowledged pick is missing (app only: the bare
  server keeps nothing);
- the load average before and after (the clients run on the same machine).

The app sends the screen, the host and the phones' progress at most one update per 50 ms
per session during a burst (its PUSH_WINDOW_MS); the bare server sends every one:
--push-window-ms 0 makes the app do the same, for the ratio without that.

One process accepts 1,024 connections by default (eventlet's; the app's CONNECTION_LIMIT):
--max-connections raises both servers' caps. The app's flood limits are lifted for the run.

Numbers, not a test: compare app and bare of the same run, never with another machine.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import itertools
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from websockets.asyncio.client import connect as ws_connect

ROOT = Path(__file__).resolve().parent.parent
PICKS = [
    [
        {"competency": "lef", "reason": "Durft in de vergadering door te vragen."},
        {"competency": "netwerken", "reason": "Kent iedereen bij de gemeente."},
    ],
    [
        {"competency": "samenwerken", "reason": "Maakt van losse mensen een ploeg."},
        {"competency": "communicatie", "reason": "Schrijft brieven die iedereen snapt."},
    ],
]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- a raw Socket.IO client ---------------------------------------------------------------


_addresses = itertools.count(1)


class Client:
    """One page's connection: Engine.IO 4 over WebSocket, Socket.IO 5 packets, no library.

    Counts the payload bytes it receives; ``on_event(name, raw)`` sees every event (``raw``
    is the JSON text, parsed only by those who need it).
    """

    def __init__(self, url: str, auth: dict, cookie: str | None = None, on_event=None):
        self.url, self.auth, self.cookie, self.on_event = url, auth, cookie, on_event
        self.bytes = 0
        self.first_state: dict | None = None
        self._acks: dict[int, asyncio.Future] = {}
        self._ids = itertools.count()
        self._ready: asyncio.Future | None = None
        self.ws = None
        self.task = None
        self.last_ping = time.monotonic()  # when the server last pinged (Engine.IO "2")
        self.ping_gap = 0.0  # the longest wait for a ping so far

    async def connect(self) -> None:
        # Each page from an address of its own, as phones behind one proxy (the app trusts
        # one proxy in this run): the app's per-address flood limits see phones, not a flood.
        n = next(_addresses)
        headers = {"X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.ws = await ws_connect(
            self.url,
            additional_headers=headers,
            compression=None,
            ping_interval=None,
            max_size=None,
            open_timeout=60,
        )
        opening = await self.ws.recv()
        assert opening.startswith("0"), opening
        self._ready = asyncio.get_running_loop().create_future()
        self.task = asyncio.create_task(self._read())
        await self.ws.send("40" + json.dumps(self.auth))
        await asyncio.wait_for(self._ready, 60)

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                self.bytes += len(message)
                if message == "2":
                    now = time.monotonic()
                    self.ping_gap = max(self.ping_gap, now - self.last_ping)
                    self.last_ping = now
                    await self.ws.send("3")
                elif message.startswith("42"):
                    name, raw = message[4:].split('"', 1)[0], message
                    if self.first_state is None and name == "state":
                        self.first_state = json.loads(message[2:])[1]
                        if not self._ready.done():
                            self._ready.set_result(True)
                    if self.on_event:
                        self.on_event(name, raw)
                elif message.startswith("43"):
                    digits = re.match(r"43(\d+)", message).group(1)
                    future = self._acks.pop(int(digits), None)
                    if future and not future.done():
                        future.set_result(json.loads(message[2 + len(digits) :])[0])
                elif message.startswith("44") and not self._ready.done():
                    self._ready.set_exception(ConnectionError(message))
        except websockets.ConnectionClosed:
            pass
        finally:
            if self._ready and not self._ready.done():
                self._ready.set_exception(ConnectionError("closed"))

    async def emit(self, event: str, data: dict) -> dict:
        ack = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack] = future
        await self.ws.send(f"42{ack}" + json.dumps([event, data]))
        return await asyncio.wait_for(future, 60)

    async def come_back(self, since: float) -> float:
        """Reconnect as socket.io-client does (about 1 s, then up to 3 s, randomised) until
        the server is back; the seconds from ``since`` until the page has its state."""
        delay = 1.0
        await asyncio.gather(self.task, return_exceptions=True)
        while True:
            await asyncio.sleep(delay * random.uniform(0.5, 1.5))
            try:
                self.first_state = None
                await self.connect()
                return time.perf_counter() - since
            except (OSError, ConnectionError, websockets.WebSocketException, TimeoutError):
                delay = min(delay * 2, 3.0)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)


# --- the two servers -------------------------------------------------------------------


@dataclass
class Team:
    screen: Client
    host: Client
    phones: dict[int, Client]  # by member id
    answered: dict[int, float] = field(default_factory=dict)  # member id -> when the screen saw
    screen_state: dict | None = None

    def everyone(self) -> list[Client]:
        return [self.screen, self.host, *self.phones.values()]


class Server:
    """A server process and how its teams are made."""

    name = "?"

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None
        self.ws_url = f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped: {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def cpu(self) -> float:
        return cpu_seconds(self.process.pid)

    def http(
        self, method: str, path: str, body: dict | None = None, cookie: str | None = None
    ) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request(method, path, urlencode(body or {}), headers)
        response = conn.getresponse()
        response.body = response.read()
        conn.close()
        if response.status in (307, 308):  # the same request at another address
            return self.http(method, response.getheader("Location"), body, cookie)
        return response

    async def make_team(self, size: int, on_screen) -> Team:
        raise NotImplementedError


def cookie(response: http.client.HTTPResponse, prefix: str) -> str:
    """The ``name=value`` of the cookie whose name starts with ``prefix``."""
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(prefix):
            return header.split(";")[0]
    raise RuntimeError(f"no {prefix} cookie: {response.status} {response.body[:200]!r}")


class App(Server):
    name = "app"

    def __init__(
        self,
        port: int,
        folder: Path,
        app_dir: Path,
        max_connections: int | None,
        push_window_ms: int | None = None,
    ):
        super().__init__(port)
        # None: the app's own CONNECTION_LIMIT (its default, or the environment's).
        cap = {} if max_connections is None else {"CONNECTION_LIMIT": str(max_connections)}
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
            "SECRET_KEY": "bench-only",
            "ASYNC_MODE": "eventlet",
            "PUBLIC_URL": f"http://127.0.0.1:{port}",
            "PYTHONPATH": str(app_dir),
            # Every client comes from this one address, and fast: lift the flood
            # limits that would refuse it (older checkouts ignore these).
            **cap,
            "CONNECTIONS_PER_ADDRESS": "0",
            "MAX_MEMBERS": "200",
            "JOINS_PER_SESSION_PER_MINUTE": "100000",
            "SESSIONS_PER_ADDRESS_PER_HOUR": "100000",
            "SESSIONS_PER_HOUR": "100000",
            "EVENTS_PER_10S": "100000",
            "EVENTS_PER_ADDRESS_PER_10S": "1000000",
            "TRUSTED_PROXIES": "1",
        }
        if push_window_ms is not None:
            self.env["PUSH_WINDOW_MS"] = str(push_window_ms)
        self.app_dir = app_dir
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "session_app", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=self.app_dir,
            env=self.env,
            stdout=subprocess.DEVNULL,
        )
        self.wait_until_up()

    async def make_team(self, size: int, on_screen) -> Team:
        created = await asyncio.to_thread(
            self.http, "POST", "/sessions", {"team_name": "Bench", "locale": "nl"}
        )
        public_id = created.getheader("Location").split("/")[2]
        host_cookie = cookie(created, "host_")
        page = await asyncio.to_thread(self.http, "GET", f"/s/{public_id}/host", cookie=host_cookie)
        screen_key = re.search(rb"/screen/([\w-]+)", page.body).group(1).decode()
        host = Client(self.ws_url, {"role": "host", "session": public_id}, host_cookie)
        await host.connect()
        code = host.first_state["join_code"]
        cookies = []
        for n in range(size):
            joined = await asyncio.to_thread(
                self.http, "POST", "/join", {"code": code, "name": f"Lid {n}"}
            )
            cookies.append(cookie(joined, "member_"))
        team = Team(screen=None, host=host, phones={})
        team.screen = Client(
            self.ws_url,
            {"role": "screen", "session": public_id, "key": screen_key},
            on_event=lambda name, raw: on_screen(team, name, raw),
        )
        await team.screen.connect()
        phones = [
            Client(self.ws_url, {"role": "member", "session": public_id}, cookie)
            for cookie in cookies
        ]
        await asyncio.gather(*(p.connect() for p in phones))
        team.phones = {p.first_state["me"]["id"]: p for p in phones}
        return team


class Bare(Server):
    name = "bare"

    def __init__(self, port: int, max_connections: int):
        super().__init__(port)
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "bare_server.py"),
                "--port",
                str(port),
                "--max-connections",
                str(max_connections),
            ],
            stdout=subprocess.DEVNULL,
        )
        self.wait_until_up()

    async def make_team(self, size: int, on_screen) -> Team:
        made = await asyncio.to_thread(self.http, "POST", f"/team?members={size}")
        info = json.loads(made.body)
        team = Team(screen=None, host=None, phones={})
        team.host = Client(self.ws_url, {"role": "host", "session": info["team"]})
        team.screen = Client(
            self.ws_url,
            {"role": "screen", "session": info["team"]},
            on_event=lambda name, raw: on_screen(team, name, raw),
        )
        team.phones = {
            m: Client(self.ws_url, {"role": "member", "session": info["team"], "member": m})
            for m in info["members"]
        }
        await asyncio.gather(*(c.connect() for c in team.everyone()))
        return team


# --- the script ------------------------------------------------------------------------


def on_screen(team: Team, name: str, raw: str) -> None:
    """The screen: note when it first shows each member as answered."""
    if name != "state":
        return
    state = json.loads(raw[2:])[1]
    team.screen_state = state
    now = time.perf_counter()
    for voter in (state.get("round") or {}).get("voters", []):
        if voter["answered"] and voter["id"] not in team.answered:
            team.answered[voter["id"]] = now


async def make_teams(server: Server, count: int, size: int) -> list[Team]:
    teams = []
    for start in range(0, count, 8):  # a few at a time: the listen backlog is small
        teams += await asyncio.gather(
            *(server.make_team(size, on_screen) for _ in range(start, min(count, start + 8)))
        )
    return teams


async def close_teams(teams: list[Team]) -> None:
    await asyncio.gather(*(c.close() for t in teams for c in t.everyone()))


def current_round(team: Team) -> dict:
    return team.screen_state["round"]


async def settle(teams: list[Team], picks: int) -> None:
    """Wait until every screen shows its round's answers, then a moment for the last sends."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(
            current_round(t)["answered_count"] == current_round(t)["voter_count"] for t in teams
        ):
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3 if picks else 0)


async def host_step(team: Team, event: str) -> None:
    before = team.screen_state["version"]
    ack = await team.host.emit(event, {"round_id": current_round(team)["id"]})
    assert ack.get("ok"), ack
    while team.screen_state["version"] == before:
        await asyncio.sleep(0.01)


async def pick_all(teams: list[Team], times: int = 1, concurrency: int = 32) -> int:
    """Every voter of every team answers (``times`` times, changing the answer)."""
    gate = asyncio.Semaphore(concurrency)
    count = 0

    async def one(team: Team, member: int, phone: Client, n: int) -> None:
        async with gate:
            ack = await phone.emit(
                "pick", {"round_id": current_round(team)["id"], "picks": PICKS[n % 2]}
            )
            assert ack.get("ok"), ack

    jobs = []
    for n in range(times):
        for team in teams:
            central = current_round(team)["central"]["id"]
            for member, phone in team.phones.items():
                if member != central:
                    jobs.append(one(team, member, phone, n))
                    count += 1
    await asyncio.gather(*jobs)
    return count


async def cpu_per_pick(server: Server, teams_count: int, rounds: int, times: int) -> dict:
    teams = await make_teams(server, teams_count, 15)
    for team in teams:
        await team.host.emit("start_rounds", {})
    await asyncio.sleep(0.5)
    result = {}
    for number in range(1, rounds + 1):
        measured = number in (1, rounds)
        before = server.cpu()
        picks = await pick_all(teams, times if measured else 1)
        await settle(teams, picks)
        if measured:
            result[number] = (server.cpu() - before) / picks * 1000
        if number < rounds:
            await asyncio.gather(*(host_step(t, "reveal") for t in teams))
            await asyncio.gather(*(host_step(t, "next_round") for t in teams))
    await close_teams(teams)
    return result


async def bytes_per_pick(server: Server, size: int) -> float:
    [team] = await make_teams(server, 1, size)
    await team.host.emit("start_rounds", {})
    await asyncio.sleep(0.3)
    for c in team.everyone():
        c.bytes = 0
    picks = await pick_all([team], concurrency=1)
    await settle([team], picks)
    total = sum(c.bytes for c in team.everyone())
    await close_teams([team])
    return total / picks


async def latency(server: Server, phones: int, within: float) -> tuple:
    """Every phone answers once at a random moment within ``within`` seconds."""
    teams = await make_teams(server, -(-phones // 15), 15)
    for team in teams:
        await team.host.emit("start_rounds", {})
    await asyncio.sleep(1.0)
    sent: dict[tuple[int, int], float] = {}
    rng = random.Random(7)

    async def one(team_no: int, team: Team, member: int, phone: Client) -> None:
        await asyncio.sleep(rng.uniform(0, within))
        sent[team_no, member] = time.perf_counter()
        ack = await phone.emit(
            "pick", {"round_id": current_round(team)["id"], "picks": PICKS[member % 2]}
        )
        assert ack.get("ok"), ack

    jobs = []
    for team_no, team in enumerate(teams):
        central = current_round(team)["central"]["id"]
        jobs += [one(team_no, team, m, p) for m, p in team.phones.items() if m != central]
    cpu, started = server.cpu(), time.perf_counter()
    await asyncio.gather(*jobs)
    await settle(teams, 0)
    busy, wall = server.cpu() - cpu, time.perf_counter() - started
    delays = sorted(teams[t].answered[m] - at for (t, m), at in sent.items())
    await close_teams(teams)
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    return statistics.median(delays) * 1000, p99 * 1000, len(delays), busy, wall


async def restart(app: App, phones: int) -> None:
    """kill -9 with ``phones`` phones connected, the app started again at once (as systemd
    would): how long until every page has its state again, and whether every acknowledged
    pick is in the picker's state."""
    teams = await make_teams(app, -(-phones // 15), 15)
    for team in teams:
        await team.host.emit("start_rounds", {})
    await asyncio.sleep(1.0)
    acknowledged = []  # (phone, competencies) of every pick the server confirmed
    for team in teams:
        central = current_round(team)["central"]["id"]
        voters = [(m, p) for m, p in team.phones.items() if m != central][:5]
        for member, phone in voters:
            ack = await phone.emit(
                "pick", {"round_id": current_round(team)["id"], "picks": PICKS[member % 2]}
            )
            assert ack.get("ok"), ack
            acknowledged.append((phone, [p["competency"] for p in PICKS[member % 2]]))
    clients = [c for team in teams for c in team.everyone()]
    app.process.kill()  # SIGKILL: no goodbye to anyone
    since = time.perf_counter()
    app.process.wait()
    back = asyncio.gather(*(c.come_back(since) for c in clients))
    app.start()
    up = time.perf_counter() - since
    times = sorted(await back)
    lost = sum(
        1
        for phone, chosen in acknowledged
        if [p["competency"] for p in phone.first_state["round"].get("my_picks", [])] != chosen
    )
    print(
        f"  {len(clients)} pages ({phones} phones): server up again after {up:.1f} s; "
        f"all back with their state after {times[-1]:.1f} s (p50 {times[len(times) // 2]:.1f}"
        f" s); acknowledged picks lost: {lost} of {len(acknowledged)}"
    )
    await close_teams(teams)


async def run(args) -> None:
    print(f"load average at start: {load()}  ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as folder:
        app = App(
            free_port(),
            Path(folder),
            Path(args.app_dir).resolve(),
            args.max_connections,
            args.push_window_ms,
        )
        bare = Bare(free_port(), args.max_connections)
        servers = [app, bare]
        print(f"app pid {app.process.pid}, bare pid {bare.process.pid}", flush=True)
        try:
            teams, rounds, times = (2, 3, 1) if args.quick else (args.teams, 15, args.times)
            if "cpu" in args.parts:
                await part_cpu(servers, teams, rounds, times)
            if "bytes" in args.parts:
                await part_bytes(servers, args.quick)
            if "restart" in args.parts:
                print(f"\nkill -9 of the app with {args.restart_phones} phones connected")
                await restart(app, args.restart_phones)
                print(f"  load average: {load()}")
            if "latency" in args.parts:
                phones, within = (60, 1.0) if args.quick else (args.phones, args.within)
                await part_latency(servers, phones, within)
        finally:
            for server in servers:
                server.stop()


async def part_cpu(servers: list[Server], teams: int, rounds: int, times: int) -> None:
    print(
        f"\nCPU per pick, {teams} teams of 15 (+ screen + host each), "
        f"{times} answer(s) per voter in the measured rounds"
    )
    cpu = {}
    for server in servers:
        cpu[server.name] = await cpu_per_pick(server, teams, rounds, times)
    for server in servers:
        first, last = cpu[server.name][1], cpu[server.name][rounds]
        print(
            f"  {server.name:>5}: round 1 {first:6.2f} ms   round {rounds} "
            f"{last:6.2f} ms   round {rounds}/round 1 {last / first:5.2f}"
        )
    for number in (1, rounds):
        print(f"  app/bare, round {number}: {cpu['app'][number] / cpu['bare'][number]:5.2f}")
    print(f"  load average: {load()}")


async def part_bytes(servers: list[Server], quick: bool) -> None:
    print("\nbytes received by all clients of one team per pick")
    for size in (15,) if quick else (15, 50, 100):
        sizes = {s.name: await bytes_per_pick(s, size) for s in servers}
        print(
            f"  {size:>3} members: app {sizes['app'] / 1024:7.1f} KB   "
            f"bare {sizes['bare'] / 1024:7.1f} KB   "
            f"per member: app {sizes['app'] / size:6.0f} B"
        )
    print(f"  load average: {load()}")


async def part_latency(servers: list[Server], phones: int, within: float) -> None:
    print(f"\npick -> screen, {phones} phones answering within {within:g} s")
    for server in servers:
        p50, p99, n, busy, wall = await latency(server, phones, within)
        print(
            f"  {server.name:>5}: p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   ({n} picks; "
            f"server CPU {busy:.1f} s in {wall:.1f} s)   load average: {load()}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small numbers, to try it out")
    parser.add_argument("--app-dir", default=str(ROOT), help="the checkout of the app to run")
    parser.add_argument(
        "--parts", default="cpu,bytes,latency,restart", help="which measurements, comma separated"
    )
    parser.add_argument("--teams", type=int, default=8, help="teams in the CPU measurement")
    parser.add_argument(
        "--times",
        type=int,
        default=2,
        help="answers per voter in the measured rounds of the CPU measurement",
    )
    parser.add_argument(
        "--restart-phones",
        type=int,
        default=750,
        help="phones connected when the app is killed (part 'restart'; "
        "teams of 15 plus screen and host must stay under eventlet's 1,024)",
    )
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--within", type=float, default=1.0)
    parser.add_argument(
        "--push-window-ms",
        type=int,
        default=None,
        help="the app's PUSH_WINDOW_MS (default: the app's own, 50): 0 sends "
        "every update at once, as the bare server does",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=1024,
        help="connections one process accepts, app and bare (eventlet's default is 1,024)",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
