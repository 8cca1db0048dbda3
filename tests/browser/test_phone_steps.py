"""A phone through the steps of a session, as a member who uses the keyboard or a screen
reader would notice them: where each new step starts, where the focus is, what is said."""

from __future__ import annotations

import pytest
from browser_support import PHONE, LiveClient, create_session, join
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PICKS = [
    {"competency": "lef", "reason": "Durft"},
    {"competency": "netwerken", "reason": "Kent iedereen"},
]


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName.toLowerCase() + (e.closest('#view') ? '@view' : ''); }"
    )


def test_a_phone_follows_the_steps_from_the_top(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    clients = [host]
    context = browser.new_context(locale="nl-NL", **PHONE)
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        phone = context.new_page()
        phone.goto(f"{server.url}/j/{code}")
        phone.fill("#name", "Anna")
        phone.click("button[type=submit]")
        expect(phone.locator("#view h2")).to_contain_text("Anna")
        others = {
            name: LiveClient(server, join(server, code, name), "member", public_id)
            for name in ("Bram", "Cas")
        }
        clients.extend(others.values())

        def open_round() -> dict:
            return host.wait_for(lambda s: s["round"]["state"] == "open")["round"]

        def reveal_and_next(round_: dict, *, last: bool = False) -> None:
            assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
            host.wait_for(
                lambda s: s["round"]["id"] == round_["id"] and s["round"]["state"] == "revealed"
            )
            if not last:
                assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}
                host.wait_for(lambda s: s["round"]["id"] != round_["id"])

        def others_answer(round_: dict) -> None:
            for name, client in others.items():
                if name != round_["central"]["name"]:
                    ack = client.call("pick", {"round_id": round_["id"], "picks": PICKS})
                    assert ack == {"ok": True}

        assert host.call("start_rounds", {}) == {"ok": True}
        round_ = open_round()
        while round_["central"]["name"] == "Anna":  # the phone's own round: nothing to pick
            others_answer(round_)
            reveal_and_next(round_)
            round_ = open_round()

        # A third quality: it stays unticked and the phone says why, right there.
        form = phone.locator("#view form")
        expect(form).to_be_visible()
        for key in ("lef", "netwerken", "creativiteit"):
            phone.locator(f"label[for=quality-{key}]").click()
        expect(phone.locator("#quality-creativiteit")).not_to_be_checked()
        expect(phone.locator("#limit-creativiteit")).to_be_visible()
        expect(phone.locator("#limit-creativiteit")).to_contain_text("al twee gekozen")
        expect(phone.locator("#pick-counter")).to_have_text("2 van 2 gekozen")

        # Sending by keyboard keeps the focus on the button (a disabled button would drop
        # it to the top of the page).
        phone.fill("#reason-lef", "Zegt wat ze denkt")
        phone.fill("#reason-netwerken", "Kent de wethouder")
        phone.focus("#view button[type=submit]")
        phone.keyboard.press("Enter")
        expect(phone.locator("#pick-status")).to_have_class("message ok")
        assert phone.evaluate("() => document.activeElement.type") == "submit"

        # The reveal: the phone was scrolled down to the button; the tally starts at the top,
        # with the focus on its heading.
        others_answer(round_)
        phone.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        assert phone.evaluate("() => window.scrollY") > 500
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        expect(phone.locator("#view .tally")).to_be_visible()
        assert phone.evaluate("() => window.scrollY") == 0
        assert _focused(phone) == "h2@view"

        # The next round (or the development step) starts at the top as well.
        assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}
        round_ = open_round()
        if round_["central"]["name"] == "Anna":
            others_answer(round_)
            reveal_and_next(round_)
            round_ = open_round()
        expect(phone.locator("#view form")).to_be_visible()
        assert phone.evaluate("() => window.scrollY") == 0
        assert _focused(phone) == "h2@view"

        # Ticked but not sent when the answers are shown: the phone says it was too late.
        phone.locator("label[for=quality-samenwerken]").click()
        others_answer(round_)
        reveal_and_next(round_, last=True)
        expect(phone.locator("#view .message.error")).to_contain_text("niet verstuurd")
        keys = phone.evaluate("() => Object.keys(window.localStorage)")
        assert not [k for k in keys if k.startswith("pick:")]

        # Development: a goal typed but not sent is a draft on the phone ...
        assert host.call("start_development", {}) == {"ok": True}
        phone.locator("label[for=goal-lef]").click()
        phone.fill("#goal-reason", "Ik wil vaker iets zeggen")
        assert [
            k
            for k in phone.evaluate("() => Object.keys(window.localStorage)")
            if k.startswith("goal:")
        ]
        # The Wi-Fi drops while sending: the phone says so, and says what to do once the
        # connection is back.
        status = phone.locator("#view [role=status]")
        context.set_offline(True)
        expect(phone.locator("#connection")).to_be_visible(timeout=20_000)
        phone.click("#view button[type=submit]")
        expect(status).to_contain_text("Niet verstuurd")
        context.set_offline(False)
        expect(phone.locator("#connection")).to_be_hidden(timeout=20_000)
        expect(status).to_contain_text("Tik nog een keer")
        phone.click("#view button[type=submit]")
        expect(status).to_have_class("message ok")
        for name, client in others.items():
            goal = {"competency": "netwerken" if name == "Bram" else "lef", "reason": "Graag"}
            assert client.call("goal", goal) == {"ok": True}
        assert host.call("start_pairing", {}) == {"ok": True}
        expect(phone.locator("#view .duo")).to_be_visible()
        expect(phone.locator("#announce")).to_have_text("Je duo is klaar.")

        # ... and the phone forgets this session's drafts when it is done.
        phone.evaluate(f"() => localStorage.setItem('goal:{public_id}:0', '{{}}')")
        assert host.call("confirm_duos", {}) == {"ok": True}
        expect(phone.locator("#view .duo .note")).to_contain_text("vast")
        keys = phone.evaluate("() => Object.keys(window.localStorage)")
        assert [k for k in keys if k.split(":")[1:2] == [public_id]] == []

        # A reload is not news: the duo is not announced again.
        phone.reload()
        expect(phone.locator("#view .duo")).to_be_visible()
        phone.wait_for_timeout(300)  # an announcement is made 50 ms after rendering
        expect(phone.locator("#announce")).to_have_text("")
    finally:
        context.close()
        for client in clients:
            client.close()
