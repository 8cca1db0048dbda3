"""Fixtures: an app on a temporary SQLite file, its HTTP client, and the ``actions`` helper;
for the browser tests a real server process and Chromium, one of each per test module."""

from __future__ import annotations

import os

import pytest
from browser_support import Server, launch_chromium
from helpers import Actions
from playwright.sync_api import sync_playwright

# Before any app: the Socket.IO handlers then register on the SocketIO object and every
# test's app gets them (imported first by create_app, after init_app, they went to the
# first app's server only, and a live test module run on its own failed from its second app).
import session_app.events  # noqa: F401
from session_app import create_app
from session_app.config import TestingConfig
from session_app.store import Base


@pytest.fixture
def app(tmp_path):
    # The flood limits belong to the app (in memory here): every test has its own, so one
    # test's wrong join codes or burst of events never blocks the next.
    # TEST_DATABASE_URL runs the same tests against another database (PostgreSQL).
    other = os.environ.get("TEST_DATABASE_URL")
    app = create_app(TestingConfig(other or f"sqlite:///{tmp_path}/test.db"))
    yield app
    engine = app.extensions["store"].engine
    if other:
        Base.metadata.drop_all(engine)
    # Close the pooled connections: an unclosed one warns, and warnings are errors.
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def actions(app):
    helper = Actions(app)
    yield helper
    helper.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``python -m session_app`` in a subprocess, with its own SQLite file."""
    srv = Server(tmp_path_factory.mktemp("db") / "sessions.db").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()
