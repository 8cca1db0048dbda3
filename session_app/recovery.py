"""After the message queue (Redis) was away: every page on this process gets the newest state.

While Redis is down, nothing one process sends reaches the pages (every message goes through
Redis, also to this process's own pages), and a change made just as Redis came back may be
published before another process listens again. So when this process's listener is back
(``messaging.RedisQueue``), it sends each page connected here the newest snapshot of its
session, read from the database, straight to that page (not through the queue: every
process does this for its own pages). A page keeps a snapshot only when it is newer than
the one it shows, so one it already had changes nothing. Once more a second later: a
change made in that second may have reached phones only as a "progress" message (the small
count), which a phone takes only on top of the view it has; the second sending brings the
whole view with every change.
"""

from __future__ import annotations

import logging

from session_app import broadcast
from session_app.access import HOST, SCREEN
from session_app.store import Store

log = logging.getLogger(__name__)
_SESSION_ROOMS = (HOST, SCREEN, "members")  # broadcast.room(...), broadcast.phones_room(...)


def local_sessions(sio_server) -> set[int]:
    """The sessions with a page connected to this process."""
    ids = set()
    for name in list(sio_server.manager.rooms.get("/", {})):
        kind, _, number = str(name).partition(":")
        if kind in _SESSION_ROOMS and number.isdigit():
            ids.add(int(number))
    return ids


AGAIN_AFTER = 1.0  # seconds


def after_outage(app) -> None:
    """What the queue's listener calls when it is subscribed again."""
    from session_app import socketio

    resend_local(app)
    socketio.sleep(AGAIN_AFTER)
    resend_local(app)


def resend_local(app) -> int:
    """Send every page on this process its newest snapshot; returns the sessions sent."""
    from session_app import socketio

    server = socketio.server
    sessions = local_sessions(server)
    store: Store = app.extensions["store"]
    with app.app_context():
        for session_id in sessions:
            try:
                with store.transaction(readonly=True) as db:
                    s = Store.load(db, id=session_id, all_picks=False)
                    outbox = broadcast.announcement(db, s) if s is not None else []
            except Exception:  # the database away too: the next change brings the state
                log.exception("state of a session not sent again after the queue was back")
                continue
            for event, data, room in outbox:
                server.emit(event, data, to=room, namespace="/", ignore_queue=True)
    return len(sessions)
