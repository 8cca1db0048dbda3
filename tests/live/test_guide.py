"""The facilitator's guide over Socket.IO: the opening slide, the round timer and the
practice session whose example members answer by themselves."""

from __future__ import annotations

import time

from helpers import Actions, join_form, last_state, states, text_of
from waiting import wait_until

from session_app import practising
from session_app.store import Store


def test_opening_slide_is_shown_by_the_host_and_makes_way_for_the_first_round(actions):
    team = actions.team()
    assert team.load().opening_shown is False
    assert team.host_act("show_opening", {"show": True}) == {"ok": True}
    assert last_state(team.screen)["opening"] is True
    assert last_state(team.host)["opening"] is True
    assert team.load().opening_shown is True
    # Starting the rounds puts the round on the screen.
    assert team.host_act("start_rounds") == {"ok": True}
    assert last_state(team.screen)["opening"] is False
    # The host can show it again at any time, also during a round.
    assert team.host_act("show_opening", {"show": True}) == {"ok": True}
    assert last_state(team.screen)["opening"] is True
    assert team.host_act("show_opening", {"show": False}) == {"ok": True}
    assert last_state(team.screen)["opening"] is False


def test_only_the_host_shows_the_opening_slide(actions):
    team = actions.team()
    ack = Actions.act(team.phone("Ann"), "show_opening", {"show": True})
    assert ack["ok"] is False
    assert team.host_act("show_opening", {"show": "yes"})["ok"] is False
    assert team.load().opening_shown is False


def test_timer_counts_down_per_round_and_closes_nothing(actions):
    team = actions.team()
    assert team.host_act("set_timer", {"seconds": 120}) == {"ok": True}
    assert last_state(team.screen)["timer"] is None  # no round open yet
    assert last_state(team.host)["timer_seconds"] == 120
    assert team.host_act("start_rounds") == {"ok": True}
    screen = last_state(team.screen)
    assert screen["timer"]["seconds"] == 120
    started = screen["timer"]["started_at"]
    assert abs(started / 1000 - time.time()) < 60
    central = team.load().current_round.central_member_id
    voter = next(m for m in team.members if m.member_id != central)
    phone = last_state(team.phone(voter.name))
    assert phone["timer"] == screen["timer"]
    # The central member's phone does not count down: they are not choosing.
    central_phone = next(p for mid, p in team.phones.items() if mid == central)
    assert last_state(central_phone)["timer"] is None

    # The timer is only a clock: the round stays open, answers still count.
    s = team.load()
    with actions.store.transaction() as db:
        stored = Store.load(db, id=s.id)
        stored.timer_started_at = stored.timer_started_at.replace(year=2000)
    round_id = s.current_round.id
    assert Actions.pick(team.phone(voter.name), round_id) == {"ok": True}
    assert team.load().current_round.state == "open"

    round_id = team.play_round()
    assert last_state(team.screen)["timer"] is None  # revealed: no countdown
    assert team.host_act("next_round", {"round_id": round_id}) == {"ok": True}
    again = last_state(team.screen)["timer"]
    assert again["seconds"] == 120 and again["started_at"] >= started  # a fresh start

    assert team.host_act("set_timer", {"seconds": 0}) == {"ok": True}
    assert last_state(team.screen)["timer"] is None
    assert team.host_act("set_timer", {"seconds": 7})["ok"] is False
    assert team.host_act("set_timer", {"seconds": True})["ok"] is False


def answered_round(actions, public_id: str, picks: int) -> int | None:
    """The open round's id once it holds ``picks`` picks."""
    current = actions.load(public_id).current_round
    return current.id if len(current.picks) == picks else None


def practice_session(actions, locale: str = "nl"):
    host = actions.new_client(locale)
    response = host.post("/practice", data={"locale": locale})
    assert response.status_code == 302
    public_id = response.headers["Location"].split("/")[2]
    return host, public_id


def test_practice_session_examples_answer_every_step_by_themselves(actions):
    host, public_id = practice_session(actions)
    s = actions.load(public_id)
    assert s.practice is True
    assert [m.example for m in s.members] == [True] * 4
    assert s.team_name == "Oefenteam"
    page = host.get(f"/s/{public_id}/host")
    assert "Oefensessie" in page.text
    sock = actions.connect(host, {"role": "host", "session": public_id})
    assert last_state(sock)["practice"] is True

    assert Actions.act(sock, "start_rounds") == {"ok": True}
    overlaps = 0
    for _ in s.members:
        current = wait_until(
            lambda: (
                lambda x: (
                    x.current_round.id
                    if len(x.current_round.picks) == 2 * (len(x.members) - 1)
                    else None
                )
            )(actions.load(public_id))
        )
        round_ = actions.load(public_id).current_round
        reasons = [p.reason for p in round_.picks]
        assert all(reasons) and len({p.voter_id for p in round_.picks}) == 3
        assert round_.central_member_id not in {p.voter_id for p in round_.picks}
        # Examples who choose the same quality for someone give different reasons.
        by_quality: dict[str, list[str]] = {}
        for p in round_.picks:
            by_quality.setdefault(p.competency, []).append(p.reason)
        overlaps += sum(len(said) > 1 for said in by_quality.values())
        assert all(len(set(said)) == len(said) for said in by_quality.values()), by_quality
        assert Actions.act(sock, "reveal", {"round_id": current}) == {"ok": True}
        if actions.load(public_id).rounds[-1].state != "pending" and all(
            r.state == "revealed" for r in actions.load(public_id).rounds
        ):
            break
        assert Actions.act(sock, "next_round", {"round_id": current}) == {"ok": True}
    assert overlaps  # the examples did choose the same quality for someone
    # Dutch texts, written in the session's language.
    assert any("Je " in p.reason for r in actions.load(public_id).rounds for p in r.picks)

    assert Actions.act(sock, "start_development") == {"ok": True}
    wait_until(lambda: all(m.development_goal for m in actions.load(public_id).members))
    assert Actions.act(sock, "start_pairing", {}) == {"ok": True}
    groups = last_state(sock)["groups"]
    assert len(groups) == 2
    # Each goal is something a teammate was chosen for, so every example has a coach.
    assert all(p["coach"] for g in groups for p in g["members"])
    assert Actions.act(sock, "confirm_duos", {}) == {"ok": True}
    assert actions.load(public_id).phase == "closed"


def test_a_real_phone_can_join_a_practice_session_and_examples_answer_for_it(actions):
    host, public_id = practice_session(actions, "en")
    s = actions.load(public_id)
    phone = actions.new_client("en")
    response = join_form(phone, s.join_code, "Me")
    assert response.status_code == 302
    assert "Practice session" in phone.get(f"/s/{public_id}/me").text
    sock = actions.connect(host, {"role": "host", "session": public_id})
    me = next(m for m in actions.load(public_id).members if not m.example)
    mine = next(r.id for r in actions.load(public_id).rounds if r.central_member_id == me.id)
    for _ in range(4):  # the facilitator's own round first
        assert Actions.act(sock, "move_round", {"round_id": mine, "direction": -1})["ok"]
    assert Actions.act(sock, "start_rounds") == {"ok": True}
    round_ = wait_until(
        lambda: (lambda r: r if len(r.picks) == 8 else None)(actions.load(public_id).current_round)
    )
    assert round_.central_member_id == me.id
    assert all(
        p.reason.startswith(("You ", "At ", "When ", "Even ", "Your ", "After "))
        for p in round_.picks
    )


def test_example_members_go_on_answering_after_a_restart(actions):
    """A restart loses the background task: a host or screen connecting starts it again."""
    host, public_id = practice_session(actions)
    session_id = actions.load(public_id).id
    # As if a task were running in a process that is about to stop: no new one starts
    # (set before the host connects, since connecting starts one too).
    tasks = practising.PracticeTasks()
    tasks.running.add(session_id)
    actions.app.extensions["practice_tasks"] = tasks
    sock = actions.connect(host, {"role": "host", "session": public_id})
    assert Actions.act(sock, "start_rounds") == {"ok": True}
    sock.disconnect()
    assert actions.load(public_id).current_round.picks == []
    del actions.app.extensions["practice_tasks"]  # the process that ran it is gone
    again = actions.connect(host, {"role": "host", "session": public_id})
    wait_until(lambda: len(actions.load(public_id).current_round.picks) == 6)
    states(again)


def test_a_real_session_has_no_example_members(actions):
    team = actions.team()
    assert team.load().practice is False
    assert not any(m.example for m in team.load().members)
    assert team.host_act("start_rounds") == {"ok": True}
    assert team.load().current_round.picks == []


HOST_ONLY_KEYS = {"order", "timer_seconds", "practice", "reason", "also_strong"}


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def test_screen_snapshots_hold_nothing_for_the_facilitator_only(actions):
    """Every state of a practice session: the screen never gets the host's order, settings,
    goal reasons or hints, and no example member's goal reason."""
    host, public_id = practice_session(actions)
    s = actions.load(public_id)
    screen = actions.connect(
        actions.new_client(), {"role": "screen", "session": public_id, "key": s.screen_key}
    )
    sock = actions.connect(host, {"role": "host", "session": public_id})
    seen = []

    def look():
        got = states(screen)
        seen.extend(got)
        return got

    steps = [
        ("show_opening", {"show": True}),
        ("set_timer", {"seconds": 60}),
        ("start_rounds", None),
    ]
    for event, data in steps:
        assert Actions.act(sock, event, data) == {"ok": True}
    for _ in range(4):
        round_id = wait_until(lambda: answered_round(actions, public_id, 6))
        assert Actions.act(sock, "reveal", {"round_id": round_id}) == {"ok": True}
        if any(r.state == "pending" for r in actions.load(public_id).rounds):
            assert Actions.act(sock, "next_round", {"round_id": round_id}) == {"ok": True}
    assert Actions.act(sock, "start_development") == {"ok": True}
    wait_until(lambda: all(m.development_goal for m in actions.load(public_id).members))
    for event in ("start_pairing", "confirm_duos"):
        assert Actions.act(sock, event, {}) == {"ok": True}
    look()
    host_states = states(sock)
    phases = {state["phase"] for state in seen}
    assert phases == {"lobby", "rounds", "development", "pairing", "closed"}
    assert any(state["opening"] for state in seen)
    assert any(state["timer"] for state in seen)
    goal_reasons = {m.development_reason for m in actions.load(public_id).members}
    for state in seen:
        assert not keys_in(state) & HOST_ONLY_KEYS, keys_in(state) & HOST_ONLY_KEYS
        assert not any(reason in text_of(state) for reason in goal_reasons)
    # The host does get them: the check above can tell.
    assert {"order", "timer_seconds", "practice"} <= keys_in(host_states[0])
    assert any(reason in text_of(host_states[-1]) for reason in goal_reasons)
