"""One update per room at a time when many answers come in at once.

When a whole room answers within a second, the screen, the host and the phones' shared
progress would otherwise get one whole update per answer, each superseded a moment later.
``Coalescer`` hands the first update for a room to its pages at once and opens a short
window for that room; what arrives for it during the window waits, and only the newest is
handed on when the window ends. So a lone answer shows at once, and a burst costs one
update per window. A session's rooms share their windows (they end together).

Each process coalesces what it hands to its own pages, whichever process the update came
from (``messaging``): on two processes a team's answers arrive at both, and each page still
gets at most one update per window, as on one process.

Every update carries the session's version and newer ones replace older ones, so the
order of versions always holds: a room never gets an older version after a newer one from
here, and an update handed on past the window (a reveal, say) drops an older one still
waiting (``sent``). Nothing is stored here that is not in the database: a lost window only
means the next update (or a reconnect) brings the state.

No Flask or Socket.IO import: the hand-on, sleep and spawn functions are given (the app
gives its rooms' delivery and Flask-SocketIO's sleep and spawn, so eventlet, gevent and
threads all work).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Waiting = tuple[int, Any]  # (version, what the pages get: the encoded packet)
Send = Callable[[list[tuple[str, Any]]], Any]  # several (room, what the pages get) at once


class Coalescer:
    """The windows of one process. The rooms of one session (its screen, host and phones'
    progress: ``screen:12``, ``host:12``, ``members:12``) share one window, so that what
    waited for them is handed on together."""

    def __init__(
        self, seconds: float, emit: Send, sleep: Callable[[float], Any], spawn: Callable[..., Any]
    ):
        self.seconds = seconds
        self._emit, self._sleep, self._spawn = emit, sleep, spawn
        # Rooms with an open window -> the newest update waiting for its end (None: none).
        self._open: dict[str, Waiting | None] = {}
        # A session's window that is running -> its rooms with an open window.
        self._windows: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def emit(self, room: str, version: int, payload: Any) -> None:
        """Hand on now if ``room`` has no open window, else when it ends (newest only)."""
        if self.admit(room, version, payload):
            self._emit([(room, payload)])

    def admit(self, room: str, version: int, payload: Any) -> bool:
        """As ``emit``, for a caller that hands on several updates at once: True when the
        caller hands this one on now (a window opens for ``room``), False when it waits
        here."""
        group = _group(room)
        with self._lock:
            if room in self._open:
                waiting = self._open[room]
                if waiting is None or waiting[0] <= version:
                    self._open[room] = (version, payload)
                return False
            self._open[room] = None
            rooms = self._windows.get(group)
            if rooms is not None:  # the session's window is running: the room joins it
                rooms.add(room)
                return True
            self._windows[group] = {room}
        self._spawn(self._window, group)  # (it sleeps first: the caller sends before it ends)
        return True

    def sent(self, room: str, version: int) -> None:
        """An update of ``version`` went to ``room`` directly: a waiting older one is void."""
        with self._lock:
            waiting = self._open.get(room)
            if waiting is not None and waiting[0] <= version:
                self._open[room] = None

    def waiting(self) -> int:
        """How many rooms have an update waiting (for tests and benchmarks)."""
        with self._lock:
            return sum(1 for message in self._open.values() if message is not None)

    def _window(self, group: str) -> None:
        while True:
            self._sleep(self.seconds)
            batch = []
            with self._lock:
                rooms = self._windows[group]
                for room in list(rooms):
                    waiting = self._open.get(room)
                    if waiting is None:  # nothing came in: the room's window closes
                        self._open.pop(room, None)
                        rooms.discard(room)
                    else:  # handed on now; the room stays in the next window
                        self._open[room] = None
                        batch.append((room, waiting[1]))
                if not rooms:  # (then nothing waited either)
                    del self._windows[group]
                    return
            try:
                self._emit(batch)
            except Exception:  # the window must end, or the rooms would wait for ever
                log.exception("updates for session %s not sent", group)


def _group(room: str) -> str:
    """The session a shared room belongs to (``screen:12`` -> ``12``)."""
    return room.rpartition(":")[2]
