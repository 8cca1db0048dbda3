"""What a member sends (session_app.answers) and the guide's steps (session_app.guide), on
objects that are never stored; picks on a temporary database, in both of the session's shapes
(the ORM objects host steps load, the plain rows a phone's pick reads)."""

from __future__ import annotations

import pytest
from helpers import rules_session

from session_app import answers, exercise, guide, members
from session_app.change import Change
from session_app.exercise import RuleError
from session_app.store import Store, TeamSession


def test_a_goal_with_why_and_how_true_its_statements_are():
    s = rules_session(phase="development")
    ann = s.members[0]
    ratings = ["very_true", None, "a_bit_true", "not_true"]
    answers.goal(
        Change(s, {"competency": "lef", "reason": " Ik durf meer ", "ratings": ratings}, ann)
    )
    assert (ann.development_goal, ann.development_reason) == ("lef", "Ik durf meer")
    assert ann.goal_ratings == "very_true,,a_bit_true,not_true"


@pytest.mark.parametrize(
    "phase, data",
    [
        ("rounds", {"competency": "lef", "reason": "x"}),
        ("development", {"competency": "vliegen", "reason": "x"}),
        ("development", {"competency": "lef", "reason": ""}),
        ("development", {"competency": "lef", "reason": "x", "ratings": ["very_true"]}),
        ("development", {"competency": "lef", "reason": "x", "ratings": ["a", "b", "c", "d"]}),
    ],
)
def test_a_bad_goal_is_refused(phase, data):
    s = rules_session(phase=phase)
    with pytest.raises(RuleError):
        answers.goal(Change(s, data, s.members[0]))


def test_the_host_sets_the_goal_only_of_a_member_without_a_phone():
    s = rules_session(phase="development")
    data = {"member_id": 2, "competency": "lef", "reason": "Zegt Bob"}
    with pytest.raises(RuleError, match="own phone"):
        answers.proxy_goal(Change(s, data))
    members.set_via_host(Change(s, {"member_id": 2, "on": True}))
    answers.proxy_goal(Change(s, data))
    assert s.members[1].development_goal == "lef"


def test_a_self_view_until_the_development_step():
    s = rules_session(phase="rounds")
    ann = s.members[0]
    fits = ["lef", "netwerken", "creativiteit"]
    develops = ["zelfreflectie", "signaleren", "onderhandelen"]
    answers.self_view(Change(s, {"fits": fits, "develops": develops}, ann))
    assert ann.self_fits == "lef,netwerken,creativiteit"
    assert ann.self_develops == "zelfreflectie,signaleren,onderhandelen"
    with pytest.raises(RuleError):  # a quality cannot be in both lists
        answers.self_view(Change(s, {"fits": develops, "develops": develops}, ann))
    s.phase = "development"
    with pytest.raises(RuleError, match="no longer change"):
        answers.self_view(Change(s, {"fits": [], "develops": []}, ann))
    assert ann.self_fits == "lef,netwerken,creativiteit"


def test_showing_the_self_view_is_a_yes_or_no_at_any_step():
    s = rules_session(phase="closed")
    ann = s.members[0]
    answers.self_view_shown(Change(s, {"show": True}, ann))
    assert ann.self_shown is True
    for wrong in (None, 1, "true"):
        with pytest.raises(RuleError):
            answers.self_view_shown(Change(s, {"show": wrong}, ann))
    assert ann.self_shown is True


def test_the_opening_slide_and_the_timer():
    s = rules_session(phase="rounds")
    guide.show_opening(Change(s, {"show": True}))
    assert s.opening_shown is True
    with pytest.raises(RuleError):
        guide.show_opening(Change(s, {"show": "no"}))
    exercise.open_next_round(s)
    guide.set_timer(Change(s, {"seconds": 120}))
    assert s.timer_seconds == 120 and s.timer_started_at is not None
    for wrong in (45, "60", True, None):
        with pytest.raises(RuleError):
            guide.set_timer(Change(s, {"seconds": wrong}))
    guide.set_timer(Change(s, {"seconds": 0}))
    assert s.timer_seconds is None and s.timer_started_at is None


def test_a_step_that_moves_on_takes_the_opening_slide_away_and_starts_the_timer():
    s = rules_session(phase="lobby")
    s.opening_shown, s.timer_seconds, s.timer_started_at = True, 60, None
    guide.after_step("set_joining", s)
    assert s.opening_shown is True
    exercise.start_rounds(s)
    guide.after_step("start_rounds", s)
    assert s.opening_shown is False and s.timer_started_at is not None
    assert guide.PRACTICE_STEPS >= guide.ROUND_OPENS


# --- picks, stored -------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/rules.db")
    yield store
    store.engine.dispose()


def open_round(store: Store) -> tuple[int, int, int]:
    """A session in its first round: (session id, round id, a voter's id)."""
    with store.transaction() as db:
        s = TeamSession(team_name="Team", join_code="ACDEFG")
        db.add(s)
        db.flush()
        for name in ("Ann", "Bob", "Cas"):
            members.add_member(db, s, name)
        exercise.start_rounds(s)
        r = s.current_round
        voter = next(m for m in s.members if m.id != r.central_member_id)
        return s.id, r.id, voter.id


PICKS = [
    {"competency": "lef", "reason": "Jij durft"},
    {"competency": "creativiteit", "reason": "Ja"},
]


@pytest.mark.parametrize("shape", ["orm", "plain"])
def test_a_pick_replaces_the_voters_earlier_pick_in_either_shape(store, shape):
    session_id, round_id, voter_id = open_round(store)
    for picks in (PICKS, list(reversed(PICKS))):
        with store.plain() if shape == "plain" else store.transaction() as db:
            if shape == "plain":
                s = store.read(db, id=session_id, for_update=True)
            else:
                s = Store.load(db, id=session_id, for_update=True, all_picks=False)
            voter = next(m for m in s.members if m.id == voter_id)
            answers.pick(Change(s, {"round_id": round_id, "picks": picks}, voter, db))
            if shape == "plain":
                assert [(p.competency, p.reason) for p in s.picks.get(round_id, [])] in (
                    [],  # not read yet: nothing kept to update
                    [(p["competency"], p["reason"]) for p in picks],
                )
    with store.transaction() as db:
        stored = Store.picks_of(db, round_id)
    assert [(p.voter_id, p.competency) for p in stored] == [
        (voter_id, "creativiteit"),
        (voter_id, "lef"),
    ]


def test_a_pick_for_another_round_or_by_the_central_member_is_refused(store):
    session_id, round_id, voter_id = open_round(store)
    with store.transaction() as db:
        s = Store.load(db, id=session_id, for_update=True, all_picks=False)
        central = next(m for m in s.members if m.id == s.current_round.central_member_id)
        voter = next(m for m in s.members if m.id == voter_id)
        for member, data in (
            (voter, {"round_id": round_id + 1}),
            (central, {"round_id": round_id}),
        ):
            with pytest.raises(RuleError):
                answers.pick(Change(s, {**data, "picks": PICKS}, member, db))
        assert Store.picks_of(db, round_id) == []
