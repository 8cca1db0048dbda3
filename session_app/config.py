"""Settings, read from the environment in one place."""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path
from urllib.parse import urlsplit


def _instance_secret(instance_path: Path) -> str:
    """A secret key made once and kept in the instance folder, readable by the owner only."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def database_url(url: str) -> str:
    """A plain ``postgresql://`` (or Heroku-style ``postgres://``) URL gets the psycopg 3
    driver: SQLAlchemy would otherwise pick psycopg2, which the app does not install.
    (``session_app.green`` makes psycopg wait cooperatively under eventlet and gevent.)"""
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def from_environment(instance_path: Path) -> dict:
    """The app's settings; every one can be set by an environment variable."""
    env = os.environ
    origins = env.get("ALLOWED_ORIGINS", "").split(",")
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or _instance_secret(instance_path),
        "DATABASE_URL": database_url(
            env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'sessions.db'}"
        ),
        # Several app processes pass their Socket.IO messages through this queue (Redis,
        # e.g. redis://127.0.0.1:6379/0). Empty: one process, nothing shared.
        "MESSAGE_QUEUE": env.get("MESSAGE_QUEUE", "").strip(),
        "ASYNC_MODE": env.get("ASYNC_MODE", "eventlet"),
        # Empty means: only the app's own origin (Flask-SocketIO's default).
        "ALLOWED_ORIGINS": [o.strip() for o in origins if o.strip()],
        "RETENTION_DAYS": int(env.get("RETENTION_DAYS", "30")),
        # A session the team keeps for a follow-up is kept at most this many days.
        "FOLLOW_UP_MAX_DAYS": int(env.get("FOLLOW_UP_MAX_DAYS", "400")),
        # During a burst of answers the screen, the host and the phones' progress get at
        # most one update per this many milliseconds per session (the first one at once);
        # 0: every update at once. See pushes.py.
        "PUSH_WINDOW_MS": int(env.get("PUSH_WINDOW_MS", "50")),
        "PUBLIC_URL": env.get("PUBLIC_URL", ""),
        "SESSION_COOKIE_SECURE": env.get("COOKIE_SECURE", "") == "1",
        # Seconds between two answers of a practice session's example members.
        "PRACTICE_DELAY_SECONDS": float(env.get("PRACTICE_DELAY_SECONDS", "1.5")),
        # Limits: see the README's section "Limits". Every one can be set here.
        **{name: int(env.get(name, default)) for name, default in LIMITS.items()},
        **{name: float(env.get(name, default)) for name, default in RESILIENCE.items()},
        # Only facilitators with a code from the organisation may open sessions (admin.py:
        # ``python -m session_app facilitators add NAME``). Off: anyone may.
        "FACILITATOR_CODES": env.get("FACILITATOR_CODES", "") == "1",
        # Prometheus metrics (metrics.py), on their own port: default the app's port + 1000.
        "METRICS": env.get("METRICS", "") == "1",
        "METRICS_PORT": int(env.get("METRICS_PORT") or 0),
        "METRICS_ADDRESS": env.get("METRICS_ADDRESS", "127.0.0.1"),
        # Extra host names the app answers to, besides the one in PUBLIC_URL.
        "EXTRA_HOSTS": [h.strip() for h in env.get("EXTRA_HOSTS", "").split(",") if h.strip()],
    }


# Every limit with its default (the README's table "Limits" lists them with their meaning).
LIMITS = {
    "TRUSTED_PROXIES": 0,  # proxies in front of the app (nginx: 1) whose X-Forwarded-For counts
    # Open connections to one server process: 5,000 phones with their teams' screens and
    # hosts (bench/bench_connections.py measures it); the process raises its own limit on
    # open files to fit them (edge.raise_open_files).
    "CONNECTION_LIMIT": 6000,
    # Open connections from one address that are not (yet) a page let in with its key or
    # cookie (0: no cap); a page let in no longer counts, so a venue's Wi-Fi carries any
    # number of phones.
    "CONNECTIONS_PER_ADDRESS": 100,
    # Connects from one address refused as unauthorised or malformed, per minute; past it
    # that address's connects are refused "busy" for the rest of the minute.
    "FAILED_CONNECTS_PER_ADDRESS_PER_MINUTE": 120,
    "IDLE_TIMEOUT": 60,  # seconds a connection may send nothing
    "MAX_MEMBERS": 60,  # members in one session
    "JOINS_PER_SESSION_PER_MINUTE": 60,  # a whole team may scan the QR code at once
    "EVENTS_PER_10S": 60,  # live actions of one person (all their connections together)
    "EVENTS_PER_ADDRESS_PER_10S": 600,  # live actions from one address (a venue's Wi-Fi)
    "FLOOD_BLOCK_SECONDS": 60,  # how long someone who kept flooding stays out
    "WRONG_CODES_PER_ADDRESS": 30,  # per 5 minutes
    "SESSIONS_PER_ADDRESS_PER_HOUR": 20,
    "SESSIONS_PER_HOUR": 300,  # new sessions per hour, everyone together
    "EMPTY_SESSION_HOURS": 24,  # a session nobody joined is deleted after this
}


# How pages and processes notice each other's trouble (README, "Hosting for many teams").
RESILIENCE = {
    # The server pings every page this often (seconds); a page that has heard nothing for
    # PING_INTERVAL + PING_TIMEOUT takes its server for dead and connects again (to another
    # process behind nginx); the server drops a page that has not answered a ping in
    # PING_TIMEOUT.
    "PING_INTERVAL": 5,
    "PING_TIMEOUT": 4,
    # On SIGTERM the pages leave spread over this many seconds (stopping.py), and the
    # process then waits at most this long for the last ones and for events being handled.
    "STOP_SPREAD_SECONDS": 3,
    "STOP_GRACE_SECONDS": 2,
}


def lan_address() -> str | None:
    """This computer's address in the local network, for phones to reach it.

    Asks the operating system which address it would send from to a private address:
    connecting a UDP socket sends nothing. (Looking up the hostname gives 127.0.1.1 on
    Debian and Ubuntu, which phones cannot reach.)
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith(("127.", "0.")) else address


# Printed at the start when the address is this computer's own (Dutch, then English).
UNREACHABLE = (
    "Let op: telefoons kunnen dit adres niet openen. Start de app zonder --host 127.0.0.1, "
    "of zet PUBLIC_URL op het adres van deze computer in het netwerk.\n"
    "Note: phones cannot open this address. Start the app without --host 127.0.0.1, "
    "or set PUBLIC_URL to this computer's address on the network."
)


def reaches_phones(url: str) -> bool:
    """Whether a phone on the network can open ``url``: not when it names this computer's
    own loopback address (``--host 127.0.0.1``, or ``PUBLIC_URL`` on localhost)."""
    host = (urlsplit(url).hostname or "").lower()
    loopback = host in ("", "localhost", "0.0.0.0", "::1")  # noqa: S104
    return not (loopback or host.startswith("127.") or host.endswith(".localhost"))


def start_url(config: dict, host: str, port: int) -> str:
    """The address to print, and the one the QR code shows.

    When the server listens on every interface the phones need this computer's network
    address; without a network the pages use the address the browser used.
    """
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"].rstrip("/") + "/"
    if host in ("0.0.0.0", ""):  # noqa: S104
        lan = lan_address()
        if lan:
            config["PUBLIC_URL"] = f"http://{lan}:{port}"
            return config["PUBLIC_URL"] + "/"
        return f"http://localhost:{port}/"
    if host == "127.0.0.1":
        return f"http://localhost:{port}/"
    config["PUBLIC_URL"] = f"http://{host}:{port}"
    return config["PUBLIC_URL"] + "/"


class TestingConfig(dict):
    """A temporary database, the threading server (gevent when the test run is patched for
    it: ``ASYNC_MODE=gevent``, see scripts/test), no background purge."""

    def __init__(self, database_url: str, **overrides):
        gevent = os.environ.get("ASYNC_MODE") == "gevent"
        super().__init__(
            TESTING=True,
            SECRET_KEY="test-secret-not-for-production",  # noqa: S106
            DATABASE_URL=database_url,
            ASYNC_MODE="gevent" if gevent else "threading",
            MESSAGE_QUEUE="",
            ALLOWED_ORIGINS=[],
            RETENTION_DAYS=30,
            PUBLIC_URL="",
            PURGE_INTERVAL_SECONDS=0,
            PRACTICE_DELAY_SECONDS=0,
            PUSH_WINDOW_MS=0,  # every update at once: tests read what was sent right away
        )
        self.update(overrides)
