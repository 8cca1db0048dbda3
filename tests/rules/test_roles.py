"""Who does what (session_app.roles): tasks that fit a member, suggestions per task, names on
tasks, who the team is looking for. Checked against the profile's appendix table itself."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import rules_pick, rules_session

from session_app import members, picture, roles
from session_app.change import Change
from session_app.content import BY_KEY, COMPETENCIES, TASKS
from session_app.exercise import RuleError

# Bijlage 1 as printed, with chapter 1's task numbers (the appendix numbers core task 2's
# tasks in another order; matched by their description, see test_tasks_content.py) and the
# profile's competency numbers. Written out again here so that the rules are checked against
# the source, not against the app's own table.
APPENDIX = {
    "1.1": {1, 3, 8},
    "1.2": {1, 2, 3, 9},
    "1.3": {1, 2, 3, 5, 8},
    "2.1": {12, 2, 5, 9},
    "2.2": {4, 5, 9, 10},
    "2.3": {1, 3, 8, 9, 10},
    "2.4": {6, 12, 8, 9},
    "3.1": {4, 5, 7, 8, 12},
    "3.2": {6, 7, 12, 10, 11},
    "3.3": {1, 2, 3, 7, 8},
    "3.4": {6, 7, 8, 10, 11},
    "3.5": {3, 4, 7, 10, 11},
    "4.1": {1, 2, 9, 10, 11},
}
KEY = {c.number: c.key for c in COMPETENCIES}
NUMBER = {c.key: c.number for c in COMPETENCIES}


def keys(*numbers: int) -> set[str]:
    return {KEY[n] for n in numbers}


def expected_fits(strong: set[str]) -> list[str]:
    """The rule of the issue, straight from the table: strong in at least half of what a
    task needs; best share first, then more qualities, then the task number."""
    mine = {n for n in (NUMBER[k] for k in strong)}
    found = []
    for task, needed in APPENDIX.items():
        hits = len(mine & needed)
        if hits and 2 * hits >= len(needed):
            found.append(
                (-Fraction(hits, len(needed)), -hits, tuple(map(int, task.split("."))), task)
            )
    return [task for *_, task in sorted(found)]


def test_every_set_of_strong_qualities_gets_the_tasks_of_the_appendix():
    for size in range(len(COMPETENCIES) + 1):
        for strong in combinations([c.key for c in COMPETENCIES], size):
            got = roles.fits(strong)
            assert [f.task.key for f in got] == expected_fits(set(strong)), strong
            for fit in got:
                assert {NUMBER[k] for k in fit.strong} == APPENDIX[fit.task.key] & {
                    NUMBER[k] for k in strong
                }


@pytest.mark.parametrize(
    "strong, best",
    [
        # 1.1 needs 1, 3, 8: two of three. 1.2 needs 1, 2, 3, 9: two of four, just half.
        (keys(1, 3), ["1.1", "1.2"]),
        # The share goes first: 3.2 (3 of 5) before 2.4 (2 of 4, an earlier number).
        (keys(6, 7, 12), ["3.2", "2.4"]),
        # A tie of share and count (1.3 and 3.3: 3 of 5) goes by task number; 1.2 (3 of 4)
        # and 1.1 (2 of 3) come first.
        (keys(1, 2, 3), ["1.2", "1.1", "1.3"]),
        # Strong in everything: every task fits wholly; the ones that need most come first.
        (keys(*range(1, 13)), ["1.3", "2.3", "3.1"]),
        # Strong in one quality only: no task needs less than three, so none fits.
        (keys(11), []),
        (set(), []),
    ],
)
def test_the_three_tasks_that_fit_best(strong, best):
    assert [f.task.key for f in roles.fitting_tasks(strong)] == best


def test_a_fit_says_which_of_the_needed_qualities_the_member_is_strong_in():
    (fit,) = [f for f in roles.fits(keys(1, 3)) if f.task.key == "1.1"]
    assert fit.strong == ("signaleren", "communicatie")
    assert fit.share == Fraction(2, 3)


# --- hand-made teams ---------------------------------------------------------------------


def round_of(s, member_id):
    return next(r for r in s.rounds if r.central_member_id == member_id)


def chose(s, central_id, competencies, *, state="revealed"):
    """Every teammate but one chose these qualities for the central member (2 at most each):
    with 3 teammates or more, the central member is strong in all of them."""
    r = round_of(s, central_id)
    r.state = state
    voters = [m.id for m in s.members if m.id != central_id]
    for slot, key in enumerate(competencies):
        for voter in voters[:2]:
            rules_pick(r, voter, key, slot=slot)


def team():
    """Ann (1): signaleren, communicatie, netwerken. Bob (2): signaleren, communicatie.
    Cas (3): nothing (one vote only). Dee (4): a round not shown yet."""
    s = rules_session(("Ann", "Bob", "Cas", "Dee"), phase="closed")
    chose(s, 1, ["signaleren", "communicatie", "netwerken"])
    chose(s, 2, ["signaleren", "communicatie"])
    rules_pick(round_of(s, 3), 1, "lef")
    round_of(s, 3).state = "revealed"
    chose(s, 4, ["lef", "creativiteit", "onderhandelen"], state="open")
    return s


def rows_of(s):
    return picture.team_map(s)


def test_suggestions_per_task_best_fitting_first_then_in_joining_order():
    suggested = roles.suggestions(rows_of(team()))
    assert list(suggested) == [t.key for t in TASKS]
    assert suggested["1.1"] == (1, 2)  # Ann 3 of 3, Bob 2 of 3
    assert suggested["1.2"] == (1, 2)  # both 2 of 4: a tie, by joining order
    assert suggested["2.3"] == (1,)  # 1, 3, 8, 9, 10: Ann has 3 of 5, Bob only 2
    assert suggested["2.2"] == ()  # 4, 5, 9, 10: nobody
    # Ann: 1.1 wholly; 1.3 and 3.3 need 1, 2, 3, 5/7, 8: three of five.
    assert [key for key, ids in suggested.items() if 1 in ids] == [
        "1.1",
        "1.2",
        "1.3",
        "2.3",
        "3.3",
    ]
    assert not any(4 in ids or 3 in ids for ids in suggested.values())


def test_a_round_not_shown_yet_never_counts():
    s = team()
    dee = rows_of(s)[3]
    assert dee.strong_in() == ()
    assert roles.fitting_tasks(dee.strong_in()) == []
    # Once it is shown, Dee is strong in courage, creativity and negotiating: 2.2 fits.
    round_of(s, 4).state = "revealed"
    assert [f.task.key for f in roles.fitting_tasks(rows_of(s)[3].strong_in())] == ["2.2"]


def test_a_removed_member_never_counts():
    s = team()
    s.phase = "pairing"
    members.remove(s, [1])
    suggested = roles.suggestions(rows_of(s))
    assert suggested["1.1"] == (2,)
    assert suggested["1.3"] == ()
    # Ann was the only one strong in networking: the team now looks for it.
    assert "netwerken" in {x.competency for x in roles.sought_competencies(rows_of(s))}


def test_who_we_are_looking_for_is_every_quality_nobody_is_strong_in():
    sought = roles.sought_competencies(rows_of(team()))
    covered = {"signaleren", "communicatie", "netwerken"}
    assert [x.competency for x in sought] == [c.key for c in COMPETENCIES if c.key not in covered]
    by_key = {x.competency: x.tasks for x in sought}
    # Each with exactly the tasks of the appendix that need it.
    for key, tasks in by_key.items():
        assert tasks == tuple(t for t, needed in APPENDIX.items() if NUMBER[key] in needed)
    assert by_key["onderhandelen"] == ("2.4", "3.2", "3.4")
    assert by_key["politiek_inzicht"] == ("2.1", "2.4", "3.1", "3.2")


def test_a_team_strong_in_everything_looks_for_nobody():
    s = rules_session(("Ann", "Bob", "Cas", "Dee", "Eva", "Fay"), phase="closed")
    keys_ = [c.key for c in COMPETENCIES]
    for n, m in enumerate(s.members):
        chose(s, m.id, keys_[2 * n : 2 * n + 2])
    assert roles.sought_competencies(rows_of(s)) == []


def test_a_team_strong_in_nothing_looks_for_every_quality():
    s = rules_session(("Ann", "Bob"), phase="closed")
    sought = roles.sought_competencies(rows_of(s))
    assert [x.competency for x in sought] == [c.key for c in COMPETENCIES]
    assert not any(roles.suggestions(rows_of(s)).values())


# --- names on tasks ----------------------------------------------------------------------


def act(s, rule, **data):
    rule(Change(s, data))


def test_names_on_tasks_many_per_task_and_many_tasks_per_member():
    s = team()
    act(s, roles.assign_task, task="3.3", member_id=2)
    act(s, roles.assign_task, task="1.1", member_id=2)
    act(s, roles.assign_task, task="1.1", member_id=1)
    act(s, roles.assign_task, task="1.1", member_id=1)  # twice: the same
    given = roles.assignments(s.members)
    assert list(given) == [t.key for t in TASKS]
    assert given["1.1"] == (1, 2) and given["3.3"] == (2,)
    assert s.members[1].task_keys == "1.1,3.3"  # in the order of the cycle
    act(s, roles.unassign_task, task="1.1", member_id=2)
    assert roles.assignments(s.members)["1.1"] == (1,)
    act(s, roles.unassign_task, task="3.3", member_id=2)
    assert s.members[1].task_keys is None
    # Anyone may get a task: a suggestion is not a rule (Cas fits nothing).
    act(s, roles.assign_task, task="4.1", member_id=3)
    assert roles.assignments(s.members)["4.1"] == (3,)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"task": "5.1", "member_id": 1}, "task does not exist"),
        ({"task": "2.5", "member_id": 1}, "task does not exist"),
        ({"task": 1.1, "member_id": 1}, "task does not exist"),
        ({"member_id": 1}, "task does not exist"),
        ({"task": "1.1", "member_id": 99}, "already left"),
        ({"task": "1.1", "member_id": "1"}, "already left"),
        ({"task": "1.1", "member_id": True}, "already left"),
    ],
)
def test_a_task_or_member_that_does_not_exist_changes_nothing(data, message):
    s = team()
    act(s, roles.assign_task, task="1.2", member_id=1)
    for rule in (roles.assign_task, roles.unassign_task):
        with pytest.raises(RuleError, match=message):
            act(s, rule, **data)
    assert [m.task_keys for m in s.members] == ["1.2", None, None, None]


def test_names_go_on_tasks_only_after_the_rounds():
    s = team()
    for phase in ("lobby", "rounds"):
        s.phase = phase
        with pytest.raises(RuleError, match="not possible at this step"):
            act(s, roles.assign_task, task="1.1", member_id=1)
    for phase in roles.ASSIGNING_PHASES:
        s.phase = phase
        act(s, roles.assign_task, task="1.1", member_id=1)


def test_a_removed_member_drops_off_their_tasks():
    s = team()
    s.phase = "pairing"
    act(s, roles.assign_task, task="1.1", member_id=1)
    act(s, roles.assign_task, task="1.1", member_id=2)
    gone = next(m for m in s.members if m.id == 1)
    members.remove(s, [1])
    assert gone.task_keys is None
    assert roles.assignments(s.members)["1.1"] == (2,)


def test_unknown_stored_task_keys_are_left_out():
    assert roles.split_tasks("4.1,9.9,,1.1") == ("1.1", "4.1")
    assert roles.split_tasks(None) == ()


# --- the closing slide -------------------------------------------------------------------


def test_the_slide_has_one_part_for_a_small_team_with_the_open_tasks_last():
    steps = roles.slide_steps({"1.1": ["Ann"], "3.2": ["Bob", "Cas"]})
    assert steps == [["1.1", "3.2", roles.OPEN]]
    assert roles.slide_steps({}) == [[roles.OPEN]]
    everything = {t.key: ["Ann"] for t in TASKS}
    assert roles.OPEN not in sum(roles.slide_steps(everything), [])


def test_a_big_team_gets_more_parts_every_task_once_and_in_order():
    names = {t.key: [f"Member{n}" for n in range(6)] for t in TASKS}
    steps = roles.slide_steps(names)
    assert len(steps) > 1
    assert sum(steps, []) == [t.key for t in TASKS]
    for step in steps:
        used = sum(roles._lines(roles.task_chars(k, names[k])) + roles.TASK_GAP_LINES for k in step)
        assert used <= roles.SLIDE_LINES or len(step) == 1


def test_the_longest_title_fits_the_estimate_in_both_languages():
    po = Path(__file__).parents[2] / "session_app/translations/nl/LC_MESSAGES/messages.po"
    with po.open("rb") as f:
        dutch = read_po(f)
    for task in TASKS:
        longest = max(len(task.title), len(dutch[task.title].string))
        assert roles.TITLE_CHARS[task.key] == longest, task.key


def test_the_host_steps_the_slide_and_nothing_else_does():
    s = team()
    names = {m.id: m for m in s.members}
    for key in [t.key for t in TASKS]:
        for m in names.values():
            act(s, roles.assign_task, task=key, member_id=m.id)
    steps = roles.slide_steps(roles.slide_names(s))
    assert len(steps) > 1
    act(s, roles.show_step, step=len(steps) - 1)
    assert s.closing_slide == "roles" and s.roles_step == len(steps) - 1
    for bad in (len(steps), -1, "1", None, True):
        with pytest.raises(RuleError, match="part of the slide does not exist"):
            act(s, roles.show_step, step=bad)
    assert s.roles_step == len(steps) - 1
    # Fewer names: the stored part is kept within the parts there are.
    for key in [t.key for t in TASKS]:
        for m in names.values():
            act(s, roles.unassign_task, task=key, member_id=m.id)
    assert roles.slide_step(s, roles.slide_steps(roles.slide_names(s))) == 0
    s.phase = "pairing"
    with pytest.raises(RuleError, match="not possible at this step"):
        act(s, roles.show_step, step=0)


def test_turning_to_the_slide_starts_at_its_first_part():
    s = team()
    s.closing_slide, s.roles_step = "map", 2
    picture.show_closing_slide(s, "roles")
    assert s.roles_step == 0
    s.roles_step = 1
    picture.show_closing_slide(s, "roles")  # already there: stays
    assert s.roles_step == 1


def test_every_quality_has_a_line_for_a_call_for_volunteers():
    from session_app.content.calls import CALLS

    assert set(CALLS) == set(BY_KEY)
