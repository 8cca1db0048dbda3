"""Make the README's pictures: the projector's reveal (its headline and a reason step at
1920x1080), the slides after the rounds at 1280x720 (the duo proposal, the team map, the four
tasks, the final duos), and a phone's pick page at 390 px with 100 % and 200 % text and
easy-read at 320 px, from a real server and Chromium with an example team.

Run after `scripts/setup test`: `.venv/bin/python scripts/docs_screenshots.py`.
Writes docs/reveal-headline.png, docs/reveal-step.png, docs/duo-proposal.png,
docs/team-map.png, docs/team-cycle.png, docs/closing-duos.png, docs/phone-pick-{100,200}.png
and docs/easy-read.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import requests  # noqa: E402
from browser_support import LiveClient, Server, join, launch_chromium  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

sys.path.insert(0, str(ROOT))
from session_app.content import COMPETENCIES  # noqa: E402

TEAM = ["Fatima", "Gerrit", "Hanneke", "Joke", "Kees", "Lotte", "Mohamed"]
KEYS = [c.key for c in COMPETENCIES]
# The slides after the rounds, at the projector size the issue names.
SLIDES = {
    "duo-proposal.png": None,  # while pairing
    "team-map.png": "map",
    "team-cycle.png": "cycle",
    "closing-duos.png": "duos",
}
# What the others say about Fatima: (quality, reason), per member.
ANSWERS = {
    "Gerrit": [
        ("lef", "Ze zei tegen de wethouder dat de brief voor niemand te lezen was."),
        ("communicatie", "Ze legt moeilijke regels uit in gewone woorden."),
    ],
    "Hanneke": [
        ("lef", "Ze durft als eerste te vragen wat iedereen denkt."),
        ("sensitiviteit", "Ze merkt het als iemand stil wordt in de vergadering."),
    ],
    "Joke": [
        ("signaleren", "Ze hoort in de buurt wat er mis gaat met het vervoer, en brengt het in."),
        ("lef", "Ze bleef vragen stellen tot we een echt antwoord kregen."),
    ],
    "Kees": [
        ("communicatie", "Haar verslagen zijn kort en iedereen snapt ze."),
        ("netwerken", "Ze kent mensen bij de gemeente én bij de zorgaanbieder."),
    ],
    "Lotte": [
        ("sensitiviteit", "Ze vraagt hoe het met je gaat, en wacht op het antwoord."),
        ("lef", "Ze zegt het gewoon als iets niet klopt, ook tegen de directeur."),
    ],
    "Mohamed": [
        ("samenwerken", "Ze verdeelt het werk zo dat iedereen mee kan doen."),
        ("communicatie", "Ze maakt van een lange nota drie duidelijke punten."),
    ],
}


def ok(result: dict) -> None:
    if result != {"ok": True}:
        raise RuntimeError(f"the server refused: {result}")


# A phone's text size scales the root font size; the app's own is 112.5 %.
PHONE_TEXT = {100: "112.5%", 200: "225%"}


def phone_pictures(browser, server: Server, member: requests.Session, public_id: str) -> None:
    """A member's pick page (nothing chosen yet) at 390 px, with normal and with 200 % text."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
    )
    context.add_cookies(
        [{"name": c.name, "value": c.value, "url": server.url} for c in member.cookies]
    )
    page = context.new_page()
    page.goto(f"{server.url}/s/{public_id}/me")
    expect(page.locator(".tile").first).to_be_visible()
    for size, root in PHONE_TEXT.items():
        page.evaluate("size => { document.documentElement.style.fontSize = size; }", root)
        # From the question's hint on: the tiles, as a member scrolls to them.
        page.evaluate(
            "() => window.scrollTo(0, document.querySelector('#pick-help').getBoundingClientRect()"
            ".top + window.scrollY - 8)"
        )
        page.screenshot(path=str(ROOT / "docs" / f"phone-pick-{size}.png"))
    context.close()


def easy_read_picture(browser, server: Server, member: requests.Session, public_id: str) -> None:
    """Easy-read on a 320 px phone with 200 % text: the first question, one pictogram per
    quality (the member turned it on under the team name; the phone remembers it)."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
    )
    context.add_cookies(
        [{"name": c.name, "value": c.value, "url": server.url} for c in member.cookies]
    )
    page = context.new_page()
    page.goto(f"{server.url}/s/{public_id}/me")
    page.get_by_role("button", name="Makkelijk lezen").click()
    page.locator("label[for=easy-0-lef]").click()
    page.evaluate("size => { document.documentElement.style.fontSize = size; }", PHONE_TEXT[200])
    page.locator(".easy").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -8)")
    page.screenshot(path=str(ROOT / "docs" / "easy-read.png"))
    context.close()


def play_the_rest(host, members: dict, first_round: int) -> None:
    """The other rounds, each member's goal, and the duo proposal."""
    round_id = first_round
    for number in range(2, len(TEAM) + 1):
        time.sleep(0.3)
        ok(host.call("next_round", {"round_id": round_id}))
        state = host.wait_for(
            lambda s, n=number: s["round"]["state"] == "open" and s["round"]["number"] == n
        )
        round_id = state["round"]["id"]
        for n, voter in enumerate(state["round"]["voters"]):
            picks = [
                {"competency": KEYS[(number * 2 + n % 3 + k) % 12], "reason": "Dat zien we vaak."}
                for k in (0, 4)
            ]
            ok(members[voter["name"]].call("pick", {"round_id": round_id, "picks": picks}))
        time.sleep(0.3)
        ok(host.call("reveal", {"round_id": round_id}))
    time.sleep(0.3)
    ok(host.call("start_development", {}))
    for n, client in enumerate(members.values()):
        ok(client.call("goal", {"competency": KEYS[(n * 5 + 3) % 12], "reason": "Wil ik leren."}))
    time.sleep(0.3)
    ok(host.call("start_pairing", {}))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "docs.db").start()
        clients = []
        try:
            http = requests.Session()
            response = http.post(
                f"{server.url}/sessions",
                timeout=10,
                data={"team_name": "Cliëntenraad Oost", "locale": "nl"},
            )
            public_id = response.url.split("/s/")[1].split("/")[0]
            host = LiveClient(server, http, "host", public_id)
            clients.append(host)
            code = host.wait_for(lambda s: True)["join_code"]
            phones = {name: join(server, code, name) for name in TEAM}
            members = {
                name: LiveClient(server, phone, "member", public_id)
                for name, phone in phones.items()
            }
            clients += members.values()
            ok(host.call("start_rounds", {}))
            round_ = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")
            round_id = round_["round"]["id"]
            if round_["round"]["central"]["name"] != "Fatima":
                raise RuntimeError("Fatima should be the first central member")
            with sync_playwright() as p:
                browser = launch_chromium(p)
                phone_pictures(browser, server, phones["Mohamed"], public_id)
                easy_read_picture(browser, server, phones["Lotte"], public_id)
                browser.close()
            for name, answers in ANSWERS.items():
                picks = [{"competency": key, "reason": reason} for key, reason in answers]
                ok(members[name].call("pick", {"round_id": round_id, "picks": picks}))
            time.sleep(0.3)  # a person's pace
            ok(host.call("reveal", {"round_id": round_id}))
            state = host.wait_for(lambda s: s["round"]["state"] == "revealed")
            screen_key = (
                http.get(f"{server.url}/s/{public_id}/host", timeout=10)
                .text.split("/screen/")[1]
                .split('"')[0]
            )
            with sync_playwright() as p:
                browser = launch_chromium(p)
                page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
                page.goto(f"{server.url}/screen/{screen_key}")
                expect(page.locator("#board .reveal-headline")).to_be_visible()
                expect(page.locator("#board")).to_have_attribute("data-fit", "1.00")
                page.screenshot(path=str(ROOT / "docs" / "reveal-headline.png"))
                time.sleep(0.3)
                ok(
                    host.call(
                        "reveal_step",
                        {"round_id": round_id, "step": 1, "version": state["version"]},
                    )
                )
                expect(page.locator("#board .reveal-step")).to_be_visible()
                expect(page.locator("#board")).to_have_attribute("data-fit", "1.00")
                page.screenshot(path=str(ROOT / "docs" / "reveal-step.png"))
                play_the_rest(host, members, round_id)
                small = browser.new_page(viewport={"width": 1280, "height": 720}, locale="nl-NL")
                small.goto(f"{server.url}/screen/{screen_key}")
                for name, slide in SLIDES.items():
                    if slide is None:
                        expect(small.locator("#board .groups > li").first).to_be_visible()
                    else:
                        if slide == "map":
                            time.sleep(0.3)
                            ok(host.call("confirm_duos", {}))
                        time.sleep(0.3)
                        ok(host.call("show_closing", {"slide": slide}))
                        expect(small.locator("#board")).to_have_attribute(
                            "data-slide", f"{slide}:0"
                        )
                    small.wait_for_timeout(300)
                    small.screenshot(path=str(ROOT / "docs" / name))
                browser.close()
        finally:
            for client in clients:
                client.close()
            server.stop()
    print(
        "written: docs/reveal-headline.png, docs/reveal-step.png, docs/phone-pick-*.png,"
        " docs/easy-read.png,",
        ", ".join(SLIDES),
    )


if __name__ == "__main__":
    main()
