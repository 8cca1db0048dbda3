"""Prometheus metrics, optional: ``METRICS=1`` with prometheus-client installed (the
``metrics`` extra).

Served by each process on a port of its own (``METRICS_PORT``, default the app's port +
1000: teamkracht@5001 → 6001) on ``METRICS_ADDRESS`` (default 127.0.0.1), never on the app's
port, so the nginx site, which passes on only the app's ports, does not expose them.
One port per process rather than prometheus-client's multiprocess mode: the processes are
separate services (teamkracht@PORT) that Prometheus scrapes one by one, each process's
figures stay its own (a stuck or overloaded process shows as itself), gauges need no
merging rules, and no shared folder of files has to be cleaned at every restart.

What is counted: open connections, connects, events by name and outcome (their rate is the
events per second by kind), refusals by reason, the time from an event to its answer, and
the sessions open. Labels are names from the app's own code only (event names, fixed
reasons): never a name, a reason, a team name, an address or a code.

Off, every call here does nothing (one test of a module variable).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

log = logging.getLogger(__name__)

# Reasons a page's event, a connection or a facilitator code is refused (the labels).
FLOOD, NOT_ALLOWED, RULE, ERROR = "flood", "not_allowed", "rule", "error"
ANSWER_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
OPEN_MINUTES = 60  # a session counts as open while it had a change in the last hour


class _Instruments:
    """The metrics of this process, in a registry of their own."""

    def __init__(self, app):
        from prometheus_client import (
            CollectorRegistry,
            Counter,
            Gauge,
            Histogram,
            disable_created_metrics,
        )
        from prometheus_client.process_collector import ProcessCollector

        disable_created_metrics()  # no "_created" timestamp beside every counter
        self.registry = registry = CollectorRegistry()
        ProcessCollector(registry=registry)  # CPU, memory, open files of this process
        Gauge(
            "teamkracht_connections",
            "Socket.IO connections open to this process (every page: phones, screens, hosts).",
            registry=registry,
        ).set_function(_open_connections)
        self.connects = Counter(
            "teamkracht_connects", "Pages that connected (accepted).", registry=registry
        )
        self.events = Counter(
            "teamkracht_events",
            "Live events handled, by event and outcome (ok or refused).",
            ["event", "outcome"],
            registry=registry,
        )
        self.refusals = Counter(
            "teamkracht_refusals",
            "Refused events, connections and facilitator codes, by reason.",
            ["reason"],
            registry=registry,
        )
        self.answer_seconds = Histogram(
            "teamkracht_event_answer_seconds",
            "Time from an event's arrival to its answer (stored and announced), by event.",
            ["event"],
            buckets=ANSWER_BUCKETS,
            registry=registry,
        )
        registry.register(_SessionsOpen(app))


def _open_connections() -> int:
    """Pages connected to this process: every one is in the namespace's room None."""
    from session_app import socketio

    server = socketio.server
    return len(server.manager.rooms.get("/", {}).get(None, {})) if server else 0


class _SessionsOpen:
    """Sessions with a change in the last hour, read from the database when scraped (the
    same figure on every process: take the maximum, not the sum)."""

    def __init__(self, app):
        self.app = app

    def describe(self):
        return []  # asked when scraped only: registering queries nothing

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily
        from sqlalchemy import func, select

        from session_app.store import TeamSession, utcnow

        since = utcnow() - timedelta(minutes=OPEN_MINUTES)
        query = select(func.count()).where(TeamSession.last_activity >= since)
        try:
            with self.app.extensions["store"].transaction(readonly=True) as db:
                count = db.scalar(query) or 0
        except Exception as error:  # the database away: the other figures still count
            log.warning("sessions open not counted (%s)", type(error).__name__)
            return
        yield GaugeMetricFamily(
            "teamkracht_sessions_open",
            f"Sessions with a change in the last {OPEN_MINUTES} minutes (the whole database).",
            value=count,
        )


_live: _Instruments | None = None


def enable(app) -> _Instruments:
    """Start counting in this process (``start`` does this, and serves them)."""
    global _live
    _live = _Instruments(app)
    return _live


def disable() -> None:
    global _live
    _live = None


def clock() -> float:
    return time.perf_counter()


def answered(event: str, answer: Any, started: float) -> None:
    """An event was answered: count it by outcome and time it."""
    if _live is None:
        return
    ok = isinstance(answer, dict) and answer.get("ok") is True
    _live.events.labels(event, "ok" if ok else "refused").inc()
    _live.answer_seconds.labels(event).observe(time.perf_counter() - started)


def refused(reason: str) -> None:
    """Something was refused; ``reason`` is one of the app's own words, never user text."""
    if _live is not None:
        _live.refusals.labels(reason).inc()


def connected() -> None:
    if _live is not None:
        _live.connects.inc()


def address(config: dict, app_port: int) -> tuple[str, int]:
    """Where this process serves its metrics: METRICS_ADDRESS, METRICS_PORT (default the
    app's port + 1000, so that each process of a rolling set has its own)."""
    port = config.get("METRICS_PORT") or app_port + 1000
    return config.get("METRICS_ADDRESS") or "127.0.0.1", int(port)


def start(app, app_port: int) -> None:
    """With ``METRICS`` on: count, and serve the metrics on their own address."""
    if not app.config.get("METRICS"):
        return
    try:
        from prometheus_client import start_http_server
    except ImportError:
        raise SystemExit(
            "METRICS=1 needs prometheus-client: .venv/bin/pip install -e '.[metrics]'"
        ) from None
    host, port = address(app.config, app_port)
    live = enable(app)
    try:
        start_http_server(port, addr=host, registry=live.registry)
    except OSError as error:  # taken by another process: say which setting to change
        raise SystemExit(
            f"The metrics cannot listen on {host}:{port} ({error.strerror}). Every process "
            "needs a port of its own: leave METRICS_PORT unset (the app's port + 1000) or "
            "give each process another one."
        ) from None
    print(f"Metrics: http://{host}:{port}/metrics (for Prometheus, not through nginx).", flush=True)
