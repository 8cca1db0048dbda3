"""Duos and their reasons: what the screen, the host and each phone get while pairing.

The team is built on purpose: every voter's two picks in every round are fixed below, so
the votes each member received are known exactly, and so are the duos, coaches and warnings.
The sentences are built by the pages' own code (``coachLine`` and ``alsoLine`` of
``static/js/live.js``, ``wallLine`` of ``static/js/board.js``), run in Chromium on the
``page-data`` of the real host, screen and member pages (``browser_support.PageCode``).
"""

from __future__ import annotations

import json
import re

import pytest
from browser_support import PAGE_DATA, PageCode
from flask_babel import force_locale, gettext
from helpers import Actions, received, states, text_of

from session_app import client_text, exercise
from session_app.content import COMPETENCIES

# Who picks what for whom: central member -> voter -> their two picks.
PLAN = {
    "Ann": {
        "Bram": ("lef", "samenwerken"),
        "Cas": ("lef", "samenwerken"),
        "Dee": ("samenwerken", "creativiteit"),
    },
    "Bram": {
        "Ann": ("netwerken", "communicatie"),
        "Cas": ("netwerken", "signaleren"),
        "Dee": ("netwerken", "signaleren"),
    },
    "Cas": {
        "Ann": ("netwerken", "lef"),
        "Bram": ("netwerken", "creativiteit"),
        "Dee": ("sensitiviteit", "creativiteit"),
    },
    "Dee": {
        "Ann": ("communicatie", "zelfreflectie"),
        "Bram": ("zelfreflectie", "onderhandelen"),
        "Cas": ("zelfreflectie", "onderhandelen"),
    },
}
# What that gives, counted by hand.
VOTES = {
    "Ann": {"lef": 2, "samenwerken": 3, "creativiteit": 1},
    "Bram": {"netwerken": 3, "signaleren": 2, "communicatie": 1},
    "Cas": {"netwerken": 2, "creativiteit": 2, "lef": 1, "sensitiviteit": 1},
    "Dee": {"zelfreflectie": 3, "onderhandelen": 2, "communicatie": 1},
}
# Nobody got a single vote for Dee's goal.
GOALS = {
    "Ann": ("netwerken", "GOAL-REASON-ANN: I know too few people at the council."),
    "Bram": ("lef", "GOAL-REASON-BRAM: I keep quiet in big meetings."),
    "Cas": ("communicatie", "GOAL-REASON-CAS: my letters are too long."),
    "Dee": ("politiek_inzicht", "GOAL-REASON-DEE: I want to understand the alderman."),
}
NAMES = list(PLAN)

# Per member: (coach, coach's votes, someone outside the group is strong, host's "also
# strong" list as (name, votes)), for each arrangement the tests go through.
#   v[a][b] = votes of b for a's goal: Ann<-Bram 3, Cas 2 | Bram<-Ann 2, Cas 1 |
#   Cas<-Bram 1, Dee 1 | Dee<-nobody.  The best duos are Ann+Bram and Cas+Dee (3 coached).
PROPOSED = [["Ann", "Bram"], ["Cas", "Dee"]]
PROPOSED_PEOPLE = {
    "Ann": ("Bram", 3, True, [("Cas", 2)]),
    "Bram": ("Ann", 2, True, [("Cas", 1)]),
    "Cas": ("Dee", 1, True, [("Bram", 1)]),
    "Dee": (None, 0, False, []),
}
# After swapping Bram and Cas.
SWAPPED = [["Ann", "Cas"], ["Bram", "Dee"]]
SWAPPED_PEOPLE = {
    "Ann": ("Cas", 2, True, [("Bram", 3)]),
    "Cas": (None, 0, True, [("Bram", 1), ("Dee", 1)]),
    "Bram": (None, 0, True, [("Ann", 2), ("Cas", 1)]),
    "Dee": (None, 0, False, []),
}

# --- building the team ------------------------------------------------------------


def ids(team) -> dict[str, int]:
    return {m.name: m.member_id for m in team.members}


def play_planned_rounds(team) -> None:
    """Every round in order, each voter picking exactly what PLAN says; then development."""
    assert team.host_act("start_rounds") == {"ok": True}
    by_id = {m.member_id: m.name for m in team.members}
    done = []
    while True:
        round_ = team.load().current_round
        central = by_id[round_.central_member_id]
        for voter, chosen in PLAN[central].items():
            ack = Actions.pick(team.phone(voter), round_.id, chosen, f"{voter} about {central}")
            assert ack == {"ok": True}, ack
        assert team.host_act("reveal", {"round_id": round_.id}) == {"ok": True}
        done.append(central)
        if not exercise.pending_rounds(team.load()):
            break
        assert team.host_act("next_round", {"round_id": round_.id}) == {"ok": True}
    assert done == NAMES
    assert team.host_act("start_development") == {"ok": True}


@pytest.fixture
def team(actions):
    """Ann, Bram, Cas and Dee, every round played by PLAN, every goal chosen; nothing
    received yet. The host, screen and phones are all connected."""
    team = actions.team(NAMES)
    play_planned_rounds(team)
    team.set_goals(GOALS)
    votes = exercise.votes_received(team.load())
    assert votes == {team.member(n).member_id: VOTES[n] for n in NAMES}
    team.flush()
    return team


# --- what each audience should get --------------------------------------------------


def stored_layout(team) -> list[list[str]]:
    """The groups as stored, by group number, each in the order of joining."""
    return [[m.name for m in group] for group in exercise.groups(team.load().members)]


def expected_groups(team, layout, people, *, host: bool, wall: bool = False) -> list[dict]:
    """``wall``: as the projector gets them, without votes and without the warning flag."""
    member_ids = ids(team)
    numbers = {m.name: m.group_no for m in team.load().members}

    def person(name):
        coach, votes, elsewhere, also = people[name]
        view = {
            "id": member_ids[name],
            "name": name,
            "goal": GOALS[name][0],
            "coach": {"id": member_ids[coach], "name": coach, "votes": votes} if coach else None,
            "strong_elsewhere": elsewhere,
        }
        if wall:
            del view["strong_elsewhere"]
            if coach:
                del view["coach"]["votes"]
        if host:
            view["reason"] = GOALS[name][1]
            view["also_strong"] = [{"id": member_ids[o], "name": o, "votes": v} for o, v in also]
        return view

    return [
        {"number": numbers[group[0]], "label": label, "members": [person(n) for n in group]}
        for label, group in enumerate(layout, start=1)
    ]


def check_everyone(team, layout, people, phase="pairing") -> dict:
    """Each connection got exactly one new snapshot, with these groups; returns them."""
    assert stored_layout(team) == layout
    views = {sock: states(sock) for sock in team.everyone()}
    assert {len(v) for v in views.values()} == {1}, views
    views = {sock: v[0] for sock, v in views.items()}
    screen, host = views[team.screen], views[team.host]
    for view in views.values():
        assert view["phase"] == phase
    assert screen["groups"] == expected_groups(team, layout, people, host=False, wall=True)
    assert host["groups"] == expected_groups(team, layout, people, host=True)
    # The screen never gets a development reason nor the host's "also strong" hint.
    assert "also_strong" not in text_of(screen)
    assert "GOAL-REASON" not in text_of(screen)

    for name in NAMES:
        view = views[team.phone(name)]
        # A phone gets its own group only (with the votes behind it), and no other group.
        assert "groups" not in view
        [mine] = [
            g
            for g in expected_groups(team, layout, people, host=False)
            if name in [p["name"] for p in g["members"]]
        ]
        assert view["group"] == mine
        assert view["goal"] == {"competency": GOALS[name][0], "reason": GOALS[name][1]}
        text = text_of(view)
        assert "also_strong" not in text
        # Only their own development reason; not their partner's, not anyone else's.
        assert [o for o in NAMES if f"GOAL-REASON-{o.upper()}" in text] == [name]
        # Nor the goals of the members outside their group.
        outside = [o for o in NAMES if o not in [p["name"] for p in mine["members"]]]
        for other in outside:
            assert f'"goal": "{GOALS[other][0]}"' not in text
    return views


# --- the sentences, as the pages build them ----------------------------------------


@pytest.fixture
def js(browser, app):
    """The pages' own modules, run in Chromium (see ``browser_support.PageCode``)."""
    code = PageCode(browser, app)
    yield code
    code.close()


def served(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


def page_data(html: str) -> dict:
    return json.loads(re.search(r">(.*)</script>", PAGE_DATA.search(html).group(0), re.S)[1])


def pages_in(team, lang: str) -> dict[str, str]:
    """The HTML of the host, screen and member (Ann's) pages, asked for in ``lang``."""
    hosted, ann = team.hosted, team.member("Ann")
    hosted.host.set_cookie("lang", lang)
    ann.client.set_cookie("lang", lang)
    return {
        "host": served(hosted.host, f"/s/{hosted.public_id}/host"),
        "screen": served(team.actions.new_client(lang), f"/screen/{hosted.screen_key}"),
        "member": served(ann.client, f"/s/{hosted.public_id}/me"),
    }


def dutch_pages(team) -> dict[str, str]:
    return pages_in(team, "nl")


# Each member's line in the groups of a snapshot, by name: what the page shows for them.
COACH_LINES = """(live, groups) => Object.fromEntries(groups.flatMap((group) =>
  group.members.map((person) => [person.name, live.coachLine(person, group)])))"""
WALL_LINES = """(board, groups) => Object.fromEntries(groups.flatMap((group) =>
  group.members.map((person) => [person.name, board.wallLine(person)])))"""
# host.js shows the hint only when someone else is strong in the goal.
ALSO_LINES = """(live, groups) => Object.fromEntries(groups.flatMap((group) =>
  group.members.map((p) => [p.name, p.also_strong.length ? live.alsoLine(p) : null])))"""


def lines(js: PageCode, html: str, groups: list[dict]) -> dict[str, str]:
    """``coachLine`` of live.js: the line under each member of a duo (host and phones)."""
    return js.load(html).call("live.js", COACH_LINES, groups)


def wall_lines(js: PageCode, html: str, groups: list[dict]) -> dict[str, str]:
    """``wallLine`` of board.js: the projector's line per member."""
    return js.load(html).call("board.js", WALL_LINES, groups)


def also_lines(js: PageCode, html: str, groups: list[dict]) -> dict[str, str | None]:
    """``alsoLine`` of live.js: the host's hint under a member (None: no hint)."""
    return js.load(html).call("live.js", ALSO_LINES, groups)


NO_COACH_DEE = (
    "Dee wil beter worden in politiek/bestuurlijk inzicht, maar niemand in het team is "
    "daarvoor gekozen. Idee: kies samen een ander doel, of zoek een coach buiten het team."
)
PROPOSED_LINES = {
    "Ann": "Ann wil beter worden in netwerken. Bram is daarvoor 3 keer gekozen.",
    "Bram": "Bram wil beter worden in lef. Ann is daarvoor 2 keer gekozen.",
    "Cas": "Cas wil beter worden in communicatie. Dee is daarvoor 1 keer gekozen.",
    "Dee": NO_COACH_DEE,
}
PROPOSED_WALL = {
    "Ann": "Ann wil beter worden in netwerken. Bram kan daarbij helpen.",
    "Bram": "Bram wil beter worden in lef. Ann kan daarbij helpen.",
    "Cas": "Cas wil beter worden in communicatie. Dee kan daarbij helpen.",
    "Dee": "Dee wil beter worden in politiek/bestuurlijk inzicht.",
}
PROPOSED_LINES_EN = {
    "Ann": "Ann wants to get better at networking. Bram was chosen 3 times for it.",
    "Bram": "Bram wants to get better at courage. Ann was chosen 2 times for it.",
    "Cas": "Cas wants to get better at communication. Dee was chosen once for it.",
    "Dee": "Dee wants to get better at political insight, but nobody in the team was chosen "
    "for it. Idea: choose another goal together, or look for a coach outside the team.",
}
PROPOSED_WALL_EN = {
    "Ann": "Ann wants to get better at networking. Bram can help.",
    "Bram": "Bram wants to get better at courage. Ann can help.",
    "Cas": "Cas wants to get better at communication. Dee can help.",
    "Dee": "Dee wants to get better at political insight.",
}
SWAPPED_WALL = {
    "Ann": "Ann wil beter worden in netwerken. Cas kan daarbij helpen.",
    "Cas": "Cas wil beter worden in communicatie.",
    "Bram": "Bram wil beter worden in lef.",
    "Dee": "Dee wil beter worden in politiek/bestuurlijk inzicht.",
}
SWAPPED_LINES = {
    "Ann": "Ann wil beter worden in netwerken. Cas is daarvoor 2 keer gekozen.",
    "Cas": "Cas wil beter worden in communicatie, maar niemand in deze groep is daarvoor "
    "gekozen. Anderen in het team wel.",
    "Bram": "Bram wil beter worden in lef, maar niemand in deze groep is daarvoor gekozen. "
    "Anderen in het team wel.",
    "Dee": NO_COACH_DEE,
}


# --- the texts ----------------------------------------------------------------------


DUTCH = {
    "coach_reason_one": (
        "%(name)s wil beter worden in %(goal)s. %(coach)s is daarvoor 1 keer gekozen."
    ),
    "coach_reason_other": (
        "%(name)s wil beter worden in %(goal)s. %(coach)s is daarvoor %(n)d keer gekozen."
    ),
    "no_coach": (
        "%(name)s wil beter worden in %(goal)s, maar niemand in het team is daarvoor gekozen. "
        "Idee: kies samen een ander doel, of zoek een coach buiten het team."
    ),
    "no_coach_group": (
        "%(name)s wil beter worden in %(goal)s, maar niemand in deze groep is daarvoor "
        "gekozen. Anderen in het team wel."
    ),
    "alone_in_group": "%(name)s zit nog niet in een duo.",
    "no_goal": "%(name)s heeft nog niets gekozen.",
}


def test_the_reason_texts_exist_in_dutch(app):
    with app.test_request_context(), force_locale("nl"):
        strings = client_text.strings(client_text.HOST)
        names = {c.key: gettext(c.name) for c in COMPETENCIES}
    assert {key: strings[key] for key in DUTCH} == DUTCH
    assert strings["also_strong"] == "Ook hiervoor gekozen: %(names)s"
    assert (names["netwerken"], names["lef"], names["communicatie"]) == (
        "Netwerken",
        "Lef",
        "Communicatie",
    )
    # English is the source; the Dutch above really is a translation of it.
    with app.test_request_context(), force_locale("en"):
        english = client_text.strings()
    assert english["coach_reason_other"] == (
        "%(name)s wants to get better at %(goal)s. %(coach)s was chosen %(n)d times for it."
    )


def test_every_page_gets_the_dutch_reason_texts(team):
    pages = {role: page_data(html) for role, html in dutch_pages(team).items()}
    for page in pages.values():
        assert {key: page["strings"][key] for key in DUTCH} == DUTCH
        assert {c["key"]: c["name"] for c in page["competencies"]}["netwerken"] == "Netwerken"
    # The "also strong" hint is the host's only.
    assert pages["host"]["strings"]["also_strong"] == "Ook hiervoor gekozen: %(names)s"
    assert "also_strong" not in pages["screen"]["strings"]
    assert "also_strong" not in pages["member"]["strings"]


# --- the proposal -------------------------------------------------------------------


@pytest.mark.browser
def test_each_duo_comes_with_its_reason_on_the_screen_host_and_phones(team, js):
    assert team.host_act("start_pairing") == {"ok": True}
    views = check_everyone(team, PROPOSED, PROPOSED_PEOPLE)

    pages = dutch_pages(team)
    assert wall_lines(js, pages["screen"], views[team.screen]["groups"]) == PROPOSED_WALL
    assert lines(js, pages["host"], views[team.host]["groups"]) == PROPOSED_LINES
    for name in NAMES:
        group = views[team.phone(name)]["group"]
        partner_lines = lines(js, pages["member"], [group])
        assert partner_lines == {p["name"]: PROPOSED_LINES[p["name"]] for p in group["members"]}
    # The phones of Ann and Bram: who coaches whom, both ways.
    assert lines(js, pages["member"], [views[team.phone("Ann")]["group"]]) == {
        "Ann": PROPOSED_LINES["Ann"],
        "Bram": PROPOSED_LINES["Bram"],
    }

    # The same sentences in English, on the English pages.
    english = pages_in(team, "en")
    assert lines(js, english["host"], views[team.host]["groups"]) == PROPOSED_LINES_EN
    assert lines(js, english["member"], [views[team.phone("Dee")]["group"]]) == {
        "Cas": PROPOSED_LINES_EN["Cas"],
        "Dee": PROPOSED_LINES_EN["Dee"],
    }
    assert wall_lines(js, english["screen"], views[team.screen]["groups"]) == PROPOSED_WALL_EN

    # Dee's partner is never presented as strong: no coach, and nobody elsewhere either.
    dee = next(p for g in views[team.host]["groups"] for p in g["members"] if p["name"] == "Dee")
    assert dee["coach"] is None and dee["strong_elsewhere"] is False


@pytest.mark.browser
def test_the_host_sees_who_else_is_strong_in_each_goal(team, js):
    assert team.host_act("start_pairing") == {"ok": True}
    views = check_everyone(team, PROPOSED, PROPOSED_PEOPLE)
    hints = also_lines(js, dutch_pages(team)["host"], views[team.host]["groups"])
    assert hints == {
        "Ann": "Ook hiervoor gekozen: Cas (2 keer gekozen)",
        "Bram": "Ook hiervoor gekozen: Cas (1 keer gekozen)",
        "Cas": "Ook hiervoor gekozen: Bram (1 keer gekozen)",
        "Dee": None,
    }
    host_people = {p["name"]: p for g in views[team.host]["groups"] for p in g["members"]}
    assert {n: p["reason"] for n, p in host_people.items()} == {n: r for n, (_, r) in GOALS.items()}


# --- the facilitator changes the groups -------------------------------------------------


@pytest.mark.browser
def test_a_swap_updates_reasons_and_warnings_for_everyone(team, js):
    assert team.host_act("start_pairing") == {"ok": True}
    check_everyone(team, PROPOSED, PROPOSED_PEOPLE)
    member_ids = ids(team)

    ack = team.host_act(
        "swap_members", {"member_id": member_ids["Bram"], "other_id": member_ids["Cas"]}
    )
    assert ack == {"ok": True}
    views = check_everyone(team, SWAPPED, SWAPPED_PEOPLE)
    pages = dutch_pages(team)
    assert wall_lines(js, pages["screen"], views[team.screen]["groups"]) == SWAPPED_WALL
    assert lines(js, pages["host"], views[team.host]["groups"]) == SWAPPED_LINES
    for name in NAMES:
        group = views[team.phone(name)]["group"]
        assert lines(js, pages["member"], [group]) == {
            p["name"]: SWAPPED_LINES[p["name"]] for p in group["members"]
        }
    # No-coach-in-the-group (others in the team are strong) vs no-coach-in-the-team.
    people = {p["name"]: p for g in views[team.host]["groups"] for p in g["members"]}
    assert (people["Cas"]["coach"], people["Cas"]["strong_elsewhere"]) == (None, True)
    assert (people["Dee"]["coach"], people["Dee"]["strong_elsewhere"]) == (None, False)
    hints = also_lines(js, pages["host"], views[team.host]["groups"])
    assert hints == {
        "Ann": "Ook hiervoor gekozen: Bram (3 keer gekozen)",
        "Cas": "Ook hiervoor gekozen: Bram (1 keer gekozen), Dee (1 keer gekozen)",
        "Bram": "Ook hiervoor gekozen: Ann (2 keer gekozen), Cas (1 keer gekozen)",
        "Dee": None,
    }


@pytest.mark.browser
def test_moves_update_reasons_live_and_nobody_may_be_left_alone(team, js):
    assert team.host_act("start_pairing") == {"ok": True}
    check_everyone(team, PROPOSED, PROPOSED_PEOPLE)
    member_ids = ids(team)
    assert team.host_act(
        "swap_members", {"member_id": member_ids["Bram"], "other_id": member_ids["Cas"]}
    ) == {"ok": True}
    check_everyone(team, SWAPPED, SWAPPED_PEOPLE)
    first = team.load().members[0].group_no  # Ann's group, now with Cas

    # Dee to a group of her own: Bram and Dee are alone.
    assert team.host_act("move_member", {"member_id": member_ids["Dee"], "group": "new"}) == {
        "ok": True
    }
    # Nobody's coach changes: Bram and Dee had none in the group before either.
    views = check_everyone(team, [["Ann", "Cas"], ["Bram"], ["Dee"]], SWAPPED_PEOPLE)
    assert [g["number"] for g in views[team.screen]["groups"]] == [first, first + 1, first + 2]
    pages = dutch_pages(team)
    assert lines(js, pages["host"], views[team.host]["groups"]) == {
        **SWAPPED_LINES,
        "Bram": "Bram zit nog niet in een duo.",
        "Dee": "Dee zit nog niet in een duo.",
    }
    assert wall_lines(js, pages["screen"], views[team.screen]["groups"]) == SWAPPED_WALL
    assert team.host_act("confirm_duos") == {
        "ok": False,
        "error": "Not in a duo yet: Bram, Dee. Move everyone into a group first.",
    }
    assert team.load().phase == "pairing"
    for sock in team.everyone():
        assert received(sock) == []

    # Dee joins Ann and Cas: a trio where Cas now has a coach (Dee, 1 vote).
    assert team.host_act("move_member", {"member_id": member_ids["Dee"], "group": first}) == {
        "ok": True
    }
    trio = {
        "Ann": ("Cas", 2, True, [("Bram", 3)]),
        "Cas": ("Dee", 1, True, [("Bram", 1)]),
        "Dee": (None, 0, False, []),
        "Bram": (None, 0, True, [("Ann", 2), ("Cas", 1)]),
    }
    views = check_everyone(team, [["Ann", "Cas", "Dee"], ["Bram"]], trio)
    assert [g["label"] for g in views[team.screen]["groups"]] == [1, 2]
    assert lines(js, pages["host"], views[team.host]["groups"]) == {
        "Ann": SWAPPED_LINES["Ann"],
        "Cas": "Cas wil beter worden in communicatie. Dee is daarvoor 1 keer gekozen.",
        "Dee": NO_COACH_DEE,
        "Bram": "Bram zit nog niet in een duo.",
    }

    # Moves that make no sense change nothing and push nothing.
    for data in [
        {"member_id": member_ids["Bram"], "group": first + 7},
        {"member_id": member_ids["Bram"], "group": "old"},
        {"member_id": member_ids["Bram"], "group": True},
        {"member_id": 10_000, "group": first},
    ]:
        assert team.host_act("move_member", data)["ok"] is False, data
    assert (
        team.host_act("swap_members", {"member_id": member_ids["Bram"], "other_id": 10_000})["ok"]
        is False
    )
    assert stored_layout(team) == [["Ann", "Cas", "Dee"], ["Bram"]]
    for sock in team.everyone():
        assert received(sock) == []


def test_confirming_fixes_the_duos_on_every_phone(team):
    assert team.host_act("start_pairing") == {"ok": True}
    check_everyone(team, PROPOSED, PROPOSED_PEOPLE)
    member_ids = ids(team)
    # The facilitator prefers other duos, warnings and all, and confirms those.
    assert team.host_act(
        "swap_members", {"member_id": member_ids["Bram"], "other_id": member_ids["Cas"]}
    ) == {"ok": True}
    check_everyone(team, SWAPPED, SWAPPED_PEOPLE)

    assert team.host_act("confirm_duos") == {"ok": True}
    views = check_everyone(team, SWAPPED, SWAPPED_PEOPLE, phase="closed")
    assert team.load().phase == "closed"
    partners = {}
    for name in NAMES:
        group = views[team.phone(name)]["group"]
        partners[name] = [p["name"] for p in group["members"] if p["name"] != name]
        assert views[team.phone(name)]["phase"] == "closed"
    assert partners == {"Ann": ["Cas"], "Cas": ["Ann"], "Bram": ["Dee"], "Dee": ["Bram"]}

    # Fixed: no more moving, swapping or confirming, and nobody is sent anything.
    for event, data in [
        ("move_member", {"member_id": member_ids["Ann"], "group": "new"}),
        ("swap_members", {"member_id": member_ids["Ann"], "other_id": member_ids["Bram"]}),
        ("confirm_duos", {}),
        ("start_pairing", {}),
    ]:
        assert team.host_act(event, data) == {
            "ok": False,
            "error": "That is not possible at this step of the session.",
        }, event
    assert stored_layout(team) == SWAPPED
    for sock in team.everyone():
        assert received(sock) == []

    # A phone that reconnects after the end still gets its final duo.
    again = team.actions.member_socket(team.member("Dee"))
    [view] = states(again)
    assert view["phase"] == "closed"
    assert [p["name"] for p in view["group"]["members"]] == ["Bram", "Dee"]
    assert view["group"] == views[team.phone("Dee")]["group"]


# --- a member without a goal ----------------------------------------------------------


@pytest.mark.browser
def test_a_member_without_a_goal_is_not_given_a_coach(actions, js):
    team = actions.team(NAMES)
    play_planned_rounds(team)
    team.set_goals({n: GOALS[n] for n in ("Ann", "Bram", "Cas")})  # Dee chooses nothing
    team.flush()
    assert team.host_act("start_pairing") == {"ok": True}
    screen = states(team.screen)[-1]
    people = {p["name"]: p for g in screen["groups"] for p in g["members"]}
    assert people["Dee"] == {
        "id": team.member("Dee").member_id,
        "name": "Dee",
        "goal": None,
        "coach": None,
    }
    host = states(team.host)[-1]
    [dee] = [p for g in host["groups"] for p in g["members"] if p["name"] == "Dee"]
    assert (dee["reason"], dee["also_strong"]) == (None, [])
    pages = dutch_pages(team)
    [group] = [g for g in host["groups"] if "Dee" in [p["name"] for p in g["members"]]]
    assert lines(js, pages["host"], [group])["Dee"] == "Dee heeft nog niets gekozen."
    assert wall_lines(js, pages["screen"], screen["groups"])["Dee"] == "Dee"
    assert states(team.phone("Dee"))[-1]["goal"] is None


# --- ties ---------------------------------------------------------------------------


def test_a_tie_in_a_trio_names_the_same_coach_on_the_phone_and_in_the_result(actions):
    """Two groupmates with as many votes for Zoe's goal: the one who joined first coaches
    (pairing.coach_of: "ties: smallest id"), on the screen, on her phone and on her result.

    Ids 9 and 10 make sure the tie is not broken by comparing ids as text ("10" < "9").
    """
    other = actions.create_session("Another team")
    for n in range(8):  # ids 1..8 go to another session: Xan gets 9, Yara 10, Zoe 11
        actions.join(other, f"Other {n}")
    team = actions.team(["Xan", "Yara", "Zoe"])
    assert [m.member_id for m in team.members] == [9, 10, 11]
    plan = {
        "Xan": {"Yara": ("lef", "creativiteit"), "Zoe": ("samenwerken", "creativiteit")},
        "Yara": {"Xan": ("lef", "signaleren"), "Zoe": ("signaleren", "communicatie")},
        "Zoe": {"Xan": ("netwerken", "sensitiviteit"), "Yara": ("netwerken", "sensitiviteit")},
    }
    assert team.host_act("start_rounds") == {"ok": True}
    by_id = {m.member_id: m.name for m in team.members}
    while True:
        round_ = team.load().current_round
        for voter, chosen in plan[by_id[round_.central_member_id]].items():
            assert Actions.pick(team.phone(voter), round_.id, chosen, "why") == {"ok": True}
        assert team.host_act("reveal", {"round_id": round_.id}) == {"ok": True}
        if not exercise.pending_rounds(team.load()):
            break
        assert team.host_act("next_round", {"round_id": round_.id}) == {"ok": True}
    assert team.host_act("start_development") == {"ok": True}
    team.set_goals({"Xan": ("netwerken", "x"), "Yara": ("sensitiviteit", "y"), "Zoe": ("lef", "z")})
    votes = exercise.votes_received(team.load())
    assert (votes[9]["lef"], votes[10]["lef"]) == (1, 1)
    assert team.host_act("start_pairing") == {"ok": True}
    assert team.host_act("confirm_duos") == {"ok": True}

    zoe = team.member("Zoe")
    result = zoe.client.get(f"/s/{team.hosted.public_id}/me/result")
    assert result.status_code == 200
    assert "Xan was chosen 1 time for courage." in result.text  # the result page: the first to join
    [zoe_view] = [
        p for p in states(team.phone("Zoe"))[-1]["group"]["members"] if p["name"] == "Zoe"
    ]
    [screen_view] = [
        p for g in states(team.screen)[-1]["groups"] for p in g["members"] if p["name"] == "Zoe"
    ]
    assert zoe_view["coach"] == {"id": 9, "name": "Xan", "votes": 1}
    assert screen_view["coach"] == {"id": 9, "name": "Xan"}  # the wall shows no votes
