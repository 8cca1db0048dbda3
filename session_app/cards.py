""" "Mijn kwaliteitenkaart": one A4 per member in easy words with pictograms, to take home.

What the team saw in them (the qualities chosen most, with one reason each), their own
choice of 3 + 3 if they made it, their goal, and their duo or coach. Plain data for the
template; the texts around it are in the template (easy-read, like the phone's easy mode).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext

from session_app import selfview
from session_app.content import BY_KEY, N_
from session_app.content.easy import EASY_DESCRIPTIONS
from session_app.exports import MemberResult, member_results
from session_app.store import TeamSession

SEEN_ON_CARD = 3  # the most chosen qualities; more would not fit on one page with reasons
QUOTE_MAX = 110  # characters of a reason on the card; the whole reason is on the result page

# The card's own words, in easy language (tests/rules/test_easy_texts.py checks them).
CARD_TEXTS = {
    "title": N_("My quality card"),
    "card_of": N_("Quality card of %(name)s"),
    "seen": N_("This is what the team sees in you"),
    "times_one": N_("chosen once"),
    "times_other": N_("chosen %(n)d times"),
    "none_seen": N_("The team has not chosen for you yet."),
    "also_seen": N_("Also chosen for you: %(names)s."),
    "own": N_("This is what you chose yourself"),
    "own_fits": N_("This fits me:"),
    "own_develops": N_("I want to get better at this:"),
    "goal": N_("You want to get better at this"),
    "no_goal": N_("You did not choose this yet."),
    "duo": N_("You work on it together with"),
    "coach": N_("You learn from"),
    "no_duo": N_("Ask the leader of the meeting who you work with."),
    "meet": N_("When do you meet? Write it here:"),
    "print": N_("Print the card"),
    "all": N_("All quality cards"),
}


@dataclass
class Quality:
    key: str
    name: str
    easy: str  # what it means, in easy words
    times: int = 0
    reason: str | None = None  # one reason of the team (the first), or None


@dataclass
class Card:
    name: str
    seen: list[Quality] = field(default_factory=list)
    more_seen: list[str] = field(default_factory=list)  # names of the other qualities seen
    fits: list[Quality] = field(default_factory=list)  # own choice: 3 that fit me
    develops: list[Quality] = field(default_factory=list)  # own choice: 3 to develop
    goal: Quality | None = None
    goal_reason: str | None = None
    partners: list[str] = field(default_factory=list)  # the duo, or the coach
    coach_mode: bool = False


def short(text: str | None) -> str | None:
    """A reason cut at a word to fit the card, with "…" when it was longer."""
    if not text or len(text) <= QUOTE_MAX:
        return text
    cut = text[:QUOTE_MAX].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut}…"


def _quality(key: str) -> Quality:
    return Quality(key, gettext(BY_KEY[key].name), gettext(EASY_DESCRIPTIONS[key]))


def _card(m, result: MemberResult) -> Card:
    card = Card(name=result.name, coach_mode=result.coach_mode)
    for row in result.qualities[:SEEN_ON_CARD]:
        quality = _quality(row["competency"])
        quality.times = row["count"]
        quality.reason = short(row["reasons"][0]["text"]) if row["reasons"] else None
        card.seen.append(quality)
    card.more_seen = [row["name"] for row in result.qualities[SEEN_ON_CARD:]]
    card.fits = [_quality(k) for k in selfview.split_keys(m.self_fits) if k in BY_KEY]
    card.develops = [_quality(k) for k in selfview.split_keys(m.self_develops) if k in BY_KEY]
    if m.development_goal in BY_KEY:
        card.goal = _quality(m.development_goal)
        card.goal_reason = short(m.development_reason)
    if result.coach_mode:
        card.partners = [result.learns_from] if result.learns_from else []
    else:
        card.partners = result.partners
    return card


def texts() -> dict[str, str]:
    return {key: gettext(text) for key, text in CARD_TEXTS.items()}


def cards(s: TeamSession, member_ids: set[int] | None = None) -> list[Card]:
    """The cards of a session's members (in the order they joined), or of some of them."""
    results = member_results(s)
    return [
        _card(m, result)
        for m, result in zip(s.members, results, strict=True)
        if member_ids is None or m.id in member_ids
    ]
