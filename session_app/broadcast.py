"""Announcing a change to its audiences: who is in which room, what each room is sent.

Imported by ``events`` (Socket.IO) and ``views`` (HTTP forms that change a session), so that
neither imports the other. Every change is committed before it is announced: ``announcement``
builds the messages inside the transaction, ``send`` emits them after the commit.

Rooms reach every process through the message queue, so nothing here needs to know which
process a page is connected to. Closing a room ends the connections in it, on every process
(``messaging``): that is how a removed member, a replaced link or a deleted session is cut off.
"""

from __future__ import annotations

from flask import current_app

from session_app import snapshots
from session_app import socketio as sio
from session_app.access import HOST, SCREEN
from session_app.messaging import emit_many
from session_app.store import Member, Store, TeamSession

# Which phones get their whole view after a change (the others get one progress message).
EVERY_PHONE = "every phone"
OWN_PHONE = "own phone"  # only the member who acted
NO_PHONE = "no phone"

Outbox = list[tuple[str, dict, str]]  # (event, data, room)


def room(role: str, session_id: int) -> str:
    """The room of a session's screens or hosts (every page of that role, every process)."""
    return f"{role}:{session_id}"


def member_room(member_id: int) -> str:
    """Every page of one member (a phone reloaded in two tabs, on any process)."""
    return f"member:{member_id}"


def phones_room(session_id: int) -> str:
    """Every phone of a session: for the small progress message that is the same for all."""
    return f"members:{session_id}"


def announcement(
    db, s: TeamSession, phones: str | Member | list[Member] | None = EVERY_PHONE
) -> Outbox:
    """Every message that tells the audiences of ``s`` about its new state.

    Built inside the transaction that changed ``s`` (from the objects it already loaded),
    sent with ``send`` once that transaction is committed. ``phones``: ``EVERY_PHONE``, a
    ``Member`` or a list of them (only their phones get their whole view) or ``NO_PHONE``;
    the phones that get no whole view get one ``progress`` message, emitted once to the
    session's phone room.
    """
    facts = snapshots.Facts(s, db)
    outbox: Outbox = [
        ("state", snapshots.screen_view(s, facts), room(SCREEN, s.id)),
        ("state", snapshots.host_view(s, facts), room(HOST, s.id)),
    ]
    if phones == EVERY_PHONE:
        # Each phone shows its own results: one query for every revealed round, not one each.
        Store.load_picks(db, [r for r in s.rounds if r.state == "revealed"])
        for member in s.members:
            outbox.append(
                ("state", snapshots.member_view(s, member, facts), member_room(member.id))
            )
        return outbox
    if phones not in (EVERY_PHONE, NO_PHONE) and not isinstance(phones, list):
        phones = [phones]  # one member (a model or a plain row)
    for member in phones if isinstance(phones, list) else []:
        outbox.append(("state", snapshots.member_view(s, member, facts), member_room(member.id)))
    outbox.append(("progress", snapshots.progress_view(s, facts), phones_room(s.id)))
    return outbox


SHARED_ROOMS = ("screen", "host", "members")  # the rooms ``send(coalesce=True)`` may hold


def send(outbox: Outbox, *, coalesce: bool = False) -> None:
    """Emit an outbox, as one message between processes (``messaging.emit_many``).
    ``coalesce``: during a burst, the screen, the host and the phones' progress get the
    newest of several updates (``pushes.Coalescer``, on each process for its own pages); a
    phone's own view always goes at once."""
    emit_many(
        sio.server,
        [
            (event, data, to, coalesce and to.split(":", 1)[0] in SHARED_ROOMS)
            for event, data, to in outbox
        ],
    )


def push(session_id: int) -> None:
    """Send every audience of a session its whole view (for a change made elsewhere)."""
    store: Store = current_app.extensions["store"]
    with store.transaction(readonly=True) as db:
        s = Store.load(db, id=session_id, all_picks=False)
        outbox = announcement(db, s) if s is not None else []
    send(outbox)


REPLACED = {"reason": "replaced"}  # sent with "removed": a new link was made for this page


def close(
    rooms: list[str], *, tell: str, data: dict | None = None, skip_sid: str | None = None
) -> None:
    """Tell every page in ``rooms`` (``"removed"`` or ``"gone"``, with ``data``), then close
    the rooms: their connections end on whichever process they are. ``skip_sid`` is told
    nothing (the page that asked gets its answer instead)."""
    sio.emit(tell, data, to=rooms, skip_sid=skip_sid)
    for name in rooms:
        sio.close_room(name)


def drop_connections(session_id: int, role: str) -> None:
    """After the host replaced a link: pages that used the old one stop at once. (A page on a
    process that missed this is refused at its next event: ``events`` checks the key.)"""
    close([room(role, session_id)], tell="removed", data=REPLACED)
