"""Socket.IO between processes: Flask-SocketIO's Redis message queue, where closing a room
also ends the connections in it, on whichever process they are.

The app closes a room only to cut people off: a removed member's room, a deleted
session's rooms. Each page is told first ("removed", "gone") and leaves by itself; the
server ends the connection too, so a page that ignores the message is cut off all the
same. Without a queue (one process) the handlers cut their own connections.
"""

from __future__ import annotations

import socketio


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
        return RedisQueue(url, channel="flask-socketio")
    return None
