"""A member without a phone: the host adds them and answers for them. Socket.IO test
clients, plus the downloads that mark them."""

from __future__ import annotations

import csv
import io

from helpers import Actions, last_state, picks, received, text_of

NOT_ALLOWED = "You are not allowed to do this."


def _with_proxy(actions, names=("Ann", "Bob")):
    team = actions.team(list(names))
    assert team.host_act("add_proxy_member", {"name": "Piet"}) == {"ok": True}
    piet = next(m for m in team.load().members if m.name == "Piet")
    return team, piet.id


def _open_round_without(team, member_id):
    """Open rounds until one is open where ``member_id`` is not central."""
    while True:
        r = team.load().current_round
        if r.central_member_id != member_id:
            return r
        for member in team.members:
            if member.member_id != r.central_member_id:
                Actions.pick(team.phone(member.name), r.id)
        assert team.host_act("reveal", {"round_id": r.id}) == {"ok": True}
        assert team.host_act("next_round", {"round_id": r.id}) == {"ok": True}


def test_the_host_adds_a_member_without_a_phone_who_gets_a_round(actions):
    team, piet = _with_proxy(actions)
    s = team.load()
    assert next(m for m in s.members if m.id == piet).via_host is True
    assert any(r.central_member_id == piet for r in s.rounds)
    host = last_state(team.host)
    assert {m["name"]: m.get("via_host", False) for m in host["members"]} == {
        "Ann": False,
        "Bob": False,
        "Piet": True,
    }
    screen = last_state(team.screen)
    assert [m["name"] for m in screen["members"]] == ["Ann", "Bob", "Piet"]
    assert "via_host" not in text_of(screen)  # the projector shows no difference
    for name in ("Ann", "Bob"):
        assert "via_host" not in text_of(last_state(team.phone(name)))


def test_a_bad_name_adds_nobody(actions):
    team, _ = _with_proxy(actions)
    team.flush()
    version = team.load().version
    for data in ({"name": ""}, {"name": "   "}, {"name": 7}, {}, {"name": "x" * 31}):
        assert team.host_act("add_proxy_member", data)["ok"] is False
    assert team.load().version == version and len(team.load().members) == 3
    for sock in team.everyone():
        assert received(sock) == []


def test_only_the_host_can_answer_for_a_member_without_a_phone(actions):
    team, piet = _with_proxy(actions)
    assert team.host_act("start_rounds") == {"ok": True}
    r = _open_round_without(team, piet)
    team.flush()
    data = {"member_id": piet, "round_id": r.id, "picks": picks("lef", "netwerken", "Ja")}
    for sock in (team.phone("Ann"), team.phone("Bob"), team.screen):
        assert Actions.act(sock, "proxy_pick", data) == {"ok": False, "error": NOT_ALLOWED}
        ack = Actions.act(
            sock, "proxy_goal", {"member_id": piet, "competency": "lef", "reason": "x"}
        )
        assert ack == {"ok": False, "error": NOT_ALLOWED}
        ack = Actions.act(sock, "add_proxy_member", {"name": "Nep"})
        assert ack == {"ok": False, "error": NOT_ALLOWED}
        ack = Actions.act(sock, "set_via_host", {"member_id": piet, "on": False})
        assert ack == {"ok": False, "error": NOT_ALLOWED}
    # Not for a member who answers on their own phone.
    bob = team.member("Bob").member_id
    if r.central_member_id != bob:
        ack = team.host_act("proxy_pick", {**data, "member_id": bob})
        assert ack == {
            "ok": False,
            "error": (
                "Bob answers on their own phone. Switch them to 'via the facilitator' first."
            ),
        }
    assert all(p.voter_id != bob for p in team.load().current_round.picks)
    assert all(p.voter_id != piet for p in team.load().current_round.picks)
    assert len(team.load().members) == 3


def test_what_the_host_sends_for_a_member_counts_like_anyone_s(actions):
    team, piet = _with_proxy(actions)
    assert team.host_act("start_rounds") == {"ok": True}
    r = _open_round_without(team, piet)
    team.flush()
    data = {
        "member_id": piet,
        "round_id": r.id,
        "picks": picks("creativiteit", "lef", "Piet zegt: altijd ideeën"),
    }
    assert team.host_act("proxy_pick", data) == {"ok": True}
    host = last_state(team.host)
    assert {v["name"]: v["answered"] for v in host["round"]["voters"]}["Piet"] is True
    assert host["proxies"] == [
        {
            "id": piet,
            "picks": [
                {"competency": "creativiteit", "reason": "Piet zegt: altijd ideeën (1)"},
                {"competency": "lef", "reason": "Piet zegt: altijd ideeën (2)"},
            ],
        }
    ]
    assert "altijd ideeën" not in text_of(last_state(team.screen))  # before the reveal
    assert team.host_act("reveal", {"round_id": r.id}) == {"ok": True}
    tally = last_state(team.screen)["round"]["tally"]
    creative = next(row for row in tally if row["competency"] == "creativiteit")
    assert creative["reasons"] == [{"text": "Piet zegt: altijd ideeën (1)", "author": "Piet"}]
    # The goal, in the development step, and Piet is paired like anyone.
    while team.load().current_round is not None and any(
        x.state == "pending" for x in team.load().rounds
    ):
        current = team.load().current_round
        if current.state == "open":
            assert team.host_act("reveal", {"round_id": current.id}) == {"ok": True}
        assert team.host_act("next_round", {"round_id": current.id}) == {"ok": True}
    current = team.load().current_round
    if current.state == "open":
        assert team.host_act("reveal", {"round_id": current.id}) == {"ok": True}
    assert team.host_act("start_development") == {"ok": True}
    ack = team.host_act(
        "proxy_goal", {"member_id": piet, "competency": "netwerken", "reason": "Meer mensen kennen"}
    )
    assert ack == {"ok": True}
    m = next(m for m in team.load().members if m.id == piet)
    assert (m.development_goal, m.development_reason) == ("netwerken", "Meer mensen kennen")
    assert last_state(team.host)["proxies"] == [
        {"id": piet, "goal": {"competency": "netwerken", "reason": "Meer mensen kennen"}}
    ]
    assert team.host_act("start_pairing") == {"ok": True}
    assert team.host_act("confirm_duos") == {"ok": True}
    body = team.hosted.host.get(f"/s/{team.hosted.public_id}/duos.csv").data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert "Piet (via the facilitator)" in [row[0] for row in rows[1:]]
    assert "Piet" in ",".join(row[3] for row in rows[1:])  # a partner's name, unmarked
    report = team.hosted.host.get(f"/s/{team.hosted.public_id}/report").text
    assert report.count("answered via the facilitator") == 1


def test_a_phone_that_dies_switches_to_the_host_and_back_keeping_its_answers(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    cas = team.member("Cas").member_id
    r = _open_round_without(team, cas)
    assert Actions.pick(team.phone("Cas"), r.id, ("lef", "netwerken"), "Van Cas") == {"ok": True}
    assert team.host_act("set_via_host", {"member_id": cas, "on": True}) == {"ok": True}
    mine = sorted(
        (p.competency, p.reason) for p in team.load().current_round.picks if p.voter_id == cas
    )
    assert mine == [("lef", "Van Cas (1)"), ("netwerken", "Van Cas (2)")]
    host = last_state(team.host)
    assert host["proxies"][0]["picks"] == [
        {"competency": "lef", "reason": "Van Cas (1)"},
        {"competency": "netwerken", "reason": "Van Cas (2)"},
    ]
    ack = team.host_act(
        "proxy_pick",
        {"member_id": cas, "round_id": r.id, "picks": picks("lef", "creativiteit", "Via host")},
    )
    assert ack == {"ok": True}
    assert team.host_act("set_via_host", {"member_id": cas, "on": False}) == {"ok": True}
    mine = sorted(
        (p.competency, p.reason) for p in team.load().current_round.picks if p.voter_id == cas
    )
    assert mine == [("creativiteit", "Via host (2)"), ("lef", "Via host (1)")]
    # The phone is back: it sees what was sent for it, and can change it again.
    assert last_state(team.phone("Cas"))["round"]["my_picks"][0]["reason"] == "Via host (1)"
    assert Actions.pick(team.phone("Cas"), r.id, ("lef", "netwerken"), "Weer zelf")["ok"]
    ack = team.host_act(
        "proxy_pick",
        {"member_id": cas, "round_id": r.id, "picks": picks("lef", "creativiteit", "x")},
    )
    assert ack["ok"] is False
    for value in ("yes", 1, None):
        assert team.host_act("set_via_host", {"member_id": cas, "on": value})["ok"] is False
