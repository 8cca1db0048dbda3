"""Who does what over Socket.IO: only the host puts names on tasks; the screen gets what the
slide shows; a phone gets only the tasks that fit its own member."""

from helpers import Actions, received, states

NAMES = ("Ann", "Bob", "Cas", "Dee")


def says(voter):  # a reason as each voter writes it
    return f"{voter} says"


def spotting(central, voter):
    """Ann: spotting and communication from all three (1.1 and 1.2 fit her); Bob: courage
    and creativity (2.2 fits); Cas and Dee: one vote each, strong in nothing."""
    if central == "Ann":
        return ("signaleren", "communicatie")
    if central == "Bob":
        return ("lef", "creativiteit")
    pairs = {"Ann": ("onderhandelen", "netwerken"), "Bob": ("stressbestendigheid", "lef")}
    return pairs.get(voter, ("zelfreflectie", "samenwerken"))


def closed_team(actions, names=NAMES):
    team = actions.team(names)
    team.play_every_round(spotting, says)
    assert team.host_act("start_development") == {"ok": True}
    team.set_goals({name: ("onderhandelen", "To learn it.") for name in names})
    assert team.host_act("start_pairing") == {"ok": True}
    assert team.host_act("confirm_duos", {"version": team.load().version}) == {"ok": True}
    return team


def ids(team):
    return {m.name: m.member_id for m in team.members}


def test_the_host_sees_suggestions_and_puts_names_on_tasks(actions):
    team = closed_team(actions)
    member = ids(team)
    board = {row["key"]: row for row in states(team.host)[-1]["task_board"]}
    assert len(board) == 13
    assert board["1.1"]["suggested"] == [member["Ann"]]
    assert board["2.2"]["suggested"] == [member["Bob"]]
    assert board["3.5"] == {"key": "3.5", "suggested": [], "assigned": []}
    team.flush()

    assert team.host_act("assign_task", {"task": "1.1", "member_id": member["Ann"]}) == {"ok": True}
    assert team.host_act("assign_task", {"task": "1.1", "member_id": member["Dee"]}) == {"ok": True}
    assert team.host_act("assign_task", {"task": "4.1", "member_id": member["Dee"]}) == {"ok": True}
    host = states(team.host)[-1]
    board = {row["key"]: row for row in host["task_board"]}
    assert board["1.1"]["assigned"] == [member["Ann"], member["Dee"]]
    assert board["4.1"]["assigned"] == [member["Dee"]]
    screen = states(team.screen)[-1]
    assert screen["roles"]["tasks"] == [
        {"key": "1.1", "names": ["Ann", "Dee"]},
        {"key": "4.1", "names": ["Dee"]},
    ]
    assert "1.1" not in screen["roles"]["open"] and "2.1" in screen["roles"]["open"]
    assert screen["roles"]["steps"] == [["1.1", "4.1", "open"]]
    # The screen shows names on tasks, never the suggestions behind them.
    assert "task_board" not in screen
    # Phones show nothing of it: not even a whole view of their own.
    for sock in team.phones.values():
        assert all(m["name"] == "progress" for m in received(sock))

    assert team.host_act("unassign_task", {"task": "1.1", "member_id": member["Ann"]}) == {
        "ok": True
    }
    assert states(team.screen)[-1]["roles"]["tasks"][0] == {"key": "1.1", "names": ["Dee"]}


def test_names_on_tasks_are_kept_across_a_reload_and_a_restart(actions, app):
    team = closed_team(actions)
    member = ids(team)
    team.host_act("assign_task", {"task": "3.3", "member_id": member["Cas"]})
    assert team.load().members[2].task_keys == "3.3"
    # A page that connects again (after a reload or a server restart) gets them at once.
    host = actions.host_socket(team.hosted)
    board = {row["key"]: row for row in states(host)[-1]["task_board"]}
    assert board["3.3"]["assigned"] == [member["Cas"]]
    screen = actions.screen_socket(team.hosted)
    assert states(screen)[-1]["roles"]["tasks"] == [{"key": "3.3", "names": ["Cas"]}]


def test_a_phone_gets_only_its_own_fitting_tasks(actions):
    team = closed_team(actions)
    phone_states = {m.name: states(team.phone(m.name)) for m in team.members}
    ann = phone_states["Ann"][-1]
    assert ann["my_tasks"] == {
        "strong": ["signaleren", "communicatie"],
        "fits": [
            {"key": "1.1", "qualities": ["signaleren", "communicatie"]},
            {"key": "1.2", "qualities": ["signaleren", "communicatie"]},
        ],
    }
    assert phone_states["Bob"][-1]["my_tasks"]["fits"] == [
        {"key": "2.2", "qualities": ["lef", "creativiteit"]}
    ]
    assert phone_states["Cas"][-1]["my_tasks"] == {"strong": [], "fits": []}
    for name, got in phone_states.items():
        for view in got:
            assert "task_board" not in view and "roles" not in view, name
    # Before the end, no phone gets it.
    team2 = actions.team(("Eva", "Fay", "Gus"))
    team2.play_every_round(spotting, says)
    assert all("my_tasks" not in v for sock in team2.phones.values() for v in states(sock))


def test_only_the_host_puts_names_on_tasks(actions):
    team = closed_team(actions)
    member = ids(team)
    data = {"task": "1.1", "member_id": member["Ann"]}
    for sock in (team.phone("Ann"), team.phone("Bob"), team.screen):
        for event in ("assign_task", "unassign_task"):
            ack = Actions.act(sock, event, data)
            assert ack == {"ok": False, "error": "You are not allowed to do this."}
        assert Actions.act(sock, "roles_step", {"step": 0})["ok"] is False
    assert all(m.task_keys is None for m in team.load().members)


def test_a_task_or_member_that_does_not_exist_is_refused_with_a_clear_message(actions):
    team = closed_team(actions)
    member = ids(team)
    team.host_act("assign_task", {"task": "2.2", "member_id": member["Bob"]})
    version = team.load().version
    team.flush()
    refusals = [
        ({"task": "9.9", "member_id": member["Ann"]}, "This task does not exist."),
        ({"task": None, "member_id": member["Ann"]}, "This task does not exist."),
        ({"task": "1.1", "member_id": 999999}, "This member has already left."),
        ({"task": "1.1"}, "This member has already left."),
    ]
    for data, error in refusals:
        for event in ("assign_task", "unassign_task"):
            assert team.host_act(event, data) == {"ok": False, "error": error}
    assert team.host_act("assign_task", "not a dict")["ok"] is False
    loaded = team.load()
    assert loaded.version == version
    assert [m.task_keys for m in loaded.members] == [None, "2.2", None, None]
    assert all(not received(sock) for sock in team.everyone())


def test_the_refusal_is_in_the_hosts_language(actions):
    team = closed_team(actions, ("Ann", "Bob", "Cas"))
    team.hosted.host.set_cookie("lang", "nl")
    host = actions.host_socket(team.hosted)
    ack = Actions.act(host, "assign_task", {"task": "7.7", "member_id": team.members[0].member_id})
    assert ack == {"ok": False, "error": "Deze taak bestaat niet."}


def test_the_host_steps_the_slide_and_the_screen_follows(actions):
    names = tuple(f"Lid{n:02d}-met-een-lange-naam" for n in range(6))
    team = closed_team(actions, names)
    for m in team.members:  # fewer events than the flood limit allows in 10 seconds
        for key in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3"):
            assert team.host_act("assign_task", {"task": key, "member_id": m.member_id})["ok"]
    assert team.host_act("show_closing", {"slide": "roles"}) == {"ok": True}
    screen = states(team.screen)[-1]
    assert screen["closing_slide"] == "roles"
    steps = screen["roles"]["steps"]
    assert len(steps) > 2 and screen["roles"]["step"] == 0
    assert team.host_act("roles_step", {"step": 2}) == {"ok": True}
    assert states(team.screen)[-1]["roles"]["step"] == 2
    assert team.load().roles_step == 2
    ack = team.host_act("roles_step", {"step": len(steps)})
    assert ack == {"ok": False, "error": "This part of the slide does not exist."}
    assert team.load().roles_step == 2
