"""'Liever niet centraal': a member may choose, with no reason asked, not to have a round of
their own; the round waits, left out of the queue and the count, until they change their mind."""

from __future__ import annotations

import pytest
from helpers import rules_session

from session_app import exercise
from session_app.exercise import DECLINED, RuleError


def member(s, name):
    return next(m for m in s.members if m.name == name)


def test_a_declined_round_is_left_out_of_the_queue_and_the_count():
    s = rules_session(("Ann", "Bob", "Cas"))
    exercise.choose_central(s, member(s, "Ann"), False)
    assert exercise.own_round(s, member(s, "Ann")).state == DECLINED
    exercise.start_rounds(s)
    assert s.current_round.central_member_id == member(s, "Bob").id
    assert [r.central_member_id for r in exercise.pending_rounds(s)] == [member(s, "Cas").id]
    assert len(exercise.counted_rounds(s)) == 2


def test_a_member_can_change_their_mind_until_their_round_starts():
    s = rules_session(("Ann", "Bob", "Cas"))
    ann = member(s, "Ann")
    exercise.choose_central(s, ann, False)
    exercise.start_rounds(s)
    exercise.choose_central(s, ann, True)  # during the rounds: back in the queue, in place
    assert exercise.own_round(s, ann).state == "pending"
    assert exercise.pending_rounds(s)[0].central_member_id == ann.id
    bob = member(s, "Bob")  # Bob's round is open: too late for him
    with pytest.raises(RuleError, match="already started"):
        exercise.choose_central(s, bob, False)
    assert exercise.own_round(s, bob).state == "open"


@pytest.mark.parametrize("phase", ["development", "pairing", "closed"])
def test_after_the_rounds_nothing_changes(phase):
    s = rules_session(("Ann", "Bob"), phase=phase)
    with pytest.raises(RuleError, match="already started"):
        exercise.choose_central(s, member(s, "Ann"), False)
    assert exercise.own_round(s, member(s, "Ann")).state == "pending"


@pytest.mark.parametrize("bad", [None, 0, 1, "false", [], {}])
def test_only_a_yes_or_no_is_taken(bad):
    s = rules_session(("Ann", "Bob"))
    with pytest.raises(RuleError, match="did not work"):
        exercise.choose_central(s, member(s, "Ann"), bad)
    assert exercise.own_round(s, member(s, "Ann")).state == "pending"


def test_when_everyone_else_declined_the_rounds_start_without_a_round_open():
    s = rules_session(("Ann", "Bob"))
    for m in s.members:
        exercise.choose_central(s, m, False)
    exercise.start_rounds(s)
    assert s.phase == "rounds" and s.current_round_id is None
    exercise.start_development(s)  # the facilitator can go on
    assert s.phase == "development"
