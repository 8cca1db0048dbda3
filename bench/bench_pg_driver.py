"""Does a PostgreSQL call let the event loop serve others meanwhile? Per driver and loop.

    .venv/bin/python bench/bench_pg_driver.py [postgresql://postgres@127.0.0.1/dbname]

For each green loop (eventlet, gevent) and each driver, in a fresh process: four green
threads each run ``SELECT pg_sleep(0.2)`` at the same time while a fifth one ticks every
10 ms. A driver that cooperates finishes the four in about 0.2 s and the ticker keeps
ticking; one that blocks the loop needs 0.8 s and the ticker stalls (a pick that arrives
meanwhile waits). Then the CPU time of 2,000 small queries, the price of each driver.
Prints one line per combination, and the load average.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time

DRIVERS = {
    # psycopg as it comes: its C wait function, unless it sees gevent's patching
    "psycopg as it comes": ("postgresql+psycopg", False),
    "psycopg + the app's wait": ("postgresql+psycopg", True),
    "pg8000 (pure Python)": ("postgresql+pg8000", False),
}


def child(loop: str, url: str, green_wait: bool) -> None:
    if loop == "eventlet":
        import eventlet

        eventlet.monkey_patch()
        spawn, sleep = eventlet.spawn, eventlet.sleep
    else:
        from gevent import monkey

        monkey.patch_all()
        import gevent

        spawn, sleep = gevent.spawn, gevent.sleep
    from sqlalchemy import create_engine, text

    if green_wait:
        from session_app.green import make_driver_green

        make_driver_green()
    engine = create_engine(url, pool_size=8)
    with engine.connect() as c:  # warm the pool's first connection
        c.execute(text("select 1"))

    ticks = [0]
    stop = [False]

    def ticker():
        while not stop[0]:
            ticks[0] += 1
            sleep(0.01)

    def slow():
        with engine.connect() as c:
            c.execute(text("select pg_sleep(0.2)"))

    t = spawn(ticker)
    start = time.perf_counter()
    workers = [spawn(slow) for _ in range(4)]
    for w in workers:
        w.wait() if loop == "eventlet" else w.join()
    wall = time.perf_counter() - start
    stop[0] = True
    t.wait() if loop == "eventlet" else t.join()

    cpu0 = time.process_time()
    with engine.connect() as c:
        for i in range(2000):
            c.execute(text("select :i, 'x'::text, now()"), {"i": i}).all()
    cpu = (time.process_time() - cpu0) / 2000 * 1e6
    engine.dispose()
    print(json.dumps({"wall": wall, "ticks": ticks[0], "cpu_us": cpu}))


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1/postgres"
    rest = base.split("://", 1)[1]
    print(f"load average before: {os.getloadavg()}")
    print(
        f"{'loop':9} {'driver':28} {'4×0.2 s at once':>16} {'ticks (ideal ~20+)':>19} "
        f"{'CPU/query':>10}"
    )
    for loop in ("eventlet", "gevent"):
        for name, (scheme, green) in DRIVERS.items():
            if "pg8000" in scheme and importlib.util.find_spec("pg8000") is None:
                print(f"{loop:9} {name:28} (for comparison: .venv/bin/pip install pg8000)")
                continue
            out = subprocess.run(
                [sys.executable, __file__, "--child", loop, f"{scheme}://{rest}", str(green)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(
                f"{loop:9} {name:28} {r['wall']:>14.2f} s {r['ticks']:>19} {r['cpu_us']:>8.0f} µs"
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4] == "True")
    else:
        main()
