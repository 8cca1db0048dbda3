"""The first view of a page on a slow phone on a crowded Wi-Fi: this checkout against another
(by default ``main``), both servers running at once, in one run.

Run: .venv/bin/python bench/bench_first_view.py            (3 loads of each; --repeat N)
     --before REF   the git commit or branch to compare with (copied with ``git archive``
                    into a temporary folder, with this checkout's node_modules);
     --before-dir DIR  an existing checkout instead.

Each server (``python -m session_app``, eventlet, SQLite in a temporary folder) gets one team
of 15 members in round 1, with 5 answers in. Chromium (Playwright, /usr/bin/chromium) then
opens, through the DevTools protocol's emulation:

- the CPU slowed 4× (Emulation.setCPUThrottlingRate);
- the network at 400 ms round trip / 400 kbit/s, and at 150 ms / 1.6 Mbit/s both ways
  (Network.emulateNetworkConditions);

the member's page (390 px wide), the projector and the facilitator's page (1280×720): cold
(a new browser context, empty cache) and warm (the same page reloaded). The time to the first
view is from the start of the navigation until the page shows the session (the member's
``#view`` has its stage, the board has content); taken by a MutationObserver in the page.
Counted up to that moment: the requests that went to the network (not from the cache; a
WebSocket counts as one) and the bytes they transferred.

Then, for the member's page: the Wi-Fi drops for 3 s, and the server restarts (SIGTERM, up
again on the same port and database). Printed: from the socket being back (the first
handshake answered: its WebSocket's, or long-polling's) until the page shows its session
again (the "no connection" line goes), in round trips; and the seconds since the Wi-Fi or
the server was back (these include the client's wait before it tries again).

Numbers, not a test: compare the two servers of the same run, never with another machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import socketio
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CPU_SLOWDOWN = 4
NETWORKS = {"400 ms / 400 kbit/s": (400, 400_000), "150 ms / 1.6 Mbit/s": (150, 1_600_000)}
PAGES = ("member", "screen", "host")
TEAM = 15

# Runs before the page's own scripts: when the session first shows, and when the "no
# connection" line goes (wall-clock ms, to compare with the DevTools protocol's times).
WATCH = """
(() => {
  window.__firstView = null;
  window.__backAt = [];
  const shows = () => {
    const view = document.getElementById('view');
    if (view) return Boolean(view.dataset.stage);
    const board = document.getElementById('board');
    return Boolean(board && board.childElementCount > 0);
  };
  let offline = false;
  new MutationObserver(() => {
    if (window.__firstView === null && shows()) window.__firstView = performance.now();
    const line = document.getElementById('connection');
    if (!line) return;
    if (!line.hidden) offline = true;
    else if (offline) {
      offline = false;
      window.__backAt.push(performance.timeOrigin + performance.now());
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- the servers --------------------------------------------------------------------------


@dataclass
class Checkout:
    """One version of the app, served by its own process."""

    label: str
    folder: Path
    port: int = field(default_factory=free_port)
    data: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="first-view-")))
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.data / 'bench.db'}",
            "SECRET_KEY": "bench-only",
            "ASYNC_MODE": "eventlet",
            "PUBLIC_URL": self.url,
            "PYTHONPATH": str(self.folder),
            # Every client comes from this one address: lift the flood limits (as in
            # bench_many_teams.py).
            "CONNECTIONS_PER_ADDRESS": "0",
            "MAX_MEMBERS": "200",
            "JOINS_PER_SESSION_PER_MINUTE": "100000",
            "SESSIONS_PER_ADDRESS_PER_HOUR": "100000",
            "SESSIONS_PER_HOUR": "100000",
            "EVENTS_PER_10S": "100000",
            "EVENTS_PER_ADDRESS_PER_10S": "1000000",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "session_app", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=self.folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/", timeout=2).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"{self.label}: the server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


def copy_of(ref: str) -> Path:
    """``ref`` of this repository in a temporary folder (git archive), with node_modules."""
    folder = Path(tempfile.mkdtemp(prefix="first-view-before-"))
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True
    ).stdout
    tar = folder / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as source:
        source.extractall(folder, filter="data")
    tar.unlink()
    (folder / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    return folder


@dataclass
class Team:
    """A session in round 1: the addresses of its pages and the cookies that open them."""

    host_url: str
    screen_url: str
    member_url: str
    host_cookies: dict
    member_cookies: dict


def _socket(server: Checkout, http: requests.Session, role: str, public_id: str):
    """A live connection with the cookies of ``http``; keeps every snapshot it gets."""
    sock = socketio.Client()
    got: list[dict] = []
    sock.on("state", got.append)
    sock.connect(
        server.url,
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.items())},
        auth={"role": role, "session": public_id},
        transports=["websocket"],
        socketio_path=f"s/{public_id}/socket.io",
    )
    deadline = time.monotonic() + 10
    while not got and time.monotonic() < deadline:
        time.sleep(0.05)
    return sock, got


def make_team(server: Checkout) -> Team:
    host = requests.Session()
    response = host.post(f"{server.url}/sessions", data={"team_name": "Wmo-raad Oost"})
    response.raise_for_status()
    public_id = re.search(r"/s/([\w-]+)/host", response.url)[1]
    screen_url = re.search(r'href="(http[^"]*/screen/[^"]+)"', response.text)[1]
    live, got = _socket(server, host, "host", public_id)
    code = got[-1]["join_code"]
    phones = []
    for n in range(TEAM):
        phone = requests.Session()
        phone.post(
            f"{server.url}/join", data={"code": code, "name": f"Lid {n + 1}"}
        ).raise_for_status()
        phones.append(phone)
    assert live.call("start_rounds", {}, timeout=10)["ok"]
    live.disconnect()
    # Five members answer in round 1 (as far as they vote in it).
    answered = 0
    for phone in phones[:-1]:
        sock, got = _socket(server, phone, "member", public_id)
        round_ = got[-1]["round"]
        if answered < 5 and round_ and not round_.get("is_me"):
            picks = [
                {"competency": "lef", "reason": "Durft te zeggen wat ze denkt."},
                {"competency": "netwerken", "reason": "Kent iedereen bij de gemeente."},
            ]
            ack = sock.call("pick", {"round_id": round_["id"], "picks": picks}, timeout=10)
            answered += bool(ack.get("ok"))
        sock.disconnect()
    member = phones[-1]  # not among those who answered
    return Team(
        host_url=f"{server.url}/s/{public_id}/host",
        screen_url=screen_url.replace("http://localhost", "http://127.0.0.1"),
        member_url=f"{server.url}/s/{public_id}/me",
        host_cookies=dict(host.cookies),
        member_cookies=dict(member.cookies),
    )


# --- one page in Chromium -----------------------------------------------------------------


@dataclass
class Load:
    ms: float
    requests: int
    kb: float


class Tab:
    """A page in its own browser context, with the network and CPU of a slow phone."""

    def __init__(self, browser, server: Checkout, team: Team, kind: str, network: tuple[int, int]):
        size = {"width": 390, "height": 844} if kind == "member" else {"width": 1280, "height": 720}
        self.context = browser.new_context(viewport=size, locale="nl-NL")
        cookies = team.member_cookies if kind == "member" else team.host_cookies
        path = "/s/"
        self.context.add_cookies(
            [{"name": k, "value": v, "url": server.url + path} for k, v in cookies.items()]
        )
        self.url = {"member": team.member_url, "screen": team.screen_url, "host": team.host_url}[
            kind
        ]
        self.page = self.context.new_page()
        self.page.add_init_script(WATCH)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        self.latency, self.bits = network
        self.online()
        self.events: list[tuple[str, dict]] = []
        for name in (
            "Network.requestWillBeSent",
            "Network.requestServedFromCache",
            "Network.loadingFinished",
            "Network.responseReceived",
            "Network.webSocketCreated",
            "Network.webSocketWillSendHandshakeRequest",
            "Network.webSocketHandshakeResponseReceived",
        ):
            self.cdp.on(name, lambda params, name=name: self.events.append((name, params)))

    def online(self, offline: bool = False) -> None:
        self.cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": offline,
                "latency": self.latency,
                "downloadThroughput": self.bits / 8,
                "uploadThroughput": self.bits / 8,
            },
        )

    def open(self, *, reload: bool = False) -> Load:
        self.events.clear()
        if reload:
            self.page.reload(wait_until="commit")
        else:
            self.page.goto(self.url, wait_until="commit")
        self.page.wait_for_function("() => window.__firstView !== null", timeout=60_000)
        ms = self.page.evaluate("() => window.__firstView")
        origin = self.page.evaluate("() => performance.timeOrigin") / 1000  # wall-clock s
        until = origin + ms / 1000
        self.page.wait_for_timeout(200)  # the events of the DevTools protocol catch up
        return self._count(until, ms)

    def _clock(self) -> float:
        """Wall-clock seconds minus the protocol's monotonic seconds."""
        for name, params in self.events:
            if name == "Network.requestWillBeSent" and "wallTime" in params:
                return params["wallTime"] - params["timestamp"]
        return 0.0

    def _count(self, until: float, ms: float) -> Load:
        offset = self._clock()
        cached = {p["requestId"] for n, p in self.events if n == "Network.requestServedFromCache"}
        sent = {
            p["requestId"]
            for n, p in self.events
            if n == "Network.requestWillBeSent"
            and p["timestamp"] + offset <= until
            and not p["request"]["url"].startswith("data:")
        }
        for n, p in self.events:
            if n == "Network.responseReceived":
                response = p["response"]
                if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
                    cached.add(p["requestId"])
        network = sent - cached
        sockets = sum(
            1
            for n, p in self.events
            if n == "Network.webSocketCreated"
            and any(
                m == "Network.webSocketHandshakeResponseReceived"
                and q["requestId"] == p["requestId"]
                and q["timestamp"] + offset <= until
                for m, q in self.events
            )
        )
        size = sum(
            p["encodedDataLength"]
            for n, p in self.events
            if n == "Network.loadingFinished" and p["requestId"] in network
        )
        return Load(ms, len(network) + sockets, size / 1024)

    def back_after(self, interrupt) -> tuple[float, float]:
        """``interrupt()`` cuts the connection and returns when it is restored (wall-clock
        seconds). Then: from the socket being back (the first handshake answered after
        that: its WebSocket's, or long-polling's) until the page shows its session again, in
        round trips of this network; and the seconds from the restoring to that."""
        self.page.evaluate("() => { window.__backAt = []; }")
        self.events.clear()
        restored = interrupt()
        self.page.wait_for_function("() => window.__backAt.length > 0", timeout=60_000)
        shown = self.page.evaluate("() => window.__backAt[0]") / 1000
        self.page.wait_for_timeout(200)
        offset = self._clock() or next(
            (
                p["wallTime"] - p["timestamp"]
                for n, p in self.events
                if n == "Network.webSocketWillSendHandshakeRequest"
            ),
            0.0,
        )
        back = [
            p["timestamp"] + offset
            for n, p in self.events
            if (n == "Network.webSocketHandshakeResponseReceived")
            or (
                n == "Network.responseReceived"
                and "transport=polling" in p["response"]["url"]
                and "sid=" not in p["response"]["url"]
            )
        ]
        back = [t for t in back if restored - 0.05 <= t <= shown + 0.05]
        rtts = (shown - min(back)) * 1000 / self.latency if back else float("nan")
        return rtts, shown - restored

    def close(self) -> None:
        self.context.close()


# --- the run ------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(cold: list[Load], warm: list[Load]) -> str:
    def line(xs: list[Load]) -> str:
        ms, n, kb = (median([getattr(x, k) for x in xs]) for k in ("ms", "requests", "kb"))
        return f"{ms:6.0f} ms {n:3.0f} req {kb:6.1f} KB"

    return f"cold {line(cold)} | warm {line(warm)}"


def measure(browser, servers: list[Checkout], teams: dict, repeat: int) -> dict:
    results: dict = {}
    for net_name, network in NETWORKS.items():
        for kind in PAGES:
            for server in servers:
                cold, warm = [], []
                for _ in range(repeat):
                    tab = Tab(browser, server, teams[server.label], kind, network)
                    try:
                        cold.append(tab.open())
                        warm.append(tab.open(reload=True))
                    finally:
                        tab.close()
                results[(net_name, kind, server.label)] = (cold, warm)
                print(
                    f"  {net_name:20} {kind:7} {server.label:7} {summary(cold, warm)}", flush=True
                )
    return results


def resume(browser, servers: list[Checkout], teams: dict) -> dict:
    """The member's page after a 3 s Wi-Fi drop and after a server restart (slow network)."""
    network = NETWORKS["400 ms / 400 kbit/s"]
    out = {}
    for server in servers:
        tab = Tab(browser, server, teams[server.label], "member", network)
        try:
            tab.open()
            tab.page.wait_for_timeout(3000)  # live
            out[server.label] = (
                tab.back_after(lambda tab=tab: drop(tab)),
                tab.back_after(lambda server=server: restart(server)),
            )
        finally:
            tab.close()
        print(f"  {server.label}: back after a drop / a restart: {out[server.label]}", flush=True)
    return out


def drop(tab: Tab) -> float:
    """The Wi-Fi gone for 3 s; when it is back."""
    tab.online(offline=True)
    tab.page.wait_for_timeout(3000)
    tab.online()
    return time.time()


def restart(server: Checkout) -> float:
    """The server stopped and started again; when it answers."""
    server.stop()
    server.start()
    return time.time()


def table(results: dict, resumed: dict, labels: list[str]) -> None:
    before, after = labels
    print()
    print(
        "| network | page | first view cold: before → after | warm "
        "| requests before the first view, warm | KB cold |"
    )
    print("|---|---|---|---|---|---|")
    for net_name in NETWORKS:
        for kind in PAGES:
            cb, wb = results[(net_name, kind, before)]
            ca, wa = results[(net_name, kind, after)]

            def ms(xs):
                return median([x.ms for x in xs])

            def n(xs):
                return median([x.requests for x in xs])

            def kb(xs):
                return median([x.kb for x in xs])

            print(
                f"| {net_name} | {kind} | {ms(cb) / 1000:.1f} → {ms(ca) / 1000:.1f} s "
                f"(÷{ms(cb) / ms(ca):.1f}) | {ms(wb) / 1000:.1f} → {ms(wa) / 1000:.1f} s "
                f"(÷{ms(wb) / ms(wa):.1f}) | {n(wb):.0f} → {n(wa):.0f} | "
                f"{kb(cb):.0f} → {kb(ca):.0f} |"
            )
    print()
    for label in labels:
        (drop_rtts, drop_s), (restart_rtts, restart_s) = resumed[label]
        print(
            f"{label}: the member's page shows its session again {drop_rtts:.1f} round trips "
            f"after its socket is back from a 3 s Wi-Fi drop ({drop_s:.1f} s after the Wi-Fi), "
            f"{restart_rtts:.1f} after a server restart ({restart_s:.1f} s after the server)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="main", help="git commit or branch to compare with")
    parser.add_argument("--before-dir", help="an existing checkout to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    copied = None
    if args.before_dir:
        before_folder = Path(args.before_dir).resolve()
    else:
        before_folder = copied = copy_of(args.before)
    before_label = "before"
    servers = [Checkout(before_label, before_folder), Checkout("after", ROOT)]
    print(f"before: {args.before_dir or args.before}; after: {ROOT}")
    print(f"load average at start: {load()}")
    try:
        for server in servers:
            server.start()
        teams = {server.label: make_team(server) for server in servers}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            try:
                results = measure(browser, servers, teams, args.repeat)
                resumed = resume(browser, servers, teams)
            finally:
                browser.close()
        table(results, resumed, [s.label for s in servers])
        print(
            f"\nload average at end: {load()}; CPU slowed {CPU_SLOWDOWN}×, "
            f"{args.repeat} loads each (median)"
        )
    finally:
        for server in servers:
            server.stop()
            shutil.rmtree(server.data, ignore_errors=True)
        if copied is not None:
            shutil.rmtree(copied, ignore_errors=True)


if __name__ == "__main__":
    main()
