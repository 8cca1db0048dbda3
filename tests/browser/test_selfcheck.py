"""The standalone self-check in a real browser: from the start page, through all 48
statements on a phone, to the profile, printed or saved as text — and nothing of it sent."""

from __future__ import annotations

import re

import pytest
from browser_support import PHONE, axe_violations, screenshot
from playwright.sync_api import expect
from test_accessibility import SMALL_TARGETS

from session_app.content import COMPETENCIES
from session_app.content.statements import STATEMENTS

pytestmark = pytest.mark.browser

SCALE_NL = ["zeer waar", "meestal waar", "beetje waar", "niet waar"]
SCALE_EN = ["very true", "mostly true", "a bit true", "not true"]


def answer_for(part: int, index: int) -> int:
    """The answer the test gives: part 1 all 'very true', part 2 all 'not true', then mixed."""
    if part == 0:
        return 0
    if part == 1:
        return 3
    return (part + index) % 4


def check_page(page, found: list[str], state: str) -> None:
    found.extend(f"{state}: {v}" for v in axe_violations(page))
    small = page.evaluate(SMALL_TARGETS)
    if small:
        found.append(f"{state}: small touch targets {small}")
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 320:
        found.append(f"{state}: scrolls sideways at 320 px ({width}px)")
    page.set_viewport_size(size)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_self_check_start_to_end_sends_nothing(server, browser, language):
    context = browser.new_context(**PHONE, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    requests_seen: list[tuple[str, str, str | None]] = []
    sockets: list[str] = []
    page.on("request", lambda r: requests_seen.append((r.method, r.url, r.post_data)))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    found: list[str] = []
    scale = SCALE_NL if language == "nl" else SCALE_EN
    try:
        page.goto(server.url + "/")
        if language == "en":
            page.get_by_role("link", name="English").click()
        link = {"nl": "Doe de zelftest", "en": "Do the self-check"}[language]
        page.get_by_role("link", name=re.compile(link)).click()
        expect(page.locator("h2")).to_have_text(
            {"nl": "Kijk naar jezelf", "en": "Look at yourself"}[language]
        )
        check_page(page, found, f"{language}:intro")
        page.locator("#selfcheck-start").click()

        for part in range(len(COMPETENCIES)):
            heading = page.locator("#selfcheck h2")
            expect(heading).to_be_focused()
            expect(heading).to_contain_text(f"{part + 1}")
            fieldsets = page.locator("fieldset.statement")
            expect(fieldsets).to_have_count(4)
            for index in range(4):
                if part == 2 and index == 3:
                    continue  # one sentence left open: skipping is allowed
                fieldsets.nth(index).get_by_text(scale[answer_for(part, index)], exact=True).click()
            if part == 0:
                check_page(page, found, f"{language}:part1")
                screenshot(page, f"selfcheck-part-{language}")
            page.locator("#selfcheck-next").click()

        expect(page.locator("#selfcheck h2")).to_be_focused()
        rows = page.locator(".profile-row")
        expect(rows).to_have_count(12)
        names = {
            "nl": ["Signaleren en analyseren", "Sensitiviteit"],
            "en": ["Spotting and analysing", "Sensitivity"],
        }[language]
        texts = {
            "nl": (
                "Past bij jou: 4 van 4.",
                "Past bij jou: 0 van 4. Om te leren: 4.",
                "Geen antwoord: 1.",
            ),
            "en": ("Suits you: 4 of 4.", "Suits you: 0 of 4. To learn: 4.", "No answer: 1."),
        }[language]
        # First a short summary: part 1 suits best (4 of 4), part 2 has most to learn.
        summary = page.locator(".profile-summary")
        expect(summary).to_contain_text(names[0])
        expect(summary.locator("p").nth(1)).to_contain_text(names[1])
        expect(rows.nth(0).locator(".profile-text")).to_have_text(texts[0])
        expect(rows.nth(1).locator(".profile-text")).to_have_text(texts[1])
        expect(rows.nth(2).locator(".profile-text")).to_contain_text(texts[2])
        # The statements answered 'a bit' or 'not true' are the learning points.
        learn = rows.nth(1).locator("li")
        expect(learn).to_have_count(4)
        assert rows.nth(0).locator("li").count() == 0
        check_page(page, found, f"{language}:profile")
        screenshot(page, f"selfcheck-profile-{language}")

        with page.expect_download() as info:
            page.locator("#selfcheck-save").click()
        with open(info.value.path(), encoding="utf-8-sig") as file:
            saved = file.read()
        assert texts[1] in saved
        assert names[0] in saved.split("\n")[3]  # the summary comes first
        assert scale[3] in saved

        # The answers are kept on the phone: a reload comes back to the profile.
        page.reload()
        expect(page.locator(".profile-row").nth(1).locator(".profile-text")).to_have_text(texts[1])
        page.once("dialog", lambda d: d.accept())
        page.locator("#selfcheck-clear").click()
        expect(page.locator("#selfcheck-start")).to_be_visible()
        assert page.evaluate("() => localStorage.getItem('selfcheck:v1')") is None
    finally:
        context.close()

    assert not found, "\n".join(found)
    assert not sockets, f"the self-check opened a connection: {sockets}"
    sent = [(m, u) for m, u, _ in requests_seen if m != "GET"]
    assert not sent, f"the self-check sent something: {sent}"
    own = [u for _, u, _ in requests_seen if u.startswith(server.url)]
    assert all(not re.search(r"true|waar|answer", u.split("/static/")[0]) for u in own), own
    assert not [u for _, u, _ in requests_seen if not u.startswith((server.url, "blob:"))]


def test_self_check_page_lists_the_statements_in_dutch(client):
    html = client.get("/self-check", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Zelftest" in html
    assert "Ik ga door, ook als het moeilijk wordt." in html
    assert STATEMENTS["stressbestendigheid"][0] not in html  # the English text is not used
