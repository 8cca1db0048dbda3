"""Waiting for something that happens elsewhere (a server process, a background task, a
Socket.IO client's thread): the one polling loop every test uses.

A wait that runs out raises AssertionError with what was last seen, so the test fails
with a reason; pytest-timeout stays the last resort for a wait that never returns.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    check: Callable[[], T],
    timeout: float = 10.0,
    *,
    interval: float = 0.05,
    message: str | Callable[[], str] = "the condition did not hold in time",
) -> T:
    """Call ``check()`` until it returns something truthy, and return that value.

    After ``timeout`` seconds raise AssertionError with ``message`` (a callable is asked
    only then, so it can describe the last state) and the last value ``check`` returned.
    ``check`` runs at least once, and once more at the deadline.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            text = message() if callable(message) else message
            raise AssertionError(f"{text} (waited {timeout:g} s; last: {value!r})")
        time.sleep(interval)


def wait_for_port(
    port: int, process: subprocess.Popen | None = None, timeout: float = 30.0
) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port``; fail at once (with
    what it printed, if it printed to a pipe) when ``process`` exits first."""

    def listening() -> bool:
        if process is not None and process.poll() is not None:
            output = process.stdout.read() if process.stdout is not None else ""
            raise AssertionError(f"{process.args} exited early:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    wait_until(listening, timeout, interval=0.1, message=f"nothing listens on port {port}")
