"""The follow-up's rules (session_app.followup): keeping, the team file and every bad one, the
follow-up day as a calendar file, claiming an earlier name. On objects that are never stored."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from helpers import rules_pick, rules_session
from team_files import BAD_FILES, as_bytes, good_file

from session_app import exercise, followup
from session_app.content import TASKS
from session_app.exercise import RuleError

TODAY = date(2026, 12, 2)


def closed(names=("Ann", "Bob", "Cas")):
    """A session that is over: every round revealed, goals chosen, Ann and Bob a duo."""
    s = rules_session(names, phase="closed")
    s.created_at, s.pairing_mode = datetime(2026, 11, 20, 19, 30), "duos"
    s.keep_until = s.follow_up_on = None
    by = {m.name: m for m in s.members}
    for r in s.rounds:
        r.state = "revealed"
    ann_round = next(r for r in s.rounds if r.central_member_id == by["Ann"].id)
    rules_pick(ann_round, by["Bob"].id, "lef")
    rules_pick(ann_round, by["Bob"].id, "netwerken", slot=1)
    rules_pick(ann_round, by["Cas"].id, "lef")
    by["Ann"].development_goal, by["Bob"].development_goal = "netwerken", "lef"
    by["Ann"].group_no = by["Bob"].group_no = 1
    if "Cas" in by:
        by["Cas"].group_no = 1  # a trio
    return s, by


# --- keeping, the day ---------------------------------------------------------------


def test_a_session_is_kept_only_once_over_and_until_a_day_within_the_limit():
    s, _ = closed()
    followup.keep(s, "2027-06-01", TODAY, 400)
    assert s.keep_until == date(2027, 6, 1)
    followup.stop_keeping(s)
    assert s.keep_until is None

    for wrong, message in [
        ("2026-12-02", "after today"),
        ("2025-01-01", "after today"),
        ("2028-01-07", "at most 400 days"),
        ("1 juni", "Choose a date"),
        (None, "Choose a date"),
        (20270601, "Choose a date"),
        ("2027-02-30", "Choose a date"),
    ]:
        with pytest.raises(RuleError) as refused:
            followup.keep(s, wrong, TODAY, 400)
        assert message in refused.value.message % refused.value.params
        assert s.keep_until is None
    followup.keep(s, "2028-01-06", TODAY, 400)  # exactly 400 days
    s.phase = "pairing"
    with pytest.raises(RuleError, match="once the duos are confirmed"):
        followup.keep(s, "2027-06-01", TODAY, 400)


def test_the_follow_up_day_is_set_and_cleared():
    s, _ = closed()
    followup.set_follow_up_on(s, "2027-03-12", TODAY, 400)
    assert s.follow_up_on == date(2027, 3, 12)
    with pytest.raises(RuleError, match="after today"):
        followup.set_follow_up_on(s, "2026-12-01", TODAY, 400)
    assert s.follow_up_on == date(2027, 3, 12)
    followup.set_follow_up_on(s, "", TODAY, 400)
    assert s.follow_up_on is None


# --- the team file --------------------------------------------------------------------


def test_the_team_file_holds_what_each_member_got_their_goal_and_duo():
    s, by = closed()
    s.follow_up_on = date(2027, 3, 12)
    file = followup.team_file(s, exercise.votes_received(s))
    assert file == {
        "format": "teamkracht-team",
        "version": 1,
        "team": "Team",
        "held_on": "2026-11-20",
        "follow_up_on": "2027-03-12",
        "pairing": "duos",
        "members": [
            {"name": "Ann", "seen": {"lef": 2, "netwerken": 1}, "goal": "netwerken",
             "duo": ["Bob", "Cas"]},
            {"name": "Bob", "seen": {}, "goal": "lef", "duo": ["Ann", "Cas"]},
            {"name": "Cas", "seen": {}, "goal": None, "duo": ["Ann", "Bob"]},
        ],
    }  # fmt: skip


def test_in_coach_mode_the_duo_is_the_coach():
    s, by = closed()
    s.pairing_mode = "coach"
    for m in s.members:
        m.group_no = None
    by["Bob"].coach_id = by["Ann"].id
    members = followup.team_file(s, exercise.votes_received(s))["members"]
    assert [m["duo"] for m in members] == [[], ["Ann"], []]


def test_members_with_one_name_get_their_numbers_also_at_the_longest():
    long = "A" * 30
    s = rules_session((long, long, "Bob"), phase="closed")
    s.created_at, s.pairing_mode, s.follow_up_on = datetime(2026, 11, 20), "duos", None
    names = [m["name"] for m in followup.team_file(s, {})["members"]]
    assert names == ["A" * 26 + " (1)", "A" * 26 + " (2)", "Bob"]
    assert followup.read_team_file(json.dumps(followup.team_file(s, {})).encode(), 60)


def test_a_team_file_read_back_is_the_same():
    s, _ = closed()
    file = followup.team_file(s, exercise.votes_received(s))
    assert followup.read_team_file(json.dumps(file).encode(), 60) == file


def refusal(raw: bytes, max_members: int = 60) -> str:
    with pytest.raises(RuleError) as refused:
        followup.read_team_file(raw, max_members)
    return refused.value.message % refused.value.params


@pytest.mark.parametrize(("raw", "says"), BAD_FILES)
def test_every_bad_team_file_is_refused_with_one_sentence(raw, says):
    assert says in refusal(raw)


def test_more_members_than_allowed_is_refused():
    assert "more than 1 members" in refusal(as_bytes(good_file()), max_members=1)


def test_names_that_look_like_formulas_or_markup_stay_as_they_are():
    file = good_file()
    file["members"][0]["name"] = "=HYPERLINK(1)"
    file["members"][1]["name"] = "<b>Bob</b>"
    file["members"][0]["duo"], file["members"][1]["duo"] = ["<b>Bob</b>"], ["=HYPERLINK(1)"]
    read = followup.read_team_file(as_bytes(file), 60)
    assert [m["name"] for m in read["members"]] == ["=HYPERLINK(1)", "<b>Bob</b>"]


# --- claiming an earlier name -----------------------------------------------------------


def follow_up(names=("Ann", "Bob", "Cas")):
    s = rules_session(names)
    s.is_follow_up = True
    for m in s.members:
        m.earlier_state = m.earlier_name = None
    return s, {m.name: m for m in s.members}


EARLIER = ["Ann", "Bob", "Dirk"]


def states(s):
    return {m.name: (m.earlier_state, m.earlier_name) for m in s.members}


def test_a_member_claims_a_name_or_says_they_are_new():
    s, by = follow_up()
    followup.claim(s, by["Ann"], {"name": "Ann"}, EARLIER)
    followup.claim(s, by["Cas"], {"new": True}, EARLIER)
    assert states(s) == {
        "Ann": ("claimed", "Ann"),
        "Bob": (None, None),
        "Cas": ("new", None),
    }
    for wrong in ({"name": "Zed"}, {"name": "ann"}, {"name": ["Ann"]}, {}, {"new": "yes"}):
        with pytest.raises(RuleError, match="Tap one of the names"):
            followup.claim(s, by["Bob"], wrong, EARLIER)
    assert by["Bob"].earlier_state is None

    s.is_follow_up = False
    with pytest.raises(RuleError, match="not a follow-up"):
        followup.claim(s, by["Bob"], {"name": "Bob"}, EARLIER)


def test_a_name_claimed_twice_is_a_conflict_the_facilitator_decides():
    s, by = follow_up()
    followup.claim(s, by["Ann"], {"name": "Ann"}, EARLIER)
    followup.claim(s, by["Cas"], {"name": "Ann"}, EARLIER)
    assert followup.conflicts(s.members) == {"Ann"}
    assert followup.exact_claims(s.members) == []  # not in "confirm all"
    followup.confirm_claim(s, by["Cas"].id)
    # Cas is Ann of last time (the facilitator knows); the phone now called Ann asks again.
    assert states(s)["Cas"] == ("confirmed", "Ann")
    assert states(s)["Ann"] == (None, None)
    assert followup.conflicts(s.members) == set()
    with pytest.raises(RuleError, match="already confirmed"):
        followup.claim(s, by["Cas"], {"new": True}, EARLIER)
    followup.reject_claim(s, by["Cas"].id)  # undo
    assert states(s)["Cas"] == (None, None)


def test_confirm_all_takes_only_exact_names_without_conflict():
    s, by = follow_up(("Ann", "Bob", "Cas", "Dee"))
    followup.claim(s, by["Ann"], {"name": "Ann"}, EARLIER)
    followup.claim(s, by["Bob"], {"name": "Bob"}, EARLIER)
    followup.claim(s, by["Cas"], {"name": "Dirk"}, EARLIER)  # another name now
    followup.claim(s, by["Dee"], {"new": True}, EARLIER)
    followup.confirm_all(s)
    assert states(s) == {
        "Ann": ("confirmed", "Ann"),
        "Bob": ("confirmed", "Bob"),
        "Cas": ("claimed", "Dirk"),
        "Dee": ("new", None),
    }
    with pytest.raises(RuleError, match="exactly the same name"):
        followup.confirm_all(s)
    with pytest.raises(RuleError, match="no claim to confirm"):
        followup.confirm_claim(s, by["Dee"].id)
    for wrong in (99, None, "1", True):
        with pytest.raises(RuleError, match="no longer in the session"):
            followup.confirm_claim(s, wrong)


# --- the calendar file ------------------------------------------------------------------


def test_the_calendar_file_has_the_day_and_the_name_only():
    ics = followup.follow_up_ics(
        "Vervolg van Raad; Oost, Noord", date(2027, 3, 12), "abc", "20261202T120000Z"
    )
    lines = ics.split("\r\n")
    assert ics.endswith("\r\n") and lines[-1] == ""
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20270312" in lines and "DTEND;VALUE=DATE:20270313" in lines
    assert "SUMMARY:Vervolg van Raad\\; Oost\\, Noord" in lines
    assert [line.split(":")[0].split(";")[0] for line in lines[4:-3]] == [
        "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
    ]  # fmt: skip
    # The same event on every download: a calendar updates it instead of adding one.
    assert ics == followup.follow_up_ics(
        "Vervolg van Raad; Oost, Noord", date(2027, 3, 12), "abc", "20261202T120000Z"
    )


def test_long_lines_are_folded_at_75_octets():
    ics = followup.follow_up_ics(
        "Vervolg van " + "ë" * 80, date(2027, 3, 12), "x", "20261202T120000Z"
    )
    lines = ics.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("SUMMARY:"))
    unfolded = lines[start] + "".join(line[1:] for line in lines[start + 1 : -3])
    assert unfolded == "SUMMARY:Vervolg van " + "ë" * 80


# --- then and now ---------------------------------------------------------------------


def test_then_and_now_per_quality_in_the_usual_order_with_what_is_new():
    rows = followup.compare({"netwerken": 2, "lef": 1}, {"lef": 3, "communicatie": 1})
    assert rows == [
        {"key": "communicatie", "then": 0, "now": 1, "new": True},
        {"key": "lef", "then": 1, "now": 3, "new": False},
        {"key": "netwerken", "then": 2, "now": 0, "new": False},
    ]


def test_the_history_marks_new_members_and_leavers_without_counting_them_as_change():
    s, by = follow_up(("Ann", "Bobby", "Xena"))
    team = {
        "members": [
            {"name": "Ann", "seen": {"lef": 2}, "goal": None, "duo": []},
            {"name": "Bob", "seen": {"netwerken": 1}, "goal": None, "duo": []},
            {"name": "Cas", "seen": {"lef": 1}, "goal": None, "duo": []},
        ]
    }
    by["Ann"].earlier_state, by["Ann"].earlier_name = "confirmed", "Ann"
    by["Bobby"].earlier_state, by["Bobby"].earlier_name = "confirmed", "Bob"  # a new name
    by["Xena"].earlier_state = "new"
    votes = {
        by["Ann"].id: {"lef": 1, "netwerken": 2},
        by["Bobby"].id: {},
        by["Xena"].id: {"lef": 2},
    }
    rows = followup.history(s.members, votes, team)
    assert [(r["name"], r["earlier_name"], r["status"]) for r in rows] == [
        ("Ann", "Ann", "back"),
        ("Bobby", "Bob", "back"),
        ("Xena", None, "new"),
        ("Cas", "Cas", "left"),
    ]
    assert rows[0]["qualities"] == [
        {"key": "lef", "then": 2, "now": 1, "new": False},
        {"key": "netwerken", "then": 0, "now": 2, "new": True},
    ]
    assert rows[2]["qualities"] == [{"key": "lef", "then": None, "now": 2, "new": False}]
    assert rows[3]["qualities"] == [{"key": "lef", "then": 1, "now": None, "new": False}]
    # A claim not confirmed (yet) is not last time's member.
    by["Ann"].earlier_state = "claimed"
    assert followup.history(s.members, votes, team)[0]["status"] == "new"


# --- looking back -----------------------------------------------------------------------


def test_looking_back_is_for_who_was_there_and_shared_only_when_ticked():
    s, by = follow_up(("Ann", "Bob", "Cas", "Dee"))
    for m in s.members:
        m.look_back, m.look_back_note, m.look_back_shared = None, None, False
    with pytest.raises(RuleError, match="First the facilitator confirms"):
        followup.look_back(s, by["Ann"], {"answer": "well"})
    for name in ("Ann", "Bob", "Cas"):
        by[name].earlier_state, by[name].earlier_name = "confirmed", name
    for wrong in ({}, {"answer": "great"}, {"answer": ["well"]}):
        with pytest.raises(RuleError, match="Choose how it went"):
            followup.look_back(s, by["Ann"], wrong)
    with pytest.raises(RuleError, match="at most"):
        followup.look_back(s, by["Ann"], {"answer": "well", "note": "x" * 281})
    assert by["Ann"].look_back is None
    shared = {"answer": "very_well", "note": " Samen  gebeld ", "shared": True}
    followup.look_back(s, by["Ann"], shared)
    followup.look_back(s, by["Bob"], {"answer": "a_bit", "note": "Geheim", "shared": "yes"})
    names = {m.id: m.name for m in s.members}
    assert followup.look_back_summary(s.members, names) == {
        "back": 3,
        "answered": 2,
        "well": 1,
        "shared": [{"name": "Ann", "answer": "very_well", "note": "Samen gebeld"}],
    }
    s.phase = "development"
    with pytest.raises(RuleError, match="not possible at this step"):
        followup.look_back(s, by["Cas"], {"answer": "well"})


def test_the_look_back_on_the_big_screen_comes_in_parts_that_fit():
    assert followup.look_back_parts([]) == [[followup.COUNT], [followup.SUMMARY]]
    short = [{"name": f"N{i}", "answer": "well", "note": None} for i in range(9)]
    parts = followup.look_back_parts(short)
    assert parts[2:] == [[0, 1, 2, 3, 4, 5, 6], [7, 8]]
    long = [{"name": "A", "answer": "well", "note": "x" * 280} for _ in range(3)]
    assert followup.look_back_parts(long)[2:] == [[0], [1], [2]]  # 5 lines of words each


def test_then_coverage_counts_the_earlier_teams_strong_members_per_task():
    team = {"members": [{"name": "A", "seen": {"lef": 2, "communicatie": 1}},
                        {"name": "B", "seen": {"communicatie": 1}}]}  # fmt: skip
    covered = followup.then_coverage(team)
    # Lef: 2 for A, strong; communicatie once each for two people: nobody strong in it.
    assert covered == {t.key: int("lef" in t.competencies) for t in TASKS}


def test_map_changes_marks_who_is_new_and_names_who_left():
    rows = [
        {"id": 1, "name": "Ann", "status": "back", "qualities": []},
        {"id": 2, "name": "Xena", "status": "new", "qualities": []},
        {"id": None, "name": "Cas", "status": "left", "qualities": []},
    ]
    here, left = followup.map_changes(rows)
    assert {i: r["status"] for i, r in here.items()} == {1: "back", 2: "new"}
    assert left == ["Cas"]
