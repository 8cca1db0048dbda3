"""Downloads: the pairing list (CSV that Dutch Excel opens as it should, and XLSX), and the
results per member behind the printable report and each member's own result."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import format_date, gettext
from openpyxl import Workbook

from session_app import exercise, followup_export, picture_export, roles_export, selfview, sheets
from session_app.content import BY_KEY, N_
from session_app.pairing import coach_of
from session_app.store import TeamSession

# A cell that starts with one of these could run as a formula in a spreadsheet.


def safe_cell(value: object) -> str:
    """Text for a spreadsheet cell; formula-like text gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(sheets.FORMULA_START) else text


def filename(s: TeamSession, kind: str, extension: str) -> str:
    """ASCII only (every browser and Excel accept it): accents dropped, not the letters."""
    plain = unicodedata.normalize("NFKD", s.team_name).encode("ascii", "ignore").decode()
    team = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower() or "team"
    return f"{kind}-{team}-{s.created_at:%Y-%m-%d}.{extension}"


def listed_names(s: TeamSession) -> dict[int, str]:
    """Names for the host's downloads: a member the host answered for is marked."""
    names = exercise.display_names(s.members)
    for m in s.members:
        if m.via_host:
            names[m.id] = gettext("%(name)s (via the facilitator)", name=names[m.id])
    return names


def pairing_rows(s: TeamSession) -> list[list[str | int]]:
    """Header plus one row per member: goal, reason, partners and their votes (a number
    for a duo, "2, 0" for a trio, empty without a goal). In coach mode: the coach (whom
    the member learns from) and their votes, and whom the member coaches."""
    names = exercise.display_names(s.members)
    listed = listed_names(s)
    votes = exercise.votes_received(s)
    if s.pairing_mode == "coach":
        return _coaching_rows(s, names, votes, listed)
    rows = [
        [
            gettext("Member"),
            gettext("Wants to get better at"),
            gettext("Reason"),
            gettext("In a duo with"),
            gettext("Times the others in the duo were chosen for this quality"),
        ]
    ]
    for group in exercise.groups(s.members):
        for m in group:
            partners = [o for o in group if o.id != m.id]
            goal = m.development_goal
            rows.append(
                [
                    listed[m.id],
                    gettext(BY_KEY[goal].name) if goal in BY_KEY else "",
                    m.development_reason or "",
                    ", ".join(names[o.id] for o in partners),
                    _votes_cell([votes[o.id].get(goal, 0) for o in partners] if goal else []),
                ]
            )
    return rows


def _coaching_rows(
    s: TeamSession, names: dict[int, str], votes: dict[int, dict[str, int]], listed: dict[int, str]
) -> list[list[str | int]]:
    rows: list[list[str | int]] = [
        [
            gettext("Member"),
            gettext("Wants to get better at"),
            gettext("Reason"),
            gettext("Learns from (coach)"),
            gettext("Times the coach was chosen for this quality"),
            gettext("Coaches"),
        ]
    ]
    ids = {m.id for m in s.members}
    for m in s.members:
        goal = m.development_goal
        coach = m.coach_id if m.coach_id in ids else None
        rows.append(
            [
                listed[m.id],
                gettext(BY_KEY[goal].name) if goal in BY_KEY else "",
                m.development_reason or "",
                names[coach] if coach is not None else "",
                votes[coach].get(goal, 0) if coach is not None and goal else "",
                ", ".join(names[o.id] for o in s.members if o.coach_id == m.id),
            ]
        )
    return rows


def _votes_cell(counts: list[int]) -> str | int:
    if len(counts) == 1:
        return counts[0]  # a number, so a spreadsheet can sort and add it
    return ", ".join(str(n) for n in counts)


def pairing_csv(s: TeamSession) -> bytes:
    """UTF-8 with a byte order mark and ``;`` between cells, as Dutch Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in pairing_rows(s):
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def pairing_xlsx(s: TeamSession) -> bytes:
    """The pairing list as an Excel workbook with the same columns as the CSV."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (gettext("Coaches") if s.pairing_mode == "coach" else gettext("Duos"))[:31]
    for row in pairing_rows(s):
        sheet.append(row)
    sheets.style_sheet(sheet, [18, 24, 50, 24, 16, 24])
    picture_export.add_picture_sheets(workbook, s)
    roles_export.add_who_does_what_sheet(workbook, s)
    roles_export.add_sought_sheet(workbook, s)
    followup_export.add_history_sheet(workbook, s)  # a follow-up: then and now
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class MemberResult:
    """Everything one member takes home: what the team sees in them, their goal, their duo."""

    name: str
    via_host: bool = False  # the facilitator answered for this member (no phone)
    qualities: list[dict] = field(default_factory=list)  # tally rows, reasons anonymous or not
    goal: str | None = None  # translated name of the competency to develop
    goal_reason: str | None = None
    partners: list[str] = field(default_factory=list)
    coach: dict | None = None  # {"name", "votes"} when a partner has votes for the goal
    coach_mode: bool = False  # a coach for everyone instead of duos
    learns_from: str | None = None  # coach mode: the coach's name
    coaches: list[str] = field(default_factory=list)  # coach mode: whom this member coaches
    # The self-view: what the member chose for themselves next to the team's choice (lists of
    # translated names under "both", "team_only", "self_only"), the 3 they wanted to develop,
    # the goal's statements they answered "a bit" or "not true", and whether they allowed the
    # facilitator to see all this (their own result page always shows it).
    compare: dict[str, list[str]] | None = None
    wanted: list[str] = field(default_factory=list)
    learning_points: list[str] = field(default_factory=list)
    self_shown: bool = False
    # Who does what: whether the team's choice for the member was shown (before that there
    # is nothing to say), the qualities they are strong in, the tasks that fit them best and
    # the tasks the team put them on.
    round_shown: bool = False
    round_missed: bool = False  # the rounds are over and the member never had one
    round_declined: bool = False  # the member chose not to be central ("Liever niet centraal")
    strong: list[str] = field(default_factory=list)
    fitting: list[roles_export.FittingTask] = field(default_factory=list)
    no_fit: str | None = None  # encouraging words when no task fits yet
    given_tasks: list[str] = field(default_factory=list)


def member_results(s: TeamSession) -> list[MemberResult]:
    """One result per member, in the order they joined."""
    names = exercise.display_names(s.members)
    votes = exercise.votes_received(s)
    group_of = {m.id: group for group in exercise.groups(s.members) for m in group}
    goals = {str(m.id): m.development_goal or "" for m in s.members}
    str_votes = {str(k): v for k, v in votes.items()}
    results = []
    for m in s.members:
        rows = []
        for r in s.rounds:
            if r.central_member_id == m.id and r.state == "revealed":
                rows.extend(picture_export.tally_for_paper(s, r, names))
        result = MemberResult(
            name=names[m.id],
            via_host=m.via_host,
            qualities=[{**row, "name": _competency_name(row)} for row in rows],
        )
        result.round_shown = any(
            r.central_member_id == m.id and r.state == "revealed" for r in s.rounds
        )
        own_round = exercise.own_round_state(s, m.id)
        result.round_missed = own_round == "missed"
        result.round_declined = own_round == exercise.DECLINED
        result.strong, result.fitting = roles_export.fitting_for(votes[m.id])
        result.no_fit = None if result.fitting else roles_export.no_fitting_text(result.strong)
        result.given_tasks = roles_export.given_tasks(m)
        if m.development_goal in BY_KEY:
            result.goal = gettext(BY_KEY[m.development_goal].name)
            result.goal_reason = m.development_reason
        if s.pairing_mode == "coach":
            _coach_result(result, s, m, names, votes)
            results.append(result)
            continue
        partners = [o for o in group_of.get(m.id, []) if o.id != m.id]
        result.partners = [names[o.id] for o in partners]
        if partners and m.development_goal:
            # The same coach as on the screen and the phones (and the same tie-break).
            group = [str(o.id) for o in group_of[m.id]]
            best = int(coach_of(str(m.id), group, goals, str_votes))
            count = votes[best].get(m.development_goal, 0)
            if count:
                result.coach = {"name": names[best], "votes": count}
        _add_self_view(result, m, votes[m.id])
        results.append(result)
    return results


def _coach_result(
    result: MemberResult, s: TeamSession, m, names: dict[int, str], votes: dict[int, dict[str, int]]
) -> None:
    result.coach_mode = True
    ids = {o.id for o in s.members}
    if m.coach_id in ids:
        result.learns_from = names[m.coach_id]
        count = votes[m.coach_id].get(m.development_goal or "", 0)
        if count:
            result.coach = {"name": names[m.coach_id], "votes": count}
    result.coaches = [names[o.id] for o in s.members if o.coach_id == m.id]


def _add_self_view(result: MemberResult, m, votes: dict[str, int]) -> None:
    def names(keys: list[str]) -> list[str]:
        return [gettext(BY_KEY[k].name) for k in keys]

    fits = selfview.split_keys(m.self_fits)
    if fits:
        result.compare = {part: names(keys) for part, keys in selfview.compare(fits, votes).items()}
    result.wanted = names(selfview.split_keys(m.self_develops))
    result.learning_points = [
        gettext(text)
        for text in selfview.learning_points(
            m.development_goal, selfview.split_ratings(m.goal_ratings)
        )
    ]
    result.self_shown = bool(m.self_shown)


def _competency_name(row: dict) -> str:
    key = row["competency"]
    return gettext(BY_KEY[key].name)


def _indented(text: str) -> str:
    """A quote under its heading; a reason of several lines stays together."""
    return "\r\n".join("    " + line for line in text.split("\n"))


_COMPARE_PARTS = (
    (N_("You saw it too"), "both"),
    (N_("The team saw it in you"), "team_only"),
    (N_("You saw it, the team did not (yet)"), "self_only"),
)


# Kind words on a member's own result when the rounds ended before their turn.
ROUND_MISSED = N_(
    "There was no turn left for you. So the team has not chosen yet what they see in you. "
    "That is not about you. Feel free to ask the others what they see in you."
)


ROUND_DECLINED = N_("You chose not to have a round of your own. That is fine.")


def member_result_text(s: TeamSession, result: MemberResult) -> str:
    """A member's result as plain text, to keep on the phone."""
    lines = [s.team_name, f"{result.name} — {format_date(s.created_at, 'long')}", ""]
    lines.append(gettext("What the team sees in you"))
    if result.round_missed:
        lines.append(gettext(ROUND_MISSED))
    elif result.round_declined:
        lines.append(gettext(ROUND_DECLINED))
    elif not result.qualities:
        lines.append("- " + gettext("No answers yet."))
    for row in result.qualities:
        lines.append(f"- {row['name']} ({row['count']})")
        for reason in row["reasons"]:
            author = f" — {reason['author']}" if reason["author"] else ""
            lines.append(_indented(f"“{reason['text']}”{author}"))
    lines.append("")
    if result.goal:
        lines.append(gettext("You want to get better at: %(goal)s", goal=result.goal))
        if result.goal_reason:
            lines.append(_indented(f"“{result.goal_reason}”"))
    if result.learning_points:
        lines.append(gettext("Something to talk about with your duo") + ":")
        lines.extend(_indented("- " + point) for point in result.learning_points)
    if result.partners:
        lines.append(gettext("You work together with: %(names)s", names=", ".join(result.partners)))
    if result.learns_from:
        lines.append(gettext("You learn from: %(name)s", name=result.learns_from))
    if result.coaches:
        lines.append(gettext("You coach: %(names)s", names=", ".join(result.coaches)))
    if result.round_shown:
        lines.append("")
        lines.append(gettext("Tasks that fit you"))
        for task in result.fitting:
            lines.append(f"- {task.key} {task.title}")
            lines.append(_indented(task.why))
        if result.no_fit:
            lines.append(result.no_fit)
    if result.given_tasks:
        lines.append(
            gettext("Your tasks in the team: %(tasks)s", tasks=", ".join(result.given_tasks))
        )
    if result.compare:
        lines.append("")
        lines.append(gettext("What you chose, next to what the team chose"))
        for title, part in _COMPARE_PARTS:
            shown = ", ".join(result.compare[part]) or gettext("None")
            lines.append(f"- {gettext(title)}: {shown}")
    return "\r\n".join(lines) + "\r\n"
