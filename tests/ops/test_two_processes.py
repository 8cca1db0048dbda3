"""Two app processes on one database, without a message queue: what one process changed is
what the other one decides by.

Each process keeps the members, rounds and current picks it last read of a session, labelled
with the session's version (``Store._known``), and reads them again only when the row shows
another version. Here process A moves the session on while pages stay connected to process
B, which still holds what it read before. Without Redis, B's pages are not told of A's
changes as they happen (that is expected); but B's next event and B's next connection must
go by the database: a pick on B after A revealed the round is refused, a pick on B after A
opened the next round is taken, a member A removed can do nothing on B, and every view B
sends counts what was done on A.

The database is one SQLite file (or PostgreSQL: ``TEST_DATABASE_URL``), shared by both.
"""

from __future__ import annotations

import os

import pytest
import socketio
from browser_support import LiveClient, Server, create_session, join
from waiting import wait_until

from session_app.store import Base, Store


def picks(reason: str) -> list[dict]:
    return [
        {"competency": "lef", "reason": f"{reason} 1"},
        {"competency": "netwerken", "reason": f"{reason} 2"},
    ]


def test_a_change_on_one_process_is_what_the_other_decides_by(tmp_path):
    database = os.environ.get("TEST_DATABASE_URL")
    env = {"DATABASE_URL": database} if database else {}
    a = Server(tmp_path / "shared.db", env=env).start()
    b = Server(tmp_path / "shared.db", env=env).start()
    clients: list[LiveClient] = []

    def connect(server: Server, http, role: str) -> LiveClient:
        http.cookies.set("lang", "en", domain="127.0.0.1", path="/")  # refusals in English
        clients.append(LiveClient(server, http, role, public_id))
        return clients[-1]

    try:
        host_http, public_id = create_session(a)
        host_a = connect(a, host_http, "host")
        code = host_a.wait_for(lambda s: True)["join_code"]
        phones = {
            name: join(a if name == "Ann" else b, code, name) for name in "Ann Bob Cas Dee".split()
        }
        ann = connect(a, phones["Ann"], "member")  # Ann's phone on A, the others on B
        bob, cas, dee = (connect(b, phones[n], "member") for n in ("Bob", "Cas", "Dee"))
        host_b = connect(b, host_http, "host")  # the facilitator's second window, on B
        # B has read the session (its pages connected): it knows it at this version. (A's
        # host page was not told of the joins on B: no message queue.)
        lobby = host_b.wait_for(lambda s: len(s["members"]) == 4)
        ids = {m["name"]: m["id"] for m in lobby["members"]}
        assert lobby["phase"] == "lobby"

        # A starts the rounds. B's pages still show the lobby; Bob's pick on B is taken.
        assert host_a.call("start_rounds", {}) == {"ok": True}
        first = host_a.wait_for(lambda s: s["round"] and s["round"]["state"] == "open")["round"]
        assert first["central"]["name"] == "Ann"
        assert bob.states[-1]["phase"] == "lobby"  # no message queue: not pushed to B
        assert bob.call("pick", {"round_id": first["id"], "picks": picks("Bob")}) == {"ok": True}
        mine = bob.wait_for(lambda s: s["round"] and s["round"]["my_picks"])
        assert mine["round"]["id"] == first["id"] and mine["round"]["answered_count"] == 1
        # B's host window, told by B of Bob's pick, shows the round A opened.
        seen = host_b.wait_for(lambda s: s["round"] and s["round"]["answered_count"] == 1)
        assert seen["phase"] == "rounds" and seen["round"]["id"] == first["id"]

        # Cas picks on B too (B made the last change: what it kept is still true).
        assert cas.call("pick", {"round_id": first["id"], "picks": picks("Cas")}) == {"ok": True}
        # A reveals. Cas changing his picks on B is refused: the round is no longer open,
        # whatever B read before.
        assert host_a.call("reveal", {"round_id": first["id"]}) == {"ok": True}
        ack = cas.call("pick", {"round_id": first["id"], "picks": picks("Cas again")})
        assert ack["ok"] is False and "revealed" in ack["error"], ack
        revealed = host_a.wait_for(lambda s: s["round"]["state"] == "revealed")["round"]
        assert sum(row["count"] for row in revealed["tally"]) == 4  # Bob's and Cas's

        # A opens the next round (Bob's). Ann picks on A: A read the session at an older
        # version (Bob's and Cas's picks came through B), so it reads it again.
        assert host_a.call("next_round", {"round_id": first["id"]}) == {"ok": True}
        second = host_a.wait_for(lambda s: s["round"]["id"] != first["id"])["round"]
        assert second["central"]["name"] == "Bob" and second["state"] == "open"
        assert ann.call("pick", {"round_id": second["id"], "picks": picks("Ann")}) == {"ok": True}
        # A pick on B for the round B last saw is refused; for the round A opened it is
        # taken, and B's views count Ann's pick made on A.
        ack = dee.call("pick", {"round_id": first["id"], "picks": picks("Dee late")})
        assert ack["ok"] is False and "moved on" in ack["error"], ack
        assert dee.call("pick", {"round_id": second["id"], "picks": picks("Dee")}) == {"ok": True}
        seen = host_b.wait_for(lambda s: s["round"]["id"] == second["id"])
        assert seen["round"]["answered_count"] == 2
        assert {v["name"] for v in seen["round"]["voters"] if v["answered"]} == {"Ann", "Dee"}
        # Bob (central in this round, as the database says) cannot pick on B.
        ack = bob.call("pick", {"round_id": second["id"], "picks": picks("Bob")})
        assert ack["ok"] is False and "your own round" in ack["error"], ack

        # A removes Cas. B still has Cas's page connected (without a queue B is not told),
        # but everything Cas does on B is refused, and B's views no longer list Cas.
        assert host_a.call("remove_member", {"member_id": ids["Cas"]}) == {"ok": True}
        ack = cas.call("pick", {"round_id": second["id"], "picks": picks("Cas")})
        assert ack["ok"] is False and "no longer part" in ack["error"], ack
        ack = cas.call("self_view_shown", {"show": True})
        assert ack["ok"] is False and "no longer part" in ack["error"], ack
        assert host_b.call("set_joining", {"open": False}) == {"ok": True}
        seen = host_b.wait_for(lambda s: not s["joining_open"])
        assert {m["name"] for m in seen["members"]} == {"Ann", "Bob", "Dee"}
        assert seen["round"]["answered_count"] == 2 and seen["round"]["voter_count"] == 2

        # A page that (re)connects gets the state as stored: on B, and on A, which last read
        # the session before B's change (A's host page was not told of it).
        assert host_a.states[-1]["joining_open"] is True
        fresh_b = connect(b, phones["Dee"], "member").wait_for(lambda s: True)
        assert fresh_b["version"] == seen["version"]
        assert fresh_b["round"]["id"] == second["id"]
        assert fresh_b["round"]["my_picks"] == picks("Dee")
        fresh_a = connect(a, host_http, "host").wait_for(lambda s: True)
        assert fresh_a["version"] == seen["version"] and fresh_a["joining_open"] is False
        assert {m["name"] for m in fresh_a["members"]} == {"Ann", "Bob", "Dee"}
        assert fresh_a["round"] == seen["round"]
        with pytest.raises(socketio.exceptions.ConnectionError):  # Cas's cookie opens nothing
            LiveClient(b, phones["Cas"], "member", public_id, reconnection=False)

        # The facilitator makes a new facilitator link on A. B's page with the old one was
        # not cut off (no message queue), but its next event is refused and it is told why.
        told: list[dict] = []
        host_b.sio.on("removed", told.append)
        replaced = host_http.post(f"{a.url}/s/{public_id}/links", data={"which": "host"})
        assert replaced.status_code == 200 and "replaced=host" in replaced.url
        ack = host_b.call("set_joining", {"open": True})
        assert ack == {"ok": False, "error": "You are not allowed to do this."}
        wait_until(lambda: told == [{"reason": "replaced"}])
        # The new link works on B, and nothing was changed by the refused event.
        assert connect(b, host_http, "host").wait_for(lambda s: True)["joining_open"] is False
    finally:
        for client in clients:
            client.close()
        outputs = a.stop() + b.stop()
        if database:
            store = Store(database)
            Base.metadata.drop_all(store.engine)
            store.engine.dispose()
    assert "Traceback" not in outputs, outputs
