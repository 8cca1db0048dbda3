"""A page draws its first view from the state its HTML carries, before its socket is up; then
the socket brings the updates, over a WebSocket first. A page never shows a view older than
the one it has, also when that older one comes over the socket after the HTML's."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import PHONE, LiveClient, create_session, join, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Every heading the phone's view ever shows, so one that flashes by is caught too.
WATCH = """
window.__headings = [];
new MutationObserver(() => {
  for (const el of document.querySelectorAll('#view h2')) {
    const text = el.textContent;
    if (window.__headings.at(-1) !== text) window.__headings.push(text);
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""
# Engine.IO's open packet, as a server sends it first on a WebSocket.
OPEN = "0" + json.dumps(
    {"sid": "mock", "upgrades": [], "pingInterval": 60000, "pingTimeout": 60000, "maxPayload": 1e6}
)


class Network:
    """The phone's connection to the server: blocked, a stand-in server, or the real one.
    Long-polling is refused unless the real server is reached."""

    def __init__(self, context):
        self.mode = "blocked"
        self.stale: list[dict] = []  # what the stand-in sends after connecting
        self.sockets: list[tuple[str, str]] = []  # (mode, url) of each WebSocket opened
        self.polls: list[tuple[str, str]] = []  # (mode, url) of each long-polling request
        self.mock = None
        context.route_web_socket("**/socket.io/**", self._websocket)
        context.route("**/socket.io/**", self._poll)

    def _websocket(self, ws) -> None:
        self.sockets.append((self.mode, ws.url))
        if self.mode == "live":
            ws.connect_to_server()
        elif self.mode == "blocked":
            pass  # no answer at all, as on a Wi-Fi that lets nothing through
        else:
            self.mock = ws
            ws.on_message(lambda message: self._answer(ws, message))
            ws.send(OPEN)

    def _answer(self, ws, message) -> None:
        if isinstance(message, str) and message.startswith("40"):  # Socket.IO's connect
            ws.send('40{"sid":"mock"}')
            for state in self.stale:
                ws.send("42" + json.dumps(["state", state]))

    def _poll(self, route) -> None:
        self.polls.append((self.mode, route.request.url))
        if self.mode == "live":
            route.continue_()
        else:
            route.abort()


def test_a_phone_shows_its_view_before_its_socket_connects_then_goes_live(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    clients = [host]
    context = browser.new_context(locale="nl-NL", **PHONE)
    context.set_default_timeout(15_000)
    try:
        network = Network(context)
        code = host.wait_for(lambda s: True)["join_code"]
        phone = context.new_page()
        phone.add_init_script(WATCH)
        phone.goto(f"{server.url}/j/{code}")
        phone.fill("#name", "Anna")
        phone.click("button[type=submit]")

        # The socket cannot connect, yet the phone shows its own view, from its HTML.
        expect(phone.locator("#view h2")).to_have_text("Hallo Anna!")
        expect(phone.locator("#view")).to_have_attribute("data-stage", "lobby")
        assert network.sockets and all(mode == "blocked" for mode, _ in network.sockets)
        carried = phone.evaluate("() => JSON.parse(document.getElementById('page-data').text)")
        state = carried["state"]
        assert state["me"]["name"] == "Anna" and state["phase"] == "lobby"
        screenshot(phone, "first-view-without-socket")

        # A socket that brings an older snapshot than the HTML's: not shown. A newer one is.
        older = {**state, "version": state["version"] - 1, "me": {**state["me"], "name": "Old"}}
        newer = {**state, "version": state["version"] + 1, "me": {**state["me"], "name": "New"}}
        network.stale = [older, newer]
        network.mode = "stand-in"
        # (The blocked attempt hangs until the client gives up on it: 8 s, see live.js.)
        expect(phone.locator("#view h2")).to_have_text("Hallo New!", timeout=30_000)
        assert phone.evaluate("() => window.__headings") == ["Hallo Anna!", "Hallo New!"]

        # The real server: the phone goes live (a WebSocket, no long-polling) and follows.
        network.mode = "live"
        network.mock.close()
        expect(phone.locator("#view h2")).to_have_text("Hallo Anna!")
        bram = LiveClient(server, join(server, code, "Bram"), "member", public_id)
        clients.append(bram)
        assert host.call("start_rounds", {}) == {"ok": True}
        expect(phone.locator("#view")).to_have_attribute("data-stage", re.compile(r"^round:"))
        assert any(mode == "live" for mode, _ in network.sockets)
        assert [url for mode, url in network.polls if mode == "live"] == []
    finally:
        for client in clients:
            client.close()
        context.close()
