"""Coach mode in a real browser: the facilitator chooses "a coach for everyone", changes a
coach, confirms, and downloads; the projector and a phone show who learns from whom.
axe checks every new state, in Dutch and in English."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from browser_support import PHONE, LiveClient, axe_violations, create_session, join, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PICKS = [
    {"competency": "lef", "reason": "Durft"},
    {"competency": "netwerken", "reason": "Kent iedereen"},
]


def _context(browser, server, lang, **options):
    context = browser.new_context(locale="nl-NL" if lang == "nl" else "en-GB", **options)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "lang", "value": lang, "url": server.url}])
    return context


def test_coach_mode_from_proposal_to_downloads(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    clients = [host]
    contexts = []
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        members = {
            name: LiveClient(server, join(server, code, name), "member", public_id)
            for name in ("Ans", "Bas", "Cor", "Dirk")
        }
        clients.extend(members.values())
        phone_ctx = _context(browser, server, "nl", **PHONE)
        contexts.append(phone_ctx)
        phone = phone_ctx.new_page()
        phone.goto(f"{server.url}/j/{code}")
        phone.fill("#name", "Eef")
        phone.click("button[type=submit]")
        expect(phone.locator("#view h2")).to_contain_text("Eef")

        # Every round: the four answer (not Eef), the host reveals.
        assert host.call("start_rounds", {}) == {"ok": True}
        for number in range(5):
            round_ = host.wait_for(
                lambda s, n=number + 1: s["round"]["state"] == "open" and s["round"]["number"] == n
            )["round"]
            for name, client in members.items():
                if name != round_["central"]["name"]:
                    ack = client.call("pick", {"round_id": round_["id"], "picks": PICKS})
                    assert ack == {"ok": True}
            assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
            if number < 4:
                assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}
        assert host.call("start_development", {}) == {"ok": True}
        for name, client in members.items():
            goal = "lef" if name in ("Ans", "Bas") else "netwerken"
            assert client.call("goal", {"competency": goal, "reason": "Wil ik"}) == {"ok": True}

        # The facilitator's page on the laptop, and the projector.
        key = host_http.cookies.get(f"host_{public_id}")
        laptop_ctx = _context(
            browser, server, "nl", viewport={"width": 1280, "height": 720}, accept_downloads=True
        )
        contexts.append(laptop_ctx)
        page = laptop_ctx.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{server.url}/host/{key}")
        expect(page.locator("[data-key=pairing]")).to_have_text("Maak de duo's")
        page.locator("[data-key=mode-coach]").check()
        expect(page.locator("#coach-capacity")).to_have_value("2")
        expect(page.locator("[data-key=pairing]")).to_have_text("Kies de coaches")
        assert axe_violations(page) == []
        screen_href = page.locator("details.links a").first.get_attribute("href")
        screen = laptop_ctx.new_page()
        screen.goto(screen_href)
        # Duos first; then "a coach for everyone" ticked at the duo step: the main button
        # follows the mode (it made duos confirmable with one click before).
        page.locator("[data-key=mode-duos]").check()
        page.click("[data-key=pairing]")
        expect(screen.locator(".groups > li").first).to_be_visible()
        expect(page.locator("[data-key=confirm]")).to_have_text("Bevestig de duo's")
        page.locator(".mode-fold summary").click()  # chosen already: folded at this step
        page.locator("[data-key=mode-coach]").check()
        expect(page.locator("[data-key=confirm]")).to_have_count(0)
        expect(page.locator("[data-key=remake]")).to_have_text("Kies de coaches")
        expect(page.locator("[data-key=remake]")).to_have_class("button primary")
        assert axe_violations(page) == []
        page.click("[data-key=remake]")

        board_lines = page.locator("#board .coaching .group")
        expect(board_lines).to_have_count(5)
        expect(screen.locator(".coaching .group")).to_have_count(5)
        expect(screen.locator(".board-title")).to_have_text("Een coach voor iedereen")
        assert "Wil ik" not in screen.locator("body").inner_text()  # reasons: host only
        expect(phone.locator(".duo h2")).to_have_text("Jouw coach")
        expect(phone.locator(".duo .partner")).to_contain_text("Jij leert van:")
        assert axe_violations(page) == []
        assert axe_violations(screen) == []
        assert axe_violations(phone) == []
        screenshot(page, "host-coaching")
        screenshot(screen, "screen-coaching")
        screenshot(phone, "phone-coaching")

        # Eef gets another coach: someone who is full is refused with a clear message.
        state = host.wait_for(lambda s: s["phase"] == "pairing")
        people = {p["name"]: p for p in state["coaching"]}
        eef = people["Eef"]
        loads = {n: len(p["learners"]) for n, p in people.items()}
        full = next(
            (
                n
                for n, load in loads.items()
                if load >= 2 and n != "Eef" and n != eef["coach"]["name"]
            ),
            None,
        )
        page.click(f"[data-key=coach-menu-{eef['id']}]")  # the rare actions: in a menu
        if full:
            page.select_option(f"#coach-{eef['id']}", str(people[full]["id"]))
            page.click(f"[data-key=coach-button-{eef['id']}]")
            expect(page.locator("#host-message")).to_contain_text("coacht al het hoogste aantal")
        page.select_option(f"#coach-{eef['id']}", str(eef["id"]))
        page.click(f"[data-key=coach-button-{eef['id']}]")
        expect(page.locator("#host-message")).to_have_text(
            "Niemand kan zichzelf coachen. Kies iemand anders."
        )
        free = next(
            n for n, load in loads.items() if load < 2 and n not in ("Eef", eef["coach"]["name"])
        )
        page.select_option(f"#coach-{eef['id']}", str(people[free]["id"]))
        page.click(f"[data-key=coach-button-{eef['id']}]")
        expect(phone.locator(".duo .partner")).to_have_text(f"Jij leert van: {free}")
        expect(page.locator("#host-message")).to_be_empty()

        # English host page and phone, same state: also free of axe findings.
        en_ctx = _context(browser, server, "en", viewport={"width": 1280, "height": 720})
        contexts.append(en_ctx)
        en_page = en_ctx.new_page()
        en_page.goto(f"{server.url}/host/{key}")
        expect(en_page.locator("#controls h2").first).to_have_text("A coach for everyone")
        assert axe_violations(en_page) == []

        page.click("[data-key=confirm]")
        expect(page.locator("[data-key=csv]")).to_be_visible()
        expect(phone.locator(".duo .note")).to_have_text("Dit zijn de vaste coaches.")
        assert axe_violations(page) == []
        assert axe_violations(phone) == []

        with page.expect_download() as info:
            page.click("[data-key=csv]")
        rows = list(
            csv.reader(
                io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig")), delimiter=";"
            )
        )
        assert rows[0][3:] == [
            "Leert van (coach)",
            "Hoe vaak de coach voor deze kwaliteit is gekozen",
            "Coacht",
        ]
        assert {row[0]: row[3] for row in rows[1:]}["Eef"] == free
        with page.context.expect_page() as info:
            page.click("[data-key=print]")
        printable = info.value
        expect(printable.locator("h1")).to_contain_text("Een coach voor iedereen")
        expect(printable.locator("tbody tr")).to_have_count(5)
        assert axe_violations(printable) == []
        phone.click("text=Mijn resultaat")
        expect(phone.locator("body")).to_contain_text(f"Jij leert van: {free}")
        assert axe_violations(phone) == []
    finally:
        for client in clients:
            client.close()
        for context in contexts:
            context.close()
