"""What a member sends: their two picks in a round, their development goal, their own view of
themselves (pure rules, no Flask). The host sends the same for a member without a phone."""

from __future__ import annotations

from session_app import exercise, selfview
from session_app.change import Change
from session_app.content import N_
from session_app.members import answered_by_host
from session_app.store import Member, PlainSession, Store, TeamSession


def _store_picks(db, s: TeamSession | PlainSession, member: Member, data: dict) -> None:
    r = s.current_round
    exercise.check_can_pick(s, r, member, data.get("round_id"))
    if r is None:  # (check_can_pick refused it already: this tells the type checker)
        raise exercise.RuleError(N_("That is not possible at this step of the session."))
    picks = exercise.validate_picks(data.get("picks"))
    Store.replace_picks(db, r, member.id, picks)
    if isinstance(s, PlainSession):  # the picks it keeps for the next read
        s.picked(r.id, member.id, picks)


def pick(c: Change[TeamSession | PlainSession]) -> None:
    """A member sends (or changes) their two picks for the central member (``{"round_id",
    "picks": [{"competency", "reason"}, ...]}``); they can change them until the reveal."""
    _store_picks(c.db, c.session, c.sender, c.data)


def proxy_pick(c: Change[TeamSession]) -> None:
    """The host sends the two picks of a member without a phone (``{"member_id", ...}`` as a
    pick); they count as theirs."""
    _store_picks(c.db, c.session, answered_by_host(c.session, c.data), c.data)


def _store_goal(s: TeamSession, member: Member, data: dict) -> None:
    exercise.check_can_set_goal(s)
    member.development_goal = exercise.clean_competency(data.get("competency"))
    member.development_reason = exercise.clean_reason(data.get("reason"))


def goal(c: Change[TeamSession]) -> None:
    """A member sends the one competency they want to develop, with why (``{"competency",
    "reason", "ratings"}``); optionally how true the goal's four self-check statements are."""
    _store_goal(c.session, c.sender, c.data)
    c.sender.goal_ratings = selfview.join_ratings(selfview.validate_ratings(c.data.get("ratings")))


def proxy_goal(c: Change[TeamSession]) -> None:
    """The host sends the goal of a member without a phone."""
    _store_goal(c.session, answered_by_host(c.session, c.data), c.data)


def self_view(c: Change[TeamSession]) -> None:
    """A member chooses (or clears) the 3 qualities that fit them and the 3 they want to
    develop (``{"fits": [...], "develops": [...]}``), in the lobby or during the rounds."""
    selfview.check_can_set_self_view(c.session)
    fits, develops = selfview.validate_self_view(c.data.get("fits"), c.data.get("develops"))
    c.sender.self_fits = selfview.join_keys(fits)
    c.sender.self_develops = selfview.join_keys(develops)


def central_choice(c: Change[TeamSession]) -> None:
    """A member says they would rather not be central (``{"central": false}``), or takes it
    back (``{"central": true}``); the facilitator sees it, nobody else."""
    exercise.choose_central(c.session, c.sender, c.data.get("central"))


def self_view_shown(c: Change[TeamSession]) -> None:
    """A member allows (or no longer allows) the screen and the facilitator to show their own
    choice next to the team's (``{"show": bool}``). Possible at any step: it is their consent."""
    shown = c.data.get("show")
    if not isinstance(shown, bool):
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    c.sender.self_shown = shown
