"""Deleting what is past its retention period, in the background of a running server."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def start_purge_task(app) -> None:
    """Delete expired sessions now, then every PURGE_INTERVAL_SECONDS, in the background."""
    from session_app import socketio

    interval = app.config.get("PURGE_INTERVAL_SECONDS", 0)
    if not interval:
        return

    def purge_forever():
        # A purge that fails (the database away just then) is tried again next time: the
        # loop must outlive it, or nothing would be deleted until the next restart.
        while True:
            try:
                app.extensions["store"].purge_expired(
                    app.config["RETENTION_DAYS"], app.config["EMPTY_SESSION_HOURS"]
                )
            except Exception:
                log.exception("purge failed; tried again later")
            socketio.sleep(interval)

    socketio.start_background_task(purge_forever)
