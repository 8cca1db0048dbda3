"""'Ik vertel het zelf': a member may say a reason aloud in the room instead of typing it."""

from __future__ import annotations

import pytest
from helpers import rules_pick, rules_session

from session_app import exercise
from session_app.exercise import TOLD, RuleError


def test_a_told_reason_needs_no_text_and_a_typed_one_wins():
    picks = exercise.validate_picks(
        [
            {"competency": "lef", "told": True},
            {"competency": "netwerken", "reason": "Kent iedereen", "told": True},
        ]
    )
    assert picks == [("lef", TOLD), ("netwerken", "Kent iedereen")]
    assert exercise.validate_picks(
        [
            {"competency": "lef", "reason": "  ", "told": True},
            {"competency": "samenwerken", "reason": "x"},
        ]
    )[0] == ("lef", TOLD)


@pytest.mark.parametrize(
    "item, message",
    [
        ({"competency": "lef", "reason": ""}, "Write why"),  # empty, not marked: as before
        ({"competency": "lef"}, "Write why"),
        ({"competency": "lef", "reason": "", "told": False}, "Write why"),
        ({"competency": "lef", "reason": "", "told": "yes"}, "did not work"),
        ({"competency": "lef", "told": 1}, "did not work"),
        ({"competency": "lef", "reason": 5, "told": True}, "Type some text|Write why"),
    ],
)
def test_an_empty_reason_that_is_not_told_is_refused(item, message):
    with pytest.raises(RuleError, match=message):
        exercise.validate_picks([item, {"competency": "netwerken", "reason": "Kent iedereen"}])


@pytest.mark.parametrize("show_names", [True, False])
def test_a_told_reason_names_its_teller_also_in_an_anonymous_session(show_names):
    s = rules_session(("Ann", "Bob", "Cas"), show_names=show_names)
    round_ = s.rounds[0]
    rules_pick(round_, 2, "lef", TOLD)
    rules_pick(round_, 3, "lef", "Durft", slot=0)
    row = exercise.round_tally(s, round_)[0]
    told = [r for r in row["reasons"] if r.get("told")]
    typed = [r for r in row["reasons"] if not r.get("told")]
    assert told == [{"text": "", "author": "Bob", "told": True}]
    assert typed == [{"text": "Durft", "author": "Cas" if show_names else None}]
