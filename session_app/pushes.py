"""One update per room at a time when many answers come in at once.

When a whole room answers within a second, the screen, the host and the phones' shared
progress would otherwise get one whole update per answer, each superseded a moment later.
``Coalescer`` sends the first update to a room at once and opens a short window for that
room; what arrives for it during the window waits, and only the newest is sent when the
window ends. So a lone answer shows at once, and a burst costs one update per window.
A session's rooms share their windows: what waited for its screen, host and phones goes
out together, one message between processes instead of three.

Every update carries the session's version and newer ones replace older ones, so the
order of versions always holds: a room never gets an older version after a newer one from
here, and an update sent past the window (a reveal, say) drops an older one still waiting
(``sent``). Nothing is stored here that is not in the database: a lost window only means
the next update (or a reconnect) brings the state.

No Flask or Socket.IO import: the emit, sleep and spawn functions are given (the app gives
its ``emit_many`` and Flask-SocketIO's sleep and spawn, so eventlet, gevent and threads all
work).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Message = tuple[str, dict]  # (event, data with a "version")
Send = Callable[[list[tuple[str, dict, str]]], Any]  # several (event, data, room) at once


class Coalescer:
    """The windows of one process. The rooms of one session (its screen, host and phones'
    progress: ``screen:12``, ``host:12``, ``members:12``) share one window, so that what
    waited for them goes out as one message between the processes, not three."""

    def __init__(
        self, seconds: float, emit: Send, sleep: Callable[[float], Any], spawn: Callable[..., Any]
    ):
        self.seconds = seconds
        self._emit, self._sleep, self._spawn = emit, sleep, spawn
        # Rooms with an open window -> the newest update waiting for its end (None: none).
        self._open: dict[str, Message | None] = {}
        # A session's window that is running -> its rooms with an open window.
        self._windows: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def emit(self, event: str, data: dict, room: str) -> None:
        """Send now if ``room`` has no open window, else when it ends (newest only)."""
        if self.admit(event, data, room):
            self._emit([(event, data, room)])

    def admit(self, event: str, data: dict, room: str) -> bool:
        """As ``emit``, for a caller that sends several messages at once: True when the
        caller sends this one now (a window opens for ``room``), False when it waits here."""
        group = _group(room)
        with self._lock:
            if room in self._open:
                waiting = self._open[room]
                if waiting is None or _version(waiting[1]) <= _version(data):
                    self._open[room] = (event, data)
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
            if waiting is not None and _version(waiting[1]) <= version:
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
                    message = self._open.get(room)
                    if message is None:  # nothing came in: the room's window closes
                        self._open.pop(room, None)
                        rooms.discard(room)
                    else:  # sent now; the room stays in the next window
                        self._open[room] = None
                        batch.append((message[0], message[1], room))
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


def _version(data: dict) -> int:
    return data.get("version", 0) if isinstance(data, dict) else 0
