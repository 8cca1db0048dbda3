"""The team picture in the downloads: three sheets for the XLSX ("Team", the reasons, the
tasks) and the data behind the printable team picture."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext
from openpyxl import Workbook

from session_app import exercise, picture, sheets
from session_app.content import BY_KEY, COMPETENCIES, CORE_BY_KEY
from session_app.store import TeamSession

# A cell that starts with one of these could run as a formula in a spreadsheet.


_VOWELS = set("aeiouyàáäâèéëêìíïîòóöôùúüû")


def _hyphenate(word: str) -> str:
    """Soft hyphens roughly between syllables (as ``hyphenate`` in static/js/picture.js)."""

    def vowel(ch: str) -> bool:
        return ch.lower() in _VOWELS

    parts, start, i = [], 0, 1
    while i < len(word) - 2:
        if not vowel(word[i - 1]) or vowel(word[i]):
            i += 1
            continue
        j = i
        while j < len(word) and not vowel(word[j]):
            j += 1
        if j < len(word) - 1:
            pair = j - i >= 2 and word[j - 1].lower() in "lr" and word[j - 2].lower() not in "lr"
            cut = j - 2 if pair else j - 1
            if cut - start >= 2:
                parts.append(word[start:cut])
                start = cut
        i = j
    parts.append(word[start:])
    return "\u00ad".join(parts)


def breakable(text: str) -> str:
    """A quality's name that breaks with a hyphen in a narrow column."""
    return "".join(_hyphenate(w) if len(w) > 6 else w for w in re.split(r"([\s/-]+)", text))


def _name(key: str) -> str:
    return gettext(BY_KEY[key].name)


def tally_for_paper(s: TeamSession, round_, names: dict[int, str]) -> list[dict]:
    """A round's tally for a download: a reason the member told in the room says so ("told
    in the group", with their name) instead of an empty text."""
    rows = exercise.tally(round_.picks, names if s.show_names else None, names)
    for row in rows:
        for reason in row["reasons"]:
            if reason.get("told"):
                reason["text"] = gettext("told in the group")
    return rows


def covered_text(covered: int, total: int) -> str:
    return gettext("%(covered)d of %(total)d covered", covered=covered, total=total)


@dataclass
class PictureData:
    """Everything the printable team picture and the sheets show, translated."""

    qualities: list[str]  # the 12 names, in the profile's order
    rows: list[dict]  # {"name", "counts": [12 ints], "most": [12 bools]}
    cores: list[dict]  # {"number", "name", "tasks": [{"key", "title", "covered", "total",
    #                     "qualities": [{"name", "strong": [names]}]}]}


def picture_data(s: TeamSession) -> PictureData:
    names = exercise.display_names(s.members)
    rows = picture.team_map(s)
    strong = picture.strong_members(rows)
    cores: dict[str, dict] = {}
    for c in picture.coverage(strong):
        core = CORE_BY_KEY[c.task.core]
        entry = cores.setdefault(
            core.key, {"number": core.number, "name": gettext(core.name), "tasks": []}
        )
        entry["tasks"].append(
            {
                "key": c.task.key,
                "title": gettext(c.task.title),
                "covered": c.covered,
                "total": c.total,
                "qualities": [
                    {"name": _name(key), "strong": [names[i] for i in ids]} for key, ids in c.strong
                ],
            }
        )
    return PictureData(
        qualities=[_name(c.key) for c in COMPETENCIES],
        rows=[
            {
                "name": names[r.member_id],
                "counts": [r.counts[c.key] for c in COMPETENCIES],
                "most": [c.key in r.most_chosen for c in COMPETENCIES],
            }
            for r in rows
        ],
        cores=list(cores.values()),
    )


def team_rows(s: TeamSession) -> list[list[str | int]]:
    """One row per member, one column per quality: how many teammates chose it."""
    data = picture_data(s)
    return [
        [gettext("Member"), *data.qualities],
        *([row["name"], *row["counts"]] for row in data.rows),
    ]


def reason_rows(s: TeamSession) -> list[list[str]]:
    """Every reason given in a revealed round; the writer only when names are shown."""
    names = exercise.display_names(s.members)
    header = [gettext("Member"), gettext("Quality"), gettext("Reason")]
    if s.show_names:
        header.append(gettext("Written by"))
    rows = [header]
    by_member = {r.central_member_id: r for r in s.rounds if r.state == "revealed"}
    for m in sorted(s.members, key=lambda m: m.id):
        r = by_member.get(m.id)
        if r is None:
            continue
        for quality in tally_for_paper(s, r, names):
            for reason in quality["reasons"]:
                row = [names[m.id], _name(quality["competency"]), reason["text"]]
                if s.show_names:
                    row.append(reason["author"] or "")
                rows.append(row)
    return rows


def task_rows(s: TeamSession) -> list[list[str]]:
    """Each task: its core task, the qualities it needs, who is strong in each, coverage."""
    data = picture_data(s)
    rows = [
        [
            gettext("Core task"),
            gettext("Task"),
            gettext("Qualities it needs"),
            gettext("Strong in it (at least 2 teammates chose it)"),
            gettext("Covered"),
        ]
    ]
    for core in data.cores:
        for task in core["tasks"]:
            rows.append(
                [
                    f"{core['number']} {core['name']}",
                    f"{task['key']} {task['title']}",
                    ", ".join(q["name"] for q in task["qualities"]),
                    "\n".join(
                        f"{q['name']}: {', '.join(q['strong']) or gettext('nobody yet')}"
                        for q in task["qualities"]
                    ),
                    covered_text(task["covered"], task["total"]),
                ]
            )
    return rows


def add_picture_sheets(workbook: Workbook, s: TeamSession) -> None:
    """The sheets "Team", the reasons and "Taken" (tasks), after the existing ones."""
    team = workbook.create_sheet(gettext("Team")[:31])
    for row in team_rows(s):
        team.append(row)
    sheets.style_sheet(team, [18] + [12] * len(COMPETENCIES), freeze="B2")
    reasons = workbook.create_sheet(gettext("Reasons")[:31])
    for row in reason_rows(s):
        reasons.append(row)
    sheets.style_sheet(reasons, [18, 24, 60, 18], freeze="B2")
    tasks = workbook.create_sheet(gettext("Tasks")[:31])
    for row in task_rows(s):
        tasks.append(row)
    sheets.style_sheet(tasks, [24, 36, 40, 50, 16], freeze="B2")
