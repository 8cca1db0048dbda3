"""Make the README's pictures of the projector: the reveal's headline and a reason step at
1920x1080, and the slides after the rounds at 1280x720 (the duo proposal, the team map, the
four tasks, the final duos), from a real server and Chromium with an example team.

Run after `scripts/setup test`: `.venv/bin/python scripts/docs_screenshots.py`.
Writes docs/reveal-headline.png, docs/reveal-step.png, docs/duo-proposal.png,
docs/team-map.png, docs/team-cycle.png and docs/closing-duos.png.
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
            members = {
                name: LiveClient(server, join(server, code, name), "member", public_id)
                for name in TEAM
            }
            clients += members.values()
            ok(host.call("start_rounds", {}))
            round_ = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")
            round_id = round_["round"]["id"]
            if round_["round"]["central"]["name"] != "Fatima":
                raise RuntimeError("Fatima should be the first central member")
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
    print("written: docs/reveal-headline.png, docs/reveal-step.png,", ", ".join(SLIDES))


if __name__ == "__main__":
    main()
