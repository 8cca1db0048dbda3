"""A follow-up's downloads: the sheet "Then and now" of the spreadsheet, and each member's
own then and now for their result page (``followup.history``)."""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy.orm import object_session

from session_app import exercise, followup, selfview, sheets
from session_app.content import BY_KEY, N_
from session_app.content.statements import SCALE, STATEMENTS
from session_app.store import Member, TeamSession


def _history(s: TeamSession) -> list[dict] | None:
    team = followup.earlier_team(object_session(s), s.id) if s.is_follow_up else None
    if team is None:
        return None
    return followup.history(s.members, exercise.votes_received(s), team)


def add_history_sheet(workbook, s: TeamSession) -> None:
    """A follow-up's spreadsheet gets the sheet "Then and now": per member and quality the
    times chosen last time and now, what is new, who is new and who left."""
    rows = _history(s)
    if rows is None:
        return
    sheet = workbook.create_sheet(gettext("Over time")[:31])
    sheet.append(
        [
            gettext("Member"),
            gettext("Last time as"),
            gettext("Quality"),
            gettext("Then"),
            gettext("Now"),
            gettext("Note"),
        ]
    )
    marks = {"new": gettext("new member"), "left": gettext("not in the team any more")}
    for row in rows:
        for q in row["qualities"] or [{"key": None, "then": None, "now": None, "new": False}]:
            note = marks.get(row["status"]) or (gettext("new") if q["new"] else "")
            name = gettext(BY_KEY[q["key"]].name) if q["key"] else ""
            sheet.append([row["name"], row["earlier_name"] or "", name, q["then"], q["now"], note])
    sheets.style_sheet(sheet, [18, 18, 24, 8, 8, 24])


def my_then_and_now(s: TeamSession, member: Member) -> list[dict] | None:
    """One member's own then and now, for their result page (once their name is confirmed
    and the team's choice for them was shown): rows with the quality's name."""
    if member.earlier_state != followup.CONFIRMED:
        return None
    rows = _history(s) or []
    mine = next((r for r in rows if r["status"] == "back" and r["id"] == member.id), None)
    if mine is None or not followup.choice_shown(s.rounds, member.id):
        return None
    return [{**q, "name": gettext(BY_KEY[q["key"]].name)} for q in mine["qualities"]]


def report_history(s: TeamSession) -> tuple[list[dict | None], list[str]]:
    """A follow-up's report: per member (in the order of ``s.members``) then and now, or that
    they are new; and the names of those who left. Not a follow-up: ``([None, ...], [])``."""
    rows = _history(s)
    if rows is None:
        return [None] * len(s.members), []
    here, left = followup.map_changes(rows)
    per_member: list[dict | None] = []
    for m in s.members:
        row = here.get(m.id)
        if row is None or row["status"] != "back":
            per_member.append({"status": "new"})
            continue
        shown = followup.choice_shown(s.rounds, m.id)
        per_member.append(
            {
                "status": "back",
                "earlier_name": row["earlier_name"] if row["earlier_name"] != m.name else None,
                "qualities": [
                    {**q, "name": gettext(BY_KEY[q["key"]].name)} for q in row["qualities"]
                ]
                if shown
                else None,
            }
        )
    return per_member, left


LOOK_BACK_ANSWERS = {
    "not_yet": N_("Not got to it yet"),
    "a_bit": N_("A bit"),
    "well": N_("Well"),
    "very_well": N_("Very well"),
}


def my_look_back(s: TeamSession, member: Member) -> dict | None:
    """One member's own look back, for their result page only: how it went, their note,
    and their answers to last time's goal's statements (never on a shared page)."""
    if member.earlier_state != followup.CONFIRMED or not member.look_back:
        return None
    team = followup.earlier_team(object_session(s), s.id)
    then = followup.earlier_member(team, member.earlier_name) or {}
    goal = then.get("goal")
    labels = {a.key: gettext(a.label) for a in SCALE}
    ratings = selfview.split_ratings(member.look_back_ratings)
    return {
        "goal": gettext(BY_KEY[goal].name) if goal else None,
        "answer": gettext(LOOK_BACK_ANSWERS[member.look_back]),
        "note": member.look_back_note,
        "statements": [
            {"text": gettext(text), "answer": labels[r]}
            for text, r in zip(STATEMENTS.get(goal or "", ()), ratings, strict=False)
            if r
        ],
    }
