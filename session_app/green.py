"""Green threads: patch the standard library for eventlet or gevent, quietly, and make the
PostgreSQL driver wait for the database cooperatively.

With a green loop one process serves every connection in one OS thread. Anything that
blocks that thread (a database call waiting in C) stops every other page meanwhile.
"""

from __future__ import annotations

import sys
import warnings

_patched: set[str] = set()


def patch(mode: str) -> None:
    """Patch the standard library for ``mode`` ("eventlet" or "gevent"); nothing otherwise.

    Must run before anything imports socket, ssl or threading (Flask, requests, redis…).
    """
    if mode in _patched:
        return
    _patched.add(mode)
    if mode == "eventlet":
        with warnings.catch_warnings():
            # eventlet announces on import that it is in bugfix-only mode. Its class is its
            # own EventletDeprecationWarning (a plain Warning, defined by the very import
            # that warns, so it cannot be named here); older releases used a
            # DeprecationWarning. Either way the notice means nothing to a facilitator.
            warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
            import eventlet

        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey

        monkey.patch_all()


def make_driver_green() -> None:
    """Let psycopg (3) wait for PostgreSQL through the patched ``select``.

    psycopg picks a wait function in C when it can; C code does not go through the
    patched modules, so under eventlet one query would stop the whole process while it
    waits. psycopg itself switches to a Python wait under gevent (it detects gevent's
    patching) but not under eventlet: choose its ``wait_select`` there, which calls the
    patched ``select`` and so yields to the other green threads. Harmless without a green
    loop (only slightly slower), and a no-op when psycopg is not installed.
    """
    if "eventlet.patcher" not in sys.modules:
        return
    from eventlet import patcher

    if not patcher.is_monkey_patched("select"):
        return
    try:
        from psycopg import waiting
    except ImportError:
        return

    def wait(gen, fileno, interval=None, timeout=None):
        # psycopg wakes a waiting query every 0.1 s (``interval``, for Ctrl+C in a plain
        # program). Under eventlet each wake-up is a select on the hub: with a team's
        # changes queueing for its session's row lock, that was most of a process's CPU.
        # The patched select returns as soon as the socket is ready, whatever the interval.
        return waiting.wait_select(gen, fileno, interval=WAKE_SECONDS, timeout=timeout)

    waiting.wait = wait


WAKE_SECONDS = 60.0  # how often a query that waits for PostgreSQL looks up anyway


def fair_semaphore(value: int):
    """A semaphore that lets its waiters in in the order they came, on eventlet (the default
    loop): a green thread that asks while others wait queues behind them, also when it asks
    just as the semaphore is let go. The standard one, patched, is not fair: that green
    thread takes the place the woken waiter was woken for, again and again, so that some
    wait for seconds while others pass (SQLAlchemy's pool of connections is such a queue).
    On gevent and on threads: the standard semaphore."""
    if "eventlet.patcher" in sys.modules:
        from eventlet import patcher

        if patcher.is_monkey_patched("thread"):
            from eventlet.semaphore import Semaphore

            return Semaphore(value)
    import threading

    return threading.Semaphore(value)
