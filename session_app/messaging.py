"""Socket.IO between processes: Flask-SocketIO's Redis message queue, where closing a room
also ends the connections in it, on whichever process they are.

The app closes a room only to cut people off: a removed member's room, a deleted
session's rooms. Each page is told first ("removed", "gone") and leaves by itself; the
server ends the connection too, so a page that ignores the message is cut off all the
same. Without a queue (one process) the handlers cut their own connections.
"""

from __future__ import annotations

import socketio

QUEUE_CONNECTIONS = 2000  # per process; opened only when that many publish at once


class RedisQueue(socketio.RedisManager):
    def _handle_close_room(self, message: dict) -> None:
        # Runs here for this process's own close_room and for every other process's.
        namespace = message.get("namespace") or "/"
        for sid, _eio_sid in list(self.get_participants(namespace, message.get("room"))):
            self.server.disconnect(sid, namespace=namespace, ignore_queue=True)
        super()._handle_close_room(message)


def client_manager(url: str) -> socketio.RedisManager | None:
    """The queue for ``MESSAGE_QUEUE``: ours for Redis; None leaves any other kind of URL to
    Flask-SocketIO (which then only passes messages on)."""
    if url.startswith(("redis://", "rediss://")):
        # One connection per message being published at that moment: redis-py's default
        # pool refuses more than 100 (MaxConnectionsError), which hundreds of phones
        # answering at once on one process reach.
        return RedisQueue(
            url, channel="flask-socketio", redis_options={"max_connections": QUEUE_CONNECTIONS}
        )
    return None
