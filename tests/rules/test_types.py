"""The rules and the views read one shape of a session (``session_app/shapes.py``), and both
the model objects (``Store.load``) and the plain ones (``Store.read``) have it: mypy says so.

A rule that reads an attribute the plain session lacks, or a plain class whose attribute has
another type than the model's column, fails here instead of showing a stale view live.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [
    "session_app/shapes.py",
    "session_app/store.py",  # with ``_shapes``: both forms fit the protocols
    "session_app/exercise.py",
    "session_app/practice.py",
    "session_app/selfview.py",
    "session_app/picture.py",
    "session_app/snapshots.py",
    "session_app/change.py",
    "session_app/answers.py",
    "session_app/members.py",
    "session_app/duos.py",
    "session_app/guide.py",
    "session_app/roles.py",
    "session_app/followup.py",
    "session_app/slides.py",
]


def test_rules_views_and_both_shapes_type_check():
    # The settings are in pyproject.toml. The cache makes a second run take about a second
    # (the first one, with SQLAlchemy's types, about ten).
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache"), *CHECKED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
