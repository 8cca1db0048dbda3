"""'Liever niet centraal' over Socket.IO: only the member's own round changes, the facilitator
sees it, the screen and the other phones see only one round less in the count."""

from __future__ import annotations

from helpers import Actions, last_state, shown

from session_app.exercise import DECLINED


def test_a_member_would_rather_not_be_central(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    ann, bob = team.member("Ann"), team.member("Bob")
    # A forged member id changes nothing: the event is only ever about its sender.
    ack = Actions.act(
        team.phone("Ann"), "central_choice", {"central": False, "member_id": bob.member_id}
    )
    assert ack == {"ok": True}

    order = {o["member_id"]: o["state"] for o in last_state(team.host)["order"]}
    assert order == {
        ann.member_id: DECLINED,
        bob.member_id: "pending",
        team.member("Cas").member_id: "pending",
    }
    own = last_state(team.phone("Ann"))
    assert own["central_choice"] == {"central": False, "can_change": True}
    screen = last_state(team.screen)
    assert "order" not in screen and DECLINED not in str(screen)
    bob_view = shown(team.phone("Bob"))
    assert bob_view["central_choice"] == {"central": True, "can_change": True}
    assert DECLINED not in str(bob_view)

    assert team.host_act("start_rounds") == {"ok": True}
    s = team.load()
    assert s.current_round.central_member_id != ann.member_id
    assert last_state(team.screen)["round"]["total"] == 2
    team.flush()

    # Changed her mind during the rounds: her round is back, and counted again.
    ack = Actions.act(team.phone("Ann"), "central_choice", {"central": True})
    assert ack == {"ok": True}
    assert last_state(team.screen)["round"]["total"] == 3
    assert shown(team.phone("Cas"))["round"]["total"] == 3


def test_a_wrong_choice_is_refused_and_changes_nothing(actions):
    team = actions.team(["Ann", "Bob"])
    for bad in (None, "no", 0):
        ack = Actions.act(team.phone("Ann"), "central_choice", {"central": bad})
        assert ack["ok"] is False and "did not work" in ack["error"]
    ack = Actions.act(team.host, "central_choice", {"central": False})
    assert ack["ok"] is False
    assert all(r.state == "pending" for r in team.load().rounds)
