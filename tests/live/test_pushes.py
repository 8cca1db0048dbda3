"""A burst of answers: one update per window for the screen, the host and the phones'
progress, newest only, in version order; a lone answer and a phone's own view at once."""

from __future__ import annotations

import time

import pytest
from helpers import PICK_SETS, Actions, received
from waiting import wait_until

from session_app import config, create_app
from session_app.pushes import Coalescer

# --- the rule, with a hand-turned clock ---------------------------------------------


class Room:
    """The coalescer's surroundings: what was emitted, and windows that end when told."""

    def __init__(self):
        self.emitted: list[tuple[str, int, str]] = []
        self.batches: list[int] = []  # how many updates each emit carried
        self.windows: list = []
        self.fail = False
        self.coalescer = Coalescer(0.05, emit=self.emit, sleep=lambda _s: None, spawn=self.spawn)

    def emit(self, batch):
        if self.fail:
            raise ConnectionError("message queue down")
        self.batches.append(len(batch))
        self.emitted += [(event, version, room) for room, (event, version) in batch]

    def spawn(self, function, *args):
        self.windows.append((function, args))

    def end_windows(self):
        """Every open window ends (its task runs one more sleep, or closes)."""
        running, self.windows = self.windows, []
        for function, args in running:
            function(*args)  # loops until a window passes with nothing new: see below


def test_a_lone_update_goes_at_once_and_a_burst_sends_only_the_newest():
    room = Room()
    c = room.coalescer
    c.emit("screen:1", 1, ("state", 1))
    assert room.emitted == [("state", 1, "screen:1")]  # at once
    c.emit("screen:1", 2, ("state", 2))
    c.emit("screen:1", 3, ("state", 3))
    c.emit("host:1", 4, ("state", 4))  # another room: its first update goes at once
    assert room.emitted == [("state", 1, "screen:1"), ("state", 4, "host:1")]
    assert c.waiting() == 1
    # The window ends: the newest waiting update goes; then a quiet window closes it.
    room.end_windows()
    assert room.emitted[2:] == [("state", 3, "screen:1")]
    assert c.waiting() == 0
    c.emit("screen:1", 5, ("state", 5))  # after the window: at once again
    assert room.emitted[-1] == ("state", 5, "screen:1")


def test_what_waited_for_one_sessions_rooms_is_handed_on_together():
    room = Room()
    c = room.coalescer
    for version in (1, 2, 3):  # three answers: the screen, host and progress of session 1
        for name in ("screen:1", "host:1", "members:1"):
            c.emit(name, version, ("state", version))
    c.emit("screen:2", 7, ("state", 7))
    c.emit("screen:2", 8, ("state", 8))  # another session: a window of its own
    assert room.batches == [1, 1, 1, 1]
    room.end_windows()
    assert room.batches[4:] == [3, 1]  # session 1's three rooms at once; session 2's
    assert sorted(room.emitted[4:]) == [
        ("state", 3, "host:1"),
        ("state", 3, "members:1"),
        ("state", 3, "screen:1"),
        ("state", 8, "screen:2"),
    ]
    assert c.waiting() == 0
    c.emit("host:1", 4, ("state", 4))  # the windows closed: at once again
    assert room.emitted[-1] == ("state", 4, "host:1")


def test_an_older_update_never_replaces_a_newer_one_nor_follows_it():
    room = Room()
    c = room.coalescer
    c.emit("screen:1", 1, ("state", 1))
    c.emit("screen:1", 3, ("state", 3))
    c.emit("screen:1", 2, ("state", 2))  # made earlier, arrived later
    room.end_windows()
    assert [v for _, v, _ in room.emitted] == [1, 3]


def test_an_update_sent_past_the_window_voids_an_older_one_waiting():
    room = Room()
    c = room.coalescer
    c.emit("screen:1", 1, ("state", 1))
    c.emit("screen:1", 2, ("state", 2))
    c.sent("screen:1", 3)  # the host revealed: version 3 went to the screen directly
    room.end_windows()
    assert [v for _, v, _ in room.emitted] == [1]  # 2 never comes after 3
    c.emit("screen:1", 4, ("state", 4))
    c.sent("screen:1", 3)  # older than what waits: it stays
    room.end_windows()
    assert [v for _, v, _ in room.emitted] == [1, 4]


def test_a_failed_send_does_not_keep_the_room_waiting_for_ever():
    room = Room()
    c = room.coalescer
    c.emit("screen:1", 1, ("state", 1))
    c.emit("screen:1", 2, ("state", 2))
    room.fail = True
    room.end_windows()  # logs, and the window goes on
    room.fail = False
    assert c.waiting() == 0
    c.emit("screen:1", 3, ("state", 3))
    assert room.emitted[-1] == ("state", 3, "screen:1")


# --- in the app: a burst of answers from a team ---------------------------------------


@pytest.fixture
def windowed(tmp_path):
    app = create_app(config.TestingConfig(f"sqlite:///{tmp_path}/test.db", PUSH_WINDOW_MS=150))
    helper = Actions(app)
    yield helper
    helper.close()
    app.extensions["store"].engine.dispose()


def collect_until(sock, done, seconds=5.0) -> list[dict]:
    """Everything ``sock`` gets until ``done(messages)`` holds (the window's task runs on
    its own thread here)."""
    got: list[dict] = []

    def complete() -> bool:
        got.extend(received(sock))
        return done(got)

    wait_until(complete, seconds, interval=0.02, message=lambda: f"not received in time: {got}")
    return got


def answered(message) -> int:
    return message["args"][0]["round"]["answered_count"]


def test_a_burst_of_answers_reaches_the_screen_as_fewer_updates_in_version_order(windowed):
    team = windowed.team([f"Lid {n}" for n in range(8)], locale="nl")
    assert team.host_act("start_rounds") == {"ok": True}
    team.flush()
    r = team.load().current_round
    voters = [s for m, s in sorted(team.phones.items()) if m != r.central_member_id]

    for n, phone in enumerate(voters):
        assert Actions.pick(phone, r.id, PICK_SETS[n % len(PICK_SETS)]) == {"ok": True}
        # The answering phone has its own view at once, with its answer in it.
        own = [m for m in received(phone) if m["name"] == "state"]
        assert own and own[-1]["args"][0]["round"]["my_picks"], own
        if n == 0:  # the first answer of the burst shows on the screen at once
            first = received(team.screen)
            assert [answered(m) for m in first] == [1]

    everyone = len(voters)
    rest = collect_until(team.screen, lambda got: got and answered(got[-1]) == everyone)
    screen = first + rest
    versions = [m["args"][0]["version"] for m in screen]
    assert versions == sorted(set(versions))  # never an older version after a newer one
    assert len(screen) < everyone  # fewer updates than answers
    host = collect_until(team.host, lambda got: got and answered(got[-1]) == everyone)
    assert [m["args"][0]["version"] for m in host] == sorted(
        {m["args"][0]["version"] for m in host}
    )
    # A phone that did not answer learns the final count too, through the progress message.
    central = team.phones[r.central_member_id]
    progress = collect_until(
        central,
        lambda got: any(
            m["name"] == "progress" and m["args"][0]["round"]["answered_count"] == everyone
            for m in got
        ),
    )
    assert all(m["name"] == "progress" for m in progress)


def test_a_reveal_right_after_a_burst_is_the_last_thing_the_screen_gets(windowed):
    team = windowed.team(["Ann", "Bob", "Cas", "Dirk"], locale="nl")
    assert team.host_act("start_rounds") == {"ok": True}
    team.flush()
    r = team.load().current_round
    for n, (member_id, phone) in enumerate(sorted(team.phones.items())):
        if member_id != r.central_member_id:
            assert Actions.pick(phone, r.id, PICK_SETS[n]) == {"ok": True}
    assert team.host_act("reveal", {"round_id": r.id}) == {"ok": True}
    # Wait out the window: whatever was waiting is void, the reveal stays the newest.
    time.sleep(0.5)
    screen = [m["args"][0] for m in received(team.screen)]
    assert screen[-1]["round"]["state"] == "revealed"
    versions = [view["version"] for view in screen]
    assert versions == sorted(set(versions))
    assert windowed.app.extensions["pushes"].waiting() == 0
