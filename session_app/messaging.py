"""Rooms where closing a room also ends the connections in it: in one process
(``LocalRooms``) and between processes over Flask-SocketIO's Redis message queue
(``RedisQueue``), on whichever process they are.

The app closes a room only to cut people off: a removed member's room, a deleted
session's rooms. Each page is told first ("removed", "gone") and leaves by itself; the
server ends the connection too, so a page that ignores the message is cut off all the
same. No process keeps its own list of connections for this.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import socketio

logger = logging.getLogger(__name__)

QUEUE_CONNECTIONS = 2000  # per process; opened only when that many publish at once


class LocalRooms(socketio.Manager):
    """One process: rooms in memory."""

    def close_room(self, room, namespace):
        namespace = namespace or "/"
        for sid, _eio_sid in list(self.get_participants(namespace, room)):
            self.server.disconnect(sid, namespace=namespace)
        return super().close_room(room, namespace)


class RedisQueue(socketio.RedisManager):
    # Called (in a task of its own) each time the listener is subscribed again after losing
    # Redis: ``recovery.resend_local`` then brings this process's pages up to date.
    recovered: Callable[[], None] | None = None
    RETRY_SECONDS = 0.5  # not python-socketio's 1, 2, 4 … 60: a page waits for this

    def _redis_listen_with_retries(self):
        lost = False
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if lost and self.recovered is not None:
                    self.server.start_background_task(self.recovered)
                lost = False
                yield from self.pubsub.listen()
            except Exception as error:
                if not lost:
                    logger.warning("message queue lost (%s); retrying", type(error).__name__)
                lost = True
                time.sleep(self.RETRY_SECONDS)

    def _handle_close_room(self, message: dict) -> None:
        # Runs here for this process's own close_room and for every other process's.
        namespace = message.get("namespace") or "/"
        for sid, _eio_sid in list(self.get_participants(namespace, message.get("room"))):
            self.server.disconnect(sid, namespace=namespace, ignore_queue=True)
        super()._handle_close_room(message)


def client_manager(url: str) -> socketio.Manager | None:
    """The rooms for ``MESSAGE_QUEUE``: in memory when empty, ours for Redis; None leaves any
    other kind of URL to Flask-SocketIO (which then only passes messages on)."""
    if not url:
        return LocalRooms()
    if url.startswith(("redis://", "rediss://")):
        # One connection per message being published at that moment: redis-py's default
        # pool refuses more than 100 (MaxConnectionsError), which hundreds of phones
        # answering at once on one process reach.
        return RedisQueue(
            url, channel="flask-socketio", redis_options={"max_connections": QUEUE_CONNECTIONS}
        )
    return None
