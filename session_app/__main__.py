"""Start the server: ``python -m session_app [--host H] [--port P]``; ``purge`` deletes old data."""

import os

if os.environ.get("ASYNC_MODE", "eventlet") == "eventlet":
    # Must run before anything else imports the standard library's socket or threading.
    import eventlet

    eventlet.monkey_patch()

import argparse  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402


def _lan_address() -> str | None:
    """This computer's address in the local network, for phones to reach it."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    for *_rest, sockaddr in infos:
        address = sockaddr[0]
        if not address.startswith("127."):
            return address
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m session_app")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "purge"])
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))  # noqa: S104
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = parser.parse_args(argv)

    from session_app import create_app, socketio

    app = create_app()
    if args.command == "purge":
        removed = app.extensions["store"].purge_expired(app.config["RETENTION_DAYS"])
        print(f"Deleted {removed} session(s) older than {app.config['RETENTION_DAYS']} days.")
        return 0

    lan = _lan_address() if args.host in ("0.0.0.0", "") else None  # noqa: S104
    shown_host = lan or ("localhost" if args.host in ("0.0.0.0", "127.0.0.1") else args.host)  # noqa: S104
    url = f"http://{shown_host}:{args.port}/"
    if app.config.get("PUBLIC_URL"):
        url = app.config["PUBLIC_URL"].rstrip("/") + "/"
    else:
        app.config["PUBLIC_URL"] = url.rstrip("/")
    # The facilitator reads this: Dutch first, then English.
    print(f"De app draait. Open {url} in je browser.", flush=True)
    print("Telefoons op dezelfde wifi doen mee via de QR-code. Stoppen: Ctrl+C.", flush=True)
    print(f"The app is running. Open {url} in your browser. Stop with Ctrl+C.", flush=True)
    from session_app.events import start_purge_task

    start_purge_task(app)  # deletes expired sessions now and then every hour
    socketio.run(app, host=args.host, port=args.port, log_output=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
