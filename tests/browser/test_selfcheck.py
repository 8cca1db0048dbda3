"""The standalone self-check in a real browser: from the start page, through all 48
statements on a phone, to the profile, printed or saved as text — and nothing of it sent."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from browser_support import PHONE, axe_violations, screenshot
from playwright.sync_api import expect
from test_accessibility import SMALL_TARGETS

from session_app.content import COMPETENCIES
from session_app.content.statements import STATEMENTS

pytestmark = pytest.mark.browser

SCALE_NL = ["zeer waar", "meestal waar", "beetje waar", "niet waar"]
SCALE_EN = ["very true", "mostly true", "a bit true", "not true"]


def answer_for(part: int, index: int) -> int:
    """The answer the test gives: part 1 all 'very true', part 2 all 'not true', then mixed."""
    if part == 0:
        return 0
    if part == 1:
        return 3
    return (part + index) % 4


def check_page(page, found: list[str], state: str) -> None:
    found.extend(f"{state}: {v}" for v in axe_violations(page))
    small = page.evaluate(SMALL_TARGETS)
    if small:
        found.append(f"{state}: small touch targets {small}")
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 320:
        found.append(f"{state}: scrolls sideways at 320 px ({width}px)")
    page.set_viewport_size(size)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_self_check_start_to_end_sends_nothing(server, browser, language):
    context = browser.new_context(**PHONE, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    requests_seen: list[tuple[str, str, str | None]] = []
    sockets: list[str] = []
    page.on("request", lambda r: requests_seen.append((r.method, r.url, r.post_data)))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    found: list[str] = []
    scale = SCALE_NL if language == "nl" else SCALE_EN
    try:
        page.goto(server.url + "/")
        if language == "en":
            page.get_by_role("link", name="English").click()
        link = {"nl": "Doe de zelftest", "en": "Do the self-check"}[language]
        page.get_by_role("link", name=re.compile(link)).click()
        expect(page.locator("h2").first).to_have_text(
            {"nl": "Kijk naar jezelf", "en": "Look at yourself"}[language]
        )
        check_page(page, found, f"{language}:intro")
        page.locator("#selfcheck-start").click()

        for part in range(len(COMPETENCIES)):
            heading = page.locator("#selfcheck h2")
            expect(heading).to_be_focused()
            expect(heading).to_contain_text(f"{part + 1}")
            fieldsets = page.locator("fieldset.statement")
            expect(fieldsets).to_have_count(4)
            for index in range(4):
                if part == 2 and index == 3:
                    continue  # one sentence left open: skipping is allowed
                fieldsets.nth(index).get_by_text(scale[answer_for(part, index)], exact=True).click()
            if part == 0:
                check_page(page, found, f"{language}:part1")
                screenshot(page, f"selfcheck-part-{language}")
            page.locator("#selfcheck-next").click()

        expect(page.locator("#selfcheck h2").first).to_be_focused()
        rows = page.locator(".profile-row")
        expect(rows).to_have_count(12)
        names = {
            "nl": ["Signaleren en analyseren", "Sensitiviteit"],
            "en": ["Spotting and analysing", "Sensitivity"],
        }[language]
        texts = {
            "nl": (
                "Past bij jou: 4 van 4.",
                "Past bij jou: 0 van 4. Om te leren: 4.",
                "Geen antwoord: 1.",
            ),
            "en": ("Suits you: 4 of 4.", "Suits you: 0 of 4. To learn: 4.", "No answer: 1."),
        }[language]
        # First a short summary: part 1 suits best (4 of 4), part 2 has most to learn.
        summary = page.locator(".profile-summary")
        expect(summary).to_contain_text(names[0])
        expect(summary.locator("p").nth(1)).to_contain_text(names[1])
        expect(rows.nth(0).locator(".profile-text")).to_have_text(texts[0])
        expect(rows.nth(1).locator(".profile-text")).to_have_text(texts[1])
        expect(rows.nth(2).locator(".profile-text")).to_contain_text(texts[2])
        # The statements answered 'a bit' or 'not true' are the learning points.
        learn = rows.nth(1).locator("li")
        expect(learn).to_have_count(4)
        assert rows.nth(0).locator("li").count() == 0
        check_page(page, found, f"{language}:profile")
        screenshot(page, f"selfcheck-profile-{language}")

        with page.expect_download() as info:
            page.locator("#selfcheck-save").click()
        with open(info.value.path(), encoding="utf-8-sig") as file:
            saved = file.read()
        assert texts[1] in saved
        assert names[0] in saved.split("\n")[3]  # the summary comes first
        assert scale[3] in saved

        # The answers are kept on the phone: a reload comes back to the profile.
        page.reload()
        expect(page.locator(".profile-row").nth(1).locator(".profile-text")).to_have_text(texts[1])
        page.once("dialog", lambda d: d.accept())
        page.locator("#selfcheck-clear").click()
        expect(page.locator("#selfcheck-start")).to_be_visible()
        assert page.evaluate("() => localStorage.getItem('selfcheck:v1')") is None
    finally:
        context.close()

    assert not found, "\n".join(found)
    assert not sockets, f"the self-check opened a connection: {sockets}"
    sent = [(m, u) for m, u, _ in requests_seen if m != "GET"]
    assert not sent, f"the self-check sent something: {sent}"
    own = [u for _, u, _ in requests_seen if u.startswith(server.url)]
    assert all(not re.search(r"true|waar|answer", u.split("/static/")[0]) for u in own), own
    assert not [u for _, u, _ in requests_seen if not u.startswith((server.url, "blob:"))]


def test_self_check_page_lists_the_statements_in_dutch(client):
    html = client.get("/self-check", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Zelftest" in html
    assert "Ik ga door, ook als het moeilijk wordt." in html
    assert STATEMENTS["stressbestendigheid"][0] not in html  # the English text is not used


# --- the checks over time: kept on the phone, compared, taken along as a file -------------

CHECKS_KEY = "selfcheck:checks:v1"
KEYS = [c.key for c in COMPETENCIES]
SCALE_KEYS = ["very_true", "mostly_true", "a_bit_true", "not_true"]
MARCH, SEPTEMBER, NEXT_YEAR = (
    datetime(2026, 3, 3, 10),
    datetime(2026, 9, 15, 19),
    datetime(2027, 2, 1, 9),
)

# The self-check at its last part with every statement answered (as a member who went
# through all parts has it): statement i of each part gets answer i of the scale, so two
# of the four suit the member in every quality.
ALL_ANSWERED_AT_LAST_PART = """() => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const answers = {};
  for (const [key, texts] of Object.entries(page.statements)) {
    texts.forEach((_, i) => { answers[`${key}:${i}`] = page.scale[i].key; });
  }
  const last = page.competencies.length - 1;
  localStorage.setItem("selfcheck:v1", JSON.stringify({ answers, step: last, last }));
}"""


def phone(browser, when: datetime, **extra):
    """A fresh phone whose clock says ``when`` (and stays there: the day is what counts)."""
    context = browser.new_context(**PHONE, locale="nl-NL", accept_downloads=True, **extra)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    return context, page


def first_check(page, server) -> None:
    """A member who answered every statement presses 'see my result' after the last part."""
    page.goto(f"{server.url}/self-check")
    page.evaluate(ALL_ANSWERED_AT_LAST_PART)
    page.reload()
    page.locator("#selfcheck-next").click()
    expect(page.locator(".profile-row")).to_have_count(12)


def second_check(page) -> None:
    """The check again, through the parts: part 1 all 'very true' (4 suit), part 2 all 'not
    true' (0), part 3 as last time (2), part 4 three that suit (3); the rest skipped (0)."""
    page.get_by_role("button", name="Doe de zelftest opnieuw").click()
    given = {0: [0, 0, 0, 0], 1: [3, 3, 3, 3], 2: [0, 1, 2, 3], 3: [0, 1, 0, None]}
    for part in range(len(COMPETENCIES)):
        expect(page.locator("#selfcheck h2").first).to_contain_text(f"Deel {part + 1} van 12")
        fieldsets = page.locator("fieldset.statement")
        expect(fieldsets.nth(3)).to_be_visible()
        for index, answer in enumerate(given.get(part, [])):
            if answer is not None:
                fieldsets.nth(index).get_by_text(SCALE_NL[answer], exact=True).click()
        page.locator("#selfcheck-next").click()
    expect(page.locator(".profile-row")).to_have_count(12)


def kept(page) -> str | None:
    return page.evaluate(f"() => localStorage.getItem('{CHECKS_KEY}')")


def history_lines(page) -> list[str]:
    """The checks as the history lists them: each check's title, then one line per quality."""
    page.locator("#selfcheck-checks details:not([open]) summary").evaluate_all(
        "summaries => summaries.forEach((s) => s.click())"
    )
    lines = page.locator("#selfcheck-checks h3, #selfcheck-checks details li").all_inner_texts()
    return [line.replace("\xad", "") for line in lines]  # the names' soft hyphens


def test_a_second_check_shows_the_change_per_quality_and_both_stay_listed(server, browser):
    context, page = phone(browser, MARCH)
    requests_seen: list[str] = []
    page.on("request", lambda r: requests_seen.append(f"{r.method} {r.url}"))
    found: list[str] = []
    try:
        first_check(page, server)
        # The first check: nothing to compare with yet, and it is listed with its date.
        expect(page.locator(".change")).to_have_count(0)
        checks = page.locator("#selfcheck-checks > li")
        expect(checks).to_have_count(1)
        expect(checks.first).to_contain_text("Zelftest van 3 maart 2026")
        expect(checks.first).to_contain_text("Lef: 2 van de 4 zinnen passen bij je.")

        # Half a year later, on the same phone.
        page.clock.set_fixed_time(SEPTEMBER)
        page.reload()
        second_check(page)
        intro = page.locator(".change-intro")
        expect(intro).to_contain_text("Je deed de zelftest ook op 3 maart 2026.")
        expect(intro).to_contain_text("Meer of minder is allebei goed.")
        rows = page.locator(".profile-row")
        expected = {
            0: "Er passen 2 zinnen meer bij je dan op 3 maart 2026.",
            1: "Er passen 2 zinnen minder bij je dan op 3 maart 2026.",
            2: "Hetzelfde als op 3 maart 2026.",
            3: "Er past 1 zin meer bij je dan op 3 maart 2026.",
            # A part skipped is not a change: it says so.
            4: "Dit deel heb je deze keer niet ingevuld.",
        }
        for index, text in expected.items():
            expect(rows.nth(index).locator(".change")).to_have_text(text)
        expect(rows.locator(".change")).to_have_count(12)

        # Both checks listed, the newest first, each with its date; the newest with the
        # change per quality since the one before.
        expect(checks).to_have_count(2)
        lines = history_lines(page)
        assert lines[0] == "Zelftest van 15 september 2026"
        assert lines[1] == (
            "Signaleren en analyseren: 4 van de 4 zinnen passen bij je. "
            "Er passen 2 zinnen meer bij je dan op 3 maart 2026."
        )
        assert lines[3] == (
            "Communicatie: 2 van de 4 zinnen passen bij je. Hetzelfde als op 3 maart 2026."
        )
        assert lines[5] == "Creativiteit: geen antwoorden."
        assert lines[13] == "Zelftest van 3 maart 2026"
        assert lines[14] == "Signaleren en analyseren: 2 van de 4 zinnen passen bij je."
        assert len(lines) == 26
        # The names may break only at a Dutch hyphenation point (large text, a narrow phone).
        first = page.locator("#selfcheck-checks details li").first.inner_text()
        assert first.startswith("Sig\xadna\xadle\xadren en ana\xadly\xadse\xadren:"), first
        saved = json.loads(kept(page))
        assert [c["date"] for c in saved["checks"]] == ["2026-03-03", "2026-09-15"]
        assert saved["checks"][1]["answers"]["lef"] == [*SCALE_KEYS[:2], "very_true", None]

        # A reload shows the same result, with the same change; a correction on the same day
        # replaces that day's check instead of adding one.
        page.reload()
        expect(page.locator(".profile-row").nth(3).locator(".change")).to_have_text(expected[3])
        page.get_by_role("button", name="Mijn antwoorden veranderen").click()
        page.locator("fieldset.statement").nth(0).get_by_text("niet waar", exact=True).click()
        for _ in range(12):
            page.locator("#selfcheck-next").click()
        expect(rows.nth(0).locator(".change")).to_have_text(
            "Er past 1 zin meer bij je dan op 3 maart 2026."
        )
        expect(checks).to_have_count(2)
        check_page(page, found, "history")
        screenshot(page, "selfcheck-history")

        # Easy-read on a small phone with the text at 200 %: the same texts (they are easy
        # already), nothing wider than the phone.
        page.get_by_role("button", name="Makkelijk lezen").click()
        expect(page.locator("body")).to_have_class(re.compile("easy-read"))
        page.set_viewport_size({"width": 320, "height": 640})
        page.evaluate("document.documentElement.style.fontSize = '225%'")
        expect(rows.nth(1).locator(".change")).to_have_text(expected[1])
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"scrolls sideways at 320 px and 200 % text ({width}px)"
        found.extend(f"easy-read 200 %: {v}" for v in axe_violations(page))
        screenshot(page, "selfcheck-history-320-200")
    finally:
        context.close()
    assert not found, "\n".join(found)
    assert all(r.startswith("GET ") for r in requests_seen), requests_seen


def test_the_checks_go_to_a_new_phone_as_a_file(server, browser, tmp_path):
    old, page = phone(browser, MARCH)
    try:
        first_check(page, server)
        page.clock.set_fixed_time(SEPTEMBER)
        page.reload()
        second_check(page)
        before = history_lines(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Bewaar mijn zelftests in een bestand").click()
        expect(page.locator("#selfcheck-status")).to_have_text(
            "Het bestand staat nu op je telefoon. Bewaar het voor een nieuwe telefoon."
        )
        download = info.value
        assert download.suggested_filename == "zelftests-2026-09-15.json"
        file = tmp_path / download.suggested_filename
        download.save_as(file)
    finally:
        old.close()
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["format"] == "teamkracht-zelfcheck"
    assert data["version"] == 1
    assert [c["date"] for c in data["checks"]] == ["2026-03-03", "2026-09-15"]
    assert data["checks"][0]["answers"] == {key: SCALE_KEYS for key in KEYS}

    new, page = phone(browser, NEXT_YEAR)
    try:
        page.goto(f"{server.url}/self-check")
        expect(page.locator("#selfcheck-checks")).to_have_count(0)
        expect(page.locator(".checks")).to_contain_text("Deed je de zelftest op een andere")
        # With the keyboard: the button opens the phone's file chooser.
        # (locator.press focuses the button and presses in one go: a focus given before the
        # page's last drawing went to a button that was then replaced.)
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Open een bestand met zelftests").press("Enter")
        chooser.value.set_files(file)
        status = page.locator("#selfcheck-status")
        expect(status).to_have_text("Het bestand had 2 zelftests. Nu staan er 2 op deze telefoon.")
        expect(status).to_have_attribute("role", "status")
        expect(page.get_by_role("button", name="Open een bestand met zelftests")).to_be_focused()
        assert history_lines(page) == before

        # The next check on the new phone is compared with the last one of the old phone.
        page.locator("#selfcheck-start").click()
        page.locator("fieldset.statement").nth(0).get_by_text("zeer waar", exact=True).click()
        for _ in range(12):
            page.locator("#selfcheck-next").click()
        expect(page.locator(".change-intro")).to_contain_text("15 september 2026")
        expect(page.locator(".profile-row").nth(0).locator(".change")).to_have_text(
            "Er passen 3 zinnen minder bij je dan op 15 september 2026."
        )
        expect(page.locator("#selfcheck-checks > li")).to_have_count(3)
    finally:
        new.close()


def checks_file(checks) -> str:
    return json.dumps({"format": "teamkracht-zelfcheck", "version": 1, "checks": checks})


ONE = {"date": "2026-01-10", "answers": {"lef": SCALE_KEYS}}
BAD_FILES = [
    (
        "x" * (1024 * 1024 + 1),
        "Dit bestand is te groot: een bestand met zelftests mag niet groter zijn dan 1 MB.",
    ),
    ("Naam;Lef\nAnna;4\n", "Dit is geen bestand met zelftests van Teamkracht."),
    (
        '{"format": "teamkracht-team", "version": 1, "members": []}',
        "Dit is geen bestand met zelftests van Teamkracht.",
    ),
    (
        '{"format": "teamkracht-zelfcheck", "version": 2, "checks": []}',
        "Dit bestand is van een andere versie: deze app leest versie 1.",
    ),
    (checks_file([]), "Er staan geen zelftests in dit bestand."),
    (
        '{"format": "teamkracht-zelfcheck", "version": 1}',
        "In het bestand ontbreekt iets of klopt iets niet: checks.",
    ),
    (
        checks_file([{"date": "2026-01-10", "answers": {"geduld": SCALE_KEYS}}]),
        "In dit bestand staat een kwaliteit die Teamkracht niet kent: geduld.",
    ),
    (
        checks_file([{"date": "2026-01-10", "answers": {"lef": [*SCALE_KEYS, "very_true"]}}]),
        "In dit bestand staan meer dan 4 antwoorden bij lef.",
    ),
    (
        checks_file([{"date": "2026-01-10", "answers": {"lef": ["very_true", 7, None, None]}}]),
        "In dit bestand staat een antwoord dat de zelftest niet kent: 7.",
    ),
    (
        checks_file([{"date": "2026-02-30", "answers": {}}]),
        "In dit bestand staat een datum die niet kan: 2026-02-30.",
    ),
    (
        checks_file([{"date": "2027-01-10", "answers": {}}]),  # after the phone's today
        "In dit bestand staat een datum die niet kan: 2027-01-10.",
    ),
    (checks_file([ONE, ONE]), "In dit bestand staan twee zelftests op dezelfde dag: 2026-01-10."),
    (
        checks_file(
            [
                {"date": f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}", "answers": {}}
                for i in range(101)
            ]
        ),
        "In dit bestand staan meer dan 100 zelftests.",
    ),
]


def test_a_bad_file_is_refused_in_one_sentence_and_nothing_kept_changes(server, browser):
    context, page = phone(browser, SEPTEMBER)
    try:
        first_check(page, server)
        stored, listed = kept(page), history_lines(page)
        load = page.get_by_role("button", name="Open een bestand met zelftests")
        status = page.locator("#selfcheck-status")
        for content, sentence in BAD_FILES:
            with page.expect_file_chooser() as chooser:
                load.click()
            chooser.value.set_files(
                {
                    "name": "zelftests.json",
                    "mimeType": "application/json",
                    "buffer": content.encode(),
                }
            )
            expect(status).to_have_text(sentence)
            expect(status).to_have_class(re.compile("error"))
            assert kept(page) == stored, sentence
            assert history_lines(page) == listed, sentence

        # 99 checks from a file fit beside the one kept; 100 would be more than 100 together.
        many = [
            {"date": f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}", "answers": {}} for i in range(100)
        ]
        with page.expect_file_chooser() as chooser:
            load.click()
        chooser.value.set_files(
            {
                "name": "zelftests.json",
                "mimeType": "application/json",
                "buffer": checks_file(many).encode(),
            }
        )
        expect(status).to_have_text(
            "Met de zelftests op deze telefoon zouden het er meer dan 100 worden."
        )
        assert kept(page) == stored
        with page.expect_file_chooser() as chooser:
            load.click()
        chooser.value.set_files(
            {
                "name": "zelftests.json",
                "mimeType": "application/json",
                "buffer": checks_file(many[:99]).encode(),
            }
        )
        expect(status).to_have_text(
            "Het bestand had 99 zelftests. Nu staan er 100 op deze telefoon."
        )
        expect(status).not_to_have_class(re.compile("error"))
    finally:
        context.close()


def test_the_checks_can_be_deleted_from_the_phone(server, browser):
    context, page = phone(browser, MARCH)
    try:
        first_check(page, server)
        stored = kept(page)
        delete = page.get_by_role("button", name="Haal mijn zelftests van deze telefoon")
        # "Cancel" in the question: nothing goes.
        page.once("dialog", lambda d: d.dismiss())
        delete.click()
        expect(page.locator("#selfcheck-checks > li")).to_have_count(1)
        assert kept(page) == stored

        page.once("dialog", lambda d: d.accept())
        delete.click()
        expect(page.locator("#selfcheck-status")).to_have_text(
            "Je zelftests en antwoorden zijn van deze telefoon gehaald."
        )
        expect(page.locator("#selfcheck-start")).to_have_text("Beginnen")
        expect(page.locator("#selfcheck-checks")).to_have_count(0)
        assert kept(page) is None
        assert page.evaluate("() => localStorage.getItem('selfcheck:v1')") is None
        page.reload()
        expect(page.locator(".checks")).to_contain_text("Deed je de zelftest op een andere")
    finally:
        context.close()


def test_checks_kept_by_an_older_self_check_are_not_lost(server, browser):
    """What the phone keeps is read as far as this self-check knows it: a quality or an
    answer it no longer has is left out, and the check itself stays."""
    context, page = phone(browser, SEPTEMBER)
    older = checks_file(
        [
            {
                "date": "2025-05-01",
                "answers": {"lef": ["very_true", "so-so", None, None], "geduld": SCALE_KEYS},
            }
        ]
    )
    try:
        page.goto(f"{server.url}/self-check")
        page.evaluate("([key, text]) => localStorage.setItem(key, text)", [CHECKS_KEY, older])
        first_check(page, server)
        expect(page.locator(".change-intro")).to_contain_text("1 mei 2025")
        expect(page.locator(".profile-row").nth(3).locator(".change")).to_have_text(
            "Er past 1 zin meer bij je dan op 1 mei 2025."
        )
        saved = json.loads(kept(page))["checks"]
        assert [c["date"] for c in saved] == ["2025-05-01", "2026-09-15"]
        assert saved[0]["answers"]["lef"] == ["very_true", None, None, None]
    finally:
        context.close()
