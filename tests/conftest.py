"""Fixtures: an app on a temporary SQLite file, its HTTP client, and the ``actions`` helper."""

from __future__ import annotations

import pytest
from helpers import Actions

from session_app import create_app, events, views
from session_app.config import TestingConfig


@pytest.fixture
def app(tmp_path, monkeypatch):
    # The flood limits live in memory per process: give every test its own, so one test's
    # wrong join codes or burst of events never blocks the next.
    monkeypatch.setattr(events, "throttle", events.Throttle())
    monkeypatch.setattr(views, "join_guard", views.JoinGuard())
    app = create_app(TestingConfig(f"sqlite:///{tmp_path}/test.db"))
    yield app
    # Close the pooled SQLite connections: an unclosed one warns, and warnings are errors.
    app.extensions["store"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def actions(app):
    helper = Actions(app)
    yield helper
    helper.close()
