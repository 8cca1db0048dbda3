"""The projector with a team of 15: at 1280×720 and 1920×1080 every state fits without
scrolling, and long reasons and many duos are paged, never cut off."""

from __future__ import annotations

import re
import time

import pytest
from browser_support import TEAM_OF_15 as NAMES
from browser_support import LiveClient, Server, create_session, join, launch_chromium, screenshot
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser

KEYS = [
    "signaleren",
    "sensitiviteit",
    "communicatie",
    "lef",
    "creativiteit",
    "onderhandelen",
    "overtuigingskracht",
    "netwerken",
    "samenwerken",
    "zelfreflectie",
    "stressbestendigheid",
    "politiek_inzicht",
]
LONG = (
    "{name} blijft rustig als het spannend wordt en zegt dan precies wat er nodig is, "
    "ook als de wethouder er niet op zit te wachten. Dat hebben we vaak gezien, {n}."
)


def scrolls(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollHeight > window.innerHeight + 1"
        " || document.documentElement.scrollWidth > window.innerWidth + 1"
    )


@pytest.fixture(scope="module")
def big_team(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("db") / "fit.db").start()
    clients = []
    http, public_id = create_session(server)
    host = LiveClient(server, http, "host", public_id)
    clients.append(host)
    code = host.wait_for(lambda s: True)["join_code"]
    members = [LiveClient(server, join(server, code, name), "member", public_id) for name in NAMES]
    clients += members
    screen_key = (
        http.get(f"{server.url}/s/{public_id}/host", timeout=10)
        .text.split("/screen/")[1]
        .split('"')[0]
    )
    yield server, host, members, f"{server.url}/screen/{screen_key}", public_id
    for client in clients:
        client.close()
    server.stop()


def host_call(host, event, data=None):
    time.sleep(0.3)  # a person's pace; a burst would be throttled like any flood
    result = host.call(event, data or {})
    assert result == {"ok": True}, (event, result)


def test_a_team_of_15_fits_the_projector(big_team):
    server, host, members, screen_url, public_id = big_team
    with sync_playwright() as p:
        browser = launch_chromium(p)
        screens = {
            size: browser.new_context(
                viewport={"width": size[0], "height": size[1]}, locale="nl-NL"
            ).new_page()
            for size in [(1280, 720), (1920, 1080)]
        }
        for size, page in screens.items():
            page.goto(screen_url)
            expect(page.locator(".chip")).to_have_count(15)
            screenshot(page, f"fit-lobby-{size[0]}")
            assert not scrolls(page), f"lobby scrolls at {size}"

        host_call(host, "start_rounds")
        state = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")
        round_ = state["round"]
        by_id = {m.states[-1]["me"]["id"]: m for m in members}
        for n, voter in enumerate(v for v in round_["voters"]):
            picks = [
                {
                    "competency": KEYS[(n + k) % 12],
                    "reason": LONG.format(name=round_["central"]["name"], n=n),
                }
                for k in (0, n % 5 + 1)
            ]
            assert by_id[voter["id"]].call("pick", {"round_id": round_["id"], "picks": picks}) == {
                "ok": True
            }
        for size, page in screens.items():
            expect(page.locator(".progress")).to_contain_text("14 van de 14")
            assert not scrolls(page), f"open round scrolls at {size}"
            screenshot(page, f"fit-round-{size[0]}")

        # The revealed round goes step by step (tests/browser/test_reveal.py); its headline fits.
        host_call(host, "reveal", {"round_id": round_["id"]})
        for size, page in screens.items():
            expect(page.locator(".reveal-headline")).to_be_visible()
            expect(page.locator("#board")).to_have_attribute("data-fit", "1.00")  # full size
            assert not scrolls(page), f"headline scrolls at {size}"
            screenshot(page, f"fit-revealed-{size[0]}")

        # The other rounds go by without answers; then everyone picks a goal.
        for _ in range(14):
            host_call(host, "next_round", {"round_id": host.states[-1]["round"]["id"]})
            current = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")
            host_call(host, "reveal", {"round_id": current["round"]["id"]})
            host.wait_for(
                lambda s, i=current["round"]["id"]: (
                    s["round"]["id"] == i and s["round"]["state"] == "revealed"
                )
            )
        host_call(host, "start_development")
        for n, member in enumerate(members):
            assert member.call(
                "goal", {"competency": KEYS[(n + 3) % 12], "reason": (LONG * 2)[:280]}
            ) == {"ok": True}
        host_call(host, "start_pairing")
        for size, page in screens.items():
            expect(page.locator(".groups")).to_be_visible()
            assert not scrolls(page), f"duos scroll at {size}"
            screenshot(page, f"fit-duos-{size[0]}")
            # The room sees who helps whom: no votes, no warning that nobody can help.
            wall = page.locator("#board").text_content()
            assert "stem" not in wall and "Idee" not in wall and "niemand" not in wall, wall
            expect(page.locator("#board .warning")).to_have_count(0)
        # The duos' parts, turned by the facilitator: tests/browser/test_stage_slides.py.

        # The printable pairing list of the whole team is one A4 sheet.
        host_call(host, "confirm_duos")
        printer = browser.new_context(locale="nl-NL")
        printer.add_cookies(
            [{"name": c.name, "value": c.value, "url": server.url} for c in host.http.cookies]
        )
        sheet = printer.new_page()
        sheet.goto(screen_url.split("/screen/")[0] + f"/s/{public_id}/print")
        expect(sheet.locator("tbody tr")).to_have_count(15)
        pdf = sheet.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
        browser.close()
