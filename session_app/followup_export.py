"""A follow-up's downloads: the sheet "Then and now" of the spreadsheet, and each member's
own then and now for their result page (``followup.history``)."""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy.orm import object_session

from session_app import exercise, followup, sheets
from session_app.content import BY_KEY
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
