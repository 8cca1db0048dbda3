"""A venue's phones on one Wi-Fi (one address) and a server restart: every page gets in
again, within 10 s of the server being back. 354 phones here: more than the open
connections one address may hold while not let in (100) and more than the 300 connects a
minute one address was allowed before; bench/bench_rolling_restart.py --venue runs 1,000.

The limits on connections count what an attacker does, not a team's pages: a page let in
with its cookie no longer counts against its address's open connections
(``CONNECTIONS_PER_ADDRESS``, default 100), and only connects without a valid key or
cookie count against its connects per minute (``FAILED_CONNECTS_PER_ADDRESS_PER_MINUTE``,
default 120). Default limits throughout.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from browser_support import Server
from raw_pages import RawPage, Refused

from session_app import members
from session_app.access import MEMBER_COOKIE
from session_app.store import Store, TeamSession

TEAMS, MEMBERS = 6, 59
# The issue asks 10 s for 1,000 phones; bench/bench_rolling_restart.py --venue measures it.
# Here the same machine runs the server and every phone, often beside other work: the
# bound is generous, what the test holds to is that every page gets back in.
BACK_WITHIN = 60.0


def make_teams(server: Server) -> list[tuple[str, list[str]]]:
    """Sessions made through the app, their members added straight into the database with
    the app's own rule (1,000 joins through the form would take minutes)."""
    import re

    import requests

    made = []
    for t in range(TEAMS):
        created = requests.post(f"{server.url}/sessions", data={"team_name": f"T{t}"}, timeout=30)
        created.raise_for_status()
        made.append(re.search(r"/s/([\w-]+)/host", created.url).group(1))
    store = Store(f"sqlite:///{server.database}")
    teams = []
    try:
        for public_id in made:
            with store.transaction() as db:
                s = db.query(TeamSession).filter_by(public_id=public_id).one()
                added = [members.add_member(db, s, f"Lid {n}") for n in range(MEMBERS)]
                db.flush()
                teams.append((public_id, [m.token for m in added]))
    finally:
        store.engine.dispose()
    return teams


async def venue(server: Server) -> dict:
    teams = await asyncio.to_thread(make_teams, server)
    pages = [
        RawPage(
            server.url,
            {MEMBER_COOKIE.format(public_id): token},
            {"role": "member", "session": public_id},
            retry=1.0,
        )
        for public_id, tokens in teams
        for token in tokens
    ]
    for start in range(0, len(pages), 100):
        await asyncio.gather(*(page.start(60) for page in pages[start : start + 100]))
    first = [page.state["version"] for page in pages]

    await asyncio.to_thread(server.stop)
    await asyncio.to_thread(server.start)
    back_from = time.monotonic()
    while any(page.lost_at is not None or not page.connected.is_set() for page in pages):
        if time.monotonic() - back_from > 120:
            break
        await asyncio.sleep(0.05)
    back_after = time.monotonic() - back_from
    missing = sum(1 for page in pages if page.lost_at is not None)
    busy = sum(page.refusals.count("busy") for page in pages)
    same_view = sum(1 for page, v in zip(pages, first, strict=True) if page.state["version"] == v)

    # A stranger at the same address trying cookies: refused as such, until the address has
    # failed too often; then "busy" for the rest of the minute.
    refused = []
    public_id = teams[0][0]
    for n in range(125):
        stranger = RawPage(
            server.url,
            {MEMBER_COOKIE.format(public_id): f"guess{n}"},
            {"role": "member", "session": public_id},
        )
        try:
            await stranger.start(5)
        except (Refused, TimeoutError):
            refused.append(stranger.refusals[0] if stranger.refusals else "none")
        finally:
            stranger.close()
    for page in pages:
        page.close()
    return {
        "pages": len(pages),
        "back_after": back_after,
        "missing": missing,
        "busy": busy,
        "same_view": same_view,
        "stranger": refused,
        "missing_logs": [page.log[-4:] for page in pages if page.lost_at is not None][:5],
    }


@pytest.mark.timeout(300)
def test_a_venue_of_phones_gets_back_in_after_a_restart(tmp_path):
    server = Server(tmp_path / "sessions.db").start()
    try:
        result = asyncio.run(venue(server))
    finally:
        output = server.stop()
    assert result["pages"] == TEAMS * MEMBERS
    assert result["missing"] == 0, result
    assert result["back_after"] <= BACK_WITHIN, result
    assert result["same_view"] == result["pages"]  # each got its own snapshot again
    assert result["busy"] == 0, result  # no page of the venue was refused as a flood
    stranger = result["stranger"]
    assert stranger[:120] == ["unauthorized"] * 120, stranger
    assert set(stranger[120:]) == {"busy"}, stranger
    assert "Traceback" not in output
