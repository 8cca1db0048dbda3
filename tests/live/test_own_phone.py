"""A member's own phone shows the name the others see: when a second "Anna" joins, the
first becomes "Anna (1)" on the projector, the facilitator's page and her own phone."""

from __future__ import annotations

from helpers import received, states


def test_a_phone_whose_shown_name_changes_gets_its_own_view(actions):
    team = actions.team(["Anna", "Bram"])
    anna = team.phone("Anna")
    bram = team.phone("Bram")

    second = team.add("anna")  # the same first name, typed otherwise

    mine = states(anna)
    assert mine, "the first Anna's phone got no view of its own"
    assert mine[-1]["me"]["name"] == "Anna (1)"
    # Bram's shown name did not change: his phone only learns the new count.
    assert [m["name"] for m in received(bram)] == ["progress"]
    shown = {"Anna (1)", "Bram", "anna (2)"}
    assert {m["name"] for m in states(team.host)[-1]["members"]} == shown
    assert {m["name"] for m in states(team.screen)[-1]["members"]} == shown
    assert states(team.phone(second.name))[-1]["me"]["name"] == "anna (2)"
