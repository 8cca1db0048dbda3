"""The rules of the team exercise: phases, rounds, validation and tallies.

Plain functions over objects with the attributes of the models in ``store`` (the shapes in
``shapes``: a rule that only reads takes the model objects and the plain ones of
``Store.read`` alike; one that changes the session takes the model objects, whose changes
are stored); no Flask and no database here, so tests can call them directly. A broken rule
raises ``RuleError`` with an English message id that the caller translates for the person
who asked.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from confusable_homoglyphs import confusables

from session_app.content import BY_KEY, N_
from session_app.shapes import (
    MemberLike,
    PickLike,
    RoundLike,
    SessionLike,
    SessionWithPicks,
    WithPicks,
    WithRounds,
)

if TYPE_CHECKING:  # only the types: the rules run on any object of the shape
    from session_app.store import Member, Round, TeamSession

M = TypeVar("M", bound=MemberLike)
R = TypeVar("R", bound=RoundLike)

PHASES = ("lobby", "rounds", "development", "pairing", "closed")
ORDER_PHASES = ("lobby", "rounds")  # while the order of the rounds can change
PAIRING_MODES = ("duos", "coach")  # duos and one trio, or a coach for everyone
COACH_CAPACITIES = (1, 2, 3)
PICKS_PER_ROUND = 2
NAME_MAX = 30
TEAM_NAME_MAX = 60
REASON_MAX = 280
MIN_MEMBERS_FOR_ROUNDS = 2


class RuleError(Exception):
    """A request that the rules refuse; ``message`` is an English msgid, ``params`` fill it."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        self.message = message
        self.params = params


# --- text input --------------------------------------------------------------

_SPACES = re.compile(r"[^\S\n]+")


def _without_control_characters(text: str, *, keep_newlines: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            kept.append(ch)
        elif ch in "\t\n":
            kept.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch != "\u200d":
            # Zero-width joiner stays: emoji sequences are built with it.
            continue
        else:
            kept.append(ch)
    return "".join(kept)


# Letters that print as nothing: a name made of them would be an empty space on the screen.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _visible(ch: str) -> bool:
    """A letter, digit, punctuation mark or symbol (so also an emoji) that shows."""
    return unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANK_LETTERS


def clean_text(value: object, *, max_length: int, multiline: bool = False) -> str:
    """Trim and tidy free text; raise if it is not text, empty, or too long."""
    if not isinstance(value, str):
        raise RuleError(N_("Type some text."))
    # One form per letter: "Zoë" typed on two phones (ë as one sign, or e plus ¨) is one name.
    text = unicodedata.normalize("NFC", value)
    text = _without_control_characters(text, keep_newlines=multiline)
    text = _SPACES.sub(" ", text)
    if multiline:
        text = re.sub(r" *\n *", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
    text = text.strip()
    if not any(_visible(ch) for ch in text):
        raise RuleError(N_("Type some text."))
    if len(text) > max_length:
        raise RuleError(N_("This is too long: at most %(max)d characters."), max=max_length)
    return text


def clean_name(value: object) -> str:
    try:
        return clean_text(value, max_length=NAME_MAX)
    except RuleError as error:
        if "max" in error.params:
            raise RuleError(
                N_("Your name is too long: at most %(max)d characters."), max=NAME_MAX
            ) from None
        raise RuleError(N_("Fill in your first name.")) from None


def clean_team_name(value: object) -> str:
    try:
        return clean_text(value, max_length=TEAM_NAME_MAX)
    except RuleError as error:
        if "max" in error.params:
            raise RuleError(
                N_("The team name is too long: at most %(max)d characters."), max=TEAM_NAME_MAX
            ) from None
        raise RuleError(N_("Fill in the name of the team.")) from None


def clean_reason(value: object) -> str:
    try:
        return clean_text(value, max_length=REASON_MAX, multiline=True)
    except RuleError as error:
        if "max" in error.params:
            raise RuleError(
                N_("A reason can be at most %(max)d characters."), max=REASON_MAX
            ) from None
        raise RuleError(N_("Write why you chose this.")) from None


def clean_competency(value: object) -> str:
    if not isinstance(value, str) or value not in BY_KEY:
        raise RuleError(N_("Choose a quality from the list."))
    return value


# "Ik vertel het zelf": a reason the member will say aloud in the room instead of typing
# it. Stored as an empty reason (a typed reason is never empty).
TOLD = ""


def _pick_reason(item: dict) -> str:
    """A typed reason, or TOLD when the member will say it (a typed one wins: they may type
    after all, until the reveal)."""
    told = item.get("told", False)
    if not isinstance(told, bool):
        raise RuleError(N_("That did not work. Nothing was changed. Try again."))
    reason = item.get("reason")
    if told and (reason is None or (isinstance(reason, str) and not reason.strip())):
        return TOLD
    return clean_reason(reason)


def validate_picks(raw: object) -> list[tuple[str, str]]:
    """Exactly two different competencies, each with a reason (typed, or to be told)."""
    if not isinstance(raw, list) or len(raw) != PICKS_PER_ROUND:
        raise RuleError(N_("Choose exactly two qualities."))
    picks = []
    for item in raw:
        if not isinstance(item, dict):
            raise RuleError(N_("Choose exactly two qualities."))
        picks.append((clean_competency(item.get("competency")), _pick_reason(item)))
    if picks[0][0] == picks[1][0]:
        raise RuleError(N_("Choose two different qualities."))
    return picks


# --- names -------------------------------------------------------------------


def _shows_in_name(ch: str) -> bool:
    # Left out when comparing: marks and joiners that add nothing one can see on their own
    # (U+200D, U+034F, U+FE0F, U+17B4 …), spaces, and letters that print as nothing.
    return (
        unicodedata.category(ch) not in ("Cf", "Cc", "Mn", "Me", "Zs") and ch not in _BLANK_LETTERS
    )


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """How names are compared: "Anna", "An\u200dna", "Аnna" (Cyrillic А) and "ＡＮＮＡ" are
    one name, so they get numbers and nobody can pass for someone else.

    Remembered: every snapshot shows every name, and the look-alike check is slow (it was
    a third of the CPU of a pick)."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", name) if _shows_in_name(ch))
    # Letters of other scripts that look like Latin ones (Unicode's confusables list).
    for found in confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"]) or []:
        text = text.replace(found["character"], found["homoglyphs"][0]["c"])
    return text.casefold()


def display_names(members: Iterable[MemberLike]) -> dict[int, str]:
    """Names as shown: members who share a first name get a number, in order of joining.

    Every shown name is different, also from a name someone typed with a number in it
    ("Anna", "Anna", "Anna (2)" become "Anna (1)", "Anna (3)", "Anna (2)").
    """
    members = sorted(members, key=lambda m: m.id)
    total = Counter(name_key(m.name) for m in members)
    taken = {name_key(m.name) for m in members if total[name_key(m.name)] == 1}
    numbers: Counter[str] = Counter()
    shown = {}
    for member in members:
        key = name_key(member.name)
        if total[key] == 1:
            shown[member.id] = member.name
            continue
        while True:
            numbers[key] += 1
            candidate = f"{member.name} ({numbers[key]})"
            if name_key(candidate) not in taken:
                break
        taken.add(name_key(candidate))
        shown[member.id] = candidate
    return shown


# --- phases and rounds -------------------------------------------------------


def is_id(value: object) -> TypeGuard[int]:
    """A database id from a client: an int, and not a JSON ``true`` (``True == 1``)."""
    return isinstance(value, int) and not isinstance(value, bool)


def require_phase(session: SessionLike, *allowed: str) -> None:
    if session.phase not in allowed:
        raise RuleError(N_("That is not possible at this step of the session."))


def pending_rounds(session: WithRounds[R]) -> list[R]:
    """The rounds that have not started, in queue order (of the session's own shape)."""
    return sorted((r for r in session.rounds if r.state == "pending"), key=lambda r: r.position)


def next_position(session: SessionLike) -> int:
    return max((r.position for r in session.rounds), default=0) + 1


def current_round_checked(session: TeamSession, round_id: object) -> Round:
    """The open or revealed round, if it is the one the host was looking at."""
    require_phase(session, "rounds")
    current = session.current_round
    if current is None or not is_id(round_id) or current.id != round_id:
        raise RuleError(N_("The session has moved on. Your screen now shows the latest step."))
    return current


def open_next_round(session: TeamSession) -> Round | None:
    upcoming = pending_rounds(session)
    if not upcoming:
        session.current_round_id = None
        return None
    upcoming[0].state = "open"
    session.current_round_id = upcoming[0].id
    return upcoming[0]


def start_rounds(session: TeamSession) -> None:
    require_phase(session, "lobby")
    if len(session.members) < MIN_MEMBERS_FOR_ROUNDS:
        raise RuleError(N_("At least two members must join before the rounds can start."))
    session.phase = "rounds"
    open_next_round(session)


def reveal(session: TeamSession, round_id: object) -> None:
    current = current_round_checked(session, round_id)
    if current.state != "open":
        raise RuleError(N_("This round has already been revealed."))
    current.state = "revealed"
    current.reveal_step = 0


def next_round(session: TeamSession, round_id: object) -> None:
    """After a reveal, open the next member's round."""
    if round_id is None and session.phase == "rounds" and session.current_round is None:
        current = None
    else:
        current = current_round_checked(session, round_id)
    if current is not None and current.state != "revealed":
        raise RuleError(N_("Reveal this round first, or skip it."))
    if not pending_rounds(session):
        raise RuleError(N_("Every member has had a turn. You can start the development step."))
    open_next_round(session)


def skip_round(session: TeamSession, round_id: object) -> None:
    """Put an absent central member's round at the end of the queue; answers are kept."""
    current = current_round_checked(session, round_id)
    if current.state != "open":
        raise RuleError(N_("This round has already been revealed."))
    if not pending_rounds(session):
        raise RuleError(N_("There is no other round to go to."))
    current.state = "pending"
    current.skipped = True
    current.position = next_position(session)
    open_next_round(session)


# A member who would rather not be central ("Liever niet centraal"): their round waits in
# this state, left out of the queue and the count, until they change their mind.
DECLINED = "declined"


def own_round(session: WithRounds[R], member: MemberLike) -> R | None:
    return next((r for r in session.rounds if r.central_member_id == member.id), None)


def can_choose_central(session: SessionLike, round_: RoundLike | None) -> bool:
    """Whether a member may still say (or take back) that they would rather not be central:
    until their round has started, while there are rounds."""
    return (
        session.phase in ORDER_PHASES
        and round_ is not None
        and round_.state in ("pending", DECLINED)
    )


def choose_central(session: TeamSession, member: Member, central: object) -> None:
    """A member chooses not to be central (``False``), no reason asked, or to be central after
    all (``True``). Only about themselves; possible until their round has started."""
    if not isinstance(central, bool):
        raise RuleError(N_("That did not work. Nothing was changed. Try again."))
    round_ = own_round(session, member)
    if not can_choose_central(session, round_) or round_ is None:
        raise RuleError(N_("Your round has already started, so this can no longer change."))
    round_.state = "pending" if central else DECLINED


def counted_rounds(session: WithRounds[R]) -> list[R]:
    """The rounds the team plays: all but those of members who would rather not be central."""
    return [r for r in session.rounds if r.state != DECLINED]


# Where a member's own round is, as their phone and their result say it.
ROUND_STATES = ("waiting", "later", "open", "revealed", "missed", DECLINED)


def own_round_state(session: SessionLike, member_id: int) -> str:
    """``waiting`` (not yet), ``later`` (skipped: moved to the end of the queue), ``open``,
    ``revealed``, ``missed``: the rounds are over and the team never chose for them
    (skipped and not taken up again, or joined after the last round), or ``declined``: they
    would rather not be central."""
    mine = [r for r in session.rounds if r.central_member_id == member_id]
    if any(r.state == "revealed" for r in mine):
        return "revealed"
    if any(r.state == "open" for r in mine):
        return "open"
    if any(r.state == DECLINED for r in mine):
        return DECLINED  # their own choice: never "missed"
    if session.phase not in ("lobby", "rounds"):
        return "missed"
    return "later" if any(r.skipped for r in mine) else "waiting"


def move_round(session: TeamSession, round_id: object, direction: object) -> None:
    """Move a waiting round one place earlier (-1) or later (+1) in the order."""
    require_phase(session, *ORDER_PHASES)
    if not is_id(direction) or direction not in (-1, 1):
        raise RuleError(N_("That is not possible at this step of the session."))
    upcoming = pending_rounds(session)
    index = next((i for i, r in enumerate(upcoming) if is_id(round_id) and r.id == round_id), None)
    if index is None:
        raise RuleError(N_("This round has already started."))
    other = index + direction
    if not 0 <= other < len(upcoming):
        return
    upcoming[index].position, upcoming[other].position = (
        upcoming[other].position,
        upcoming[index].position,
    )


def shuffle_rounds(session: TeamSession, rng: random.Random | None = None) -> None:
    """Mix the order of every round that has not started."""
    require_phase(session, *ORDER_PHASES)
    upcoming = pending_rounds(session)
    positions = [r.position for r in upcoming]
    (rng or random.SystemRandom()).shuffle(upcoming)
    for r, position in zip(upcoming, positions, strict=True):
        r.position = position


def voters(session: SessionLike, round_: RoundLike) -> list[MemberLike]:
    """The members who choose in a round: everyone except the central member."""
    return [m for m in session.members if m.id != round_.central_member_id]


def answered_ids(round_: WithPicks) -> set[int]:
    return {p.voter_id for p in round_.picks}


def check_seen(session: SessionLike, version: object) -> None:
    """Refuse a change made on a page that had not seen the latest one (another host window
    moved someone a moment ago). Pages that send no version are not checked."""
    if version is not None and version != session.version:
        raise RuleError(N_("The session has moved on. Your screen now shows the latest step."))


def check_can_pick(
    session: SessionLike, round_: RoundLike | None, voter: MemberLike, round_id: object
) -> None:
    require_phase(session, "rounds")
    if round_ is None or not is_id(round_id) or round_.id != round_id:
        raise RuleError(N_("The session has moved on. Your screen now shows the latest step."))
    if round_.central_member_id == voter.id:
        raise RuleError(N_("This is your own round. The others are choosing for you."))
    if round_.state != "open":
        raise RuleError(N_("This round has been revealed. Answers can no longer change."))


def start_development(session: TeamSession) -> None:
    require_phase(session, "rounds")
    current = session.current_round
    if current is not None and current.state == "open":
        raise RuleError(N_("Reveal this round first, or skip it."))
    session.phase = "development"
    session.current_round_id = None


def check_can_set_goal(session: SessionLike) -> None:
    if session.phase != "development":
        raise RuleError(N_("Choosing what to get better at is not possible at this step."))


def clean_pairing_mode(mode: object, capacity: object) -> tuple[str, int]:
    """The host's choice for the pairing step: ``"duos"``, or ``"coach"`` with how many
    members one coach may coach (1-3)."""
    if mode not in PAIRING_MODES:
        raise RuleError(N_("Choose duos or a coach for everyone."))
    if not is_id(capacity) or capacity not in COACH_CAPACITIES:
        raise RuleError(N_("A coach can coach 1, 2 or 3 members."))
    return str(mode), int(capacity)


def set_coach(session: TeamSession, member: Member, coach: Member) -> None:
    """Coach mode: ``coach`` now coaches ``member``, if that is allowed."""
    if session.pairing_mode != "coach":
        raise RuleError(N_("That is not possible at this step of the session."))
    if coach.id == member.id:
        raise RuleError(N_("Nobody can coach themselves. Choose someone else."))
    load = sum(1 for m in session.members if m.coach_id == coach.id and m.id != member.id)
    if load >= session.coach_capacity:
        names = display_names(session.members)
        raise RuleError(
            N_(
                "%(name)s already coaches the most members allowed (%(num)d). "
                "First give one of them another coach."
            ),
            name=names[coach.id],
            num=session.coach_capacity,
        )
    member.coach_id = coach.id


def without_coach(members: Sequence[M]) -> list[M]:
    """Coach mode: members who have no coach (their coach left the session)."""
    ids = {m.id for m in members}
    return [m for m in members if m.coach_id not in ids] if len(members) > 1 else []


# --- results -----------------------------------------------------------------


def tally(
    picks: Iterable[PickLike],
    authors: Mapping[int, str] | None,
    speakers: Mapping[int, str] | None = None,
) -> list[dict]:
    """Each chosen competency with its count and reasons, most chosen first.

    ``authors`` maps voter ids to names; ``None`` leaves the reasons anonymous. Anonymous
    reasons are sorted by their text: in the voters' order (the order in which they
    joined, as on the screen) a small team could tell who wrote what. A reason the member
    tells in the room (``told``) always names them, from ``speakers`` (or ``authors``): the
    room has to know whom to ask, and their phone said so before they chose it.
    """
    speakers = speakers or authors or {}
    grouped: dict[str, list[PickLike]] = defaultdict(list)
    for pick in picks:
        grouped[pick.competency].append(pick)
    if authors is None:
        for items in grouped.values():
            items.sort(key=lambda p: (p.reason.casefold(), p.reason))
    rows: list[dict[str, Any]] = [
        {
            "competency": key,
            "count": len(items),
            "reasons": [
                {"text": p.reason, "author": speakers.get(p.voter_id), "told": True}
                if p.reason == TOLD
                else {"text": p.reason, "author": authors.get(p.voter_id) if authors else None}
                for p in items
            ],
        }
        for key, items in grouped.items()
    ]
    rows.sort(key=lambda row: (-row["count"], BY_KEY[row["competency"]].number))
    return rows


def votes_received(session: SessionWithPicks) -> dict[int, dict[str, int]]:
    """Per member, how many peer votes they got for each competency in revealed rounds."""
    votes: dict[int, dict[str, int]] = {m.id: {} for m in session.members}
    for round_ in session.rounds:
        if round_.state != "revealed" or round_.central_member_id not in votes:
            continue
        counts = votes[round_.central_member_id]
        for pick in round_.picks:
            counts[pick.competency] = counts.get(pick.competency, 0) + 1
    return votes


def groups(members: Sequence[M]) -> list[list[M]]:
    """Members by duo group, in group order; members without a group are left out."""
    by_group: dict[int, list[M]] = defaultdict(list)
    for m in sorted(members, key=lambda m: m.id):
        if m.group_no is not None:
            by_group[m.group_no].append(m)
    return [by_group[k] for k in sorted(by_group)]


# --- the reveal, one step at a time ------------------------------------------------

# What one step holds on the projector (16:9, reason text 4.6 % of the screen height): about
# STEP_LINES lines of STEP_LINE_CHARS characters. An estimate on the safe side, so that at
# 1280x720 and 1920x1080 nothing is shrunk or cut off (tests/test_reveal.py measures it).
STEP_LINE_CHARS = 62
STEP_LINES = 11.0
REASON_GAP_LINES = 0.4


def reason_lines(text: str, author: str | None) -> int:
    """The lines a reason takes on the projector, its writer's name included."""
    paragraphs = text.split("\n")
    if author:
        paragraphs[-1] += f" — {author}"
    return sum(max(1, math.ceil(len(p) / STEP_LINE_CHARS)) for p in paragraphs)


def reveal_steps(rows: Sequence[Mapping[str, Any]]) -> list[dict]:
    """The steps of a reveal: first the headline (every chosen quality at once), then the
    reasons one quality at a time; a quality with more reasons than fit gets more parts.

    Each step after the headline names its quality, its part (``part`` of ``parts``) and the
    reasons it shows: ``reasons[first:last]`` of that quality's row in the tally.
    """
    steps: list[dict] = [{"competency": None}]
    for row in rows:
        parts: list[list[int]] = []
        used = 0.0
        for index, reason in enumerate(row["reasons"]):
            cost = reason_lines(reason["text"], reason["author"]) + REASON_GAP_LINES
            if not parts or used + cost > STEP_LINES:
                parts.append([])
                used = 0.0
            parts[-1].append(index)
            used += cost
        for number, part in enumerate(parts, start=1):
            steps.append(
                {
                    "competency": row["competency"],
                    "part": number,
                    "parts": len(parts),
                    "first": part[0],
                    "last": part[-1] + 1,
                }
            )
    return steps


def round_tally(session: SessionLike, round_: WithPicks) -> list[dict]:
    """A round's tally as everyone sees it: with the writers' names if the session says so."""
    names = display_names(session.members)
    return tally(round_.picks, names if session.show_names else None, names)


def set_reveal_step(session: TeamSession, round_id: object, step: object, version: object) -> None:
    """Show another step of the revealed round on the projector."""
    current = current_round_checked(session, round_id)
    check_seen(session, version)
    if current.state != "revealed":
        raise RuleError(N_("Show the answers first."))
    if not is_id(step) or not 0 <= step < len(reveal_steps(round_tally(session, current))):
        raise RuleError(N_("This step of the answers does not exist."))
    current.reveal_step = step
