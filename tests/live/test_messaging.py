"""What a pick costs on several processes rests on: one message between the processes per
change, every packet encoded once (by the process that sends it), and a process doing
nothing but a look-up for a room it has no page in.

Two ``RedisQueue`` managers stand for two processes; the queue between them is what Redis
does for Flask-SocketIO (the message as JSON, to every process but the sender). No Redis
is needed here: tests/ops/test_cluster.py runs the real thing.
"""

from __future__ import annotations

import json

import socketio
from engineio import packet as eio_packet
from helpers import Actions

from session_app import broadcast
from session_app.messaging import LocalRooms, RedisQueue


class Process:
    """One app process: its Socket.IO server with our manager, and what its pages got."""

    def __init__(self, manager: socketio.Manager):
        self.manager = manager
        self.server = socketio.Server(client_manager=manager, async_mode="threading")
        self.got: dict[str, list] = {}  # eio sid -> [event, data], ...
        self.server._send_eio_packet = self._sent
        self.published: list[dict] = []
        self.encoded = 0
        encode = manager.encode

        def counted(*args):
            self.encoded += 1
            return encode(*args)

        manager.encode = counted

    def _sent(self, eio_sid, packet):
        assert packet.packet_type == eio_packet.MESSAGE
        text = packet.data
        assert text.startswith("2")  # a Socket.IO EVENT, as Flask-SocketIO encodes it
        self.got.setdefault(eio_sid, []).append(json.loads(text[1:]))

    def page(self, name: str, *rooms: str) -> None:
        """A connected page (sid = eio sid = ``name``) in ``rooms``."""
        self.manager.basic_enter_room(name, "/", None, eio_sid=name)
        self.manager.basic_enter_room(name, "/", name)
        for room in rooms:
            self.manager.basic_enter_room(name, "/", room)


def two_processes() -> tuple[Process, Process]:
    a = Process(RedisQueue("redis://127.0.0.1:1/0"))
    b = Process(RedisQueue("redis://127.0.0.1:1/0"))

    def queue(sender: Process, others: list[Process]):
        def publish(message: dict) -> None:
            sender.published.append(message)
            for other in others:  # what the listener of every other process gets
                data = json.loads(json.dumps(message))
                assert data["host_id"] != other.manager.host_id
                other.manager._handle_emit(data)

        return publish

    a.manager._publish = queue(a, [b])
    b.manager._publish = queue(b, [a])
    return a, b


def test_a_change_is_one_message_between_processes_and_each_page_gets_its_own_part():
    a, b = two_processes()
    a.page("ann", "member:1", "members:7")  # Ann's phone on A
    b.page("bob", "member:2", "members:7")  # Bob's phone on B
    b.page("screen", "screen:7")  # the projector on B
    view = {"version": 5, "round": {"answered_count": 1}}
    a.manager.emit_many(
        [
            ("state", view, "screen:7"),
            ("state", {"version": 5, "me": {"id": 1}}, "member:1"),
            ("progress", {"version": 5}, "members:7"),
        ]
    )
    assert len(a.published) == 1  # one message on the queue for the whole change
    assert a.got == {
        "ann": [["state", {"version": 5, "me": {"id": 1}}], ["progress", {"version": 5}]]
    }
    assert b.got == {
        "screen": [["state", view]],
        "bob": [["progress", {"version": 5}]],
    }
    # Encoded once, by the sender; the other process sends the packets as they came.
    assert (a.encoded, b.encoded) == (3, 0)


def test_a_process_without_pages_in_the_rooms_sends_nothing_and_encodes_nothing():
    a, b = two_processes()
    a.page("ann", "member:1", "members:7")
    b.page("dee", "member:9", "members:8")  # another session's phone
    a.manager.emit_many([("state", {"version": 2}, "member:1"), ("progress", {}, "members:7")])
    assert b.got == {} and b.encoded == 0
    assert len(a.published) == 1


def test_a_page_of_this_process_addressed_by_its_sid_is_not_sent_to_the_others():
    a, b = two_processes()
    a.page("ann", "member:1")
    a.manager.emit_many([("state", {"version": 1}, "ann")])  # its first view, on connect
    assert a.got == {"ann": [["state", {"version": 1}]]}
    assert a.published == []


def test_a_plain_flask_socketio_message_from_another_version_still_arrives():
    a, b = two_processes()
    b.page("bob", "member:2")
    socketio.RedisManager.emit(a.manager, "state", {"version": 3}, room="member:2")
    assert b.got == {"bob": [["state", {"version": 3}]]}


def test_one_process_encodes_only_for_rooms_it_has_pages_in():
    one = Process(LocalRooms())
    one.page("ann", "member:1", "members:7")
    one.manager.emit_many(
        [
            ("state", {"version": 4}, "screen:7"),  # no projector open
            ("state", {"version": 4}, "member:1"),
            ("progress", {"version": 4}, "members:7"),
        ]
    )
    assert one.encoded == 2
    assert one.got == {"ann": [["state", {"version": 4}], ["progress", {"version": 4}]]}


def test_a_pick_is_sent_as_one_batch_of_four_messages(actions: Actions, monkeypatch):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    team.flush()
    r = team.load().current_round
    phone_id = next(m for m in team.phones if m != r.central_member_id)
    batches: list[list] = []
    manager = actions.app.extensions["socketio"].server.manager
    emit_many = manager.emit_many

    def recorded(emits, *args, **kwargs):
        batches.append([(event, room) for event, _data, room, *_may_wait in emits])
        return emit_many(emits, *args, **kwargs)

    monkeypatch.setattr(manager, "emit_many", recorded)
    assert Actions.pick(team.phones[phone_id], r.id) == {"ok": True}
    s = team.load()
    assert batches == [
        [
            ("state", broadcast.room("screen", s.id)),
            ("state", broadcast.room("host", s.id)),
            ("state", broadcast.member_room(phone_id)),
            ("progress", broadcast.phones_room(s.id)),
        ]
    ]
