"""Stopping gracefully on SIGTERM, so that a rolling restart loses nothing and stalls no one.

systemd (``systemctl restart``), a container runtime or ``kill`` send SIGTERM. Then this
process:

1. stops taking new connections: it closes its listening socket (nginx then sends new
   connections to another process at once) and refuses a new Socket.IO connection that
   still reaches it over a kept-alive connection with a 503, which nginx also passes on
   (``proxy_next_upstream http_503``); ``/ready`` says 503 too;
2. tells every page connected to it to move (``"move"``, with ``within`` seconds): each page
   leaves at a random moment in that time, once every action it sent has its answer, and
   connects again, through nginx, to another process. Until it leaves, it is served as
   before: events are answered, changes are announced;
3. exits when its last page has left and no event is being handled, or at the deadline
   (``STOP_SPREAD_SECONDS`` + ``STOP_GRACE_SECONDS``; an event being handled then still gets
   ``STOP_GRACE_SECONDS`` more to finish).

A page whose connection breaks (a crash, SIGKILL) sends an unanswered action again once it
is back (``static/js/live.js``): every action says what it is about (a pick replaces the
earlier one), so sending it twice changes nothing more than once.

A second SIGTERM, or SIGINT (Ctrl+C on a facilitator's laptop), stops at once.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager

log = logging.getLogger(__name__)


class Stopping:
    """Whether this process is stopping, and how many events it is handling now."""

    def __init__(self):
        self.draining = False
        self.busy = 0

    @contextmanager
    def event(self):
        self.busy += 1
        try:
            yield
        finally:
            self.busy -= 1


def of(app) -> Stopping:
    return app.extensions.setdefault("stopping", Stopping())


def install(app, stop_accepting: Callable[[], None]) -> None:
    """Stop gracefully on SIGTERM (see the module's text); ``stop_accepting`` closes the
    listening socket."""
    from session_app import socketio

    state = of(app)

    def on_sigterm(_signum, _frame):
        if state.draining:  # asked twice: now
            _exit(app, 0)
        state.draining = True
        # Not in the signal handler itself: it may run inside the event loop's own code.
        socketio.start_background_task(drain, app, stop_accepting)

    signal.signal(signal.SIGTERM, on_sigterm)


def local_connections(sio_server) -> int:
    """Connections (Engine.IO sockets) open in this process."""
    return len(sio_server.eio.sockets)


def drain(app, stop_accepting: Callable[[], None]) -> None:
    from session_app import socketio

    state = of(app)
    state.draining = True
    started = time.monotonic()
    spread = float(app.config.get("STOP_SPREAD_SECONDS", 3))
    grace = float(app.config.get("STOP_GRACE_SECONDS", 3))
    try:
        stop_accepting()
    except OSError:
        pass
    server = socketio.server
    pages = local_connections(server)
    if pages:  # a laptop's server with no page left stops without a word
        print(f"Stopping: {pages} connection(s) move to another process.", flush=True)
    # Only to this process's own pages: the other processes go on as they are.
    server.emit("move", {"within": spread}, namespace="/", ignore_queue=True)
    pushes = app.extensions.get("pushes")
    while time.monotonic() - started < spread + grace:
        waiting = pushes.waiting() if pushes is not None else 0
        if not local_connections(server) and not state.busy and not waiting:
            break
        socketio.sleep(0.05)
    deadline = time.monotonic() + grace
    while state.busy and time.monotonic() < deadline:  # an event being handled: its answer
        socketio.sleep(0.05)
    left = local_connections(server)
    if pages:
        print(
            f"Stopped after {time.monotonic() - started:.1f} s"
            + (f" ({left} connection(s) closed)." if left else "."),
            flush=True,
        )
    _exit(app, 0)


def _exit(app, code: int) -> None:
    try:
        app.extensions["store"].engine.dispose()
    except Exception:  # stopping anyway
        log.debug("database connections not closed", exc_info=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
