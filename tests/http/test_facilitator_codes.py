"""Who may open sessions (FACILITATOR_CODES): by default anyone; with the setting on, only a
facilitator with a code from the organisation, given once per browser on the start page.
Codes are made, listed and revoked with ``python -m session_app facilitators``."""

from __future__ import annotations

import re

import pytest
from helpers import Actions, Hosted
from sqlalchemy import select
from team_files import as_bytes, good_file, upload

from session_app import admin, config, create_app
from session_app.store import Facilitator, TeamSession

WHY = "Only facilitators of the organisation that runs this website can start a session here."
WHY_NL = "Alleen begeleiders van de organisatie achter deze website kunnen hier een sessie starten."
NOT_KNOWN = "This code is not known. Check it, or ask your organisation for a code."
REVOKED = "This code no longer works. Ask your organisation for a new code."
CODE = re.compile(r"Facilitator code for (.+): ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\n")


@pytest.fixture
def url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/codes.db"
    monkeypatch.setenv("DATABASE_URL", url)  # the commands use the server's settings
    return url


@pytest.fixture
def guarded(url):
    app = create_app(config.TestingConfig(url, FACILITATOR_CODES=True))
    yield app
    app.extensions["store"].engine.dispose()


def command(capsys, *argv: str) -> tuple[int, str, str]:
    code = admin.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, name: str) -> str:
    status, out, _ = command(capsys, "facilitators", "add", name)
    assert status == 0
    found = CODE.match(out)
    assert found and found.group(1) == name, out
    return found.group(2)


def sessions(app) -> int:
    with app.extensions["store"].transaction() as db:
        return len(db.scalars(select(TeamSession)).all())


def start(client, team: str = "Wmo-raad Oost"):
    return client.post("/sessions", data={"team_name": team, "locale": "en"})


def give_code(client, code: str):
    return client.post("/facilitator-code", data={"code": code})


def test_by_default_anyone_opens_a_session_without_a_code(app, client):
    client.set_cookie("lang", "en")
    assert 'name="code"' not in client.get("/").text
    assert start(client).status_code == 302
    assert client.post("/practice", data={"locale": "en"}).status_code == 302


def test_the_start_page_asks_a_code_once_and_says_why(guarded, capsys):
    code = add(capsys, "Petra (Wmo-raad Oost)")
    browser = guarded.test_client()
    page = browser.get("/").text  # Dutch by default
    assert WHY_NL in page and 'name="code"' in page and 'name="team_name"' not in page
    browser.set_cookie("lang", "en")
    page = browser.get("/").text
    assert WHY in page and "You type the code once. This browser remembers it." in page
    assert "I am a team member and want to join" in page  # members need no code

    # Typed as people type: small letters, spaces instead of dashes.
    given = give_code(browser, code.lower().replace("-", " "))
    assert given.status_code == 303 and given.headers["Location"] == "/"
    cookie = browser.get_cookie("facilitator")
    assert cookie is not None and cookie.http_only and code not in cookie.value
    page = browser.get("/").text  # asked once: now the forms, no code
    assert 'name="team_name"' in page and 'name="code"' not in page
    assert start(browser).status_code == 302
    assert start(browser, "Tweede team").status_code == 302
    assert browser.post("/practice", data={"locale": "en"}).status_code == 302
    assert sessions(guarded) == 3


def test_without_a_code_no_session_is_opened(guarded, capsys):
    add(capsys, "Petra")
    browser = guarded.test_client()
    browser.set_cookie("lang", "en")
    refused = start(browser)
    assert refused.status_code == 403 and WHY in refused.text
    assert browser.post("/practice", data={"locale": "en"}).status_code == 403
    # A follow-up from a team file is a new session too.
    assert upload(browser, as_bytes(good_file())).status_code == 403
    browser.set_cookie("facilitator", "made-up")  # a cookie not signed by the app
    assert start(browser).status_code == 403
    assert sessions(guarded) == 0


def test_a_wrong_or_revoked_code_gets_a_clear_message(guarded, capsys):
    code = add(capsys, "Jan")
    browser = guarded.test_client()
    browser.set_cookie("lang", "en")
    wrong = give_code(browser, "ACDE-FGHJ-KMNP")
    assert wrong.status_code == 400 and NOT_KNOWN in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    assert give_code(browser, "").status_code == 400
    assert browser.get_cookie("facilitator") is None
    assert command(capsys, "facilitators", "revoke", "Jan")[0] == 0
    revoked = give_code(browser, code)
    assert revoked.status_code == 400 and REVOKED in revoked.text
    assert browser.get_cookie("facilitator") is None
    browser.set_cookie("lang", "nl")
    dutch = give_code(browser, code)
    assert "Deze code werkt niet meer. Vraag je organisatie om een nieuwe code." in dutch.text


def test_revoking_stops_new_sessions_not_running_ones(guarded, capsys):
    code = add(capsys, "Petra")
    actions = Actions(guarded)
    try:
        facilitator = actions.new_client()
        assert give_code(facilitator, code).status_code == 303
        # The running session: made with the code, members joined, the host connected.
        response = start(facilitator)
        assert response.status_code == 302
        public_id = response.headers["Location"].split("/")[2]
        s = actions.load(public_id)
        hosted = Hosted(public_id, s.join_code, s.screen_key, s.host_key, facilitator)
        members = [actions.join(hosted, name) for name in ("Ann", "Bob", "Cas")]
        host_socket = actions.host_socket(hosted)
        phone = actions.member_socket(members[0])

        status, out, _ = command(capsys, "facilitators", "revoke", "Petra")
        assert status == 0 and "Sessions that are running go on." in out

        refused = start(facilitator, "Nieuw team")
        assert refused.status_code == 403 and REVOKED in refused.text
        assert sessions(guarded) == 1
        # The running session goes on: its pages, its live events.
        assert facilitator.get(f"/s/{public_id}/host").status_code == 200
        assert Actions.act(host_socket, "start_rounds") == {"ok": True}
        round_id = actions.load(public_id).current_round_id
        if actions.load(public_id).current_round.central_member_id == members[0].member_id:
            phone = actions.member_socket(members[1])
        assert Actions.pick(phone, round_id) == {"ok": True}
    finally:
        actions.close()

    # A new code for the same name works again; the old one stays revoked.
    new = add(capsys, "Petra")
    again = guarded.test_client()
    assert give_code(again, code).status_code == 400
    assert give_code(again, new).status_code == 303
    assert start(again).status_code == 302


def test_guessing_codes_is_limited_per_browser(guarded, capsys):
    code = add(capsys, "Petra")
    guesser = guarded.test_client()
    guesser.set_cookie("lang", "en")
    for n in range(10):
        assert give_code(guesser, f"ACDE-FGHJ-{n:04d}").status_code == 400
    blocked = give_code(guesser, code)  # even the right code waits now
    assert blocked.status_code == 429
    assert "Too many wrong codes. Wait a few minutes and try again." in blocked.text
    assert guesser.get_cookie("facilitator") is None
    # Another facilitator on the same address (the office's Wi-Fi) is not locked out.
    colleague = guarded.test_client()
    assert give_code(colleague, code).status_code == 303
    # Wrong join codes and wrong facilitator codes are counted apart.
    assert guesser.post("/join", data={"code": "ACDEFG", "name": "X"}).status_code == 400


def test_codes_are_kept_hashed_and_listed_without_them(guarded, capsys, url):
    code = add(capsys, "Petra")
    add(capsys, "Jan")
    command(capsys, "facilitators", "revoke", "Jan")
    with guarded.extensions["store"].transaction() as db:
        rows = db.scalars(select(Facilitator)).all()
    plain = code.replace("-", "")
    for row in rows:
        assert code not in row.code_hash and plain not in row.code_hash
        assert len(row.code_hash) == 64
    status, listed, _ = command(capsys, "facilitators", "list")
    assert status == 0
    lines = listed.splitlines()
    assert lines[0].split() == ["Name", "Added", "Code"]
    assert lines[1].startswith("Jan ") and "revoked" in lines[1]
    assert lines[2].startswith("Petra ") and lines[2].endswith("works")
    assert code not in listed and plain not in listed
    assert "FACILITATOR_CODES is not set to 1" in listed  # the env of this test has it off


def test_commands_say_plainly_what_they_cannot_do(url, capsys):
    add(capsys, "Petra")
    status, _, err = command(capsys, "facilitators", "add", "Petra")
    assert status == 1 and "'Petra' already has a code that works" in err
    status, _, err = command(capsys, "facilitators", "revoke", "Nobody")
    assert status == 1 and "No facilitator is called 'Nobody'" in err
    status, _, err = command(capsys, "facilitators", "add", "   ")
    assert status == 1 and "Give a name" in err
    status, _, err = command(capsys, "facilitators", "add", "x" * 81)
    assert status == 1 and "too long" in err
