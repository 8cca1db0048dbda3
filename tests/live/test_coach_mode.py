"""Coach mode ("a coach for everyone"): proposal, changes, confirmation, what each
audience sees, and the downloads. Socket.IO test clients plus the HTTP downloads."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import Actions, last_state, received, text_of

from session_app import exercise
from session_app.pairing import assign_coaches

MOVED_ON = "The session has moved on. Your screen now shows the latest step."
NAMES = ["Ann", "Bob", "Cas", "Dee", "Eve"]
GOALS = {
    "Ann": ("lef", "Ik durf te weinig"),
    "Bob": ("netwerken", "Meer contacten"),
    "Cas": ("lef", "Vaker iets zeggen"),
    "Dee": ("netwerken", "Mensen kennen"),
    "Eve": ("lef", "Moed"),
}


def _developed(actions):
    team = actions.team(NAMES)
    team.run_to_development()
    team.set_goals(GOALS)
    team.flush()
    return team


def _coached(actions, capacity=2):
    team = _developed(actions)
    ack = team.host_act("start_pairing", {"mode": "coach", "capacity": capacity})
    assert ack == {"ok": True}
    return team


def _coaches(team) -> dict[str, str | None]:
    s = team.load()
    names = {m.id: m.name for m in s.members}
    return {m.name: names.get(m.coach_id) for m in s.members}


def _ids(team) -> dict[str, int]:
    return {m.name: m.member_id for m in team.members}


@pytest.mark.parametrize("capacity", [1, 2, 3])
def test_the_proposal_is_the_best_coach_for_everyone(actions, capacity):
    team = _coached(actions, capacity)
    s = team.load()
    assert (s.phase, s.pairing_mode, s.coach_capacity) == ("pairing", "coach", capacity)
    assert all(m.group_no is None for m in s.members)
    votes = {str(k): v for k, v in exercise.votes_received(s).items()}
    goals = {str(m.id): m.development_goal for m in s.members}
    expected = assign_coaches(goals, votes, capacity)
    assert {str(m.id): str(m.coach_id) for m in s.members} == expected
    loads = [sum(1 for m in s.members if m.coach_id == c.id) for c in s.members]
    assert max(loads) <= capacity


def test_every_audience_sees_the_coaches_and_only_what_it_may(actions):
    team = _coached(actions)
    coaches = _coaches(team)
    host = last_state(team.host)
    assert host["pairing_mode"] == "coach" and "groups" not in host
    by_name = {p["name"]: p for p in host["coaching"]}
    assert {n: p["coach"]["name"] for n, p in by_name.items()} == coaches
    assert by_name["Ann"]["reason"] == "Ik durf te weinig"  # the host sees why
    screen = last_state(team.screen)
    assert {p["name"]: p["coach"]["name"] for p in screen["coaching"]} == coaches
    assert "Ik durf te weinig" not in text_of(screen)  # reasons stay off the projector
    # The wall celebrates: no vote counts, no warning that nobody in the team is strong.
    assert all(set(p["coach"]) == {"id", "name"} for p in screen["coaching"] if p["coach"])
    assert all("strong_elsewhere" not in p and "also_strong" not in p for p in screen["coaching"])
    for name in NAMES:
        mine = last_state(team.phone(name))
        assert "groups" not in mine and "group" not in mine
        assert mine["coaching"]["coach"]["name"] == coaches[name]
        assert sorted(x["name"] for x in mine["coaching"]["learners"]) == sorted(
            n for n, c in coaches.items() if c == name
        )
        others = [GOALS[n][1] for n in NAMES if n != name]
        assert not any(reason in text_of(mine) for reason in others)


@pytest.mark.parametrize(
    "data",
    [
        {"mode": "solo"},
        {"mode": None},
        {"mode": "coach", "capacity": 0},
        {"mode": "coach", "capacity": 4},
        {"mode": "coach", "capacity": "2"},
        {"mode": "coach", "capacity": True},
        {"mode": "coach", "capacity": None},
        {"mode": "coach", "capacity": 2.0},
        {"mode": ["coach"], "capacity": 2},
    ],
)
def test_a_bad_mode_or_capacity_changes_nothing(actions, data):
    team = _developed(actions)
    version = team.load().version
    ack = team.host_act("start_pairing", data)
    assert ack["ok"] is False
    assert ack["error"] in (
        "Choose duos or a coach for everyone.",
        "A coach can coach 1, 2 or 3 members.",
    )
    s = team.load()
    assert (s.version, s.phase, s.pairing_mode) == (version, "development", "duos")
    for sock in team.everyone():
        assert received(sock) == []


def test_the_host_changes_a_coach_within_the_capacity(actions):
    team = _coached(actions, capacity=1)
    ids = _ids(team)
    coaches = _coaches(team)
    # With capacity 1 everyone coaches exactly one: Ann's coach is full, so is everyone.
    taken = next(n for n in NAMES if n not in ("Ann", coaches["Ann"]))
    team.flush()
    version = team.load().version
    ack = team.host_act(
        "set_coach", {"member_id": ids["Ann"], "coach_id": ids[taken], "version": version}
    )
    assert ack == {
        "ok": False,
        "error": (
            f"{taken} already coaches the most members allowed (1). "
            "First give one of them another coach."
        ),
    }
    ack = team.host_act(
        "set_coach", {"member_id": ids["Ann"], "coach_id": ids["Ann"], "version": version}
    )
    assert ack == {"ok": False, "error": "Nobody can coach themselves. Choose someone else."}
    assert _coaches(team) == coaches and team.load().version == version
    for sock in team.everyone():
        assert received(sock) == []
    # Making room first: Ann's coach takes over the learner of ``taken``.
    learner = next(n for n, c in coaches.items() if c == taken)
    if learner != coaches["Ann"]:
        team.host_act("set_coach", {"member_id": ids[learner], "coach_id": ids[coaches["Ann"]]})
    assert team.host_act("start_pairing", {"mode": "coach", "capacity": 2}) == {"ok": True}
    coaches = _coaches(team)
    other = next(
        n for n in NAMES if n not in ("Ann", coaches["Ann"]) and list(coaches.values()).count(n) < 2
    )
    ack = team.host_act(
        "set_coach",
        {"member_id": ids["Ann"], "coach_id": ids[other], "version": team.load().version},
    )
    assert ack == {"ok": True}
    assert _coaches(team)["Ann"] == other
    assert last_state(team.phone("Ann"))["coaching"]["coach"]["name"] == other
    assert "Ann" in [x["name"] for x in last_state(team.phone(other))["coaching"]["learners"]]


def test_a_stale_host_window_cannot_change_a_coach(actions):
    team = _coached(actions)
    ids = _ids(team)
    seen = team.load().version - 1
    coaches = _coaches(team)
    target = next(n for n in NAMES if n not in ("Ann", coaches["Ann"]))
    ack = team.host_act(
        "set_coach", {"member_id": ids["Ann"], "coach_id": ids[target], "version": seen}
    )
    assert ack == {"ok": False, "error": MOVED_ON}
    assert _coaches(team) == coaches


def test_only_the_host_can_change_a_coach(actions):
    team = _coached(actions)
    ids = _ids(team)
    coaches = _coaches(team)
    for sock in (team.phone("Ann"), team.screen):
        ack = Actions.act(sock, "set_coach", {"member_id": ids["Ann"], "coach_id": ids["Bob"]})
        assert ack == {"ok": False, "error": "You are not allowed to do this."}
    assert _coaches(team) == coaches


def test_duo_moves_are_refused_in_coach_mode_and_duos_come_back(actions):
    team = _coached(actions)
    ids = _ids(team)
    for event, data in [
        ("move_member", {"member_id": ids["Ann"], "group": "new"}),
        ("swap_members", {"member_id": ids["Ann"], "other_id": ids["Bob"]}),
    ]:
        ack = team.host_act(event, data)
        assert ack == {"ok": False, "error": "That is not possible at this step of the session."}
    assert team.host_act("start_pairing", {"mode": "duos"}) == {"ok": True}
    s = team.load()
    assert s.pairing_mode == "duos"
    assert all(m.coach_id is None and m.group_no is not None for m in s.members)
    host = last_state(team.host)
    assert "groups" in host and "coaching" not in host
    assert last_state(team.phone("Ann"))["group"] is not None


def test_confirming_needs_a_coach_for_everyone(actions):
    team = _coached(actions)
    ids = _ids(team)
    coaches = _coaches(team)
    gone = coaches["Ann"]
    learners = sorted(n for n, c in coaches.items() if c == gone)
    assert team.host_act("remove_member", {"member_id": ids[gone]}) == {"ok": True}
    ack = team.host_act("confirm_duos", {})
    assert ack == {
        "ok": False,
        "error": (f"Still without a coach: {', '.join(learners)}. Choose a coach for them first."),
    }
    host = {p["name"]: p["coach"] for p in last_state(team.host)["coaching"]}
    assert all(host[name] is None for name in learners)
    s = team.load()
    names = {m.id: m.name for m in s.members}
    for name in learners:
        free = next(
            m
            for m in s.members
            if m.name != name
            and sum(1 for o in s.members if o.coach_id == m.id) < 2
            and names[m.id] != name
        )
        ack = team.host_act("set_coach", {"member_id": ids[name], "coach_id": free.id})
        assert ack == {"ok": True}, ack
        s = team.load()
    assert team.host_act("confirm_duos", {}) == {"ok": True}
    assert team.load().phase == "closed"
    assert last_state(team.screen)["coaching"]


def _csv(response) -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";")
    )


def test_the_downloads_say_coach_and_learns_from(actions):
    team = _coached(actions)
    assert team.host_act("confirm_duos", {}) == {"ok": True}
    coaches = _coaches(team)
    base = f"/s/{team.hosted.public_id}"
    rows = _csv(team.hosted.host.get(f"{base}/duos.csv"))
    assert rows[0] == [
        "Member",
        "Wants to get better at",
        "Reason",
        "Learns from (coach)",
        "Times the coach was chosen for this quality",
        "Coaches",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert {n: row[3] for n, row in by_name.items()} == coaches
    for name in NAMES:
        assert by_name[name][5] == ", ".join(n for n in NAMES if coaches[n] == name)
    xlsx = team.hosted.host.get(f"{base}/duos.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    printed = team.hosted.host.get(f"{base}/print").text
    assert "A coach for everyone" in printed and "Learns from (coach)" in printed
    assert "In a duo with" not in printed
    report = team.hosted.host.get(f"{base}/report").text
    assert report.count("Learns from (coach)") == len(NAMES)
    ann = team.member("Ann")
    mine = ann.client.get(f"{base}/me/result").text
    assert f"You learn from: {coaches['Ann']}" in mine and "Your duo" not in mine
    text = ann.client.get(f"{base}/me/result.txt").data.decode()
    assert f"You learn from: {coaches['Ann']}" in text


def test_the_projector_names_a_coach_only_for_a_goal_someone_chose_them_for(actions):
    """A coach the facilitator picked who got no votes for that goal is a note for the
    facilitator; the projector never says they "can help" with it."""
    team = actions.team(NAMES)
    team.run_to_development()
    votes = exercise.votes_received(team.load())
    ids = _ids(team)
    # A goal for Ann and a teammate nobody chose for it.
    goal, weak = next(
        (key, name)
        for key in ("lef", "netwerken", "creativiteit", "zelfreflectie", "samenwerken")
        for name in NAMES[1:]
        if not votes[ids[name]].get(key)
    )
    team.set_goals({"Ann": (goal, "Wil ik leren")})
    assert team.host_act("start_pairing", {"mode": "coach", "capacity": 3}) == {"ok": True}
    version = team.load().version
    ack = team.host_act(
        "set_coach", {"member_id": ids["Ann"], "coach_id": ids[weak], "version": version}
    )
    assert ack == {"ok": True}
    host = {p["name"]: p for p in last_state(team.host)["coaching"]}
    assert host["Ann"]["coach"] == {"id": ids[weak], "name": weak, "votes": 0}
    screen = {p["name"]: p for p in last_state(team.screen)["coaching"]}
    assert screen["Ann"]["coach"] is None
    # A coach chosen for the goal stays on the projector.
    for name, person in screen.items():
        chosen = host[name]["coach"] and host[name]["coach"]["votes"] > 0
        assert bool(person["coach"]) == bool(chosen), name
