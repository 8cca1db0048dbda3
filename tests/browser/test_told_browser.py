"""'Ik vertel het zelf' through a session: a member with easy-read says one reason aloud
instead of typing it. The projector shows "Anna vertelt waarom" at that quality's step,
the facilitator's page says to ask Anna, and an anonymous session warned her first."""

from __future__ import annotations

import pytest
from browser_support import (
    axe_violations,
    phone_team,
    start_rounds_until_not_central,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PICKS = [
    {"competency": "lef", "reason": "Durft"},
    {"competency": "netwerken", "reason": "Kent iedereen"},
]


def test_a_reason_told_in_the_room(server, browser):
    with phone_team(server, browser, easy=True, show_names="no") as team:
        host, phone, others = team.host, team.phone, team.others
        host_http, public_id = team.host_http, team.public_id
        round_ = start_rounds_until_not_central(host, others, "Anna", PICKS)

        phone.locator("label[for=easy-0-lef]").click()
        phone.get_by_role("button", name="Verder").click()
        # Anonymous session: before choosing, the phone says her name will show with it.
        expect(phone.locator("#easy-tell-note")).to_have_text(
            "Dan ziet iedereen dat deze keuze van jou is."
        )
        phone.get_by_role("button", name="Ik vertel het zelf").click()
        phone.locator("label[for=easy-1-netwerken]").click()
        phone.get_by_role("button", name="Verder").click()
        phone.fill("#easy-why", "Belt iedereen op")
        phone.get_by_role("button", name="Verder").click()
        expect(phone.locator(".easy-check")).to_contain_text("Je vertelt in de groep waarom.")
        assert axe_violations(phone) == []
        phone.get_by_role("button", name="Ja, stuur het op").click()
        expect(phone.locator("#view h2")).to_have_text("Klaar! Je antwoord is verstuurd.")
        for name, client in others.items():
            if name != round_["central"]["name"]:
                assert client.call("pick", {"round_id": round_["id"], "picks": PICKS})["ok"]
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        state = host.wait_for(lambda s: s["round"]["state"] == "revealed")
        lef_step = next(
            i for i, st in enumerate(state["round"]["steps"]) if st["competency"] == "lef"
        )
        ack = host.call(
            "reveal_step",
            {"round_id": round_["id"], "step": lef_step, "version": state["version"]},
        )
        assert ack == {"ok": True}

        # The projector at that step: her name with "tells why"; the typed reason anonymous.
        screen_key = host_http.get(f"{server.url}/s/{public_id}/host", timeout=10).text
        screen_key = screen_key.split("/screen/")[1].split('"')[0]
        wall_ctx = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 720})
        wall = wall_ctx.new_page()
        wall.goto(f"{server.url}/screen/{screen_key}")
        reasons = wall.locator(".reveal-reasons")
        expect(reasons.locator("li.told")).to_have_text("Anna vertelt waarom")
        expect(reasons).to_contain_text("Durft")
        expect(reasons.locator(".author")).to_have_count(0)
        assert axe_violations(wall) == []

        # The facilitator's page names whom to ask at this step.
        key = host_http.cookies.get(f"host_{public_id}")
        laptop = wall_ctx.new_page()
        laptop.goto(f"{server.url}/host/{key}")
        expect(laptop.locator(".ask-tellers")).to_contain_text("Vraag Anna")

        # Her own phone shows the same; the download records it was told in the group.
        expect(phone.locator("#view .tally li.told")).to_have_text("Anna vertelt waarom")
        report = host_http.get(f"{server.url}/s/{public_id}/report", timeout=10)
        assert report.status_code == 200
        assert "verteld in de groep" in report.text
        wall_ctx.close()


def test_the_tile_form_offers_it_too(server, browser):
    with phone_team(server, browser) as team:
        host, phone, others = team.host, team.phone, team.others
        round_ = start_rounds_until_not_central(host, others, "Anna", PICKS)
        phone.locator("label[for=quality-lef]").click()
        phone.locator("label[for=quality-netwerken]").click()
        phone.locator("label[for=told-lef]").click()
        phone.fill("#reason-netwerken", "Belt iedereen op")
        phone.get_by_role("button", name="Verstuur mijn antwoord").click()
        expect(phone.locator("#pick-status")).to_contain_text("verstuurd")
        assert axe_violations(phone) == []
        # A reload keeps the choice: the phone shows what the server has.
        phone.reload()
        expect(phone.locator("#told-lef")).to_be_checked()
        expect(phone.locator("#reason-lef")).to_have_value("")
        for name, client in others.items():
            if name != round_["central"]["name"]:
                assert client.call("pick", {"round_id": round_["id"], "picks": PICKS})["ok"]
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        state = host.wait_for(lambda s: s["round"]["state"] == "revealed")
        lef = next(row for row in state["round"]["tally"] if row["competency"] == "lef")
        assert {"text": "", "author": "Anna", "told": True} in lef["reasons"]
