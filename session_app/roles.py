"""Who does what in the team, and who the team is looking for (pure rules, no Flask).

Built on the team picture (``picture``): a member is strong in a quality when at least
``picture.STRONG_VOTES`` teammates chose it for them in a revealed round. Rounds not shown
yet and removed members never count (``picture.team_map`` leaves them out).

- A task of the cycle *fits* a member who is strong in at least half of the qualities it
  needs (the profile's appendix, ``content.tasks``): each member sees the tasks that fit
  them best, and the facilitator sees per task the members it fits, as suggestions.
- The facilitator, with the team, puts names on tasks (0 or more per task; one member on
  several). They are stored on the member (``Member.task_keys``), so a removed member drops
  off every task. The closing slide "who does what" shows them, a part at a time.
- The qualities nobody in the team is strong in, each with the tasks that need it: who the
  team is looking for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from session_app import exercise, picture, slides
from session_app.change import Change
from session_app.content import N_, TASK_BY_KEY, TASKS, Task
from session_app.members import existing
from session_app.picture import MemberRow
from session_app.shapes import MemberLike, SessionLike
from session_app.store import Member, TeamSession

# A task fits a member who is strong in at least this share of the qualities it needs.
FIT_SHARE = Fraction(1, 2)
# A member's result shows at most this many tasks: a few to think about, not a list.
MAX_FITTING = 3
# Names go on tasks once the rounds are over: the picture no longer changes much.
ASSIGNING_PHASES = ("development", "pairing", "closed")


@dataclass(frozen=True)
class Fit:
    """A task that fits a member, and the qualities it needs that they are strong in."""

    task: Task
    strong: tuple[str, ...]  # in the task's order

    @property
    def share(self) -> Fraction:
        return Fraction(len(self.strong), len(self.task.competencies))


def task_number(key: str) -> tuple[int, ...]:
    """ "3.10" after "3.9": a task's number to sort by."""
    return tuple(int(part) for part in key.split("."))


def _rank(fit: Fit) -> tuple:
    return (-fit.share, -len(fit.strong), task_number(fit.task.key))


def fits(strong_in: Iterable[str]) -> list[Fit]:
    """Every task that fits a member strong in these qualities, best first: by the share of
    its qualities they are strong in, then by how many, then by task number."""
    strong = set(strong_in)
    found = []
    for task in TASKS:
        mine = tuple(key for key in task.competencies if key in strong)
        if mine and Fraction(len(mine), len(task.competencies)) >= FIT_SHARE:
            found.append(Fit(task, mine))
    return sorted(found, key=_rank)


def fitting_tasks(strong_in: Iterable[str], limit: int = MAX_FITTING) -> list[Fit]:
    """The tasks that fit a member best (at most ``limit``); empty when none fits."""
    return fits(strong_in)[:limit]


def suggestions(rows: Iterable[MemberRow]) -> dict[str, tuple[int, ...]]:
    """Every task, in order, with the members it fits: the best fitting first, then in the
    order they joined. A suggestion for the facilitator, nothing more."""
    found: dict[str, list[tuple]] = {task.key: [] for task in TASKS}
    for row in sorted(rows, key=lambda r: r.member_id):
        for fit in fits(row.strong_in()):
            found[fit.task.key].append((-fit.share, -len(fit.strong), row.member_id))
    return {
        key: tuple(member_id for *_, member_id in sorted(ranked)) for key, ranked in found.items()
    }


# --- who we are looking for ------------------------------------------------------------


@dataclass(frozen=True)
class Sought:
    """A quality nobody in the team is strong in, with the tasks that need it."""

    competency: str
    tasks: tuple[str, ...]  # task keys, in order


def sought_competencies(rows: Iterable[MemberRow]) -> list[Sought]:
    """The qualities nobody in the team is strong in, in the profile's order; empty when
    the team covers them all."""
    gaps = picture.needed_gaps(picture.strong_members(rows))
    return [Sought(key, tasks) for key, tasks in gaps.items()]


# --- names on tasks --------------------------------------------------------------------


def split_tasks(value: str | None) -> tuple[str, ...]:
    """A member's stored tasks as task keys, in the order of the cycle (unknown keys go)."""
    keys = set((value or "").split(","))
    return tuple(task.key for task in TASKS if task.key in keys)


def _joined(keys: Iterable[str]) -> str | None:
    ordered = split_tasks(",".join(keys))
    return ",".join(ordered) or None


def assignments(members: Iterable[MemberLike]) -> dict[str, tuple[int, ...]]:
    """Every task, in order, with the members the team put on it, in the order they joined."""
    given: dict[str, list[int]] = {task.key: [] for task in TASKS}
    for m in sorted(members, key=lambda m: m.id):
        for key in split_tasks(m.task_keys):
            given[key].append(m.id)
    return {key: tuple(ids) for key, ids in given.items()}


def _task(value: object) -> Task:
    if not isinstance(value, str) or value not in TASK_BY_KEY:
        raise exercise.RuleError(N_("This task does not exist."))
    return TASK_BY_KEY[value]


def _assigning(c: Change[TeamSession]) -> tuple[Task, Member]:
    exercise.require_phase(c.session, *ASSIGNING_PHASES)
    task = _task(c.data.get("task"))
    return task, existing(c.session, c.data.get("member_id"))


def assign_task(c: Change[TeamSession]) -> None:
    """The host puts a member's name on a task (``{"task": "1.1", "member_id"}``). A task
    may have several names, a member several tasks; twice the same changes nothing."""
    task, member = _assigning(c)
    member.task_keys = _joined([*split_tasks(member.task_keys), task.key])


def unassign_task(c: Change[TeamSession]) -> None:
    """The host takes a member's name off a task (``{"task", "member_id"}``)."""
    task, member = _assigning(c)
    member.task_keys = _joined(k for k in split_tasks(member.task_keys) if k != task.key)


# --- the closing slide: who does what ---------------------------------------------------

# What one part of the slide holds at the back row's text size (as a reveal step, see
# ``exercise.STEP_LINES``): lines of about SLIDE_LINE_CHARS characters. A task is one line
# of its number, title and names, more when the names are long. TITLE_CHARS: each task's
# title in the longer of its two languages (tests/rules/test_roles.py checks them against
# the .po file). On the safe side; tests/browser/test_roles_browser.py measures it.
SLIDE_LINE_CHARS = exercise.STEP_LINE_CHARS
SLIDE_LINES = 10.5
TITLE_CHARS = {
    "1.1": 14,
    "1.2": 17,
    "1.3": 27,
    "2.1": 21,
    "2.2": 20,
    "2.3": 23,
    "2.4": 19,
    "3.1": 30,
    "3.2": 29,
    "3.3": 21,
    "3.4": 33,
    "3.5": 33,
    "4.1": 24,
}
TASK_GAP_LINES = 0.3
OPEN = "open"  # the last line of the slide: the tasks without a name yet


def _lines(chars: int) -> int:
    return max(1, math.ceil(chars / SLIDE_LINE_CHARS))


def task_chars(key: str, names: Sequence[str]) -> int:
    """The characters of a task's line on the slide: "3.4 Its title — Ann, Bob"."""
    return len(key) + 1 + TITLE_CHARS[key] + 3 + len(", ".join(names))


def slide_steps(names: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The parts of the slide "who does what": the tasks with names (by task key), in order,
    as many per part as fit; then ``OPEN`` for the line of tasks without a name. At least
    one part."""
    units = []
    for task in TASKS:
        given = names.get(task.key, ())
        if given:
            text = task_chars(task.key, given)
            units.append((task.key, _lines(text) + TASK_GAP_LINES))
    missing = [task.key for task in TASKS if not names.get(task.key)]
    if missing:
        units.append((OPEN, _lines(30 + 6 * len(missing)) + TASK_GAP_LINES))
    return slides.split(units, SLIDE_LINES)


def slide_names(session: SessionLike) -> dict[str, list[str]]:
    """Per task key, the names on it (as the room sees them: no marks, no counts)."""
    names = exercise.display_names(session.members)
    return {key: [names[i] for i in ids] for key, ids in assignments(session.members).items()}


def slide_step(session: SessionLike, steps: Sequence[Sequence[str]]) -> int:
    return min(max(session.roles_step or 0, 0), len(steps) - 1)


def show_step(c: Change[TeamSession]) -> None:
    """The host turns the slide "who does what" to another part (``{"step": n}``); the big
    screen shows that slide. Never turns by itself."""
    s, step = c.session, c.data.get("step")
    exercise.require_phase(s, "closed")
    steps = slide_steps(slide_names(s))
    if not exercise.is_id(step) or not 0 <= step < len(steps):
        raise exercise.RuleError(N_("This part of the slide does not exist."))
    s.closing_slide = "roles"
    s.roles_step = step
