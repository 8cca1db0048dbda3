"""The reveal on the projector with a team of 15 and the longest reasons: whatever the window
does (full screen, smaller, larger), every reason stays reachable."""

from __future__ import annotations

import re
import time

import pytest
from browser_support import LiveClient, Server, create_session, join, launch_chromium
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser

NAMES = ["Annemarie", "Bram", "Chantal", "Dirk", "Esra", "Fatima", "Gerrit", "Hanneke",
         "Ibrahim", "Joke", "Kees", "Lotte", "Mohamed", "Nadia", "Maria-Josefien"]
KEYS = ["signaleren", "sensitiviteit", "communicatie", "lef", "creativiteit", "onderhandelen",
        "overtuigingskracht", "netwerken", "samenwerken", "zelfreflectie", "stressbestendigheid",
        "politiek_inzicht"]
SENTENCE = ("{name} blijft rustig als het spannend wordt en zegt dan precies wat er nodig is, "
            "ook als de wethouder er niet op zit te wachten. ")


def longest_reason(name: str, n: str) -> str:
    """A reason of exactly the maximum length (280), told apart by its number."""
    text = f"({n}) " + SENTENCE.format(name=name) * 4
    return text[:279].rstrip().ljust(279, "x") + "."


def two_picks(n: int) -> tuple[str, str]:
    """Voter n's two qualities: the first twelve voters cover every quality once."""
    first = KEYS[n % 12]
    second = KEYS[(n + 1 + n % 3) % 12]
    return first, second


def scrolls(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollHeight > window.innerHeight + 1"
        " || document.documentElement.scrollWidth > window.innerWidth + 1"
    )


def turn_page(page, index: int) -> None:
    page.evaluate("i => document.dispatchEvent(new CustomEvent('board-page', {detail: i}))",
                  index)


def reachable_reasons(page) -> list[str]:
    """Turn to every page the board has; each fits; returns every reason seen."""
    count = int(page.locator("#board").get_attribute("data-pages") or 1)
    seen = []
    for index in range(count):
        if count > 1:
            turn_page(page, index)
        assert not scrolls(page), f"page {index + 1} of {count} does not fit"
        seen += page.locator(".reasons > li:visible").all_inner_texts()
    return seen


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A session of 15 whose first round was answered with the longest reasons, revealed."""
    server = Server(tmp_path_factory.mktemp("db") / "reveal.db").start()
    http, public_id = create_session(server)
    host = LiveClient(server, http, "host", public_id)
    clients = [host]
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        members = [LiveClient(server, join(server, code, name), "member", public_id)
                   for name in NAMES]
        clients += members
        assert host.call("start_rounds", {}) == {"ok": True}
        round_ = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")["round"]
        by_id = {m.wait_for(lambda s: "me" in s)["me"]["id"]: m for m in members}
        for n, voter in enumerate(round_["voters"]):
            name = round_["central"]["name"]
            picks = [{"competency": key, "reason": longest_reason(name, f"{n}{key[:3]}")}
                     for key in two_picks(n)]
            assert by_id[voter["id"]].call(
                "pick", {"round_id": round_["id"], "picks": picks}) == {"ok": True}
        time.sleep(0.3)  # a person's pace: a burst of host events would be throttled
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        revealed = host.wait_for(lambda s: s["round"]["state"] == "revealed")
        screen_key = http.get(f"{server.url}/s/{public_id}/host", timeout=10).text.split(
            "/screen/")[1].split('"')[0]
        yield {"server": server, "host": host, "round": revealed["round"],
               "screen_url": f"{server.url}/screen/{screen_key}"}
    finally:
        for client in clients:
            client.close()
        server.stop()


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


SIZES = [(1920, 1080), (1024, 600), (1280, 720)]  # each one differs from the one before


def test_resizing_the_projector_keeps_every_reason_reachable(team, chromium):
    """A window that grows (full screen) or shrinks while the reasons are split into parts
    shows every reason again and goes on turning."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(team["screen_url"])
        expect(page.locator(".reasons > li").first).to_be_attached()
        expect(page.locator("#board .pager")).to_be_visible()
        total = page.locator(".reasons > li").count()
        assert total == 28
        for at_page in (1, 0, -1):
            for width, height in SIZES:
                pages = int(page.locator("#board").get_attribute("data-pages"))
                turn_page(page, at_page % pages)
                # Marked, so that the test waits for the board's answer to this resize.
                page.evaluate("() => { document.getElementById('board').dataset.pages = 'old'; }")
                page.set_viewport_size({"width": width, "height": height})
                expect(page.locator("#board")).to_have_attribute("data-pages", re.compile(r"^\d+$"))
                expect(page.locator("#board .pager")).to_be_visible()
                assert len(set(reachable_reasons(page))) == total, (width, height)
    finally:
        context.close()
