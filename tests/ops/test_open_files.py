"""Every connection is an open file: the server raises its own limit on open files to fit
CONNECTION_LIMIT, and says so in one line when the system does not allow that many."""

from __future__ import annotations

import math
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from browser_support import ROOT, free_port
from waiting import wait_for_port

from session_app import edge
from session_app.config import LIMITS

WANTED = LIMITS["CONNECTION_LIMIT"] + edge.FILES_BESIDES_CONNECTIONS


@pytest.mark.parametrize(
    ("soft", "hard", "wanted", "expected"),
    [
        (1024, 524288, 6256, 6256),  # the usual Linux limits: raised to what is needed
        (1024, 4096, 6256, 4096),  # the hard limit is too low: as far as it goes
        (65536, 65536, 6256, 65536),  # never lowered
        (1024, -1, 6256, 6256),  # no hard limit
        (-1, -1, 6256, -1),  # no limit at all
    ],
)
def test_the_soft_limit_rises_towards_the_hard_limit(soft, hard, wanted, expected):
    assert edge.open_files_limit(soft, hard, wanted) == expected


def test_the_default_holds_5000_phones_with_their_screens_and_hosts():
    pages = math.ceil(5000 / 15) * (15 + 2)  # teams of 15, each with a screen and a host
    assert LIMITS["CONNECTION_LIMIT"] >= pages
    assert edge.server_options(dict(LIMITS))["max_size"] >= pages


def fake_limits(monkeypatch, soft: int, hard: int) -> list:
    set_to: list = []
    monkeypatch.setattr(resource, "getrlimit", lambda _which: (soft, hard))
    monkeypatch.setattr(resource, "setrlimit", lambda _which, limits: set_to.append(limits))
    return set_to


def test_enough_open_files_change_nothing_but_the_soft_limit(monkeypatch):
    set_to = fake_limits(monkeypatch, 1024, 524288)
    assert edge.raise_open_files({"CONNECTION_LIMIT": 6000}) == (None, None)
    assert set_to == [(6000 + edge.FILES_BESIDES_CONNECTIONS, 524288)]


def test_too_few_open_files_lower_the_cap_instead_of_stopping_the_server(monkeypatch):
    # Out of files, eventlet stops accepting for good; past the cap a connection only waits.
    set_to = fake_limits(monkeypatch, 1024, 4096)
    fits, note = edge.raise_open_files({"CONNECTION_LIMIT": 6000})
    assert set_to == [(4096, 4096)]
    assert fits == 4096 - edge.FILES_BESIDES_CONNECTIONS
    assert note is None  # thousands still fit: nothing for the facilitator to puzzle over
    assert edge.server_options({"CONNECTION_LIMIT": 6000}, fits)["max_size"] == fits
    fake_limits(monkeypatch, 256, 1024)
    fits, note = edge.raise_open_files({"CONNECTION_LIMIT": 6000})
    assert fits == 1024 - edge.FILES_BESIDES_CONNECTIONS
    assert "1024" in note and "6000" in note and "\n" not in note


def run_server(tmp_path, soft: int, hard: int) -> tuple[str, int]:
    """``python -m session_app`` started with these limits on open files: what it printed
    and the soft limit it ran with."""
    port = free_port()
    limited = (
        "import os, resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard})); "
        "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'files.db'}",
        "SECRET_KEY": "test-only",
        # An address phones could reach (TEST-NET): no warning line among the start lines.
        "PUBLIC_URL": f"http://192.0.2.1:{port}",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            limited,
            "-m",
            "session_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, process, timeout=30)
        limits = Path(f"/proc/{process.pid}/limits").read_text()
        running_soft = int(re.search(r"Max open files\s+(\d+)", limits).group(1))
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    return output, running_soft


def test_the_server_raises_its_own_limit_and_prints_only_its_three_lines(tmp_path):
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    output, soft = run_server(tmp_path, 1024, hard)
    expected = edge.open_files_limit(1024, hard, WANTED)
    assert soft == expected
    lines = [line for line in output.splitlines() if line.strip()]
    quiet = expected >= edge.QUIET_ABOVE + edge.FILES_BESIDES_CONNECTIONS
    assert len(lines) == (3 if quiet else 4), output


def test_a_hard_limit_too_low_gets_one_line_after_the_start_lines(tmp_path):
    output, soft = run_server(tmp_path, 512, 1024)
    assert soft == 1024
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[0].startswith("De app draait.")
    assert len(lines) == 4, output
    assert lines[3].startswith("Let op: dit systeem staat maar 1024 open bestanden toe")
    assert "Note: this system allows only 1024 open files" in lines[3]
