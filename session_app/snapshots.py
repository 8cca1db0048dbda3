"""What each audience may see of a session: plain dicts, pushed whole after every change.

Nothing here is translated: clients render keys and numbers in their own language.
Before a reveal, the screen and host learn *who* answered, never *what*.
"""

from __future__ import annotations

from typing import Any

from session_app import exercise
from session_app.pairing import coach_of
from session_app.store import Member, TeamSession


def _common(s: TeamSession, names: dict[int, str]) -> dict:
    return {
        "version": s.version,
        "phase": s.phase,
        "team_name": s.team_name,
        "joining_open": s.joining_open and s.phase in ("lobby", "rounds", "development"),
        "show_names": s.show_names,
        "members": [{"id": m.id, "name": names[m.id]} for m in s.members],
    }


def _round(s: TeamSession, names: dict[int, str], viewer: Member | None = None) -> dict | None:
    r = s.current_round
    if r is None:
        return None
    answered = exercise.answered_ids(r)
    voters = exercise.voters(s, r)
    view = {
        "id": r.id,
        "state": r.state,
        "number": sum(1 for x in s.rounds if x.state == "revealed" or x.id == r.id),
        "total": len(s.rounds),
        "central": {"id": r.central_member_id, "name": names.get(r.central_member_id, "")},
        "voters": [
            {"id": m.id, "name": names[m.id], "answered": m.id in answered} for m in voters
        ],
        "answered_count": len(answered & {m.id for m in voters}),
        "voter_count": len(voters),
    }
    if r.state == "revealed":
        view["tally"] = exercise.tally(r.picks, names if s.show_names else None)
    return view


def _order(s: TeamSession, names: dict[int, str]) -> list[dict]:
    return [
        {"round_id": r.id, "member_id": r.central_member_id,
         "name": names.get(r.central_member_id, ""), "state": r.state}
        for r in sorted(s.rounds, key=lambda r: r.position)
    ]


def _development(s: TeamSession, names: dict[int, str]) -> list[dict]:
    return [{"id": m.id, "name": names[m.id], "done": m.development_goal is not None}
            for m in s.members]


def _groups(s: TeamSession, names: dict[int, str], *, details: bool) -> list[dict]:
    """Each duo (or trio) with, per member, their goal and who coaches them and why."""
    votes = exercise.votes_received(s)
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
                    if coach and coach_votes > 0 else None
                ),
                # Someone outside this group has votes for the goal: moving people can help.
                "strong_elsewhere": any(
                    votes[o.id].get(m.development_goal or "", 0) > 0
                    for o in s.members if str(o.id) not in ids
                ),
            }
            if details:
                person["reason"] = m.development_reason
                person["also_strong"] = [
                    {"id": o.id, "name": names[o.id], "votes": votes[o.id].get(m.development_goal)}
                    for o in sorted(s.members, key=lambda o: -votes[o.id].get(
                        m.development_goal or "", 0))
                    if o.id != m.id and votes[o.id].get(m.development_goal or "", 0) > 0
                    and str(o.id) not in ids
                ]
            people.append(person)
        result.append({"number": group[0].group_no, "label": number, "members": people})
    return result


def _coaching(s: TeamSession, names: dict[int, str], *, details: bool) -> list[dict]:
    """Coach mode: per member, their goal, who they learn from (and the coach's votes for
    that goal) and whom they coach."""
    votes = exercise.votes_received(s)
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
                if coach is not None else None
            ),
            "learners": [{"id": o.id, "name": names[o.id]}
                         for o in s.members if o.coach_id == m.id],
            # Someone else has votes for the goal: choosing another coach can help.
            "strong_elsewhere": any(votes[o.id].get(goal, 0) > 0
                                    for o in s.members if o.id not in (m.id, coach)),
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


def _pairing(view: dict, s: TeamSession, names: dict[int, str], *, details: bool) -> None:
    """The pairing result in the host's chosen mode: ``groups`` (duos) or ``coaching``."""
    view["pairing_mode"] = s.pairing_mode
    if s.pairing_mode == "coach":
        view.pop("groups", None)
        view["coaching"] = _coaching(s, names, details=details)
    else:
        view["groups"] = _groups(s, names, details=details)


def screen_view(s: TeamSession) -> dict:
    names = exercise.display_names(s.members)
    view = _common(s, names)
    view["join_code"] = s.join_code
    view["round"] = _round(s, names)
    view["rounds_left"] = len(exercise.pending_rounds(s))
    if s.phase in ("development", "pairing"):
        view["development"] = _development(s, names)
    if s.phase in ("pairing", "closed"):
        _pairing(view, s, names, details=False)
    return view


def host_view(s: TeamSession) -> dict:
    names = exercise.display_names(s.members)
    view = screen_view(s)
    view["order"] = _order(s, names)
    _proxies(view, s)
    view["pairing_mode"] = s.pairing_mode
    view["coach_capacity"] = s.coach_capacity
    if s.phase in ("pairing", "closed"):
        _pairing(view, s, names, details=True)
    return view


def _proxies(view: dict, s: TeamSession) -> None:
    """Host only: who answers via the host, and what the host sent for them (the current
    round's picks, the goal), so that the host can see and change it."""
    proxies = [m for m in s.members if m.via_host]
    via = {m.id for m in proxies}
    view["members"] = [{**m, "via_host": True} if m["id"] in via else m
                       for m in view["members"]]
    if not proxies:
        view["proxies"] = []
        return
    current = s.current_round
    rows = []
    for m in proxies:
        row: dict[str, Any] = {"id": m.id}
        if s.phase == "rounds" and current is not None and current.state == "open":
            row["picks"] = [{"competency": p.competency, "reason": p.reason}
                            for p in current.picks if p.voter_id == m.id]
        if s.phase == "development":
            row["goal"] = ({"competency": m.development_goal, "reason": m.development_reason}
                           if m.development_goal else None)
        rows.append(row)
    view["proxies"] = rows


def member_view(s: TeamSession, member: Member) -> dict:
    names = exercise.display_names(s.members)
    view = _common(s, names)
    view["me"] = {"id": member.id, "name": names[member.id]}
    r = _round(s, names)
    if r is not None:
        current = s.current_round
        r["is_me"] = current.central_member_id == member.id
        if current.state == "open":
            r["my_picks"] = [
                {"competency": p.competency, "reason": p.reason}
                for p in current.picks if p.voter_id == member.id
            ]
        # Who answered is for the screen; a phone only needs the count.
        del r["voters"]
    view["round"] = r
    view["my_results"] = [
        {"round_id": x.id, "tally": exercise.tally(x.picks, names if s.show_names else None)}
        for x in s.rounds if x.central_member_id == member.id and x.state == "revealed"
    ]
    view["goal"] = (
        {"competency": member.development_goal, "reason": member.development_reason}
        if member.development_goal else None
    )
    if s.phase in ("pairing", "closed") and s.pairing_mode == "coach":
        view["pairing_mode"] = "coach"
        view["coaching"] = _my_coaching(s, names, member)
    elif s.phase in ("pairing", "closed"):
        mine = [g for g in _groups(s, names, details=False)
                if any(p["id"] == member.id for p in g["members"])]
        view["group"] = mine[0] if mine else None
    return view


def _my_coaching(s: TeamSession, names: dict[int, str], member: Member) -> dict:
    """A phone's own coach mode result: who coaches me and why, and whom I coach (with
    their goal, so that the coach knows what to help with)."""
    votes = exercise.votes_received(s)
    by_id = {m.id: m for m in s.members}
    coach = by_id.get(member.coach_id)
    goal = member.development_goal or ""
    return {
        "goal": member.development_goal,
        "coach": ({"id": coach.id, "name": names[coach.id],
                   "votes": votes[coach.id].get(goal, 0)} if coach else None),
        "learners": [{"id": o.id, "name": names[o.id], "goal": o.development_goal}
                     for o in s.members if o.coach_id == member.id],
    }
