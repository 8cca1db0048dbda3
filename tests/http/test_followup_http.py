"""A follow-up over HTTP: the team file and the calendar file, starting a follow-up from a kept
session or from a team file (and refusing every bad one, making nothing), keeping and purging."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from helpers import MEMBER_COOKIE, session_cookie
from sqlalchemy import func, select
from team_files import BAD_FILES, as_bytes, good_file, upload

from session_app import exercise, followup
from session_app.access import HOST_COOKIE
from session_app.store import Store, TeamSession, utcnow


def closed_team(actions, names=("Ann", "Bob", "Cas", "Dee")):
    team = actions.team(names)
    team.play_every_round()
    team.confirm_best_duos()
    return team


def sessions(actions) -> int:
    with actions.store.transaction() as db:
        return db.scalar(select(func.count()).select_from(TeamSession))


def test_the_team_file_is_for_the_facilitator_of_a_finished_session_only(actions):
    team = actions.team()
    url = f"/s/{team.hosted.public_id}/team-file"
    assert team.hosted.host.get(url).status_code == 404  # not over yet
    team.play_every_round()
    team.confirm_best_duos()
    assert team.member("Ann").client.get(url).status_code == 403
    assert actions.new_client().get(url).status_code == 403

    response = team.hosted.host.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="team-')
    assert response.mimetype == "application/json"
    file = response.get_json()
    s = team.load()
    votes = exercise.votes_received(s)
    names = {m.id: m.name for m in s.members}
    assert file["format"] == "teamkracht-team" and file["version"] == 1
    assert file["team"] == "Wmo-raad Oost" and file["held_on"] == date.today().isoformat()
    assert {m["name"]: m["seen"] for m in file["members"]} == {
        names[i]: {k: n for k, n in v.items() if n} for i, v in votes.items()
    }


def test_a_follow_up_from_the_team_file_holds_the_same_earlier_counts(actions):
    team = closed_team(actions)
    file = team.hosted.host.get(f"/s/{team.hosted.public_id}/team-file").data
    elsewhere = actions.new_client()  # another laptop: no cookie of the first session
    response = upload(elsewhere, file)
    assert response.status_code == 302
    public_id = response.headers["Location"].split("/")[2]
    assert session_cookie(elsewhere, HOST_COOKIE, public_id) is not None
    assert elsewhere.get(f"/s/{public_id}/host").status_code == 200
    with actions.store.transaction() as db:
        s = Store.load(db, public_id=public_id)
        assert s.is_follow_up and s.follows_id is None and s.team_name == "Wmo-raad Oost"
        assert s.phase == "lobby" and s.members == []
        assert followup.earlier_team(db, s.id) == json.loads(file)


@pytest.mark.parametrize(("raw", "says"), BAD_FILES)
def test_every_bad_team_file_is_refused_with_one_sentence_and_nothing_made(actions, raw, says):
    before = sessions(actions)
    response = upload(actions.new_client(), raw)
    assert response.status_code == 400
    assert says in response.text
    assert 'aria-invalid="true"' in response.text
    assert sessions(actions) == before


def test_no_file_too_many_members_and_dutch(actions, app):
    app.config["MAX_MEMBERS"] = 1
    assert "Choose the team file first." in upload(actions.new_client(), b"").text
    assert "more than 1 members" in upload(actions.new_client(), as_bytes(good_file())).text
    dutch = upload(actions.new_client("nl"), b"not json")
    assert "Dit is geen teambestand van Teamkracht." in dutch.text
    assert sessions(actions) == 0


def test_a_foreign_page_cannot_start_a_follow_up(actions):
    response = upload(
        actions.new_client(), as_bytes(good_file()), headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert sessions(actions) == 0


def test_a_follow_up_started_from_a_kept_session_is_linked_to_it(actions):
    team = closed_team(actions)
    assert team.host_act("keep", {"until": (date.today() + timedelta(days=100)).isoformat()})["ok"]
    url = f"/s/{team.hosted.public_id}/follow-up"
    assert team.member("Ann").client.post(url).status_code == 403
    response = team.hosted.host.post(url)
    assert response.status_code == 302
    new_id = response.headers["Location"].split("/")[2]
    old = team.load()
    with actions.store.transaction() as db:
        s = Store.load(db, public_id=new_id)
        assert s.is_follow_up and s.follows_id == old.id
        earlier = followup.earlier_team(db, s.id)
    assert earlier == json.loads(team.hosted.host.get(f"/s/{team.hosted.public_id}/team-file").data)


def test_the_calendar_file_of_the_follow_up_day(actions):
    team = closed_team(actions)
    url = f"/s/{team.hosted.public_id}/follow-up.ics"
    assert team.hosted.host.get(url).status_code == 404  # no day yet
    day = date.today() + timedelta(days=60)
    assert team.host_act("set_follow_up_on", {"day": day.isoformat()}) == {"ok": True}
    assert team.member("Ann").client.get(url).status_code == 403
    response = team.hosted.host.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="follow-up-')
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in response.text
    assert "SUMMARY:Follow-up of Wmo-raad Oost\r\n" in response.text
    for name in ("Ann", "Bob", "Cas", "Dee"):  # the team's name and the day, nobody's name
        assert name not in response.text


def test_the_result_and_the_duo_list_say_until_when_it_is_kept(actions):
    team = closed_team(actions)
    ann = team.member("Ann").client
    result = f"/s/{team.hosted.public_id}/me/result"
    assert "keeps this session" not in ann.get(result).text
    until = date.today() + timedelta(days=200)
    assert team.host_act("keep", {"until": until.isoformat()}) == {"ok": True}
    assert team.host_act("set_follow_up_on", {"day": until.isoformat()}) == {"ok": True}
    for page in (ann.get(result), team.hosted.host.get(f"/s/{team.hosted.public_id}/print")):
        assert f"keeps this session until {until:%B} {until.day}, {until.year}" in page.text
        assert f"The follow-up is on {until:%B} {until.day}, {until.year}" in page.text


def test_the_facilitator_cookie_of_a_kept_session_lasts_until_its_last_day(actions):
    team = closed_team(actions)
    host = team.hosted.host
    page = f"/s/{team.hosted.public_id}/host"
    assert "Max-Age" not in "".join(host.get(page).headers.getlist("Set-Cookie"))
    assert team.host_act("keep", {"until": (date.today() + timedelta(days=300)).isoformat()})["ok"]
    cookies = host.get(page).headers.getlist("Set-Cookie")
    mine = next(c for c in cookies if c.startswith(HOST_COOKIE.format(team.hosted.public_id)))
    assert f"Max-Age={301 * 24 * 3600}" in mine
    assert session_cookie(team.member("Ann").client, MEMBER_COOKIE, team.hosted.public_id)


def age(actions, public_id: str, days: int) -> None:
    with actions.store.transaction() as db:
        s = Store.load(db, public_id=public_id)
        s.last_activity = utcnow() - timedelta(days=days)


def test_a_kept_session_outlives_the_retention_period_until_its_day(actions):
    kept, plain = closed_team(actions), closed_team(actions, ("Eva", "Fay"))
    until = date.today() + timedelta(days=10)
    assert kept.host_act("keep", {"until": until.isoformat()}) == {"ok": True}
    for team in (kept, plain):
        age(actions, team.hosted.public_id, days=31)
    assert actions.store.purge_expired(30) == 1  # the one not kept
    assert kept.hosted.host.get(f"/s/{kept.hosted.public_id}/host").status_code == 200
    with actions.store.transaction() as db:  # its day passed: the retention period counts
        db.get(TeamSession, kept.load().id).keep_until = date.today() - timedelta(days=1)
    assert actions.store.purge_expired(30) == 1
    assert sessions(actions) == 0


def test_deleted_at_once_also_when_kept(actions):
    team = closed_team(actions)
    assert team.host_act("keep", {"until": (date.today() + timedelta(days=5)).isoformat()})["ok"]
    assert team.host_act("delete_session") == {"ok": True}
    assert sessions(actions) == 0
