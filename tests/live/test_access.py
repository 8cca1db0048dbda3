"""Who a connection is: checked on every event against the keys stored now, so a replaced
link stops working on every process, also where closing its room did not reach."""

from __future__ import annotations

from helpers import Actions, received, states

from session_app.store import Store, new_token


def _replace_key_elsewhere(actions: Actions, public_id: str, column: str) -> None:
    """A new link made through another process: the key changes in the database, but this
    process's rooms are not closed (as when the message between processes was lost)."""
    with actions.store.transaction() as db:
        s = Store.load(db, public_id=public_id, for_update=True)
        setattr(s, column, new_token())
        Store.touch(db, s)


def test_a_replaced_facilitator_link_is_refused_at_its_next_event(actions):
    team = actions.team(["Ann", "Bob"])
    states(team.host)
    _replace_key_elsewhere(actions, team.hosted.public_id, "host_key")

    answer = team.host_act("start_rounds")

    assert answer == {"ok": False, "error": "You are not allowed to do this."}
    # The page says why: a new link was made for it.
    assert [(m["name"], m["args"]) for m in received(team.host)] == [
        ("removed", [{"reason": "replaced"}])
    ]
    assert team.load().phase == "lobby"
    assert team.load().current_round is None
    for phone in team.everyone():
        assert states(phone) == []  # nothing changed, nothing announced


def test_a_replaced_screen_link_cannot_turn_the_reveal(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    round_id = team.play_round()
    version = team.load().version
    step = {"round_id": round_id, "step": 1, "version": version}
    assert Actions.act(team.screen, "reveal_step", step) == {"ok": True}
    states(team.screen)
    _replace_key_elsewhere(actions, team.hosted.public_id, "screen_key")

    step = {"round_id": round_id, "step": 0, "version": team.load().version}
    answer = Actions.act(team.screen, "reveal_step", step)

    assert answer["ok"] is False
    assert [m["name"] for m in received(team.screen)] == ["removed"]
    assert next(r for r in team.load().rounds if r.id == round_id).reveal_step == 1
    # The facilitator's own link still works.
    assert team.host_act("reveal_step", step) == {"ok": True}


def test_a_member_connection_is_only_a_member(actions):
    """The role is the one proven at connect: a member's page cannot act as the host, even
    when it sends the host's event names."""
    team = actions.team(["Ann", "Bob"])
    phone = team.phone("Ann")
    for event in ("start_rounds", "delete_session", "remove_member", "reveal_step"):
        answer = Actions.act(phone, event, {"member_id": team.member("Bob").member_id})
        assert answer == {"ok": False, "error": "You are not allowed to do this."}
    assert [m.name for m in team.load().members] == ["Ann", "Bob"]
    assert team.load().phase == "lobby"


def test_a_page_connecting_while_the_database_is_down_is_told_to_try_again(actions, monkeypatch):
    """An outage (the database, or Redis behind the limits) refuses a connection at once with
    "unavailable", which the page retries after a few seconds; nothing hangs or crashes."""
    team = actions.team(["Ann"])

    def unreachable(*_args, **_kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(actions.store, "plain", unreachable)
    host = actions.host_socket(team.hosted)
    assert not host.is_connected()
    monkeypatch.undo()
    again = actions.host_socket(team.hosted)
    assert again.is_connected() and states(again)[-1]["phase"] == "lobby"

    monkeypatch.setattr(actions.app.extensions["limits"].throttle, "allow_connect", unreachable)
    assert not actions.member_socket(team.member("Ann")).is_connected()
