"""Who is in the session: joining, members without a phone, removing (pure rules, no Flask)."""

from __future__ import annotations

from sqlalchemy.orm.attributes import set_committed_value

from session_app import exercise
from session_app.change import Change
from session_app.content import N_
from session_app.store import Member, Round, Store, TeamSession, new_token, utcnow

MAX_REMOVED_AT_ONCE = 500
# While a member can still take part: join (with the code, or added by the host).
JOINING_PHASES = ("lobby", "rounds", "development")
# While the host can still remove members or switch who answers for them.
CHANGING_PHASES = ("lobby", "rounds", "development", "pairing")


def open_for_joining(s: TeamSession) -> bool:
    return s.joining_open and s.phase in JOINING_PHASES


def check_can_join(s: TeamSession, max_members: int) -> None:
    """Whether a new member may join now (the join code was right)."""
    if not open_for_joining(s):
        raise exercise.RuleError(N_("This session is closed for new members. Ask the facilitator."))
    if len(s.members) >= max_members:
        raise exercise.RuleError(
            N_("This session is full: it has %(max)d members. Ask the facilitator."),
            max=max_members,
        )


def find(s: TeamSession, member_id: object) -> Member | None:
    """The member with this id in the session, or None (also for an id that is no number)."""
    if not exercise.is_id(member_id):
        return None
    return next((m for m in s.members if m.id == member_id), None)


def existing(s: TeamSession, member_id: object) -> Member:
    """The member with this id; a clear refusal when they are not (or no longer) there."""
    member = find(s, member_id)
    if member is None:
        raise exercise.RuleError(N_("This member has already left."))
    return member


def add_member(db, s: TeamSession, name: str) -> Member:
    """A new member; during the rounds their own round goes at the end of the queue."""
    member = Member(name=name)
    s.members.append(member)
    db.flush()
    if s.phase in ("lobby", "rounds"):
        s.rounds.append(Round(central_member_id=member.id, position=exercise.next_position(s)))
    Store.touch(db, s)
    return member


def renamed(s: TeamSession, before: dict[int, str]) -> list[Member]:
    """The members whose shown name is no longer what it was (``before``: the shown names
    then): a second "Anna" makes the first one "Anna (1)", and her phone must say so."""
    now = exercise.display_names(s.members)
    return [m for m in s.members if m.id in before and before[m.id] != now[m.id]]


def add_proxy_member(c: Change[TeamSession]) -> None:
    """The host adds a member who has no phone (``{"name": ...}``); the host answers for them.
    They get a round like everyone else."""
    exercise.require_phase(c.session, *JOINING_PHASES)
    name = exercise.clean_name(c.data.get("name"))
    add_member(c.db, c.session, name).via_host = True


def set_joining(c: Change[TeamSession]) -> None:
    """The host opens or closes joining (``{"open": bool}``)."""
    wanted = c.data.get("open")
    if not isinstance(wanted, bool):
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    c.session.joining_open = wanted


def set_via_host(c: Change[TeamSession]) -> None:
    """Switch a member between their own phone and the host answering for them
    (``{"member_id", "on": bool}``). What they sent stays; their phone keeps working (it
    can come back)."""
    s = c.session
    exercise.require_phase(s, *CHANGING_PHASES)
    member = existing(s, c.data.get("member_id"))
    wanted = c.data.get("on")
    if not isinstance(wanted, bool):
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    member.via_host = wanted


def answered_by_host(s: TeamSession, data: dict) -> Member:
    """The member the host answers for (``data["member_id"]``): only one who answers via the
    host."""
    member = existing(s, data.get("member_id"))
    if not member.via_host:
        raise exercise.RuleError(
            N_("%(name)s answers on their own phone. Switch them to 'via the facilitator' first."),
            name=exercise.display_names(s.members)[member.id],
        )
    return member


def remove_member(c: Change[TeamSession]) -> set[int]:
    """The host removes one member (``{"member_id"}``); see ``remove_members``."""
    return remove(c.session, [c.data.get("member_id")])


def remove_members(c: Change[TeamSession]) -> set[int]:
    """The host removes several members at once (``{"member_ids": [...]}``)."""
    return remove(c.session, c.data.get("member_ids"))


def remove(s: TeamSession, ids: object) -> set[int]:
    """Remove one or more members (fake names, someone who left) at once; their ids.

    Their own rounds go. Their picks in rounds not yet revealed go. Rounds already revealed
    never change: the removed member's reasons stay there, without a name, and the tally
    stays the same, so nobody can tell which reasons were theirs.
    """
    exercise.require_phase(s, *CHANGING_PHASES)
    if not isinstance(ids, list) or not 0 < len(ids) <= MAX_REMOVED_AT_ONCE:
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    leaving = [existing(s, member_id) for member_id in ids]
    gone = {m.id for m in leaving}
    current = s.current_round
    if current is not None and current.central_member_id in gone:
        s.current_round_id = None
    s.rounds[:] = [r for r in s.rounds if r.central_member_id not in gone]
    for other in s.members:
        if other.coach_id in gone:
            other.coach_id = None  # the host chooses a new coach before confirming
    for r in s.rounds:
        if r.state != "revealed":
            r.picks[:] = [p for p in r.picks if p.voter_id not in gone]
    now = utcnow()
    for member in leaving:
        # Kept only as the (nameless) writer of reasons already shown; their phone's
        # token no longer opens anything.
        member.removed_at = now
        member.token = new_token()
        member.name = ""
        member.development_goal = member.development_reason = member.group_no = None
        member.task_keys = None  # off every task of "who does what"
    # Snapshots are made from this same load: it no longer lists them. (Not a removal from
    # the collection, which would delete the rows and their revealed reasons with them.)
    set_committed_value(s, "members", [m for m in s.members if m.id not in gone])
    return gone
