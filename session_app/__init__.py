"""A live team session: members name each other's strengths and form coaching duos."""

from __future__ import annotations

import os
import sys

if sys.argv[:1] == ["-m"]:
    # `python -m session_app` imports this package before __main__: patch the standard
    # library here, before Flask and friends import socket and threading.
    from session_app import green

    green.patch(os.environ.get("ASYNC_MODE", "eventlet"))

from pathlib import Path  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_babel import Babel  # noqa: E402
from flask_compress import Compress  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

from session_app import assets, edge, limits  # noqa: E402
from session_app import config as config_module  # noqa: E402
from session_app.i18n import compile_catalogs, select_locale  # noqa: E402
from session_app.pushes import Coalescer  # noqa: E402
from session_app.stopping import Stopping  # noqa: E402
from session_app.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MAX_MESSAGE_BYTES = 64 * 1024
SOCKETIO_CLIENT = "socket.io-client/dist/socket.io.esm.min.js"

socketio = SocketIO()
babel = Babel()
compress = Compress()


def create_app(config: dict | None = None) -> Flask:
    """Build the app; ``config`` replaces the settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    settings = (
        config if config is not None else config_module.from_environment(Path(app.instance_path))
    )
    app.config.update(settings)
    # A page's first view comes in its HTML, later ones through Socket.IO: in the same order
    # of keys, so that the page can tell the same view from a new one (static/js/live.js).
    app.json.sort_keys = False
    app.jinja_env.policies["json.dumps_kwargs"] = {"sort_keys": False}  # |tojson
    app.config.setdefault("PURGE_INTERVAL_SECONDS", 3600)
    for name, default in {**config_module.LIMITS, **config_module.RESILIENCE}.items():
        app.config.setdefault(name, default)
    app.config.setdefault("MESSAGE_QUEUE", "")
    app.config.setdefault("EXTRA_HOSTS", [])
    # Only an address the operator gave is enforced (start_url fills in the LAN address later).
    app.config["CHECK_HOSTS"] = bool(app.config.get("PUBLIC_URL"))
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        NODE_MODULES=str(ROOT / "node_modules"),
    )

    from session_app.green import make_driver_green

    make_driver_green()  # before the first connection: a query must not stop the loop
    app.extensions["store"] = Store(app.config["DATABASE_URL"])
    app.extensions["limits"] = limits.from_config(app.config)
    app.extensions["stopping"] = Stopping()  # what a SIGTERM changes (stopping.py)

    translations = Path(__file__).parent / "translations"
    compile_catalogs(translations)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(translations),
        default_locale="nl",
    )

    origins = app.config["ALLOWED_ORIGINS"] or None
    # Several processes behind nginx share their emits through Redis; empty: one process,
    # rooms in memory. (init_app keeps options from an earlier app: drop those first.)
    from session_app.messaging import client_manager

    queue = app.config.get("MESSAGE_QUEUE") or ""
    manager = client_manager(queue)
    if manager is not None and hasattr(manager, "recovered"):  # Redis: see recovery.py
        from session_app import recovery

        manager.recovered = lambda: recovery.after_outage(app)
    socketio.server_options.pop("message_queue", None)
    socketio.server_options.pop("client_manager", None)
    queue_options: dict = {"client_manager": manager} if manager else {"message_queue": queue}
    socketio.init_app(
        app,
        **queue_options,
        async_mode=app.config["ASYNC_MODE"],
        cors_allowed_origins=origins,
        max_http_buffer_size=MAX_MESSAGE_BYTES,
        ping_interval=app.config["PING_INTERVAL"],
        ping_timeout=app.config["PING_TIMEOUT"],
    )

    from session_app import backlog

    backlog.bound(socketio.server.eio)  # a page that stops reading: bounded memory

    window = app.config.get("PUSH_WINDOW_MS", 0) / 1000
    rooms = socketio.server.manager
    coalescer = (
        Coalescer(
            window,
            emit=rooms.hand_on_waited,
            sleep=socketio.sleep,
            spawn=socketio.start_background_task,
        )
        if window > 0 and hasattr(rooms, "hand_on_waited")
        else None
    )
    rooms.coalescer = coalescer  # each process's windows, for its own pages
    app.extensions["pushes"] = coalescer

    from session_app import events, followup_views, views

    events.register()

    app.register_blueprint(views.bp)
    app.register_blueprint(followup_views.bp)
    # Static files: hashed names, kept for a year, compressed once (assets.py). Pages and
    # other answers are compressed as they go (brotli where the browser takes it).
    node_modules = Path(app.config["NODE_MODULES"])
    assets.init_app(app, {"vendor/socket.io.esm.min.js": node_modules / SOCKETIO_CLIENT})
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    edge.wrap(app)  # around Socket.IO too: host names, proxies, JSONP
    app.after_request(_security_headers)
    return app


def _security_headers(response):
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint and request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response
