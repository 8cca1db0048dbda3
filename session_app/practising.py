"""The example members of a practice session answer in the background, one by one, as
phones would: each answer is stored and announced like a phone's. What they answer is in
``practice`` (pure rules)."""

from __future__ import annotations

import logging
import threading

from flask import current_app
from flask_babel import force_locale, gettext

from session_app import broadcast, practice
from session_app import socketio as sio
from session_app.store import Store

log = logging.getLogger(__name__)


class PracticeTasks:
    """Which practice sessions have an answering task in this process, and which were asked
    again while it ran. This only saves work: whether an example member still has to answer
    is read from the database, inside the transaction that stores the answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: set[int] = set()
        self.again: set[int] = set()


def _practice_tasks(app) -> PracticeTasks:
    return app.extensions.setdefault("practice_tasks", PracticeTasks())


def start_practice(session_id: int) -> None:
    """Let the example members of a practice session answer, one by one, in the background.

    Started after each step that gives them something to do, and when a host or screen
    connects (so after a server restart the answering goes on)."""
    app = current_app._get_current_object()
    tasks = _practice_tasks(app)
    with tasks.lock:
        tasks.again.add(session_id)
        if session_id in tasks.running:
            return  # the running task looks again before it stops
        tasks.running.add(session_id)
    sio.start_background_task(_practice_task, app, session_id)


def _practice_task(app, session_id: int) -> None:
    delay = app.config.get("PRACTICE_DELAY_SECONDS", 1.5)
    tasks = _practice_tasks(app)
    with app.app_context():
        while True:
            with tasks.lock:
                if session_id not in tasks.again:
                    tasks.running.discard(session_id)
                    return
                tasks.again.discard(session_id)
            try:
                while True:
                    sio.sleep(delay)  # one by one, so the room sees the answers come in
                    if not _example_answers(session_id):
                        break
            except Exception:
                log.exception("practice session %s: example answer failed", session_id)


def _example_answers(session_id: int) -> bool:
    """Store one example member's answer and announce it, as a phone's answer would be;
    False when no example member has anything to do."""
    with current_app.extensions["store"].transaction() as db:
        s = Store.load(db, id=session_id, for_update=True, all_picks=False)
        if s is None or not s.practice:
            return False
        votes = Store.votes_received(db, s) if s.phase == "development" else None
        todo = practice.next_answer(s, votes)
        if todo is None:
            return False
        kind, member, answer = todo
        with force_locale(s.locale):
            if kind == "pick":
                picks = [(competency, gettext(reason)) for competency, reason in answer]
                Store.replace_picks(db, s.current_round, member.id, picks)
            else:
                member.development_goal, reason = answer[0], gettext(answer[1])
                member.development_reason = reason
        Store.touch(db, s)
        outbox = broadcast.announcement(db, s, member)  # an example member has no phone of its own
    broadcast.send(outbox)
    return True
