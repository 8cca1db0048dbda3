"""A rolling restart of a cluster while phones pick: SIGTERM to one app process, start it
again, then the same for the other (as ``systemctl restart teamkracht@5001``, then
``@5002``). Two processes behind nginx, Redis between them, PostgreSQL.

Each stopping process stops taking connections, answers what it is handling, tells its
pages to move (spread over a few seconds) and exits: no pick goes without an answer, every
answered pick is what the database holds, and every page is back with its snapshot within
5 s of leaving. The pages are raw WebSocket clients that behave like static/js/live.js
(tests/raw_pages.py).

Needs nginx, redis-server and PostgreSQL (``scripts/setup test``); it never skips.
"""

from __future__ import annotations

import asyncio
import sys
import time

import pytest
from browser_support import ROOT, Server
from raw_pages import Picking, make_team

sys.path.insert(0, str(ROOT / "deploy"))
import local_cluster  # noqa: E402

# All phones come from this machine: the limits per address would count them as one venue.
CLUSTER_ENV = {"EVENTS_PER_ADDRESS_PER_10S": "100000", "SESSIONS_PER_ADDRESS_PER_HOUR": "1000"}
BACK_WITHIN = 5.0  # seconds from leaving a stopping process to having the snapshot again


async def rolling_restart(
    cluster: local_cluster.Cluster, teams: int, members: int, pause: float = 0.3
) -> dict:
    """Teams pick (each phone every ``pause`` seconds or so) while both processes restart
    one after the other; what happened."""
    made = [await make_team(cluster.url, members, f"Team {t}") for t in range(teams)]
    pages = [page for team in made for page in team.pages]
    picking = Picking(made, pause).start()
    await asyncio.sleep(2)
    logs = {}
    for port in list(cluster.app_ports):
        before = len(picking.all_answers())
        logs[port] = await asyncio.to_thread(cluster.stop_app, port)
        await asyncio.to_thread(cluster.start_app, port)
        await asyncio.to_thread(cluster.wait_ready, port)
        assert len(picking.all_answers()) > before, "no pick was answered during the restart"
        await asyncio.sleep(2)
    await picking.stop()
    # What every phone shows at the end is what it last sent (and what the database holds:
    # a fresh page of the host gets it from there).
    mismatched = 0  # phones whose view does not hold their last pick that was taken
    for team in made:
        await team.host.call("set_joining", {"open": False})  # a change: every page's view
        for phone in team.pickers():
            last = picking.last_pair(phone)
            try:
                await phone.wait_for(lambda s, last=last: s["round"]["my_picks"] == last, 30)
            except TimeoutError:
                mismatched += 1
    result = {
        "answers": picking.all_answers(),
        "outages": [o for page in pages for o in page.outages],
        "moved": sum(1 for page in pages if page.moves),
        "pages": len(pages),
        "unmoved_pages_cut_off": [p.auth["role"] for p in pages if not p.moves and p.outages],
        "logs": logs,
        "mismatched": mismatched,
    }
    for page in pages:
        page.close()
    return result


@pytest.mark.timeout(300)  # two processes start again, slowly on a busy machine
def test_a_rolling_restart_answers_every_pick_and_brings_every_page_back():
    cluster = local_cluster.Cluster(2, env=CLUSTER_ENV, show_upstream=False).start()
    try:
        result = asyncio.run(rolling_restart(cluster, teams=3, members=8))
    finally:
        outputs = cluster.stop()
    answers = result["answers"]
    unanswered = [a for a in answers if a is None]
    refused = [a for a in answers if a is not None and a != {"ok": True}]
    assert len(answers) > 100
    assert not unanswered, f"{len(unanswered)} of {len(answers)} picks got no answer"
    assert not refused, (refused[:5], [log[-3000:] for log in outputs.values()])
    assert result["mismatched"] == 0
    # Every page was on one of the two processes: each one moved once or twice, and came
    # back every time within the bound.
    assert result["moved"] == result["pages"]
    assert not result["unmoved_pages_cut_off"]
    assert max(result["outages"]) <= BACK_WITHIN, sorted(result["outages"])[-5:]
    for log in [*result["logs"].values(), *outputs.values()]:
        assert "Traceback" not in log, log
    assert all("Stopping:" in log for log in result["logs"].values())


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_an_idle_server_stops_on_sigterm_without_waiting_for_a_request(tmp_path, mode):
    """systemd's SIGTERM reaches a server nobody uses: it stops (no page to move) instead of
    sleeping until the next request or its loop's own minute is up."""
    server = Server(tmp_path / "idle.db", env={"ASYNC_MODE": mode}).start()
    process = server.process
    time.sleep(3)  # nobody comes: the loop goes to sleep for as long as it likes
    process.terminate()
    try:
        assert process.wait(timeout=15) == 0
    finally:
        server.stop(hard=True)
