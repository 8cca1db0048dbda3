"""What the example members of a practice session answer: pure rules, no Flask.

A practice session lets a facilitator rehearse every step alone. Its example members answer
one at a time, each time the app asks (``next_answer``): a pick in an open round, a goal in
the development step. The choices follow from ids only, so they are the same after a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from session_app import exercise
from session_app.content import COMPETENCIES
from session_app.content.guide import EXAMPLE_GOAL_REASONS, EXAMPLE_REASONS
from session_app.shapes import MemberLike, SessionWithPicks

if TYPE_CHECKING:  # only the types
    from session_app.store import Member, TeamSession

KEYS = [c.key for c in COMPETENCIES]

# ("pick", member, [(competency, reason msgid), ...]) or ("goal", member, (competency, msgid))
Answer = tuple[str, "Member", "list[tuple[str, str]] | tuple[str, str]"]


def example_reason(competency: str, voter_id: int, central_id: int) -> str:
    """One of the quality's example reasons (msgid): two example members who choose the same
    quality for someone give different reasons, as real members would."""
    reasons = EXAMPLE_REASONS[competency]
    # Voters who share a quality for someone differ by 3 (the first) or by 12 (the second).
    return reasons[(voter_id // 3 + voter_id + central_id) % len(reasons)]


def example_picks(central_id: int, voter_id: int) -> list[tuple[str, str]]:
    """Two different qualities with a reason (msgid): voters for one person overlap a bit,
    so the reveal shows qualities chosen more than once."""
    first = KEYS[(central_id * 3 + voter_id % 3) % len(KEYS)]
    second = KEYS[(central_id * 3 + voter_id + 4) % len(KEYS)]
    if second == first:
        second = KEYS[(KEYS.index(first) + 1) % len(KEYS)]
    return [
        (first, example_reason(first, voter_id, central_id)),
        (second, example_reason(second, voter_id, central_id)),
    ]


def example_goal(
    session: SessionWithPicks, member: MemberLike, votes: dict[int, dict[str, int]] | None = None
) -> tuple[str, str]:
    """A goal someone else in the team got votes for, so the member can get a coach.
    ``votes``: ``exercise.votes_received(session)``, if the caller has it already."""
    votes = votes if votes is not None else exercise.votes_received(session)
    others = [
        c for c in KEYS if any(votes[m.id].get(c, 0) for m in session.members if m.id != member.id)
    ]
    mine = votes.get(member.id, {})
    candidates = [c for c in others if not mine.get(c)] or others or KEYS
    goal = candidates[member.id % len(candidates)]
    return goal, EXAMPLE_GOAL_REASONS[member.id % len(EXAMPLE_GOAL_REASONS)]


def next_answer(
    session: TeamSession, votes: dict[int, dict[str, int]] | None = None
) -> Answer | None:
    """The next example member who still has to answer, and what: ``("pick", member,
    [(competency, reason msgid), ...])`` or ``("goal", member, (competency, reason msgid))``.
    ``None`` when no example member has anything to do now. The model objects: the caller
    stores the answer (the goal on the member)."""
    if not session.practice:
        return None
    examples = [m for m in session.members if m.example]
    if session.phase == "rounds":
        r = session.current_round
        if r is None or r.state != "open":
            return None
        answered = exercise.answered_ids(r)
        for m in examples:
            if m.id != r.central_member_id and m.id not in answered:
                return "pick", m, example_picks(r.central_member_id, m.id)
    elif session.phase == "development":
        for m in examples:
            if m.development_goal is None:
                return "goal", m, example_goal(session, m, votes)
    return None
