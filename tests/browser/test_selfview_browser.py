"""The self-view on a real phone: choosing in the lobby, the comparison at the own reveal,
the screen only with consent, the wanted qualities first in the development step, and the
statements rated there as learning points with the duo and in the result."""

from __future__ import annotations

import re

import pytest
from browser_support import (
    PHONE,
    LiveClient,
    axe_violations,
    create_session,
    join,
    screenshot,
)
from playwright.sync_api import expect
from test_selfcheck import check_page

pytestmark = pytest.mark.browser

TEXT = {
    "nl": {
        "both": "Zag jij ook",
        "team": "Zag het team in jou",
        "self": "Zag jij, het team (nog) niet",
        "lef": "Lef",
        "communicatie": "Communicatie",
        "netwerken": "Netwerken",
        "zelfreflectie": "Zelfreflectie",
        "not": "niet waar",
        "very": "zeer waar",
        "learn": "Voor een overleg weet ik op welke punten ik kan toegeven.",
        "shared": "Anna koos zelf",
        "both_lists": "al in de andere lijst",
        "show": "Laat het ook aan de groep zien",
        "hide": "Houd het voor mezelf",
    },
    "en": {
        "both": "You saw it too",
        "team": "The team saw it in you",
        "self": "You saw it, the team did not (yet)",
        "lef": "Courage",
        "communicatie": "Communication",
        "netwerken": "Networking",
        "zelfreflectie": "Self-reflection",
        "not": "not true",
        "very": "very true",
        "learn": "Before a meeting I know on which points I can give in.",
        "both_lists": "already in the other list",
        "show": "Let the group see it too",
        "hide": "Keep it to myself",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_self_view_from_lobby_to_result(server, browser, language):
    words = TEXT[language]
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    clients = [host]
    screen_key = re.search(
        r"/screen/([\w-]+)", host_http.get(f"{server.url}/s/{public_id}/host", timeout=10).text
    ).group(1)
    context = browser.new_context(locale="nl-NL" if language == "nl" else "en-GB", **PHONE)
    screen_context = browser.new_context(viewport={"width": 1280, "height": 720})
    found: list[str] = []

    def check(page, state):
        """axe, touch targets, and no sideways scrolling at 320 px."""
        check_page(page, found, f"{language}:{state}")

    try:
        code = host.wait_for(lambda s: True)["join_code"]
        phone = context.new_page()
        phone.goto(f"{server.url}/j/{code}")
        phone.fill("#name", "Anna")
        phone.click("button[type=submit]")
        expect(phone.locator("#view h2")).to_contain_text("Anna")
        bram = LiveClient(server, join(server, code, "Bram"), "member", public_id)
        clients.append(bram)
        screen = screen_context.new_page()
        screen.goto(f"{server.url}/screen/{screen_key}")

        # In the lobby: the self-view is there, folded away, optional.
        details = phone.locator("#self-view details")
        expect(details).to_be_visible()
        details.locator("summary").click()
        for key in ("lef", "netwerken", "zelfreflectie"):
            phone.locator(f"label[for=self-fit-{key}]").click()
        # A quality in both lists: it stays unticked and the phone says why.
        phone.locator("label[for=self-dev-lef]").click()
        expect(phone.locator("#self-dev-lef")).not_to_be_checked()
        expect(phone.locator("#self-dev-error")).to_contain_text(words["both_lists"])
        for key in ("onderhandelen", "politiek_inzicht", "sensitiviteit"):
            phone.locator(f"label[for=self-dev-{key}]").click()
        check(phone, "lobby-self-view")
        phone.locator("#self-view button[type=submit]").click()
        expect(phone.locator("#self-status")).to_have_class("message ok")
        me = host.wait_for(lambda s: len(s["members"]) == 2)
        assert "zelfreflectie" not in str(me)  # the host never got it

        # Anna's round: Bram chooses communicatie and lef.
        assert host.call("start_rounds", {}) == {"ok": True}
        first = host.wait_for(lambda s: s["round"]["state"] == "open")["round"]
        assert first["central"]["name"] == "Anna"
        ack = bram.call(
            "pick",
            {
                "round_id": first["id"],
                "picks": [
                    {"competency": "communicatie", "reason": "Legt goed uit"},
                    {"competency": "lef", "reason": "Durft"},
                ],
            },
        )
        assert ack == {"ok": True}
        assert host.call("reveal", {"round_id": first["id"]}) == {"ok": True}

        compare = phone.locator("#view .compare")
        expect(compare).to_be_visible()
        expect(compare.locator(".both h3")).to_have_text(words["both"])
        expect(compare.locator(".both li")).to_have_text([words["lef"]])
        expect(compare.locator(".team h3")).to_have_text(words["team"])
        expect(compare.locator(".team li")).to_have_text([words["communicatie"]])
        expect(compare.locator(".self h3")).to_have_text(words["self"])
        expect(compare.locator(".self li")).to_have_text(
            [words["netwerken"], words["zelfreflectie"]]
        )
        check(phone, "own-reveal")
        screenshot(phone, f"selfview-reveal-{language}")

        # The screen shows the tally, not Anna's own choice, until she allows it.
        expect(screen.locator(".reveal-headline")).to_be_visible()
        expect(screen.locator(".self-choice")).to_have_count(0)
        expect(phone.locator("#self-view details")).to_have_attribute("open", "")  # still open
        phone.locator("label[for=self-show]").click()
        # (The screen speaks the session's language: Dutch.)
        expect(screen.locator(".self-choice")).to_contain_text(TEXT["nl"]["shared"])
        expect(screen.locator(".self-choice")).to_contain_text(TEXT["nl"]["zelfreflectie"])
        screenshot(screen, f"selfview-screen-{language}")
        # The phone says so next to the comparison, and can take it back right there.
        toggle = phone.locator("#view [data-key=self-show-toggle]")
        expect(toggle).to_have_text(words["hide"])
        toggle.click()
        expect(screen.locator(".self-choice")).to_have_count(0)
        expect(toggle).to_have_text(words["show"])
        expect(phone.locator("#self-show")).not_to_be_checked()
        toggle.click()
        expect(screen.locator(".self-choice")).to_have_count(1)

        # Bram's round: Anna answers on the phone; then the development step.
        assert host.call("next_round", {"round_id": first["id"]}) == {"ok": True}
        second = host.wait_for(
            lambda s: s["round"]["state"] == "open" and s["round"]["id"] != first["id"]
        )["round"]
        expect(phone.locator("#self-view")).to_be_hidden()  # answering comes first
        phone.locator("label[for=quality-lef]").click()
        phone.locator("label[for=quality-netwerken]").click()
        phone.fill("#reason-lef", "Zegt wat hij denkt")
        phone.fill("#reason-netwerken", "Kent iedereen")
        phone.locator("#view button[type=submit]").click()
        expect(phone.locator("#pick-status")).to_have_class("message ok")
        expect(phone.locator("#self-view")).to_be_visible()  # after sending it is back
        assert host.call("reveal", {"round_id": second["id"]}) == {"ok": True}
        host.wait_for(
            lambda s: s["round"]["state"] == "revealed" and s["round"]["id"] == second["id"]
        )
        assert host.call("start_development", {}) == {"ok": True}

        # The three she wanted to develop come first.
        goals = phone.locator("#view input[name=goal]")
        expect(goals).to_have_count(12)
        assert {goals.nth(i).get_attribute("value") for i in range(3)} == {
            "onderhandelen",
            "politiek_inzicht",
            "sensitiviteit",
        }
        expect(phone.locator("#self-view")).to_be_hidden()  # no longer changes
        phone.locator("label[for=goal-onderhandelen]").click()
        phone.locator("#goal-ratings > summary").click()  # optional: folded away
        ratings = phone.locator("#goal-ratings fieldset.statement")
        expect(ratings).to_have_count(4)
        ratings.nth(2).get_by_text(words["not"], exact=True).click()
        ratings.nth(0).get_by_text(words["very"], exact=True).click()
        phone.fill("#goal-reason", "Ik wil sterker staan")
        check(phone, "development")
        screenshot(phone, f"selfview-development-{language}")
        phone.locator("#view button[type=submit]").click()
        expect(phone.locator("#view [role=status]")).to_have_class("message ok")
        assert bram.call("goal", {"competency": "lef", "reason": "Durven"}) == {"ok": True}
        assert host.call("start_pairing", {}) == {"ok": True}
        version = host.wait_for(lambda s: s["phase"] == "pairing")["version"]
        assert host.call("confirm_duos", {"version": version}) == {"ok": True}

        learning = phone.locator("#view .learning")
        expect(learning.locator("li")).to_have_text([words["learn"]])
        check(phone, "duo")
        screenshot(phone, f"selfview-duo-{language}")

        # The personal result has the comparison and the learning point too.
        phone.goto(f"{server.url}/s/{public_id}/me/result")
        expect(phone.locator(".compare .self li")).to_have_text(
            [words["netwerken"], words["zelfreflectie"]]
        )
        expect(phone.locator(".learning li")).to_have_text([words["learn"]])
        check(phone, "result")
        screenshot(phone, f"selfview-result-{language}")

        # Anna allowed it: the facilitator's report shows it too (Bram chose nothing).
        laptop = screen_context.new_page()
        screen_context.add_cookies(
            [{"name": c.name, "value": c.value, "url": server.url} for c in host_http.cookies]
        )
        laptop.goto(f"{server.url}/s/{public_id}/report")
        expect(laptop.locator(".report-member .compare")).to_have_count(1)
        expect(laptop.locator(".report-member").first.locator(".learning li")).to_have_count(1)
        found.extend(f"{language}:report: {v}" for v in axe_violations(laptop))
        screenshot(laptop, f"selfview-report-{language}")
    finally:
        for client in clients:
            client.close()
        context.close()
        screen_context.close()
    assert not found, "\n".join(found)
