"""Downloads: the pairing list as CSV that Dutch Excel opens as it should."""

from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext

from session_app import exercise
from session_app.content import BY_KEY
from session_app.store import TeamSession

# A cell that starts with one of these could run as a formula in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text for a spreadsheet cell; formula-like text gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def filename(s: TeamSession, kind: str, extension: str) -> str:
    team = re.sub(r"[^A-Za-z0-9]+", "-", s.team_name).strip("-").lower() or "team"
    return f"{kind}-{team}-{s.created_at:%Y-%m-%d}.{extension}"


def pairing_rows(s: TeamSession) -> list[list[str]]:
    """Header plus one row per member: goal, explanation, partners and their votes."""
    names = exercise.display_names(s.members)
    votes = exercise.votes_received(s)
    rows = [[
        gettext("Member"),
        gettext("Wants to develop"),
        gettext("Explanation"),
        gettext("Duo partner(s)"),
        gettext("Votes the partner(s) got for this quality"),
    ]]
    for group in exercise.groups(s.members):
        for m in group:
            partners = [o for o in group if o.id != m.id]
            goal = m.development_goal
            rows.append([
                names[m.id],
                gettext(BY_KEY[goal].name) if goal in BY_KEY else "",
                m.development_reason or "",
                ", ".join(names[o.id] for o in partners),
                ", ".join(str(votes[o.id].get(goal or "", 0)) for o in partners),
            ])
    return rows


def pairing_csv(s: TeamSession) -> bytes:
    """UTF-8 with a byte order mark and ``;`` between cells, as Dutch Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in pairing_rows(s):
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
