"""What a phone shows after the server's messages, by the pages' own code
(``afterMessage`` of static/js/progress.js, run by Node through ``helpers.page_shows``)."""

from __future__ import annotations

from helpers import page_shows

ROUND = {"id": 7, "state": "open", "number": 1, "total": 3, "answered_count": 0}
VIEW = {"version": 5, "phase": "rounds", "round": {**ROUND, "is_me": False}, "me": {"id": 2}}


def progress(version: int, **round_: object) -> dict:
    return {"version": version, "phase": "rounds", "round": {**ROUND, **round_}}


def test_a_newer_count_for_the_same_round_changes_only_the_count():
    assert page_shows(VIEW, [("progress", progress(6, answered_count=2))]) == {
        **VIEW,
        "version": 6,
        "round": {**VIEW["round"], "answered_count": 2},
    }


def test_an_old_or_foreign_progress_message_changes_nothing():
    for late in [
        progress(5, answered_count=2),  # not newer
        progress(4, answered_count=2),
        progress(6, id=8),  # another round: its snapshot is on its way
        progress(6, state="revealed"),
        {"version": 6, "phase": "development", "round": None},
    ]:
        assert page_shows(VIEW, [("progress", late)]) == VIEW, late
    # Nothing shown yet (or just reconnected): a progress message alone shows nothing.
    assert page_shows(None, [("progress", progress(6))]) is None


def test_between_rounds_a_progress_message_moves_the_version_on():
    lobby = {"version": 1, "phase": "lobby", "round": None, "me": {"id": 2}}
    moved = page_shows(lobby, [("progress", {"version": 2, "phase": "lobby", "round": None})])
    assert moved == {**lobby, "version": 2}


def test_snapshots_replace_the_view_unless_they_are_older():
    newer = {**VIEW, "version": 9, "phase": "development", "round": None}
    assert page_shows(VIEW, [("state", newer)]) == newer
    assert page_shows(newer, [("state", VIEW)]) == newer
    assert page_shows(None, [("state", VIEW), ("progress", progress(6, answered_count=1))]) == {
        **VIEW,
        "version": 6,
        "round": {**VIEW["round"], "answered_count": 1},
    }


def test_a_snapshot_sent_again_is_taken_with_the_newer_counts_kept():
    """After the message queue was away, the server sends every page its snapshot again (read
    from the database); newer counts may reach the page first. The snapshot still brings what
    the page missed (here the team's new name), and the counts stay the newer ones."""
    missed = {
        **VIEW,
        "version": 8,
        "team_name": "Renamed",
        "round": {**VIEW["round"], "answered_count": 1},
    }
    counts = progress(9, answered_count=3)
    assert page_shows({**VIEW, "team_name": "Team"}, [("progress", counts), ("state", missed)]) == {
        **missed,
        "version": 9,
        "round": {**missed["round"], "answered_count": 3},
    }
    # Older than the last whole snapshot shown: ignored, as before.
    shown_whole = {**VIEW, "version": 8}
    assert page_shows(shown_whole, [("progress", counts), ("state", VIEW)]) == {
        **shown_whole,
        "version": 9,
        "round": {**VIEW["round"], "answered_count": 3},
    }
