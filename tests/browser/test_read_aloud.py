"""Read aloud ("Voorlezen"): a member who reads with difficulty has the phone read each text
with its own voice. A stand-in for the browser's speech records what would have been said."""

from __future__ import annotations

import pytest
from browser_support import (
    PHONE,
    LiveClient,
    axe_violations,
    create_session,
    join,
    join_on_phone,
    start_rounds_until_not_central,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The browser's speech, replaced before any page script runs: it records each utterance
# (text, language, voice) and each cancel, and has the voices the test gives it.
FAKE_SPEECH = """
(voices) => {
  window.__spoken = [];
  window.__cancelled = 0;
  class Utterance { constructor(text) { this.text = text; } }
  window.SpeechSynthesisUtterance = Utterance;
  const synth = {
    getVoices: () => voices,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name }),
    cancel: () => { window.__cancelled += 1; },
    addEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
}
"""

PICKS = [
    {"competency": "lef", "reason": "Durft te zeggen wat ze denkt"},
    {"competency": "netwerken", "reason": "Kent iedereen"},
]


def phone_with(browser, voices: list[dict]):
    context = browser.new_context(locale="nl-NL", **PHONE)
    context.add_init_script(script=f"({FAKE_SPEECH})({voices!r})".replace("'", '"'))
    return context


def spoken(page) -> list[dict]:
    return page.evaluate("() => window.__spoken")


def test_a_member_hears_the_question_a_description_and_the_reasons(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    context = phone_with(browser, [{"lang": "nl-NL", "name": "Nederlands"}])
    clients = [host]
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        phone = context.new_page()
        join_on_phone(phone, server, code, "Anna")
        expect(phone.locator("#view h2")).to_contain_text("Anna")

        # Off until the member turns it on; then it stays on, also after a reload.
        toggle = phone.get_by_role("button", name="Voorlezen", exact=True)
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(phone.locator("button.speak")).to_have_count(0)
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        phone.reload()
        toggle = phone.get_by_role("button", name="Voorlezen", exact=True)
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(phone.locator("#view h2 + button.speak")).to_have_count(1)

        # "Read everything": the page from the top, in Dutch, without button labels.
        phone.get_by_role("button", name="Lees alles voor").click()
        phone.wait_for_function("() => window.__spoken.length > 0")
        first = spoken(phone)[0]
        assert first == {"text": "Herstart", "lang": "nl-NL", "voice": "Nederlands"}

        bram = LiveClient(server, join(server, code, "Bram"), "member", public_id)
        cas = LiveClient(server, join(server, code, "Cas"), "member", public_id)
        clients += [bram, cas]
        round_ = start_rounds_until_not_central(host, {"Bram": bram, "Cas": cas}, "Anna", PICKS)
        central = round_["central"]["name"]

        # The question, beside its heading (not inside the legend that names the fieldset).
        expect(phone.locator("#view form")).to_be_visible()
        question = phone.locator("#view legend + button.speak")
        question.click()
        assert spoken(phone)[-1]["text"] == f"Welke twee kwaliteiten passen bij {central}?"
        assert phone.locator("#view legend").inner_text().strip().endswith("?")

        # A quality's description: opened, then read.
        phone.locator(".tile[data-key=lef] summary").click()
        description = phone.locator("#quality-lef-desc").inner_text().strip()
        phone.locator("#quality-lef-desc + button.speak").click()
        assert spoken(phone)[-1]["text"] == description
        assert axe_violations(phone) == []

        # A new step stops the reading: the question read aloud leaves the page.
        question.click()
        before = phone.evaluate("() => window.__cancelled")
        for name, client in {"Bram": bram, "Cas": cas}.items():
            if name != central:
                assert client.call("pick", {"round_id": round_["id"], "picks": PICKS})["ok"]
        phone.locator("label[for=quality-lef]").click()
        phone.locator("label[for=quality-netwerken]").click()
        phone.fill("#reason-lef", "Zegt het")
        phone.fill("#reason-netwerken", "Belt iedereen")
        phone.get_by_role("button", name="Verstuur mijn antwoord").click()
        expect(phone.locator("#pick-status")).to_contain_text("verstuurd")
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        expect(phone.locator("#view .tally")).to_be_visible()
        phone.wait_for_function(f"() => window.__cancelled > {before}")

        # The reasons the team gave, one by one.
        reason = phone.locator("#view .reasons > li", has_text="Zegt het")
        reason.locator("button.speak").click()
        assert spoken(phone)[-1]["text"].startswith("Zegt het")
        assert "Lees dit voor" not in spoken(phone)[-1]["text"]
        assert axe_violations(phone) == []
    finally:
        for client in clients:
            client.close()
        context.close()


def test_a_phone_without_a_dutch_voice_says_how_to_add_one(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    context = phone_with(browser, [{"lang": "en-US", "name": "English"}])
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        phone = context.new_page()
        phone.goto(f"{server.url}/j/{code}")
        phone.get_by_role("button", name="Voorlezen", exact=True).click()
        note = phone.locator(".speak-note")
        expect(note).to_contain_text("nog niet voorlezen in het Nederlands")
        expect(note).to_contain_text("tekst naar spraak")
        phone.get_by_role("button", name="Lees alles voor").click()
        expect(note).to_be_visible()
        assert spoken(phone) == []  # never in an English voice
        assert axe_violations(phone) == []
    finally:
        host.close()
        context.close()
