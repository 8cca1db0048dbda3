"""The server is killed hard (SIGKILL) in the middle of a round and started again: every
client reconnects by itself and every pick made before the kill is still there."""

from __future__ import annotations

import pytest
from browser_support import PHONE, LiveClient, Server, create_session, join, launch_chromium
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser


def test_kill_9_mid_round_loses_nothing(tmp_path):
    server = Server(tmp_path / "restart.db").start()
    clients: list[LiveClient] = []
    try:
        host_http, public_id = create_session(server)
        host = LiveClient(server, host_http, "host", public_id)
        clients.append(host)
        code = host.wait_for(lambda s: True)["join_code"]
        members = {
            name: LiveClient(server, join(server, code, name), "member", public_id)
            for name in ("Ada", "Bo", "Cas")
        }
        clients.extend(members.values())

        with sync_playwright() as p:
            browser = launch_chromium(p)
            phone = browser.new_context(locale="nl-NL", **PHONE).new_page()
            phone.goto(f"{server.url}/j/{code}")
            phone.fill("#name", "Dirk")
            phone.click("button[type=submit]")
            expect(phone.locator("#view h2")).to_contain_text("Dirk")

            assert host.call("start_rounds", {}) == {"ok": True}
            state = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")
            round_id, central = state["round"]["id"], state["round"]["central"]["name"]
            voters = [c for name, c in members.items() if name != central]
            picks = [
                [
                    {"competency": "lef", "reason": "Durft"},
                    {"competency": "netwerken", "reason": "Kent iedereen"},
                ],
                [
                    {"competency": "lef", "reason": "Zegt het"},
                    {"competency": "samenwerken", "reason": "Helpt mee"},
                ],
            ]
            for client, pair in zip(voters, picks, strict=False):
                assert client.call("pick", {"round_id": round_id, "picks": pair}) == {"ok": True}
            host.wait_for(lambda s: s["round"]["answered_count"] == 2)

            output = server.stop(hard=True)
            expect(phone.locator("#connection")).to_be_visible()  # "reconnecting", not blank
            seen = {id(c): len(c.states) for c in clients}
            server.start()  # same port, same database

            # Everyone comes back by themselves, with a fresh snapshot that still holds the picks.
            for client in clients:
                client.wait_for(lambda s, c=client: len(c.states) > seen[id(c)], timeout=30)
            after = host.wait_for(lambda s: s["round"] and s["round"]["id"] == round_id)
            assert after["round"]["answered_count"] == 2
            for client, pair in zip(voters, picks, strict=False):
                mine = client.states[-1]["round"]["my_picks"]
                assert mine == pair
            expect(phone.locator("#connection")).to_be_hidden(timeout=30_000)

            assert host.call("reveal", {"round_id": round_id}) == {"ok": True}
            revealed = host.wait_for(lambda s: s["round"]["state"] == "revealed")
            counts = {row["competency"]: row["count"] for row in revealed["round"]["tally"]}
            assert counts["lef"] == 2
            expect(phone.locator(".tally")).to_be_visible()
            browser.close()
        assert "Traceback" not in output
    finally:
        for client in clients:
            client.close()
        server.stop()
