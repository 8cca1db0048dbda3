"""A connection's queue of waiting messages never grows past its bound (session_app/backlog.py)."""

from __future__ import annotations

import queue

from session_app.backlog import bounded


def test_a_page_that_does_not_read_is_ended_instead_of_kept():
    waiting = bounded(queue.Queue(), limit=5)
    for n in range(5):
        waiting.put(f"state {n}")
    assert waiting.qsize() == 5  # behind, but within the bound: all kept
    waiting.put("state 5")
    # Past the bound: what waited is dropped; only the end mark for the writer is left.
    assert waiting.qsize() == 1 and waiting.get_nowait() is None
    waiting.task_done()
    for n in range(1000):
        waiting.put(f"later {n}")
    assert waiting.qsize() == 0  # nothing more is kept for it
    waiting.join()  # every message taken out was counted as done


def test_a_page_that_reads_keeps_every_message():
    waiting = bounded(queue.Queue(), limit=5)
    seen = []
    for n in range(100):
        waiting.put(n)
        seen.append(waiting.get_nowait())
        waiting.task_done()
    assert seen == list(range(100))
