"""Who does what and who we are looking for, in the downloads: the sheets "Who does what"
and "Who we are looking for", the print pages, and the tasks that fit one member (their
result and the report)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import gettext
from openpyxl import Workbook

from session_app import exercise, picture, roles, sheets
from session_app.content import BY_KEY, TASK_BY_KEY
from session_app.content.calls import CALLS
from session_app.store import TeamSession


def _quality(key: str) -> str:
    return gettext(BY_KEY[key].name)


def task_label(key: str) -> str:
    """ "1.1 Share signals": the number and the title, translated."""
    return f"{key} {gettext(TASK_BY_KEY[key].title)}"


@dataclass
class FittingTask:
    key: str
    title: str
    qualities: list[str]  # the qualities it needs that the member is strong in, translated
    needed: int  # how many qualities the task needs
    why: str  # why it fits, in plain words


def _listed(names: list[str]) -> str:
    return ", ".join(name.lower() for name in names)


def fitting_for(votes: dict[str, int]) -> tuple[list[str], list[FittingTask]]:
    """A member's strong qualities (translated) and the tasks that fit them best."""
    strong = picture.member_row(0, votes).strong_in()
    fitting = []
    for fit in roles.fitting_tasks(strong):
        qualities = [_quality(k) for k in fit.strong]
        why = gettext(
            "For this task you need: %(qualities)s. Your teammates see you as strong in that.",
            qualities=_listed(qualities),
        )
        fitting.append(
            FittingTask(
                fit.task.key, gettext(fit.task.title), qualities, len(fit.task.competencies), why
            )
        )
    return [_quality(k) for k in strong], fitting


def no_fitting_text(strong: list[str]) -> str:
    """No task fits a member yet: encouraging words, never an empty list."""
    if strong:
        return gettext(
            "Your teammates see you as strong in: %(qualities)s. No task asks mostly for that. "
            "You are a good help in a task, together with others.",
            qualities=_listed(strong),
        )
    return gettext(
        "No quality was chosen for you by two teammates yet. Often that only means they do not "
        "know you well yet. Choose a task you want to learn, and do it together with someone "
        "from the team."
    )


def given_tasks(member) -> list[str]:
    """The tasks the team put this member on, as "1.1 Share signals"."""
    return [task_label(key) for key in roles.split_tasks(member.task_keys)]


# --- who does what ------------------------------------------------------------------------


def who_does_what(s: TeamSession) -> list[dict]:
    """Every task with the names on it: {"key", "title", "names"}."""
    names = exercise.display_names(s.members)
    return [
        {"key": key, "title": gettext(TASK_BY_KEY[key].title), "names": [names[i] for i in ids]}
        for key, ids in roles.assignments(s.members).items()
    ]


def who_does_what_rows(s: TeamSession) -> list[list[str]]:
    rows = [[gettext("Task number"), gettext("Task"), gettext("Members")]]
    for task in who_does_what(s):
        rows.append([task["key"], task["title"], ", ".join(task["names"])])
    return rows


# --- who we are looking for -------------------------------------------------------------


def sought(s: TeamSession) -> list[dict]:
    """Each quality nobody in the team is strong in: {"key", "name", "tasks": ["1.2 …"],
    "numbers": "1.2, 1.3", "call"}; empty when the team covers every quality."""
    return [
        {
            "key": x.competency,
            "name": _quality(x.competency),
            "tasks": [task_label(key) for key in x.tasks],
            "numbers": ", ".join(x.tasks),
            "call": gettext(CALLS[x.competency]),
        }
        for x in roles.sought_competencies(picture.team_map(s))
    ]


def sought_rows(s: TeamSession) -> list[list[str]]:
    rows = [
        [
            gettext("Quality"),
            gettext("Tasks that need it"),
            gettext("What we ask of a new volunteer"),
        ]
    ]
    found = sought(s)
    for x in found:
        rows.append([x["name"], x["numbers"], x["call"]])
    if not found:
        rows.append([gettext("Someone in the team is strong in every quality."), "", ""])
    return rows


def _add_sheet(workbook: Workbook, title: str, rows: list[list[str]], widths: list[int]) -> None:
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append(row)
    sheets.style_sheet(sheet, widths, freeze="B2")


def add_who_does_what_sheet(workbook: Workbook, s: TeamSession) -> None:
    _add_sheet(workbook, gettext("Who does what"), who_does_what_rows(s), [14, 36, 50])


def add_sought_sheet(workbook: Workbook, s: TeamSession) -> None:
    _add_sheet(workbook, gettext("Who we are looking for"), sought_rows(s), [28, 22, 70])


def sought_xlsx(s: TeamSession) -> bytes:
    """Only the sheet "Who we are looking for": to pass on to whoever writes the call."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sought_sheet(workbook, s)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
