"""The reveal's steps: the rules that split them, the stored step, who may turn it and what
each audience learns of it."""

from __future__ import annotations

import pytest
from helpers import Actions, last_state, received, states
from sqlalchemy import create_engine

from session_app import exercise
from session_app.store import Base, add_missing_columns

NOT_ALLOWED = "You are not allowed to do this."


def row(competency: str, *reasons: str, author: str | None = "Ann") -> dict:
    return {
        "competency": competency,
        "count": len(reasons),
        "reasons": [{"text": text, "author": author} for text in reasons],
    }


# --- the rules ------------------------------------------------------------------


def test_the_headline_comes_first_then_one_quality_at_a_time():
    steps = exercise.reveal_steps([row("lef", "Durft", "Zegt het"), row("netwerken", "Kent")])
    assert steps == [
        {"competency": None},
        {"competency": "lef", "part": 1, "parts": 1, "first": 0, "last": 2},
        {"competency": "netwerken", "part": 1, "parts": 1, "first": 0, "last": 1},
    ]
    assert exercise.reveal_steps([]) == [{"competency": None}]


def test_a_quality_with_more_reasons_than_fit_gets_more_parts_and_loses_none():
    long = "x" * exercise.REASON_MAX
    short = [f"Reden {n}" for n in range(20)]
    steps = exercise.reveal_steps([row("lef", *[long] * 5), row("netwerken", *short)])
    lef = [s for s in steps if s["competency"] == "lef"]
    # Two reasons of the longest kind fit one step on the projector.
    assert [(s["part"], s["parts"], s["first"], s["last"]) for s in lef] == [
        (1, 3, 0, 2),
        (2, 3, 2, 4),
        (3, 3, 4, 5),
    ]
    for competency, count in (("lef", 5), ("netwerken", 20)):
        parts = [s for s in steps if s["competency"] == competency]
        shown = [i for s in parts for i in range(s["first"], s["last"])]
        assert shown == list(range(count))  # every reason once, in order
        for s in parts:  # no part holds more than the projector's lines
            lines = sum(
                exercise.reason_lines("Reden 10" if competency == "netwerken" else long, "Ann")
                + exercise.REASON_GAP_LINES
                for _ in range(s["first"], s["last"])
            )
            assert lines <= exercise.STEP_LINES
    assert len([s for s in steps if s["competency"] == "netwerken"]) > 1


def test_typed_line_breaks_and_the_writers_name_take_room():
    assert exercise.reason_lines("kort", None) == 1
    assert exercise.reason_lines("kort\nook kort\nen nog een", None) == 3
    exact = "x" * exercise.STEP_LINE_CHARS
    assert exercise.reason_lines(exact, None) == 1
    assert exercise.reason_lines(exact, "Ann") == 2


# --- the events -----------------------------------------------------------------


@pytest.fixture
def revealed(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = team.play_round()
    team.flush()
    return team, round_id


def turn(sock, round_id, step, version):
    return Actions.act(
        sock, "reveal_step", {"round_id": round_id, "step": step, "version": version}
    )


def test_the_step_is_stored_and_reaches_the_screen_and_host_not_the_phones(revealed):
    team, round_id = revealed
    s = team.load()
    assert s.current_round.reveal_step == 0
    assert turn(team.host, round_id, 2, s.version) == {"ok": True}
    assert team.load().current_round.reveal_step == 2
    for sock in (team.host, team.screen):
        view = last_state(sock)["round"]
        assert view["step"] == 2
        assert view["steps"][0] == {"competency": None}
        assert len(view["steps"]) == 1 + len(view["tally"])
    for phone in team.phones.values():  # the step is not theirs: a small progress message
        [message] = received(phone)
        assert message["name"] == "progress"
        assert "step" not in message["args"][0]["round"]
    view = last_state(team.actions.member_socket(team.member("Bob")))["round"]
    assert "step" not in view and "steps" not in view
    assert view["tally"]  # phones keep the whole tally
    # The next round starts at its own headline.
    assert team.host_act("next_round", {"round_id": round_id}) == {"ok": True}
    next_round = team.load().current_round
    assert next_round.id != round_id and next_round.reveal_step == 0


def test_the_projectors_keys_may_turn_the_step_a_phone_may_not(revealed):
    team, round_id = revealed
    version = team.load().version
    ann = team.phone("Ann")
    assert turn(ann, round_id, 1, version) == {"ok": False, "error": NOT_ALLOWED}
    assert team.load().current_round.reveal_step == 0
    assert all(received(sock) == [] for sock in team.everyone())
    assert turn(team.screen, round_id, 1, version) == {"ok": True}
    assert team.load().current_round.reveal_step == 1
    assert last_state(team.host)["round"]["step"] == 1


def test_bad_steps_are_refused_with_a_message_and_change_nothing(revealed):
    team, round_id = revealed
    s = team.load()
    steps = 1 + len(exercise.round_tally(s, s.current_round))
    bad = [
        (
            {"round_id": round_id, "step": steps, "version": s.version},
            "This step of the answers does not exist.",
        ),
        (
            {"round_id": round_id, "step": -1, "version": s.version},
            "This step of the answers does not exist.",
        ),
        (
            {"round_id": round_id, "step": "1", "version": s.version},
            "This step of the answers does not exist.",
        ),
        (
            {"round_id": round_id, "step": True, "version": s.version},
            "This step of the answers does not exist.",
        ),
        ({"round_id": round_id, "version": s.version}, "This step of the answers does not exist."),
        (
            {"round_id": round_id + 99, "step": 1, "version": s.version},
            "The session has moved on. Your screen now shows the latest step.",
        ),
        (
            {"round_id": round_id, "step": 1, "version": s.version - 1},
            "The session has moved on. Your screen now shows the latest step.",
        ),
        ({"step": 1}, "The session has moved on. Your screen now shows the latest step."),
    ]
    for data, error in bad:
        assert Actions.act(team.host, "reveal_step", data) == {"ok": False, "error": error}, data
    for data in (None, "1", [1]):
        ack = Actions.act(team.host, "reveal_step", data)
        assert ack["ok"] is False and ack["error"]
    after = team.load()
    assert after.version == s.version and after.current_round.reveal_step == 0
    assert all(states(sock) == [] for sock in team.everyone())


def test_no_step_before_the_reveal(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    s = team.load()
    team.flush()
    assert turn(team.host, s.current_round_id, 0, s.version) == {
        "ok": False,
        "error": "Show the answers first.",
    }
    assert team.load().version == s.version


# --- tone: the wall shows no counts of votes and no warnings ------------------------


def test_the_screen_gets_no_vote_counts_and_no_warnings_about_the_duos(actions):
    team = actions.team(["Ann", "Bob", "Cas", "Dee"])
    team.run_to_development()
    # Nobody chose "politiek_inzicht" for anyone: Ann's goal has no coach (a host warning).
    team.set_goals(
        {
            "Ann": ("politiek_inzicht", "Leren"),
            "Bob": ("signaleren", "Ja"),
            "Cas": ("lef", "Ja"),
            "Dee": ("netwerken", "Ja"),
        }
    )
    assert team.host_act("start_pairing") == {"ok": True}
    host_groups = last_state(team.host)["groups"]
    screen_groups = last_state(team.screen)["groups"]
    host_people = {p["name"]: p for g in host_groups for p in g["members"]}
    assert host_people["Ann"]["coach"] is None and "strong_elsewhere" in host_people["Ann"]
    assert any(p["coach"] and p["coach"]["votes"] for p in host_people.values())
    for group in screen_groups:
        for person in group["members"]:
            assert "strong_elsewhere" not in person and "also_strong" not in person
            assert person["coach"] is None or set(person["coach"]) == {"id", "name"}
    assert '"votes"' not in str(screen_groups).replace("'", '"')


def test_an_older_database_gets_the_step_with_the_headline_as_its_value(tmp_path):
    """A session that ran before this version: its rounds get the column, at step 0."""
    engine = create_engine(f"sqlite:///{tmp_path}/old.db")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE rounds (id INTEGER PRIMARY KEY, session_id INTEGER, "
            "central_member_id INTEGER, position INTEGER, state VARCHAR(16))"
        )
        connection.exec_driver_sql("INSERT INTO rounds VALUES (1, 1, 1, 1, 'revealed')")
    try:
        assert "rounds.reveal_step" in add_missing_columns(engine, Base.metadata)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT reveal_step FROM rounds").scalar() == 0
    finally:
        engine.dispose()
