"""Rooms, in one process (``LocalRooms``) and between processes over Flask-SocketIO's Redis
message queue (``RedisQueue``), on whichever process the pages are.

Sending: ``emit_many`` sends several events (each to its own room) at once. Each event is
encoded once, as the Socket.IO packet the pages get, and a process hands that text to the
pages it has in the room, or skips the room when it has none there. Between processes the
whole batch is one message on the queue, with the packets already encoded: every process
gets every message, so what each one does with a message it has no pages for is most of
what a second process costs. A batch is a Flask-SocketIO ``emit`` message to a room that
no page joins, with the packets beside it: a process that does not know batches (another
version, during an update) sends it to nobody.

Closing: the app closes a room only to cut people off: a removed member's room, a deleted
session's rooms. Each page is told first ("removed", "gone") and leaves by itself; the
server ends the connection too, so a page that ignores the message is cut off all the
same. No process keeps its own list of connections for this.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import socketio
from engineio import packet as eio_packet
from socketio import packet as sio_packet

logger = logging.getLogger(__name__)

QUEUE_CONNECTIONS = 2000  # per process; opened only when that many publish at once

# (event, data, room: a name, a list of names, a sid, None: all), and optionally whether the
# update may wait for its room's window (``pushes``: the screen's, host's and progress).
Emit = tuple[str, Any, Any] | tuple[str, Any, Any, bool]
BATCH_ROOM = "teamkracht:batch"  # joined by no page (see the module's doc)


def _window(emit: Emit) -> list:
    """[version, may wait] of an update, for the receiving process's windows."""
    data = emit[1]
    version = data.get("version", 0) if isinstance(data, dict) else 0
    return [version, len(emit) > 3 and bool(emit[3])]


class _Delivery:
    """What both managers share: a packet encoded once, handed to this process's pages."""

    server: Any
    rooms: dict
    get_participants: Any
    # This process's windows (``pushes.Coalescer``), set by the app; None: all at once.
    coalescer: Any = None

    def hand_on(self, namespace: str, packets: list, windows: list | None, skip_sid) -> None:
        """Each packet to this process's pages in its room: at once, or (an update that may
        wait, ``windows``) when its room's window ends, the newest only."""
        coalescer = self.coalescer
        for n, (room, text) in enumerate(packets):
            if not self.has_pages(namespace, room):
                continue
            if coalescer is not None and windows is not None and isinstance(room, str):
                version, may_wait = windows[n]
                if may_wait:
                    if not coalescer.admit(room, version, text):
                        continue  # handed on when the window ends (the newest only)
                else:
                    coalescer.sent(room, version)  # an older one waiting there is void
            self.deliver(namespace, room, text, skip_sid)

    def hand_on_waited(self, batch: list[tuple[str, str]]) -> None:
        """What waited for its window (``pushes.Coalescer``), to this process's pages."""
        for room, text in batch:
            self.deliver("/", room, text)

    def encode(self, event: str, data: Any, namespace: str) -> str:
        """The Socket.IO packet of an event as text (the app never sends binary data)."""
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        packet = self.server.packet_class(
            sio_packet.EVENT, namespace=namespace, data=[event, *args], binary=False
        )
        return packet.encode()

    def deliver(self, namespace: str, room: Any, text: str, skip_sid: Any = None) -> int:
        """Send ``text`` to this process's pages in ``room``; how many got it. A room without
        pages here costs a look-up, nothing more."""
        if not self.has_pages(namespace, room):
            return 0
        pages = list(self.get_participants(namespace, room))
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        message = eio_packet.Packet(eio_packet.MESSAGE, text)
        sent = 0
        for sid, eio_sid in pages:
            if sid not in skip:
                self.server._send_eio_packet(eio_sid, message)
                sent += 1
        return sent

    def has_pages(self, namespace: str, room: Any) -> bool:
        """Whether this process has a page in ``room`` (a name, a list of names, a sid, or
        None: anyone). (Flask-SocketIO drops a room when its last page leaves.)"""
        rooms = self.rooms.get(namespace)
        if not rooms:
            return False
        if room is None or isinstance(room, str):
            return bool(rooms.get(room))
        return any(rooms.get(name) for name in room)


class LocalRooms(_Delivery, socketio.Manager):
    """One process: rooms in memory."""

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None, **kw):
        if callback is not None:  # (the app uses acknowledgements only for its answers)
            return super().emit(
                event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kw
            )
        self.emit_many([(event, data, kw.get("to") or room)], namespace, skip_sid)

    def emit_many(self, emits: Iterable[Emit], namespace=None, skip_sid=None) -> None:
        namespace = namespace or "/"
        packets, windows = [], []
        for emit in emits:
            if self.has_pages(namespace, emit[2]):  # else not even encoded
                packets.append([emit[2], self.encode(emit[0], emit[1], namespace)])
                windows.append(_window(emit))
        self.hand_on(namespace, packets, windows, skip_sid)
        return None

    def close_room(self, room, namespace):
        namespace = namespace or "/"
        for sid, _eio_sid in list(self.get_participants(namespace, room)):
            self.server.disconnect(sid, namespace=namespace)
        return super().close_room(room, namespace)


class RedisQueue(_Delivery, socketio.RedisManager):
    """Several processes: every emit goes to every process through Redis."""

    # Called (in a task of its own) each time the listener is subscribed again after losing
    # Redis: ``recovery.resend_local`` then brings this process's pages up to date.
    recovered: Callable[[], None] | None = None
    RETRY_SECONDS = 0.5  # not python-socketio's 1, 2, 4 … 60: a page waits for this

    def _redis_listen_with_retries(self):
        # Subscribed again after any end of listening: an error, or redis-py's ``listen``
        # ending without one (it does when its subscription is gone); either way the pages
        # here may have missed messages, and ``recovered`` sends them the newest state.
        lost = False
        first = True
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if not first and self.recovered is not None:
                    logger.warning("message queue back: pages here get the newest state")
                    self.server.start_background_task(self.recovered)
                first = lost = False
                yield from self.pubsub.listen()
                raise ConnectionError("no longer subscribed")
            except Exception as error:
                if not lost:
                    logger.warning("message queue lost (%s); retrying", type(error).__name__)
                lost = True
                time.sleep(self.RETRY_SECONDS)

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None, **kw):
        if callback is not None or kw.get("ignore_queue"):
            return super().emit(
                event,
                data,
                namespace=namespace,
                room=room,
                skip_sid=skip_sid,
                callback=callback,
                **kw,
            )
        self.emit_many([(event, data, kw.get("to") or room)], namespace, skip_sid)

    def emit_many(self, emits: Iterable[Emit], namespace=None, skip_sid=None) -> None:
        """Several events as one message on the queue, each encoded once, here."""
        namespace = namespace or "/"
        emits = list(emits)
        packets = [[emit[2], self.encode(emit[0], emit[1], namespace)] for emit in emits]
        if not packets:
            return
        message = {
            "method": "emit",
            "event": "batch",
            "data": [],
            "binary": False,
            "namespace": namespace,
            "room": BATCH_ROOM,
            "skip_sid": skip_sid,
            "callback": None,
            "host_id": self.host_id,
            "packets": packets,
            # Beside the packets, so that a process that does not know it (another version,
            # during an update) reads the packets as before and hands them on at once.
            "windows": [_window(emit) for emit in emits],
        }
        self._handle_emit(message)  # this process's pages
        if not all(self._is_own_sid(namespace, room) for room, _text in packets):
            self._publish(message)  # every other process's

    def _is_own_sid(self, namespace: str, room: Any) -> bool:
        """A page's own room on this process (its sid): no other process has it."""
        return isinstance(room, str) and self.is_connected(room, namespace)

    def _handle_emit(self, message: dict) -> None:
        # Runs here for this process's own batches and for every other process's messages.
        packets = message.get("packets")
        if packets is None:  # a plain Flask-SocketIO emit (another version, or from outside)
            return super()._handle_emit(message)
        namespace = message.get("namespace") or "/"
        windows = message.get("windows")
        if not isinstance(windows, list) or len(windows) != len(packets):
            windows = None  # (from a version without windows: all at once)
        self.hand_on(namespace, packets, windows, message.get("skip_sid"))

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


def emit_many(server: socketio.Server, emits: list[Emit]) -> None:
    """Send ``emits`` at once where the manager can (ours), else one by one."""
    many = getattr(server.manager, "emit_many", None)
    if many is not None:
        many(emits)
        return
    for event, data, room, *_may_wait in emits:
        server.emit(event, data, to=room)
