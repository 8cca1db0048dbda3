"""A query waiting for PostgreSQL under eventlet waits on the loop without waking up.

psycopg looks up every 0.1 s while it waits (for Ctrl+C in a plain program). Under eventlet
each look is a select through the hub, for every query that waits: a team's changes that
queue for their session's row lock cost a process more CPU waiting than working. The wait
the app gives psycopg (``green.make_driver_green``) returns when the socket is ready.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from session_app import green
green.patch("eventlet")
green.make_driver_green()
import select, socket, eventlet
from psycopg import waiting
from psycopg.waiting import READY_R, WAIT_R

looks = []
green_select = select.select
def counted(*args):
    looks.append(args[-1])
    return green_select(*args)
select.select = counted

def query():  # a query whose answer comes in 0.45 s (as psycopg's: asks again until ready)
    while True:
        ready = yield WAIT_R
        if ready:
            return ready

ours, theirs = socket.socketpair()
eventlet.spawn_after(0.45, theirs.send, b"x")
assert waiting.wait(query(), ours.fileno(), interval=0.1) == READY_R  # as psycopg asks
print(len(looks))
"""


def test_a_query_waiting_for_its_answer_does_not_wake_the_process_again_and_again():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=60
    )
    assert int(out.stdout.split()[-1]) == 1  # one select, answered when the data came
