"""The team picture's rules: the map counts, who is strong, and which tasks the team covers."""

from helpers import rules_pick, rules_session

from session_app import picture
from session_app.content import COMPETENCIES, TASKS


def round_of(s, member_id):
    return next(r for r in s.rounds if r.central_member_id == member_id)


def vote(s, central_id, voter_id, first, second, state="revealed"):
    r = round_of(s, central_id)
    r.state = state
    rules_pick(r, voter_id, first, slot=0)
    rules_pick(r, voter_id, second, slot=1)


def team():
    """Ann (1) gets networking from 2 of 3 teammates; Bob (2) lef once; Dee (4) nothing."""
    s = rules_session(("Ann", "Bob", "Cas", "Dee"), phase="closed")
    vote(s, 1, 2, "netwerken", "lef")
    vote(s, 1, 3, "netwerken", "samenwerken")
    vote(s, 1, 4, "communicatie", "samenwerken")
    vote(s, 2, 1, "lef", "creativiteit")
    return s


def test_map_counts_teammates_per_quality_for_every_member():
    rows = picture.team_map(team())
    assert [r.member_id for r in rows] == [1, 2, 3, 4]
    ann = rows[0]
    assert ann.counts == {c.key: 0 for c in COMPETENCIES} | {
        "netwerken": 2,
        "samenwerken": 2,
        "lef": 1,
        "communicatie": 1,
    }
    assert rows[1].counts["lef"] == 1 and rows[1].counts["creativiteit"] == 1


def test_most_chosen_keeps_ties_and_is_empty_without_votes():
    rows = picture.team_map(team())
    assert rows[0].most_chosen == ("netwerken", "samenwerken")  # a tie: both stressed
    assert rows[1].most_chosen == ("lef", "creativiteit")
    assert rows[3].most_chosen == ()  # Dee: no votes, nothing stressed
    assert all(n == 0 for n in rows[3].counts.values())


def test_unrevealed_rounds_are_not_in_the_map():
    s = team()
    vote(s, 3, 1, "onderhandelen", "lef", state="open")
    vote(s, 3, 2, "onderhandelen", "lef", state="open")
    rows = picture.team_map(s)
    assert sum(rows[2].counts.values()) == 0
    assert picture.strong_members(rows)["onderhandelen"] == ()


def test_strong_means_at_least_two_teammates():
    strong = picture.strong_members(picture.team_map(team()))
    assert strong["netwerken"] == (1,)
    assert strong["samenwerken"] == (1,)
    assert strong["lef"] == ()  # Ann 1 and Bob 1: two votes, but not for one member
    assert strong["communicatie"] == ()


def test_several_strong_members_in_the_order_they_joined():
    s = team()
    vote(s, 4, 1, "netwerken", "lef")
    vote(s, 4, 2, "netwerken", "lef")
    strong = picture.strong_members(picture.team_map(s))
    assert strong["netwerken"] == (1, 4)
    assert strong["lef"] == (4,)


def test_coverage_of_every_task_follows_its_qualities():
    strong = picture.strong_members(picture.team_map(team()))
    cover = picture.coverage(strong)
    assert [c.task.key for c in cover] == [t.key for t in TASKS]
    for c in cover:
        assert [key for key, _ in c.strong] == list(c.task.competencies)
        assert c.total == len(c.task.competencies)
        for key, ids in c.strong:
            assert ids == strong[key]
        assert c.covered == sum(1 for key in c.task.competencies if strong[key])
        assert c.gaps == tuple(key for key in c.task.competencies if not strong[key])
    by_key = {c.task.key: c for c in cover}
    # 1.1 needs spotting, communication, networking: only networking has a strong member.
    assert (by_key["1.1"].covered, by_key["1.1"].total) == (1, 3)
    assert by_key["1.1"].gaps == ("signaleren", "communicatie")
    # 2.4 needs negotiating, networking, teamwork, political insight.
    assert (by_key["2.4"].covered, by_key["2.4"].total) == (2, 4)


def test_a_team_without_votes_covers_nothing():
    s = rules_session(("Ann", "Bob"), phase="closed")
    cover = picture.coverage(picture.strong_members(picture.team_map(s)))
    assert all(c.covered == 0 and c.gaps == c.task.competencies for c in cover)


def test_gaps_name_the_tasks_that_need_a_quality_nobody_is_strong_in():
    gaps = picture.needed_gaps(picture.strong_members(picture.team_map(team())))
    assert "netwerken" not in gaps and "samenwerken" not in gaps
    assert gaps["onderhandelen"] == ("2.4", "3.2", "3.4")
    assert set(gaps) == {c.key for c in COMPETENCIES} - {"netwerken", "samenwerken"}


def test_long_quality_names_get_soft_hyphens_and_keep_their_letters():
    from session_app.picture_export import breakable

    for name in ("Stressbestendigheid", "Overtuigingskracht", "Politiek/bestuurlijk inzicht"):
        shown = breakable(name)
        assert shown.replace("\u00ad", "") == name
        assert "\u00ad" in shown
    assert breakable("Lef") == "Lef"
