"""A reload in the middle of a round: the facilitator's page and the projector come back in
the round they left (round 2, its central member, its progress), never in the lobby; a
second facilitator window shows the same and follows every change without a reload."""

from __future__ import annotations

import re

import pytest
from browser_support import LiveClient, join
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAMES = ["Ada", "Bo", "Cas", "Dirk"]

# Runs before the page's own scripts on every load of the page it is added to: records
# whatever lobby content (or lobby control) is ever put into the page, and every round
# line shown, so a lobby that flashes by before the round comes in is caught too.
WATCH = """
window.__seen = { lobby: [], rounds: [] };
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const found = [node, ...node.querySelectorAll('*')];
      for (const el of found) {
        if (el.matches('.lobby, .lobby-members, [data-key=start]')) {
          window.__seen.lobby.push(el.outerHTML.slice(0, 120));
        }
        if (el.matches('.round-of')) window.__seen.rounds.push(el.textContent);
      }
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


def seen(page) -> dict:
    return page.evaluate("() => window.__seen")


def pick(client: LiveClient, round_id: int, reason: str) -> None:
    result = client.call(
        "pick",
        {
            "round_id": round_id,
            "picks": [
                {"competency": "lef", "reason": reason},
                {"competency": "netwerken", "reason": f"{reason}, ook netwerken"},
            ],
        },
    )
    assert result == {"ok": True}, result


def open_round(clients: dict[str, LiveClient], number: int) -> tuple[int, str, list]:
    """Wait until every member sees round ``number`` open: its id, central name, voters."""
    states = {
        name: client.wait_for(
            lambda s: s["round"]["number"] == number and s["round"]["state"] == "open"
        )
        for name, client in clients.items()
    }
    rounds = {s["round"]["id"] for s in states.values()}
    assert len(rounds) == 1, rounds
    central = next(iter(states.values()))["round"]["central"]["name"]
    voters = [clients[name] for name in clients if name != central]
    return rounds.pop(), central, voters


def expect_round_two(page, central: str, answered: int, *, host: bool) -> None:
    """Round 2 of 4, open, with ``central`` in the middle and ``answered`` of 3 in."""
    board = page.locator("#board")
    expect(board.locator(".round-of")).to_have_text("Ronde 2 van 4")
    expect(board.locator(".central")).to_contain_text(central)
    said = f"{answered} van de 3 {'heeft' if answered == 1 else 'hebben'} geantwoord"
    expect(board.locator(".progress")).to_have_text(said)
    expect(page.locator(".lobby")).to_have_count(0)
    if host:
        controls = page.locator("#controls")
        expect(controls.locator("h2").first).to_have_text(f"Ronde 2 van 4: {central}")
        expect(controls).to_contain_text(said)
        expect(controls.locator("[data-key=reveal]")).to_be_visible()
        expect(page.locator("[data-key=start]")).to_have_count(0)


def test_reload_and_a_second_host_window_mid_round(server, browser):
    hosting = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    projector = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 720})
    clients: dict[str, LiveClient] = {}
    try:
        for ctx in (hosting, projector):
            ctx.set_default_timeout(10_000)
        host = hosting.new_page()
        host.goto(server.url + "/")
        host.fill("#team_name", "Herlaadraad")
        host.click("button[type=submit]")
        expect(host).to_have_url(re.compile(r"/s/[\w-]+/host$"))
        public_id = re.search(r"/s/([\w-]+)/host", host.url).group(1)
        screen = projector.new_page()
        screen.goto(host.locator("details.links a").first.get_attribute("href"))
        code = screen.locator(".join-code .code").inner_text()
        for name in NAMES:
            clients[name] = LiveClient(server, join(server, code, name), "member", public_id)
        expect(screen.locator(".chips .chip")).to_have_count(4)

        # Round 1: everyone answers, the facilitator shows the answers, then round 2.
        host.click("[data-key=start]")
        round_id, _, voters = open_round(clients, 1)
        for i, client in enumerate(voters):
            pick(client, round_id, f"Ronde een, stem {i}")
        expect(host.locator("#board .progress")).to_have_text("3 van de 3 hebben geantwoord")
        host.click("[data-key=reveal]")
        expect(screen.locator(".reveal-headline")).to_be_visible()
        host.click("[data-key=next]")

        # Round 2: two of the three voters answer, the third not yet.
        round_id, central, voters = open_round(clients, 2)
        for i, client in enumerate(voters[:2]):
            pick(client, round_id, f"Ronde twee, stem {i}")
        expect_round_two(host, central, 2, host=True)
        expect_round_two(screen, central, 2, host=False)

        # Both pages reload: they come back in round 2, not in the lobby, not in round 1.
        for page in (host, screen):
            page.add_init_script(WATCH)
            page.reload()
        expect_round_two(host, central, 2, host=True)
        expect_round_two(screen, central, 2, host=False)

        # A second facilitator window (same browser, same cookie) shows the same round.
        second = hosting.new_page()
        second.add_init_script(WATCH)
        second.goto(host.url)
        expect_round_two(second, central, 2, host=True)
        second.evaluate("() => { window.__notReloaded = true; }")

        # The third voter answers: all three windows follow, nobody reloads.
        pick(voters[2], round_id, "Ronde twee, stem 2")
        for page, is_host in ((host, True), (second, True), (screen, False)):
            expect_round_two(page, central, 3, host=is_host)

        # The first window reveals: the second shows the headline by itself, then the
        # first quality's reasons when the first window turns to the next step.
        host.click("[data-key=reveal]")
        for page in (second, host, screen):
            board = page.locator("#board")
            expect(board.locator(".reveal-headline h2")).to_have_text(
                f"Dit ziet het team in {central}"
            )
            expect(board.locator(".quality-name")).to_have_count(2)
            expect(board.locator(".reveal-group", has_text="Lef")).to_contain_text("3 keer gekozen")
        expect(second.locator(".reveal-status")).to_have_text(
            "Stap 1 van 3: alle kwaliteiten samen"
        )
        host.click("[data-key=step-next]")
        for page in (second, host, screen):
            board = page.locator("#board")
            expect(board.locator(".reveal-step .quality-name")).to_have_text("Lef")
            expect(board.locator(".reason-text")).to_have_count(3)
            for i in range(3):
                expect(board).to_contain_text(f"Ronde twee, stem {i}")
        expect(second.locator(".reveal-status")).to_have_text("Stap 2 van 3: Lef")
        expect(second.locator("#controls [data-key=next]")).to_be_visible()
        expect(second.locator("#controls [data-key=reveal]")).to_have_count(0)
        assert second.evaluate("() => window.__notReloaded") is True

        for page in (host, screen, second):
            watched = seen(page)
            assert watched["lobby"] == [], watched["lobby"]
            assert watched["rounds"], "the round line was never shown"
            assert set(watched["rounds"]) == {"Ronde 2 van 4"}, watched["rounds"]
        # The projector reloads during the reveal: it comes back on the same step.
        screen.reload()
        expect(screen.locator("#board .reveal-step .quality-name")).to_have_text("Lef")
        expect(screen.locator(".reason-text")).to_have_count(3)
    finally:
        for client in clients.values():
            client.close()
        hosting.close()
        projector.close()
