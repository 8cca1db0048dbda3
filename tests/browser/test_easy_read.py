"""Easy-read ("Makkelijk lezen"): a member picks one thing per screen, in short sentences,
checks both choices before sending, and finds the same screen again after a reload. On a
small phone with the text at 200 %, as a member with low vision would have it."""

from __future__ import annotations

import pytest
from browser_support import (
    axe_violations,
    phone_team,
    screenshot,
    start_rounds_until_not_central,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SMALL_PHONE = {
    "viewport": {"width": 320, "height": 640},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
PICKS = [
    {"competency": "lef", "reason": "Durft"},
    {"competency": "netwerken", "reason": "Kent iedereen"},
]


def large_text(page) -> None:
    page.evaluate("document.documentElement.style.fontSize = '225%'")  # 200 % of the app's 112.5 %


def fits_the_width(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_easy_read_one_question_per_screen_at_200_percent(server, browser):
    with phone_team(server, browser, easy=True, phone=SMALL_PHONE) as team:
        host, phone, others = team.host, team.phone, team.others
        # Chosen on the join page, before joining; remembered on the phone from then on.
        expect(phone.get_by_role("button", name="Makkelijk lezen")).to_have_attribute(
            "aria-pressed", "true"
        )
        round_ = start_rounds_until_not_central(host, others, "Anna", PICKS)
        central = round_["central"]["name"]
        large_text(phone)

        # Screen 1: one question, twelve choices with pictograms, no counts of others.
        heading = phone.locator("#view h2")
        expect(heading).to_have_text(f"Waar is {central} goed in? Kies 1 ding.")
        expect(phone.locator("#view")).to_contain_text("Stap 1 van 5")
        expect(phone.locator(".easy-option")).to_have_count(12)
        expect(phone.locator(".easy-option img.icon")).to_have_count(12)
        expect(phone.locator("#round-progress")).to_be_hidden()
        screenshot(phone, "easy-read-choose-320-200")
        assert fits_the_width(phone)
        assert axe_violations(phone) == []
        phone.get_by_role("button", name="Verder").click()  # nothing chosen: says so
        expect(phone.locator("#easy-error")).to_have_text("Kies eerst 1 ding.")
        phone.locator("label[for=easy-0-lef]").click()
        phone.get_by_role("button", name="Verder").click()

        # Screen 2: why, for that one quality; then a reload comes back here, text kept.
        expect(heading).to_have_text(f"Waarom past dit bij {central}?")
        expect(phone.locator(".easy-chosen")).to_contain_text("Lef")
        phone.get_by_role("button", name="Verder").click()
        expect(phone.locator("#easy-error")).to_have_text("Schrijf eerst op waarom.")
        phone.fill("#easy-why", "Zegt wat ze denkt")
        phone.reload()
        large_text(phone)
        expect(heading).to_have_text(f"Waarom past dit bij {central}?")
        expect(phone.locator("#easy-why")).to_have_value("Zegt wat ze denkt")
        assert fits_the_width(phone)
        phone.get_by_role("button", name="Verder").click()

        # Screen 3: the second quality; the first cannot be chosen twice.
        expect(heading).to_have_text(f"Waar is {central} nog meer goed in? Kies nog 1 ding.")
        expect(phone.locator("#easy-1-lef")).to_be_disabled()
        phone.locator("label[for=easy-1-netwerken]").click()
        phone.get_by_role("button", name="Verder").click()
        phone.fill("#easy-why", "Kent veel mensen")
        phone.get_by_role("button", name="Verder").click()

        # Screen 5: "Klopt dit?" shows both, with their pictograms, before anything is sent.
        expect(heading).to_have_text("Klopt dit?")
        screenshot(phone, "easy-read-check-320-200")
        check = phone.locator(".easy-check")
        expect(check.locator("li")).to_have_count(2)
        expect(check.locator("img.icon")).to_have_count(2)
        expect(check).to_contain_text("Zegt wat ze denkt")
        expect(check).to_contain_text("Kent veel mensen")
        assert host.wait_for(lambda s: True)["round"]["answered_count"] == 0
        assert fits_the_width(phone)
        assert axe_violations(phone) == []
        phone.get_by_role("button", name="Ja, stuur het op").click()
        expect(heading).to_have_text("Klaar! Je antwoord is verstuurd.")
        state = host.wait_for(lambda s: s["round"]["answered_count"] == 1)
        assert state["round"]["id"] == round_["id"]

        # What was sent is what the team sees at the reveal.
        for name, client in others.items():
            if name != central:
                assert client.call("pick", {"round_id": round_["id"], "picks": PICKS})["ok"]
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        tally = phone.locator("#view .tally")
        expect(tally).to_contain_text("Zegt wat ze denkt")
        expect(tally).to_contain_text("Kent veel mensen")
        assert axe_violations(phone) == []


def test_easy_read_goal_in_three_screens(server, browser):
    with phone_team(server, browser, easy=True, phone=SMALL_PHONE) as team:
        host, phone, others = team.host, team.phone, team.others
        assert host.call("start_rounds", {}) == {"ok": True}
        for number in range(3):  # the others answer, the facilitator reveals every round
            round_ = host.wait_for(lambda s: s["round"]["state"] == "open")["round"]
            for name, client in others.items():
                if name != round_["central"]["name"]:
                    assert client.call("pick", {"round_id": round_["id"], "picks": PICKS})["ok"]
            assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
            if number < 2:
                assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}
        assert host.call("start_development", {}) == {"ok": True}

        heading = phone.locator("#view h2")
        expect(heading).to_have_text("Waar wil jij beter in worden? Kies 1 ding.")
        expect(phone.locator("#view")).to_contain_text("Stap 1 van 3")
        phone.locator("label[for=easy-0-onderhandelen]").click()
        expect(phone.locator(".easy-option.chosen")).to_contain_text("Samen maak je een afspraak")
        phone.get_by_role("button", name="Verder").click()
        expect(heading).to_have_text("Waarom wil je hier beter in worden?")
        expect(phone.get_by_role("button", name="Ik vertel het zelf")).to_have_count(0)
        phone.fill("#easy-why", "Ik wil sterker staan in overleg")
        phone.get_by_role("button", name="Verder").click()
        expect(heading).to_have_text("Klopt dit?")
        assert axe_violations(phone) == []
        phone.get_by_role("button", name="Ja, stuur het op").click()
        expect(heading).to_have_text("Klaar! Je antwoord is verstuurd.")
        done = host.wait_for(lambda s: any(d["done"] for d in s.get("development", [])))
        assert [d["name"] for d in done["development"] if d["done"]] == ["Anna"]
