"""A follow-up in a real browser: the facilitator keeps a finished session and downloads its
team file; on another laptop a follow-up starts from that file; members claim their earlier
names on their phones, the facilitator confirms them, and each phone shows last time's
counts, the same as the rounds gave."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
import requests
from browser_support import PHONE, LiveClient, axe_violations, create_session, join, screenshot
from playwright.sync_api import expect

from session_app.content import TASKS

pytestmark = pytest.mark.browser

NAMES = ["Anna", "Bram", "Chris"]
# What each voter picks for whom: Anna gets "lef" twice, Bram "netwerken" twice.
PICKS = {
    "Anna": ["lef", "communicatie"],
    "Bram": ["netwerken", "samenwerken"],
    "Chris": ["lef", "netwerken"],
}


def big_enough(page, selector: str) -> bool:
    """Every visible text of ``selector`` is at least 4.5 % of the window's height (the back
    row), and nothing needs scrolling."""
    return page.evaluate(
        """sel => {
            const sizes = [...document.querySelectorAll(sel)]
              .filter((el) => el.getClientRects().length)
              .map((el) => parseFloat(getComputedStyle(el).fontSize));
            const root = document.documentElement;
            return sizes.length > 0 && Math.min(...sizes) >= 0.045 * window.innerHeight
              && root.scrollHeight <= window.innerHeight + 1;
        }""",
        selector,
    )


# The rounds of both sessions (PICKS, then "lef" and "netwerken" for everyone): who was
# strong (chosen by 2) in what, then and now. Chris left; Dina is new.
THEN_STRONG = {"Anna": {"lef", "communicatie"}, "Bram": {"netwerken", "samenwerken"},
               "Chris": {"lef", "netwerken"}}  # fmt: skip
NOW_STRONG = {"Anna": {"lef", "netwerken"}, "Bram": {"lef", "netwerken"},
              "Dina": {"lef", "netwerken"}}  # fmt: skip


def covered(strong: dict[str, set[str]], task) -> int:
    return len(set(task.competencies) & set().union(*strong.values()))


def check_closing_slides(host, screen):
    """The projector's closing slides in a follow-up, against the rounds: the team map with
    each member's then → now (a new member and the leaver marked), and the four tasks with
    how many qualities were covered then and now; all at the back row's size."""
    screen.set_viewport_size({"width": 1280, "height": 720})
    expect(screen.locator(".map-slide")).to_be_visible()
    changes = {
        "Anna": {"communicatie": "2 → 0", "lef": "2 → 2", "netwerken": "0 → 2"},
        "Bram": {"lef": "0 → 2", "netwerken": "2 → 2", "samenwerken": "2 → 0"},
    }
    for name, qualities in changes.items():
        row = screen.locator(f".map-row[data-member={name}]")
        for key, text in qualities.items():
            expect(row.locator(f"[data-key=then-now-{key}] .then-now")).to_have_text(text)
        expect(row.locator(".map-new")).to_have_count(1)  # new since last time: one each
    anna = screen.locator(".map-row[data-member=Anna]")
    expect(anna.locator("[data-key=then-now-netwerken]")).to_contain_text("nieuw")
    expect(screen.locator(".map-row[data-member=Dina] .map-new-member")).to_have_text(
        "nieuw in het team"
    )
    expect(screen.locator(".map-row[data-member=Dina] .then-now")).to_have_count(0)
    expect(screen.locator(".left-team")).to_have_text("Niet meer in het team: Chris")
    assert big_enough(screen, ".map-name, .map-qualities .q-name, .map-count, .map-new, .left-team")
    screenshot(screen, "follow-up-screen-map-then-now")
    assert axe_violations(screen) == []

    host.click("[data-key=slide-cycle]")
    expect(screen.locator(".cycle-slide")).to_be_visible()
    seen = {}
    while True:
        expect(screen.locator("#board")).to_have_attribute("data-pages", "1")
        assert big_enough(screen, ".cycle-slide .task-name, .cycle-slide .task-cover > span")
        for item in screen.locator(".cycle-task").all():
            key = item.locator(".task-number").inner_text().strip()
            short = item.locator(".task-cover > span[aria-hidden=true]:not(.meter)")
            seen[key] = short.inner_text().strip()
        step = screen.locator("#board").get_attribute("data-slide")
        if step == "cycle:0":
            screenshot(screen, "follow-up-screen-cycle-then-now")
        following = host.locator("[data-key=part-next]")
        if following.count() == 0 or following.is_disabled():
            break
        following.click()
        expect(screen.locator("#board")).not_to_have_attribute("data-slide", step)
    assert list(seen) == [task.key for task in TASKS]
    for task in TASKS:
        then, now = covered(THEN_STRONG, task), covered(NOW_STRONG, task)
        total = len(task.competencies)
        mark = "✓ " if now == total else ""
        assert seen[task.key] == f"{mark}{then} van {total} → {now} van {total}", task.key


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


@pytest.mark.timeout(300)  # two whole sessions of one team
def test_a_follow_up_from_the_team_file(browser, server, tmp_path):
    host_link = play_first_session(server)
    laptop = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900},
                                 accept_downloads=True)  # fmt: skip
    laptop.set_default_timeout(30_000)
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
    other.set_default_timeout(30_000)
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
        context.set_default_timeout(30_000)
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
    # Looking back: Anna says it went very well and lets it be shown; Bram keeps his note.
    anna.get_by_label("Heel goed").check()
    anna.fill("#look-back-note", "We belden elke week")
    anna.get_by_label("Het grote scherm en de begeleider mogen mijn antwoord laten zien").check()
    # Her goal's four sentences again (netwerken), for herself: two of them answered.
    anna.locator(".look-back-ratings summary").click()
    anna.locator("label[for=look-back-rate-0-very_true]").click()
    anna.locator("label[for=look-back-rate-2-a_bit_true]").click()
    screenshot(anna, "follow-up-phone-look-back-statements")
    anna.click("[data-key=look-back-send]")
    expect(anna.locator("#look-back-status")).to_have_text("Dank je. Je kunt het nog veranderen.")
    bram = phones["Bram"]
    bram.get_by_label("Nog niet aan toe").check()
    bram.fill("#look-back-note", "Alleen voor mij")
    bram.click("[data-key=look-back-send]")
    summary = start.locator(".look-back-summary")
    expect(summary).to_contain_text("2 van de 2 hebben teruggekeken.")
    expect(summary).to_contain_text("1 van de 2: het ging goed of heel goed")
    expect(summary).to_contain_text("Anna: Heel goed — “We belden elke week”")
    expect(summary).not_to_contain_text("Alleen voor mij")
    assert axe_violations(anna) == []

    # The big screen, paced by the facilitator: how many looked back, then the team's
    # summary, then Anna's own answer (she ticked that it may be shown); Bram's never.
    room = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 720})
    room.set_default_timeout(30_000)
    screen = room.new_page()
    screen.goto(server.url + re.search(r"/screen/[\w-]+", start.content()).group(0))
    expect(screen.locator(".lobby")).to_be_visible()
    claims.locator("[data-key=look-back-show]").click()
    slide = screen.locator(".look-back-slide")
    expect(slide).to_contain_text("2 van de 2 hebben teruggekeken.")
    expect(slide).not_to_contain_text("goed of heel goed")
    screenshot(screen, "follow-up-screen-look-back-count")
    assert big_enough(screen, ".look-back-slide .board-title, .look-back-slide p")
    claims.locator("[data-key=look-back-next]").click()
    expect(slide).to_contain_text("1 van de 2: het ging goed of heel goed")
    expect(slide).not_to_contain_text("We belden")
    screenshot(screen, "follow-up-screen-look-back-summary")
    expect(claims).to_contain_text("Het grote scherm toont deel 2 van 3.")
    screenshot(start, "follow-up-host-look-back")
    assert axe_violations(start) == []
    claims.locator("[data-key=look-back-next]").click()
    expect(slide.locator(".look-back-shared li")).to_have_text(
        ["Anna: Heel goed“We belden elke week”"]
    )
    assert big_enough(screen, ".look-back-slide .board-title, .look-back-slide li p")
    assert "Alleen voor mij" not in screen.content()
    screenshot(screen, "follow-up-screen-look-back-shared")
    assert axe_violations(screen) == []
    claims.locator("[data-key=look-back-hide]").click()
    expect(screen.locator(".lobby")).to_be_visible()

    # The rounds again: now everyone picks "lef" and "netwerken" for everyone.
    start.click("[data-key=start]")
    for number in range(1, 4):
        stages = {}
        for name, phone in phones.items():
            view = phone.locator("#view")
            expect(view).to_have_attribute("data-stage", re.compile(r"^round:\d+:open:"))
            stages[name] = view.get_attribute("data-stage")
        for name, phone in phones.items():
            if stages[name].endswith(":other"):
                for key in ("lef", "netwerken"):
                    phone.locator(f"label[for=quality-{key}]").click()
                    phone.fill(f"#reason-{key}", f"{name} ziet het")
                phone.click("#view button[type=submit]")
                expect(phone.locator("#pick-status")).to_have_class(re.compile("ok"))
        start.click("[data-key=reveal]")
        for phone in phones.values():
            expect(phone.locator(".tally").first).to_be_visible()
        start.click("[data-key=next]" if number < 3 else "[data-key=development]")
    # Then and now on Anna's phone: lef 2 → 2, communicatie 2 → 0, netwerken new (0 → 2).
    lines = anna.locator(".then-now li")
    expect(lines).to_have_text([
        "Communicatie: toen 2, nu 0",
        "Lef: toen 2, nu 2",
        "Netwerken: toen 0, nu 2 (nieuw)",
    ])  # fmt: skip
    expect(phones["Dina"].locator(".then-now")).to_have_count(0)  # new: nothing then
    screenshot(anna, "follow-up-phone-then-and-now")
    anna.set_viewport_size({"width": 320, "height": 640})
    anna.evaluate("document.documentElement.style.fontSize = '200%'")
    assert anna.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(anna, "follow-up-phone-then-200")
    assert axe_violations(anna) == []

    start.click("[data-key=pairing]")
    start.click("[data-key=confirm]")
    check_closing_slides(start, screen)
    with start.expect_download() as download:
        start.click("[data-key=xlsx]")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = [tuple(c.value for c in row) for row in book["Verloop"].iter_rows(min_row=2)]
    assert [r for r in rows if r[0] == "Anna"] == [
        ("Anna", "Anna", "Communicatie", 2, 0, None),
        ("Anna", "Anna", "Lef", 2, 2, None),
        ("Anna", "Anna", "Netwerken", 0, 2, "nieuw"),
    ]
    assert {r[0]: r[5] for r in rows if r[0] in ("Dina", "Chris")} == {
        "Dina": "nieuw lid",
        "Chris": "niet meer in het team",
    }
    # Anna's own result: her look back with her goal's sentences; the report has none.
    public_id = re.search(r"/s/([\w-]+)/host", start.url).group(1)
    result = anna.context.new_page()
    result.goto(f"{server.url}/s/{public_id}/me/result")
    expect(result.locator("body")).to_contain_text("Je doel de vorige keer: Netwerken.")
    expect(result.locator(".look-back-statements li")).to_have_count(2)
    expect(result.locator(".look-back-statements")).to_contain_text("(beetje waar)")
    screenshot(result, "follow-up-result-look-back")
    # The report per member: the same figures, the new member and the leaver marked.
    report = start.context.new_page()
    report.goto(f"{server.url}/s/{public_id}/report")
    anna_part = report.locator(".report-member", has=report.get_by_role("heading", name="Anna"))
    expect(anna_part.locator(".then-and-now tbody tr")).to_have_text([
        re.compile(r"^Communicatie\s*2\s*0$"),
        re.compile(r"^Lef\s*2\s*2$"),
        re.compile(r"^Netwerken \(nieuw\)\s*0\s*2$"),
    ])  # fmt: skip
    expect(report.locator(".then-new")).to_contain_text("Nieuw in het team")
    left = report.locator(".report-member").last
    expect(left.locator("h2")).to_have_text("Niet meer in het team")
    expect(left.locator("p")).to_have_text("Chris")
    screenshot(report, "follow-up-report-then-and-now")
    assert axe_violations(report) == []
    # A bad file on the start page: one sentence, nothing made.
    start.goto(server.url + "/")
    (tmp_path / "bad.json").write_text('{"format": "iets anders"}', encoding="utf-8")
    start.set_input_files("#team_file", str(tmp_path / "bad.json"))
    start.get_by_role("button", name="Start een vervolg").click()
    expect(start.locator("#team_file-error")).to_have_text(
        "Dit is geen teambestand van Teamkracht."
    )
    assert requests.get(server.url + "/health", timeout=5).ok
    for context in (laptop, other, room, *(p.context for p in phones.values())):
        context.close()
