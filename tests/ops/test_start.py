"""The address the facilitator is told to open, and that the QR code sends phones to."""

import pytest

from session_app import config


class FakeProbe:
    """Stands in for the UDP socket that asks which address the computer sends from."""

    def __init__(self, address: str | None):
        self.address = address

    def __call__(self, *_args):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return False

    def connect(self, _target):
        if self.address is None:
            raise OSError("Network is unreachable")

    def getsockname(self):
        return (self.address, 40000)


@pytest.mark.parametrize(
    ("sends_from", "expected"),
    [("192.168.1.20", "192.168.1.20"), ("127.0.1.1", None), (None, None)],
)
def test_the_network_address_is_never_loopback(monkeypatch, sends_from, expected):
    monkeypatch.setattr(config.socket, "socket", FakeProbe(sends_from))
    assert config.lan_address() == expected


def test_phones_are_sent_to_the_network_address(monkeypatch):
    monkeypatch.setattr(config, "lan_address", lambda: "192.168.1.20")
    settings = {"PUBLIC_URL": ""}
    assert config.start_url(settings, "0.0.0.0", 5000) == "http://192.168.1.20:5000/"  # noqa: S104
    assert settings["PUBLIC_URL"] == "http://192.168.1.20:5000"


def test_without_a_network_the_pages_use_the_browsers_address(monkeypatch):
    # Debian names its own hostname 127.0.1.1: pinning "localhost" would give phones a
    # QR code they cannot use, so nothing is pinned and each page uses its own address.
    monkeypatch.setattr(config, "lan_address", lambda: None)
    settings = {"PUBLIC_URL": ""}
    assert config.start_url(settings, "0.0.0.0", 5000) == "http://localhost:5000/"  # noqa: S104
    assert settings["PUBLIC_URL"] == ""
    assert config.start_url(settings, "127.0.0.1", 5000) == "http://localhost:5000/"
    assert settings["PUBLIC_URL"] == ""


def test_a_chosen_address_wins(monkeypatch):
    monkeypatch.setattr(config, "lan_address", lambda: "192.168.1.20")
    settings = {"PUBLIC_URL": "https://teamkracht.example.nl/"}
    assert config.start_url(settings, "0.0.0.0", 5000) == "https://teamkracht.example.nl/"  # noqa: S104
    settings = {"PUBLIC_URL": ""}
    assert config.start_url(settings, "10.0.0.5", 8080) == "http://10.0.0.5:8080/"
    assert settings["PUBLIC_URL"] == "http://10.0.0.5:8080"
