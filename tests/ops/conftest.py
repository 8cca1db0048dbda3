"""Fixtures of the operations tests that need PostgreSQL (``scripts/setup test`` installs and
starts it; these tests never skip)."""

from __future__ import annotations

import secrets
import sys

import pytest
from browser_support import ROOT

from session_app.store import Base, Store

sys.path.insert(0, str(ROOT / "deploy"))
import local_cluster  # noqa: E402


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database of its own, removed afterwards (its tables too)."""
    database = local_cluster.Database(f"tk_test_{secrets.token_hex(4)}", drop=True).create()
    url = database.url.replace("postgresql://", "postgresql+psycopg://")
    try:
        yield url
    finally:
        cleanup = Store(url)
        Base.metadata.drop_all(cleanup.engine)
        cleanup.engine.dispose()
        database.remove()


@pytest.fixture
def two_processes(postgres_url):
    """Two stores on one PostgreSQL database, as two app processes would have."""
    stores = [Store(postgres_url), Store(postgres_url)]
    yield stores
    for store in stores:
        store.engine.dispose()
