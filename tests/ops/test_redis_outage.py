"""Redis (the message queue between the processes, and the shared limits) restarts while
phones pick on two processes behind nginx.

During the outage a pick gets a clear "try again" and a page that connects is refused at
once (it tries again by itself). As soon as Redis is back, every process sends its own
pages the newest state (``session_app/recovery.py``): a facilitator's change made just
then reaches every page on every process within 2 s, without a reload.

Needs nginx, redis-server and PostgreSQL (``scripts/setup test``); it never skips.
"""

from __future__ import annotations

import asyncio
import sys
import time

import pytest
from browser_support import ROOT
from raw_pages import Picking, RawPage, make_team

sys.path.insert(0, str(ROOT / "deploy"))
import local_cluster  # noqa: E402

CLUSTER_ENV = {"EVENTS_PER_ADDRESS_PER_10S": "100000", "SESSIONS_PER_ADDRESS_PER_HOUR": "1000"}
# Seconds from Redis being back to every page showing the newest state. The issue asks 2 s
# (measured 1.0–2.5 s at a load average of 10–16 on 2 cores, 4.3 s at 21); the bound is
# generous for a machine shared with other work. Without the resending, pages stay behind
# until the next change (the test then waits its 30 s).
NEWEST_WITHIN = 10.0
REFUSED_WITHIN = 5.0  # a connect during the outage: refused at once (0.02–1 s), not after 8 s


def rename_teams(cluster: local_cluster.Cluster, public_ids: list[str]) -> None:
    from session_app.config import database_url
    from session_app.store import Store, TeamSession

    store = Store(database_url(cluster.db.url))
    try:
        with store.transaction() as db:
            for public_id in public_ids:
                s = db.query(TeamSession).filter_by(public_id=public_id).one()
                s.team_name = "Renamed"
                Store.touch(db, s)
    finally:
        store.engine.dispose()


async def outage(cluster: local_cluster.Cluster) -> dict:
    made = [await make_team(cluster.url, 5, f"Team {t}") for t in range(3)]
    pages = [page for team in made for page in team.pages]
    picking = Picking(made).start()
    await asyncio.sleep(2)

    await asyncio.to_thread(cluster.stop_redis)
    await asyncio.sleep(1)
    host = made[0].host
    asked = time.monotonic()
    newcomer = RawPage(cluster.url, host.cookies, host.auth)
    newcomer._task = asyncio.ensure_future(newcomer._run())
    while not newcomer.refusals and time.monotonic() - asked < 30:
        await asyncio.sleep(0.02)
    refused_after = time.monotonic() - asked
    newcomer.close()
    # A change whose announcement did not get through (made in the database while Redis was
    # away, as one committed just before its message was lost): the team's name.
    await asyncio.to_thread(rename_teams, cluster, [team.host.auth["session"] for team in made])
    await asyncio.sleep(2)

    await asyncio.to_thread(cluster.start_redis)
    back = time.monotonic()
    # The facilitators change something just as Redis is back.
    answers = await asyncio.gather(*(t.host.call("set_joining", {"open": False}) for t in made))
    stored = []
    for team in made:  # what the database holds: what a page connecting now gets
        fresh = await RawPage(cluster.url, team.host.cookies, team.host.auth).start()
        stored.append((await fresh.wait_for(lambda s: True))["version"])
        fresh.close()
    pairs = [
        (page, version) for team, version in zip(made, stored, strict=True) for page in team.pages
    ]
    deadline = time.monotonic() + 30

    def newest(version):
        return lambda view: view["version"] >= version

    def renamed(view):
        return view["team_name"] == "Renamed"

    # Until every page has both: the newest version, and the change whose message was lost
    # (a phone may reach the newest version through count-only messages first, and get the
    # whole view with the new name from the sending again a moment later).
    while any(
        page.since(newest(version)) is None or page.since(renamed) is None
        for page, version in pairs
    ):
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.02)
    behind = [page.auth["role"] for page, version in pairs if page.since(newest(version)) is None]
    # The renaming made during the outage: on every page within the bound of Redis being back.
    newest_after = max((page.since(renamed) or deadline) - back for page in pages)
    await picking.stop()
    for page in pages:
        page.close()
    return {
        "answers": picking.all_answers(),
        "changes": answers,
        "refused": newcomer.refusals[:1],
        "refused_after": refused_after,
        "newest_after": newest_after,
        "behind": behind,
    }


@pytest.mark.timeout(300)
def test_after_a_redis_outage_every_page_has_the_newest_state():
    cluster = local_cluster.Cluster(2, env=CLUSTER_ENV, show_upstream=False).start()
    try:
        result = asyncio.run(outage(cluster))
    finally:
        cluster.stop()
    answers = result["answers"]
    assert not [a for a in answers if a is None], "a pick got no answer"
    assert {"ok": True} in answers
    assert result["refused"] == ["unavailable"], result
    assert result["refused_after"] <= REFUSED_WITHIN, result
    assert all(answer == {"ok": True} for answer in result["changes"]), result
    assert not result["behind"], result
    assert result["newest_after"] <= NEWEST_WITHIN, result
