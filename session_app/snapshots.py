"""What each audience may see of a session: plain dicts, pushed after every change.

Nothing here is translated: clients render keys and numbers in their own language.
Before a reveal, the screen and host learn *who* answered, never *what*.

The screen and the host get their whole view after every change. A phone gets its whole
view only when something *it shows* changed; otherwise every phone of the session gets one
small ``progress_view`` (the same for all, nothing personal), which the page merges into
the view it has. A phone's view is about its own member only: no list of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from functools import cached_property
from typing import Any, cast

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, object_session

from session_app import exercise, followup, picture, roles, selfview, slides
from session_app.access import MEMBER, SCREEN
from session_app.pairing import coach_of
from session_app.shapes import (
    MemberLike,
    PickLike,
    RoundLike,
    SessionLike,
    SessionWithPicks,
)
from session_app.store import PickRow, Store, loaded


class Facts:
    """What several views of one state share, worked out once per change.

    With ``db`` the heavy parts come from cheap queries (votes counted by the database, a
    member's own results as plain rows); without it, from the loaded objects: then ``s``
    must be the model objects (``SessionWithPicks``), as a plain session has no picks in
    its rounds. ``s`` is either shape (``Store.load`` or ``Store.read``); the views made
    from both are the same (``tests/live/test_shapes.py``).
    """

    def __init__(self, s: SessionLike, db: Session | Connection | None = None):
        self.s, self.db = s, db
        self._rows: dict[int, list[PickRow]] = {}

    @cached_property
    def names(self) -> dict[int, str]:
        return exercise.display_names(self.s.members)

    @cached_property
    def votes(self) -> dict[int, dict[str, int]]:
        if self.db is not None:
            return Store.votes_received(self.db, self.s)
        return exercise.votes_received(cast(SessionWithPicks, self.s))  # see the class

    @cached_property
    def brief_groups(self) -> list[dict]:
        return _groups(self.s, self, details=False)

    @cached_property
    def brief_coaching(self) -> list[dict]:
        return _coaching(self.s, self, details=False)

    @cached_property
    def answered(self) -> set[int]:
        r = self.s.current_round
        return exercise.answered_ids(_Picked(self.picks_of(r))) if r is not None else set()

    @cached_property
    def round_progress(self) -> dict | None:
        return _round_progress(self.s, self)

    @cached_property
    def tally(self) -> list[dict] | None:
        """The current round's tally once it is revealed."""
        r = self.s.current_round
        if r is None or r.state != "revealed":
            return None
        return exercise.tally(
            self.picks_of(r), self.names if self.s.show_names else None, self.names
        )

    @cached_property
    def rows(self) -> list[picture.MemberRow]:
        """The team map's rows: who is strong in what (revealed rounds only)."""
        return picture.team_map(self.s, self.votes)

    @cached_property
    def picture(self) -> dict:
        """The team picture for the room: only members whose round was shown are on it."""
        return _picture(self.s, self, public=True)

    @cached_property
    def host_picture(self) -> dict:
        """The team picture for the facilitator: every member, those without a round marked."""
        return _picture(self.s, self, public=False)

    @cached_property
    def team_gaps(self) -> dict[str, int]:
        return _team_gaps(self.s, self)

    @cached_property
    def screen(self) -> dict:
        return _screen_view(self.s, self)

    @cached_property
    def look_back(self) -> dict:
        """How the look back went (``followup.look_back_summary``)."""
        return followup.look_back_summary(self.s.members, self.names)

    @cached_property
    def history(self) -> list[dict]:
        """A follow-up: then and now per member (``followup.history``); [] otherwise."""
        team = self.earlier
        return followup.history(self.s.members, self.votes, team) if team else []

    @cached_property
    def earlier(self) -> dict | None:
        """A follow-up's earlier team (its team file); None for any other session."""
        if not self.s.is_follow_up:
            return None
        db = self.db if self.db is not None else object_session(self.s)
        return followup.earlier_team(db, self.s.id)

    def picks_of(self, round_: RoundLike) -> Sequence[PickLike]:
        """A round's picks for reading: the loaded ones, or else plain rows (one query)."""
        if self.db is None or loaded(round_, "picks"):
            # A model round (see the class). No cast: this runs several times per pick.
            return round_.picks  # type: ignore[attr-defined]
        # A plain session (``Store.read``) brings the picks already read, and keeps more.
        known: dict[int, list[PickRow]] = getattr(self.s, "picks", self._rows)
        if round_.id not in known:
            known[round_.id] = Store.picks_of(self.db, round_.id)
        return known[round_.id]


class _Picked:
    """Picks in the shape the rules read (``round_.picks``)."""

    def __init__(self, picks: Sequence[PickLike]):
        self.picks = picks


def _common(s: SessionLike, names: dict[int, str]) -> dict:
    return {
        "version": s.version,
        "phase": s.phase,
        "team_name": s.team_name,
        "joining_open": s.joining_open and s.phase in ("lobby", "rounds", "development"),
        "show_names": s.show_names,
        "members": _members(s, names),
    }


def _members(s: SessionLike, names: dict[int, str]) -> list[dict]:
    return [{"id": m.id, "name": names[m.id]} for m in s.members]


def _round_progress(s: SessionLike, facts: Facts) -> dict | None:
    """The current round as every phone sees it (the same for all of them)."""
    r = s.current_round
    if r is None:
        return None
    voter_ids = {m.id for m in exercise.voters(s, r)}
    return {
        "id": r.id,
        "state": r.state,
        "number": sum(1 for x in s.rounds if x.state == "revealed" or x.id == r.id),
        "total": len(exercise.counted_rounds(s)),
        "answered_count": len(facts.answered & voter_ids),
        "voter_count": len(voter_ids),
    }


def _round(s: SessionLike, facts: Facts) -> dict | None:
    """The current round without names of who answered (the host adds them)."""
    r, names = s.current_round, facts.names
    if r is None or facts.round_progress is None:
        return None
    view = dict(facts.round_progress)
    view["central"] = {"id": r.central_member_id, "name": names.get(r.central_member_id, "")}
    if r.state == "revealed":
        view["tally"] = facts.tally
    return view


def _voters(s: SessionLike, facts: Facts) -> list[dict]:
    """Who answers in the current round and who has: for the facilitator only."""
    r = s.current_round
    if r is None:
        return []
    return [
        {"id": m.id, "name": facts.names[m.id], "answered": m.id in facts.answered}
        for m in exercise.voters(s, r)
    ]


def _reveal_steps(s: SessionLike, view: dict) -> None:
    """For the projector and the host: the reveal's steps and the one the room is on.
    Phones keep the whole tally; the steps only pace the shared screen."""
    r = s.current_round
    if r is None or r.state != "revealed" or "tally" not in view:
        return
    steps = exercise.reveal_steps(view["tally"])
    view["steps"] = steps
    view["step"] = min(max(r.reveal_step or 0, 0), len(steps) - 1)


def _order(s: SessionLike, names: dict[int, str]) -> list[dict]:
    return [
        {
            "round_id": r.id,
            "member_id": r.central_member_id,
            "name": names.get(r.central_member_id, ""),
            "state": r.state,
        }
        for r in sorted(s.rounds, key=lambda r: r.position)
    ]


def _development(s: SessionLike, names: dict[int, str]) -> list[dict]:
    return [
        {"id": m.id, "name": names[m.id], "done": m.development_goal is not None} for m in s.members
    ]


def _groups(s: SessionLike, facts: Facts, *, details: bool) -> list[dict]:
    """Each duo (or trio) with, per member, their goal and who coaches them and why."""
    names, votes = facts.names, facts.votes
    goals = {str(m.id): m.development_goal or "" for m in s.members}
    str_votes = {str(k): v for k, v in votes.items()}
    result = []
    for number, group in enumerate(exercise.groups(s.members), start=1):
        ids = [str(m.id) for m in group]
        people = []
        for m in group:
            coach = coach_of(str(m.id), ids, goals, str_votes)
            coach_votes = votes[int(coach)].get(m.development_goal or "", 0) if coach else 0
            person: dict[str, Any] = {
                "id": m.id,
                "name": names[m.id],
                "goal": m.development_goal,
                "coach": (
                    {"id": int(coach), "name": names[int(coach)], "votes": coach_votes}
                    if coach and coach_votes > 0
                    else None
                ),
                # Someone outside this group has votes for the goal: moving people can help.
                "strong_elsewhere": any(
                    votes[o.id].get(m.development_goal or "", 0) > 0
                    for o in s.members
                    if str(o.id) not in ids
                ),
            }
            if details:
                person["reason"] = m.development_reason
                person["also_strong"] = [
                    {
                        "id": o.id,
                        "name": names[o.id],
                        "votes": votes[o.id].get(m.development_goal or ""),
                    }
                    for o in sorted(
                        s.members, key=lambda o: -votes[o.id].get(m.development_goal or "", 0)
                    )
                    if o.id != m.id
                    and votes[o.id].get(m.development_goal or "", 0) > 0
                    and str(o.id) not in ids
                ]
            people.append(person)
        result.append({"number": group[0].group_no, "label": number, "members": people})
    return result


def _picture(s: SessionLike, facts: Facts, *, public: bool) -> dict:
    """The team map (members x qualities, only counts above 0), who is strong in each
    quality (once, by name), and per task of the cycle the qualities it needs and how many
    of them have a strong member. A member who never got a round is left off the ``public``
    map (``left_out`` counts them); the facilitator's map marks them (``no_round``)."""
    names = facts.names
    rows = facts.rows
    strong = picture.strong_members(rows)
    shown = slides.on_the_map(s)
    view = {
        "map": [
            {
                "id": r.member_id,
                "name": names[r.member_id],
                "counts": {key: n for key, n in r.counts.items() if n},
                "most": list(r.most_chosen),
                **({} if r.member_id in shown else {"no_round": True}),
            }
            for r in rows
            if r.member_id in shown or not public
        ],
        "left_out": len(rows) - len(shown),
        "strong": {key: [names[i] for i in ids] for key, ids in strong.items()},
        "tasks": [
            {
                "key": c.task.key,
                "core": c.task.core,
                "covered": c.covered,
                "total": c.total,
                "qualities": list(c.task.competencies),
                "gaps": list(c.gaps),
            }
            for c in picture.coverage(strong)
        ],
    }
    if facts.earlier is not None:
        _then_and_now_picture(view, facts)
    return view


def _then_and_now_picture(view: dict, facts: Facts) -> None:
    """A follow-up's team picture: per member on the map their then and now (``then_now``,
    per quality) or that they are new; who left (by name); per task how many of its
    qualities were covered last time. New members and leavers are marked, not compared."""
    here, left = followup.map_changes(facts.history)
    for row in view["map"]:
        mine = here.get(row["id"])
        if mine is not None and mine["status"] == "back":
            row["then_now"] = mine["qualities"]
        else:
            row["new_member"] = True
    view["left_team"] = left
    then = followup.then_coverage(facts.earlier or {})
    for task in view["tasks"]:
        task["then_covered"] = then[task["key"]]


def _team_gaps(s: SessionLike, facts: Facts) -> dict[str, int]:
    """For a phone choosing a goal: each quality nobody is strong in, with how many tasks
    need it. About the team as a whole (as seen at the reveals), never about one member."""
    strong = picture.strong_members(facts.rows)
    return {key: len(tasks) for key, tasks in picture.needed_gaps(strong).items()}


def _roles_slide(s: SessionLike) -> dict:
    """The closing slide "who does what": the tasks with names (in order), the tasks without
    one, its parts and the part the room is on. Names only: no votes, no suggestions."""
    names = roles.slide_names(s)
    steps = roles.slide_steps(names)
    return {
        "tasks": [{"key": key, "names": given} for key, given in names.items() if given],
        "open": [key for key, given in names.items() if not given],
        "steps": steps,
        "step": roles.slide_step(s, steps),
    }


def _task_board(s: SessionLike, facts: Facts) -> list[dict]:
    """For the host: every task with the members it fits (suggestions) and the members the
    team put on it (ids; names are in the view's ``members``)."""
    suggested = roles.suggestions(facts.rows)
    given = roles.assignments(s.members)
    return [
        {"key": key, "suggested": list(suggested[key]), "assigned": list(given[key])}
        for key in suggested
    ]


def _my_tasks(facts: Facts, member: MemberLike) -> dict:
    """A phone's own tasks that fit best, and the qualities it is strong in: about this
    member only."""
    row = picture.member_row(member.id, facts.votes.get(member.id, {}))
    strong = row.strong_in()
    return {
        "strong": list(strong),
        "fits": [
            {"key": fit.task.key, "qualities": list(fit.strong)}
            for fit in roles.fitting_tasks(strong)
        ],
    }


def _coaching(s: SessionLike, facts: Facts, *, details: bool) -> list[dict]:
    """Coach mode: per member, their goal, who they learn from (and the coach's votes for
    that goal) and whom they coach."""
    names, votes = facts.names, facts.votes
    ids = {m.id for m in s.members}
    result = []
    for m in s.members:
        goal = m.development_goal or ""
        coach = m.coach_id if m.coach_id in ids else None
        person: dict[str, Any] = {
            "id": m.id,
            "name": names[m.id],
            "goal": m.development_goal,
            "coach": (
                {"id": coach, "name": names[coach], "votes": votes[coach].get(goal, 0)}
                if coach is not None
                else None
            ),
            "learners": [
                {"id": o.id, "name": names[o.id]} for o in s.members if o.coach_id == m.id
            ],
            # Someone else has votes for the goal: choosing another coach can help.
            "strong_elsewhere": any(
                votes[o.id].get(goal, 0) > 0 for o in s.members if o.id not in (m.id, coach)
            ),
        }
        if details:
            person["reason"] = m.development_reason
            person["also_strong"] = [
                {"id": o.id, "name": names[o.id], "votes": votes[o.id][goal]}
                for o in sorted(s.members, key=lambda o: -votes[o.id].get(goal, 0))
                if o.id not in (m.id, coach) and votes[o.id].get(goal, 0) > 0
            ]
        result.append(person)
    return result


def _my_coaching(s: SessionLike, facts: Facts, member: MemberLike) -> dict:
    """A phone's own coach mode result: who coaches me and why, and whom I coach (with
    their goal, so that the coach knows what to help with)."""
    names, votes = facts.names, facts.votes
    by_id: dict[int | None, MemberLike] = {m.id: m for m in s.members}
    coach = by_id.get(member.coach_id)
    goal = member.development_goal or ""
    return {
        "goal": member.development_goal,
        "coach": (
            {"id": coach.id, "name": names[coach.id], "votes": votes[coach.id].get(goal, 0)}
            if coach
            else None
        ),
        "learners": [
            {"id": o.id, "name": names[o.id], "goal": o.development_goal}
            for o in s.members
            if o.coach_id == member.id
        ],
    }


def _proxies(view: dict, s: SessionLike, facts: Facts) -> None:
    """Host only: who answers via the host, and what the host sent for them (the current
    round's picks, the goal), so that the host can see and change it."""
    proxies = [m for m in s.members if m.via_host]
    via = {m.id for m in proxies}
    view["members"] = [{**m, "via_host": True} if m["id"] in via else m for m in view["members"]]
    current = s.current_round
    rows = []
    for m in proxies:
        row: dict[str, Any] = {"id": m.id}
        if s.phase == "rounds" and current is not None and current.state == "open":
            row["picks"] = [
                {"competency": p.competency, "reason": p.reason}
                for p in facts.picks_of(current)
                if p.voter_id == m.id
            ]
        if s.phase == "development":
            row["goal"] = (
                {"competency": m.development_goal, "reason": m.development_reason}
                if m.development_goal
                else None
            )
        rows.append(row)
    view["proxies"] = rows


def _timer(s: SessionLike) -> dict | None:
    """The open round's countdown: its length and start (ms since 1970, UTC); each client
    counts down itself, so the snapshot stays the same while the clock runs."""
    r = s.current_round
    if not (s.timer_seconds and s.timer_started_at and r is not None and r.state == "open"):
        return None
    started = s.timer_started_at.replace(tzinfo=UTC).timestamp()
    return {"seconds": s.timer_seconds, "started_at": round(started * 1000)}


def _shared_self_view(s: SessionLike, facts: Facts) -> dict | None:
    """The central member's own choice next to the team's, for the screen and the host:
    only after the reveal, and only when that member allowed it on their phone."""
    r = s.current_round
    if r is None or r.state != "revealed":
        return None
    central = next((m for m in s.members if m.id == r.central_member_id), None)
    if central is None or not central.self_shown:
        return None
    fits = selfview.split_keys(central.self_fits)
    if not fits:
        return None
    votes = facts.votes.get(central.id, {})
    return {"fits": fits, "compare": selfview.compare(fits, votes)}


def _own_self_view(s: SessionLike, member: MemberLike, facts: Facts) -> dict:
    """A member's own self-view, for their phone only; with the comparison once the team's
    choice for them has been shown."""
    fits = selfview.split_keys(member.self_fits)
    view: dict[str, Any] = {
        "fits": fits,
        "develops": selfview.split_keys(member.self_develops),
        "show": bool(member.self_shown),
        "open": s.phase in selfview.SELF_VIEW_PHASES,
        "compare": None,
    }
    revealed = any(r.central_member_id == member.id and r.state == "revealed" for r in s.rounds)
    if fits and revealed:
        view["compare"] = selfview.compare(fits, facts.votes.get(member.id, {}))
    return view


def _screen_view(s: SessionLike, facts: Facts) -> dict:
    names = facts.names
    view = _common(s, names)
    if s.phase != "lobby":
        # The team list is the lobby's; later the projector names only whom a slide is about
        # (never who has or has not answered yet). The host adds it back.
        view["members"] = []
    view["join_code"] = s.join_code
    view["opening"] = s.opening_shown
    view["timer"] = _timer(s)
    # Only how many have answered: who has (or has not) is for the facilitator's page.
    view["round"] = _round(s, facts)
    if view["round"] is not None:
        _reveal_steps(s, view["round"])
    if view["round"] is not None and view["round"]["state"] == "revealed":
        view["round"]["self_view"] = _shared_self_view(s, facts)
    view["rounds_left"] = len(exercise.pending_rounds(s))
    # A follow-up's look back, when the facilitator put it on the big screen: the part shown.
    view["look_back"] = followup.look_back_slide(s, facts.look_back) if s.is_follow_up else None
    if s.phase in ("development", "pairing"):
        chosen = _development(s, names)
        view["development_progress"] = {
            "done": sum(1 for p in chosen if p["done"]),
            "total": len(chosen),
        }
    if s.phase in ("pairing", "closed"):
        # The host's chosen mode: duos (``groups``) or a coach for everyone (``coaching``).
        view["pairing_mode"] = s.pairing_mode
        if s.pairing_mode == "coach":
            view["coaching"] = [_person_on_the_wall(p) for p in facts.brief_coaching]
        else:
            view["groups"] = _on_the_wall(facts.brief_groups)
    if s.phase == "closed":
        # The team picture is the closing slide: not shown (nor sent) before the end.
        view["picture"] = facts.picture
        view["closing_slide"] = picture.closing_slide(s)
        view["roles"] = _roles_slide(s)
    if s.phase in ("pairing", "closed"):
        view["slide"] = _slide_parts(s, facts)
    return view


def _slide_parts(s: SessionLike, facts: Facts) -> dict | None:
    """The slide on the big screen in its parts (keys of what each part shows) and the part
    the room is on; None for "who does what", which has its own (``roles``)."""
    name = slides.current_slide(s)
    if name == "roles":
        return None
    parts = slides.parts_of(s, name, facts.votes, facts.earlier)
    return {"name": name, "parts": parts, "step": slides.part_index(s, parts)}


def _on_the_wall(groups: list[dict]) -> list[dict]:
    """The duos as the whole room may see them (see ``_person_on_the_wall``)."""
    return [
        {**group, "members": [_person_on_the_wall(person) for person in group["members"]]}
        for group in groups
    ]


def _person_on_the_wall(person: dict) -> dict:
    """A member's duo or coach as the whole room may see it: who helps whom with what, never
    a count of votes and never the facilitator's warning that nobody is strong in their goal.
    (New dicts: the phones' own views, made once per change, keep what they show.)"""
    coach = person["coach"]
    return {
        **{k: v for k, v in person.items() if k != "strong_elsewhere"},
        # Only a coach the team chose for this goal "can help"; a coach the facilitator
        # picked without such votes is a note for the facilitator's page.
        "coach": {"id": coach["id"], "name": coach["name"]} if coach and coach["votes"] else None,
    }


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _host_follow_up(s: SessionLike, facts: Facts) -> dict:
    """For the host: until when the session is kept, the follow-up's day; in a follow-up,
    each member's claim of an earlier name (conflicts marked) and who was not claimed."""
    view: dict[str, Any] = {
        "keep_until": _day(s.keep_until),
        "follow_up_on": _day(s.follow_up_on),
        "is_follow_up": s.is_follow_up,
    }
    team = facts.earlier
    if team is not None:
        clash = followup.conflicts(s.members)
        exact = {m.id for m in followup.exact_claims(s.members)}
        held = {m.earlier_name for m in s.members if m.earlier_state == followup.CONFIRMED}
        view["earlier"] = {"team": team["team"], "held_on": team["held_on"]}
        view["claims"] = [
            {
                "id": m.id,
                "state": m.earlier_state,
                "earlier_name": m.earlier_name,
                "conflict": m.earlier_name in clash,
                "exact": m.id in exact,
            }
            for m in s.members
        ]
        view["not_claimed"] = [m["name"] for m in team["members"] if m["name"] not in held]
        view["look_back"] = facts.look_back
    return view


def _own_earlier(s: SessionLike, member: MemberLike, facts: Facts) -> dict | None:
    """A phone in a follow-up: the names to claim from; once the facilitator confirmed the
    claim (and only then), what this member had last time."""
    team = facts.earlier
    if team is None:
        return None
    view: dict[str, Any] = {
        "held_on": team["held_on"],
        "state": member.earlier_state,
        "name": member.earlier_name,
    }
    if member.earlier_state == followup.CONFIRMED:
        then = view["then"] = followup.earlier_member(team, member.earlier_name)
        view["look_back"] = {
            "answer": member.look_back,
            "note": member.look_back_note,
            "shared": member.look_back_shared,
            # The goal's statements again: on this phone only (never host or screen).
            "ratings": (
                selfview.split_ratings(member.look_back_ratings)
                if member.look_back_ratings
                else None
            ),
            "open": s.phase in followup.LOOK_BACK_PHASES,
        }
        # Then and now, once the team's choice for this member was shown.
        if then is not None and followup.choice_shown(s.rounds, member.id):
            view["compare"] = followup.compare(then["seen"], facts.votes.get(member.id, {}))
    else:
        taken = {
            m.earlier_name
            for m in s.members
            if m.earlier_state == followup.CONFIRMED and m.id != member.id
        }
        view["names"] = [m["name"] for m in team["members"] if m["name"] not in taken]
    return view


def screen_view(s: SessionLike, facts: Facts | None = None) -> dict:
    return (facts or Facts(s)).screen


def host_view(s: SessionLike, facts: Facts | None = None) -> dict:
    facts = facts or Facts(s)
    view = dict(screen_view(s, facts))  # a copy: the screen's own view stays as it is
    view["order"] = _order(s, facts.names)
    view["members"] = _members(s, facts.names)
    if view["round"] is not None:
        # Who has answered, by name: on this page only, never on the projector.
        view["round"] = {**view["round"], "voters": _voters(s, facts)}
    if s.phase in ("development", "pairing"):
        view["development"] = _development(s, facts.names)
    _proxies(view, s, facts)
    view["pairing_mode"] = s.pairing_mode
    view["coach_capacity"] = s.coach_capacity
    view["practice"] = s.practice
    view["timer_seconds"] = s.timer_seconds or 0
    if s.phase in ("pairing", "closed") and s.pairing_mode == "coach":
        view["coaching"] = _coaching(s, facts, details=True)
    elif s.phase in ("pairing", "closed"):
        view["groups"] = _groups(s, facts, details=True)
    if s.phase in ("pairing", "closed"):
        # While changing duos, the facilitator may look at who is strong in what.
        view["picture"] = facts.host_picture
    if s.phase in roles.ASSIGNING_PHASES:
        view["task_board"] = _task_board(s, facts)
    view["follow_up"] = _host_follow_up(s, facts)
    return view


def member_view(s: SessionLike, member: MemberLike, facts: Facts | None = None) -> dict:
    """One phone's whole view: the session's step and this member's own part of it."""
    facts = facts or Facts(s)
    names = facts.names
    view: dict[str, Any] = {
        "version": s.version,
        "phase": s.phase,
        "team_name": s.team_name,
        "show_names": s.show_names,
        "me": {"id": member.id, "name": names[member.id]},
        # Where this member's own round is: "waiting", "later" (skipped, comes at the end),
        # "open", "revealed" or "missed" (the rounds are over without it).
        "my_round": exercise.own_round_state(s, member.id),
    }
    r = _round(s, facts)
    current = s.current_round
    if r is not None and current is not None:  # (``_round`` is None without a round)
        r["is_me"] = current.central_member_id == member.id
        if current.state == "open":
            r["my_picks"] = [
                {"competency": p.competency, "reason": p.reason}
                for p in facts.picks_of(current)
                if p.voter_id == member.id
            ]
    view["round"] = r
    own = exercise.own_round(s, member)
    view["central_choice"] = {
        "central": own is not None and own.state != exercise.DECLINED,
        "can_change": exercise.can_choose_central(s, own),
    }
    view["timer"] = _timer(s) if r is not None and not r["is_me"] else None
    view["my_results"] = [
        {
            "round_id": x.id,
            "tally": exercise.tally(facts.picks_of(x), names if s.show_names else None, names),
        }
        for x in s.rounds
        if x.central_member_id == member.id and x.state == "revealed"
    ]
    view["goal"] = (
        {"competency": member.development_goal, "reason": member.development_reason}
        if member.development_goal
        else None
    )
    if s.phase == "development":
        view["team_gaps"] = facts.team_gaps
    if view["goal"] and member.goal_ratings:
        view["goal"]["ratings"] = selfview.split_ratings(member.goal_ratings)
    view["self_view"] = _own_self_view(s, member, facts)
    if s.phase in ("pairing", "closed") and s.pairing_mode == "coach":
        view["pairing_mode"] = "coach"
        view["coaching"] = _my_coaching(s, facts, member)
    elif s.phase in ("pairing", "closed"):
        mine = [g for g in facts.brief_groups if any(p["id"] == member.id for p in g["members"])]
        view["group"] = mine[0] if mine else None
    if s.phase == "closed":
        view["my_tasks"] = _my_tasks(facts, member)
    # Until when the team keeps this session, and the day of the follow-up (``followup``).
    view["kept_until"] = _day(s.keep_until)
    view["follow_up_on"] = _day(s.follow_up_on)
    view["earlier"] = _own_earlier(s, member, facts)
    return view


def progress_view(s: SessionLike, facts: Facts | None = None) -> dict:
    """What every phone of a session gets when its own view did not change: the version,
    the step and the current round's counts. The same for every phone; nothing personal."""
    return {
        "version": s.version,
        "phase": s.phase,
        "round": (facts or Facts(s)).round_progress,
    }


def first_view(
    s: SessionLike, role: str, member: MemberLike | None, db: Session | Connection | None
) -> dict:
    """The whole view a page of ``role`` starts from: sent on connect by ``events``, and
    carried in the page's HTML by ``views`` (so a phone draws it before its socket is up).
    ``member``: the member whose phone it is (for ``MEMBER`` only)."""
    facts = Facts(s, db)
    if role == MEMBER:
        if member is None:  # never another audience's view instead
            raise ValueError("a member's view needs its member")
        return member_view(s, member, facts)
    return screen_view(s, facts) if role == SCREEN else host_view(s, facts)
