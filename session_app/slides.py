"""The big screen's slides after the rounds, in parts: the team map, the four tasks, the
duos (the proposal and the final ones) and the coaches.

Every name, number and quality name on them is as large as a reveal's reasons (4.6 % of the
screen height), so a slide holds only so much: what does not fit goes to a next part. The
facilitator turns the parts (``show_part``); nothing turns by itself. Like
``exercise.reveal_steps`` the parts come from an estimate in characters per line, on the
safe side (tests/browser/test_stage_slides.py measures them at 1280x720 and 1920x1080).
The part the screen shows is stored in ``roles_step``: the part of whichever slide is on.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm import object_session

from session_app import exercise, followup, picture
from session_app.change import Change
from session_app.content import N_, TASKS
from session_app.shapes import SessionLike

if TYPE_CHECKING:  # only the types
    from session_app.store import TeamSession

LINE_CHARS = exercise.STEP_LINE_CHARS
# The lines of one part under the slide's title and note (a line: 4.6 % of the height plus
# its spacing; the title takes about two).
PART_LINES = 10.5
GAP_LINES = 0.4
# Each quality's name in the longer of its two languages (tests/rules/test_slides.py checks
# them against the .po file).
QUALITY_CHARS = {
    "signaleren": 24,
    "sensitiviteit": 13,
    "communicatie": 13,
    "lef": 7,
    "creativiteit": 12,
    "onderhandelen": 13,
    "overtuigingskracht": 18,
    "netwerken": 10,
    "samenwerken": 11,
    "zelfreflectie": 15,
    "stressbestendigheid": 19,
    "politiek_inzicht": 28,
}
# On the map a quality also has its pictogram, its count and a gap: about 6 characters.
MAP_CHIP_CHARS = 6
# A member's line of the duos without the names and the goal: "… wants to get better at …
# … can help." in the longer language.
DUO_WORDS_CHARS = 42
# A line of the duos or the map (the whole width; a reveal's reasons have a margin).
WALL_LINE_CHARS = 64
# A task's line of the four tasks without its title: number, pictograms, "4 of 5".
TASK_LINE_CHARS = 30
TASK_LINES = 1.4  # the pictograms in their frames make the line a bit higher
GAP_NAME_CHARS = 20
CORE_LINES = 1.4

LEFT_OUT = "left_out"  # the map's last line: members who did not get a round
LEFT_TEAM = "left_team"  # a follow-up's map: the line naming who is no longer in the team
# A follow-up: a quality's "2 → 4" beside its name, "new" beside a quality chosen only now,
# and the four tasks' "2 of 5 → 4 of 5" instead of "4 of 5".
THEN_NOW_CHARS = 6
NEW_CHARS = 7
NEW_MEMBER_CHARS = 20  # "new in the team", first on a new member's line
CYCLE_THEN_CHARS = 10  # "2 van 3 → "
DUO_PART_LINES = 12.0  # the duos' lines are plain text, lower than the map's

K = TypeVar("K", bound=Hashable)


def _lines(chars: int) -> int:
    return max(1, math.ceil(chars / LINE_CHARS))


def reason_lines(text: str) -> int:
    """The lines a member's own words take on a slide (between quotes)."""
    return exercise.reason_lines(f"“{text}”", None)


def split(units: Sequence[tuple[K, float]], budget: float = PART_LINES) -> list[list[K]]:
    """Units (key, lines) in order, as many per part as fit the budget; at least one part."""
    parts: list[list[K]] = [[]]
    used = 0.0
    for key, cost in units:
        if parts[-1] and used + cost > budget:
            parts.append([])
            used = 0.0
        parts[-1].append(key)
        used += cost
    return parts


def map_parts(
    rows: Sequence[tuple[int, str, Sequence[str]]],
    left_out: int = 0,
    extra_chars: Mapping[int, int] | None = None,
    left_team: Sequence[str] = (),
) -> list[list[int | str]]:
    """The team map by member: (member id, shown name, the qualities chosen for them). A
    member's name, then each quality with its count, wrapping beside the names' column.
    With ``left_out`` members who never got a round, the last part ends with ``LEFT_OUT``:
    the line that says so. A follow-up adds per member the characters of its then and now
    (``extra_chars``) and, last, the line naming who left (``LEFT_TEAM``)."""
    column = max((len(name) for _, name, _ in rows), default=0) + 2
    width = max(WALL_LINE_CHARS - column, 20)
    units: list[tuple[int | str, float]] = []
    for member_id, _, chosen in rows:
        chars = sum(QUALITY_CHARS[key] + MAP_CHIP_CHARS for key in chosen)
        chars += (extra_chars or {}).get(member_id, 0)
        # A line is rarely full: a quality that does not fit starts the next one.
        units.append((member_id, max(1, math.ceil(chars * 1.25 / width)) + GAP_LINES))
    if left_out:
        units.append((LEFT_OUT, 2.5))
    if left_team:
        units.append((LEFT_TEAM, 1 + _lines(30 + sum(len(n) + 2 for n in left_team))))
    return split(units)


def cycle_parts(
    gaps: Mapping[str, int], title_chars: Mapping[str, int], then_now: bool = False
) -> list[list[str]]:
    """The four tasks by task of the cycle (key): its line, and a line of the qualities
    nobody is strong in yet. A core task's heading counts where the core task starts.
    ``then_now``: a follow-up's line also says how many were covered last time."""
    units = []
    core = None
    line = TASK_LINE_CHARS + (CYCLE_THEN_CHARS if then_now else 0)
    for task in TASKS:
        cost = TASK_LINES * _lines(line + title_chars.get(task.key, 33))
        if gaps.get(task.key):
            cost += _lines(30 + GAP_NAME_CHARS * min(gaps[task.key], 2))
        if task.core != core:
            core = task.core
            cost += CORE_LINES
        units.append((task.key, cost))
    # A part that starts in the middle of a core task repeats its heading.
    return split(units, PART_LINES - CORE_LINES)


def _duo_line(name: str, goal: str | None, helper: str) -> int:
    chars = len(name) + DUO_WORDS_CHARS + QUALITY_CHARS.get(goal or "", 0) + len(helper)
    return max(1, math.ceil(chars / WALL_LINE_CHARS))


def group_parts(
    groups: Sequence[tuple[int, Sequence[tuple[str, str | None, str]]]],
) -> list[list[int]]:
    """The duos by group (number): a heading with the names, then a line per member with
    their goal and who helps: (name, goal, the helper's name or "")."""
    return split(
        [
            (number, 1 + sum(_duo_line(*person) for person in people) + GAP_LINES)
            for number, people in groups
        ],
        DUO_PART_LINES,
    )


def coaching_parts(people: Sequence[tuple[int, str, str | None, str]]) -> list[list[int]]:
    """Coach mode by member: (id, name, goal, the coach's name or "")."""
    return split(
        [(i, _duo_line(name, goal, coach) + GAP_LINES) for i, name, goal, coach in people],
        DUO_PART_LINES,
    )


def part_index(session: SessionLike, parts: Sequence[object]) -> int:
    """The part the screen shows: a closing slide starts at its first part until the
    facilitator turns it (the duo proposal's part does not carry over)."""
    if session.phase == "closed" and session.closing_slide is None:
        return 0
    return min(max(session.roles_step or 0, 0), len(parts) - 1)


def current_slide(session: SessionLike) -> str:
    """Which slide the screen shows now: the proposal (duos, coaching) while pairing, the
    chosen closing slide at the end."""
    if session.phase == "pairing":
        return "coaching" if session.pairing_mode == "coach" else "duos"
    slide = picture.closing_slide(session)
    if slide == "duos" and session.pairing_mode == "coach":
        return "coaching"
    return slide


def on_the_map(session: SessionLike) -> set[int]:
    """The members whose round was shown: only they are on the public team map (one who
    never got a round would be a row of dots)."""
    shown = {r.central_member_id for r in session.rounds if r.state == "revealed"}
    return {m.id for m in session.members if m.id in shown}


def _then_and_now_map(
    session: SessionLike, votes: Mapping[int, Mapping[str, int]], team: dict, shown: set[int]
) -> tuple[dict[int, list[str]], dict[int, int], list[str]]:
    """A follow-up's map: per member shown, the qualities of then and now, the characters
    their then and now add, and who left."""
    here, left = followup.map_changes(followup.history(session.members, votes, team))
    keys, extra = {}, {}
    for member_id in shown:
        row = here.get(member_id)
        if row is None or row["status"] != "back":
            extra[member_id] = NEW_MEMBER_CHARS
            continue
        keys[member_id] = [q["key"] for q in row["qualities"]]
        extra[member_id] = sum(THEN_NOW_CHARS + (NEW_CHARS if q["new"] else 0)
                               for q in row["qualities"])  # fmt: skip
    return keys, extra, left


def parts_of(
    session: SessionLike,
    slide: str,
    votes: Mapping[int, Mapping[str, int]],
    team: dict | None = None,
) -> list[list]:
    """The parts of ``slide`` for this session (keys of members, tasks or groups); ``team``:
    a follow-up's earlier team (its slides show then and now)."""
    names = exercise.display_names(session.members)
    if slide == "map":
        rows = picture.team_map(session, votes)
        shown = on_the_map(session)
        keys: dict[int, list[str]] = {}
        extra: dict[int, int] = {}
        left: list[str] = []
        if team is not None:
            keys, extra, left = _then_and_now_map(session, votes, team, shown)
        return map_parts(
            [
                (
                    r.member_id,
                    names[r.member_id],
                    keys.get(r.member_id) or [key for key, n in r.counts.items() if n],
                )
                for r in rows
                if r.member_id in shown
            ],
            left_out=len(rows) - len(shown),
            extra_chars=extra,
            left_team=left,
        )
    if slide == "cycle":
        strong = picture.strong_members(picture.team_map(session, votes))
        gaps = {c.task.key: len(c.gaps) for c in picture.coverage(strong)}
        # The tasks' titles are measured in ``roles``, which splits its own slide with
        # ``split``: imported here, not at the top, so that the two can import each other.
        from session_app.roles import TITLE_CHARS

        return cycle_parts(gaps, TITLE_CHARS, then_now=team is not None)
    if slide == "duos":
        groups = []
        for group in exercise.groups(session.members):
            people = [(names[m.id], m.development_goal, _helper(m, group, names)) for m in group]
            groups.append((group[0].group_no or 0, people))
        return group_parts(groups)
    if slide == "coaching":
        return coaching_parts(
            [
                (m.id, names[m.id], m.development_goal, names.get(m.coach_id or 0, ""))
                for m in session.members
            ]
        )
    return [[]]


def _helper(member, group, names: Mapping[int, str]) -> str:
    """The longest name of the others in the group: who may be named as helping."""
    return max((names[o.id] for o in group if o.id != member.id), key=len, default="")


def show_part(c: Change[TeamSession]) -> None:
    """The host turns the slide on the big screen to another part (``{"step": n}``): the duo
    proposal while pairing, the closing slide at the end. Never turns by itself."""
    s, step = c.session, c.data.get("step")
    exercise.require_phase(s, "pairing", "closed")
    slide = current_slide(s)
    if slide == "roles":
        raise exercise.RuleError(N_("This part of the slide does not exist."))
    team = followup.earlier_team(object_session(s), s.id) if s.is_follow_up else None
    parts = parts_of(s, slide, exercise.votes_received(s), team)
    if not exercise.is_id(step) or not 0 <= step < len(parts):
        raise exercise.RuleError(N_("This part of the slide does not exist."))
    if s.phase == "closed":
        s.closing_slide = picture.closing_slide(s)
    s.roles_step = step
