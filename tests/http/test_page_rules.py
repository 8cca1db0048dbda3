"""The rules' numbers and choices reach the pages from Python, the one place they are
defined (static/js reads them from ``page-data``; it has no copies of its own)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from session_app import exercise, guide, picture, selfview

PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">(.*?)</script>', re.S)
JS = Path(__file__).resolve().parents[2] / "static" / "js"


def page_data(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    return json.loads(PAGE_DATA.search(response.text).group(1))


def test_the_host_page_gets_the_rules_numbers_and_choices(actions):
    hosted = actions.create_session()
    page = page_data(hosted.host, f"/s/{hosted.public_id}/host")
    rules = {
        "picks_per_round": exercise.PICKS_PER_ROUND,
        "min_members": exercise.MIN_MEMBERS_FOR_ROUNDS,
        "name_max": exercise.NAME_MAX,
        "max_reason": exercise.REASON_MAX,
        "timer_choices": list(guide.TIMER_CHOICES),
        "coach_capacities": list(exercise.COACH_CAPACITIES),
        "closing_slides": list(picture.CLOSING_SLIDES),
    }
    assert {key: page.get(key) for key in rules} == rules
    # Every closing slide has its button text.
    assert all(f"slide_{slide}" in page["strings"] for slide in picture.CLOSING_SLIDES)


def test_a_phone_gets_the_numbers_of_its_forms(actions):
    hosted = actions.create_session()
    ann = actions.join(hosted, "Ann")
    page = page_data(ann.client, f"/s/{hosted.public_id}/me")
    assert (page["picks_per_round"], page["max_reason"], page["self_choices"]) == (
        exercise.PICKS_PER_ROUND,
        exercise.REASON_MAX,
        selfview.SELF_CHOICES,
    )


def test_the_scripts_hold_no_copies_of_the_lists():
    """The lists once written out in static/js as well (a regression check)."""
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in JS.glob("*.js"))
    for copy in [
        "[0, 60, 120, 180, 300, 600]",
        '["map", "cycle", "duos"]',
        "[1, 2, 3]",
        "SELF_CHOICES = 3",
    ]:
        assert copy not in scripts, copy
