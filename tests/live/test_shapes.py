"""The views made from the plain session (``Store.read``, the live paths that only read)
are the views made from the model objects (``Store.load``), in every step of a session.

The rules and views read both shapes (``session_app/shapes.py``); a mistake in one of them
would show as a stale or wrong view, not as an error. So each state of a session, built
through the real events, is turned into every audience's view from:

- the model objects as a change builds them (``all_picks=False``, with the database);
- the model objects with every pick loaded, without the database (``Facts(s)``);
- the plain session of a store that never saw it (another process, just started);
- the plain session of a store that last read it at an earlier version (its cache is stale
  and must be read again), and once more right after (now from its cache);
- the plain session of the app's own store, whose cache the events filled.
"""

from __future__ import annotations

import pytest
from helpers import Actions, Team, picks

from session_app.exercise import pending_rounds
from session_app.snapshots import Facts, host_view, member_view, progress_view, screen_view
from session_app.store import Store


def views(s, db) -> dict:
    facts = Facts(s, db)
    return {
        "screen": screen_view(s, facts),
        "host": host_view(s, facts),
        "progress": progress_view(s, facts),
        "members": {m.id: member_view(s, m, facts) for m in s.members},
    }


def model_views(store: Store, public_id: str, *, all_picks: bool) -> dict:
    with store.transaction(readonly=True) as db:
        s = Store.load(db, public_id=public_id, all_picks=all_picks)
        # Every pick loaded: the rules count them in memory (no database for Facts).
        return views(s, None if all_picks else db)


def plain_views(store: Store, public_id: str) -> dict:
    """As a page connecting does it (``on_connect``): read, views, remember."""
    with store.plain(readonly=True) as db:
        s = store.read(db, public_id=public_id)
        result = views(s, db)
    store.remember(s)
    return result


class Shapes:
    """Compares the views of one session from every shape, state after state."""

    def __init__(self, team: Team):
        self.team = team
        self.app_store = team.actions.store
        self.url = self.app_store.engine.url.render_as_string(hide_password=False)
        self.kept = Store(self.url)  # reads every state: its cache is one state behind
        self.session_id = team.load().id
        self.checked = 0

    def check(self) -> dict:
        public_id = self.team.hosted.public_id
        expected = model_views(self.app_store, public_id, all_picks=False)
        assert model_views(self.app_store, public_id, all_picks=True) == expected

        fresh = Store(self.url)
        try:
            assert plain_views(fresh, public_id) == expected
        finally:
            fresh.engine.dispose()

        version, known = expected["progress"]["version"], self.kept._known
        if self.checked:  # the kept store knows an earlier version only
            assert known[self.session_id].version < version
        assert plain_views(self.kept, public_id) == expected  # stale: read again
        assert known[self.session_id].version == version
        assert plain_views(self.kept, public_id) == expected  # from the cache
        assert plain_views(self.app_store, public_id) == expected
        self.checked += 1
        return expected

    def close(self) -> None:
        self.kept.engine.dispose()


@pytest.fixture
def shapes(actions):
    made = []

    def make(team: Team) -> Shapes:
        made.append(Shapes(team))
        return made[-1]

    yield make
    for one in made:
        one.close()


def ok(ack: dict) -> None:
    assert ack == {"ok": True}, ack


@pytest.mark.parametrize("show_names", [True, False], ids=["names", "anonymous"])
def test_every_step_looks_the_same_from_both_shapes(actions, shapes, show_names):
    team = actions.team(("Ann", "Bob", "Cas", "Dee", "Eve"), show_names=show_names)
    check = shapes(team).check
    ids = {m.name: m.member_id for m in team.members}
    act = Actions.act

    # The lobby: a self-view the screen may show, someone without a phone, the timer set.
    ok(act(team.phone("Ann"), "self_view", {"fits": ["lef", "netwerken", "communicatie"]}))
    ok(act(team.phone("Ann"), "self_view_shown", {"show": True}))
    ok(team.host_act("add_proxy_member", {"name": "Fay"}))
    fay = next(m for m in team.load().members if m.name == "Fay").id
    ok(team.host_act("set_timer", {"seconds": 60}))
    assert check()["screen"]["phase"] == "lobby"

    # An open round with picks (on phones and via the host), the timer running.
    ok(team.host_act("start_rounds"))
    first = team.load().current_round.id
    check()
    ok(Actions.pick(team.phone("Bob"), first, ("lef", "netwerken"), "Bob says"))
    ok(Actions.pick(team.phone("Cas"), first, ("lef", "communicatie"), "Cas says"))
    ok(act(team.host, "proxy_pick", {"member_id": fay, "round_id": first, "picks": picks()}))
    seen = check()
    assert seen["screen"]["round"]["answered_count"] == 3
    assert seen["host"]["timer"] is not None
    # Bob changes his picks: the plain session's own copy of the picks must follow.
    ok(Actions.pick(team.phone("Bob"), first, ("signaleren", "lef"), "Bob again"))
    assert check()["members"][ids["Bob"]]["round"]["my_picks"][0]["reason"] == "Bob again (1)"

    # Revealed, with Ann's own choice next to the team's; then the next step of the reveal.
    ok(team.host_act("reveal", {"round_id": first}))
    seen = check()
    assert seen["screen"]["round"]["self_view"] is not None
    version = seen["host"]["version"]
    ok(team.host_act("reveal_step", {"round_id": first, "step": 1, "version": version}))
    assert check()["screen"]["round"]["step"] == 1

    # The next round; then Cas (reasons in the revealed round, picks in this one) leaves.
    ok(team.host_act("next_round", {"round_id": first}))
    second = team.load().current_round.id
    ok(Actions.pick(team.phone("Cas"), second, ("lef", "netwerken"), "Cas again"))
    ok(Actions.pick(team.phone("Dee"), second, ("lef", "netwerken"), "Dee says"))
    check()
    ok(team.host_act("remove_member", {"member_id": ids["Cas"]}))
    seen = check()
    assert ids["Cas"] not in seen["members"]
    assert seen["screen"]["round"]["answered_count"] == 1
    ann = seen["members"][ids["Ann"]]["my_results"][0]["tally"]
    assert sum(row["count"] for row in ann) == 6  # Cas's reasons stay, without a name

    # Every other round, then the development step with goals.
    ok(team.host_act("reveal", {"round_id": second}))
    round_id = second
    while pending_rounds(team.load()):
        ok(team.host_act("next_round", {"round_id": round_id}))
        check()
        round_id = team.play_round()
        check()
    ok(team.host_act("start_development"))
    check()
    team.set_goals({"Ann": ("lef", "Ann wants"), "Bob": ("netwerken", "Bob wants")})
    seen = check()
    assert seen["members"][ids["Ann"]]["goal"]["competency"] == "lef"
    team.set_goals({"Dee": ("signaleren", "Dee wants"), "Eve": ("communicatie", "Eve wants")})
    ok(act(team.host, "proxy_goal", {"member_id": fay, "competency": "lef", "reason": "Fay"}))
    check()

    # Pairing: duos, then a coach for everyone, then duos again; closed; the closing slides.
    ok(team.host_act("start_pairing"))
    assert check()["host"]["groups"]
    ok(team.host_act("start_pairing", {"mode": "coach", "capacity": 2}))
    assert check()["host"]["coaching"]
    ok(team.host_act("start_pairing", {"mode": "duos"}))
    check()
    ok(team.host_act("confirm_duos"))
    assert check()["screen"]["phase"] == "closed"
    ok(team.host_act("show_closing", {"slide": "cycle"}))
    assert check()["screen"]["closing_slide"] == "cycle"
