"""A follow-up's live events through Socket.IO: keeping (every phone says until when), the
follow-up day, and in a follow-up the claims of earlier names, their conflicts and the
facilitator's confirmation, before which a phone sees nothing from last time."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import openpyxl
from helpers import Actions, Team, last_state, states
from team_files import upload

from session_app import exercise, followup
from session_app.content import COMPETENCIES
from session_app.store import Store


def closed_team(actions, names=("Ann", "Bob", "Cas", "Dee")) -> Team:
    team = actions.team(names)
    team.play_every_round()
    team.confirm_best_duos()
    team.flush()
    return team


def test_keeping_is_the_facilitators_choice_and_every_phone_says_until_when(actions):
    team = closed_team(actions)
    until = (date.today() + timedelta(days=365)).isoformat()
    ann = team.phone("Ann")
    refused = Actions.act(ann, "keep", {"until": until})
    assert refused["ok"] is False
    too_far = team.host_act("keep", {"until": (date.today() + timedelta(days=401)).isoformat()})
    assert too_far == {"ok": False, "error": "Choose a date at most 400 days from today."}
    assert team.load().keep_until is None
    team.flush()

    assert team.host_act("keep", {"until": until}) == {"ok": True}
    assert team.load().keep_until.isoformat() == until
    for name in ("Ann", "Bob", "Cas", "Dee"):
        assert last_state(team.phone(name))["kept_until"] == until
    assert last_state(team.host)["follow_up"]["keep_until"] == until
    assert "kept_until" not in last_state(team.screen)

    assert team.host_act("set_follow_up_on", {"day": until}) == {"ok": True}
    assert last_state(ann)["follow_up_on"] == until
    assert team.host_act("stop_keeping") == {"ok": True}
    assert last_state(ann)["kept_until"] is None


def test_keeping_before_the_end_is_refused(actions):
    team = actions.team()
    answer = team.host_act("keep", {"until": (date.today() + timedelta(days=9)).isoformat()})
    assert answer == {"ok": False, "error": "This can be done once the duos are confirmed."}


def follow_up_of(actions, team: Team, names) -> tuple[Team, dict]:
    """The follow-up of ``team``, started on another laptop from its team file, with these
    members joined and connected."""
    file = team.hosted.host.get(f"/s/{team.hosted.public_id}/team-file").data
    laptop = actions.new_client()
    public_id = upload(laptop, file).headers["Location"].split("/")[2]
    with actions.store.transaction() as db:
        s = Store.load(db, public_id=public_id)
        hosted = type(team.hosted)(public_id, s.join_code, s.screen_key, s.host_key, laptop)
    later = actions.team_in(hosted, names)
    return later, json.loads(file)


def test_members_claim_their_earlier_name_and_see_last_time_only_once_confirmed(actions):
    team = closed_team(actions)
    later, file = follow_up_of(actions, team, ("Ann", "Bob", "Xena"))
    earlier_names = ["Ann", "Bob", "Cas", "Dee"]
    first = last_state(later.phone("Ann"))["earlier"]
    assert first == {
        "held_on": date.today().isoformat(),
        "state": None,
        "name": None,
        "names": earlier_names,
    }
    assert "Cas" not in json.dumps(last_state(later.screen))  # the projector shows none of it
    later.flush()

    # Ann claims Ann; Xena claims Ann too: a conflict, for the facilitator.
    assert Actions.act(later.phone("Ann"), "claim_earlier", {"name": "Ann"}) == {"ok": True}
    assert Actions.act(later.phone("Xena"), "claim_earlier", {"name": "Ann"}) == {"ok": True}
    assert Actions.act(later.phone("Bob"), "claim_earlier", {"name": "Bob"}) == {"ok": True}
    mine = last_state(later.phone("Ann"))["earlier"]
    assert mine["state"] == "claimed" and "then" not in mine  # nothing before confirmation
    claims = {c["id"]: c for c in last_state(later.host)["follow_up"]["claims"]}
    ann, bob, xena = (later.member(n).member_id for n in ("Ann", "Bob", "Xena"))
    assert claims[ann]["conflict"] and claims[xena]["conflict"] and not claims[bob]["conflict"]
    assert [claims[i]["exact"] for i in (ann, bob, xena)] == [False, True, False]
    assert states(later.screen) and "claims" not in json.dumps(states(later.screen))

    # Confirm all takes Bob only; Ann's conflict is decided by one tap.
    assert later.host_act("confirm_all_claims") == {"ok": True}
    assert later.host_act("confirm_claim", {"member_id": ann}) == {"ok": True}
    asked_again = last_state(later.phone("Xena"))["earlier"]
    assert asked_again["state"] is None and "Ann" not in asked_again["names"]
    then = last_state(later.phone("Ann"))["earlier"]["then"]
    assert then == next(m for m in file["members"] if m["name"] == "Ann")
    assert then["seen"]  # the same earlier counts as the rounds gave

    assert Actions.act(later.phone("Xena"), "claim_earlier", {"new": True}) == {"ok": True}
    host = last_state(later.host)["follow_up"]
    assert {c["id"]: c["state"] for c in host["claims"]} == {
        ann: "confirmed",
        bob: "confirmed",
        xena: "new",
    }
    assert host["not_claimed"] == ["Cas", "Dee"]  # the leavers: simply not claimed
    assert "then" not in last_state(later.phone("Xena"))["earlier"]


def test_claims_are_refused_outside_a_follow_up_and_to_the_host(actions):
    team = actions.team()
    answer = Actions.act(team.phone("Ann"), "claim_earlier", {"name": "Ann"})
    assert answer == {"ok": False, "error": "This session is not a follow-up."}
    assert team.host_act("claim_earlier", {"name": "Ann"})["ok"] is False
    assert Actions.act(team.phone("Ann"), "confirm_claim", {"member_id": 1})["ok"] is False


def test_then_and_now_on_the_phone_the_result_and_the_spreadsheet(actions):
    team = closed_team(actions)
    later, file = follow_up_of(actions, team, ("Ann", "Bobby", "Xena"))
    ids = {n: later.member(n).member_id for n in ("Ann", "Bobby", "Xena")}
    assert Actions.act(later.phone("Ann"), "claim_earlier", {"name": "Ann"})["ok"]
    assert Actions.act(later.phone("Bobby"), "claim_earlier", {"name": "Bob"})["ok"]
    assert Actions.act(later.phone("Xena"), "claim_earlier", {"new": True})["ok"]
    assert later.host_act("confirm_all_claims") == {"ok": True}  # Ann: the same name
    assert later.host_act("confirm_claim", {"member_id": ids["Bobby"]}) == {"ok": True}
    later.play_every_round()
    later.confirm_best_duos()

    now = exercise.votes_received(later.load())
    then = {m["name"]: m["seen"] for m in file["members"]}
    expected = followup.compare(then["Ann"], now[ids["Ann"]])
    assert last_state(later.phone("Ann"))["earlier"]["compare"] == expected
    assert any(q["new"] for q in expected) or any(q["now"] != q["then"] for q in expected)
    assert "compare" not in last_state(later.phone("Xena"))["earlier"]  # new: nothing then

    result = later.member("Ann").client.get(f"/s/{later.hosted.public_id}/me/result").text
    assert "Then and now" in result
    assert (
        "Then and now"
        not in later.member("Xena").client.get(f"/s/{later.hosted.public_id}/me/result").text
    )

    # The report per member: then and now for each who came back, the new one marked, and
    # who left named at the end.
    report = later.hosted.host.get(f"/s/{later.hosted.public_id}/report").text
    sections = {
        re.search(r"<h2>([^<]*)", part).group(1).strip(): part
        for part in report.split('<section class="report-member">')[1:]
    }
    names = {c.key: c.name for c in COMPETENCIES}
    table = re.findall(r"<tr><th scope=\"row\">([^<]*)(?: <strong>\(new\)</strong>)?</th>"
                       r"<td>(\d+)</td><td>(\d+)</td></tr>", sections["Ann"])  # fmt: skip
    assert table == [(names[q["key"]], str(q["then"]), str(q["now"])) for q in expected]
    assert sections["Ann"].count("(new)</strong>") == sum(q["new"] for q in expected)
    assert "Last time as: Bob" in sections["Bobby"] and "Then and now" in sections["Bobby"]
    assert "New in the team" in sections["Xena"] and "Then and now" not in sections["Xena"]
    assert "Cas, Dee" in sections["Not in the team any more"]

    book = later.hosted.host.get(f"/s/{later.hosted.public_id}/duos.xlsx").data
    sheet = openpyxl.load_workbook(io.BytesIO(book))["Over time"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
    names = {c.key: c.name for c in COMPETENCIES}
    assert [r for r in rows if r[0] == "Ann"] == [
        ("Ann", "Ann", names[q["key"]], q["then"], q["now"], "new" if q["new"] else None)
        for q in expected
    ]
    assert {r[0]: r[5] for r in rows if r[0] in ("Xena", "Cas", "Dee")} == {
        "Xena": "new member",
        "Cas": "not in the team any more",
        "Dee": "not in the team any more",
    }
    assert {r[1] for r in rows if r[0] == "Bobby"} == {"Bob"}


def test_looking_back_reaches_the_facilitator_as_a_summary(actions):
    team = closed_team(actions)
    later, _file = follow_up_of(actions, team, ("Ann", "Bob"))
    for name in ("Ann", "Bob"):
        assert Actions.act(later.phone(name), "claim_earlier", {"name": name})["ok"]
    refused = Actions.act(later.phone("Ann"), "look_back", {"answer": "well"})
    assert refused["error"] == "First the facilitator confirms your name from last time."
    assert later.host_act("confirm_all_claims") == {"ok": True}
    later.flush()
    ann = {"answer": "very_well", "note": "We belden elke week", "shared": True}
    assert Actions.act(later.phone("Ann"), "look_back", ann) == {"ok": True}
    bob = {"answer": "not_yet", "note": "Alleen voor mij", "shared": False}
    assert Actions.act(later.phone("Bob"), "look_back", bob) == {"ok": True}
    assert last_state(later.phone("Bob"))["earlier"]["look_back"] == {
        **bob, "ratings": None, "open": True}  # fmt: skip
    summary = last_state(later.host)["follow_up"]["look_back"]
    assert summary == {
        "back": 2,
        "answered": 2,
        "well": 1,
        "shared": [{"name": "Ann", "answer": "very_well", "note": "We belden elke week"}],
    }
    assert "Alleen voor mij" not in json.dumps(states(later.screen))
    assert "Alleen voor mij" not in json.dumps(last_state(later.phone("Ann")))


def test_the_big_screen_shows_the_look_back_part_by_part_as_the_facilitator_turns_it(actions):
    team = closed_team(actions)
    later, _file = follow_up_of(actions, team, ("Ann", "Bob", "Cas"))
    for name in ("Ann", "Bob", "Cas"):
        assert Actions.act(later.phone(name), "claim_earlier", {"name": name})["ok"]
    assert later.host_act("confirm_all_claims") == {"ok": True}
    assert last_state(later.screen)["look_back"] is None  # not on the big screen by itself
    later.flush()

    assert later.host_act("look_back_slide", {"step": 0}) == {"ok": True}
    for name in ("Ann", "Bob", "Cas"):  # the phones get no whole view for it
        assert states(later.phone(name)) == []
    assert last_state(later.screen)["look_back"] == {
        "step": 0, "parts": 2, "back": 3, "answered": 0}  # fmt: skip
    ann = {"answer": "very_well", "note": "We belden elke week", "shared": True}
    assert Actions.act(later.phone("Ann"), "look_back", ann) == {"ok": True}
    bob = {"answer": "not_yet", "note": "Alleen voor mij", "shared": False}
    assert Actions.act(later.phone("Bob"), "look_back", bob) == {"ok": True}
    # Only how many: not yet how it went, and nobody's own answer.
    slide = last_state(later.screen)["look_back"]
    assert slide == {"step": 0, "parts": 3, "back": 3, "answered": 2}
    assert "We belden" not in json.dumps(states(later.screen))

    assert later.host_act("look_back_slide", {"step": 1}) == {"ok": True}
    slide = last_state(later.screen)["look_back"]
    assert slide == {"step": 1, "parts": 3, "back": 3, "answered": 2, "well": 1}
    assert last_state(later.host)["look_back"] == slide  # the host's preview and buttons

    assert later.host_act("look_back_slide", {"step": 2}) == {"ok": True}
    shared = last_state(later.screen)["look_back"]["shared"]
    assert shared == [{"name": "Ann", "answer": "very_well", "note": "We belden elke week"}]
    assert "Alleen voor mij" not in json.dumps(states(later.screen))
    assert later.host_act("look_back_slide", {"step": 3}) == {
        "ok": False, "error": "This part of the slide does not exist."}  # fmt: skip
    # Ann takes her consent back: her answer leaves the big screen at once.
    assert Actions.act(later.phone("Ann"), "look_back", {**ann, "shared": False}) == {"ok": True}
    assert last_state(later.screen)["look_back"] == {
        "step": 1, "parts": 2, "back": 3, "answered": 2, "well": 1}  # fmt: skip

    # The opening slide takes its place; taking it off shows the lobby again.
    assert later.host_act("show_opening", {"show": True}) == {"ok": True}
    assert last_state(later.screen)["look_back"] is None
    assert later.host_act("look_back_slide", {"step": 0}) == {"ok": True}
    assert last_state(later.screen)["opening"] is False
    assert later.host_act("look_back_slide", {"step": None}) == {"ok": True}
    assert last_state(later.screen)["look_back"] is None
    refused = Actions.act(later.phone("Ann"), "look_back_slide", {"step": 0})
    assert refused["ok"] is False
    for bad in ("1", True, -1, 1.5):
        answer = later.host_act("look_back_slide", {"step": bad})
        assert answer == {"ok": False, "error": "This part of the slide does not exist."}
    assert later.host_act("start_rounds") == {"ok": True}
    assert later.host_act("look_back_slide", {"step": 0}) == {
        "ok": False, "error": "That is not possible at this step of the session."}  # fmt: skip


def test_the_look_back_slide_is_for_a_follow_up_only(actions):
    team = actions.team(("Ann", "Bob"))
    answer = team.host_act("look_back_slide", {"step": 0})
    assert answer == {"ok": False, "error": "This session is not a follow-up."}
    assert team.load().look_back_step is None


def test_the_goals_statements_again_stay_on_the_members_own_phone_and_result(actions):
    team = actions.team(("Ann", "Bob", "Cas"))
    team.play_every_round()
    assert team.host_act("start_development") == {"ok": True}
    team.set_goals({"Ann": ("lef", "Wil ik leren")})
    assert team.host_act("start_pairing") == {"ok": True}
    assert team.host_act("confirm_duos", {"version": team.load().version}) == {"ok": True}
    later, _file = follow_up_of(actions, team, ("Ann", "Bob"))
    for name in ("Ann", "Bob"):
        assert Actions.act(later.phone(name), "claim_earlier", {"name": name})["ok"]
    assert later.host_act("confirm_all_claims") == {"ok": True}
    later.flush()
    ratings = ["very_true", None, "a_bit_true", "not_true"]
    for bad in (["very_true"], ["nearly", None, None, None], "very_true"):
        answer = Actions.act(later.phone("Ann"), "look_back", {"answer": "well", "ratings": bad})
        assert answer["ok"] is False
    assert next(m for m in later.load().members if m.name == "Ann").look_back is None
    mine = {"answer": "well", "note": "", "shared": True, "ratings": ratings}
    assert Actions.act(later.phone("Ann"), "look_back", mine) == {"ok": True}
    assert last_state(later.phone("Ann"))["earlier"]["look_back"]["ratings"] == ratings
    # Shared or not: the statements are never on the big screen or the facilitator's page.
    assert later.host_act("look_back_slide", {"step": 2}) == {"ok": True}
    for page in (later.screen, later.host):
        assert "a_bit_true" not in json.dumps(states(page))
    result = later.member("Ann").client.get(f"/s/{later.hosted.public_id}/me/result").text
    lef = COMPETENCIES[[c.key for c in COMPETENCIES].index("lef")].name
    assert f"Your goal last time: {lef}. How it went: Well" in result
    assert "(a bit true)" in result and "(not true)" in result and "(very true)" in result
    report = later.hosted.host.get(f"/s/{later.hosted.public_id}/report").text
    assert "a bit true" not in report
