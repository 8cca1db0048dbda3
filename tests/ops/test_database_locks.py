"""PostgreSQL shared by several processes: a process frozen in the middle of a transaction
holds a session's row lock only briefly. Another process waits a few seconds at most, then
refuses with "try again"; the server ends the idle transaction and frees the lock.

Needs PostgreSQL (``scripts/setup test`` installs and starts it); it never skips.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError
from waiting import wait_until

from session_app.store import (
    IDLE_TRANSACTION_TIMEOUT_MS,
    LOCK_TIMEOUT_MS,
    TeamSession,
)


def test_a_frozen_transaction_holds_a_session_only_briefly(two_processes):
    frozen, healthy = two_processes
    with frozen.transaction() as db:
        db.add(TeamSession(team_name="Team", join_code="ACDEFG"))
    query = select(TeamSession).with_for_update()

    stuck = frozen.engine.connect()
    stuck.begin()
    stuck.execute(query.where(TeamSession.team_name == "Team"))  # locked, then nothing

    # The other process gives up waiting (and its phone hears "try again")...
    with pytest.raises(OperationalError, match="lock timeout"):
        with healthy.transaction() as db:
            db.scalars(query).one()

    # ... and the server ends the frozen transaction: the lock is free again.
    def renamed() -> bool:
        try:
            with healthy.transaction() as db:
                db.scalars(query).one().team_name = "Still here"
        except OperationalError:  # still locked: the frozen one is not idle long enough
            return False
        return True

    wait_until(renamed, timeout=(IDLE_TRANSACTION_TIMEOUT_MS + 3 * LOCK_TIMEOUT_MS) / 1000 + 10)
    with pytest.raises(DBAPIError, match="idle-in-transaction timeout"):
        stuck.execute(select(TeamSession.id))  # its connection was closed by the server
    stuck.invalidate()
    stuck.close()
    with frozen.transaction(readonly=True) as db:
        assert db.scalars(select(TeamSession.team_name)).one() == "Still here"


def test_a_database_that_takes_the_connection_but_never_answers_is_given_up_soon():
    """A database host that is stuck: it takes the TCP connection (its kernel does) and then
    says nothing. A new connection gives up after CONNECT_TIMEOUT_S, so a page or an action
    gets "try again", instead of waiting as long as the operating system allows."""
    import socket
    import time

    from sqlalchemy import create_engine

    from session_app.store import CONNECT_TIMEOUT_S, _engine_options

    stuck = socket.socket()
    stuck.bind(("127.0.0.1", 0))
    stuck.listen(8)  # never accepted, never answered
    url = f"postgresql+psycopg://teamkracht@127.0.0.1:{stuck.getsockname()[1]}/teamkracht"
    engine = create_engine(url, **_engine_options(url))
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError), engine.connect():
            pass
        waited = time.monotonic() - started
    finally:
        engine.dispose()
        stuck.close()
    # Not a speed measure: without the timeout the connect waits for minutes (the test's own
    # time limit would end it first).
    assert waited < CONNECT_TIMEOUT_S * 5, waited
