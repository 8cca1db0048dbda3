"""What happens before a request reaches Flask or Socket.IO: proxies, host names, connections.

- ``TRUSTED_PROXIES``: how many proxies (nginx: 1) stand in front of the app; only their
  X-Forwarded-For/-Proto/-Host headers are believed (werkzeug's ProxyFix).
- The Host header must name this app (``PUBLIC_URL``, ``EXTRA_HOSTS`` or localhost), also for
  Socket.IO: a page of another site that makes its name point here gets nothing.
- Socket.IO answers carry ``nosniff`` and never JSONP (``j=`` polling is refused).
- In the one-process server (eventlet), one address holds at most
  ``CONNECTIONS_PER_ADDRESS`` connections that are not a page let in with its key or cookie
  (unfinished requests, connections still being checked); past that it gets a short 503.
  A page that was let in stops counting, so a venue's phones all fit.
- ``CONNECTION_LIMIT`` connections need as many open files: at start the process raises
  its own limit on open files (the soft limit, up to the hard one) to fit them.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from urllib.parse import parse_qs, urlsplit

from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

from session_app.config import LIMITS

log = logging.getLogger(__name__)
_SESSION_SOCKET = re.compile(r"/s/[A-Za-z0-9_-]+/socket\.io/(.*)", re.DOTALL)
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"]


def trusted_hosts(config) -> list[str] | None:
    """The host names requests may use; None: any (no public address was configured; on a
    laptop in a meeting room the address printed at start may also be a name like
    ``laptop.local``)."""
    public = config.get("PUBLIC_URL") or ""
    if not public or not config.get("CHECK_HOSTS"):
        return None
    return [urlsplit(public).hostname or "", *config.get("EXTRA_HOSTS", []), *LOCAL_HOSTS]


def _refuse(start_response, status: str, text: str, close: bool = False):
    body = text.encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ]
    if close:
        headers += [("Connection", "close"), ("Retry-After", "1")]
    start_response(status, headers)
    return [body]


_RESTARTING = "Deze server start opnieuw. / This server is restarting.\n"


class EdgeChecks:
    """WSGI middleware around the whole app, Socket.IO included."""

    def __init__(self, wsgi_app, config, stopping=None):
        self.wsgi_app, self.config = wsgi_app, config
        self.stopping = stopping  # session_app.stopping.Stopping

    def __call__(self, environ, start_response):
        hosts = trusted_hosts(self.config)
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        if hosts is not None and not host_is_trusted(host, hosts):
            return _refuse(
                start_response,
                "400 Bad Request",
                "Onbekend adres voor deze app. / Unknown address for this app.\n",
            )
        path = environ.get("PATH_INFO", "")
        if "/socket.io/" in path and "j" in parse_qs(environ.get("QUERY_STRING", "")):
            return _refuse(start_response, "400 Bad Request", "JSONP is not supported.\n")

        session_socket = _SESSION_SOCKET.match(path)
        if session_socket:  # a page's live connection, under its session's cookie path
            environ["PATH_INFO"] = "/socket.io/" + session_socket.group(1)
        draining = self.stopping is not None and self.stopping.draining
        if draining and environ["PATH_INFO"].startswith("/socket.io/"):
            if "sid" not in parse_qs(environ.get("QUERY_STRING", "")):
                # A new live connection to a process that is stopping: nginx passes it on
                # to another process (proxy_next_upstream http_503); alone, the page tries
                # again in a moment.
                return _refuse(start_response, "503 Service Unavailable", _RESTARTING, True)

        def start(status, headers, exc_info=None):
            if not any(name.lower() == "x-content-type-options" for name, _ in headers):
                headers.append(("X-Content-Type-Options", "nosniff"))
            if draining and not status.startswith("101"):  # no more requests on this one
                headers.append(("Connection", "close"))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def wrap(app) -> None:
    """Put the checks (and, with trusted proxies, ProxyFix) in front of ``app.wsgi_app``."""
    app.wsgi_app = EdgeChecks(app.wsgi_app, app.config, app.extensions.get("stopping"))
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


# --- open files ----------------------------------------------------------------

# Files the process keeps open besides its connections: the listening socket, the
# database (SQLite's file and journal per pooled connection, or PostgreSQL sockets),
# Redis, the log, a static file being sent, the event loop's own.
FILES_BESIDES_CONNECTIONS = 256
# Fewer connections than this fit: only then does the start say so (a facilitator's laptop
# whose system allows 4,096 open files still serves 200 teams; the README says what to set).
QUIET_ABOVE = 1000


def open_files_limit(soft: int, hard: int, wanted: int) -> int:
    """The soft limit on open files to set: ``wanted`` if the hard limit allows it, else the
    hard limit; never lower than ``soft``. A negative limit means none (RLIM_INFINITY)."""
    if soft < 0 or soft >= wanted:
        return soft
    if hard < 0 or hard >= wanted:
        return wanted
    return hard


def raise_open_files(config) -> tuple[int | None, str | None]:
    """Raise this process's soft limit on open files so ``CONNECTION_LIMIT`` connections fit.

    Returns the connections the open files allow (None: no limit to mind) and, when the
    hard limit allows fewer than ``QUIET_ABOVE``, one line for whoever starts the server.
    """
    try:
        import resource
    except ImportError:  # not a Unix: nothing to raise
        return None, None
    connections = int(config.get("CONNECTION_LIMIT", LIMITS["CONNECTION_LIMIT"]))
    wanted = connections + FILES_BESIDES_CONNECTIONS
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    new = open_files_limit(_limit(soft), _limit(hard), wanted)
    if new != _limit(soft):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        except (ValueError, OSError):  # e.g. macOS caps below its hard limit
            new = _limit(soft)
    if new < 0 or new >= wanted:
        return None, None
    fits = max(new - FILES_BESIDES_CONNECTIONS, 1)
    if fits >= QUIET_ABOVE:  # plenty for a laptop, and for many teams: no line to puzzle over
        return fits, None
    return fits, (
        f"Let op: dit systeem staat maar {new} open bestanden toe, genoeg voor {fits} "
        f"verbindingen in plaats van {connections} (CONNECTION_LIMIT); verhoog de limiet "
        f"met ulimit -n of LimitNOFILE. / Note: this system allows only {new} open files, "
        f"enough for {fits} connections instead of {connections} (CONNECTION_LIMIT); "
        f"raise it with ulimit -n or LimitNOFILE."
    )


def _limit(value: int) -> int:
    import resource

    return -1 if value == resource.RLIM_INFINITY else value


class _QuietErrors:
    """Where gevent's server writes a line for each connection that broke off mid-request
    (a phone that closed while its last frame was on the way): to the log at debug level,
    not onto the facilitator's terminal."""

    def write(self, text: str) -> None:
        if text.strip():
            log.debug("gevent: %s", text.rstrip())

    def flush(self) -> None:
        pass


# --- the eventlet server -----------------------------------------------------


def server_options(config, open_files: int | None = None) -> dict:
    """Keyword arguments for ``socketio.run`` (passed on to ``eventlet.wsgi.server``).

    Under gevent (``ASYNC_MODE=gevent``) its ``WSGIServer`` takes none of these: there the
    cap on connections is a pool of that many greenlets (a connection past it waits to be
    accepted); the idle timeout and the cap per address are the eventlet server's.

    ``open_files``: the connections the process's open files allow (``raise_open_files``).
    The cap stays below it: a server out of files stops accepting for good (eventlet), while
    a connection past the cap only waits until another one closes."""
    mode = config.get("ASYNC_MODE", "eventlet")
    cap = int(config.get("CONNECTION_LIMIT", LIMITS["CONNECTION_LIMIT"]))
    if open_files is not None:
        cap = min(cap, open_files)
    if mode == "gevent":
        from gevent.pool import Pool

        return {"spawn": Pool(cap), "error_log": _QuietErrors()}
    if mode != "eventlet":
        return {}
    timeout = int(config.get("IDLE_TIMEOUT", 60))
    options = {
        "max_size": cap,
        "socket_timeout": timeout,  # a connection that sends nothing is closed
        "keepalive": timeout,  # an idle keep-alive connection too
    }
    per_address = int(config.get("CONNECTIONS_PER_ADDRESS", 100))
    # Behind a proxy every connection comes from the proxy: it caps per address itself
    # (nginx: limit_conn, see deploy/).
    if int(config.get("TRUSTED_PROXIES", 0)):
        per_address = 0
    options["protocol"] = protocol(per_address)
    return options


_BUSY_TEXT = "Te veel verbindingen vanaf dit adres. / Too many connections from this address.\n"
_BUSY = (
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    f"Retry-After: 10\r\nConnection: close\r\nContent-Length: {len(_BUSY_TEXT)}\r\n\r\n"
    + _BUSY_TEXT
).encode()


def protocol(per_address: int):
    """eventlet's HTTP protocol, lean for connections that stay open, refusing an address's
    connections past ``per_address`` (0: no cap).

    A live page keeps its connection for the whole session, and eventlet keeps the
    connection's buffers meanwhile: 8 KB to read requests and 16 KB to write answers, a
    third of what a connection costs, while the WebSocket reads and writes the socket
    itself (bench/bench_connections.py)."""
    with warnings.catch_warnings():  # already imported when serving (see session_app.green)
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        from eventlet import wsgi

    open_by_address: Counter[str] = Counter()

    class Protocol(wsgi.HttpProtocol):
        # Enough for most requests' headers; a longer one takes one more read, and a body
        # larger than this is read straight into place.
        rbufsize = 1024

        def __init__(self, conn_state, server):
            self.counted: str | None = None  # the address this connection counts against
            if not per_address:
                super().__init__(conn_state, server)
                return
            address = conn_state[0][0] if isinstance(conn_state[0], tuple) else "?"
            if open_by_address[address] >= per_address:
                connection = conn_state[1]
                try:
                    connection.settimeout(1)
                    connection.sendall(_BUSY)
                except OSError:
                    pass
                connection.close()
                return
            open_by_address[address] += 1
            self.counted = address
            try:
                super().__init__(conn_state, server)
            finally:
                self.vouch()

        def vouch(self) -> None:
            """This connection no longer counts against its address: it closed, or it is a
            page that was let in with its key or cookie (``events``, on connect)."""
            address, self.counted = self.counted, None
            if address is not None:
                open_by_address[address] -= 1
                if not open_by_address[address]:
                    del open_by_address[address]

        def handle_one_response(self):
            environ = self.environ
            if self.counted is not None:
                environ["teamkracht.vouch"] = self.vouch
            if (
                environ.get("HTTP_UPGRADE", "").lower() == "websocket"
                and "HTTP_EXPECT" not in environ
            ):
                # The handshake and every frame go out on the socket itself; only a refusal
                # (a short 400) is written here. (Not unbuffered: eventlet's writelines
                # needs a buffer; a page's answer keeps the 16 KB one, so its headers and
                # body leave together.)
                self.wfile = self.connection.makefile("wb", 512)
            return super().handle_one_response()

    return Protocol
