"""The team picture: who the team sees as strong in what, and which tasks of the advocacy
cycle the team covers.

Pure rules over objects with the attributes of the models in ``store`` (no Flask, no
database). Only revealed rounds count: what the team has not seen yet is not in the picture.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast, overload

from session_app import exercise
from session_app.content import COMPETENCIES, N_, TASKS, Task
from session_app.shapes import SessionLike, SessionWithPicks

if TYPE_CHECKING:  # only the types
    from session_app.store import TeamSession

# A member is strong in a quality when at least this many teammates chose it for them:
# one vote can be one person's view, two is something the team shares.
STRONG_VOTES = 2


@dataclass(frozen=True)
class MemberRow:
    """One member's line of the map: how many teammates chose each quality for them."""

    member_id: int
    counts: Mapping[str, int]  # every competency key, 0 when nobody chose it
    # The qualities with the member's highest count (ties: all of them); none without votes.
    most_chosen: tuple[str, ...]

    def strong_in(self) -> tuple[str, ...]:
        return tuple(c.key for c in COMPETENCIES if self.counts[c.key] >= STRONG_VOTES)


@dataclass(frozen=True)
class TaskCoverage:
    """For one task: per quality it needs, the members who are strong in it."""

    task: Task
    strong: tuple[tuple[str, tuple[int, ...]], ...]  # (competency, member ids), task's order

    @property
    def covered(self) -> int:
        return sum(1 for _, ids in self.strong if ids)

    @property
    def total(self) -> int:
        return len(self.strong)

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(key for key, ids in self.strong if not ids)


def member_row(member_id: int, votes: Mapping[str, int]) -> MemberRow:
    counts = {c.key: votes.get(c.key, 0) for c in COMPETENCIES}
    best = max(counts.values())
    most = tuple(key for key, n in counts.items() if n == best) if best > 0 else ()
    return MemberRow(member_id, counts, most)


@overload
def team_map(session: SessionWithPicks, votes: None = None) -> list[MemberRow]: ...
@overload
def team_map(session: SessionLike, votes: Mapping[int, Mapping[str, int]]) -> list[MemberRow]: ...
def team_map(
    session: SessionLike, votes: Mapping[int, Mapping[str, int]] | None = None
) -> list[MemberRow]:
    """One row per member, in the order they joined, from revealed rounds only.

    ``votes`` (as ``exercise.votes_received`` or ``Store.votes_received`` count them) saves
    counting them again; without them, the session's rounds must hold their picks."""
    if votes is None:
        votes = exercise.votes_received(cast(SessionWithPicks, session))  # see the overloads
    return [member_row(m.id, votes[m.id]) for m in sorted(session.members, key=lambda m: m.id)]


def strong_members(rows: Iterable[MemberRow]) -> dict[str, tuple[int, ...]]:
    """Per competency, the members strong in it (in the rows' order); empty when nobody is."""
    rows = list(rows)
    return {
        c.key: tuple(r.member_id for r in rows if r.counts[c.key] >= STRONG_VOTES)
        for c in COMPETENCIES
    }


def coverage(strong: Mapping[str, tuple[int, ...]]) -> list[TaskCoverage]:
    """Every task of the cycle, in order, with who is strong in each quality it needs."""
    return [
        TaskCoverage(task, tuple((key, tuple(strong.get(key, ()))) for key in task.competencies))
        for task in TASKS
    ]


def needed_gaps(strong: Mapping[str, tuple[int, ...]]) -> dict[str, tuple[str, ...]]:
    """The qualities nobody in the team is strong in, each with the tasks that need it."""
    gaps = {}
    for c in COMPETENCIES:
        if strong.get(c.key):
            continue
        tasks = tuple(t.key for t in TASKS if c.key in t.competencies)
        if tasks:
            gaps[c.key] = tasks
    return gaps


# --- the closing slides on the shared screen ------------------------------------------

# One idea at a time: first the thanks with the team map, then the cycle, then the duos,
# last who does what (``roles``): the decisions the team takes at the end.
CLOSING_SLIDES = ("map", "cycle", "duos", "roles")


def closing_slide(session: SessionLike) -> str:
    return session.closing_slide if session.closing_slide in CLOSING_SLIDES else CLOSING_SLIDES[0]


def show_closing_slide(session: TeamSession, slide: object) -> None:
    """The host turns the shared screen to another closing slide."""
    exercise.require_phase(session, "closed")
    if slide not in CLOSING_SLIDES:
        raise exercise.RuleError(N_("That is not possible at this step of the session."))
    if slide != session.closing_slide:
        session.roles_step = 0  # a slide in parts starts at its first part (see ``slides``)
    session.closing_slide = slide
