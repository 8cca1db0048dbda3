"""Socket.IO handlers: check the caller, call the rules, store, then push snapshots.

Every page connects with ``auth = {"role": ..., "session": public_id}``. The host proves
itself with its HttpOnly cookie, a member with theirs, the screen with its read-only key.
Every action answers through the acknowledgement: ``{"ok": true}`` or
``{"ok": false, "error": "<message in the caller's language>"}``.
"""

from __future__ import annotations

import hmac
import logging
import random
import threading
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, request
from flask_babel import force_locale, gettext
from flask_socketio import ConnectionRefusedError, disconnect, join_room
from sqlalchemy.orm.attributes import set_committed_value

from session_app import exercise, guide, picture, practice, selfview, snapshots
from session_app import socketio as sio
from session_app.access import HOST_COOKIE, MEMBER_COOKIE
from session_app.content import N_
from session_app.i18n import select_locale
from session_app.limits import Limits, QuietLog
from session_app.pairing import assign_coaches, make_duos
from session_app.store import Member, Round, Store, TeamSession, new_token, utcnow

log = logging.getLogger(__name__)
# Refused events are logged, but never faster than a few lines a minute (also the
# tracebacks Socket.IO itself writes): an attacker's frames cannot fill the disk.
for _logger in (log, logging.getLogger("engineio.server"), logging.getLogger("socketio.server")):
    _logger.addFilter(QuietLog())


@dataclass(frozen=True)
class Caller:
    role: str  # "host", "screen" or "member"
    session_id: int
    member_id: int | None
    locale: str
    person: str = ""  # whom the flood limits count (see ``_person``)


# Which connection is who. Only connection bookkeeping lives in memory; session state
# is always read from the database.
_callers: dict[str, Caller] = {}


def limits() -> Limits:
    return current_app.extensions["limits"]


def _person(role: str, session_id: int, member_id: int | None) -> str:
    """Who is counted by the flood limits: the same member on every connection."""
    return f"m{member_id}" if role == "member" else f"{role}{session_id}"


def _flood_refusal(caller: Caller | None) -> dict | None:
    """The answer for an event over the flood limits, or None when it may go on."""
    person = caller.person if caller else f"sid:{request.sid}"
    try:
        allowed = limits().throttle.allow(person, request.remote_addr or "?")
    except Exception:  # the shared counters (Redis) unreachable: refuse, with an answer
        log.exception("flood limits not available")
        return {
            "ok": False,
            "error": _translate(caller, N_("That did not work. Nothing was changed. Try again.")),
        }
    if allowed:
        return None
    if allowed is None:
        disconnect()
    return {
        "ok": False,
        "error": _translate(caller, N_("Too many messages at once. Wait a moment and try again.")),
    }


def store() -> Store:
    return current_app.extensions["store"]


def _rooms(session_id: int) -> tuple[str, str]:
    return f"screen:{session_id}", f"host:{session_id}"


def _member_room(member_id: int) -> str:
    return f"member:{member_id}"


def _phones_room(session_id: int) -> str:
    """Every phone of a session: for the small progress message that is the same for all."""
    return f"members:{session_id}"


# Which phones get their whole view after a change (the others get one progress message).
EVERY_PHONE = "every phone"
OWN_PHONE = "own phone"  # only the member who acted
NO_PHONE = "no phone"

Outbox = list[tuple[str, dict, str]]  # (event, data, room)


def announcement(db, s: TeamSession, phones: str | Member | None = EVERY_PHONE) -> Outbox:
    """Every message that tells the audiences of ``s`` about its new state.

    Built inside the transaction that changed ``s`` (from the objects it already loaded),
    sent with ``send`` once that transaction is committed. ``phones``: ``EVERY_PHONE``, a
    ``Member`` (only their phone gets its whole view) or ``NO_PHONE``; the phones that get no
    whole view get one ``progress`` message, emitted once to the session's phone room.
    """
    facts = snapshots.Facts(s, db)
    screen_room, host_room = _rooms(s.id)
    outbox: Outbox = [
        ("state", snapshots.screen_view(s, facts), screen_room),
        ("state", snapshots.host_view(s, facts), host_room),
    ]
    if phones == EVERY_PHONE:
        # Each phone shows its own results: one query for every revealed round, not one each.
        Store.load_picks(db, [r for r in s.rounds if r.state == "revealed"])
        for member in s.members:
            outbox.append(
                ("state", snapshots.member_view(s, member, facts), _member_room(member.id))
            )
        return outbox
    if phones not in (EVERY_PHONE, NO_PHONE):  # a member
        outbox.append(("state", snapshots.member_view(s, phones, facts), _member_room(phones.id)))
    outbox.append(("progress", snapshots.progress_view(s, facts), _phones_room(s.id)))
    return outbox


SHARED_ROOMS = ("screen", "host", "members")  # the rooms ``send(coalesce=True)`` may hold


def send(outbox: Outbox, *, coalesce: bool = False) -> None:
    """Emit an outbox. ``coalesce``: during a burst, the screen, the host and the phones'
    progress get the newest of several updates (``pushes.Coalescer``); a phone's own view
    always goes at once."""
    pushes = current_app.extensions.get("pushes")
    for event, data, room in outbox:
        if pushes is not None and coalesce and room.split(":", 1)[0] in SHARED_ROOMS:
            pushes.emit(event, data, room)
            continue
        sio.emit(event, data, to=room)
        if pushes is not None:
            pushes.sent(room, data.get("version", 0))


def push(session_id: int) -> None:
    """Send every audience of a session its whole view (for a change made elsewhere)."""
    with store().transaction(readonly=True) as db:
        s = Store.load(db, id=session_id, all_picks=False)
        outbox = announcement(db, s) if s is not None else []
    send(outbox)


# --- connecting --------------------------------------------------------------


@sio.on("connect")
def on_connect(auth: Any = None, *_extra):
    """Any page connects; it gets its snapshot at once (also after a drop or a restart)."""
    if not isinstance(auth, dict):
        raise ConnectionRefusedError("unauthorized")
    role, public_id = auth.get("role"), auth.get("session")
    if role not in ("host", "screen", "member") or not isinstance(public_id, str):
        raise ConnectionRefusedError("unauthorized")
    address = request.remote_addr or "?"
    if not limits().throttle.allow_connect_address(address):
        raise ConnectionRefusedError("busy")
    with store().plain(readonly=True) as db:
        s = store().read(db, public_id=public_id)  # for reading only: no model objects
        if s is None:
            raise ConnectionRefusedError("gone")
        member = None
        if role == "host":
            allowed = _same(request.cookies.get(HOST_COOKIE.format(public_id)), s.host_key)
        elif role == "screen":
            allowed = _same(auth.get("key"), s.screen_key)
        else:
            token = request.cookies.get(MEMBER_COOKIE.format(public_id))
            member = next((m for m in s.members if _same(token, m.token)), None)
            allowed = member is not None
        if not allowed:
            raise ConnectionRefusedError("unauthorized")
        person = _person(role, s.id, member.id if member else None)
        if not limits().throttle.allow_connect(person, address):
            raise ConnectionRefusedError("busy")  # cut off for flooding: stays out a while
        g.session_locale = s.locale
        g.browser_first = role == "member"
        caller = Caller(role, s.id, member.id if member else None, select_locale(), person)
        if role == "member":
            join_room(_member_room(member.id))
            join_room(_phones_room(s.id))
            view = snapshots.member_view(s, member, snapshots.Facts(s, db))
        else:
            join_room(_rooms(s.id)[0 if role == "screen" else 1])
            facts = snapshots.Facts(s, db)
            view = (
                snapshots.screen_view(s, facts)
                if role == "screen"
                else snapshots.host_view(s, facts)
            )
        practising = s.practice and role != "member"
    store().remember(s)  # with the picks its view read: the next page of it need not
    _callers[request.sid] = caller
    sio.emit("state", view, to=request.sid)
    if practising:
        start_practice(caller.session_id)  # after a restart, the examples go on answering


def _same(given: Any, secret: str) -> bool:
    """A key or token compared in constant time (what was sent may be anything)."""
    return isinstance(given, str) and hmac.compare_digest(given.encode(), secret.encode())


@sio.on("disconnect")
def on_disconnect(*_args):
    _callers.pop(request.sid, None)


# --- acting ------------------------------------------------------------------


def _act(
    role: str,
    data: Any,
    change,
    phones: str = EVERY_PHONE,
    *,
    plain: bool = False,
    coalesce: bool = False,
) -> dict:
    """Run ``change(db, session, member, data)`` for a caller of ``role``, store it, push.

    The session is loaded once, locked; the snapshots are made from that same load and
    sent after the commit. ``phones`` says whose phone view the change can alter:
    ``EVERY_PHONE``, ``OWN_PHONE`` (the acting member's) or ``NO_PHONE``. ``plain``: the
    change writes picks only, with its own statements (it reads with ``Store.read``): it
    gets a plain connection (``Store.plain``), not an ORM session. ``coalesce``: a change
    that comes in bursts (see ``send``).
    """
    caller = _callers.get(request.sid)
    refusal = _flood_refusal(caller)
    if refusal is not None:
        return refusal
    if caller is None or caller.role != role:
        return {"ok": False, "error": _translate(caller, N_("You are not allowed to do this."))}
    if not isinstance(data, dict):
        data = {}
    try:
        with store().plain() if plain else store().transaction() as db:
            s = (
                store().read(db, id=caller.session_id, for_update=True)
                if plain
                else Store.load(db, id=caller.session_id, for_update=True, all_picks=False)
            )
            if s is None:
                raise exercise.RuleError(N_("This session no longer exists."))
            member = None
            if caller.member_id is not None:
                member = next((m for m in s.members if m.id == caller.member_id), None)
                if member is None:
                    raise exercise.RuleError(N_("You are no longer part of this session."))
            change(db, s, member, data)
            Store.touch(db, s)
            outbox = announcement(db, s, member if phones == OWN_PHONE else phones)
    except exercise.RuleError as error:
        return {"ok": False, "error": _translate(caller, error.message, **error.params)}
    except Exception:  # a malformed event must never take the server down or change data
        log.exception("event for %s refused", role)
        return {
            "ok": False,
            "error": _translate(caller, N_("That did not work. Nothing was changed. Try again.")),
        }
    if plain:  # committed, and only picks changed: the members and rounds read still hold
        store().remember(s)
    send(outbox, coalesce=coalesce)
    return {"ok": True}


def _translate(caller: Caller | None, message: str, **params: Any) -> str:
    with force_locale(caller.locale if caller else "nl"):
        return gettext(message, **params)


# --- members -----------------------------------------------------------------


def _save_picks(db, s: TeamSession, member: Member, data: dict) -> None:
    """Store (or replace) a member's two picks in the open round, after the rules."""
    r = s.current_round
    exercise.check_can_pick(s, r, member, data.get("round_id"))
    picks = exercise.validate_picks(data.get("picks"))
    Store.replace_picks(db, r, member.id, picks)


def _save_goal(s: TeamSession, member: Member, data: dict) -> None:
    exercise.check_can_set_goal(s)
    competency = exercise.clean_competency(data.get("competency"))
    reason = exercise.clean_reason(data.get("reason"))
    member.development_goal, member.development_reason = competency, reason


@sio.on("pick")
def on_pick(data=None, *_extra):
    """A member sends (or changes) their two picks for the central member. The screen and
    host see *that* they answered; their own phone gets its view (with the picks) at once,
    every other phone only the new count. When many answer at once, the screen, the host and
    the count get the newest state once per PUSH_WINDOW_MS (``send``)."""

    def change(db, s, member, data):
        r = s.current_round
        exercise.check_can_pick(s, r, member, data.get("round_id"))
        picks = exercise.validate_picks(data.get("picks"))
        Store.replace_picks(db, r, member.id, picks)
        s.picked(r.id, member.id, picks)

    return _act("member", data, change, OWN_PHONE, plain=True, coalesce=True)


@sio.on("goal")
def on_goal(data=None, *_extra):
    """A member sends the one competency they want to develop, with why."""

    def change(db, s, member, data):
        exercise.check_can_set_goal(s)
        member.development_goal = exercise.clean_competency(data.get("competency"))
        member.development_reason = exercise.clean_reason(data.get("reason"))
        # Optional: how true the goal's four self-check statements are for them.
        member.goal_ratings = selfview.join_ratings(selfview.validate_ratings(data.get("ratings")))

    # No other phone shows someone's goal: the others only learn that something changed.
    return _act("member", data, change, OWN_PHONE)


@sio.on("self_view")
def on_self_view(data):
    """A member chooses (or clears) the 3 qualities that fit them and the 3 they want to
    develop, in the lobby or during the rounds. Only their own phone sees it."""

    def change(db, s, member, data):
        selfview.check_can_set_self_view(s)
        fits, develops = selfview.validate_self_view(data.get("fits"), data.get("develops"))
        member.self_fits = selfview.join_keys(fits)
        member.self_develops = selfview.join_keys(develops)

    return _act("member", data, change, OWN_PHONE)


@sio.on("self_view_shown")
def on_self_view_shown(data):
    """A member allows (or no longer allows) the screen and the facilitator to show their own
    choice next to the team's. Possible at any step: it is their consent."""

    def change(db, s, member, data):
        shown = data.get("show")
        if not isinstance(shown, bool):
            raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
        member.self_shown = shown

    return _act("member", data, change, OWN_PHONE)


# --- host --------------------------------------------------------------------


def _host(event: str, rule, phones: str = EVERY_PHONE):
    """Register a host action that only needs the session and the request data."""

    def handler(data=None, *_extra):
        practising = []

        def change(_db, s, _member, data):
            rule(s, data)
            guide.after_step(event, s)
            if s.practice:
                practising.append(s.id)

        result = _act("host", data, change, phones)
        if result["ok"] and practising and event in guide.PRACTICE_STEPS:
            start_practice(practising[0])
        return result

    handler.__name__ = f"on_{event}"
    handler.__doc__ = f"The host asks to {event.replace('_', ' ')}; everyone gets a snapshot."
    sio.on(event)(handler)


def _set_joining(s: TeamSession, data: dict) -> None:
    wanted = data.get("open")
    if not isinstance(wanted, bool):
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    s.joining_open = wanted


def _member(s: TeamSession, member_id: Any) -> Member | None:
    if not exercise.is_id(member_id):
        return None
    return next((m for m in s.members if m.id == member_id), None)


def _remove_member(s: TeamSession, data: dict) -> None:
    _remove_members(s, {"member_ids": [data.get("member_id")]})


def _remove_members(s: TeamSession, data: dict) -> None:
    """Remove one or more members (fake names, someone who left) at once.

    Their own rounds go. Their picks in rounds not yet revealed go. Rounds already revealed
    never change: the removed member's reasons stay there, without a name, and the tally
    stays the same, so nobody can tell which reasons were theirs.
    """
    exercise.require_phase(s, "lobby", "rounds", "development", "pairing")
    ids = data.get("member_ids")
    if not isinstance(ids, list) or not 0 < len(ids) <= 500:
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    leaving = [_member(s, member_id) for member_id in ids]
    if any(m is None for m in leaving):
        raise exercise.RuleError(N_("This member has already left."))
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
    # Snapshots are made from this same load: it no longer lists them. (Not a removal from
    # the collection, which would delete the rows and their revealed reasons with them.)
    set_committed_value(s, "members", [m for m in s.members if m.id not in gone])


def _start_pairing(s: TeamSession, data: dict) -> None:
    """Make the best duos, or the best coach for everyone (the host's choice): from the
    development step, or again (undoing manual changes, or switching between the two)."""
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


def _require_duos(s: TeamSession) -> None:
    if s.pairing_mode != "duos":
        raise exercise.RuleError(N_("That is not possible at this step of the session."))


def _set_coach(s: TeamSession, data: dict) -> None:
    """Coach mode: the host gives a member another coach."""
    exercise.require_phase(s, "pairing")
    exercise.check_seen(s, data.get("version"))
    member, coach = _member(s, data.get("member_id")), _member(s, data.get("coach_id"))
    if member is None or coach is None:
        raise exercise.RuleError(N_("This member has already left."))
    exercise.set_coach(s, member, coach)


def _move_member(s: TeamSession, data: dict) -> None:
    exercise.require_phase(s, "pairing")
    _require_duos(s)
    exercise.check_seen(s, data.get("version"))
    member = _member(s, data.get("member_id"))
    if member is None:
        raise exercise.RuleError(N_("This member has already left."))
    used = {m.group_no for m in s.members}
    target = data.get("group")
    if not (target == "new" or exercise.is_id(target)):
        raise exercise.RuleError(N_("That group does not exist."))
    if target == "new":
        target = max(n for n in used if n is not None) + 1
    elif target not in used:
        raise exercise.RuleError(N_("That group does not exist."))
    member.group_no = target


def _swap_members(s: TeamSession, data: dict) -> None:
    exercise.require_phase(s, "pairing")
    _require_duos(s)
    exercise.check_seen(s, data.get("version"))
    first, second = _member(s, data.get("member_id")), _member(s, data.get("other_id"))
    if first is None or second is None:
        raise exercise.RuleError(N_("This member has already left."))
    first.group_no, second.group_no = second.group_no, first.group_no


def _confirm_duos(s: TeamSession, data: dict) -> None:
    exercise.require_phase(s, "pairing")
    exercise.check_seen(s, data.get("version"))
    if s.pairing_mode == "coach":
        alone = exercise.without_coach(s.members)
        if alone:
            names = exercise.display_names(s.members)
            raise exercise.RuleError(
                N_("Still without a coach: %(names)s. Choose a coach for them first."),
                names=", ".join(names[m.id] for m in alone),
            )
        s.phase = "closed"
        return
    sizes: dict[int | None, int] = {}
    for m in s.members:
        sizes[m.group_no] = sizes.get(m.group_no, 0) + 1
    alone = [m for m in s.members if sizes[m.group_no] < 2]
    if len(s.members) > 1 and alone:
        names = exercise.display_names(s.members)
        raise exercise.RuleError(
            N_("Still without a partner: %(names)s. Move everyone into a group first."),
            names=", ".join(names[m.id] for m in alone),
        )
    s.phase = "closed"


# --- practice session ---------------------------------------------------------


class PracticeTasks:
    """Which practice sessions have an answering task in this process, and which were asked
    again while it ran. This only saves work: whether an example member still has to answer
    is read from the database, inside the transaction that stores the answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: set[int] = set()
        self.again: set[int] = set()


def _practice_tasks(app) -> PracticeTasks:
    return app.extensions.setdefault("practice_tasks", PracticeTasks())


def start_practice(session_id: int) -> None:
    """Let the example members of a practice session answer, one by one, in the background.

    Started after each step that gives them something to do, and when a host or screen
    connects (so after a server restart the answering goes on)."""
    app = current_app._get_current_object()
    tasks = _practice_tasks(app)
    with tasks.lock:
        tasks.again.add(session_id)
        if session_id in tasks.running:
            return  # the running task looks again before it stops
        tasks.running.add(session_id)
    sio.start_background_task(_practice_task, app, session_id)


def _practice_task(app, session_id: int) -> None:
    delay = app.config.get("PRACTICE_DELAY_SECONDS", 1.5)
    tasks = _practice_tasks(app)
    with app.app_context():
        while True:
            with tasks.lock:
                if session_id not in tasks.again:
                    tasks.running.discard(session_id)
                    return
                tasks.again.discard(session_id)
            try:
                while True:
                    sio.sleep(delay)  # one by one, so the room sees the answers come in
                    if not _example_answers(session_id):
                        break
            except Exception:
                log.exception("practice session %s: example answer failed", session_id)


def _example_answers(session_id: int) -> bool:
    """Store one example member's answer and announce it, as a phone's answer would be;
    False when no example member has anything to do."""
    with store().transaction() as db:
        s = Store.load(db, id=session_id, for_update=True, all_picks=False)
        if s is None or not s.practice:
            return False
        votes = Store.votes_received(db, s) if s.phase == "development" else None
        todo = practice.next_answer(s, votes)
        if todo is None:
            return False
        kind, member, answer = todo
        with force_locale(s.locale):
            if kind == "pick":
                picks = [(competency, gettext(reason)) for competency, reason in answer]
                Store.replace_picks(db, s.current_round, member.id, picks)
            else:
                member.development_goal, reason = answer[0], gettext(answer[1])
                member.development_reason = reason
        Store.touch(db, s)
        outbox = announcement(db, s, member)  # an example member has no phone of its own
    send(outbox)
    return True


# Phones show no opening slide; they do count down with the timer.
_host("show_opening", guide.show_opening, NO_PHONE)
_host("set_timer", guide.set_timer)
# A phone shows neither whether joining is open nor the order of the waiting rounds.
_host("set_joining", _set_joining, NO_PHONE)
_host("shuffle", lambda s, _d: exercise.shuffle_rounds(s, random.SystemRandom()), NO_PHONE)
_host(
    "move_round",
    lambda s, d: exercise.move_round(s, d.get("round_id"), d.get("direction")),
    NO_PHONE,
)
_host("start_rounds", lambda s, _d: exercise.start_rounds(s))
_host("reveal", lambda s, d: exercise.reveal(s, d.get("round_id")))
_host("next_round", lambda s, d: exercise.next_round(s, d.get("round_id")))
_host("skip_round", lambda s, d: exercise.skip_round(s, d.get("round_id")))
_host("start_development", lambda s, _d: exercise.start_development(s))
_host("start_pairing", _start_pairing)
_host("move_member", _move_member)
_host("swap_members", _swap_members)
_host("confirm_duos", _confirm_duos)
# The closing slides are for the big screen; a phone shows none of them.
_host("show_closing", lambda s, d: picture.show_closing_slide(s, d.get("slide")), NO_PHONE)

_host("set_coach", _set_coach)


# --- a member without a phone: the host answers for them ---------------------------------


def _proxy(s: TeamSession, data: dict) -> Member:
    """The member the host answers for; only one who answers via the host."""
    member = _member(s, data.get("member_id"))
    if member is None:
        raise exercise.RuleError(N_("This member has already left."))
    if not member.via_host:
        raise exercise.RuleError(
            N_("%(name)s answers on their own phone. Switch them to 'via the facilitator' first."),
            name=exercise.display_names(s.members)[member.id],
        )
    return member


def _set_via_host(s: TeamSession, data: dict) -> None:
    """Switch a member between their own phone and the host answering for them. What they
    sent stays; their phone keeps working (it can come back)."""
    exercise.require_phase(s, "lobby", "rounds", "development", "pairing")
    member = _member(s, data.get("member_id"))
    if member is None:
        raise exercise.RuleError(N_("This member has already left."))
    wanted = data.get("on")
    if not isinstance(wanted, bool):
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    member.via_host = wanted


@sio.on("add_proxy_member")
def on_add_proxy_member(data=None):
    """The host adds a member who has no phone; the host answers for them."""

    def change(db, s, _member, data):
        exercise.require_phase(s, "lobby", "rounds", "development")
        name = exercise.clean_name(data.get("name"))
        add_member(db, s, name).via_host = True

    return _act("host", data, change)


@sio.on("proxy_pick")
def on_proxy_pick(data=None):
    """The host sends the two picks of a member without a phone; they count as theirs."""
    return _act("host", data, lambda db, s, _m, data: _save_picks(db, s, _proxy(s, data), data))


@sio.on("proxy_goal")
def on_proxy_goal(data=None):
    """The host sends the goal of a member without a phone."""
    return _act("host", data, lambda db, s, _m, data: _save_goal(s, _proxy(s, data), data))


_host("set_via_host", _set_via_host, NO_PHONE)


@sio.on("reveal_step")
def on_reveal_step(data=None):
    """The host, or the projector's own keys (a presenter remote), turns the revealed round
    to another step: ``{round_id, step, version}``; everyone gets a snapshot. The screen may
    do only this: it changes what the room looks at, never an answer."""
    caller = _callers.get(request.sid)
    role = "screen" if caller is not None and caller.role == "screen" else "host"
    # Phones show the whole tally, not the step: they get only the small progress message.
    return _act(
        role,
        data,
        lambda db, s, _member, d: exercise.set_reveal_step(
            s, d.get("round_id"), d.get("step"), d.get("version")
        ),
        phones=NO_PHONE,
    )


@sio.on("remove_member")
def on_remove_member(data=None, *_extra):
    """The host removes a member; their phone is told and disconnected, their token dies.

    The phone may be connected to another process: it is told through its member room
    (rooms reach every process through the message queue), then the room is closed
    everywhere. The page disconnects itself on "removed"; a page that does not gets
    nothing more and every action it tries is refused (the member is no longer in the
    session, and their token opens nothing). Connections on this process are also cut."""
    result = _act("host", data, lambda db, s, _member, data: _remove_member(s, data))
    if result["ok"]:
        _drop_members({data["member_id"]})
    return result


@sio.on("remove_members")
def on_remove_members(data=None, *_extra):
    """The host removes several members at once (``{"member_ids": [...]}``)."""
    result = _act("host", data, lambda db, s, _member, data: _remove_members(s, data))
    if result["ok"]:
        _drop_members(set(data["member_ids"]))
    return result


def _drop_members(member_ids: set) -> None:
    """Tell removed members' phones on every process (their rooms), then cut them here."""
    for member_id in member_ids:
        room = _member_room(member_id)
        sio.emit("removed", to=room)
        sio.close_room(room)
    _disconnect_here(lambda c: c.member_id in member_ids)


def drop_connections(session_id: int, role: str) -> None:
    """After the host replaced a link: pages that used the old one stop at once."""
    room = _rooms(session_id)[0 if role == "screen" else 1]
    sio.emit("removed", to=room)
    sio.close_room(room)
    for sid, caller in list(_callers.items()):
        if caller.session_id == session_id and caller.role == role:
            sio.server.disconnect(sid, namespace="/")


@sio.on("delete_session")
def on_delete_session(data=None, *_extra):
    """The host deletes the session and all its personal data now; every page is told,
    on whichever process it is connected (session and member rooms, not a list here)."""
    caller = _callers.get(request.sid)
    refusal = _flood_refusal(caller)
    if refusal is not None:
        return refusal
    if caller is None or caller.role != "host":
        return {"ok": False, "error": _translate(caller, N_("You are not allowed to do this."))}
    with store().transaction() as db:
        s = Store.load(db, id=caller.session_id, for_update=True)
        # Every phone of the session is in its phones room, on whichever process.
        rooms = [*_rooms(caller.session_id), _phones_room(caller.session_id)]
        if s is not None:
            rooms += [_member_room(m.id) for m in s.members]
            db.delete(s)
    # The asking page gets its answer (and leaves); every other page is told.
    sio.emit("gone", to=rooms, skip_sid=request.sid)
    # Closing the rooms ends every connection in them: the asking page leaves first.
    sio.server.leave_room(request.sid, _rooms(caller.session_id)[1], namespace="/")
    for room in rooms:
        sio.close_room(room)
    _disconnect_here(lambda c: c.session_id == caller.session_id, keep=request.sid)
    return {"ok": True}


def _disconnect_here(which, keep: str | None = None) -> None:
    """Cut this process's connections whose caller matches (others cut their own on the
    event they were sent)."""
    for sid, other in list(_callers.items()):
        if which(other) and sid != keep:
            disconnect(sid)


# --- joining (called from the HTTP join form) ----------------------------------


def add_member(db, s: TeamSession, name: str) -> Member:
    """A new member; during the rounds their own round goes at the end of the queue."""
    member = Member(name=name)
    s.members.append(member)
    db.flush()
    if s.phase in ("lobby", "rounds"):
        s.rounds.append(Round(central_member_id=member.id, position=exercise.next_position(s)))
    Store.touch(db, s)
    return member


# --- retention ---------------------------------------------------------------


def start_purge_task(app) -> None:
    interval = app.config.get("PURGE_INTERVAL_SECONDS", 0)
    if not interval:
        return

    def purge_forever():
        while True:
            app.extensions["store"].purge_expired(
                app.config["RETENTION_DAYS"], app.config["EMPTY_SESSION_HOURS"]
            )
            sio.sleep(interval)

    sio.start_background_task(purge_forever)
