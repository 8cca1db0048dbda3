"""A page that stops reading costs bounded memory.

Every connection has a queue of messages waiting to be written to it. A page that reads
them (all of them, within milliseconds) keeps it short; a page that stops reading (a
projector whose browser hangs, a phone on a dead network that the kernel still buffers
for) would let it grow with every update of its session. Past ``MAX_WAITING`` messages the
page is behind for good: what waits is dropped and the connection is ended. The page then
connects again (live.js does so by itself) and gets the newest state in one snapshot; a
page that does not come back costs nothing more. (Besides, a page that reads nothing does
not answer pings either: the server drops it after PING_INTERVAL + PING_TIMEOUT.)

No Flask: ``bound`` wraps the Engine.IO server's ``create_queue`` (eventlet and threads; gevent's
queue cannot be wrapped so: there the ping timeout alone ends such a page).
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

MAX_WAITING = 64  # messages waiting for one connection; a healthy page has 0–2


def bound(eio_server: Any, limit: int = MAX_WAITING) -> None:
    """Every connection's queue from now on holds at most ``limit`` messages."""
    create = eio_server.create_queue

    def create_queue(*args, **kwargs):
        queue = create(*args, **kwargs)
        try:
            return bounded(queue, limit)
        except AttributeError:  # gevent's queue takes no new attributes: left as it is
            return queue

    eio_server.create_queue = create_queue


def bounded(queue: Any, limit: int) -> Any:
    """``queue`` whose ``put`` ends the connection instead of growing past ``limit``: it
    drops what waits and leaves the end mark (None) for the connection's writer."""
    put = queue.put
    state = {"over": False}
    queue.put = put  # raises AttributeError first where the queue cannot be changed

    def put_bounded(item, *args, **kwargs):
        if state["over"]:
            return  # ended: nothing more is kept for it
        if item is not None and queue.qsize() >= limit:
            state["over"] = True
            dropped = 0
            while True:
                try:
                    queue.get_nowait()
                except Exception:  # empty (each queue kind has its own Empty)
                    break
                queue.task_done()
                dropped += 1
            log.info("a page that did not read was disconnected (%d messages waiting)", dropped)
            put(None)
            return
        put(item, *args, **kwargs)

    queue.put = put_bounded
    return queue
