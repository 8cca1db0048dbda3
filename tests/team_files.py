"""Team files for the follow-up's tests: a good one, and every kind of bad one with the words
its refusal must have (session_app.followup.read_team_file)."""

from __future__ import annotations

import io
import json


def good_file(**changes) -> dict:
    file = {
        "format": "teamkracht-team",
        "version": 1,
        "team": "Wmo-raad",
        "held_on": "2026-11-20",
        "members": [
            {"name": "Ann", "seen": {"lef": 2}, "goal": "netwerken", "duo": ["Bob"]},
            {"name": "Bob", "seen": {}, "goal": None, "duo": ["Ann"]},
        ],
    }
    file.update(changes)
    return file


def with_member(**changes) -> dict:
    file = good_file()
    file["members"][0].update(changes)
    return file


def as_bytes(data) -> bytes:
    return json.dumps(data).encode()


BAD_FILES = [
    (b"{" + b" " * (1024 * 1024) + b"}", "too big for a team file"),
    (b"name;seen\nAnn;3", "not a team file of Teamkracht"),
    ("{}".encode("utf-16"), "not a team file of Teamkracht"),
    (b"[" * 100000, "not a team file of Teamkracht"),
    (as_bytes([good_file()]), "not a team file of Teamkracht"),
    (as_bytes(good_file(format="other-app")), "not a team file of Teamkracht"),
    (as_bytes(good_file(version=2)), "of another version"),
    (as_bytes(good_file(version="1")), "of another version"),
    (as_bytes(good_file(version=True)), "of another version"),
    (as_bytes(with_member(seen={"vliegen": 1})), "does not know: vliegen"),
    (as_bytes(with_member(goal="vliegen")), "does not know: vliegen"),
    (as_bytes(with_member(seen={"lef": -1})), "whole number of 0 or more"),
    (as_bytes(with_member(seen={"lef": 1.5})), "whole number of 0 or more"),
    (as_bytes(with_member(seen={"lef": "3"})), "whole number of 0 or more"),
    (as_bytes(with_member(seen={"lef": True})), "whole number of 0 or more"),
    (as_bytes(with_member(name="A" * 31)), "longer than 30 characters"),
    (as_bytes(with_member(name="  ")), "name in the team file is empty"),
    (as_bytes(with_member(name="bob")), "the same name twice: Bob"),
    (as_bytes(with_member(duo=["Zed"])), "duo of Ann has someone who is not in"),
    (as_bytes(with_member(duo=["Ann"])), "duo of Ann has someone who is not in"),
    (as_bytes(with_member(seen=[])), "missing or wrong in the team file: seen"),
    (as_bytes(good_file(members=[])), "has no members"),
    (as_bytes(good_file(members="Ann")), "missing or wrong in the team file: members"),
    (as_bytes(good_file(members=["Ann"])), "missing or wrong in the team file: members"),
    (as_bytes(good_file(held_on="gisteren")), "Choose a date"),
    (as_bytes(good_file(team="")), "Fill in the name of the team"),
    (as_bytes(good_file(pairing="trios")), "missing or wrong in the team file: pairing"),
]


def upload(client, raw: bytes, name: str = "team.json", headers: dict | None = None):
    """The start page's form, encoded here: the test client would spool a big file to a
    temporary file of its own that it never closes."""
    boundary = "----teamfile"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="locale"\r\n\r\nen\r\n'
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="team_file"; filename="{name}"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + raw
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        "/follow-ups",
        input_stream=io.BytesIO(body),
        content_length=len(body),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers,
    )
