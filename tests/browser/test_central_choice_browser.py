"""'Liever niet centraal' on a phone: one tap, no reason asked; exactly that round is left
out, and the member still chooses for the others."""

from __future__ import annotations

import pytest
from browser_support import axe_violations, phone_team
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_member_skips_their_own_round_and_still_chooses(server, browser):
    with phone_team(server, browser) as team:
        host, phone = team.host, team.phone
        phone.get_by_role("button", name="Liever niet centraal").click()
        expect(phone.locator(".central-choice")).to_contain_text("Je krijgt geen eigen beurt")
        assert axe_violations(phone) == []
        order = host.wait_for(lambda s: any(o["state"] == "declined" for o in s["order"]))["order"]
        assert [o["name"] for o in order if o["state"] == "declined"] == ["Anna"]

        # Changed her mind, and back again: one tap each, the page says where she stands.
        phone.get_by_role("button", name="Toch wel een eigen beurt").click()
        expect(phone.get_by_role("button", name="Liever niet centraal")).to_be_visible()
        phone.get_by_role("button", name="Liever niet centraal").click()
        expect(phone.get_by_role("button", name="Toch wel een eigen beurt")).to_be_visible()

        assert host.call("start_rounds", {}) == {"ok": True}
        state = host.wait_for(lambda s: s["round"] is not None and s["round"]["state"] == "open")
        assert state["round"]["total"] == 2
        assert state["round"]["central"]["name"] != "Anna"
        expect(phone.locator("#view form")).to_be_visible()  # she chooses for the others
        assert [o["state"] for o in state["order"] if o["name"] == "Anna"] == ["declined"]
