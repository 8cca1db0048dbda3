"""WCAG 2.1 AA in a real browser: axe-core finds nothing on any page, in any state, in
both languages (the error pages and a member's own result page too); phones, the
facilitator's page and the error pages work at 320 px wide and at 200 % zoom without
sideways scrolling; touch targets are at least 44 × 44 px."""

from __future__ import annotations

import re

import pytest
from browser_support import PHONE, LiveClient, axe_violations, join, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAMES = ["Anna", "Bram", "Chris"]
KEYS = ["lef", "netwerken", "communicatie", "samenwerken"]


class Sweep:
    """Runs axe on every page it is shown and collects what it finds, per state."""

    def __init__(self, language: str):
        self.language = language
        self.found: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def check(self, page, state: str) -> None:
        page.wait_for_load_state()
        name = f"{self.language}:{state}"
        self.checked.append(name)
        violations = axe_violations(page)
        if violations:
            self.found[name] = violations

    def fits(self, page, state: str) -> None:
        """No sideways scrolling, and every control is a big enough touch target."""
        width = page.evaluate("() => document.documentElement.scrollWidth")
        # The device's width: a mobile browser widens innerWidth to fit wide content.
        viewport = page.viewport_size["width"]
        if width > viewport:
            self.found.setdefault(f"{self.language}:{state}", []).append(
                f"scrolls sideways: {width}px content in {viewport}px"
            )
        small = page.evaluate(SMALL_TARGETS)
        if small:
            self.found.setdefault(f"{self.language}:{state}", []).append(
                f"touch targets under 44x44: {small}"
            )

    def narrow(self, page, state: str) -> None:
        """``fits`` at 320 px wide (200 % zoom on a 640 px window), then the old size again."""
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 640})
        try:
            self.fits(page, f"{state}-320")
        finally:
            page.set_viewport_size(size)


# Buttons, links and fields under 44 × 44 CSS px. A checkbox or radio counts with its label
# (the label is what a finger taps); links inside running text are exempt (WCAG 2.5.5).
SMALL_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll('button, a[href], input, select, textarea, summary')) {
    if (el.closest('[hidden]') || el.getClientRects().length === 0) continue;
    if (el.classList.contains('skip-link') && document.activeElement !== el) continue;
    if (el.tagName === 'A' && el.closest('p, li') && !el.classList.contains('button')) continue;
    let box = el.getBoundingClientRect();
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels.length) {
      const label = el.labels[0].getBoundingClientRect();
      box = { width: Math.max(box.width, label.width), height: Math.max(box.height, label.height) };
    }
    if (box.width < 43.5 || box.height < 43.5) {
      small.push(`${el.tagName.toLowerCase()}#${el.id || el.textContent.trim().slice(0, 20)}`
        + ` ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


# axe on every page in every state of a whole session: over a minute on a busy machine.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_in_every_state(browser, server, language):
    sweep = Sweep(language)
    browser_locale = "nl-NL" if language == "nl" else "en-GB"

    def context(**options):
        ctx = browser.new_context(locale=browser_locale, **options)
        ctx.set_default_timeout(10_000)
        return ctx

    contexts = []
    try:
        visitor = context(viewport={"width": 1280, "height": 800})
        contexts.append(visitor)
        page = visitor.new_page()
        for path, state in [
            ("/", "start"),
            ("/join", "join"),
            ("/nothing-here", "404"),
            ("/join?code=ZZZZZZ", "join-code"),
        ]:
            page.goto(server.url + path)
            sweep.check(page, state)
        page.goto(server.url + "/join")
        page.click("button[type=submit]")
        expect(page.locator(".error").first).to_be_visible()
        sweep.check(page, "join-errors")

        hosting = context(viewport={"width": 1280, "height": 900})
        contexts.append(hosting)
        host = hosting.new_page()
        host.on("dialog", lambda d: d.accept())
        host.goto(server.url + "/")
        host.fill("#team_name", f"Raad {language}")
        host.check(f"input[name=locale][value={language}]")
        host.click("button[type=submit]")
        expect(host).to_have_url(re.compile(r"/host$"))
        screen_ctx = context(viewport={"width": 1280, "height": 720})
        contexts.append(screen_ctx)
        screen = screen_ctx.new_page()
        screen.goto(host.locator("details.links a").first.get_attribute("href"))
        code = screen.locator(".join-code .code").inner_text()
        page.goto(host.url)  # the host page without the host's cookie
        expect(page.locator("h1")).to_be_visible()
        sweep.check(page, "403")

        phones = []
        for name in NAMES:
            ctx = context(**{**PHONE, "viewport": {"width": 320, "height": 640}})
            contexts.append(ctx)
            phone = ctx.new_page()
            phone.goto(f"{server.url}/j/{code}")
            if not phones:
                sweep.check(phone, "phone-join")
                sweep.fits(phone, "phone-join")
            phone.fill("#name", name)
            phone.click("button[type=submit]")
            expect(phone.locator("#view h2")).to_be_visible()
            phones.append(phone)

        def everyone(state, *, phone_index=0):
            sweep.check(host, f"host-{state}")
            sweep.narrow(host, f"host-{state}")
            sweep.check(screen, f"screen-{state}")
            sweep.check(phones[phone_index], f"phone-{state}")
            sweep.fits(phones[phone_index], f"phone-{state}")

        expect(screen.locator(".chip")).to_have_count(3)
        everyone("lobby")
        host.click("[data-key=start]")
        expect(screen.locator(".central")).to_be_visible()

        for number in range(3):
            views = [p.locator("#view") for p in phones]
            for view in views:
                expect(view).to_have_attribute("data-stage", re.compile(r":open:"))
            stages = [v.get_attribute("data-stage") for v in views]
            voters = [i for i, s in enumerate(stages) if s.endswith(":other")]
            central = next(i for i, s in enumerate(stages) if s.endswith(":me"))
            if number == 0:
                everyone("round-open", phone_index=voters[0])
                sweep.check(phones[central], "phone-central")
                sweep.fits(phones[central], "phone-central")
            for i in voters:
                phone = phones[i]
                if number == 0 and i == voters[0]:
                    phone.click("#view button[type=submit]")  # nothing chosen: errors
                    expect(phone.locator("#pick-error")).to_be_visible()
                    sweep.check(phone, "phone-pick-errors")
                for key, reason in (
                    (KEYS[i], "Omdat het zo is\nen al heel lang"),
                    (KEYS[i + 1], "Woord" + "x" * 200),
                ):  # no spaces at all
                    phone.locator(f"label[for=quality-{key}]").click()
                    phone.fill(f"#reason-{key}", reason)
                phone.click("#view button[type=submit]")
                expect(phone.locator("#pick-status")).to_have_class(re.compile("ok"))
            host.click("[data-key=reveal]")
            expect(screen.locator(".reveal-headline")).to_be_visible()
            if number == 0:
                # A typed line break stays a line break (on the first quality's step).
                host.click("[data-key=step-next]")
                expect(screen.locator(".reveal-step")).to_be_visible()
                texts = screen.locator(".reason-text").all_inner_texts()
                assert any("is\nen al" in text for text in texts), texts
                everyone("revealed", phone_index=voters[0])
                sweep.fits(phones[central], "phone-own-result")
                sweep.check(phones[central], "phone-own-result")
                screenshot(screen, f"a11y-{language}-screen-revealed-1280")
            host.click("[data-key=next]" if number < 2 else "[data-key=development]")

        expect(phones[0].locator("#view form")).to_be_visible()
        everyone("development")
        for i, phone in enumerate(phones):
            phone.locator(f"label[for=goal-{KEYS[(i + 1) % 3]}]").click()
            phone.fill("#goal-reason", "Dat wil ik leren")
            phone.click("#view button[type=submit]")
            expect(phone.locator("#view .message.ok")).to_be_visible()
        host.click("[data-key=pairing]")
        expect(phones[0].locator(".duo")).to_be_visible()
        everyone("pairing")
        host.click("[data-key=confirm]")
        expect(host.locator("[data-key=csv]")).to_be_visible()
        everyone("closed")

        host.click("#presentation")
        sweep.check(host, "host-presentation")
        screenshot(phones[0], f"a11y-{language}-phone-320-closed")

        # A member's own result (with their cookie, now that the duos exist), on the phone.
        public_id = re.search(r"/s/([\w-]+)/host", host.url).group(1)
        phones[0].goto(f"{server.url}/s/{public_id}/me/result")
        expect(phones[0].locator(".tally-row").first).to_be_visible()
        sweep.check(phones[0], "result")
        sweep.fits(phones[0], "result")

        # The error pages, on the 320 px phone of someone who is not in the session.
        stranger_context = context(**{**PHONE, "viewport": {"width": 320, "height": 640}})
        contexts.append(stranger_context)
        stranger = stranger_context.new_page()
        for path, status, state in [
            ("/j/QQQQQQ", 404, "404-join-link"),
            ("/s/xxx/host", 404, "404-host"),
            (f"/s/{public_id}/report", 403, "403-download"),
            (f"/s/{public_id}/me/result", 403, "403-result"),
            (f"/j/{code}", 410, "410-closed"),
        ]:
            response = stranger.goto(server.url + path)
            assert response.status == status, (path, response.status)
            expect(stranger.locator("html")).to_have_attribute("lang", language)
            expect(stranger.locator("h1")).to_be_visible()
            sweep.check(stranger, state)
            sweep.fits(stranger, state)

        # 200 % zoom on a laptop: the same CSS pixels as a 640 px wide window.
        zoomed = context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
        contexts.append(zoomed)
        page = zoomed.new_page()
        page.goto(server.url + "/")
        sweep.fits(page, "start-200%")
    finally:
        for ctx in contexts:
            ctx.close()

    assert len(sweep.checked) > 33
    report = "\n".join(f"{state}: {line}" for state, lines in sweep.found.items() for line in lines)
    assert not sweep.found, "\n" + report


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_reveal_step_by_step(browser, server, language):
    """The reveal's new states: the headline and a reason step on the projector, the host's
    step controls (also at 320 px) and presentation mode on a step."""
    sweep = Sweep(language)
    locale = "nl-NL" if language == "nl" else "en-GB"
    hosting = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    projector = browser.new_context(locale=locale, viewport={"width": 1920, "height": 1080})
    members = []
    try:
        host = hosting.new_page()
        host.goto(server.url + "/")
        host.fill("#team_name", f"Onthulling {language}")
        host.check(f"input[name=locale][value={language}]")
        host.click("button[type=submit]")
        expect(host).to_have_url(re.compile(r"/host$"))
        public_id = re.search(r"/s/([\w-]+)/host", host.url).group(1)
        screen = projector.new_page()
        screen.goto(host.locator("details.links a").first.get_attribute("href"))
        code = screen.locator(".join-code .code").inner_text()
        members = [
            LiveClient(server, join(server, code, name), "member", public_id) for name in NAMES
        ]
        expect(screen.locator(".chip")).to_have_count(3)
        host.click("[data-key=start]")
        round_ = members[0].wait_for(lambda s: s["round"]["state"] == "open")["round"]
        for n, member in enumerate(members):
            if member.states[-1]["me"]["id"] != round_["central"]["id"]:
                assert member.call(
                    "pick",
                    {
                        "round_id": round_["id"],
                        "picks": [
                            {"competency": KEYS[n], "reason": "Zegt wat er speelt"},
                            {"competency": KEYS[n + 1], "reason": "Luistert\neerst goed"},
                        ],
                    },
                ) == {"ok": True}
        expect(host.locator(".progress").first).to_contain_text("2")
        host.click("[data-key=reveal]")
        expect(screen.locator(".reveal-headline")).to_be_visible()
        expect(host.locator(".reveal-status")).to_be_visible()
        sweep.check(screen, "screen-headline")
        sweep.check(host, "host-headline")
        sweep.narrow(host, "host-headline")
        host.click("[data-key=step-next]")
        expect(screen.locator(".reveal-step")).to_be_visible()
        sweep.check(screen, "screen-step")
        sweep.check(host, "host-step")
        sweep.narrow(host, "host-step")
        screenshot(host, f"a11y-{language}-host-step")
        host.click("#presentation")
        host.keyboard.press("ArrowRight")
        expect(host.locator("#board .reveal")).to_have_attribute("data-step", "2")
        sweep.check(host, "host-presentation-step")
        screenshot(host, f"a11y-{language}-host-presentation-step")
        screenshot(screen, f"a11y-{language}-screen-step-1920")
    finally:
        for member in members:
            member.close()
        hosting.close()
        projector.close()

    assert len(sweep.checked) == 5
    report = "\n".join(f"{state}: {line}" for state, lines in sweep.found.items() for line in lines)
    assert not sweep.found, "\n" + report
