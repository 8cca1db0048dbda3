"""The team picture over Socket.IO: only at the end, only for the screen and the host; a
phone choosing a goal learns which qualities the team still misses, nothing about others."""

from helpers import Actions, states

NAMES = ("Ann", "Bob", "Cas", "Dee")


def says(voter):  # a reason as each voter writes it
    return f"{voter} says"


def lef_for_ann(central, voter):
    # Ann gets courage from all three; everyone else gets networking and teamwork.
    if central == "Ann":
        return ("lef", "netwerken") if voter != "Dee" else ("lef", "sensitiviteit")
    return ("netwerken", "samenwerken")


def everything(team):
    return {
        "host": states(team.host),
        "screen": states(team.screen),
        "phones": [s for sock in team.phones.values() for s in states(sock)],
    }


def test_the_map_is_not_sent_before_the_end_and_phones_never_get_it(actions):
    team = actions.team(NAMES)
    team.play_every_round(lef_for_ann, says)
    assert team.host_act("start_development") == {"ok": True}
    team.set_goals({name: ("onderhandelen", "To learn it.") for name in NAMES})
    before = everything(team)
    for audience in ("screen", "phones"):
        assert before[audience]
        assert all("picture" not in s for s in before[audience]), audience
    assert all("picture" not in s for s in before["host"])

    assert team.host_act("start_pairing") == {"ok": True}
    pairing = everything(team)
    assert all("picture" not in s for s in pairing["screen"] + pairing["phones"])
    # The facilitator may look at the map while changing the duos.
    assert "picture" in pairing["host"][-1]

    version = team.load().version
    assert team.host_act("confirm_duos", {"version": version}) == {"ok": True}
    closed = everything(team)
    assert all("picture" not in s and "team_gaps" not in s for s in closed["phones"])
    screen = closed["screen"][-1]
    assert screen["closing_slide"] == "map"
    rows = {row["name"]: row for row in screen["picture"]["map"]}
    assert list(rows) == list(NAMES)
    assert rows["Ann"]["counts"] == {"lef": 3, "netwerken": 2, "sensitiviteit": 1}
    assert rows["Ann"]["most"] == ["lef"]
    assert rows["Bob"]["counts"] == {"netwerken": 3, "samenwerken": 3}
    assert rows["Bob"]["most"] == ["netwerken", "samenwerken"]
    tasks = {t["key"]: t for t in screen["picture"]["tasks"]}
    assert len(tasks) == 13
    # 2.4 needs negotiating, political insight, networking, teamwork: 2 of 4 covered.
    assert (tasks["2.4"]["covered"], tasks["2.4"]["total"]) == (2, 4)
    assert tasks["2.4"]["qualities"] == [
        "onderhandelen",
        "netwerken",
        "samenwerken",
        "politiek_inzicht",
    ]
    assert tasks["2.4"]["gaps"] == ["onderhandelen", "politiek_inzicht"]
    strong = screen["picture"]["strong"]
    assert strong["netwerken"] == ["Ann", "Bob", "Cas", "Dee"]
    assert strong["samenwerken"] == ["Bob", "Cas", "Dee"]
    assert strong["lef"] == ["Ann"]
    assert strong["onderhandelen"] == [] and strong["sensitiviteit"] == []
    assert closed["host"][-1]["picture"] == screen["picture"]


def test_the_host_turns_the_closing_slides(actions):
    team = actions.team(("Ann", "Bob"))
    assert team.host_act("show_closing", {"slide": "cycle"})["ok"] is False  # not yet
    team.play_every_round(lambda central, voter: ("lef", "netwerken"), says)
    assert team.host_act("start_development") == {"ok": True}
    assert team.host_act("start_pairing") == {"ok": True}
    assert team.host_act("confirm_duos", {"version": team.load().version}) == {"ok": True}
    team.flush()
    assert team.host_act("show_closing", {"slide": "cycle"}) == {"ok": True}
    assert states(team.screen)[-1]["closing_slide"] == "cycle"
    assert states(team.host)[-1]["closing_slide"] == "cycle"
    for bad in ("ranking", None, 2, ["map"]):
        assert team.host_act("show_closing", {"slide": bad})["ok"] is False
    assert team.load().closing_slide == "cycle"
    # Phones are not part of the projector's slides.
    assert Actions.act(team.phone("Ann"), "show_closing", {"slide": "duos"})["ok"] is False


def test_a_phone_choosing_a_goal_sees_the_teams_gaps_only(actions):
    team = actions.team(NAMES)
    team.play_every_round(lef_for_ann, says)
    team.flush()
    assert team.host_act("start_development") == {"ok": True}
    phone = states(team.phone("Cas"))[-1]
    gaps = phone["team_gaps"]
    # Strong: courage (Ann), networking (all), teamwork (Bob, Cas, Dee). The rest is a gap,
    # with the number of tasks that need it (negotiating: 3; sensitivity: 5).
    assert "lef" not in gaps and "netwerken" not in gaps and "samenwerken" not in gaps
    assert gaps["onderhandelen"] == 3
    assert gaps["sensitiviteit"] == 5
    assert len(gaps) == 9
    assert "picture" not in phone
    assert "Ann" not in str(gaps)
