"""How long one answer takes to store and push, and how much memory a session uses.

Run: .venv/bin/python bench/bench_events.py [members ...]
For each team size: a session with a screen, a host and every member connected (Flask-
SocketIO test clients, SQLite file), then every voter sends one answer. Prints the time
per answer (store + snapshot for every audience) and, in a second run, the peak Python
memory allocated while the answers come in (tracemalloc).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from session_app import create_app, socketio
from session_app.config import TestingConfig
from session_app.events import HOST_COOKIE, MEMBER_COOKIE, throttle
from session_app.store import Store


def run(members: int, *, trace: bool) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestingConfig(f"sqlite:///{Path(folder) / 'bench.db'}"))
        throttle.burst = 10**9  # measure the work, not the flood protection
        http = app.test_client()
        response = http.post("/sessions", data={"team_name": "Bench"})
        public_id = response.headers["Location"].split("/")[2]
        store: Store = app.extensions["store"]
        with store.transaction() as db:
            s = Store.load(db, public_id=public_id)
            code, screen_key = s.join_code, s.screen_key
        host = socketio.test_client(app, flask_test_client=http,
                                    auth={"role": "host", "session": public_id})
        socketio.test_client(app, auth={"role": "screen", "session": public_id,
                                        "key": screen_key})
        phones = []
        for n in range(members):
            phone = app.test_client()
            phone.post("/join", data={"code": code, "name": f"Lid {n}"})
            assert phone.get_cookie(MEMBER_COOKIE.format(public_id)) is not None
            phones.append(socketio.test_client(app, flask_test_client=phone,
                                               auth={"role": "member", "session": public_id}))
        assert http.get_cookie(HOST_COOKIE.format(public_id)) is not None
        host.emit("start_rounds", {}, callback=True)
        state = host.get_received()[-1]["args"][0]
        round_id, central = state["round"]["id"], state["round"]["central"]["id"]

        if trace:
            tracemalloc.start()
        timings = []
        for phone in phones:
            got = phone.get_received()  # the last whole view (then progress messages)
            me = next(m for m in reversed(got) if m["name"] == "state")["args"][0]["me"]["id"]
            if me == central:
                continue
            started = time.perf_counter()
            result = phone.emit("pick", {"round_id": round_id, "picks": [
                {"competency": "lef", "reason": "Durft van alles te vragen."},
                {"competency": "netwerken", "reason": "Kent de hele gemeente."}]},
                callback=True)
            timings.append(time.perf_counter() - started)
            assert result == {"ok": True}, result
        peak = 0
        if trace:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return statistics.median(timings), max(timings), peak / 2**20


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [5, 10, 20, 40]
    print(f"{'members':>8} {'median ms/answer':>17} {'max ms':>8} {'peak MiB':>9}")
    for members in sizes:
        median, worst, _ = run(members, trace=False)  # tracemalloc slows Python down
        _, _, peak = run(members, trace=True)
        print(f"{members:>8} {median * 1000:>17.1f} {worst * 1000:>8.1f} {peak:>9.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
