"""The pure rules in session_app.exercise, on model objects that are never stored."""

from __future__ import annotations

import random

import pytest
from helpers import add_rules_member, rules_pick, rules_session

from session_app import exercise
from session_app.content import BY_KEY
from session_app.exercise import RuleError


def started(names=("Ann", "Bob", "Cas")):
    s = rules_session(names)
    exercise.start_rounds(s)
    return s


def order(s) -> list[int]:
    """Central member ids in queue order."""
    return [r.central_member_id for r in sorted(s.rounds, key=lambda r: r.position)]


def states(s) -> dict[int, str]:
    return {r.central_member_id: r.state for r in s.rounds}


# --- phases and rounds -------------------------------------------------------


def test_phases_in_order():
    assert exercise.PHASES == ("lobby", "rounds", "development", "pairing", "closed")


@pytest.mark.parametrize("names", [(), ("Ann",)])
def test_start_rounds_needs_two_members(names):
    s = rules_session(names)
    with pytest.raises(RuleError, match="At least two members"):
        exercise.start_rounds(s)
    assert s.phase == "lobby"
    assert s.current_round_id is None


def test_start_rounds_opens_the_first_round_in_queue_order():
    s = rules_session(("Ann", "Bob", "Cas"))
    exercise.move_round(s, 102, -1)  # Bob first
    exercise.start_rounds(s)
    assert s.phase == "rounds"
    assert s.current_round.central_member_id == 2
    assert states(s) == {1: "pending", 2: "open", 3: "pending"}


@pytest.mark.parametrize("phase", ["rounds", "development", "pairing", "closed"])
def test_start_rounds_only_from_the_lobby(phase):
    s = rules_session(phase=phase)
    with pytest.raises(RuleError, match="not possible at this step"):
        exercise.start_rounds(s)
    assert s.phase == phase


def test_reveal_the_open_round_once():
    s = started()
    exercise.reveal(s, 101)
    assert states(s)[1] == "revealed"
    with pytest.raises(RuleError, match="already been revealed"):
        exercise.reveal(s, 101)


@pytest.mark.parametrize("round_id", [102, None, "101", 999])
def test_reveal_refuses_a_round_that_is_not_current(round_id):
    s = started()
    with pytest.raises(RuleError, match="moved on"):
        exercise.reveal(s, round_id)
    assert states(s) == {1: "open", 2: "pending", 3: "pending"}


def test_reveal_outside_the_rounds():
    s = rules_session()
    with pytest.raises(RuleError, match="not possible at this step"):
        exercise.reveal(s, 101)


def test_next_round_needs_a_reveal_first_then_opens_the_next_in_order():
    s = started()
    with pytest.raises(RuleError, match="Reveal this round first"):
        exercise.next_round(s, 101)
    exercise.reveal(s, 101)
    exercise.next_round(s, 101)
    assert s.current_round_id == 102
    assert states(s) == {1: "revealed", 2: "open", 3: "pending"}


def test_next_round_after_the_last_round():
    s = started(("Ann", "Bob"))
    exercise.reveal(s, 101)
    exercise.next_round(s, 101)
    exercise.reveal(s, 102)
    with pytest.raises(RuleError, match="Every member has had a turn"):
        exercise.next_round(s, 102)
    assert s.current_round_id == 102


def test_next_round_without_a_current_round():
    """When the central member was removed, the host goes on with ``round_id`` None."""
    s = started()
    s.rounds.remove(s.current_round)
    s.current_round_id = None
    exercise.next_round(s, None)
    assert s.current_round_id == 102


def test_skip_puts_the_round_at_the_end_and_keeps_the_answers():
    s = started()
    kept = rules_pick(s.current_round, voter_id=2, competency="lef")
    exercise.skip_round(s, 101)
    assert order(s) == [2, 3, 1]
    assert states(s) == {1: "pending", 2: "open", 3: "pending"}
    assert s.current_round_id == 102
    skipped = next(r for r in s.rounds if r.id == 101)
    assert skipped.picks == [kept]


def test_a_members_own_round_state_says_when_it_was_moved_or_missed():
    s = rules_session(("Ann", "Bob", "Cas"))
    assert exercise.own_round_state(s, 1) == "waiting"
    exercise.start_rounds(s)
    assert [exercise.own_round_state(s, m) for m in (1, 2)] == ["open", "waiting"]
    exercise.skip_round(s, 101)  # Ann is away: her round goes to the end
    assert [exercise.own_round_state(s, m) for m in (1, 2)] == ["later", "open"]
    exercise.reveal(s, 102)
    assert exercise.own_round_state(s, 2) == "revealed"
    exercise.next_round(s, 102)
    exercise.reveal(s, 103)
    exercise.start_development(s)  # Ann's round never came back
    assert [exercise.own_round_state(s, m) for m in (1, 2, 3)] == ["missed", "revealed", "revealed"]


def test_skip_refuses_a_revealed_round_and_the_last_round():
    s = started(("Ann", "Bob"))
    exercise.reveal(s, 101)
    with pytest.raises(RuleError, match="already been revealed"):
        exercise.skip_round(s, 101)
    exercise.next_round(s, 101)
    with pytest.raises(RuleError, match="no other round"):
        exercise.skip_round(s, 102)
    assert states(s) == {1: "revealed", 2: "open"}


def test_move_round_swaps_with_its_neighbour():
    s = rules_session(("Ann", "Bob", "Cas"))
    exercise.move_round(s, 103, -1)
    assert order(s) == [1, 3, 2]
    exercise.move_round(s, 101, 1)
    assert order(s) == [3, 1, 2]


def test_move_round_at_the_edge_changes_nothing():
    s = rules_session(("Ann", "Bob", "Cas"))
    exercise.move_round(s, 101, -1)
    exercise.move_round(s, 103, 1)
    assert order(s) == [1, 2, 3]


def test_move_round_only_moves_waiting_rounds():
    s = started()
    with pytest.raises(RuleError, match="already started"):
        exercise.move_round(s, 101, 1)
    with pytest.raises(RuleError, match="already started"):
        exercise.move_round(s, 999, 1)
    assert order(s) == [1, 2, 3]


@pytest.mark.parametrize("direction", [0, 2, -2, "1", None, 0.5])
def test_move_round_refuses_odd_directions(direction):
    s = rules_session()
    with pytest.raises(RuleError):
        exercise.move_round(s, 102, direction)
    assert order(s) == [1, 2, 3]


@pytest.mark.parametrize("phase", ["development", "pairing", "closed"])
def test_order_is_fixed_after_the_rounds(phase):
    s = rules_session(phase=phase)
    with pytest.raises(RuleError):
        exercise.move_round(s, 102, -1)
    with pytest.raises(RuleError):
        exercise.shuffle_rounds(s, random.Random(1))
    assert order(s) == [1, 2, 3]


def test_shuffle_mixes_only_the_waiting_rounds():
    s = started([f"M{n}" for n in range(1, 9)])
    exercise.reveal(s, 101)
    exercise.next_round(s, 101)  # M1 revealed, M2 open, M3..M8 waiting
    positions_before = sorted(r.position for r in s.rounds)
    exercise.shuffle_rounds(s, random.Random(7))
    assert sorted(r.position for r in s.rounds) == positions_before
    assert order(s)[:2] == [1, 2]
    assert sorted(order(s)[2:]) == [3, 4, 5, 6, 7, 8]
    assert order(s)[2:] != [3, 4, 5, 6, 7, 8]  # this seed does mix them
    assert states(s)[1] == "revealed" and states(s)[2] == "open"


def test_shuffle_is_repeatable_with_a_seed():
    first, second = (
        rules_session([f"M{n}" for n in range(6)]),
        rules_session([f"M{n}" for n in range(6)]),
    )
    exercise.shuffle_rounds(first, random.Random(3))
    exercise.shuffle_rounds(second, random.Random(3))
    assert order(first) == order(second)


def test_a_late_joiner_gets_a_round_at_the_end():
    s = started()
    exercise.skip_round(s, 101)  # positions are now 2, 3, 4
    add_rules_member(s, "Dee")
    assert order(s) == [2, 3, 1, 4]


def test_voters_are_everyone_but_the_central_member():
    s = started()
    assert [m.id for m in exercise.voters(s, s.current_round)] == [2, 3]


def test_check_can_pick():
    s = started()
    ann, bob = s.members[0], s.members[1]
    exercise.check_can_pick(s, s.current_round, bob, 101)
    with pytest.raises(RuleError, match="your own round"):
        exercise.check_can_pick(s, s.current_round, ann, 101)
    with pytest.raises(RuleError, match="moved on"):
        exercise.check_can_pick(s, s.current_round, bob, 102)
    with pytest.raises(RuleError, match="moved on"):
        exercise.check_can_pick(s, None, bob, 101)
    exercise.reveal(s, 101)
    with pytest.raises(RuleError, match="Answers can no longer change"):
        exercise.check_can_pick(s, s.current_round, bob, 101)
    s.phase = "development"
    with pytest.raises(RuleError, match="not possible at this step"):
        exercise.check_can_pick(s, s.current_round, bob, 101)


def test_start_development_after_a_reveal():
    s = started()
    with pytest.raises(RuleError, match="Reveal this round first, or skip it"):
        exercise.start_development(s)
    exercise.reveal(s, 101)
    exercise.start_development(s)  # rounds still waiting: the facilitator decides
    assert s.phase == "development"
    assert s.current_round_id is None
    exercise.check_can_set_goal(s)


@pytest.mark.parametrize("phase", ["lobby", "rounds", "pairing", "closed"])
def test_goals_only_in_the_development_step(phase):
    with pytest.raises(RuleError, match="not possible at this step"):
        exercise.check_can_set_goal(rules_session(phase=phase))


# --- validating picks --------------------------------------------------------


def two(first="lef", second="netwerken", reason_1="Brave.", reason_2="Knows people."):
    return [{"competency": first, "reason": reason_1}, {"competency": second, "reason": reason_2}]


def test_valid_picks_are_trimmed():
    assert exercise.validate_picks(two(reason_1="  Brave  ", reason_2="\tKnows   people.\n")) == [
        ("lef", "Brave"),
        ("netwerken", "Knows people."),
    ]


def test_reasons_lose_control_characters_but_keep_lines_and_emoji():
    reason = "Kind\x00 to\x07 all\u200b\r\n\r\n\r\n\r\nüñí 👩\u200d👩\u200d👧 ok\ufeff"
    [(_, cleaned), _] = exercise.validate_picks(two(reason_1=reason))
    assert cleaned == "Kind to all\n\nüñí 👩\u200d👩\u200d👧 ok"


def test_a_reason_of_280_characters_fits_after_trimming():
    reason = "  " + "x" * 280 + "  "
    [(_, cleaned), _] = exercise.validate_picks(two(reason_1=reason))
    assert cleaned == "x" * 280


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "exactly two"),
        ("lef,netwerken", "exactly two"),
        ({"competency": "lef", "reason": "x"}, "exactly two"),
        ([], "exactly two"),
        (two()[:1], "exactly two"),
        ([*two(), {"competency": "lef", "reason": "x"}], "exactly two"),
        (["lef", "netwerken"], "exactly two"),
        ([None, None], "exactly two"),
        (two("lef", "lef"), "two different"),
        (two("lef", "courage"), "from the list"),
        (two("LEF", "netwerken"), "from the list"),
        (two(None, "netwerken"), "from the list"),
        (two(1, "netwerken"), "from the list"),
        ([{"reason": "x"}, {"competency": "lef", "reason": "x"}], "from the list"),
        (two(reason_1=""), "why you chose"),
        (two(reason_2="   \n\t "), "why you chose"),
        (two(reason_1="\x00\x01"), "why you chose"),
        (two(reason_1=None), "why you chose"),
        (two(reason_1=12), "why you chose"),
        ([{"competency": "lef"}, {"competency": "netwerken", "reason": "x"}], "why you chose"),
        (two(reason_2="x" * 281), "A reason can be at most"),
    ],
)
def test_invalid_picks(raw, message):
    with pytest.raises(RuleError, match=message):
        exercise.validate_picks(raw)


def test_a_too_long_reason_says_the_limit():
    with pytest.raises(RuleError) as raised:
        exercise.validate_picks(two(reason_1="x" * 281))
    assert raised.value.params == {"max": 280}


def test_every_competency_key_is_accepted():
    keys = list(BY_KEY)
    assert len(keys) == 12
    for first, second in zip(keys, keys[1:] + keys[:1], strict=True):
        assert [c for c, _ in exercise.validate_picks(two(first, second))] == [first, second]


# --- names -------------------------------------------------------------------


def test_clean_name():
    assert exercise.clean_name("  Ann  ") == "Ann"
    assert exercise.clean_name("Ann\nMarie\t de\x00 Vries") == "Ann Marie de Vries"
    assert exercise.clean_name("x" * 30) == "x" * 30
    assert exercise.clean_name("Zoë 👩\u200d🦳") == "Zoë 👩\u200d🦳"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\n\t",
        "\x00\u200b",
        None,
        7,
        ["Ann"],
        # Signs that show nothing: an invisible joiner, fillers, a braille blank, a lone accent.
        "\u200d",
        "\u3164",
        "\u2800",
        "\u0308",
        " \u115f\u1160 ",
        "\uffa0",
    ],
)
def test_clean_name_wants_a_name(raw):
    with pytest.raises(RuleError, match="Fill in your first name"):
        exercise.clean_name(raw)


def test_one_name_typed_two_ways_is_one_name():
    composed, decomposed = "Zo\u00eb", "Zoe\u0308"  # ë as one sign, or e plus ¨
    assert exercise.clean_name(decomposed) == exercise.clean_name(composed) == composed
    s = rules_session((composed, "Bob"))
    add_rules_member(s, exercise.clean_name(decomposed))
    assert exercise.display_names(s.members) == {1: "Zoë (1)", 2: "Bob", 3: "Zoë (2)"}


def test_clean_name_keeps_names_of_signs():
    assert exercise.clean_name("🦊") == "🦊"
    assert exercise.clean_name("J.") == "J."


def test_clean_name_at_most_30_characters():
    with pytest.raises(RuleError, match="too long") as raised:
        exercise.clean_name("x" * 31)
    assert raised.value.params == {"max": 30}


def test_clean_team_name():
    assert exercise.clean_team_name(" Wmo-raad  Oost ") == "Wmo-raad Oost"
    assert exercise.clean_team_name("t" * 60) == "t" * 60
    with pytest.raises(RuleError, match="team name is too long"):
        exercise.clean_team_name("t" * 61)
    with pytest.raises(RuleError, match="name of the team"):
        exercise.clean_team_name(" ")


def test_display_names_number_shared_names_in_joining_order():
    s = rules_session(("Ann", "Bob", "ann", "Cas", "Ann"))
    assert exercise.display_names(s.members) == {
        1: "Ann (1)",
        2: "Bob",
        3: "ann (2)",
        4: "Cas",
        5: "Ann (3)",
    }
    assert exercise.display_names(list(reversed(s.members))) == exercise.display_names(s.members)


def test_display_names_never_show_one_name_twice():
    # Someone typed "Anna (2)" themselves: the second Anna becomes "Anna (3)".
    s = rules_session(("Anna", "Anna", "Anna (2)", "anna (1)"))
    shown = exercise.display_names(s.members)
    assert shown == {1: "Anna (3)", 2: "Anna (4)", 3: "Anna (2)", 4: "anna (1)"}
    assert len({name.casefold() for name in shown.values()}) == 4


def test_display_names_unique_names_unchanged():
    s = rules_session(("Ann", "Bob"))
    assert exercise.display_names(s.members) == {1: "Ann", 2: "Bob"}


# --- results -----------------------------------------------------------------


def test_tally_most_chosen_first_then_profile_order():
    s = started(("Ann", "Bob", "Cas", "Dee"))
    r = s.current_round
    rules_pick(r, 2, "netwerken", "B1", 0)  # number 8
    rules_pick(r, 2, "lef", "B2", 1)  # number 4
    rules_pick(r, 3, "signaleren", "C1", 0)  # number 1
    rules_pick(r, 3, "netwerken", "C2", 1)
    rules_pick(r, 4, "lef", "D1", 0)
    rules_pick(r, 4, "politiek_inzicht", "D2", 1)  # number 12
    names = exercise.display_names(s.members)
    rows = exercise.tally(r.picks, names)
    assert [(row["competency"], row["count"]) for row in rows] == [
        ("lef", 2),
        ("netwerken", 2),
        ("signaleren", 1),
        ("politiek_inzicht", 1),
    ]
    assert rows[0]["reasons"] == [{"text": "B2", "author": "Bob"}, {"text": "D1", "author": "Dee"}]
    assert sum(row["count"] for row in rows) == len(r.picks)


def test_tally_anonymous_has_no_authors():
    s = started()
    rules_pick(s.current_round, 2, "lef", "Brave", 0)
    rules_pick(s.current_round, 2, "netwerken", "Knows all", 1)
    rows = exercise.tally(s.current_round.picks, None)
    assert rows == [
        {"competency": "lef", "count": 1, "reasons": [{"text": "Brave", "author": None}]},
        {"competency": "netwerken", "count": 1, "reasons": [{"text": "Knows all", "author": None}]},
    ]


def test_anonymous_reasons_do_not_follow_the_order_of_the_voters():
    # Voters are listed on the screen in the order they joined: reasons in that same order
    # would tell a small team who wrote what.
    s = started(("Ann", "Bob", "Cas", "Dee"))
    r = s.current_round
    for voter, reason in ((2, "zeker weten"), (3, "Moedig"), (4, "altijd eerlijk")):
        rules_pick(r, voter, "lef", reason, 0)
        rules_pick(r, voter, "netwerken", f"kent iedereen {voter}", 1)
    anonymous = exercise.tally(r.picks, None)
    texts = [x["text"] for x in anonymous[0]["reasons"]]
    assert texts == ["altijd eerlijk", "Moedig", "zeker weten"]
    named = exercise.tally(r.picks, exercise.display_names(s.members))
    assert [x["author"] for x in named[0]["reasons"]] == ["Bob", "Cas", "Dee"]


def test_tally_of_nothing():
    assert exercise.tally([], {}) == []


def test_votes_received_counts_only_revealed_rounds():
    s = started()
    first = s.current_round
    rules_pick(first, 2, "lef", slot=0)
    rules_pick(first, 2, "netwerken", slot=1)
    rules_pick(first, 3, "lef", slot=0)
    rules_pick(first, 3, "samenwerken", slot=1)
    assert exercise.votes_received(s) == {1: {}, 2: {}, 3: {}}  # open: not yet
    exercise.reveal(s, first.id)
    exercise.next_round(s, first.id)
    rules_pick(s.current_round, 1, "signaleren")  # Bob's round is open, not counted
    assert exercise.votes_received(s) == {
        1: {"lef": 2, "netwerken": 1, "samenwerken": 1},
        2: {},
        3: {},
    }


def test_votes_received_ignores_rounds_of_members_who_left():
    s = started()
    rules_pick(s.current_round, 2, "lef")
    exercise.reveal(s, 101)
    s.members.remove(s.members[0])
    assert exercise.votes_received(s) == {2: {}, 3: {}}


def test_groups_in_group_order_without_the_ungrouped():
    s = rules_session(("Ann", "Bob", "Cas", "Dee", "Eve"))
    for member, group_no in zip(s.members, (2, 1, 2, None, 1), strict=True):
        member.group_no = group_no
    assert [[m.id for m in g] for g in exercise.groups(s.members)] == [[2, 5], [1, 3]]
