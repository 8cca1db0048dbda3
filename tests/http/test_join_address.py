"""A join address that phones cannot reach (the app started with ``--host 127.0.0.1``, or
``PUBLIC_URL`` on localhost): the facilitator's page says so next to the QR code and what
to do; the projector never shows it."""

from __future__ import annotations

import pytest

from session_app import config

WARNING = 'class="message error controls join-unreachable"'


@pytest.mark.parametrize(
    ("public_url", "unreachable"),
    [
        ("", True),  # the test client's own address: localhost
        ("http://localhost:5000", True),
        ("http://127.0.0.1:5000", True),
        ("http://192.168.1.20:5000", False),
        ("https://teamkracht.example.nl", False),
    ],
)
def test_the_facilitator_is_told_when_phones_cannot_reach_the_join_address(
    app, actions, public_url, unreachable
):
    app.config["PUBLIC_URL"] = public_url
    hosted = actions.create_session("Wmo-raad Oost")
    page = hosted.host.get(f"/s/{hosted.public_id}/host").text
    assert (WARNING in page) is unreachable
    if unreachable:
        assert "--host 127.0.0.1" in page and "PUBLIC_URL" in page  # what to do
    screen = actions.new_client().get(f"/screen/{hosted.screen_key}").text
    assert WARNING not in screen


def test_the_start_lines_warn_only_for_an_address_of_this_computer():
    assert not config.reaches_phones("http://localhost:5000/")
    assert not config.reaches_phones("http://127.0.0.1:8080/")
    assert not config.reaches_phones("http://[::1]:5000/")
    assert config.reaches_phones("http://192.168.1.20:5000/")
    assert config.reaches_phones("https://teamkracht.example.nl/")
