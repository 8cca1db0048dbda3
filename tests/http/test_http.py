"""HTTP: pages, forms, access by cookie or key, security headers and the downloads."""

from __future__ import annotations

import csv
import io
import threading
from html import escape

import openpyxl
import pytest
from helpers import Actions, join_form, last_state
from markupsafe import escape as jinja_escape

from session_app.access import HOST_COOKIE, MEMBER_COOKIE
from session_app.content import BY_KEY
from session_app.store import Store

# --- start and create ----------------------------------------------------------


def test_start_page(client):
    client.set_cookie("lang", "en")
    response = client.get("/")
    assert response.status_code == 200
    assert 'name="team_name"' in response.text
    assert "Start a team session" in response.text


def test_security_headers_on_pages_and_errors(client):
    for path, status in [("/", 200), ("/join", 200), ("/no-such-page", 404)]:
        response = client.get(path)
        assert response.status_code == status, path
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
        if status == 200:
            assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("team_name", "message"),
    [
        ("", "Fill in the name of the team."),
        ("   \t ", "Fill in the name of the team."),
        ("x" * 61, "The team name is too long: at most 60 characters."),
    ],
)
def test_create_a_session_needs_a_team_name(actions, team_name, message):
    browser = actions.new_client()
    response = browser.post("/sessions", data={"team_name": team_name, "locale": "en"})
    assert response.status_code == 400
    assert message in response.text
    assert browser.get_cookie(HOST_COOKIE.format("x")) is None
    assert not any(c.key.startswith("host_") for c in browser._cookies.values())


def test_create_a_session_gives_the_host_a_cookie(actions):
    browser = actions.new_client()
    response = browser.post(
        "/sessions", data={"team_name": "  Wmo-raad  Oost ", "locale": "en", "show_names": "no"}
    )
    assert response.status_code == 302
    public_id = response.headers["Location"].split("/")[2]
    assert response.headers["Location"] == f"/s/{public_id}/host"
    cookie = browser.get_cookie(HOST_COOKIE.format(public_id), path=f"/s/{public_id}/")
    assert cookie.http_only and cookie.same_site == "Lax"
    s = actions.load(public_id)
    assert cookie.value == s.host_key
    assert (s.team_name, s.locale, s.show_names, s.phase) == ("Wmo-raad Oost", "en", False, "lobby")
    assert len(s.join_code) == 6


# --- facilitator and screen pages ---------------------------------------------------


def test_host_page_needs_the_host_cookie(actions):
    hosted, other = actions.create_session("Wmo-raad Oost"), actions.create_session("Other")
    response = hosted.host.get(f"/s/{hosted.public_id}/host")
    assert response.status_code == 200
    assert "Wmo-raad Oost" in response.text
    assert hosted.join_code in response.text

    assert actions.new_client().get(f"/s/{hosted.public_id}/host").status_code == 403
    assert other.host.get(f"/s/{hosted.public_id}/host").status_code == 403
    assert hosted.host.get("/s/no-such-session/host").status_code == 404


def test_the_host_link_gives_a_second_device_the_cookie(actions):
    hosted = actions.create_session()
    phone = actions.new_client()
    response = phone.get(f"/host/{hosted.host_key}")
    assert response.headers["Location"] == f"/s/{hosted.public_id}/host"
    assert phone.get(f"/s/{hosted.public_id}/host").status_code == 200
    assert actions.new_client().get("/host/not-a-key").status_code == 404


def test_screen_page_needs_its_key_and_never_shows_the_host_key(actions):
    hosted = actions.create_session("Wmo-raad Oost")
    ann = actions.join(hosted, "Ann")
    response = actions.new_client().get(f"/screen/{hosted.screen_key}")
    assert response.status_code == 200
    assert "Wmo-raad Oost" in response.text
    assert hosted.join_code in response.text
    assert hosted.host_key not in response.text
    assert ann.token not in response.text
    assert actions.new_client().get("/screen/wrong-key").status_code == 404
    assert actions.new_client().get(f"/screen/{hosted.host_key}").status_code == 404


# --- joining ----------------------------------------------------------------------


def test_join_with_a_code_typed_loosely(actions):
    hosted = actions.create_session()
    phone = actions.new_client()
    loose = " " + hosted.join_code[:3].lower() + " " + hosted.join_code[3:].lower()
    response = join_form(phone, loose, "  Ann ")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/s/{hosted.public_id}/me"
    cookie = phone.get_cookie(
        MEMBER_COOKIE.format(hosted.public_id), path=f"/s/{hosted.public_id}/"
    )
    assert cookie.http_only
    assert [m.name for m in actions.load(hosted.public_id).members] == ["Ann"]

    page = phone.get(f"/s/{hosted.public_id}/me")
    assert page.status_code == 200
    assert hosted.host_key not in page.text and hosted.screen_key not in page.text


def test_join_with_an_unknown_code(actions):
    actions.create_session()
    response = join_form(actions.new_client(), "QQQQQQ", "Ann")
    assert response.status_code == 400
    assert "This code is not known. Check the code on the big screen." in response.text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Fill in your first name."),
        ("\x00 ", "Fill in your first name."),
        ("x" * 31, "Your name is too long: at most 30 characters."),
    ],
)
def test_join_needs_a_first_name(actions, name, message):
    hosted = actions.create_session()
    response = join_form(actions.new_client(), hosted.join_code, name)
    assert response.status_code == 400
    assert message in response.text
    assert actions.load(hosted.public_id).members == []


def test_join_a_closed_session(actions):
    team = actions.team(["Ann"])
    assert team.host_act("set_joining", {"open": False}) == {"ok": True}
    response = join_form(actions.new_client(), team.hosted.join_code, "Bob")
    assert response.status_code == 400
    assert "This session is closed for new members. Ask the facilitator." in response.text
    assert [m.name for m in team.load().members] == ["Ann"]

    # The QR link says so at once, before anyone types a name.
    early = actions.new_client().get(f"/j/{team.hosted.join_code}", follow_redirects=True)
    assert "This session is closed for new members. Ask the facilitator." in early.text

    assert team.host_act("set_joining", {"open": True}) == {"ok": True}
    actions.join(team.hosted, "Bob")


def test_join_after_the_pairing_started(actions):
    team = actions.team(["Ann", "Bob"])
    team.run_to_development()
    actions.join(team.hosted, "Cas")  # still possible while goals are chosen
    assert team.host_act("start_pairing") == {"ok": True}
    response = join_form(actions.new_client(), team.hosted.join_code, "Dee")
    assert response.status_code == 400
    assert "This session is closed for new members." in response.text


def test_the_qr_link_sends_a_known_phone_back_to_its_page(actions):
    hosted = actions.create_session()
    ann = actions.join(hosted, "Ann")
    response = ann.client.get(f"/j/{hosted.join_code.lower()}", follow_redirects=True)
    assert response.request.path == f"/s/{hosted.public_id}/me"

    stranger = actions.new_client().get(f"/j/{hosted.join_code}", follow_redirects=True)
    assert stranger.status_code == 200
    assert f'value="{hosted.join_code}"' in stranger.text


def test_a_member_page_without_the_cookie_goes_to_the_join_form(actions):
    hosted = actions.create_session()
    response = actions.new_client().get(f"/s/{hosted.public_id}/me")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/s/{hosted.public_id}/join"


def test_a_removed_member_has_to_join_again(actions):
    team = actions.team(["Ann", "Bob"])
    ann = team.member("Ann")
    assert team.host_act("remove_member", {"member_id": ann.member_id}) == {"ok": True}
    response = ann.client.get(f"/s/{team.hosted.public_id}/me")
    assert response.headers["Location"] == f"/s/{team.hosted.public_id}/join"
    assert ann.client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "https://evil.example/",
        "evil",
        "/\t/evil.example",
        "/\\evil.example",
        "/%09/evil.example",
        " //evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
    ],
)
def test_the_language_switch_stays_on_this_site(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target", ["/", "/?", "/s/abc_DEF-12/me?", "/j/ABCDEF?", "/join?code=ABCDEF", "/s/x/me/result"]
)
def test_the_language_switch_goes_back_to_the_page(client, target):
    response = client.get("/lang/nl", query_string={"next": target})
    assert response.headers["Location"] == target.removesuffix("?")
    cookie = response.headers["Set-Cookie"]
    assert "lang=nl" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


# --- the pairing list as CSV -----------------------------------------------------------

AWKWARD_NAMES = ["Jan;Piet", 'Zoë "de Z"', "=1+2", "🦊 Vos", "Ann", "ann"]
AWKWARD_GOALS = {
    "Jan;Piet": ("lef", 'Line one\nline two; "quoted"'),
    'Zoë "de Z"': ("netwerken", '=HYPERLINK("http://evil.example","click")'),
    "=1+2": ("communicatie", "+31 6 1234 5678"),
    "🦊 Vos": ("samenwerken", "@SUM(A1:A2)"),
    "Ann": ("signaleren", "-minus first"),
    "ann": ("lef", "Emoji 👩\u200d👩\u200d👧 ✔ and ‘curly’ quotes"),
}


def neutral(text: str) -> str:
    """What a spreadsheet must get: text that can never start a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def parse_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture
def paired(actions):
    team = actions.team(AWKWARD_NAMES)
    team.run_to_development()
    team.set_goals(AWKWARD_GOALS)
    assert team.host_act("start_pairing") == {"ok": True}
    return team


def test_the_csv_is_for_the_host_only(actions):
    hosted = actions.create_session()
    ann = actions.join(hosted, "Ann")
    for kind in ("duos.csv", "duos.xlsx"):
        url = f"/s/{hosted.public_id}/{kind}"
        assert hosted.host.get(url).status_code == 200
        assert ann.client.get(url).status_code == 403
        assert actions.new_client().get(url).status_code == 403
        assert actions.create_session().host.get(url).status_code == 403
        assert hosted.host.get(f"/s/nope/{kind}").status_code == 404


def test_the_csv_reads_back_as_the_session(paired):
    response = paired.hosted.host.get(f"/s/{paired.hosted.public_id}/duos.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="duos-')
    assert response.data.endswith(b"\r\n")

    rows = parse_csv(response.data)

    s = paired.load()
    shown = {m.id: m.name for m in s.members}
    shown.update(
        {
            m.id: f"{m.name} ({n})"
            for n, m in enumerate([m for m in s.members if m.name.casefold() == "ann"], start=1)
        }
    )
    votes = {m.id: {} for m in s.members}
    for r in s.rounds:
        for p in r.picks:
            votes[r.central_member_id][p.competency] = (
                votes[r.central_member_id].get(p.competency, 0) + 1
            )
    expected = [
        [
            "Member",
            "Wants to get better at",
            "Reason",
            "In a duo with",
            "Times the others in the duo were chosen for this quality",
        ]
    ]
    for group_no in sorted({m.group_no for m in s.members}):
        group = [m for m in s.members if m.group_no == group_no]
        for m in group:
            goal, reason = AWKWARD_GOALS[m.name]
            partners = [o for o in group if o is not m]
            expected.append(
                [
                    neutral(shown[m.id]),
                    BY_KEY[goal].name,
                    neutral(reason),
                    neutral(", ".join(shown[o.id] for o in partners)),
                    ", ".join(str(votes[o.id].get(goal, 0)) for o in partners),
                ]
            )
    assert rows == expected
    assert len(rows) == 1 + len(AWKWARD_NAMES)
    # The awkward bits survived the round trip as text.
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert 'Line one\nline two; "quoted"' in cells
    assert "'=1+2" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_a_member_without_a_goal_has_no_votes_in_the_list(actions):
    team = actions.team(["Ann", "Bob"])
    team.run_to_development()
    team.set_goals({"Ann": ("lef", "Durf")})
    assert team.host_act("start_pairing") == {"ok": True}
    rows = parse_csv(team.hosted.host.get(f"/s/{team.hosted.public_id}/duos.csv").data)
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Bob"][1:] == ["", "", "Ann", ""]
    assert by_name["Ann"][1:4] == ["Courage", "Durf", "Bob"]
    assert by_name["Ann"][4].isdigit()


def test_the_csv_before_the_pairing_has_only_the_header(actions):
    hosted = actions.create_session()
    actions.join(hosted, "Ann")
    rows = parse_csv(hosted.host.get(f"/s/{hosted.public_id}/duos.csv").data)
    assert rows == [
        [
            "Member",
            "Wants to get better at",
            "Reason",
            "In a duo with",
            "Times the others in the duo were chosen for this quality",
        ]
    ]


def test_html_pages_escape_what_members_type(actions):
    hosted = actions.create_session("<b>Team</b>")
    actions.join(hosted, "<script>alert(1)</script>")
    page = hosted.host.get(f"/s/{hosted.public_id}/host").text
    assert "<b>Team</b>" not in page and escape("<b>Team</b>") in page
    assert "<script>alert(1)</script>" not in page


# --- the other downloads: XLSX, print page, report, personal result --------------


def shown_as_html(text: str) -> str:
    """Text as the templates put it in a page (Jinja's escaping)."""
    return str(jinja_escape(text))


def test_the_xlsx_reads_back_like_the_csv(paired):
    base = f"/s/{paired.hosted.public_id}"
    rows = parse_csv(paired.hosted.host.get(f"{base}/duos.csv").data)
    response = paired.hosted.host.get(f"{base}/duos.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cells = list(sheet.iter_rows())
    # The CSV neutralises formulas with an apostrophe; the workbook marks those cells as
    # text typed as is (Excel shows them without the apostrophe).
    assert [["" if c.value is None else str(c.value) for c in row] for row in cells] == [
        [cell[1:] if cell.startswith(("'=", "'+", "'-", "'@")) else cell for cell in row]
        for row in rows
    ]
    assert {cell.data_type for row in cells for cell in row} == {"s", "n"}  # never a formula
    marked = {cell.value for row in cells for cell in row if cell.quotePrefix}
    assert "=1+2" in marked
    assert all(str(value).startswith(("=", "+", "-", "@")) for value in marked)
    votes = [row[4] for row in cells[1:]]
    assert {type(cell.value) for cell in votes} <= {int, str}
    assert any(isinstance(cell.value, int) for cell in votes)  # a duo's votes: a number


@pytest.mark.parametrize("page", ["print", "report"])
def test_printable_pages_are_for_the_host_only(paired, page):
    url = f"/s/{paired.hosted.public_id}/{page}"
    response = paired.hosted.host.get(url)
    assert response.status_code == 200
    assert "Wmo-raad Oost" in response.text
    assert paired.member("Ann").client.get(url).status_code == 403
    assert paired.actions.new_client().get(url).status_code == 403


def test_the_print_page_holds_every_member_and_partner(paired):
    text = paired.hosted.host.get(f"/s/{paired.hosted.public_id}/print").text
    rows = parse_csv(paired.hosted.host.get(f"/s/{paired.hosted.public_id}/duos.csv").data)
    for row in rows[1:]:
        assert shown_as_html(row[0].removeprefix("'")) in text


@pytest.mark.parametrize("show_names", [True, False])
def test_the_report_has_every_reason_named_as_the_session_says(actions, show_names):
    team = actions.team(["Ann", "Bob", "Cas"], show_names=show_names)
    team.run_to_development()
    text = team.hosted.host.get(f"/s/{team.hosted.public_id}/report").text
    s = team.load()
    reasons = [p.reason for r in s.rounds for p in r.picks]
    assert len(reasons) == 3 * 2 * 2
    for reason in reasons:
        assert shown_as_html(reason) in text
    assert ('class="author"' in text) is show_names


def test_a_member_keeps_their_own_result(paired):
    s = paired.load()
    ann = paired.member("Ann")
    mine = next(m for m in s.members if m.id == ann.member_id)
    partners = [m for m in s.members if m.group_no == mine.group_no and m.id != mine.id]
    given = [p.reason for r in s.rounds if r.central_member_id == mine.id for p in r.picks]
    assert given

    page = ann.client.get(f"/s/{paired.hosted.public_id}/me/result")
    assert page.status_code == 200
    response = ann.client.get(f"/s/{paired.hosted.public_id}/me/result.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.data.decode("utf-8")
    for reason in given:
        assert reason in text
        assert shown_as_html(reason) in page.text
    assert BY_KEY[mine.development_goal].name in text
    for partner in partners:
        assert partner.name in text
    # Nobody else's reasons are in it, and nobody without Ann's cookie gets it.
    others = [p.reason for r in s.rounds if r.central_member_id != mine.id for p in r.picks]
    assert not [reason for reason in others if reason in text]
    url = f"/s/{paired.hosted.public_id}/me/result.txt"
    assert paired.actions.new_client().get(url).status_code == 403


def test_a_phone_that_sends_the_join_form_twice_is_one_member(actions):
    hosted = actions.create_session()
    ann = actions.join(hosted, "Ann")
    again = join_form(ann.client, hosted.join_code, "Ann")
    assert again.status_code == 302
    assert again.headers["Location"].endswith(f"/s/{hosted.public_id}/me")
    assert [m.name for m in actions.load(hosted.public_id).members] == ["Ann"]


def test_the_qr_link_of_a_finished_session_says_it_has_ended(paired):
    assert paired.host_act("confirm_duos") == {"ok": True}
    response = paired.actions.new_client(lang="nl").get(
        f"/j/{paired.hosted.join_code}", follow_redirects=True
    )
    assert response.status_code == 410
    assert "Deze sessie is afgelopen" in response.text
    # A member of it still gets back to their own page.
    ann = paired.member("Ann")
    back = ann.client.get(f"/j/{paired.hosted.join_code}", follow_redirects=True)
    assert back.request.path == f"/s/{paired.hosted.public_id}/me"


def test_an_unknown_join_link_gives_the_dutch_not_found_page(actions):
    response = actions.new_client(lang="nl").get("/j/QQQQQQ")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text
    assert "<form" not in response.text


def test_guessing_join_links_is_limited_like_guessing_codes(actions):
    visitor = actions.new_client(lang="nl")
    for _ in range(actions.app.extensions["limits"].join_guard.per_browser):
        assert visitor.get("/j/QQQQQQ").status_code == 404
    hosted = actions.create_session()
    blocked = visitor.get(f"/j/{hosted.join_code}")
    assert blocked.status_code == 429
    assert "Te vaak een verkeerde code" in blocked.text


def test_a_joined_phone_gets_back_in_after_joining_closed(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("set_joining", {"open": False}) == {"ok": True}
    ann = team.member("Ann")
    again = join_form(ann.client, team.hosted.join_code, "Ann")
    assert again.status_code == 302
    assert again.headers["Location"].endswith(f"/s/{team.hosted.public_id}/me")
    assert [m.name for m in team.load().members] == ["Ann", "Bob"]


def test_someone_elses_result_page_speaks_to_a_member(paired):
    url = f"/s/{paired.hosted.public_id}/me/result"
    response = paired.actions.new_client(lang="nl").get(url)
    assert response.status_code == 403
    assert "Open hem op de telefoon waarmee je meedeed" in response.text
    assert "begeleider" not in response.text


def test_members_joining_at_the_same_moment_each_get_their_own_round(actions):
    # Twelve phones scan the QR code together while the rounds run: each gets a round of
    # their own at the end of the queue, none lost, none sharing a place.
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    names = [f"Laat{n}" for n in range(12)]
    start = threading.Barrier(len(names))
    statuses: dict[str, int] = {}

    def join(name: str) -> None:
        client = actions.new_client()
        start.wait()
        response = join_form(client, team.hosted.join_code, name)
        statuses[name] = response.status_code

    threads = [threading.Thread(target=join, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == dict.fromkeys(names, 302)
    s = team.load()
    assert sorted(m.name for m in s.members) == sorted(["Ann", "Bob", *names])
    positions = [r.position for r in s.rounds]
    assert len(positions) == len(set(positions)) == 14


def test_the_join_link_speaks_the_phones_language_like_the_pages_after_it(actions):
    hosted = actions.create_session(locale="en")
    phone = actions.new_client(lang=None)
    phone.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl-NL,nl;q=0.9"
    assert (
        "Doe mee aan de sessie" in phone.get(f"/j/{hosted.join_code}", follow_redirects=True).text
    )
    response = join_form(phone, hosted.join_code, "Ann")
    assert response.status_code == 302
    assert 'lang="nl"' in phone.get(response.headers["Location"]).text


def test_a_reason_of_several_lines_stays_under_its_heading_in_the_text_file(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    s = team.load()
    central = next(m for m in team.members if m.member_id == s.current_round.central_member_id)
    voter = next(m for m in team.members if m is not central)
    ack = Actions.pick(
        team.phone(voter.name),
        s.current_round_id,
        ("lef", "netwerken"),
        "Eerste regel\nTweede regel",
    )
    assert ack == {"ok": True}
    assert team.host_act("reveal", {"round_id": s.current_round_id}) == {"ok": True}
    text = central.client.get(f"/s/{team.hosted.public_id}/me/result.txt").data.decode()
    assert "    “Eerste regel\r\n    Tweede regel (1)” — " + voter.name in text  # (1): helpers
    assert "\n" not in text.replace("\r\n", "")  # one kind of line end, as Windows expects


def test_pages_and_connections_do_not_wait_for_a_change_being_written(actions):
    """Reading takes no write lock: while a change holds the session, pages still open."""
    team = actions.team(["Ann", "Bob"])
    hosted, ann = team.hosted, team.member("Ann")
    with actions.store.transaction() as db:
        held = Store.load(db, public_id=hosted.public_id, for_update=True)  # the lock is taken
        assert held is not None
        for client, url in [
            (hosted.host, f"/s/{hosted.public_id}/host"),
            (actions.new_client(), f"/screen/{hosted.screen_key}"),
            (ann.client, f"/s/{hosted.public_id}/me"),
            (actions.new_client(), f"/j/{hosted.join_code}"),
            (hosted.host, f"/s/{hosted.public_id}/duos.csv"),
            (hosted.host, f"/s/{hosted.public_id}/report"),
        ]:
            # (/j/<code> goes on to the session's own join page)
            assert client.get(url, follow_redirects=True).status_code == 200, url
        phone = actions.member_socket(ann)
        assert phone.is_connected()
        assert last_state(phone)["me"]["name"] == "Ann"


def test_health_and_ready_for_monitoring(client, app, monkeypatch):
    """/health: the process answers; /ready: it reaches its database (and Redis, when set)."""
    for path in ("/health", "/ready"):
        response = client.get(path)
        assert (response.status_code, response.text) == (200, "ok\n")
        assert response.headers["Content-Type"].startswith("text/plain")

    def unreachable(*_args, **_kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(app.extensions["store"], "transaction", unreachable)
    assert client.get("/health").status_code == 200
    assert (client.get("/ready").status_code, client.get("/ready").text) == (503, "not ready\n")
    monkeypatch.undo()
    monkeypatch.setattr(app.extensions["limits"].throttle.counters, "count", unreachable)
    assert client.get("/ready").status_code == 503
