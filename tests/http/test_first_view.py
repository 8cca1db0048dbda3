"""The live pages carry their first view in their HTML (``page-data``): the very snapshot their
socket gets on connect, and nothing more than their audience may see."""

from __future__ import annotations

import json

from helpers import Actions, last_state
from test_page_rules import PAGE_DATA


def _carried(client, url: str) -> tuple[dict, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return json.loads(PAGE_DATA.search(response.text).group(1))["state"], response.text


def _pages(actions: Actions, team) -> dict:
    hosted = team.hosted
    pages = {
        "host": (hosted.host, f"/s/{hosted.public_id}/host", actions.host_socket(hosted)),
        "screen": (
            actions.new_client(),
            f"/screen/{hosted.screen_key}",
            actions.screen_socket(hosted),
        ),
    }
    for m in team.members:
        pages[m.name] = (m.client, f"/s/{hosted.public_id}/me", actions.member_socket(m))
    return pages


def test_each_page_carries_the_snapshot_its_socket_gets_on_connect(actions):
    team = actions.team(("Ann", "Bob", "Cas"))
    assert team.host_act("start_rounds") == {"ok": True}
    for who, (client, url, sock) in _pages(actions, team).items():
        carried, _ = _carried(client, url)
        sent = last_state(sock)
        assert carried == sent, who
        # In the same order too: the page tells "the same view again" by its text, and does
        # not draw it twice (a second drawing right after loading takes away what was tapped).
        assert json.dumps(carried) == json.dumps(sent), who
        assert carried["version"] == team.load().version


def test_a_phone_carries_only_its_own_view_and_nobody_sees_picks_before_the_reveal(actions):
    team = actions.team(("Ann", "Bob", "Cas"))
    assert team.host_act("start_rounds") == {"ok": True}
    round_ = team.load().current_round
    central = next(m for m in team.members if m.member_id == round_.central_member_id)
    voter, other = [m for m in team.members if m is not central]
    hidden = "Secret reason of the voter"
    ack = Actions.pick(team.phones[voter.member_id], round_.id, ("lef", "netwerken"), hidden)
    assert ack == {"ok": True}

    pages = _pages(actions, team)
    for who, (client, url, _sock) in pages.items():
        carried, html = _carried(client, url)
        if who == voter.name:  # their own picks, on their own phone only
            assert hidden in html
            continue
        assert hidden not in html, who
        assert "netwerken" not in json.dumps(carried.get("round") or {}), who
    # A phone's view is about its own member only: no other member's own part.
    carried, _ = _carried(other.client, f"/s/{team.hosted.public_id}/me")
    assert carried["me"]["id"] == other.member_id
    assert "members" not in carried and "voters" not in json.dumps(carried)

    # A phone's cookie opens no other page: the member page of a stranger is the join form.
    stranger = actions.new_client()
    response = stranger.get(f"/s/{team.hosted.public_id}/me")
    assert response.status_code == 302 and "page-data" not in response.text

    assert team.host_act("reveal", {"round_id": round_.id}) == {"ok": True}
    for who in ("screen", other.name):
        client, url, _sock = pages[who]
        assert hidden in _carried(client, url)[1], who  # revealed: now the room sees it
