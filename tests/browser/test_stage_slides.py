"""The slides after the rounds on the projector, for a team of 15 of whom two never got a
round: the duo proposal, the team map, the four tasks and the final duos. At 1280×720 and
1920×1080 every name, number and quality name is at least 4.5 % of the screen's height,
each part fits without scrolling, the parts together show everything, and nothing turns by
itself: only the facilitator turns the parts."""

from __future__ import annotations

import time

import pytest
from browser_support import TEAM_OF_15 as NAMES
from browser_support import LiveClient, axe_violations, create_session, join, screenshot
from playwright.sync_api import expect

from session_app.content import COMPETENCIES

pytestmark = pytest.mark.browser

KEYS = [c.key for c in COMPETENCIES]
SIZES = [(1280, 720), (1920, 1080)]
MIN_SHARE = 0.045

# What must be readable from the back row, per slide.
READ = {
    "duos": ".wall .group h3, .wall .group li",
    "coaching": ".wall .learn-line",
    "map": ".map-name, .map-qualities .q-name, .map-count",
    "cycle": ".cycle-slide .core-name, .cycle-slide .task-name, .cycle-slide .task-cover > span",
}
UNITS = {
    "duos": ".wall .groups > li h3",
    "map": ".map-row .map-name",
    "cycle": ".cycle-slide .cycle-task .task-number",
}


def host_call(host, event, data=None):
    time.sleep(0.2)  # a person's pace; a burst would be throttled like any flood
    result = host.call(event, data or {})
    assert result == {"ok": True}, (event, result)


def smallest_share(page, selector: str) -> float:
    """The smallest font size among the visible elements, as a share of the window height."""
    return page.evaluate(
        """sel => {
            const sizes = [...document.querySelectorAll(sel)]
              .filter((el) => el.getClientRects().length)
              .map((el) => parseFloat(getComputedStyle(el).fontSize));
            return sizes.length ? Math.min(...sizes) / window.innerHeight : 0;
        }""",
        selector,
    )


def page_height(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


def scrolls(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollHeight > window.innerHeight + 1"
        " || document.documentElement.scrollWidth > window.innerWidth + 1"
    )


def walk_parts(host, screens, name: str, shot: str) -> dict:
    """Turn the slide ``name`` through its parts from the host; on every screen each part
    fits, its text is large enough, and the parts together show every unit. Returns the
    units seen and the smallest share, per size."""
    state = host.wait_for(lambda s: s.get("slide") and s["slide"]["name"] == name)
    parts = len(state["slide"]["parts"])
    seen = {size: [] for size in screens}
    smallest = dict.fromkeys(screens, 1.0)
    for step in range(parts):
        if state["slide"]["step"] != step:
            host_call(host, "slide_step", {"step": step})
        for size, page in screens.items():
            expect(page.locator("#board")).to_have_attribute("data-slide", f"{name}:{step}")
            expect(page.locator("#board")).to_have_attribute("data-pages", "1")
            screenshot(page, f"{shot}-{size[0]}-{step + 1}")
            assert not scrolls(page), f"{name} part {step + 1} scrolls at {size}"
            smallest[size] = min(smallest[size], smallest_share(page, READ[name]))
            if name in UNITS:
                seen[size] += page.locator(UNITS[name]).all_inner_texts()
            if step == 0:
                assert axe_violations(page) == [], (name, size)
        state = host.wait_for(lambda s, i=step: s["slide"]["step"] == i)
    return {"parts": parts, "seen": seen, "smallest": smallest}


@pytest.mark.timeout(300)
def test_the_slides_after_the_rounds_are_readable_from_the_back_row(server, browser):
    http, public_id = create_session(server)
    host = LiveClient(server, http, "host", public_id)
    clients = [host]
    contexts = []
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        phones = [join(server, code, n) for n in NAMES]
        members = [LiveClient(server, phone, "member", public_id) for phone in phones]
        clients += members
        by_id = {m.wait_for(lambda s: "me" in s)["me"]["id"]: m for m in members}
        screen_url = (
            http.get(f"{server.url}/s/{public_id}/host", timeout=10)
            .text.split("/screen/")[1]
            .split('"')[0]
        )
        screens = {}
        for size in SIZES:
            context = browser.new_context(
                viewport={"width": size[0], "height": size[1]}, locale="nl-NL"
            )
            contexts.append(context)
            page = context.new_page()
            page.clock.install()  # to show that time alone turns nothing
            page.goto(f"{server.url}/screen/{screen_url}")
            screens[size] = page

        # The facilitator's page on a laptop (1280×800): calm, the rare actions in a menu.
        laptop = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
        contexts.append(laptop)
        desk = laptop.new_page()
        desk.goto(f"{server.url}/host/{http.cookies.get(f'host_{public_id}')}")
        expect(desk.locator(".member-list > li")).to_have_count(15)
        heights = {"lobby": page_height(desk)}
        screenshot(desk, "host-lobby-1280x800")
        assert desk.locator(".member-list .button:visible").count() == 0
        desk.locator("[data-key^=menu-]").first.click()  # Enter or a click opens it
        expect(desk.locator(".member-list .button:visible")).to_have_count(2)
        assert axe_violations(desk) == []

        # Thirteen rounds with answers; two members never get their round.
        host_call(host, "start_rounds")
        for number in range(13):
            round_ = host.wait_for(
                lambda s, n=number + 1: (
                    s["round"] and s["round"]["state"] == "open" and s["round"]["number"] == n
                )
            )["round"]
            for n, voter in enumerate(round_["voters"][:6]):
                # Six answers of two qualities each: about six different qualities per member.
                picks = [
                    {"competency": KEYS[(number + n % 3 + k) % 12], "reason": "Zo zien we het"}
                    for k in (0, 5)
                ]
                ack = by_id[voter["id"]].call("pick", {"round_id": round_["id"], "picks": picks})
                assert ack == {"ok": True}
            host_call(host, "reveal", {"round_id": round_["id"]})
            if number < 12:
                host_call(host, "next_round", {"round_id": round_["id"]})
        left = [r["name"] for r in host.states[-1]["order"] if r["state"] != "revealed"]
        assert len(left) == 2
        host_call(host, "start_development")
        for n, member in enumerate(members):
            ack = member.call("goal", {"competency": KEYS[(n + 3) % 12], "reason": "Wil ik"})
            assert ack == {"ok": True}
        host_call(host, "start_pairing")

        # The duo step fits in two screens of the laptop, with 15 members.
        expect(desk.locator("#controls .groups > li")).to_have_count(7)
        heights["duos"] = page_height(desk)
        screenshot(desk, "host-duo-step-1280x800")
        print("facilitator page heights at 1280x800:", heights)
        assert heights["duos"] <= 2 * 800, heights
        desk.locator("#controls .groups [data-key^=duo-menu-]").first.click()
        expect(desk.locator("#controls .groups select:visible")).to_have_count(1)
        assert axe_violations(desk) == []

        # On Annemarie's own phone her line in the duo says "you", not her name.
        phone_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
        contexts.append(phone_context)
        phone_context.add_cookies(
            [
                {"name": c.name, "value": c.value, "url": server.url}
                for c in phones[0].cookies
                if c.name.startswith("member_")
            ]
        )
        phone = phone_context.new_page()
        phone.goto(f"{server.url}/s/{public_id}/me")
        lines = phone.locator(".duo ul > li")
        expect(lines.first).to_be_visible()
        said = lines.all_inner_texts()
        assert any(line.startswith("Je wilt beter worden in") for line in said), said
        assert not any(line.startswith("Annemarie wil") for line in said), said

        proposal = walk_parts(host, screens, "duos", "slides-proposal")
        assert proposal["parts"] > 1
        for size in screens:
            assert len(proposal["seen"][size]) == 7, size
            assert proposal["smallest"][size] >= MIN_SHARE, (size, proposal["smallest"][size])
        # Time alone turns nothing: a minute later the projector is on the same part.
        for page in screens.values():
            before = page.locator("#board").inner_text()
            page.clock.fast_forward("01:00")
            assert page.locator("#board").inner_text() == before
            last = f"duos:{proposal['parts'] - 1}"
            expect(page.locator("#board")).to_have_attribute("data-slide", last)

        host_call(host, "confirm_duos", {"version": host.states[-1]["version"]})
        for slide, name in (("map", "map"), ("cycle", "cycle"), ("duos", "duos")):
            host_call(host, "show_closing", {"slide": slide})
            result = walk_parts(host, screens, name, f"slides-{slide}")
            for size, page in screens.items():
                share = result["smallest"][size]
                assert share >= MIN_SHARE, (slide, size, share)
                if slide == "map":
                    assert sorted(result["seen"][size]) == sorted(set(NAMES) - set(left))
                    # The two without a round: a kind line on the last part, no row of dots.
                    expect(page.locator(".left-out")).to_contain_text("2 teamleden")
                    for name in left:
                        assert name not in page.locator("#board").inner_text()
                if slide == "cycle":
                    assert len(result["seen"][size]) == 13
                if slide == "duos":
                    assert len(result["seen"][size]) == 7
        # The facilitator's own map still shows the two, marked.
        host_map = host.states[-1]["picture"]["map"]
        assert sorted(r["name"] for r in host_map if r.get("no_round")) == sorted(left)
    finally:
        for context in contexts:
            context.close()
        for client in clients:
            client.close()
