"""The self-view: the individual exercise (3 qualities that fit me, 3 I want to develop) and
the self-check statements of a development goal, next to what the team chose.

Pure rules, like ``exercise``: no Flask, no database. A broken rule raises
``exercise.RuleError`` with an English message id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from session_app.content import BY_KEY, N_
from session_app.content.statements import (
    LEARNING_POINT_KEYS,
    SCALE_KEYS,
    STATEMENTS,
    STATEMENTS_PER_COMPETENCY,
)
from session_app.exercise import RuleError
from session_app.shapes import SessionLike

SELF_CHOICES = 3
# Choosing is possible until the development step starts; after that the choice is what the
# member compares with. (Showing it or not can change at any time: that is consent.)
SELF_VIEW_PHASES = ("lobby", "rounds")


def _keys(raw: object) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(k, str) and k in BY_KEY for k in raw):
        raise RuleError(N_("Choose a quality from the list."))
    if len(raw) not in (0, SELF_CHOICES):
        raise RuleError(N_("Choose three qualities, or none."))
    if len(set(raw)) != len(raw):
        raise RuleError(N_("Choose three different qualities."))
    return list(raw)


def validate_self_view(fits: object, develops: object) -> tuple[list[str], list[str]]:
    """0 or 3 different qualities that fit me, 0 or 3 I want to develop, none in both lists.

    The source's exercise asks for qualities that are "further from you" to develop, so a
    quality cannot be both: a member who ticks it twice is asked to choose.
    """
    fits_keys, develop_keys = _keys(fits), _keys(develops)
    if set(fits_keys) & set(develop_keys):
        raise RuleError(N_("A quality cannot be in both lists. Choose it in one of them."))
    return fits_keys, develop_keys


def check_can_set_self_view(session: SessionLike) -> None:
    if session.phase not in SELF_VIEW_PHASES:
        raise RuleError(N_("Your own choice can no longer change at this step."))


def join_keys(keys: Sequence[str]) -> str | None:
    """How a list of keys is stored: comma separated, or NULL when empty."""
    return ",".join(keys) or None


def split_keys(stored: str | None) -> list[str]:
    return [k for k in (stored or "").split(",") if k in BY_KEY]


def validate_ratings(raw: object) -> list[str | None]:
    """The answers to the 4 statements of the goal: a scale key or None (not answered)."""
    if raw is None:
        return [None] * STATEMENTS_PER_COMPETENCY
    if not isinstance(raw, list) or len(raw) != STATEMENTS_PER_COMPETENCY:
        raise RuleError(N_("That did not work. Nothing was changed. Try again."))
    if not all(r is None or (isinstance(r, str) and r in SCALE_KEYS) for r in raw):
        raise RuleError(N_("That did not work. Nothing was changed. Try again."))
    return list(raw)


def join_ratings(ratings: Sequence[str | None]) -> str | None:
    if not any(ratings):
        return None
    return ",".join(r or "" for r in ratings)


def split_ratings(stored: str | None) -> list[str | None]:
    parts = (stored or "").split(",")
    if len(parts) != STATEMENTS_PER_COMPETENCY:
        return [None] * STATEMENTS_PER_COMPETENCY
    return [p if p in SCALE_KEYS else None for p in parts]


def learning_points(goal: str | None, ratings: Sequence[str | None]) -> list[str]:
    """The goal's statements answered "a bit true" or "not true" (English msgids)."""
    if goal not in STATEMENTS:
        return []
    return [
        text
        for text, rating in zip(STATEMENTS[goal], ratings, strict=False)
        if rating in LEARNING_POINT_KEYS
    ]


def compare(fits: Sequence[str], votes: Mapping[str, int]) -> dict[str, list[str]]:
    """What I chose for myself next to what the team chose for me (a quality with a vote).

    ``both``: I saw it and so did the team; ``team_only``: the team saw it in me;
    ``self_only``: I saw it, the team did not (yet). Team qualities by votes, most first;
    my own in the order I chose them.
    """
    team = sorted(
        (k for k, n in votes.items() if n > 0 and k in BY_KEY),
        key=lambda k: (-votes[k], BY_KEY[k].number),
    )
    mine = set(fits)
    return {
        "both": [k for k in team if k in mine],
        "team_only": [k for k in team if k not in mine],
        "self_only": [k for k in fits if votes.get(k, 0) <= 0],
    }
