"""A real server process and a real Chromium for the browser tests.

The server runs as ``python -m session_app`` in a subprocess (eventlet, as in production);
Playwright drives Debian's Chromium. If Chromium is missing the tests fail: they never skip.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
import socketio
from waiting import wait_for_port, wait_until

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


# A big team with long names (the projector's tests).
TEAM_OF_15 = [
    "Annemarie",
    "Bram",
    "Chantal",
    "Dirk",
    "Esra",
    "Fatima",
    "Gerrit",
    "Hanneke",
    "Ibrahim",
    "Joke",
    "Kees",
    "Lotte",
    "Mohamed",
    "Nadia",
    "Maria-Josefien",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """``python -m session_app`` on a free port with its own SQLite file."""

    database: Path
    port: int = field(default_factory=free_port)
    env: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "SECRET_KEY": "browser-tests-only",
            "PUBLIC_URL": self.url,
            # Every test's browser comes from 127.0.0.1: one module may start many sessions.
            "SESSIONS_PER_ADDRESS_PER_HOUR": "1000",
            **self.env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "session_app", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for_port(self.port, self.process, timeout=30)
        except AssertionError:
            self.stop()
            raise
        return self

    def stop(self, *, hard: bool = False) -> str:
        """Stop the server (``hard``: SIGKILL, like a crash) and return what it printed."""
        if self.process is None:
            return ""
        if hard:
            self.process.kill()
        else:
            self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        self.process = None
        return output or ""


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium). "
            "Browser tests never skip."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[str]:
    """Run axe-core in the page; one readable line per violation and element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's own CSP still applies to it.
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def _holds(check, state: dict) -> bool:
    try:
        return bool(check(state))
    except (KeyError, TypeError):
        return False


class LiveClient:
    """A python-socketio client with the cookies of one person; keeps every snapshot."""

    def __init__(
        self,
        server: Server,
        http: requests.Session,
        role: str,
        public_id: str,
        *,
        reconnection: bool = True,
    ):
        self.http = http
        self.states: list[dict] = []
        self.lock = threading.Lock()
        self.sio = socketio.Client(
            http_session=http,
            reconnection=reconnection,
            reconnection_delay=0.2,
            reconnection_delay_max=1,
        )
        self.sio.on("state", self._on_state)
        self.sio.connect(
            server.url,
            auth={"role": role, "session": public_id},
            transports=["websocket"],
            wait_timeout=10,
            socketio_path=f"s/{public_id}/socket.io",
        )

    def _on_state(self, state):
        with self.lock:
            self.states.append(state)

    def wait_for(self, check, timeout: float = 20.0) -> dict:
        """The newest snapshot (old or new) for which ``check`` holds.

        A check that reads what a snapshot lacks (``round`` is None in the lobby) simply
        does not hold for that snapshot."""

        def newest():
            with self.lock:
                return next((s for s in reversed(self.states) if _holds(check, s)), None)

        return wait_until(
            newest,
            timeout,
            interval=0.02,
            message=lambda: f"no matching snapshot; last: {self.states[-1:]}",
        )

    def call(self, event: str, data: dict) -> dict:
        # The server sends the first snapshot from its connect handler, which can arrive
        # just before the connection is confirmed (after a restart, say): wait for that.
        wait_until(
            lambda: "/" in self.sio.namespaces, 30, message="the connection was not confirmed"
        )
        return self.sio.call(event, data, timeout=10)

    def close(self):
        """Disconnect and close the HTTP session too (its pooled sockets would leak)."""
        self.sio.disconnect()
        self.sio.eio.disconnect()  # also when the server already closed the connection
        # After the server cut the connection (a message over 64 KB) the client's WebSocket
        # is closed only at the Engine.IO level; close its socket too.
        ws = getattr(self.sio.eio, "ws", None)
        if ws is not None and ws.sock is not None:
            ws.sock.close()
        self.http.close()


def create_session(server: Server, **form: str) -> tuple[requests.Session, str]:
    host = requests.Session()
    data = {"team_name": "Herstart", **form}
    response = host.post(f"{server.url}/sessions", data=data, timeout=10)
    response.raise_for_status()
    public_id = re.search(r"/s/([\w-]+)/host", response.url).group(1)
    return host, public_id


def join(server: Server, code: str, name: str) -> requests.Session:
    phone = requests.Session()
    response = phone.post(f"{server.url}/join", data={"code": code, "name": name}, timeout=10)
    response.raise_for_status()
    assert response.url.endswith("/me")
    return phone


PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">.*?</script>', re.S)
PAGE_LANG = re.compile(r'<html lang="([\w-]+)">')


class PageCode:
    """The pages' own modules (static/js), run in Chromium on a page's real ``page-data``.

    For the Socket.IO tests: a sentence a page builds from a snapshot is asserted as the page
    builds it, not through a Python copy of the front end. The files come from the app under
    test (its Flask test client), and the page is a bare one with the ``<html lang>`` and the
    ``page-data`` of a page the app served.
    """

    ORIGIN = "http://teamkracht.test"

    def __init__(self, browser, app):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.files = app.test_client()
        self.html = ""
        self.page.route(f"{self.ORIGIN}/**", self._serve)

    def _serve(self, route) -> None:
        path = route.request.url.removeprefix(self.ORIGIN).split("?")[0]
        if path == "/":
            route.fulfill(body=self.html, content_type="text/html; charset=utf-8")
            return
        response = self.files.get(path)
        body = response.get_data()
        response.close()  # a static file stays open until then
        route.fulfill(status=response.status_code, body=body, content_type=response.mimetype)

    def load(self, served_html: str) -> PageCode:
        """Take the language and the page-data of a page the app served (its HTML)."""
        lang = PAGE_LANG.search(served_html).group(1)
        data = PAGE_DATA.search(served_html).group(0)
        self.html = f'<!doctype html><html lang="{lang}"><head>{data}</head><body></body></html>'
        self.page.goto(f"{self.ORIGIN}/")
        return self

    def call(self, module: str, script: str, arg=None):
        """``script`` is a JavaScript function ``(module, arg) => …`` given the exports of
        static/js/<module>; its result comes back as JSON."""
        return self.page.evaluate(
            "async ([url, script, arg]) => (0, eval)(script)(await import(url), arg)",
            [f"/static/js/{module}", script, arg],
        )

    def close(self) -> None:
        self.context.close()


def start_rounds_until_not_central(
    host: LiveClient, others: dict[str, LiveClient], name: str, picks: list[dict]
) -> dict:
    """Start the rounds and play each round in which ``name`` is central (the others answer,
    the host reveals and goes on); return the first open round in which ``name`` picks."""
    assert host.call("start_rounds", {}) == {"ok": True}
    round_ = host.wait_for(lambda s: s["round"]["state"] == "open")["round"]
    while round_["central"]["name"] == name:
        for other, client in others.items():
            if other != round_["central"]["name"]:
                assert client.call("pick", {"round_id": round_["id"], "picks": picks})["ok"]
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}
        done = round_["id"]
        round_ = host.wait_for(lambda s, done=done: s["round"]["id"] != done)["round"]
    return round_


def join_on_phone(page, server: Server, code: str, name: str) -> None:
    """A phone's page joins through the join page, as a member does, and waits for its view."""
    page.goto(f"{server.url}/j/{code}")
    page.fill("#name", name)
    page.click("button[type=submit]")
    page.locator("#view h2").wait_for()


@dataclass
class PhoneTeam:
    """A session with the facilitator and two members as Socket.IO clients, and Anna on a
    phone in the browser (``phone``)."""

    server: Server
    host_http: requests.Session
    public_id: str
    code: str
    host: LiveClient
    phone: object  # a Playwright page
    others: dict[str, LiveClient]


@contextmanager
def phone_team(
    server: Server, browser, *, easy: bool = False, phone: dict = PHONE, **form: str
) -> Iterator[PhoneTeam]:
    """Anna joins on a phone (having chosen easy-read on the join page when ``easy``), then
    B and C join; ``form`` goes to the start form (``show_names="no"``: anonymous)."""
    host_http, public_id = create_session(server, **form)
    host = LiveClient(server, host_http, "host", public_id)
    context = browser.new_context(locale="nl-NL", **phone)
    clients = [host]
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        page = context.new_page()
        if easy:
            page.goto(f"{server.url}/j/{code}")
            page.get_by_role("button", name="Makkelijk lezen").click()
        join_on_phone(page, server, code, "Anna")
        others = {n: LiveClient(server, join(server, code, n), "member", public_id) for n in "BC"}
        clients += others.values()
        yield PhoneTeam(server, host_http, public_id, code, host, page, others)
    finally:
        for client in clients:
            client.close()
        context.close()
