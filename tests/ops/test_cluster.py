"""Two app processes behind nginx, with Redis between them and PostgreSQL as the database:
the host's page is on one process, the phones on the other, so every pick travels from
one process to the other through Redis. Then the phones' process is killed (SIGKILL) and
every page comes back through nginx on the surviving process with nothing lost.

Needs nginx, redis-server and PostgreSQL (``scripts/setup test`` installs and starts
them); without them this test fails, it never skips.
"""

from __future__ import annotations

import re
import sys
import threading

import pytest
import requests
from browser_support import PHONE, ROOT, LiveClient, create_session, join, launch_chromium
from playwright.sync_api import expect, sync_playwright
from waiting import wait_until

sys.path.insert(0, str(ROOT / "deploy"))
import local_cluster  # noqa: E402

pytestmark = pytest.mark.browser


class Via:
    """Where the test clients connect: nginx, or one app process directly."""

    def __init__(self, url: str):
        self.url = url


def route_to(cluster: local_cluster.Cluster, port: int) -> str:
    """A route cookie value that nginx sends to the app process on ``port``."""
    for n in range(200):
        value = f"route{n}"
        answer = requests.get(cluster.url + "/", cookies={"tk_route": value}, timeout=10)
        answer.raise_for_status()
        if answer.headers["X-Upstream"] == f"127.0.0.1:{port}":
            return value
    raise AssertionError(f"no route cookie leads to port {port}")


def routed(http: requests.Session, value: str) -> requests.Session:
    http.cookies.set("tk_route", None)  # the one nginx handed out, if any
    http.cookies.set("tk_route", value)
    return http


class Phone(LiveClient):
    """A member's Socket.IO client that also records the events besides snapshots."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events: list[str] = []
        self.told = threading.Event()
        for name in ("removed", "gone"):
            self.sio.on(name, lambda name=name: self._told(name))

    def _told(self, name: str) -> None:
        self.events.append(name)
        self.told.set()


PICKS = [
    [{"competency": "lef", "reason": "Durft"}, {"competency": "netwerken", "reason": "Kent ze"}],
    [{"competency": "lef", "reason": "Zegt het"}, {"competency": "samenwerken", "reason": "Hulp"}],
    [{"competency": "lef", "reason": "Staat er"}, {"competency": "communicatie", "reason": "Hel"}],
]


def test_host_and_phones_on_two_processes_survive_losing_one():
    cluster = local_cluster.Cluster(2, show_upstream=True).start()
    host_port, phones_port = cluster.app_ports
    via = Via(cluster.url)
    clients: list[LiveClient] = []
    try:
        to_host, to_phones = route_to(cluster, host_port), route_to(cluster, phones_port)
        host_http, public_id = create_session(via)
        host = LiveClient(via, routed(host_http, to_host), "host", public_id)
        clients.append(host)
        code = host.wait_for(lambda s: True)["join_code"]
        phones = {}
        for name in ("Ada", "Bo", "Cas", "Eef"):
            phones[name] = Phone(via, routed(join(via, code, name), to_phones), "member", public_id)
            clients.append(phones[name])

        # Removing a member reaches their phone on the other process.
        eef = phones.pop("Eef")
        eef_id = eef.wait_for(lambda s: s["me"])["me"]["id"]
        assert host.call("remove_member", {"member_id": eef_id}) == {"ok": True}
        assert eef.told.wait(10) and eef.events == ["removed"]
        # ... and their connection is ended by the server, not only by their own page.
        wait_until(lambda: not eef.sio.connected, message="the server did not end the connection")
        host.wait_for(lambda s: [m["name"] for m in s["members"]] == ["Ada", "Bo", "Cas"])

        with sync_playwright() as p:
            browser = launch_chromium(p)
            context = browser.new_context(locale="nl-NL", **PHONE)
            context.add_cookies([{"name": "tk_route", "value": to_phones, "url": cluster.url}])
            page = context.new_page()
            page.goto(f"{cluster.url}/j/{code}")
            page.fill("#name", "Dirk")
            page.click("button[type=submit]")
            expect(page.locator("#view h2")).to_contain_text("Dirk")
            host.wait_for(lambda s: len(s["members"]) == 4)

            # A first round, whole: every pick goes from the phones' process to the host's.
            assert host.call("start_rounds", {}) == {"ok": True}
            for number in (1, 2):
                state = host.wait_for(
                    lambda s, n=number: s["round"]["number"] == n and s["round"]["state"] == "open"
                )
                round_id, central = state["round"]["id"], state["round"]["central"]["name"]
                voters = [c for name, c in phones.items() if name != central]
                sent = voters[:2] if number == 2 else voters
                for client, pair in zip(sent, PICKS, strict=False):
                    answer = client.call("pick", {"round_id": round_id, "picks": pair})
                    assert answer == {"ok": True}
                count = len(sent)
                host.wait_for(
                    lambda s, r=round_id, k=count: (
                        s["round"]["id"] == r and s["round"]["answered_count"] == k
                    )
                )
                if number == 1:
                    assert host.call("reveal", {"round_id": round_id}) == {"ok": True}
                    assert host.call("next_round", {"round_id": round_id}) == {"ok": True}

            # Round 2 is half answered. The phones' process dies.
            host_sid = host.sio.sid
            seen = {id(c): (c.sio.sid, len(c.states)) for c in phones.values()}
            output = cluster.kill_app(phones_port)
            assert "Traceback" not in output

            # Every phone comes back through nginx, now on the host's process, with its picks.
            for client in phones.values():
                client.wait_for(lambda s, c=client: len(c.states) > seen[id(c)][1], timeout=30)
                assert client.sio.sid != seen[id(client)][0]
            for client, pair in zip(sent, PICKS, strict=False):
                assert client.states[-1]["round"]["my_picks"] == pair
            expect(page.locator("#connection")).to_be_hidden(timeout=30_000)
            expect(page.locator("#view")).to_have_attribute("data-stage", re.compile(":open:"))
            assert host.sio.sid == host_sid  # the host's process never went away
            assert host.states[-1]["round"]["answered_count"] == 2

            # The round goes on: the last phone answers on the surviving process.
            late = [c for c in voters if c not in sent]
            for client in late:
                answer = client.call("pick", {"round_id": round_id, "picks": PICKS[2]})
                assert answer == {"ok": True}
            host.wait_for(lambda s: s["round"]["answered_count"] == len(voters))
            assert host.call("reveal", {"round_id": round_id}) == {"ok": True}
            revealed = host.wait_for(lambda s: s["round"]["state"] == "revealed")
            tally = {row["competency"]: row["count"] for row in revealed["round"]["tally"]}
            assert tally["lef"] == len(voters)

            # Deleting the session reaches every page.
            assert host.call("delete_session", {}) == {"ok": True}
            for client in phones.values():
                assert client.told.wait(10) and client.events == ["gone"]
                wait_until(
                    lambda c=client: not c.sio.connected,
                    message="the server did not end the connection",
                )
            expect(page.locator("h1")).to_contain_text("bestaat niet meer")
            browser.close()
    finally:
        for client in clients:
            client.close()
        outputs = cluster.stop()
    assert "Traceback" not in outputs[host_port]


def test_a_burst_of_picks_on_both_processes_reaches_the_host_as_one_update():
    # A long window (3 s) so that the whole burst falls in it, on any machine. Each process
    # coalesces what it hands to its own pages, whichever process the pick came to: the
    # host's page on one process gets the first pick at once, then the newest of the rest,
    # not one update per process and window.
    cluster = local_cluster.Cluster(2, show_upstream=True, env={"PUSH_WINDOW_MS": "3000"})
    cluster.start()
    ports = cluster.app_ports
    via = Via(cluster.url)
    clients: list[LiveClient] = []
    try:
        routes = [route_to(cluster, port) for port in ports]
        host_http, public_id = create_session(via)
        host = LiveClient(via, routed(host_http, routes[0]), "host", public_id)
        clients.append(host)
        code = host.wait_for(lambda s: True)["join_code"]
        names = ["Ada", "Bo", "Cas", "Dio", "Eef", "Fien", "Guus"]
        phones = {
            name: LiveClient(via, routed(join(via, code, name), routes[n % 2]), "member", public_id)
            for n, name in enumerate(names)
        }
        clients += phones.values()
        host.wait_for(lambda s: len(s["members"]) == len(names))
        assert host.call("start_rounds", {}) == {"ok": True}
        state = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")
        round_id, central = state["round"]["id"], state["round"]["central"]["name"]
        seen = len(host.states)
        voters = [client for name, client in phones.items() if name != central]
        for client, pair in zip(voters, PICKS * 2, strict=False):
            assert client.call("pick", {"round_id": round_id, "picks": pair}) == {"ok": True}
        host.wait_for(lambda s: s["round"]["answered_count"] == len(voters), timeout=30)
        with host.lock:
            counts = [s["round"]["answered_count"] for s in host.states[seen:]]
        assert counts == [1, len(voters)], counts
    finally:
        for client in clients:
            client.close()
        cluster.stop()
