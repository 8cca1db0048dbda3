"""A follow-up in a real browser: the facilitator keeps a finished session and downloads its
team file; on another laptop a follow-up starts from that file; members claim their earlier
names on their phones, the facilitator confirms them, and each phone shows last time's
counts, the same as the rounds gave."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import requests
from browser_support import PHONE, LiveClient, axe_violations, create_session, join, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAMES = ["Anna", "Bram", "Chris"]
# What each voter picks for whom: Anna gets "lef" twice, Bram "netwerken" twice.
PICKS = {
    "Anna": ["lef", "communicatie"],
    "Bram": ["netwerken", "samenwerken"],
    "Chris": ["lef", "netwerken"],
}


def play_first_session(server):
    """The first session, played by Socket.IO clients to the end (duos confirmed)."""
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    code = host.wait_for(lambda s: True)["join_code"]
    phones = {n: LiveClient(server, join(server, code, n), "member", public_id) for n in NAMES}
    assert host.call("start_rounds", {})["ok"]
    while True:
        state = host.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")
        central = state["round"]["central"]["name"]
        for name, phone in phones.items():
            if name != central:
                picks = [{"competency": k, "reason": f"{name} ziet het"} for k in PICKS[central]]
                assert phone.call("pick", {"round_id": state["round"]["id"], "picks": picks})["ok"]
        assert host.call("reveal", {"round_id": state["round"]["id"]})["ok"]
        state = host.wait_for(lambda s, r=state["round"]["id"]: s["round"]["id"] == r
                              and s["round"]["state"] == "revealed")  # fmt: skip
        if state["rounds_left"] == 0:
            break
        assert host.call("next_round", {"round_id": state["round"]["id"]})["ok"]
    assert host.call("start_development", {})["ok"]
    for name, phone in phones.items():
        goal = {"competency": "lef" if name != "Anna" else "netwerken", "reason": "Wil ik leren"}
        assert phone.call("goal", goal)["ok"]
    assert host.call("start_pairing", {})["ok"]
    version = host.wait_for(lambda s: s["phase"] == "pairing")["version"]
    assert host.call("confirm_duos", {"version": version})["ok"]
    host.wait_for(lambda s: s["phase"] == "closed")
    host_page = host_http.get(f"{server.url}/s/{public_id}/host", timeout=10).text
    key = re.search(r"/host/([\w-]+)", host_page).group(1)
    for client in (host, *phones.values()):
        client.close()
    return f"{server.url}/host/{key}"


def test_a_follow_up_from_the_team_file(browser, server, tmp_path):
    host_link = play_first_session(server)
    laptop = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900},
                                 accept_downloads=True)  # fmt: skip
    laptop.set_default_timeout(10_000)
    host = laptop.new_page()
    host.goto(host_link)
    section = host.locator("[data-key=follow-up]")
    expect(section).to_contain_text("Een vervolg met dit team")
    until = date.today() + timedelta(days=120)
    host.fill("#keep-until", until.isoformat())
    section.locator("[data-key=keep]").click()
    expect(section).to_contain_text("Bewaard tot")
    host.fill("#follow-up-day", (date.today() + timedelta(days=90)).isoformat())
    section.locator("[data-key=set-day]").click()
    expect(section.locator("[data-key=ics]")).to_be_visible()
    assert axe_violations(host) == []
    screenshot(host, "follow-up-host-kept")
    with host.expect_download() as download:
        section.locator("[data-key=team-file]").click()
    team_file = tmp_path / "team.json"
    download.value.save_as(team_file)
    file = json.loads(team_file.read_text(encoding="utf-8"))
    seen = {m["name"]: m["seen"] for m in file["members"]}
    assert seen["Anna"] == {"lef": 2, "communicatie": 2}
    assert seen["Bram"] == {"netwerken": 2, "samenwerken": 2}

    # Another laptop, months later: nothing of the first session but the file.
    other = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    other.set_default_timeout(10_000)
    start = other.new_page()
    start.goto(server.url + "/")
    start.set_input_files("#team_file", str(tmp_path / "team.json"))
    start.get_by_role("button", name="Start een vervolg").click()
    expect(start).to_have_url(re.compile(r"/s/[\w-]+/host$"))
    start.on("dialog", lambda dialog: dialog.accept())
    code = start.locator(".join-code .code").first.inner_text().strip()

    phones = {}
    for name in ("Anna", "Bram", "Dina"):
        context = browser.new_context(locale="nl-NL", **PHONE)
        context.set_default_timeout(10_000)
        phone = context.new_page()
        phone.goto(f"{server.url}/j/{code}")
        phone.fill("#name", name)
        phone.click("button[type=submit]")
        expect(phone.locator("#earlier h2")).to_have_text("Was je er de vorige keer bij?")
        phones[name] = phone
    anna = phones["Anna"]
    screenshot(anna, "follow-up-phone-claim")
    assert axe_violations(anna) == []
    anna.get_by_role("button", name="Anna", exact=True).click()
    expect(anna.locator("#claim-status")).to_contain_text("De begeleider kijkt dit na")
    expect(anna.locator("#earlier")).not_to_contain_text("keer gekozen")  # not yet
    phones["Bram"].get_by_role("button", name="Bram", exact=True).click()
    phones["Dina"].get_by_role("button", name="Nee, ik ben nieuw").click()
    expect(phones["Dina"].locator("#earlier")).to_contain_text("nieuw lid")

    claims = start.locator("[data-key=claims]")
    expect(claims).to_contain_text("Anna zegt: ik was Anna.")
    expect(claims).to_contain_text("Nog niet gekozen: Anna, Bram, Chris")
    screenshot(start, "follow-up-host-claims")
    assert axe_violations(start) == []
    claims.locator("[data-key=confirm-all]").click()
    expect(claims).to_contain_text("Anna was de vorige keer Anna.")
    expect(claims).to_contain_text("Nog niet gekozen: Chris")  # the leaver

    then = anna.locator(".then")
    expect(then).to_contain_text("Lef: 2 keer gekozen")
    expect(then).to_contain_text("Communicatie: 2 keer gekozen")
    expect(then).to_contain_text("Je doel toen: Netwerken")
    expect(phones["Bram"].locator(".then")).to_contain_text("Netwerken: 2 keer gekozen")
    expect(phones["Dina"].locator(".then")).to_have_count(0)
    screenshot(anna, "follow-up-phone-then")
    anna.set_viewport_size({"width": 320, "height": 640})
    anna.evaluate("document.documentElement.style.fontSize = '200%'")
    assert anna.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(anna, "follow-up-phone-then-200")
    assert axe_violations(anna) == []
    # A bad file on the start page: one sentence, nothing made.
    start.goto(server.url + "/")
    (tmp_path / "bad.json").write_text('{"format": "iets anders"}', encoding="utf-8")
    start.set_input_files("#team_file", str(tmp_path / "bad.json"))
    start.get_by_role("button", name="Start een vervolg").click()
    expect(start.locator("#team_file-error")).to_have_text(
        "Dit is geen teambestand van Teamkracht."
    )
    assert requests.get(server.url + "/health", timeout=5).ok
    for context in (laptop, other, *(p.context for p in phones.values())):
        context.close()
