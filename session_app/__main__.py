"""Start the server: ``python -m session_app [--host H] [--port P]``; ``purge`` deletes old data."""

import os

from session_app import green  # noqa: E402  (patches nothing by itself)

# Must run before anything else imports the standard library's socket or threading
# (already done when the package's __init__ saw `-m`; patching twice is a no-op).
green.patch(os.environ.get("ASYNC_MODE", "eventlet"))

import argparse  # noqa: E402
import sys  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from session_app import admin  # backup, restore, facilitators: the operator's commands

    if admin.wanted(argv):
        return admin.main(argv)
    parser = argparse.ArgumentParser(prog="python -m session_app")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "purge"])
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))  # noqa: S104
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = parser.parse_args(argv)

    from session_app import create_app, purging, socketio
    from session_app.config import UNREACHABLE, reaches_phones, start_url

    app = create_app()
    if args.command == "purge":
        removed = app.extensions["store"].purge_expired(
            app.config["RETENTION_DAYS"], app.config["EMPTY_SESSION_HOURS"]
        )
        print(f"Deleted {removed} session(s) older than {app.config['RETENTION_DAYS']} days.")
        return 0

    from session_app.edge import raise_open_files, server_options

    open_files, too_few = raise_open_files(app.config)  # room for CONNECTION_LIMIT
    url = start_url(app.config, args.host, args.port)
    # The facilitator reads this: Dutch first, then English.
    # One address, the one in the QR code; said again in English without repeating it.
    print(f"De app draait. Open {url} in je browser.", flush=True)
    print("Telefoons op dezelfde wifi doen mee via de QR-code. Stoppen: Ctrl+C.", flush=True)
    print("The app is running: open the address above in your browser. Stop: Ctrl+C.", flush=True)
    if not reaches_phones(url):
        print(UNREACHABLE, flush=True)
    if too_few:  # only when the system's hard limit on open files is too low
        print(too_few, flush=True)
    purging.start_purge_task(app)  # deletes expired sessions now and then every hour
    from session_app import metrics  # METRICS=1: Prometheus figures on a port of their own

    metrics.start(app, args.port)
    options = server_options(app.config, open_files)
    if app.config["ASYNC_MODE"] == "eventlet":
        serve_eventlet(app, args.host, args.port, options)
        return 0
    if app.config["ASYNC_MODE"] == "gevent":
        from session_app import stopping

        stopping.install(app, lambda: socketio.wsgi_server.close())
    socketio.run(app, host=args.host, port=args.port, log_output=False, **options)
    return 0


def serve_eventlet(app, host: str, port: int, options: dict) -> None:
    """What ``socketio.run`` does under eventlet, keeping the listening socket: a SIGTERM
    shuts it and lets the pages move before the process ends (``stopping``)."""
    import eventlet
    import eventlet.green.socket
    import eventlet.wsgi

    from session_app import stopping

    address = eventlet.green.socket.getaddrinfo(host, port)[0]
    listener = _Listener(eventlet.listen(address[4], address[0]), stopping.of(app))
    stopping.install(app, listener.stop)
    eventlet.spawn(_wake_on_signals)
    eventlet.wsgi.server(listener, app, log_output=False, **options)


def _wake_on_signals() -> None:
    """Let a signal wake eventlet's loop. Python runs a signal's handler only when the loop
    comes back from waiting for sockets; an idle server (no page, no request) may wait up to
    a minute, so a SIGTERM would wait as long. The kernel now also writes to a pipe that the
    loop watches."""
    import signal

    import eventlet.hubs

    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    while True:
        eventlet.hubs.trampoline(read_end, read=True)
        try:
            os.read(read_end, 512)
        except BlockingIOError:
            pass


class _Listener:
    """The listening socket, for eventlet's server loop. ``stop`` shuts it: the kernel then
    refuses new connections at once (nginx moves on to another process). The loop is not
    told: its ending would close every open WebSocket at once, while ``stopping`` lets the
    pages leave in turn; the loop's ``accept`` just waits until the process ends."""

    def __init__(self, sock, state):
        self.sock, self.state = sock, state

    def __getattr__(self, name):
        return getattr(self.sock, name)

    def stop(self) -> None:
        import socket

        self.sock.shutdown(socket.SHUT_RDWR)

    def accept(self):
        from session_app import socketio

        try:
            return self.sock.accept()
        except OSError:
            if not self.state.draining:
                raise
        while True:
            socketio.sleep(60)


if __name__ == "__main__":
    sys.exit(main())
