"""PostgreSQL goes away for 3 s (as in a restart) while phones pick on two processes behind
nginx.

The machine's PostgreSQL server is shared with other tests, so it is not restarted: the app
processes reach it through a proxy (``tests/tcp_proxy.py``) that closes every connection and
refuses new ones for 3 s, which is what the app processes see of a restart.

During the outage every pick gets an answer: a clear "try again" in the member's language,
at once, not after a hang; a page that connects then is refused at once (it tries again by
itself). After the database is back picks are taken again within a few seconds, no pick that
was taken is lost, and every page shows what the database holds.

Needs nginx, redis-server and PostgreSQL (``scripts/setup test``); it never skips.
"""

from __future__ import annotations

import asyncio
import sys
import time

import pytest
from browser_support import ROOT
from raw_pages import Picking, RawPage, make_team
from tcp_proxy import TcpProxy

sys.path.insert(0, str(ROOT / "deploy"))
import local_cluster  # noqa: E402

CLUSTER_ENV = {"EVENTS_PER_ADDRESS_PER_10S": "100000", "SESSIONS_PER_ADDRESS_PER_HOUR": "1000"}
DOWN_FOR = 3.0  # seconds, as in the restart
# The members joined without a language of their own: the product's, Dutch.
TRY_AGAIN = {"ok": False, "error": "Dat lukte niet. Er is niets veranderd. Probeer het opnieuw."}
REFUSED_WITHIN = 5.0  # a connect during the outage: refused at once, not after a hang
# Seconds from the database being back to the first pick taken (measured 0.3 s in the
# issue); generous for a machine shared with other work.
TAKEN_WITHIN = 5.0
NEWEST_WITHIN = 10.0  # seconds for every page to reach the version the database holds


def first_taken_after(picking: Picking, start: float) -> float | None:
    """When the first pick after ``start`` was taken (None: none yet)."""
    taken = [
        when
        for key, times in picking.times.items()
        for when, (_, answer) in zip(times, picking.answers[key], strict=True)
        if when > start and answer == {"ok": True}
    ]
    return min(taken, default=None)


async def outage(cluster: local_cluster.Cluster, proxy: TcpProxy) -> dict:
    made = [await make_team(cluster.url, 6, f"Team {t}") for t in range(3)]
    pages = [page for team in made for page in team.pages]
    picking = Picking(made).start()
    await asyncio.sleep(2)
    taken_before = picking.all_answers().count({"ok": True})

    await asyncio.to_thread(proxy.cut)
    down = time.monotonic()
    await asyncio.sleep(0.5)
    host = made[0].host
    asked = time.monotonic()
    newcomer = RawPage(cluster.url, host.cookies, host.auth)
    newcomer._task = asyncio.ensure_future(newcomer._run())
    while not newcomer.refusals and time.monotonic() - asked < 30:
        await asyncio.sleep(0.02)
    refused_after = time.monotonic() - asked
    newcomer.close()
    await asyncio.sleep(max(0.0, down + DOWN_FOR - time.monotonic()))
    await asyncio.to_thread(proxy.resume)
    back = time.monotonic()

    while first_taken_after(picking, back) is None and time.monotonic() - back < 30:
        await asyncio.sleep(0.02)
    taken_after = (first_taken_after(picking, back) or time.monotonic()) - back
    await asyncio.sleep(5)  # every phone picks a few times more
    await picking.stop()

    # No pick that was taken is lost: what a page of each member that connects now gets
    # (from the database) is that member's last pick that was answered "ok"; and every page
    # reaches the version the database holds.
    lost, behind, fresh = [], [], []
    for team in made:
        assert (await team.host.call("set_joining", {"open": False})) == {"ok": True}
        page = await RawPage(cluster.url, team.host.cookies, team.host.auth).start()
        fresh.append(page)
        stored = (await page.wait_for(lambda s: not s["joining_open"]))["version"]
        for other in team.pages:
            try:
                await other.wait_for(lambda s, v=stored: s["version"] >= v, NEWEST_WITHIN)
            except TimeoutError:
                behind.append(other.auth["role"])
        for phone in team.pickers():
            again = await RawPage(cluster.url, phone.cookies, phone.auth).start()
            fresh.append(again)
            shown = (await again.wait_for(lambda s: True))["round"]["my_picks"]
            if shown != picking.last_pair(phone) or phone.state["round"]["my_picks"] != shown:
                lost.append((picking.last_pair(phone), shown, phone.state["round"]["my_picks"]))
    # From half a second after the cut (a pick answered just then may have been stored
    # before it) until the database is back: every phone had answers (it picks every 0.3 s
    # or so; a pick left hanging would have kept it silent).
    during = picking.answers_between(down + 0.5, back)
    silent = [
        phone.auth
        for _, phone in picking.pickers
        if not picking.answers_between(down + 0.5, back, phone)
    ]
    # Each picker's answers after the database was back: at least one was "ok".
    not_again = [
        phone.auth
        for _, phone in picking.pickers
        if {"ok": True} not in picking.answers_between(back, time.monotonic(), phone)
    ]
    crashed = [port for port, process in cluster.apps.items() if process.poll() is not None]
    result = {
        "answers": picking.all_answers(),
        "taken_before": taken_before,
        "during": during,
        "silent": silent,
        "refused": newcomer.refusals[:1],
        "refused_after": refused_after,
        "taken_after": taken_after,
        "not_again": not_again,
        "lost": lost,
        "behind": behind,
        "crashed": crashed,
    }
    for page in pages + fresh:
        page.close()
    return result


@pytest.mark.timeout(300)
def test_a_database_outage_refuses_clearly_and_loses_no_pick():
    proxy = TcpProxy("127.0.0.1", 5432).start()
    cluster = local_cluster.Cluster(
        2, env=CLUSTER_ENV, show_upstream=False, database_port=proxy.port
    )
    try:
        cluster.start()
        result = asyncio.run(outage(cluster, proxy))
    finally:
        outputs = cluster.stop()
        proxy.stop()
    answers = result["answers"]
    assert not [a for a in answers if a is None], "a pick got no answer"
    assert result["taken_before"] > 0
    # While the database was away every pick was answered at once, with a clear refusal.
    assert result["during"], result
    assert not result["silent"], result
    assert [answer for answer in result["during"] if answer != TRY_AGAIN] == [], result
    assert result["refused"] == ["unavailable"], result
    assert result["refused_after"] <= REFUSED_WITHIN, result
    assert result["taken_after"] <= TAKEN_WITHIN, result
    assert not result["not_again"], result
    assert not result["lost"], result
    assert not result["behind"], result
    assert not result["crashed"], [log[-3000:] for log in outputs.values()]
