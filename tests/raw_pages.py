"""Many live pages, cheaply: raw WebSocket clients on one asyncio loop that behave like
``static/js/live.js`` where it matters when servers stop, freeze or restart.

Like the pages, each one:
- connects again by itself when its connection breaks (after a short pause), and again
  when a connect is refused for now ("busy", "unavailable", a 503);
- when told to ``move`` (the server is stopping), leaves at a random moment within the time
  given, once every action it sent has its answer, and connects again;
- sends an action once more after reconnecting when its connection broke before the
  answer came (a pick replaces the earlier one).

It records what a test asserts: every answer, and for every time it was cut off, how long
until it had its snapshot again (``outages``). Speaks just enough Engine.IO 4 / Socket.IO 5
(open, connect with auth, ping/pong, events, acknowledgements); used by tests/ops and by
bench/bench_rolling_restart.py.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from urllib.parse import urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Message,
    Ping,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)

PERMANENT = {"unauthorized", "gone"}  # refusals a page does not retry
CONNECT_TIMEOUT = 12  # seconds, as live.js: a connect not confirmed by then is tried again
RESEND_WITHIN = 30  # seconds an unanswered action waits for the connection to come back


class Refused(Exception):
    pass


class RawPage:
    """One page of ``auth["role"]`` in session ``auth["session"]``, through ``url``."""

    def __init__(self, url: str, cookies: dict, auth: dict, *, retry: float = 0.3):
        self.url, self.cookies, self.auth = url, cookies, auth
        self.path = f"/s/{auth['session']}/socket.io/"
        self.retry = retry
        self.state: dict | None = None
        self.changed = asyncio.Event()
        self.connected = asyncio.Event()
        self.moving = False
        self.closed = False
        self.connects = 0
        self.refusals: list[str] = []
        self.moves = 0
        self.outages: list[float] = []  # seconds from losing the connection to a snapshot
        self.lost_at: float | None = None
        self.log: list[tuple[float, str]] = []  # (when, what) for every connection that ended
        self.noticed: list[float] = []  # when the server was taken for dead (no ping)
        self.versions: list[tuple[float, dict]] = []  # (when, view) of every view shown
        self._heard = time.monotonic()
        self._silence = 30.0
        self._acks: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._unanswered = 0
        self._settled = asyncio.Event()
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task | None = None
        self._buffer = ""

    # --- the connection --------------------------------------------------------------

    async def start(self, timeout: float = 30) -> RawPage:
        """Connect (retrying while refused for now); returns once the first one is up."""
        self._task = asyncio.ensure_future(self._run())
        up = asyncio.ensure_future(self.connected.wait())
        await asyncio.wait([up, self._task], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if not up.done():
            up.cancel()
            if self._task.done():
                self._task.result()  # refused for good: raises Refused
            raise TimeoutError("not connected in time")
        return self

    async def _run(self) -> None:
        while not self.closed:
            try:
                await self._connect_once()
                self.log.append((time.monotonic(), "closed"))
            except Refused as error:
                self.log.append((time.monotonic(), f"refused {error}"))
                if str(error) in PERMANENT:
                    self.closed = True
                    raise
            except (OSError, asyncio.IncompleteReadError, ConnectionError) as error:
                self.log.append((time.monotonic(), repr(error)))
            if self.closed:
                return
            if self.connects and self.lost_at is None:  # it was up: cut off from now on
                self.lost_at = time.monotonic()
            self.connected.clear()
            self._fail_acks()
            await asyncio.sleep(self.retry * (0.5 + random.random()))

    async def _connect_once(self) -> None:
        parts = urlsplit(self.url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        self._writer = writer
        ws = WSConnection(ConnectionType.CLIENT)
        self._ws = ws
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        writer.write(
            ws.send(
                Request(
                    host=parts.netloc,
                    target=f"{self.path}?EIO=4&transport=websocket",
                    extra_headers=[(b"cookie", cookie.encode())],
                )
            )
        )
        opening = asyncio.get_running_loop().call_later(
            CONNECT_TIMEOUT, lambda: None if self.connected.is_set() else writer.close()
        )
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    return
                ws.receive_data(data)
                for event in ws.events():
                    if isinstance(event, TextMessage):
                        self._buffer += event.data
                        if event.message_finished:
                            packet, self._buffer = self._buffer, ""
                            self._packet(packet)
                    elif isinstance(event, Ping):
                        writer.write(ws.send(event.response()))
                    elif isinstance(event, CloseConnection):
                        return
                    elif isinstance(event, (RejectConnection, RejectData)):
                        raise Refused(str(getattr(event, "status_code", "rejected")))
                    elif isinstance(event, AcceptConnection):
                        pass
        finally:
            opening.cancel()
            self._writer = None
            writer.close()

    def _text(self, text: str) -> None:
        if self._writer is None:
            raise ConnectionError("not connected")
        self._writer.write(self._ws.send(Message(data=text)))

    def _packet(self, packet: str) -> None:
        kind = packet[:1]
        self._heard = time.monotonic()
        if kind == "0":  # Engine.IO open: connect to the default namespace with auth
            opened = json.loads(packet[1:])
            self._silence = (opened["pingInterval"] + opened["pingTimeout"]) / 1000
            self._watch = asyncio.ensure_future(self._watchdog(self._writer))
            self._text("40" + json.dumps(self.auth))
        elif kind == "2":  # Engine.IO ping
            self._text("3")
        elif packet.startswith("40"):
            self.log.append((time.monotonic(), "connected"))
            self.connects += 1
            self.moving = False
            self.connected.set()
        elif packet.startswith("42"):
            name, data = json.loads(packet[2:])[:2]
            if name in ("state", "progress"):
                self._state(name, data)
            elif name == "move":
                self.moves += 1
                asyncio.ensure_future(self._move(float(data.get("within", 0))))
        elif packet.startswith("43"):
            bracket = packet.index("[")
            future = self._acks.pop(int(packet[2:bracket]), None)
            if future is not None and not future.done():
                future.set_result(json.loads(packet[bracket:])[0])
        elif packet.startswith("44"):
            message = json.loads(packet[2:]).get("message", "")
            self.refusals.append(message)
            raise Refused(message)

    def _state(self, name: str, data: dict) -> None:
        # As progress.js: a snapshot counts when it is not older than the last whole one
        # shown; newer counts merged on the view stay on it.
        if name == "state":
            whole = self.state.get("whole_version", self.state["version"]) if self.state else -1
            if data["version"] >= whole or self.lost_at:
                counted = (self.state or {}).get("progress")
                self.state = {**data, "whole_version": data["version"]}
                if counted and counted["version"] > data["version"] and not self.lost_at:
                    self.state.update(progress=counted, version=counted["version"])
        elif self.state is not None and data.get("version", 0) > self.state["version"]:
            self.state = {**self.state, "progress": data, "version": data["version"]}
        if self.state is not None:
            self.versions.append((time.monotonic(), self.state))
        if self.lost_at is not None and name == "state":
            self.outages.append(time.monotonic() - self.lost_at)
            self.lost_at = None
        self.changed.set()

    async def _move(self, within: float) -> None:
        await asyncio.sleep(random.random() * within)
        self.moving = True
        if self._unanswered:
            self._settled.clear()
            try:
                await asyncio.wait_for(self._settled.wait(), 5)
            except TimeoutError:
                pass
        if self._writer is not None:
            self.lost_at = time.monotonic()
            self._writer.close()  # _run connects again

    async def _watchdog(self, writer) -> None:
        """Like the Socket.IO client: a server not heard from for its ping interval plus its
        ping timeout is taken for dead; the connection is dropped and made again."""
        while self._writer is writer:
            await asyncio.sleep(max(0.1, self._heard + self._silence - time.monotonic()))
            if self._writer is writer and time.monotonic() - self._heard > self._silence:
                self.noticed.append(time.monotonic())
                writer.close()
                return

    def _fail_acks(self) -> None:
        for future in self._acks.values():
            if not future.done():
                future.set_exception(ConnectionError("disconnected"))
        self._acks.clear()

    # --- what a test does ------------------------------------------------------------

    async def call(self, event: str, data: dict, timeout: float = 10) -> dict | None:
        """Send an action like live.js: wait for the connection while moving (or before the
        first one), send it once more after reconnecting if the connection broke first.
        None: no answer (the page would say "not sent")."""
        for attempt in range(2):
            if self.moving or not self.connected.is_set() or attempt:
                try:
                    await asyncio.wait_for(self._up(), RESEND_WITHIN if attempt else 10)
                except TimeoutError:
                    return None
            ack = next(self._ids)
            future = asyncio.get_running_loop().create_future()
            self._acks[ack] = future
            self._unanswered += 1
            try:
                self._text(f"42{ack}" + json.dumps([event, data]))
                return await asyncio.wait_for(future, timeout)
            except (ConnectionError, TimeoutError):
                self._acks.pop(ack, None)
            finally:
                self._unanswered -= 1
                if not self._unanswered:
                    self._settled.set()
        return None

    async def _up(self) -> None:
        while self.moving or not self.connected.is_set():
            await asyncio.sleep(0.02)

    async def wait_for(self, check, timeout: float = 30) -> dict:
        async def loop():
            while self.state is None or not _holds(check, self.state):
                self.changed.clear()
                await self.changed.wait()
            return self.state

        return await asyncio.wait_for(loop(), timeout)

    def since(self, check) -> float | None:
        """When this page first showed a view for which ``check`` holds (None: not yet)."""
        return next((when for when, view in self.versions if _holds(check, view)), None)

    def close(self) -> None:
        self.closed = True
        if self._writer is not None:
            self._writer.close()
        if self._task is not None:
            self._task.cancel()


def _holds(check, state: dict) -> bool:
    try:
        return bool(check(state))
    except (KeyError, TypeError):
        return False


# --- a team of pages -----------------------------------------------------------------

PAIRS = [
    [{"competency": "lef", "reason": "Durft"}, {"competency": "netwerken", "reason": "Kent ze"}],
    [{"competency": "samenwerken", "reason": "Helpt"}, {"competency": "lef", "reason": "Zegt"}],
]


class Team:
    """A session with its facilitator's page, its projector and ``members`` phones."""

    def __init__(self, host: RawPage, screen: RawPage, phones: list[RawPage]):
        self.host, self.screen, self.phones = host, screen, phones

    @property
    def pages(self) -> list[RawPage]:
        return [self.host, self.screen, *self.phones]

    def pickers(self) -> list[RawPage]:
        """The phones that pick in the open round (not its central member)."""
        central = self.host.state["round"]["central"]["id"]
        return [p for p in self.phones if p.state["me"]["id"] != central]


def _http(url: str):
    import requests

    return requests.Session()


async def make_team(url: str, members: int, name: str = "Team") -> Team:
    """Open a session through ``url``, join ``members`` phones, start the rounds."""
    import re

    def create():
        http = _http(url)
        created = http.post(f"{url}/sessions", data={"team_name": name}, timeout=30)
        created.raise_for_status()
        public_id = re.search(r"/s/([\w-]+)/host", created.url).group(1)
        key = re.search(r"/screen/([\w-]+)", created.text).group(1)
        return http, public_id, key

    def join(code: str, n: int):
        http = _http(url)
        answer = http.post(f"{url}/join", data={"code": code, "name": f"{name} {n}"}, timeout=30)
        answer.raise_for_status()
        return dict(http.cookies)

    http, public_id, key = await asyncio.to_thread(create)
    host = await RawPage(url, dict(http.cookies), {"role": "host", "session": public_id}).start()
    screen = await RawPage(
        url, dict(http.cookies), {"role": "screen", "session": public_id, "key": key}
    ).start()
    code = (await host.wait_for(lambda s: "join_code" in s))["join_code"]
    phones = []
    for n in range(members):
        cookies = await asyncio.to_thread(join, code, n)
        phones.append(await RawPage(url, cookies, {"role": "member", "session": public_id}).start())
    await host.wait_for(lambda s: len(s["members"]) == members)
    assert (await host.call("start_rounds", {})) == {"ok": True}
    for page in [host, *phones]:
        await page.wait_for(lambda s: s["round"]["state"] == "open")
    return Team(host, screen, phones)


class Picking:
    """Every picker of ``teams`` picks again and again (one pick at a time each, ``pause``
    seconds apart) until ``stop()``; keeps every answer, in order, per phone."""

    def __init__(self, teams: list[Team], pause: float = 0.3):
        self.pause = pause
        self.pickers = [(team, phone) for team in teams for phone in team.pickers()]
        self.answers: dict[int, list[tuple[int, dict | None]]] = {
            id(p): [] for _, p in self.pickers
        }
        self.times: dict[int, list[float]] = {id(p): [] for _, p in self.pickers}  # of answers
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    def start(self) -> Picking:
        self._tasks = [asyncio.ensure_future(self._pick(t, p)) for t, p in self.pickers]
        return self

    async def _pick(self, team: Team, phone: RawPage) -> None:
        round_id = team.host.state["round"]["id"]
        n = 0
        await asyncio.sleep(random.random() * self.pause)
        while not self._stop.is_set():
            answer = await phone.call("pick", {"round_id": round_id, "picks": PAIRS[n % 2]})
            self.answers[id(phone)].append((n % 2, answer))
            self.times[id(phone)].append(time.monotonic())
            n += 1
            await asyncio.sleep(self.pause * (0.5 + random.random()))

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    def all_answers(self) -> list[dict | None]:
        return [answer for answers in self.answers.values() for _, answer in answers]

    def answers_between(self, start: float, end: float, phone: RawPage | None = None) -> list:
        """The answers that came from ``start`` to ``end`` (``time.monotonic()``), of
        ``phone`` or of every phone."""
        phones = [id(phone)] if phone else list(self.answers)
        return [
            answer
            for key in phones
            for when, (_, answer) in zip(self.times[key], self.answers[key], strict=True)
            if start <= when <= end
        ]

    def last_pair(self, phone: RawPage) -> list[dict]:
        """The picks of the last pick of ``phone`` that was taken ([]: none was)."""
        answered = [n for n, answer in self.answers[id(phone)] if answer == {"ok": True}]
        return PAIRS[answered[-1]] if answered else []
