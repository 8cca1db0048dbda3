"""The pairing step: the app proposes duos (or a coach for everyone), the host adjusts them,
then confirms (pure rules, no Flask). The matching itself is in ``pairing``."""

from __future__ import annotations

from session_app import exercise
from session_app.change import Change
from session_app.content import N_
from session_app.members import existing
from session_app.pairing import assign_coaches, make_duos
from session_app.store import TeamSession


def start_pairing(c: Change[TeamSession]) -> None:
    """Make the best duos, or the best coach for everyone (``{"mode", "capacity",
    "version"}``, the host's choice): from the development step, or again (undoing manual
    changes, or switching between the two)."""
    s, data = c.session, c.data
    exercise.require_phase(s, "development", "pairing")
    exercise.check_seen(s, data.get("version"))
    mode, capacity = exercise.clean_pairing_mode(
        data.get("mode", s.pairing_mode), data.get("capacity", s.coach_capacity)
    )
    votes = {str(k): v for k, v in exercise.votes_received(s).items()}
    goals = {str(m.id): m.development_goal or "" for m in s.members}
    if mode == "coach":
        coaches = assign_coaches(goals, votes, capacity)
        for m in s.members:
            m.group_no = None
            m.coach_id = int(coaches[str(m.id)]) if str(m.id) in coaches else None
    else:
        duos = make_duos(goals, votes)
        number_of = {member_id: n for n, duo in enumerate(duos, start=1) for member_id in duo}
        for m in s.members:
            m.group_no = number_of[str(m.id)]
            m.coach_id = None
    s.pairing_mode, s.coach_capacity = mode, capacity
    s.phase = "pairing"


def _adjusting_duos(s: TeamSession, version: object) -> None:
    """A change by hand to the proposed duos: only in the pairing step, in duo mode, and only
    by a host who has seen the newest state."""
    exercise.require_phase(s, "pairing")
    if s.pairing_mode != "duos":
        raise exercise.RuleError(N_("That is not possible at this step of the session."))
    exercise.check_seen(s, version)


def move_member(c: Change[TeamSession]) -> None:
    """Move a member into another duo, or into a new one (``{"member_id", "group": n or
    "new", "version"}``)."""
    s, data = c.session, c.data
    _adjusting_duos(s, data.get("version"))
    member = existing(s, data.get("member_id"))
    used = {m.group_no for m in s.members}
    target = data.get("group")
    if target == "new":
        target = max(n for n in used if n is not None) + 1
    elif not exercise.is_id(target) or target not in used:
        raise exercise.RuleError(N_("That group does not exist."))
    member.group_no = target


def swap_members(c: Change[TeamSession]) -> None:
    """Two members trade places between their duos (``{"member_id", "other_id",
    "version"}``)."""
    s, data = c.session, c.data
    _adjusting_duos(s, data.get("version"))
    first, second = existing(s, data.get("member_id")), existing(s, data.get("other_id"))
    first.group_no, second.group_no = second.group_no, first.group_no


def set_coach(c: Change[TeamSession]) -> None:
    """Coach mode: the host gives a member another coach (``{"member_id", "coach_id",
    "version"}``)."""
    s, data = c.session, c.data
    exercise.require_phase(s, "pairing")
    exercise.check_seen(s, data.get("version"))
    member, coach = existing(s, data.get("member_id")), existing(s, data.get("coach_id"))
    exercise.set_coach(s, member, coach)


def confirm(c: Change[TeamSession]) -> None:
    """The host confirms the duos (or the coaches): from now on they no longer change. Refused
    while someone is still without a partner (or a coach)."""
    s = c.session
    exercise.require_phase(s, "pairing")
    exercise.check_seen(s, c.data.get("version"))
    names = exercise.display_names(s.members)
    if s.pairing_mode == "coach":
        alone = exercise.without_coach(s.members)
        if alone:
            raise exercise.RuleError(
                N_("Still without a coach: %(names)s. Choose a coach for them first."),
                names=", ".join(names[m.id] for m in alone),
            )
    else:
        sizes: dict[int | None, int] = {}
        for m in s.members:
            sizes[m.group_no] = sizes.get(m.group_no, 0) + 1
        alone = [m for m in s.members if sizes[m.group_no] < 2]
        if len(s.members) > 1 and alone:
            raise exercise.RuleError(
                N_("Not in a duo yet: %(names)s. Move everyone into a group first."),
                names=", ".join(names[m.id] for m in alone),
            )
    s.phase = "closed"
