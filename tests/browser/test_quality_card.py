""" "Mijn kwaliteitenkaart": a member's A4 in easy words with pictograms, from the phone, and
for the facilitator every member's card at once, one page each (checked in the PDF)."""

from __future__ import annotations

import re

import pytest
from browser_support import PHONE, LiveClient, axe_violations, create_session, join
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LONG = "Ze zegt altijd wat ze denkt, ook als het spannend is in een overleg met de wethouder. " * 3


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_the_quality_card_is_one_a4_per_member(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    code = host.wait_for(lambda s: True)["join_code"]
    phones = {n: join(server, code, n) for n in ("Anna", "Bram", "Cas", "Dewi")}
    members = {n: LiveClient(server, http, "member", public_id) for n, http in phones.items()}
    clients = [host, *members.values()]
    context = browser.new_context(locale="nl-NL", **PHONE)
    try:
        fits = ["lef", "netwerken", "communicatie"]
        develops = ["onderhandelen", "politiek_inzicht", "sensitiviteit"]
        ack = members["Anna"].call("self_view", {"fits": fits, "develops": develops})
        assert ack == {"ok": True}
        assert host.call("start_rounds", {}) == {"ok": True}
        keys = ["lef", "netwerken", "communicatie", "creativiteit", "samenwerken", "signaleren"]
        for number in range(4):
            round_ = host.wait_for(lambda s: s["round"]["state"] == "open")["round"]
            for n, (name, client) in enumerate(members.items()):
                if name != round_["central"]["name"]:
                    picks = [
                        {"competency": keys[(n + number) % 6], "reason": LONG},
                        {"competency": keys[(n + number + 2) % 6], "reason": "Kort."},
                    ]
                    ack = client.call("pick", {"round_id": round_["id"], "picks": picks})
                    assert ack == {"ok": True}
            assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
            if number < 3:
                assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}
        assert host.call("start_development", {}) == {"ok": True}
        for client in members.values():
            goal = {"competency": "onderhandelen", "reason": LONG[:200]}
            assert client.call("goal", goal) == {"ok": True}

        # From Anna's phone: her own card only.
        page = context.new_page()
        context.add_cookies(
            [{"name": c.name, "value": c.value, "url": server.url} for c in phones["Anna"].cookies]
        )
        page.goto(f"{server.url}/s/{public_id}/me/result")
        page.get_by_role("link", name="Mijn kwaliteitenkaart").click()
        expect(page).to_have_url(f"{server.url}/s/{public_id}/me/card")
        card = page.locator(".quality-card")
        expect(card).to_have_count(1)
        expect(card.locator("h1")).to_have_text("Kwaliteitenkaart van Anna")
        expect(card).to_contain_text("Dit ziet het team in jou")
        expect(card.locator(".card-qualities img.icon")).to_have_count(3)
        expect(card).to_contain_text("Dit past bij mij:")
        expect(card).to_contain_text("Onderhandelen")
        assert axe_violations(page) == []
        assert pdf_pages(page.pdf(format="A4")) == 1

        # The facilitator prints every card at once: one page each.
        host_ctx = browser.new_context(locale="nl-NL")
        try:
            host_ctx.add_cookies(
                [{"name": c.name, "value": c.value, "url": server.url} for c in host_http.cookies]
            )
            all_cards = host_ctx.new_page()
            all_cards.goto(f"{server.url}/s/{public_id}/report")
            all_cards.get_by_role("link", name="Kwaliteitenkaarten in makkelijke woorden").click()
            expect(all_cards.locator(".quality-card")).to_have_count(4)
            assert pdf_pages(all_cards.pdf(format="A4")) == 4
        finally:
            host_ctx.close()

        # Someone else's card, or all cards, are not for a member.
        refused = phones["Bram"].get(f"{server.url}/s/{public_id}/cards", timeout=10)
        assert refused.status_code == 403
    finally:
        for client in clients:
            client.close()
        context.close()
