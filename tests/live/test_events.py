"""Socket.IO events: several test clients per test, asserting exactly what each received."""

from __future__ import annotations

import pytest
from helpers import PICK_SETS, Actions, last_state, picks, received, shown, states, text_of

from session_app.content import BY_KEY
from session_app.pairing import make_duos
from session_app.store import Store

NOT_ALLOWED = "You are not allowed to do this."


def stored_picks(team) -> dict[int, list[tuple[int, int, str, str]]]:
    """Every stored pick, by round: (voter, slot, competency, reason)."""
    return {
        r.id: sorted((p.voter_id, p.slot, p.competency, p.reason) for p in r.picks)
        for r in team.load().rounds
    }


def nobody_received_anything(team) -> None:
    for sock in team.everyone():
        assert received(sock) == []


def competencies_in(value) -> set[str]:
    text = text_of(value)
    return {key for key in BY_KEY if f'"{key}"' in text}


# --- connecting ---------------------------------------------------------------


def test_each_audience_gets_its_own_snapshot_on_connect(actions):
    hosted = actions.create_session("Wmo-raad Oost")
    ann = actions.join(hosted, "Ann")

    host, screen, phone = (
        actions.host_socket(hosted),
        actions.screen_socket(hosted),
        actions.member_socket(ann),
    )

    host_view, screen_view, member_view = (states(s) for s in (host, screen, phone))
    assert len(host_view) == len(screen_view) == len(member_view) == 1
    host_view, screen_view, member_view = host_view[0], screen_view[0], member_view[0]
    for view in (host_view, screen_view, member_view):
        assert view["team_name"] == "Wmo-raad Oost"
        assert view["phase"] == "lobby"
    for view in (host_view, screen_view):
        assert view["members"] == [{"id": ann.member_id, "name": "Ann"}]
    assert "members" not in member_view  # a phone shows no list of the others
    assert screen_view["join_code"] == hosted.join_code
    assert "order" in host_view and "order" not in screen_view
    assert member_view["me"] == {"id": ann.member_id, "name": "Ann"}
    for view in (host_view, screen_view, member_view):
        text = text_of(view)
        assert hosted.host_key not in text
        assert hosted.screen_key not in text
        assert ann.token not in text


def test_joining_pushes_to_everyone_of_that_session(actions):
    team = actions.team(["Ann"])
    ann_before = last_state(team.actions.member_socket(team.member("Ann")))
    bob = actions.join(team.hosted, "Bob")
    for sock in (team.host, team.screen):
        [view] = states(sock)
        assert [m["name"] for m in view["members"]] == ["Ann", "Bob"]
    # Ann's phone shows no list of members: it only learns that something changed.
    [message] = received(team.phone("Ann"))
    assert message == {
        "name": "progress",
        "args": [{"version": ann_before["version"] + 1, "phase": "lobby", "round": None}],
    }
    assert last_state(team.actions.host_socket(team.hosted))["order"][-1]["member_id"] == (
        bob.member_id
    )


@pytest.mark.parametrize(
    "auth",
    [
        None,
        "host",
        {},
        {"role": "admin", "session": "{public_id}"},
        {"role": "host", "session": None},
        {"role": "host", "session": "nope"},
        {"role": "screen", "session": "{public_id}"},
        {"role": "screen", "session": "{public_id}", "key": "wrong"},
        {"role": "screen", "session": "{public_id}", "key": "{host_key}"},
    ],
)
def test_connecting_without_the_right_key_is_refused(actions, auth):
    hosted = actions.create_session()
    if isinstance(auth, dict):
        auth = {
            k: v.format(public_id=hosted.public_id, host_key=hosted.host_key)
            if isinstance(v, str)
            else v
            for k, v in auth.items()
        }
    sock = actions.connect(actions.new_client(), auth)
    assert not sock.is_connected()
    assert sock.queue == []


def test_host_and_member_need_their_cookie(actions):
    hosted, other = actions.create_session(), actions.create_session()
    ann = actions.join(other, "Ann")  # a member of the other session
    stranger = actions.new_client()
    for client, role in [
        (stranger, "host"),
        (stranger, "member"),
        (ann.client, "member"),
        (other.host, "host"),
    ]:
        sock = actions.connect(client, {"role": role, "session": hosted.public_id})
        assert not sock.is_connected(), (role, client)
        assert sock.queue == []


# --- privacy of the picks ------------------------------------------------------


@pytest.mark.parametrize("show_names", [True, False])
def test_nobody_sees_the_picks_before_the_reveal(actions, show_names):
    team = actions.team(["Ann", "Bob", "Cas", "Dee"], show_names=show_names)
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = team.load().current_round_id
    ann, bob, cas, dee = (team.member(n) for n in ("Ann", "Bob", "Cas", "Dee"))
    assert team.load().current_round.central_member_id == ann.member_id
    team.flush()

    assert team.actions.pick(team.phone("Bob"), round_id, PICK_SETS[0], "secret-bob") == {
        "ok": True
    }
    assert team.actions.pick(team.phone("Cas"), round_id, PICK_SETS[1], "secret-cas") == {
        "ok": True
    }

    got = {sock: received(sock) for sock in team.everyone()}
    for sock in (team.host, team.screen):  # one snapshot per pick, each
        assert [m["name"] for m in got[sock]] == ["state", "state"]
    # Bob and Cas get their own view after their own pick; every phone gets the count.
    assert [m["name"] for m in got[team.phone("Bob")]] == ["state", "progress", "progress"]
    assert [m["name"] for m in got[team.phone("Cas")]] == ["progress", "state", "progress"]
    for name in ("Ann", "Dee"):
        assert [m["name"] for m in got[team.phone(name)]] == ["progress", "progress"]
    for sock in (team.host, team.screen, team.phone("Ann"), team.phone("Dee")):
        for message in got[sock]:
            assert "secret" not in text_of(message)
            assert competencies_in(message) == set()
            assert "tally" not in message["args"][0]["round"]
    host_round = got[team.host][-1]["args"][0]["round"]
    assert {v["id"]: v["answered"] for v in host_round["voters"]} == {
        bob.member_id: True,
        cas.member_id: True,
        dee.member_id: False,
    }
    # The projector shows only how many answered: no names of who has or has not.
    for message in got[team.screen]:
        screen_round = message["args"][0]["round"]
        assert "voters" not in screen_round
        assert not [name for name in ("Bob", "Cas", "Dee") if name in text_of(message)]
    assert (screen_round["answered_count"], screen_round["voter_count"]) == (2, 3)
    for name in ("Ann", "Bob", "Cas", "Dee"):
        for message in got[team.phone(name)]:
            assert "voters" not in message["args"][0]["round"]  # a phone only needs the count
            assert "Bob" not in text_of(message) or name == "Bob"
        member_round = got[team.phone(name)][-1]["args"][0]["round"]
        assert (member_round["answered_count"], member_round["voter_count"]) == (2, 3)
    # Bob sees his own answer (he may change it), never Cas's.
    bob_view = next(m["args"][0] for m in got[team.phone("Bob")] if m["name"] == "state")
    assert bob_view["round"]["my_picks"] == [
        {"competency": PICK_SETS[0][0], "reason": "secret-bob (1)"},
        {"competency": PICK_SETS[0][1], "reason": "secret-bob (2)"},
    ]
    assert "secret-cas" not in text_of(got[team.phone("Bob")])
    assert competencies_in(got[team.phone("Bob")]) == set(PICK_SETS[0])
    assert "secret-bob" not in text_of(got[team.phone("Cas")])
    assert competencies_in(got[team.phone("Cas")]) == set(PICK_SETS[1])

    assert team.host_act("reveal", {"round_id": round_id}) == {"ok": True}

    expected_authors = ["Bob", "Bob", "Cas", "Cas"] if show_names else [None] * 4
    for sock in team.everyone():
        [view] = states(sock)
        tally = view["round"]["tally"]
        assert competencies_in(tally) == set(PICK_SETS[0]) | set(PICK_SETS[1])
        reasons = sorted(
            (reason["text"], reason["author"]) for row in tally for reason in row["reasons"]
        )
        assert [text for text, _ in reasons] == [
            "secret-bob (1)",
            "secret-bob (2)",
            "secret-cas (1)",
            "secret-cas (2)",
        ]
        assert [author for _, author in reasons] == expected_authors
    assert team.load().current_round.state == "revealed"


def test_a_pick_reaches_each_client_as_far_as_it_needs(actions):
    team = actions.team(["Ann", "Bob", "Cas", "Dee"])
    assert team.host_act("start_rounds") == {"ok": True}
    before = {name: last_state(team.phone(name)) for name in ("Ann", "Bob", "Cas", "Dee")}
    round_id = before["Bob"]["round"]["id"]
    team.flush()

    assert team.actions.pick(team.phone("Bob"), round_id, PICK_SETS[0], "secret-bob") == {
        "ok": True
    }

    # The host: its whole view, with who answered; the screen: its whole view, the count.
    [view] = states(team.host)
    assert [v["answered"] for v in view["round"]["voters"]] == [True, False, False]
    [view] = states(team.screen)
    assert "voters" not in view["round"] and view["round"]["answered_count"] == 1
    # Bob: his own view with his picks, then the count that every phone gets.
    bob = received(team.phone("Bob"))
    assert [m["name"] for m in bob] == ["state", "progress"]
    assert [p["competency"] for p in bob[0]["args"][0]["round"]["my_picks"]] == list(PICK_SETS[0])
    # Everyone else: one small message, the same for all, with nothing personal in it.
    progress = {
        "version": bob[0]["args"][0]["version"],
        "phase": "rounds",
        "round": {
            "id": round_id,
            "state": "open",
            "number": 1,
            "total": 4,
            "answered_count": 1,
            "voter_count": 3,
        },
    }
    assert bob[1]["args"] == [progress]
    for name in ("Ann", "Cas", "Dee"):
        assert received(team.phone(name)) == [{"name": "progress", "args": [progress]}]
    # What the phone then shows: the view it had, with the new count.
    team.actions.pick(team.phone("Cas"), round_id, PICK_SETS[1], "secret-cas")
    dee = shown(team.phone("Dee"), before["Dee"])
    assert dee == {
        **before["Dee"],
        "version": dee["version"],
        "round": {**before["Dee"]["round"], "answered_count": 2},
    }
    # A phone that (re)connects gets its whole view at once.
    [again] = states(team.actions.member_socket(team.member("Dee")))
    assert again == dee


def test_results_reach_the_central_member(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = team.play_round()
    ann_view = last_state(team.phone("Ann"))
    bob_view = last_state(team.phone("Bob"))
    assert ann_view["round"]["is_me"] is True and bob_view["round"]["is_me"] is False
    [result] = ann_view["my_results"]
    assert result["round_id"] == round_id
    assert result["tally"] == ann_view["round"]["tally"]
    assert bob_view["my_results"] == []


def test_a_second_session_hears_nothing_from_the_first(actions):
    first, second = actions.team(["Ann", "Bob"]), actions.team(["Cas", "Dee"])
    actions.join(first.hosted, "Eve")
    assert first.host_act("start_rounds") == {"ok": True}
    first.play_round()
    assert all(states(sock) for sock in first.everyone())
    nobody_received_anything(second)


# --- who may do what ------------------------------------------------------------

HOST_EVENTS = [
    ("set_joining", {"open": False}),
    ("remove_member", {"member_id": "{bob}"}),
    ("shuffle", {}),
    ("move_round", {"round_id": "{round}", "direction": 1}),
    ("start_rounds", {}),
    ("reveal", {"round_id": "{round}"}),
    ("next_round", {"round_id": "{round}"}),
    ("skip_round", {"round_id": "{round}"}),
    ("start_development", {}),
    ("start_pairing", {}),
    ("move_member", {"member_id": "{bob}", "group": "new"}),
    ("swap_members", {"member_id": "{bob}", "other_id": "{cas}"}),
    ("confirm_duos", {}),
    ("set_coach", {"member_id": "{bob}", "coach_id": "{cas}"}),
    ("delete_session", {}),
]


@pytest.mark.parametrize("who", ["member", "screen"])
def test_only_the_host_can_lead(actions, who):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    s = team.load()
    ids = {
        "bob": team.member("Bob").member_id,
        "cas": team.member("Cas").member_id,
        "round": s.current_round_id,
    }
    team.flush()
    sock = team.phone("Bob") if who == "member" else team.screen

    for event, data in HOST_EVENTS:
        data = {
            k: ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v
            for k, v in data.items()
        }
        ack = team.actions.act(sock, event, data)
        assert ack == {"ok": False, "error": NOT_ALLOWED}, event

    after = team.load()
    assert after.version == s.version
    assert [(r.id, r.position, r.state) for r in after.rounds] == [
        (r.id, r.position, r.state) for r in s.rounds
    ]
    assert len(after.members) == 3 and after.joining_open
    nobody_received_anything(team)


@pytest.mark.parametrize("who", ["host", "screen"])
def test_only_members_pick(actions, who):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = team.load().current_round_id
    team.flush()
    sock = team.host if who == "host" else team.screen
    assert team.actions.pick(sock, round_id) == {"ok": False, "error": NOT_ALLOWED}
    assert team.actions.act(sock, "goal", {"competency": "lef", "reason": "x"})["ok"] is False
    assert stored_picks(team)[round_id] == []
    nobody_received_anything(team)


def test_a_member_does_not_vote_in_their_own_round(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = team.load().current_round_id
    team.flush()
    ack = team.actions.pick(team.phone("Ann"), round_id)
    assert ack == {"ok": False, "error": "This is your own round. The others are choosing for you."}
    assert stored_picks(team)[round_id] == []
    nobody_received_anything(team)


def test_a_pick_for_an_earlier_round_is_refused(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    first = team.play_round()
    assert team.host_act("next_round", {"round_id": first}) == {"ok": True}
    before = stored_picks(team)
    team.flush()
    ack = team.actions.pick(team.phone("Cas"), first, ("lef", "netwerken"), "late")
    assert ack == {
        "ok": False,
        "error": "The session has moved on. Your screen now shows the latest step.",
    }
    assert stored_picks(team) == before
    nobody_received_anything(team)


def test_a_pick_can_change_until_the_reveal(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = team.load().current_round_id
    bob = team.member("Bob").member_id
    bob_phone = team.phone("Bob")
    assert team.actions.pick(bob_phone, round_id, ("lef", "netwerken"), "first") == {"ok": True}
    assert team.actions.pick(bob_phone, round_id, ("creativiteit", "lef"), "second") == {"ok": True}
    assert stored_picks(team)[round_id] == [
        (bob, 0, "creativiteit", "second (1)"),
        (bob, 1, "lef", "second (2)"),
    ]
    assert last_state(bob_phone)["round"]["my_picks"] == [
        {"competency": "creativiteit", "reason": "second (1)"},
        {"competency": "lef", "reason": "second (2)"},
    ]
    assert last_state(team.host)["round"]["answered_count"] == 1

    assert team.host_act("reveal", {"round_id": round_id}) == {"ok": True}
    tally = last_state(team.screen)["round"]["tally"]
    assert [(row["competency"], row["count"]) for row in tally] == [
        ("lef", 1),
        ("creativiteit", 1),
    ]
    team.flush()
    ack = team.actions.pick(bob_phone, round_id, ("signaleren", "lef"), "third")
    assert ack == {
        "ok": False,
        "error": "This round has been revealed. Answers can no longer change.",
    }
    assert stored_picks(team)[round_id] == [
        (bob, 0, "creativiteit", "second (1)"),
        (bob, 1, "lef", "second (2)"),
    ]
    nobody_received_anything(team)


def _round_id(team):
    return team.load().current_round_id


BAD_PICKS = {
    "none": lambda rid: None,
    "text": lambda rid: "lef netwerken",
    "number": lambda rid: 7,
    "list": lambda rid: [rid, picks()],
    "no picks": lambda rid: {"round_id": rid},
    "picks none": lambda rid: {"round_id": rid, "picks": None},
    "picks dict": lambda rid: {"round_id": rid, "picks": {"competency": "lef", "reason": "x"}},
    "one pick": lambda rid: {"round_id": rid, "picks": picks()[:1]},
    "three picks": lambda rid: {
        "round_id": rid,
        "picks": [*picks(), {"competency": "lef", "reason": "x"}],
    },
    "same twice": lambda rid: {"round_id": rid, "picks": picks("lef", "lef")},
    "unknown competency": lambda rid: {"round_id": rid, "picks": picks("lef", "courage")},
    "competency not text": lambda rid: {"round_id": rid, "picks": picks("lef", ["netwerken"])},
    "empty reason": lambda rid: {
        "round_id": rid,
        "picks": [
            {"competency": "lef", "reason": "  "},
            {"competency": "netwerken", "reason": "x"},
        ],
    },
    "missing reason": lambda rid: {
        "round_id": rid,
        "picks": [{"competency": "lef"}, {"competency": "netwerken", "reason": "x"}],
    },
    "reason of 281": lambda rid: {
        "round_id": rid,
        "picks": [
            {"competency": "lef", "reason": "x" * 281},
            {"competency": "netwerken", "reason": "x"},
        ],
    },
    "picks not dicts": lambda rid: {"round_id": rid, "picks": ["lef", "netwerken"]},
    "no round": lambda rid: {"picks": picks()},
    "round id true": lambda rid: {"round_id": True, "picks": picks()},  # JSON true == 1
    "round id as text": lambda rid: {"round_id": str(rid), "picks": picks()},
    "round as text": lambda rid: {"round_id": str(rid), "picks": picks()},
    "unknown round": lambda rid: {"round_id": rid + 1000, "picks": picks()},
}


@pytest.mark.parametrize("payload", BAD_PICKS.values(), ids=BAD_PICKS.keys())
def test_bad_picks_change_nothing(actions, payload):
    team = actions.team(["Ann", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = _round_id(team)
    assert team.actions.pick(team.phone("Cas"), round_id, ("lef", "netwerken"), "kept") == {
        "ok": True
    }
    before, version = stored_picks(team), team.load().version
    team.flush()

    ack = team.actions.act(team.phone("Cas"), "pick", payload(round_id))

    assert ack["ok"] is False
    assert isinstance(ack["error"], str) and ack["error"].strip()
    assert stored_picks(team) == before
    assert team.load().version == version
    nobody_received_anything(team)


def test_bad_pick_messages_are_in_the_members_language(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    rid = _round_id(team)
    phone = team.phone("Bob")
    assert team.actions.act(phone, "pick", {"round_id": rid, "picks": picks()[:1]}) == {
        "ok": False,
        "error": "Choose exactly two qualities.",
    }
    assert team.actions.act(phone, "pick", {"round_id": rid, "picks": picks("lef", "lef")}) == {
        "ok": False,
        "error": "Choose two different qualities.",
    }
    ack = team.actions.act(phone, "pick", BAD_PICKS["reason of 281"](rid))
    assert ack == {"ok": False, "error": "A reason can be at most 280 characters."}


def test_bad_goals_change_nothing(actions):
    team = actions.team(["Ann", "Bob"])
    team.run_to_development()
    version = team.load().version
    team.flush()
    for payload in [
        None,
        "lef",
        {"competency": "lef"},
        {"competency": "nope", "reason": "x"},
        {"competency": "lef", "reason": ""},
        {"competency": "lef", "reason": "x" * 281},
    ]:
        ack = team.actions.act(team.phone("Ann"), "goal", payload)
        assert ack["ok"] is False and ack["error"], payload
    assert [m.development_goal for m in team.load().members] == [None, None]
    assert team.load().version == version
    nobody_received_anything(team)


def no_flood_limit(actions) -> None:
    """For tests that send many bad events on purpose (the flood limit counts per person)."""
    throttle = actions.app.extensions["limits"].throttle
    throttle.per_person = throttle.connects_per_person = 100_000


def test_bad_host_requests_change_nothing(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    version = team.load().version
    team.flush()
    no_flood_limit(team.actions)
    for data in [
        None,
        "reveal",
        3,
        [],
        {"round_id": None},
        {"round_id": "1"},
        {"round_id": version + 99},
    ]:
        host = team.actions.host_socket(team.hosted)
        for event in ("reveal", "skip_round", "next_round", "move_round"):
            ack = team.actions.act(host, event, data)
            assert ack["ok"] is False and ack["error"], (event, data)
            assert not ack["error"].startswith("Too many"), (event, data)
        host.disconnect()
    assert team.load().version == version
    assert team.load().current_round.state == "open"
    nobody_received_anything(team)


# --- the flow -------------------------------------------------------------------


def test_a_late_joiner_gets_a_round_at_the_end(actions):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = _round_id(team)
    eve = team.add("Eve")
    order = last_state(team.host)["order"]
    assert [(r["name"], r["state"]) for r in order] == [
        ("Ann", "open"),
        ("Bob", "pending"),
        ("Eve", "pending"),
    ]
    assert order[-1]["member_id"] == eve.member_id
    [eve_view] = states(team.phone("Eve"))
    assert eve_view["phase"] == "rounds" and eve_view["round"]["id"] == round_id
    # Eve can answer in the round that is already open.
    assert team.actions.pick(team.phone("Eve"), round_id) == {"ok": True}
    assert last_state(team.screen)["round"]["voter_count"] == 2


def test_the_whole_flow(actions):
    names = ["Ann", "Bob", "Cas", "Dee", "Eve"]
    team = actions.team(names)
    assert team.host_act("shuffle") == {"ok": True}
    assert {last_state(x)["phase"] for x in (team.host, team.screen)} == {"lobby"}
    for sock in team.phones.values():  # the order of the rounds is not shown on a phone
        assert [m["name"] for m in received(sock)] == ["progress"]

    team.run_to_development()
    assert [r.state for r in team.load().rounds] == ["revealed"] * 5
    views = {sock: last_state(sock) for sock in team.everyone()}
    assert {view["phase"] for view in views.values()} == {"development"}
    for name in names:
        [result] = views[team.phone(name)]["my_results"]
        assert sum(row["count"] for row in result["tally"]) == 2 * 4

    goals = {
        "Ann": ("lef", "I want to speak up."),
        "Bob": ("netwerken", "Meet people."),
        "Cas": ("communicatie", "Write letters."),
        "Dee": ("samenwerken", "Together."),
        "Eve": ("signaleren", "See more."),
    }
    team.set_goals(goals)
    screen_view = last_state(team.screen)
    assert screen_view["development_progress"] == {"done": 5, "total": 5}
    assert "development" not in screen_view  # who has chosen: for the host only
    assert all(d["done"] for d in last_state(team.host)["development"])
    assert "I want to speak up." not in text_of(screen_view)
    assert "I want to speak up." not in text_of(last_state(team.phone("Bob")))
    assert last_state(team.phone("Ann"))["goal"] == {
        "competency": "lef",
        "reason": "I want to speak up.",
    }

    assert team.host_act("start_pairing") == {"ok": True}
    s = team.load()
    assert s.phase == "pairing"
    ids = {m.name: m.id for m in s.members}
    votes = {str(m.id): {} for m in s.members}
    for r in s.rounds:
        for p in r.picks:
            counts = votes[str(r.central_member_id)]
            counts[p.competency] = counts.get(p.competency, 0) + 1
    expected = make_duos({str(ids[n]): g for n, (g, _) in goals.items()}, votes)
    stored = sorted(
        tuple(sorted(str(m.id) for m in s.members if m.group_no == no))
        for no in {m.group_no for m in s.members}
    )
    assert stored == expected
    assert sorted(len(group) for group in stored) == [2, 3]

    host_groups = last_state(team.host)["groups"]
    assert sorted(tuple(sorted(str(p["id"]) for p in g["members"])) for g in host_groups) == (
        expected
    )
    for name in names:
        group = last_state(team.phone(name))["group"]
        assert ids[name] in [p["id"] for p in group["members"]]
        assert "reason" not in text_of(group)  # development reasons are for the host only

    # The host moves Ann to a new group, back again, then confirms.
    ann_group = next(m.group_no for m in s.members if m.name == "Ann")
    assert team.host_act("move_member", {"member_id": ids["Ann"], "group": "new"}) == {"ok": True}
    assert team.host_act("confirm_duos")["ok"] is False  # Ann alone now
    assert team.host_act("move_member", {"member_id": ids["Ann"], "group": ann_group}) == {
        "ok": True
    }
    assert team.host_act("confirm_duos") == {"ok": True}
    assert team.load().phase == "closed"
    for sock in team.everyone():
        view = last_state(sock)
        assert view["phase"] == "closed"
        assert view.get("joining_open", False) is False  # a phone does not show it at all
    assert team.host_act("start_rounds")["ok"] is False


def test_removing_a_member_ends_their_access(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    ann, cas = team.member("Ann"), team.member("Cas")
    round_id = _round_id(team)
    assert team.actions.pick(team.phone("Cas"), round_id) == {"ok": True}
    team.flush()

    assert team.host_act("remove_member", {"member_id": cas.member_id}) == {"ok": True}

    s = team.load()
    assert [m.name for m in s.members] == ["Ann", "Bob"]
    assert [r.central_member_id for r in s.rounds] == [ann.member_id, team.member("Bob").member_id]
    assert stored_picks(team)[round_id] == []
    views = {sock: last_state(sock) for sock in (team.host, team.screen)}
    assert [m["name"] for m in views[team.host]["members"]] == ["Ann", "Bob"]
    assert "Cas" not in text_of(views[team.screen])
    for name in ("Ann", "Bob"):
        assert last_state(team.phone(name))["round"]["voter_count"] == 1
    # Their phone is told, then disconnected; their token no longer opens a connection.
    cas_phone = team.phone("Cas")
    assert [(m["name"], m["args"]) for m in cas_phone.queue] == [("removed", [])]
    assert not cas_phone.is_connected()
    again = team.actions.member_socket(cas)
    assert not again.is_connected()
    assert again.queue == []
    assert team.host_act("remove_member", {"member_id": cas.member_id})["ok"] is False
    # A later change loads the session again: the removed member stays gone everywhere.
    assert team.actions.pick(team.phone("Bob"), round_id) == {"ok": True}
    views = {sock: last_state(sock) for sock in (team.host, team.screen)}
    assert [m["name"] for m in views[team.host]["members"]] == ["Ann", "Bob"]
    for state in views.values():
        assert "Cas" not in text_of(state)
        assert state["round"]["voter_count"] == 1


def test_removing_the_central_member_lets_the_host_go_on(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    ann = team.member("Ann")
    assert team.host_act("remove_member", {"member_id": ann.member_id}) == {"ok": True}
    assert last_state(team.screen)["round"] is None
    assert team.host_act("next_round", {"round_id": None}) == {"ok": True}
    assert last_state(team.screen)["round"]["central"]["name"] == "Bob"


def test_skip_keeps_the_answers_for_later(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    first = _round_id(team)
    assert team.actions.pick(team.phone("Bob"), first) == {"ok": True}
    assert team.host_act("skip_round", {"round_id": first}) == {"ok": True}
    order = last_state(team.host)["order"]
    assert [(r["name"], r["state"]) for r in order] == [
        ("Bob", "open"),
        ("Cas", "pending"),
        ("Ann", "pending"),
    ]
    assert len(stored_picks(team)[first]) == 2


def test_closing_the_join_is_pushed(actions):
    team = actions.team(["Ann"])
    assert team.host_act("set_joining", {"open": False}) == {"ok": True}
    for sock in (team.host, team.screen):
        assert last_state(sock)["joining_open"] is False
    # A phone does not show whether others can still join.
    assert [m["name"] for m in received(team.phone("Ann"))] == ["progress"]


def test_the_host_deletes_the_session(actions):
    team, other = actions.team(["Ann", "Bob"]), actions.team(["Cas"])
    ann = team.member("Ann")
    assert team.host_act("delete_session") == {"ok": True}
    # The asking host gets its answer (and leaves the page); every other page is told.
    assert team.host.get_received() == []
    for sock in [team.screen, *team.phones.values()]:
        assert [(m["name"], m["args"]) for m in sock.queue] == [("gone", [])]
        assert not sock.is_connected()
    with actions.store.transaction() as db:
        assert Store.load(db, public_id=team.hosted.public_id) is None
    assert not actions.member_socket(ann).is_connected()
    assert ann.client.get(f"/s/{team.hosted.public_id}/me").status_code == 404
    nobody_received_anything(other)
    assert len(other.load().members) == 1


def test_two_host_windows_stay_in_sync(actions):
    team = actions.team(["Ann", "Bob"])
    second = actions.host_socket(team.hosted)  # the facilitator's phone, same cookie
    second.get_received()
    assert Actions.act(second, "start_rounds") == {"ok": True}
    for host in (team.host, second):
        assert last_state(host)["phase"] == "rounds"
    round_id = team.load().current_round_id
    assert team.host_act("reveal", {"round_id": round_id}) == {"ok": True}
    assert last_state(second)["round"]["state"] == "revealed"
    # The second window acting on what it saw before is refused once the first moved on.
    assert team.host_act("next_round", {"round_id": round_id}) == {"ok": True}
    stale = Actions.act(second, "reveal", {"round_id": round_id})
    assert stale["ok"] is False
    assert last_state(second)["round"]["id"] != round_id


# --- pairing safeguards ---------------------------------------------------------------

MOVED_ON = "The session has moved on. Your screen now shows the latest step."


def _paired_team(actions):
    team = actions.team(["Ann", "Bob", "Cas", "Dee"])
    team.run_to_development()
    team.set_goals(
        {
            "Ann": ("lef", "a"),
            "Bob": ("netwerken", "b"),
            "Cas": ("lef", "c"),
            "Dee": ("netwerken", "d"),
        }
    )
    assert team.host_act("start_pairing") == {"ok": True}
    team.flush()
    return team


def _groups(team) -> list[tuple[str, ...]]:
    s = team.load()
    return sorted(
        tuple(sorted(m.name for m in s.members if m.group_no == no))
        for no in {m.group_no for m in s.members}
    )


def test_a_host_window_that_missed_a_change_cannot_undo_it_unseen(actions):
    team = _paired_team(actions)
    ids = {m.name: m.member_id for m in team.members}
    laptop, remote = team.host, team.actions.host_socket(team.hosted)
    seen = last_state(remote)["version"]
    bob_partner = next(g for g in _groups(team) if "Bob" in g)
    other = next(n for n in ("Ann", "Cas", "Dee") if n not in bob_partner)
    # The laptop swaps; the phone used as a remote still shows the old duos.
    ack = Actions.act(
        laptop, "swap_members", {"member_id": ids["Bob"], "other_id": ids[other], "version": seen}
    )
    assert ack == {"ok": True}
    after_swap = _groups(team)
    version = team.load().version
    for event, data in [
        ("swap_members", {"member_id": ids["Bob"], "other_id": ids[other]}),
        ("move_member", {"member_id": ids["Ann"], "group": "new"}),
        ("confirm_duos", {}),
        ("start_pairing", {}),
    ]:
        ack = Actions.act(remote, event, {**data, "version": seen})
        assert ack == {"ok": False, "error": MOVED_ON}, event
    assert _groups(team) == after_swap
    assert team.load().version == version and team.load().phase == "pairing"
    # With the snapshot it got meanwhile, the remote can act.
    current = last_state(remote)["version"]
    assert current == version
    assert Actions.act(remote, "confirm_duos", {"version": current}) == {"ok": True}


def test_the_best_duos_can_be_made_again_after_moving_people(actions):
    team = _paired_team(actions)
    best = _groups(team)
    ann = team.member("Ann").member_id
    assert team.host_act("move_member", {"member_id": ann, "group": "new"}) == {"ok": True}
    assert _groups(team) != best
    assert team.host_act("start_pairing", {"version": team.load().version}) == {"ok": True}
    assert _groups(team) == best
    assert team.load().phase == "pairing"
    for name in ("Ann", "Bob", "Cas", "Dee"):
        group = last_state(team.phone(name))["group"]
        assert sorted(m["name"] for m in group["members"]) == list(
            next(g for g in best if name in g)
        )


@pytest.mark.parametrize("value", ["no", "false", 0, 1, None, [], {}])
def test_joining_is_only_switched_by_a_real_yes_or_no(actions, value):
    team = actions.team(["Ann", "Bob"])
    assert team.host_act("set_joining", {"open": False}) == {"ok": True}
    team.flush()
    version = team.load().version
    ack = team.host_act("set_joining", {"open": value})
    assert ack == {"ok": False, "error": "That did not work. Nothing was changed. Try again."}
    assert team.load().joining_open is False
    assert team.load().version == version
    nobody_received_anything(team)


MALFORMED = [
    None,
    "x",
    7,
    [],
    {},
    {"member_id": "1"},
    {"member_id": -1},
    {"member_id": True},
    {"member_id": 10**12},
    {"round_id": 1.5},
    {"group": "new"},
    {"group": [1]},
    {"version": "1"},
    {"direction": "up"},
    {"other_id": None},
]
REFUSALS = {
    "That did not work. Nothing was changed. Try again.",
    "This member has already left.",
    "That group does not exist.",
    MOVED_ON,
    "That is not possible at this step of the session.",
    "There is no open round.",
}


@pytest.mark.parametrize("phase", ["rounds", "pairing"])
def test_malformed_host_events_of_every_kind_change_nothing(actions, phase):
    if phase == "pairing":
        team = _paired_team(actions)
    else:
        team = actions.team(["Ann", "Bob", "Cas"])
        assert team.host_act("start_rounds") == {"ok": True}
        team.flush()
    before = team.load()
    snapshot = (
        before.version,
        before.phase,
        before.joining_open,
        before.current_round_id,
        [(m.id, m.group_no) for m in before.members],
        [(r.id, r.position, r.state) for r in before.rounds],
    )
    # Events that need no data at all (any payload is ignored) are tested elsewhere.
    without_data = {
        "shuffle",
        "start_rounds",
        "start_development",
        "start_pairing",
        "confirm_duos",
        "delete_session",
    }
    no_flood_limit(team.actions)  # hundreds of events on purpose
    for event, _ in HOST_EVENTS:
        if event in without_data:
            continue
        host = team.actions.host_socket(team.hosted)
        for data in MALFORMED:
            ack = Actions.act(host, event, data)
            assert ack["ok"] is False, (event, data)
            assert ack["error"] in REFUSALS, (event, data, ack)
        host.disconnect()
    after = team.load()
    assert (
        after.version,
        after.phase,
        after.joining_open,
        after.current_round_id,
        [(m.id, m.group_no) for m in after.members],
        [(r.id, r.position, r.state) for r in after.rounds],
    ) == snapshot
    nobody_received_anything(team)


def test_an_answer_while_the_shared_limits_are_unreachable_is_refused_with_a_message(
    actions, monkeypatch
):
    team = actions.team()
    assert team.host_act("start_rounds") == {"ok": True}
    team.flush()
    r = team.load().current_round
    voter = next(m for m in team.members if m.member_id != r.central_member_id)

    def unreachable(*_args):
        raise ConnectionError("Redis is not answering")

    monkeypatch.setattr(actions.app.extensions["limits"].throttle, "allow", unreachable)
    ack = Actions.pick(team.phones[voter.member_id], r.id)
    assert ack == {"ok": False, "error": "That did not work. Nothing was changed. Try again."}
    assert stored_picks(team)[r.id] == []
    nobody_received_anything(team)
