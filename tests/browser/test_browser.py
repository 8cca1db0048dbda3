"""A whole session in a real browser: a facilitator, a projector screen and four phones.

Each person has their own browser context (own cookies, own storage), as on real devices.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import browser_support
import openpyxl
import pytest
from browser_support import PHONE, LiveClient, join, screenshot
from playwright.sync_api import expect

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
NAMES = ["Anna", "Bram", "Chris", "Anna"]


@pytest.fixture
def new_context(browser):
    """Browser contexts (one per device); ``make.requests`` records every URL they load."""
    contexts = []

    def make(**options):
        context = browser.new_context(locale="nl-NL", **options)
        context.set_default_timeout(10_000)
        context.on("request", lambda request: make.requests.append(request.url))
        contexts.append(context)
        return context

    make.requests = []
    yield make
    for context in contexts:
        context.close()


def create_session(new_context, server, team="Wmo-raad Oost", anonymous=False):
    host = new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    host.goto(server.url + "/")
    host.fill("#team_name", team)
    if anonymous:
        host.check("input[name=show_names][value=no]")
    host.click("button[type=submit]")
    expect(host).to_have_url(re.compile(r"/s/[\w-]+/host$"))
    host.on("dialog", lambda dialog: dialog.accept())
    return host


def open_screen(new_context, host):
    href = host.locator("details.links a").first.get_attribute("href")
    screen = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen.goto(href)
    expect(screen.locator(".join-code .code")).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    return screen


def join_phone(new_context, server, code, name):
    phone = new_context(**PHONE).new_page()
    phone.goto(f"{server.url}/j/{code}")
    expect(phone.locator("#code")).to_have_value(code)
    phone.fill("#name", name)
    phone.click("button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/s/[\w-]+/me$"))
    expect(phone.locator("#view h2")).to_contain_text(name)
    return phone


def answer(phone, first, second, central):
    for key in (first, second):
        phone.locator(f"label[for=quality-{key}]").click()
        phone.fill(f"#reason-{key}", f"{central} laat {key} zien; “echt”")
    phone.click("#view button[type=submit]")
    expect(phone.locator("#pick-status")).to_have_class(re.compile("ok"))


def test_a_whole_session(new_context, server):
    host = create_session(new_context, server)
    screen = open_screen(new_context, host)
    code = screen.locator(".join-code .code").inner_text()
    assert host.locator("body").inner_text().count(code) >= 1

    phones = [join_phone(new_context, server, code, name) for name in NAMES]
    expect(screen.locator(".chips .chip")).to_have_count(4)
    # Two members with the same first name are told apart, never merged.
    expect(screen.locator(".chips")).to_contain_text("Anna (2)")
    screenshot(screen, "screen-lobby")
    screenshot(phones[0], "phone-lobby")

    host.click("[data-key=start]")
    shown = {}
    stages = ["lobby"] * 4
    for number in range(1, 5):
        expect(screen.locator(".round-of")).to_contain_text(f"{number}")
        central = screen.locator(".central").inner_text()
        central_name = next(n for n in ("Anna (2)", "Anna", "Bram", "Chris") if n in central)
        voters = []
        for i, phone in enumerate(phones):
            view = phone.locator("#view")
            expect(view).not_to_have_attribute("data-stage", stages[i])
            expect(view).to_have_attribute("data-stage", re.compile(r"^round:\d+:open:"))
            stages[i] = view.get_attribute("data-stage")
            if stages[i].endswith(":other"):
                expect(phone.locator("#view form")).to_be_visible()
                voters.append((i, phone))
            else:
                expect(phone.locator("#view h2")).to_be_visible()
                shown[central_name] = i
        assert len(voters) == 3
        for i, phone in voters:
            answer(phone, KEYS[i], KEYS[(i + number) % 12], central_name)
            # Nothing of the answers is on the screen before the reveal.
            assert "laat" not in screen.locator("body").inner_text()
        expect(screen.locator(".progress")).to_contain_text("3")
        # The phones learn the count from the small progress message: the first voter
        # answered before the others, the central member did not answer at all.
        central_phone = next(p for i, p in enumerate(phones) if i not in dict(voters))
        for phone in (voters[0][1], central_phone):
            expect(phone.locator("#view .progress")).to_have_text("3 van de 3 hebben geantwoord")
        expect(host.locator("[data-key=reveal]")).to_be_visible()
        if number == 2:
            screenshot(screen, "screen-round-open")
            screenshot(voters[0][1], "phone-picking")
        host.click("[data-key=reveal]")
        expect(screen.locator(".reveal-headline")).to_be_visible()
        for phone in phones:  # the whole tally on every phone, for who cannot read the screen
            expect(phone.locator(".tally").first).to_be_visible()
        # The facilitator turns the screen from quality to quality: every reason comes by.
        reasons = 0
        for step in range(1, len(screen.locator(".reveal .quality-name").all()) + 1):
            # The facilitator's page shows where the projector is before the next press.
            expect(host.locator(".reveal-status")).to_contain_text(f"Stap {step} van")
            host.click("[data-key=step-next]")
            expect(screen.locator(".reveal")).to_have_attribute("data-step", str(step))
            reasons += screen.locator(".reveal-reasons > li").count()
        expect(host.locator("[data-key=step-next]")).to_be_disabled()
        assert reasons == 6
        if number == 2:
            screenshot(screen, "screen-revealed")
            screenshot(phones[shown[central_name]], "phone-own-result")
        host.click("[data-key=next]" if number < 4 else "[data-key=development]")

    for i, phone in enumerate(phones):
        goal = KEYS[(i + 1) % 4]
        phone.locator(f"label[for=goal-{goal}]").click()
        phone.fill("#goal-reason", "Ik wil dit leren; zeker weten")
        phone.click("#view button[type=submit]")
        expect(phone.locator("#view .message.ok")).to_be_visible()
    screenshot(phones[0], "phone-development")
    expect(screen.locator(".progress")).to_contain_text("4")

    host.click("[data-key=pairing]")
    expect(screen.locator(".groups .group")).to_have_count(2)
    partners = []
    for phone in phones:
        expect(phone.locator(".duo .partner")).to_be_visible()
        partners.append(phone.locator(".duo .partner").inner_text())
    screenshot(host, "host-pairing")

    # The facilitator swaps two members between the duos: every phone shows its new duo.
    host.locator("#controls .groups .member-menu summary").first.click()
    first = host.locator("#controls .groups select").first
    swap = first.locator("option[value^='swap:']").first.get_attribute("value")
    first.select_option(swap)
    host.locator("#controls .move button").first.click()
    for phone, before in zip(phones, partners, strict=True):
        expect(phone.locator(".duo .partner")).not_to_have_text(before, use_inner_text=True)
    host.click("[data-key=confirm]")
    expect(host.locator("[data-key=csv]")).to_be_visible()
    screenshot(screen, "screen-duos")
    screenshot(phones[0], "phone-duo")
    screenshot(host, "host-closed")

    # Each member can open their own result to keep.
    phones[0].click("text=Mijn resultaat")
    expect(phones[0].locator("h1")).to_contain_text("Mijn resultaat")
    expect(phones[0].locator(".tally-row").first).to_be_visible()
    screenshot(phones[0], "phone-result")

    with host.expect_download() as info:
        host.click("[data-key=csv]")
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 4
    names_in_csv = sorted(row[0] for row in rows[1:])
    assert names_in_csv == ["Anna (1)", "Anna (2)", "Bram", "Chris"]
    for row in rows[1:]:
        assert row[3], f"{row[0]} has no duo partner"

    with host.expect_download() as info:
        host.click("[data-key=xlsx]")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert [
        ["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()
    ] == rows

    with host.context.expect_page() as info:
        host.click("[data-key=print]")
    printable = info.value
    expect(printable.locator("h1")).to_contain_text("Wmo-raad Oost")
    expect(printable.locator("tbody tr")).to_have_count(4)
    printable.emulate_media(media="print")
    screenshot(printable, "print-duos")
    pdf = printable.pdf(format="A4")  # what "save as PDF" in the print dialog makes
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 1, "the pairing list does not fit on one A4"

    # Personal data never leaves the app: no page asked anything of another host.
    assert len(new_context.requests) > 50
    foreign = [
        url
        for url in new_context.requests
        if not url.startswith((server.url + "/", "data:", "blob:"))
    ]
    assert foreign == []


def test_unsent_changes_survive_a_reload_and_a_deleted_session_leaves_nothing(new_context, server):
    http, public_id = browser_support.create_session(server)
    host = LiveClient(server, http, "host", public_id)
    code = host.wait_for(lambda s: True)["join_code"]
    others = [
        LiveClient(server, join(server, code, name), "member", public_id) for name in ("Ole", "Pim")
    ]
    phone = join_phone(new_context, server, code, "Roos")
    try:
        assert host.call("start_rounds", {}) == {"ok": True}
        view = phone.locator("#view")
        expect(view).to_have_attribute("data-stage", re.compile(r":open:"))
        if view.get_attribute("data-stage").endswith(":me"):
            round_id = host.states[-1]["round"]["id"]
            assert host.call("reveal", {"round_id": round_id}) == {"ok": True}
            assert host.call("next_round", {"round_id": round_id}) == {"ok": True}
            expect(view).to_have_attribute("data-stage", re.compile(r":open:other$"))
        answer(phone, "lef", "netwerken", "Ole")
        phone.fill("#reason-lef", "Een betere reden")  # changed, not sent
        expect(phone.locator("#pick-status")).not_to_have_class(re.compile("ok"))
        phone.reload()
        expect(phone.locator("#reason-lef")).to_have_value("Een betere reden")
        expect(phone.locator("#pick-status")).not_to_be_empty()  # "send it again"
        phone.click("#view button[type=submit]")
        expect(phone.locator("#pick-status")).to_have_class(re.compile("ok"))
        phone.reload()
        expect(phone.locator("#reason-lef")).to_have_value("Een betere reden")

        assert host.call("delete_session", {}) == {"ok": True}
        expect(phone.locator("h1")).to_contain_text("bestaat niet meer")
        expect(phone.locator("#view")).to_have_count(0)  # names and answers are gone
        assert "Ole" not in phone.locator("body").inner_text()
    finally:
        for client in (host, *others):
            client.close()
