"""Socket.IO: one table of events, and the one loop that runs them.

Every page connects with ``auth = {"role": ..., "session": public_id}``. The host proves
itself with its HttpOnly cookie, a member with theirs, the screen with its read-only key.
Who a connection is stays in Flask-SocketIO's per-connection session; the host's and the
screen's key is checked again against the database on every event, so a replaced link stops
working on every process.

Each row of ``EVENTS`` says who may send the event, the rule it runs (a plain function of a
``Change``, in a module beside ``exercise``) and whose phone views the change can alter. The
loop checks the caller, runs the rule in a transaction on the locked session, stores, and
then announces (``broadcast``). Every event answers through the acknowledgement:
``{"ok": true}`` or ``{"ok": false, "error": "<message in the caller's language>"}``.

To add an event: write its rule (``def rule(c: Change) -> None`` that raises
``exercise.RuleError`` to refuse), unit-test it in ``tests/rules/``, add a row here, and test
the row through Socket.IO in ``tests/live/``.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, request, session
from flask_babel import force_locale, gettext
from flask_socketio import ConnectionRefusedError, disconnect, join_room

from session_app import (
    answers,
    broadcast,
    duos,
    exercise,
    followup,
    guide,
    members,
    metrics,
    picture,
    roles,
    slides,
    snapshots,
    stopping,
)
from session_app import socketio as sio
from session_app.access import HOST, HOST_COOKIE, MEMBER, MEMBER_COOKIE, ROLES, SCREEN, same
from session_app.broadcast import EVERY_PHONE, NO_PHONE, OWN_PHONE
from session_app.change import Change
from session_app.content import N_
from session_app.i18n import select_locale
from session_app.limits import Limits, QuietLog
from session_app.practising import start_practice
from session_app.store import OutOfDate, Store, utcnow

log = logging.getLogger(__name__)
# Refused events are logged, but never faster than a few lines a minute (also the
# tracebacks Socket.IO itself writes): an attacker's frames cannot fill the disk.
for _logger in (log, logging.getLogger("engineio.server"), logging.getLogger("socketio.server")):
    _logger.addFilter(QuietLog())

TRY_AGAIN = N_("That did not work. Nothing was changed. Try again.")
# A refusal's reason in the metrics: never its message (that may name someone).
REFUSAL_REASONS = {
    TRY_AGAIN: metrics.ERROR,
    "You are not allowed to do this.": metrics.NOT_ALLOWED,
    "Too many messages at once. Wait a moment and try again.": metrics.FLOOD,
}


@dataclass(frozen=True)
class Event:
    """One row of the table: a live action, who may send it and what it changes."""

    name: str
    senders: frozenset[str]  # HOST, SCREEN, MEMBER
    rule: Callable[[Change[Any]], Any]
    # Whose phone views the change can alter: EVERY_PHONE, OWN_PHONE (the sender's) or
    # NO_PHONE; the phones that get no whole view get the small progress message.
    phones: str = EVERY_PHONE
    # The change writes picks only, with its own statements: it reads the session without
    # the ORM (``Store.read``) on a plain connection. A pick is most of the traffic.
    plain: bool = False
    coalesce: bool = False  # comes in bursts: see ``broadcast.send``
    announce: bool = True  # False: the rule ends the session, there is nothing to announce
    # After the commit, with what the rule returned: e.g. cut off removed members' phones.
    after: Callable[[Change[Any], Any], None] | None = None


def _removed(_c: Change, gone: set[int]) -> None:
    """Tell removed members' phones, then close their rooms (on every process)."""
    broadcast.close([broadcast.member_room(member_id) for member_id in gone], tell="removed")


def _deleted(c: Change, member_ids: set[int]) -> None:
    """Tell every page of a deleted session, on whichever process; the asking page gets its
    answer instead (and leaves by itself)."""
    sid = c.session.id
    rooms = [broadcast.room(SCREEN, sid), broadcast.room(HOST, sid), broadcast.phones_room(sid)]
    rooms += [broadcast.member_room(member_id) for member_id in member_ids]
    sio.server.leave_room(request.sid, broadcast.room(HOST, sid), namespace="/")
    broadcast.close(rooms, tell="gone", skip_sid=request.sid)


def _delete_session(c: Change) -> set[int]:
    """The host deletes the session and every name and answer in it, now."""
    member_ids = {m.id for m in c.session.members}
    c.db.delete(c.session)
    return member_ids


def _step_about(key: str, rule: Callable[[Any, object], None]) -> Callable[[Change], None]:
    """A step that names what it is about: the round (``{"round_id"}``), a member, ..."""
    return lambda c: rule(c.session, c.data.get(key))


def _round_step(rule: Callable[[Any, object], None]) -> Callable[[Change], None]:
    """A step of ``exercise`` that names the round it is about (``{"round_id"}``)."""
    return _step_about("round_id", rule)


def _shuffle(c: Change) -> None:
    exercise.shuffle_rounds(c.session, random.SystemRandom())


def _move_round(c: Change) -> None:
    exercise.move_round(c.session, c.data.get("round_id"), c.data.get("direction"))


def _reveal_step(c: Change) -> None:
    d = c.data
    exercise.set_reveal_step(c.session, d.get("round_id"), d.get("step"), d.get("version"))


def _day_rule(rule: Callable[..., None], key: str) -> Callable[[Change], None]:
    """A follow-up step that sets a day (``{key: "YYYY-MM-DD"}``), at most
    FOLLOW_UP_MAX_DAYS from today."""
    setting = ("FOLLOW_UP_MAX_DAYS", followup.FOLLOW_UP_MAX_DAYS)
    return lambda c: rule(
        c.session, c.data.get(key), utcnow().date(), current_app.config.get(*setting)
    )


def _claim(c: Change) -> None:
    team = followup.earlier_team(c.db, c.session.id) or {}
    followup.claim(c.session, c.sender, c.data, [m["name"] for m in team.get("members", [])])


def _look_back(c: Change) -> None:
    """How it went, with last time's goal (for its statements) from the earlier team."""
    team = followup.earlier_team(c.db, c.session.id)
    then = followup.earlier_member(team, c.sender.earlier_name)
    followup.look_back(c.session, c.sender, c.data, then["goal"] if then else None)


ONLY_HOST, ONLY_MEMBER = frozenset({HOST}), frozenset({MEMBER})
EVENTS = {
    e.name: e
    for e in [
        # A member's answers. A pick: the screen and host see *that* they answered, their own
        # phone its picks, every other phone only the new count. Nobody else sees a goal or
        # a self-view.
        Event("pick", ONLY_MEMBER, answers.pick, OWN_PHONE, plain=True, coalesce=True),
        Event("goal", ONLY_MEMBER, answers.goal, OWN_PHONE),
        Event("self_view", ONLY_MEMBER, answers.self_view, OWN_PHONE),
        Event("self_view_shown", ONLY_MEMBER, answers.self_view_shown, OWN_PHONE),
        # "Liever niet centraal": the count of rounds on every phone changes with it.
        Event("central_choice", ONLY_MEMBER, answers.central_choice),
        # The facilitator's guide. Phones show no opening slide; they do count down.
        Event("show_opening", ONLY_HOST, guide.show_opening, NO_PHONE),
        Event("set_timer", ONLY_HOST, guide.set_timer),
        # The lobby. A phone shows neither whether joining is open nor the order of rounds.
        Event("set_joining", ONLY_HOST, members.set_joining, NO_PHONE),
        Event("shuffle", ONLY_HOST, _shuffle, NO_PHONE),
        Event("move_round", ONLY_HOST, _move_round, NO_PHONE),
        # The rounds.
        Event("start_rounds", ONLY_HOST, lambda c: exercise.start_rounds(c.session)),
        Event("reveal", ONLY_HOST, _round_step(exercise.reveal)),
        Event("next_round", ONLY_HOST, _round_step(exercise.next_round)),
        Event("skip_round", ONLY_HOST, _round_step(exercise.skip_round)),
        # The host, or the projector's own keys (a presenter remote), turns the revealed
        # round's steps: the one thing the screen may do. Phones show the whole tally.
        Event("reveal_step", frozenset({HOST, SCREEN}), _reveal_step, NO_PHONE),
        # Development, pairing, the closing slides.
        Event("start_development", ONLY_HOST, lambda c: exercise.start_development(c.session)),
        Event("start_pairing", ONLY_HOST, duos.start_pairing),
        Event("move_member", ONLY_HOST, duos.move_member),
        Event("swap_members", ONLY_HOST, duos.swap_members),
        Event("set_coach", ONLY_HOST, duos.set_coach),
        Event("confirm_duos", ONLY_HOST, duos.confirm),
        Event(
            "show_closing",
            ONLY_HOST,
            lambda c: picture.show_closing_slide(c.session, c.data.get("slide")),
            NO_PHONE,
        ),
        # A long slide (the duo proposal, a closing slide) turns its parts when the host (or
        # the projector's keys, a presenter remote) says so, never by itself.
        Event("slide_step", frozenset({HOST, SCREEN}), slides.show_part, NO_PHONE),
        # Who does what: the host puts names on tasks, and turns the slide's parts. A phone
        # shows only the tasks that fit its own member, which names do not change.
        Event("assign_task", ONLY_HOST, roles.assign_task, NO_PHONE),
        Event("unassign_task", ONLY_HOST, roles.unassign_task, NO_PHONE),
        Event("roles_step", ONLY_HOST, roles.show_step, NO_PHONE),
        # Members: without a phone (the host answers for them), removed.
        Event("add_proxy_member", ONLY_HOST, members.add_proxy_member),
        Event("set_via_host", ONLY_HOST, members.set_via_host, NO_PHONE),
        Event("proxy_pick", ONLY_HOST, answers.proxy_pick),
        Event("proxy_goal", ONLY_HOST, answers.proxy_goal),
        Event("remove_member", ONLY_HOST, members.remove_member, after=_removed),
        Event("remove_members", ONLY_HOST, members.remove_members, after=_removed),
        Event("delete_session", ONLY_HOST, _delete_session, announce=False, after=_deleted),
        # A follow-up months later (``followup``): the team keeps the session until a day
        # (every phone says until when), sets the day of the follow-up; in the follow-up,
        # members claim their earlier name and the facilitator confirms it.
        Event("keep", ONLY_HOST, _day_rule(followup.keep, "until")),
        Event("stop_keeping", ONLY_HOST, lambda c: followup.stop_keeping(c.session)),
        Event("set_follow_up_on", ONLY_HOST, _day_rule(followup.set_follow_up_on, "day")),
        Event("claim_earlier", ONLY_MEMBER, _claim, OWN_PHONE),
        Event("look_back", ONLY_MEMBER, _look_back, OWN_PHONE),
        # The look back on the big screen, in parts the host turns (never by itself).
        Event(
            "look_back_slide",
            ONLY_HOST,
            lambda c: followup.show_look_back(c.session, c.data.get("step")),
            NO_PHONE,
        ),
        Event("confirm_claim", ONLY_HOST, _step_about("member_id", followup.confirm_claim)),
        Event("reject_claim", ONLY_HOST, _step_about("member_id", followup.reject_claim)),
        Event("confirm_all_claims", ONLY_HOST, lambda c: followup.confirm_all(c.session)),
    ]
}


# --- who is calling ---------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    """Who a connection is, kept in its own Socket.IO session (``flask.session`` there)."""

    role: str  # HOST, SCREEN or MEMBER
    session_id: int
    member_id: int | None
    locale: str
    person: str  # whom the flood limits count: the same member on every connection
    key: str = ""  # the host's or screen's key it connected with: checked on every event


def _caller() -> Caller | None:
    return session.get("caller")


def limits() -> Limits:
    return current_app.extensions["limits"]


def store() -> Store:
    return current_app.extensions["store"]


def _translate(caller: Caller | None, message: str, **params: Any) -> str:
    with force_locale(caller.locale if caller else "nl"):
        return gettext(message, **params)


def _refusal(caller: Caller | None, message: str, **params: Any) -> dict:
    metrics.refused(REFUSAL_REASONS.get(message, metrics.RULE))
    return {"ok": False, "error": _translate(caller, message, **params)}


def _flood_refusal(caller: Caller | None) -> dict | None:
    """The answer for an event over the flood limits, or None when it may go on."""
    person = caller.person if caller else f"sid:{request.sid}"
    try:
        allowed = limits().throttle.allow(person, request.remote_addr or "?")
    except Exception:  # the shared counters (Redis) unreachable: refuse, with an answer
        log.exception("flood limits not available")
        return _refusal(caller, TRY_AGAIN)
    if allowed:
        return None
    if allowed is None:
        disconnect()
    return _refusal(caller, N_("Too many messages at once. Wait a moment and try again."))


# --- connecting -------------------------------------------------------------------


def on_connect(auth: Any = None, *_extra):
    """Any page connects; it gets its snapshot at once (also after a drop or a restart)."""
    try:
        _connect(auth)
    except ConnectionRefusedError as refusal:
        metrics.refused(str(refusal.args[0]) if refusal.args else "refused")  # busy, gone…
        raise
    except Exception:  # the database or the shared limits (Redis) unreachable: say so at once
        log.exception("connection refused: the database or the shared limits are unreachable")
        metrics.refused("unavailable")
        raise ConnectionRefusedError("unavailable") from None
    metrics.connected()


def _connect(auth: Any) -> None:
    address = request.remote_addr or "?"
    if not limits().throttle.allow_connect_address(address):  # it failed too often just now
        raise ConnectionRefusedError("busy")
    try:
        _let_in(auth, address)
    except ConnectionRefusedError as refusal:
        if refusal.args and refusal.args[0] in ("unauthorized", "gone"):
            limits().throttle.failed_connect(address)
        raise
    vouch = request.environ.get("teamkracht.vouch")
    if vouch is not None:  # a page let in: no longer counted against its address (edge)
        vouch()


def _let_in(auth: Any, address: str) -> None:
    if not isinstance(auth, dict):
        raise ConnectionRefusedError("unauthorized")
    role, public_id = auth.get("role"), auth.get("session")
    if role not in ROLES or not isinstance(public_id, str):
        raise ConnectionRefusedError("unauthorized")
    with store().plain(readonly=True) as db:
        s = store().read(db, public_id=public_id)  # for reading only: no model objects
        if s is None:
            raise ConnectionRefusedError("gone")
        member, key = None, ""
        if role == HOST:
            key = request.cookies.get(HOST_COOKIE.format(public_id), "")
            allowed = same(key, s.host_key)
        elif role == SCREEN:
            key = auth.get("key")
            allowed = same(key, s.screen_key)
        else:
            token = request.cookies.get(MEMBER_COOKIE.format(public_id))
            member = next((m for m in s.members if same(token, m.token)), None)
            allowed = member is not None
        if not allowed:
            raise ConnectionRefusedError("unauthorized")
        person = f"m{member.id}" if member else f"{role}{s.id}"
        if not limits().throttle.allow_connect(person, address):
            raise ConnectionRefusedError("busy")  # cut off for flooding: stays out a while
        g.session_locale = s.locale
        g.browser_first = role == MEMBER
        member_id = member.id if member else None
        caller = Caller(role, s.id, member_id, select_locale(), person, key)
        if role == MEMBER:
            join_room(broadcast.member_room(member.id))
            join_room(broadcast.phones_room(s.id))
        else:
            join_room(broadcast.room(role, s.id))
        view = snapshots.first_view(s, role, member, db)  # also in the page's HTML (views)
        practising = s.practice and role != MEMBER
    store().remember(s)  # with the picks its view read: the next page of it need not
    session["caller"] = caller
    sio.emit("state", view, to=request.sid)
    if practising:
        start_practice(caller.session_id)  # after a restart, the examples go on answering


# --- acting -----------------------------------------------------------------------


def _handler(event: Event):
    def handler(data=None, *_extra):
        started = metrics.clock()
        with stopping.of(current_app).event():  # a stopping process answers it first
            answer = _run(event, data)
        metrics.answered(event.name, answer, started)
        return answer

    handler.__name__ = f"on_{event.name}"
    handler.__doc__ = (event.rule.__doc__ or "").split("\n\n")[0]
    return handler


def _replaced(caller: Caller, s) -> bool:
    """The host's or screen's link was replaced since this page connected (on any process)."""
    if caller.role == HOST:
        return not same(caller.key, s.host_key)
    if caller.role == SCREEN:
        return not same(caller.key, s.screen_key)
    return False


def _run(event: Event, data: Any) -> dict:
    """Run one event for the calling page: check the caller, run the rule on the session
    loaded once and locked, store, then announce the snapshots made from that same load."""
    caller = _caller()
    refusal = _flood_refusal(caller)
    if refusal is not None:
        return refusal
    if caller is None or caller.role not in event.senders:
        return _refusal(caller, N_("You are not allowed to do this."))
    if not isinstance(data, dict):
        data = {}
    try:
        with store().turn():
            try:
                done = _change(event, caller, data, at_once=event.plain and store().at_once_works)
            except OutOfDate:  # more than picks changed, or not known here: locked, once more
                done = _change(event, caller, data, at_once=False)
    except exercise.RuleError as error:
        return _refusal(caller, error.message, **error.params)
    except Exception:  # a malformed event must never take the server down or change data
        log.exception("event %s refused", event.name)
        return _refusal(caller, TRY_AGAIN)
    if isinstance(done, dict):
        return done  # refused
    s, change, result, outbox = done
    if event.plain:  # committed, and only picks changed: the members and rounds read still hold
        store().remember(s)
    broadcast.send(outbox, coalesce=event.coalesce)
    if event.after is not None:
        event.after(change, result)
    if event.announce and s.practice and event.name in guide.PRACTICE_STEPS:
        start_practice(s.id)
    return {"ok": True}


def _change(
    event: Event, caller: Caller, data: dict, *, at_once: bool
) -> tuple[Any, Change, Any, broadcast.Outbox] | dict:
    """The rule run on the session read for it, stored, and the announcement made from that
    same read: (session, change, rule's result, outbox), or the refusal to answer with.
    ``at_once`` (a pick, on PostgreSQL): ``Store.at_once``, which raises ``OutOfDate`` when
    the locked path is needed."""
    if at_once:
        opened = store().at_once()
    elif event.plain:
        opened = store().plain()
    else:
        opened = store().transaction()
    with opened as db:
        if event.plain:
            s = store().read(db, id=caller.session_id, for_update=not at_once)
        else:
            s = Store.load(db, id=caller.session_id, for_update=True, all_picks=False)
        if s is None:
            raise exercise.RuleError(N_("This session no longer exists."))
        if _replaced(caller, s):
            # The page says why and stops.
            sio.emit("removed", broadcast.REPLACED, to=request.sid)
            return _refusal(caller, N_("You are not allowed to do this."))
        member = None
        if caller.member_id is not None:
            member = next((m for m in s.members if m.id == caller.member_id), None)
            if member is None:
                raise exercise.RuleError(N_("You are no longer part of this session."))
        change = Change(s, data, member, db)
        result = event.rule(change)
        if caller.role == HOST:
            guide.after_step(event.name, s)
        outbox: broadcast.Outbox = []
        if event.announce:
            Store.touch(db, s, picks_only=event.plain)  # (plain: picks, nothing else)
            phones = member if event.phones == OWN_PHONE else event.phones
            outbox = broadcast.announcement(db, s, phones)
    return s, change, result, outbox


def register() -> None:
    """Bind the handlers to the Socket.IO server that ``create_app`` just made (each app gets
    a server of its own: handlers bound at import would stay with the first one only)."""
    sio.on_event("connect", on_connect)
    for event in EVENTS.values():
        sio.on_event(event.name, _handler(event))
