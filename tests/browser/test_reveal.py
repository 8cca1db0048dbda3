"""The reveal on the projector with a team of 15 and the longest reasons: whatever the window
does (full screen, smaller, larger), every reason stays reachable."""

from __future__ import annotations

import re
import time

import pytest
from browser_support import TEAM_OF_15 as NAMES
from browser_support import (
    LiveClient,
    Server,
    create_session,
    join,
    launch_chromium,
    screenshot,
)
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
SENTENCE = (
    "{name} blijft rustig als het spannend wordt en zegt dan precies wat er nodig is, "
    "ook als de wethouder er niet op zit te wachten. "
)


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


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A session of 15 whose first round was answered with the longest reasons, revealed."""
    server = Server(tmp_path_factory.mktemp("db") / "reveal.db").start()
    http, public_id = create_session(server)
    host = LiveClient(server, http, "host", public_id)
    clients = [host]
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        members = [
            LiveClient(server, join(server, code, name), "member", public_id) for name in NAMES
        ]
        clients += members
        assert host.call("start_rounds", {}) == {"ok": True}
        round_ = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")["round"]
        by_id = {m.wait_for(lambda s: "me" in s)["me"]["id"]: m for m in members}
        for n, voter in enumerate(round_["voters"]):
            name = round_["central"]["name"]
            picks = [
                {"competency": key, "reason": longest_reason(name, f"{n}{key[:3]}")}
                for key in two_picks(n)
            ]
            assert by_id[voter["id"]].call("pick", {"round_id": round_["id"], "picks": picks}) == {
                "ok": True
            }
        time.sleep(0.3)  # a person's pace: a burst of host events would be throttled
        assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
        revealed = host.wait_for(lambda s: s["round"]["state"] == "revealed")
        screen_key = (
            http.get(f"{server.url}/s/{public_id}/host", timeout=10)
            .text.split("/screen/")[1]
            .split('"')[0]
        )
        yield {
            "server": server,
            "host": host,
            "round": revealed["round"],
            "screen_url": f"{server.url}/screen/{screen_key}",
        }
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


# Sizes of what is on the projector, as shares of the window's height, and anything that
# is cut off: outside the window, or clipped inside its box.
MEASURE = """() => {
  const height = window.innerHeight;
  const size = (selector) => [...document.querySelectorAll(selector)]
    .map((el) => parseFloat(getComputedStyle(el).fontSize) / height);
  const cut = [];
  for (const el of document.querySelectorAll('#board .reveal, #board .reveal *')) {
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (el.closest('.visually-hidden')) continue;
    if (box.top < -1 || box.left < -1 || box.bottom > height + 1
        || box.right > window.innerWidth + 1
        || el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflow !== 'visible'
        || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible') {
      cut.push(el.className || el.tagName);
    }
  }
  return {central: size('.reveal .central-name'), qualities: size('.reveal .quality-name'),
          reasons: size('.reveal .reason-text'), cut};
}"""


def step_to(team, step: int) -> None:
    host, round_ = team["host"], team["round"]
    time.sleep(0.25)  # a person's pace: a burst of host events would be throttled
    version = host.states[-1]["version"]
    assert host.call(
        "reveal_step", {"round_id": round_["id"], "step": step, "version": version}
    ) == {"ok": True}
    host.wait_for(lambda s: s["round"]["step"] == step)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_step_is_legible_from_the_back_row(team, chromium, size):
    """15 members, every quality chosen, every reason 280 characters: each step fits the
    projector at full size, and together the steps show every reason."""
    step_to(team, 0)
    steps = team["host"].states[-1]["round"]["steps"]
    tally = team["host"].states[-1]["round"]["tally"]
    assert len(tally) == 12
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(team["screen_url"])
        seen = []
        for index in range(len(steps)):
            if index:
                step_to(team, index)
            expect(page.locator(f"#board .reveal[data-step='{index}']")).to_be_visible()
            expect(page.locator("#board")).to_have_attribute("data-fit", FITTED)
            sizes = page.evaluate(MEASURE)
            assert not scrolls(page), f"step {index} scrolls at {size}"
            assert sizes["cut"] == [], f"step {index} cut off at {size}: {sizes['cut']}"
            assert sizes["central"] and min(sizes["central"]) >= 0.08, (index, sizes)
            assert sizes["qualities"] and min(sizes["qualities"]) >= 0.06, (index, sizes)
            assert min(sizes["reasons"], default=1) >= 0.045, (index, sizes)
            if index == 0:
                # The headline: every chosen quality, the most chosen first, and no reasons.
                names = page.locator(".reveal .quality-name").all_inner_texts()
                assert len(names) == 12 and not sizes["reasons"]
                expect(page.locator(".reveal .times").first).to_have_text(
                    f"{tally[0]['count']} keer gekozen"
                )
                screenshot(page, f"reveal-headline-{size[0]}")
            seen += page.locator(".reveal-reasons > li").all_inner_texts()
            if index == 1:
                screenshot(page, f"reveal-step-{size[0]}")
        expected = [f"{r['text']} —\u00a0{r['author']}" for row in tally for r in row["reasons"]]
        assert sorted(seen) == sorted(expected)
    finally:
        context.close()


SIZES = [(1920, 1080), (1024, 600), (1280, 720)]  # each one differs from the one before
FITTED = re.compile(r"^[\d.]+$")


def test_resizing_the_projector_at_any_step_keeps_every_reason_readable(team, chromium):
    """A window that grows (full screen) or shrinks during the reveal still shows the whole
    step, without scrolling or cutting anything off, and the steps go on turning."""
    steps = team["host"].states[-1]["round"]["steps"]
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(team["screen_url"])
        for index in (0, 1, len(steps) // 2, len(steps) - 1):
            step_to(team, index)
            expect(page.locator(f"#board .reveal[data-step='{index}']")).to_be_visible()
            shown = None
            for width, height in SIZES:
                # Marked, so that the test waits for the board's answer to this resize.
                page.evaluate("() => { document.getElementById('board').dataset.fit = 'old'; }")
                page.set_viewport_size({"width": width, "height": height})
                expect(page.locator("#board")).to_have_attribute("data-fit", FITTED)
                assert not scrolls(page), (index, width, height)
                assert page.evaluate(MEASURE)["cut"] == [], (index, width, height)
                texts = page.locator(".reveal-reasons > li").all_inner_texts()
                assert shown is None or texts == shown, "a resize changed what the step shows"
                shown = texts
        # The projector's own keys turn on from there (a presenter remote sends PageDown).
        page.keyboard.press("PageUp")
        expect(page.locator("#board .reveal")).to_have_attribute("data-step", str(len(steps) - 2))
        page.keyboard.press("ArrowRight")
        expect(page.locator("#board .reveal")).to_have_attribute("data-step", str(len(steps) - 1))
        team["host"].wait_for(lambda s: s["round"]["step"] == len(steps) - 1)
    finally:
        context.close()


def test_a_restarted_server_brings_the_projector_back_to_its_step(team, chromium):
    """Killed hard (SIGKILL) during the reveal and started again: the projector reconnects
    by itself and shows the step it was on. (Last in this module: it restarts the server.)"""
    step_to(team, 3)
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(team["screen_url"])
        expect(page.locator("#board .reveal")).to_have_attribute("data-step", "3")
        shown = page.locator(".reveal-reasons > li").all_inner_texts()
        team["server"].stop(hard=True)
        expect(page.locator("#connection")).to_be_visible()
        team["server"].start()  # same port, same database
        expect(page.locator("#connection")).to_be_hidden(timeout=30_000)
        expect(page.locator("#board .reveal")).to_have_attribute("data-step", "3")
        assert page.locator(".reveal-reasons > li").all_inner_texts() == shown
    finally:
        context.close()
