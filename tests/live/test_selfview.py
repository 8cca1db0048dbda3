"""The self-view: the rules, and over Socket.IO who gets to see a member's own choice."""

from __future__ import annotations

import pytest
from helpers import Actions, received, states, text_of
from hypothesis import given
from hypothesis import strategies as st

from session_app import selfview
from session_app.content import BY_KEY
from session_app.exercise import RuleError

FITS = ["lef", "netwerken", "zelfreflectie"]
DEVELOPS = ["onderhandelen", "politiek_inzicht", "sensitiviteit"]


# --- rules -----------------------------------------------------------------------


def test_three_or_none_in_each_list_and_none_in_both():
    assert selfview.validate_self_view(FITS, DEVELOPS) == (FITS, DEVELOPS)
    assert selfview.validate_self_view([], None) == ([], [])
    assert selfview.validate_self_view(None, DEVELOPS) == ([], DEVELOPS)


@pytest.mark.parametrize(
    "fits, develops",
    [
        (["lef"], []),
        (["lef", "netwerken"], []),
        (["lef", "netwerken", "zelfreflectie", "creativiteit"], []),
        (["lef", "lef", "netwerken"], []),
        (["lef", "netwerken", "bogus"], []),
        ("lef,netwerken,zelfreflectie", []),
        ([1, 2, 3], []),
        (FITS, ["lef", "creativiteit", "samenwerken"]),  # "lef" in both lists
    ],
)
def test_a_wrong_self_view_is_refused(fits, develops):
    with pytest.raises(RuleError):
        selfview.validate_self_view(fits, develops)


def test_compare_sorts_what_i_saw_and_what_the_team_saw():
    votes = {"communicatie": 1, "lef": 2, "creativiteit": 3, "netwerken": 0}
    assert selfview.compare(FITS, votes) == {
        "both": ["lef"],
        "team_only": ["creativiteit", "communicatie"],  # most votes first
        "self_only": ["netwerken", "zelfreflectie"],  # 0 votes is not seen by the team
    }
    assert selfview.compare([], {}) == {"both": [], "team_only": [], "self_only": []}


KEYS = st.sampled_from(sorted(BY_KEY))


@given(
    fits=st.lists(KEYS, min_size=3, max_size=3, unique=True),
    votes=st.dictionaries(KEYS, st.integers(min_value=0, max_value=20)),
)
def test_compare_puts_every_quality_in_exactly_one_place(fits, votes):
    result = selfview.compare(fits, votes)
    team = {k for k, n in votes.items() if n > 0}
    assert set(result["both"]) | set(result["self_only"]) == set(fits)
    assert set(result["both"]) | set(result["team_only"]) == team
    assert not set(result["both"]) & set(result["self_only"])
    assert not set(result["team_only"]) & set(fits)
    counts = [votes[k] for k in result["team_only"]]
    assert counts == sorted(counts, reverse=True)


def test_ratings_and_learning_points():
    ratings = selfview.validate_ratings(["very_true", "a_bit_true", None, "not_true"])
    stored = selfview.join_ratings(ratings)
    assert selfview.split_ratings(stored) == ratings
    points = selfview.learning_points("lef", ratings)
    assert points == [selfview.STATEMENTS["lef"][1], selfview.STATEMENTS["lef"][3]]
    assert selfview.join_ratings([None] * 4) is None
    assert selfview.learning_points(None, ratings) == []
    for bad in (["very_true"], ["yes", None, None, None], "very_true", [1, 2, 3, 4]):
        with pytest.raises(RuleError):
            selfview.validate_ratings(bad)


# --- over Socket.IO ----------------------------------------------------------------


def self_views_in(value) -> list:
    """Every 'self_view' object anywhere in what a client received."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "self_view" and item is not None:
                found.append(item)
            found.extend(self_views_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(self_views_in(item))
    return found


def test_the_self_view_stays_on_the_own_phone_without_consent(actions):
    team = actions.team(["Ann", "Bob", "Cas"])
    ann, bob, cas = (team.phone(n) for n in ("Ann", "Bob", "Cas"))
    ack = Actions.act(ann, "self_view", {"fits": FITS, "develops": DEVELOPS})
    assert ack == {"ok": True}, ack

    [ann_view] = states(ann)
    assert ann_view["self_view"] == {
        "fits": FITS,
        "develops": DEVELOPS,
        "show": False,
        "open": True,
        "compare": None,
    }
    for sock in (bob, cas, team.host, team.screen):
        got = received(sock)
        assert got  # the screen and host a snapshot, the other phones a progress message
        # Nothing of Ann's choice: in the lobby no quality appears anywhere else.
        assert not any(f'"{key}"' in text_of(got) for key in FITS + DEVELOPS), got
        assert all(not v["fits"] and not v["develops"] for v in self_views_in(got))

    assert team.host_act("start_rounds") == {"ok": True}
    team.play_round()  # Ann's round: Bob picks communicatie + lef, Cas creativiteit + onderhandelen
    got = {sock: states(sock) for sock in team.everyone()}
    ann_last = got[ann][-1]
    assert ann_last["round"]["is_me"] and ann_last["round"]["state"] == "revealed"
    assert ann_last["self_view"]["compare"] == {
        "both": ["lef"],
        "team_only": ["communicatie", "creativiteit", "onderhandelen"],
        "self_only": ["netwerken", "zelfreflectie"],
    }
    for sock in (bob, cas):
        for view in got[sock]:
            assert view["self_view"]["fits"] == [], "a phone sees only its own self-view"
            assert "self_view" not in view["round"]
            assert "zelfreflectie" not in text_of(view)
    for sock in (team.host, team.screen):
        for view in got[sock]:
            assert view["round"].get("self_view") is None
            assert "zelfreflectie" not in text_of(view)

    # Ann allows it: now the screen and the host show it; the other phones still do not.
    assert Actions.act(ann, "self_view_shown", {"show": True}) == {"ok": True}
    got = {sock: received(sock) for sock in team.everyone()}
    for sock in (team.host, team.screen):
        shared = got[sock][-1]["args"][0]["round"]["self_view"]
        assert shared["fits"] == FITS
        assert shared["compare"]["self_only"] == ["netwerken", "zelfreflectie"]
        assert "onderhandelen" not in shared["fits"]
        assert not any(key in text_of(shared) for key in ("politiek_inzicht", "sensitiviteit"))
    for sock in (bob, cas):
        assert "zelfreflectie" not in text_of(got[sock])
    # Even a whole fresh snapshot (a phone that reconnects) holds nothing of it.
    fresh = team.actions.member_socket(team.member("Bob"))
    [bob_view] = states(fresh)
    assert bob_view["round"]["state"] == "revealed" and "self_view" not in bob_view["round"]
    assert bob_view["self_view"]["fits"] == [] and "zelfreflectie" not in text_of(bob_view)

    # And takes it back.
    assert Actions.act(ann, "self_view_shown", {"show": False}) == {"ok": True}
    for sock in (team.host, team.screen):
        assert states(sock)[-1]["round"]["self_view"] is None


def test_the_self_view_can_change_until_the_development_step(actions):
    team = actions.team(["Ann", "Bob"])
    ann = team.phone("Ann")
    assert Actions.act(ann, "self_view", {"fits": FITS, "develops": []}) == {"ok": True}
    assert team.host_act("start_rounds") == {"ok": True}
    assert Actions.act(ann, "self_view", {"fits": [], "develops": DEVELOPS}) == {"ok": True}
    stored = next(m for m in team.load().members if m.name == "Ann")
    assert (stored.self_fits, stored.self_develops) == (None, ",".join(DEVELOPS))
    for bad in ({"fits": ["lef"]}, {"fits": FITS, "develops": FITS}, {"fits": "lef"}):
        assert Actions.act(ann, "self_view", bad)["ok"] is False
    assert Actions.act(ann, "self_view_shown", {"show": "yes"})["ok"] is False

    while True:
        round_id = team.play_round()
        s = team.load()
        if not [r for r in s.rounds if r.state == "pending"]:
            break
        assert team.host_act("next_round", {"round_id": round_id}) == {"ok": True}
    assert team.host_act("start_development") == {"ok": True}
    refused = Actions.act(ann, "self_view", {"fits": FITS, "develops": []})
    assert refused["ok"] is False and "no longer" in refused["error"]
    # Consent stays the member's to give or take back.
    assert Actions.act(ann, "self_view_shown", {"show": True}) == {"ok": True}
    stored = next(m for m in team.load().members if m.name == "Ann")
    assert stored.self_develops == ",".join(DEVELOPS) and stored.self_shown is True


def test_goal_ratings_reach_only_the_own_phone(actions):
    team = actions.team(["Ann", "Bob"])
    team.run_to_development()
    team.flush()
    ratings = ["very_true", "not_true", None, "a_bit_true"]
    ack = Actions.act(
        team.phone("Ann"), "goal", {"competency": "lef", "reason": "Durven", "ratings": ratings}
    )
    assert ack == {"ok": True}, ack
    assert states(team.phone("Ann"))[-1]["goal"]["ratings"] == ratings
    for sock in (team.phone("Bob"), team.host, team.screen):
        assert "not_true" not in text_of(states(sock))
    bad = Actions.act(
        team.phone("Ann"),
        "goal",
        {"competency": "lef", "reason": "Durven", "ratings": ["nope"] * 4},
    )
    assert bad["ok"] is False
    # A goal without ratings is fine and clears the old ones.
    ack = Actions.act(team.phone("Ann"), "goal", {"competency": "netwerken", "reason": "Ja"})
    assert ack == {"ok": True}
    assert "ratings" not in states(team.phone("Ann"))[-1]["goal"]


# --- the result and the facilitator's report ------------------------------------------


def finished_team(actions, *, shown: bool):
    """Ann chose for herself and rated her goal; Bob did neither. Duos confirmed."""
    team = actions.team(["Ann", "Bob"])
    ann = team.phone("Ann")
    assert Actions.act(ann, "self_view", {"fits": FITS, "develops": DEVELOPS}) == {"ok": True}
    if shown:
        assert Actions.act(ann, "self_view_shown", {"show": True}) == {"ok": True}
    team.run_to_development()  # Ann's round: Bob picks communicatie + lef
    ratings = ["very_true", "not_true", "mostly_true", "a_bit_true"]
    ack = Actions.act(
        ann, "goal", {"competency": "onderhandelen", "reason": "Sterker staan", "ratings": ratings}
    )
    assert ack == {"ok": True}
    team.set_goals({"Bob": ("lef", "Durven")})
    assert team.host_act("start_pairing") == {"ok": True}
    assert team.host_act("confirm_duos") == {"ok": True}
    return team


@pytest.mark.parametrize("shown", [False, True])
def test_the_report_shows_the_own_choice_only_with_consent(actions, shown):
    team = finished_team(actions, shown=shown)
    report = team.hosted.host.get(f"/s/{team.hosted.public_id}/report").get_data(as_text=True)
    learning = "I come up with solutions that the other side can also say yes to."
    assert ("Self-reflection" in report) is shown  # only Ann's own choice names it
    assert (learning in report) is shown
    assert ("Only they saw it (so far)" in report) is shown

    ann = team.member("Ann").client
    # What the page shows: a quality's name has soft hyphens where it may break on a phone.
    page = ann.get(f"/s/{team.hosted.public_id}/me/result").get_data(as_text=True)
    page = page.replace("\u00ad", "")
    assert "You saw it, the team did not (yet)" in page  # her own result: always
    assert "Self-reflection" in page and learning in page
    assert "Before a meeting I know on which points I can give in." not in page  # rated 'mostly'
    text = ann.get(f"/s/{team.hosted.public_id}/me/result.txt").get_data(as_text=True)
    assert "- You saw it too: Courage" in text
    assert "- You saw it, the team did not (yet): Networking, Self-reflection" in text
    assert learning in text and "I list what is good" in text

    bob = team.member("Bob").client
    page = bob.get(f"/s/{team.hosted.public_id}/me/result").get_data(as_text=True)
    page = page.replace("\u00ad", "")
    assert "Self-reflection" not in page and learning not in page


def test_a_database_from_before_the_self_view_gets_its_columns(tmp_path):
    from session_app.store import Member, Store, TeamSession

    url = f"sqlite:///{tmp_path}/sessions.db"
    first = Store(url)
    with first.transaction() as db:
        s = TeamSession(team_name="Raad", join_code="ACDEFG")
        s.members.append(Member(name="Anna"))
        db.add(s)
    with first.engine.begin() as connection:  # as the app made it before the self-view
        for column in ("self_fits", "self_develops", "self_shown", "goal_ratings"):
            connection.exec_driver_sql(f"ALTER TABLE members DROP COLUMN {column}")
    first.engine.dispose()

    again = Store(url)
    with again.transaction() as db:
        [anna] = Store.load(db, join_code="ACDEFG").members
        assert (anna.self_fits, anna.self_develops, anna.self_shown, anna.goal_ratings) == (
            None,
            None,
            False,
            None,
        )
    again.engine.dispose()
