"""What a member's own phone says about them: the name the others see (when a second "Anna"
joins, the first becomes "Anna (1)" on the projector, the facilitator's page and her own
phone), and where their own round is (moved to later, or missed when the rounds ended)."""

from __future__ import annotations

from helpers import last_state, received, states


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


MISSED = "There was no turn left for you."


def test_a_member_whose_round_was_moved_or_missed_is_told_so(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    assert team.host_act("start_rounds") == {"ok": True}
    first = team.load().current_round
    away = next(m for m in team.members if m.member_id == first.central_member_id)
    rounds = sorted(last_state(team.phone(m.name))["my_round"] for m in team.members)
    assert rounds == ["open", "waiting", "waiting"]

    assert team.host_act("skip_round", {"round_id": first.id}) == {"ok": True}
    assert last_state(team.phone(away.name))["my_round"] == "later"
    others = [m for m in team.members if m is not away]
    assert {last_state(team.phone(m.name))["my_round"] for m in others} == {"open", "waiting"}

    # The other two rounds are played; the facilitator goes on without the skipped one.
    round_id = team.play_round()
    assert team.host_act("next_round", {"round_id": round_id}) == {"ok": True}
    team.play_round()
    assert team.host_act("start_development") == {"ok": True}
    assert last_state(team.phone(away.name))["my_round"] == "missed"
    assert {last_state(team.phone(m.name))["my_round"] for m in others} == {"revealed"}

    # Their own result says why there is nothing, kindly; the others' results do not.
    page = away.client.get(f"/s/{team.hosted.public_id}/me/result")
    assert MISSED in page.text and "No answers yet" not in page.text
    text = away.client.get(f"/s/{team.hosted.public_id}/me/result.txt")
    assert MISSED in text.text
    assert MISSED not in others[0].client.get(f"/s/{team.hosted.public_id}/me/result").text
