"""A practice session survives a real restart: the server stops before its example members
have answered; once it runs again and the facilitator's page reconnects, they answer."""

from __future__ import annotations

import re

import pytest
import requests
from browser_support import LiveClient, Server

pytestmark = pytest.mark.browser


def test_example_members_answer_after_a_restart(tmp_path):
    # So slow that nobody answers before the server goes down.
    server = Server(tmp_path / "practice.db", env={"PRACTICE_DELAY_SECONDS": "3600"}).start()
    clients: list[LiveClient] = []
    try:
        http = requests.Session()
        response = http.post(f"{server.url}/practice", data={"locale": "nl"}, timeout=10)
        public_id = re.search(r"/s/([\w-]+)/host", response.url).group(1)
        host = LiveClient(server, http, "host", public_id)
        clients.append(host)
        assert host.call("start_rounds", {}) == {"ok": True}
        state = host.wait_for(lambda s: s["round"]["state"] == "open")
        assert state["round"]["answered_count"] == 0
        seen = len(host.states)

        server.stop(hard=True)
        server.env["PRACTICE_DELAY_SECONDS"] = "0.05"
        server.start()  # same port, same database; the host reconnects by itself

        host.wait_for(lambda s: len(host.states) > seen, timeout=30)
        after = host.wait_for(lambda s: s["round"]["answered_count"] == 3, timeout=30)
        assert after["round"]["id"] == state["round"]["id"]
        assert after["practice"] is True
    finally:
        for client in clients:
            client.close()
        server.stop()
