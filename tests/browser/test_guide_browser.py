"""The facilitator's guide in a real browser: a practice session from the start page to the
duos, with the opening slide, the round timer and the projector's chrome, and at every step
a check that nothing meant for the facilitator reaches the big screen."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from browser_support import Server, axe_violations, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PHONE_390 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Example members answer quickly here, so a whole practice session takes seconds."""
    srv = Server(
        tmp_path_factory.mktemp("guide") / "sessions.db", env={"PRACTICE_DELAY_SECONDS": "0.1"}
    ).start()
    yield srv
    srv.stop()


def page_strings(page) -> dict[str, str]:
    return page.evaluate(
        "() => JSON.parse(document.getElementById('page-data').textContent).strings"
    )


def host_only_texts(host, screen) -> list[str]:
    """Every text the host page has and the screen does not: notes, controls, warnings,
    key help. Placeholders split a text into parts; short parts ("Move") are left out."""
    shared = " ".join(page_strings(screen).values())
    texts = [*page_strings(host).values(), host.locator(".key-help").text_content()]
    parts = set()
    for text in texts:
        for line in text.split("\n"):
            for part in PLACEHOLDER.split(line):
                part = part.strip(" .,:;?!()")
                if len(part) >= 12 and part not in shared:
                    parts.add(part)
    return sorted(parts)


# What a sighted person in the room can see: text that is rendered, not only for screen readers.
VISIBLE_TEXT = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest('.visually-hidden, script')) continue;
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    seen.push(walker.currentNode.textContent);
  }
  return seen.join(' ');
}"""


class Stage:
    """Looks at the projector in each state: no host-only text, axe clean, a screenshot."""

    def __init__(self, language, screen, host_only):
        self.language, self.screen, self.host_only = language, screen, host_only
        self.seen: list[str] = []
        self.problems: dict[str, list[str]] = {}

    def check(self, state: str, page=None, *, visible_only: bool = False) -> None:
        page = page or self.screen
        page.wait_for_load_state()
        text = page.evaluate(VISIBLE_TEXT if visible_only else "() => document.body.textContent")
        leaked = [s for s in self.host_only if s in text]
        violations = axe_violations(page)
        if leaked or violations:
            self.problems[f"{self.language}:{state}"] = leaked + violations
        self.seen.append(state)
        screenshot(page, f"guide-{self.language}-{state}")

    def axe(self, page, state: str) -> None:
        """The facilitator's page or a phone in a new state: axe only."""
        violations = axe_violations(page)
        if violations:
            self.problems[f"{self.language}:{state}"] = violations
        screenshot(page, f"guide-{self.language}-{state}")


# A whole practice session, every step checked with axe and photographed: about a minute
# on a busy machine, longer than the default timeout allows for.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_practice_session_from_start_to_duos(browser, server, language):
    words = {
        "nl": {"practice": "Oefensessie", "start": "Start een oefensessie", "up": "De tijd is om"},
        "en": {
            "practice": "Practice session",
            "start": "Start a practice session",
            "up": "The time is up",
        },
    }[language]
    context = browser.new_context(
        locale=f"{language}-NL" if language == "nl" else "en-GB", viewport=PROJECTOR
    )
    phone_context = browser.new_context(locale=context_locale(language), **PHONE_390)
    try:
        host = context.new_page()
        host.on("dialog", lambda dialog: dialog.accept())
        host.goto(server.url + "/")
        host.get_by_role("button", name=words["start"]).click()
        expect(host.locator(".practice-banner")).to_contain_text(words["practice"])

        screen = context.new_page()
        screen.clock.install()  # the timer is checked by moving this page's clock on
        screen.goto(host.locator("details.links a").first.get_attribute("href"))
        expect(screen.locator(".practice-banner")).to_have_text(words["practice"])
        expect(screen.locator(".lobby .chip")).to_have_count(4)
        stage = Stage(language, screen, host_only_texts(host, screen))
        assert len(stage.host_only) > 20 and any("?" in s or len(s) > 40 for s in stage.host_only)

        # The lobby: a large QR code; the full-screen button rests, then comes back.
        qr = screen.evaluate(
            "() => document.querySelector('.qr svg').getBoundingClientRect()"
            ".height / window.innerHeight"
        )
        assert qr >= 0.45, qr
        stage.check("lobby")
        stage.axe(host, "host-lobby")

        code = screen.locator(".join-code .code").text_content().strip()
        phone = phone_context.new_page()
        # This phone's clock runs two minutes ahead: its countdown is over from the start.
        phone.clock.install(time=datetime.now() + timedelta(minutes=2))
        phone.goto(f"{server.url}/j/{code}")
        phone.fill("#name", "Sam")
        phone.click("button[type=submit]")
        expect(phone.locator(".practice-banner")).to_contain_text(words["practice"])
        expect(screen.locator(".lobby .chip")).to_have_count(5)

        # The opening slide, shown by the host; it survives a reload of the screen.
        host.click("[data-key=opening]")
        expect(screen.locator(".opening-qualities > li")).to_have_count(12)
        screen.reload()
        expect(screen.locator(".opening-qualities > li")).to_have_count(12)
        expect(screen.locator(".opening-sentences > li")).to_have_count(3)
        assert screen.evaluate("() => document.documentElement.scrollHeight") <= 720
        stage.check("opening")

        # A timer of one minute; the first round starts, the slide makes way.
        host.select_option("#timer-select", "60")
        expect(host.locator("#timer-select")).to_have_value("60")
        host.click("[data-key=start]")
        expect(screen.locator(".opening")).to_have_count(0)
        expect(screen.locator(".timer")).to_be_visible()
        stage.check("round-open")
        answered(screen, host, 3)  # the examples answered
        screen.clock.fast_forward("01:05")
        expect(screen.locator(".timer")).to_contain_text(words["up"])
        expect(phone.locator("#timer-slot .timer")).to_contain_text(words["up"])
        # When the time is up nothing closes: the phone still sends, the host decides.
        phone.locator("#view label.tile-label").nth(0).click()  # a tap on the tile
        phone.locator("#view label.tile-label").nth(1).click()
        for area in phone.locator("#view textarea:visible").all():
            area.fill("Zegt wat er speelt" if language == "nl" else "Says what is going on")
        phone.click("#view button[type=submit]")
        expect(phone.locator("#pick-status.ok")).to_be_visible()
        answered(screen, host, 4)
        expect(host.locator("[data-key=reveal]")).to_be_visible()
        stage.check("time-up")
        stage.axe(phone, "phone-time-up")
        stage.axe(host, "host-round-open")

        host.click("[data-key=reveal]")
        expect(host.locator("[data-key=next]")).to_be_visible()
        expect(screen.locator(".timer")).to_have_count(0)
        stage.check("revealed")
        stage.axe(host, "host-revealed")

        for _ in range(4):
            host.click("[data-key=next]")
            expect(host.locator("[data-key=reveal]")).to_be_visible()
            answered(screen, host, 4 if not phone_voted(screen) else 3)
            host.click("[data-key=reveal]")
            expect(host.locator("[data-key=development]")).to_be_visible()
        # Every round done: a late joiner would get no round, so the screen drops the code.
        expect(screen.locator(".join-late")).to_have_count(0)
        host.click("[data-key=development]")
        answered(screen, host, 4)  # the examples chose
        phone.locator("#view input[type=radio]").nth(3).check()
        phone.fill("#goal-reason", "Dat wil ik oefenen" if language == "nl" else "I want this")
        phone.click("#view button[type=submit]")
        answered(screen, host, 5)
        stage.check("development")

        host.click("[data-key=pairing]")
        expect(screen.locator(".groups > li")).to_have_count(2)
        stage.check("pairing")
        host.click("[data-key=confirm]")
        expect(phone.locator(".duo")).to_be_visible()
        stage.check("closed")
        screenshot(phone, f"guide-{language}-phone-closed")

        # Presentation mode on the laptop: what the room sees is the board only.
        # Turned on from the keyboard: the focus goes to the page, and no focus ring (nor its
        # dark shadow) lies across the slide.
        host.focus("#presentation")
        host.keyboard.press("Enter")
        expect(host.locator("body.presenting")).to_have_count(1)
        ring = host.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.id, s.outlineStyle, s.boxShadow]; }"
        )
        assert ring == ["main", "none", "none"], ring
        expect(host.locator("#presentation-exit")).to_be_hidden()  # rests after a few seconds
        stage.check("presentation", host, visible_only=True)
        host.mouse.move(200, 200)
        expect(host.locator("#presentation-exit")).to_be_visible()

        assert stage.problems == {}
        assert stage.seen[:3] == ["lobby", "opening", "round-open"]

        # A practice session is deleted like any other.
        host.keyboard.press("Escape")
        host.click("[data-key=delete]")
        expect(host).to_have_url(server.url + "/")
        expect(screen.locator("h1")).to_be_visible()
        expect(screen.locator(".board")).to_have_count(0)
    finally:
        context.close()
        phone_context.close()


def context_locale(language: str) -> str:
    return "nl-NL" if language == "nl" else "en-GB"


def answered(screen, host, n: int) -> None:
    """The projector counts who answered and names nobody; the host's page names them."""
    expect(screen.locator("#board .progress")).to_have_text(re.compile(rf"^{n}\D"))
    expect(screen.locator("#board .chip")).to_have_count(0)
    expect(host.locator("#controls .answers .chip.done")).to_have_count(n)


def phone_voted(screen) -> bool:
    """Whether the round on the screen is Sam's own (then four examples answer)."""
    return "Sam" not in (screen.locator(".central").text_content() or "")


def test_projector_chrome(browser, server):
    """The full-screen button rests when the mouse does and comes back when it moves; the
    lobby's QR code is at least 45 % of the height on a 1920 × 1080 projector too."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1920, "height": 1080})
    try:
        host = context.new_page()
        host.goto(server.url + "/")
        host.fill("#team_name", "Raad")
        host.click("form.form button[type=submit]")
        screen = context.new_page()
        screen.goto(host.locator("details.links a").first.get_attribute("href"))
        expect(screen.locator(".qr svg")).to_be_visible()
        qr = screen.evaluate(
            "() => document.querySelector('.qr svg').getBoundingClientRect()"
            ".height / window.innerHeight"
        )
        assert qr >= 0.45, qr
        assert screen.evaluate("() => document.documentElement.scrollHeight") <= 1080
        fullscreen = screen.locator("#fullscreen")
        expect(fullscreen).to_be_hidden()  # idle after a few seconds
        screen.mouse.move(300, 300)
        expect(fullscreen).to_be_visible()
        screen.keyboard.press("Tab")
        screenshot(screen, "guide-lobby-1920")
        # No key help and no controls on the projector.
        assert "R =" not in screen.evaluate("() => document.documentElement.textContent")
    finally:
        context.close()
