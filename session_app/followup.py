"""A follow-up months later: keeping a session by the team's choice, the team file, the date of
the follow-up, and members claiming their earlier name. Plain rules, no Flask.

A follow-up starts from a *team file* (``team_file``): what the earlier session's members
got from each other, their goals and duos. A kept session makes one on the spot; a facilitator
who kept nothing on the server brings one (``read_team_file`` checks every part of it). The
new session stores it whole (``store.EarlierTeam``), so the earlier session may be deleted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from session_app import exercise, picture, selfview
from session_app.content import BY_KEY, COMPETENCIES, N_
from session_app.exercise import NAME_MAX, RuleError
from session_app.shapes import MemberLike, RoundLike, SessionLike
from session_app.store import EarlierTeam, Member, TeamSession

FORMAT = "teamkracht-team"
VERSION = 1
FOLLOW_UP_MAX_DAYS = 400  # the default of the setting of that name
TEAM_FILE_MAX_BYTES = 1024 * 1024
KEEP_PHASES = ("closed",)  # a session is kept, and its team file made, once it is over

# Where a member's claim of an earlier name is (``Member.earlier_state``; None: not answered).
NEW, CLAIMED, CONFIRMED = "new", "claimed", "confirmed"


# --- keeping a session, the follow-up date ----------------------------------------------


def parse_day(value: object) -> date:
    """A day as the date field sends it ("YYYY-MM-DD")."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RuleError(N_("Choose a date."))


def _future_day(value: object, today: date, max_days: int) -> date:
    day = parse_day(value)
    if day <= today:
        raise RuleError(N_("Choose a date after today."))
    if day > today + timedelta(days=max_days):
        raise RuleError(N_("Choose a date at most %(days)d days from today."), days=max_days)
    return day


def _check_over(s: TeamSession) -> None:
    if s.phase not in KEEP_PHASES:
        raise RuleError(N_("This can be done once the duos are confirmed."))


def keep(s: TeamSession, until: object, today: date, max_days: int) -> None:
    """The team chose to keep the session for a follow-up, until ``until`` (at most
    ``max_days`` away): until then it is not deleted after the retention period."""
    _check_over(s)
    s.keep_until = _future_day(until, today, max_days)


def stop_keeping(s: TeamSession) -> None:
    """Keep it no longer: the retention period counts again (from the last activity)."""
    s.keep_until = None


def set_follow_up_on(s: TeamSession, day: object, today: date, max_days: int) -> None:
    """The day of the follow-up meeting (None or "": no day)."""
    _check_over(s)
    s.follow_up_on = None if day in (None, "") else _future_day(day, today, max_days)


# --- the team file ----------------------------------------------------------------------


def _file_names(members: Sequence[MemberLike]) -> dict[int, str]:
    """Every member's name as the team file has it: the name shown (different for each), at
    most ``NAME_MAX`` characters with its number."""
    shown = exercise.display_names(members)
    names = {}
    for m in members:
        name = shown[m.id]
        if len(name) > NAME_MAX:  # a long name with a number added: shorten the name
            number = name[len(m.name) :]
            name = m.name[: NAME_MAX - len(number)] + number
        names[m.id] = name
    return names


def team_file(s: TeamSession, votes: dict[int, dict[str, int]]) -> dict:
    """The team file of a session that is over: per member the times each quality was chosen
    for them, their goal and their duo (or coach). ``votes``: ``exercise.votes_received``."""
    names = _file_names(s.members)
    duo: dict[int, list[str]] = {m.id: [] for m in s.members}
    if s.pairing_mode == "coach":
        for m in s.members:
            if m.coach_id in names:
                duo[m.id] = [names[m.coach_id]]
    else:
        for group in exercise.groups(s.members):
            for m in group:
                duo[m.id] = [names[o.id] for o in group if o.id != m.id]
    return {
        "format": FORMAT,
        "version": VERSION,
        "team": s.team_name,
        "held_on": s.created_at.date().isoformat(),
        "follow_up_on": s.follow_up_on.isoformat() if s.follow_up_on else None,
        "pairing": s.pairing_mode,
        "members": [
            {
                "name": names[m.id],
                "seen": {k: n for k, n in sorted(votes.get(m.id, {}).items()) if n},
                "goal": m.development_goal,
                "duo": duo[m.id],
            }
            for m in s.members
        ],
    }


NOT_A_TEAM_FILE = N_("This is not a team file of Teamkracht.")
WRONG_FIELD = N_("Something is missing or wrong in the team file: %(field)s.")


def _field(parent: dict, key: str, kind: type | tuple[type, ...], nullable: bool = False):
    value = parent.get(key)
    if value is None and nullable:
        return None
    if not isinstance(value, kind):
        raise RuleError(WRONG_FIELD, field=key)
    return value


def _quality(key: object) -> str:
    if not isinstance(key, str) or key not in BY_KEY:
        raise RuleError(
            N_("The team file has a quality that Teamkracht does not know: %(key)s."),
            key=str(key)[:40],
        )
    return key


def _file_name(value: object) -> str:
    try:
        return exercise.clean_text(value, max_length=NAME_MAX)
    except RuleError as error:
        if "max" in error.params:
            raise RuleError(
                N_("A name in the team file is longer than %(max)d characters."), max=NAME_MAX
            ) from None
        raise RuleError(N_("A name in the team file is empty.")) from None


def read_team_file(raw: bytes, max_members: int) -> dict:
    """A team file as uploaded, checked through and through, in the shape ``team_file``
    makes. Anything wrong raises a ``RuleError`` that says what, in one sentence."""
    if len(raw) > TEAM_FILE_MAX_BYTES:
        raise RuleError(N_("This file is too big for a team file (at most 1 MB)."))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RuleError(NOT_A_TEAM_FILE) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RuleError(NOT_A_TEAM_FILE)
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        raise RuleError(
            N_("This team file is of another version. This app reads version %(version)d."),
            version=VERSION,
        )
    team = exercise.clean_team_name(_field(data, "team", str))
    held_on = parse_day(_field(data, "held_on", str))
    follow_up_on = data.get("follow_up_on")
    if follow_up_on is not None:
        follow_up_on = parse_day(_field(data, "follow_up_on", str)).isoformat()
    pairing = data.get("pairing", "duos")
    if pairing not in ("duos", "coach"):
        raise RuleError(WRONG_FIELD, field="pairing")
    entries = _field(data, "members", list)
    if not entries:
        raise RuleError(N_("The team file has no members."))
    if len(entries) > max_members:
        raise RuleError(N_("The team file has more than %(max)d members."), max=max_members)
    members: list[dict[str, Any]] = []
    seen_names: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict):
            raise RuleError(WRONG_FIELD, field="members")
        name = _file_name(entry.get("name"))
        if exercise.name_key(name) in seen_names:
            raise RuleError(N_("The team file has the same name twice: %(name)s."), name=name)
        seen_names.add(exercise.name_key(name))
        seen = {}
        for key, count in _field(entry, "seen", dict).items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise RuleError(N_("A number in the team file is not a whole number of 0 or more."))
            seen[_quality(key)] = count
        goal = entry.get("goal")
        duo = [_file_name(n) for n in _field(entry, "duo", list)]
        members.append(
            {
                "name": name,
                "seen": {k: n for k, n in sorted(seen.items()) if n},
                "goal": None if goal is None else _quality(goal),
                "duo": duo,
            }
        )
    names = {m["name"] for m in members}
    for m in members:
        if any(n not in names or n == m["name"] for n in m["duo"]):
            raise RuleError(
                N_("The duo of %(name)s has someone who is not in the team file."), name=m["name"]
            )
    return {
        "format": FORMAT,
        "version": VERSION,
        "team": team,
        "held_on": held_on.isoformat(),
        "follow_up_on": follow_up_on,
        "pairing": pairing,
        "members": members,
    }


def start_follow_up(db: Any, s: TeamSession, team: dict, follows_id: int | None = None) -> None:
    """Make ``s`` (new, flushed) the follow-up of ``team`` (a checked team file)."""
    s.is_follow_up, s.follows_id = True, follows_id
    db.add(EarlierTeam(session_id=s.id, data=json.dumps(team, ensure_ascii=False)))


def earlier_team(db: Any, session_id: int) -> dict | None:
    """A follow-up's earlier team (its team file), or None."""
    data = db.scalar(select(EarlierTeam.data).where(EarlierTeam.session_id == session_id))
    return json.loads(data) if data else None


def earlier_member(team: dict | None, name: str | None) -> dict | None:
    return next((m for m in (team or {}).get("members", []) if m["name"] == name), None)


# --- claiming an earlier name -----------------------------------------------------------


def claim(s: TeamSession, member: Member, data: dict, earlier_names: Sequence[str]) -> None:
    """A member says who they were last time ({"name": ...}), or that they are new
    ({"new": true}). A claim waits for the facilitator; a name that someone else claimed
    too is shown to the facilitator as a conflict."""
    if not s.is_follow_up:
        raise RuleError(N_("This session is not a follow-up."))
    if member.earlier_state == CONFIRMED:
        raise RuleError(N_("The facilitator already confirmed your name from last time."))
    if data.get("new") is True:
        member.earlier_state, member.earlier_name = NEW, None
        return
    name = data.get("name")
    if not isinstance(name, str) or name not in earlier_names:
        raise RuleError(N_("Tap one of the names from last time."))
    member.earlier_state, member.earlier_name = CLAIMED, name


def _member(s: TeamSession, member_id: object) -> Member:
    found = next((m for m in s.members if m.id == member_id), None)
    if found is None or isinstance(member_id, bool):
        raise RuleError(N_("This member is no longer in the session."))
    return found


def conflicts(members: Sequence[MemberLike]) -> set[str]:
    """Earlier names that more than one member holds (claimed or confirmed)."""
    held = [m.earlier_name for m in members if m.earlier_state in (CLAIMED, CONFIRMED)]
    return {name for name in held if name is not None and held.count(name) > 1}


def _confirm(s: TeamSession, member: Member) -> None:
    member.earlier_state = CONFIRMED
    for other in s.members:  # the facilitator decided: whoever else claimed it is asked again
        if other.id != member.id and other.earlier_name == member.earlier_name:
            other.earlier_state, other.earlier_name = None, None


def confirm_claim(s: TeamSession, member_id: object) -> None:
    """The facilitator confirms that a member was the one they claim to be."""
    member = _member(s, member_id)
    if member.earlier_state != CLAIMED:
        raise RuleError(N_("There is no claim to confirm."))
    _confirm(s, member)


def reject_claim(s: TeamSession, member_id: object) -> None:
    """The facilitator says no (or undoes a confirmation): the phone asks again."""
    member = _member(s, member_id)
    member.earlier_state, member.earlier_name = None, None


def exact_claims(members: Sequence[MemberLike]) -> list[MemberLike]:
    """Claims the facilitator can confirm in one go: the same name now as then, no conflict."""
    clash = conflicts(members)
    return [
        m
        for m in members
        if m.earlier_state == CLAIMED and m.earlier_name == m.name and m.earlier_name not in clash
    ]


def confirm_all(s: TeamSession) -> None:
    """Confirm every claim of exactly one's own name (not the conflicts)."""
    chosen = exact_claims(s.members)
    if not chosen:
        raise RuleError(N_("No claim has exactly the same name as last time."))
    for member in chosen:
        _confirm(s, member)  # type: ignore[arg-type]  # the model objects of ``s``


# --- looking back: how did it go? ---------------------------------------------------------

# How it went with last time's goal, from "not yet" to "very well" (the order of the buttons).
LOOK_BACK = ("not_yet", "a_bit", "well", "very_well")
GOING_WELL = ("well", "very_well")
LOOK_BACK_PHASES = ("lobby", "rounds")


def look_back(s: TeamSession, member: Member, data: dict, goal: str | None = None) -> None:
    """A member who was there last time says how it went with their goal and duo, with an
    optional short note; ``shared``: the big screen and the facilitator may show it. With
    last time's ``goal``, optionally how true its 4 self-check statements are now
    (``ratings``, as in the development step): for their own phone and result only."""
    if member.earlier_state != CONFIRMED:
        raise RuleError(N_("First the facilitator confirms your name from last time."))
    if s.phase not in LOOK_BACK_PHASES:
        raise RuleError(N_("That is not possible at this step of the session."))
    answer, note = data.get("answer"), data.get("note")
    if answer not in LOOK_BACK:
        raise RuleError(N_("Choose how it went."))
    note = None if note in (None, "") else exercise.clean_reason(note)
    member.look_back, member.look_back_note = answer, note
    ratings = selfview.validate_ratings(data.get("ratings")) if goal else [None]
    member.look_back_shared = data.get("shared") is True
    member.look_back_ratings = selfview.join_ratings(ratings)


def look_back_summary(members: Sequence[MemberLike], names: dict[int, str]) -> dict:
    """For the big screen and the facilitator: how many of those who were there answered, how
    many say it went well or very well, and only the answers their writers shared."""
    back = [m for m in members if m.earlier_state == CONFIRMED]
    answered = [m for m in back if m.look_back]
    return {
        "back": len(back),
        "answered": len(answered),
        "well": sum(1 for m in answered if m.look_back in GOING_WELL),
        "shared": [
            {"name": names[m.id], "answer": m.look_back, "note": m.look_back_note}
            for m in answered
            if m.look_back_shared
        ],
    }


# The look back on the big screen, in parts the facilitator turns: first only how many
# looked back, then the team's summary, then the answers their writers shared (as many per
# part as fit at the back row's size).
COUNT, SUMMARY = "count", "summary"
LOOK_BACK_SLIDE_PHASES = ("lobby",)  # before the rounds: the look back comes first


def look_back_parts(shared: Sequence[dict]) -> list[list]:
    """The parts of the look back on the big screen: ``COUNT``, ``SUMMARY``, then the shared
    answers by their index in ``shared`` (a line for the name and answer, then the note)."""
    from session_app import slides  # slides -> picture -> ...: imported when needed

    units = [
        (i, 1 + (slides.reason_lines(a["note"]) if a["note"] else 0) + slides.GAP_LINES)
        for i, a in enumerate(shared)
    ]
    return [[COUNT], [SUMMARY]] + (slides.split(units) if units else [])


def show_look_back(s: TeamSession, step: object) -> None:
    """The facilitator puts the look back on the big screen at part ``step`` (0: how many
    looked back), or takes it off (None). Nothing turns by itself."""
    if not s.is_follow_up:
        raise RuleError(N_("This session is not a follow-up."))
    if s.phase not in LOOK_BACK_SLIDE_PHASES:
        raise RuleError(N_("That is not possible at this step of the session."))
    if step is None:
        s.look_back_step = None
        return
    summary = look_back_summary(s.members, exercise.display_names(s.members))
    parts = look_back_parts(summary["shared"])
    if not exercise.is_id(step) or not 0 <= step < len(parts):
        raise RuleError(N_("This part of the slide does not exist."))
    s.look_back_step = step
    s.opening_shown = False  # one slide at a time


def look_back_slide(s: SessionLike, summary: dict) -> dict | None:
    """What the big screen shows of the look back: only the part it is on. How many looked
    back, then also how many say it went well, then shared answers; never one that was not
    shared. None when it is not on the big screen."""
    if not s.is_follow_up or s.phase not in LOOK_BACK_SLIDE_PHASES or s.look_back_step is None:
        return None
    parts = look_back_parts(summary["shared"])
    step = min(max(s.look_back_step, 0), len(parts) - 1)
    view = {"step": step, "parts": len(parts), "back": summary["back"],
            "answered": summary["answered"]}  # fmt: skip
    if step >= 1:
        view["well"] = summary["well"]
    if step >= 2:
        view["shared"] = [summary["shared"][i] for i in parts[step]]
    return view


# --- then and now ----------------------------------------------------------------------

_ORDER = {c.key: n for n, c in enumerate(COMPETENCIES)}


def compare(then: Mapping[str, int] | None, now: Mapping[str, int] | None) -> list[dict]:
    """One member's counts per quality, last time and now: every quality chosen for them in
    either, in the usual order; ``new``: chosen now and not then. A new member has no
    ``then`` and a leaver no ``now`` (None): nothing of theirs counts as new."""
    keys = {k for k, n in (then or {}).items() if n} | {k for k, n in (now or {}).items() if n}
    return [
        {
            "key": k,
            "then": None if then is None else then.get(k, 0),
            "now": None if now is None else now.get(k, 0),
            "new": then is not None and now is not None and not then.get(k),
        }
        for k in sorted(keys, key=_ORDER.__getitem__)
    ]


def choice_shown(rounds: Sequence[RoundLike], member_id: int) -> bool:
    """Whether the team's choice for this member was shown (their round revealed)."""
    return any(r.central_member_id == member_id and r.state == "revealed" for r in rounds)


def history(
    members: Sequence[MemberLike], votes: Mapping[int, Mapping[str, int]], team: dict
) -> list[dict]:
    """The team then and now, per member (``compare``): who came back (as whom), who is new
    and who left. New members and leavers are marked, never counted as change."""
    rows = []
    claimed = {}
    for m in members:
        now = votes.get(m.id, {})
        earlier = earlier_member(team, m.earlier_name) if m.earlier_state == CONFIRMED else None
        if earlier is None:
            rows.append({"id": m.id, "name": m.name, "earlier_name": None, "status": "new",
                         "qualities": compare(None, now)})  # fmt: skip
            continue
        claimed[earlier["name"]] = m
        rows.append({"id": m.id, "name": m.name, "earlier_name": earlier["name"], "status": "back",
                     "qualities": compare(earlier["seen"], now)})  # fmt: skip
    for earlier in team["members"]:
        if earlier["name"] not in claimed:
            rows.append({"id": None, "name": earlier["name"], "earlier_name": earlier["name"],
                         "status": "left",
                         "qualities": compare(earlier["seen"], None)})  # fmt: skip
    return rows


def then_coverage(team: dict) -> dict[str, int]:
    """Per task of the cycle, how many of its qualities the earlier team had a strong member
    in (``picture.coverage`` of the team file's counts): "then" on the four tasks slide."""
    rows = [picture.member_row(n, m["seen"]) for n, m in enumerate(team["members"])]
    return {c.task.key: c.covered for c in picture.coverage(picture.strong_members(rows))}


def map_changes(rows: Sequence[dict]) -> tuple[dict[int, dict], list[str]]:
    """From ``history``: per member here now, their then and now (``status`` "back" with
    ``qualities``, or "new"), and the names of those who left."""
    here = {r["id"]: r for r in rows if r["id"] is not None}
    return here, [r["name"] for r in rows if r["status"] == "left"]


# --- the follow-up date as a calendar file ------------------------------------------------


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; the next ones start with a space (RFC 5545, 3.1)."""
    parts: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not parts else 74
        if len((current + ch).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
        current += ch
    parts.append(current)
    return [parts[0]] + [" " + p for p in parts[1:]]


def follow_up_ics(summary: str, day: date, uid_seed: str, stamp: str) -> str:
    """A calendar file with one all-day event: the follow-up, named ``summary`` (the team's
    name and nothing else about anyone). ``uid_seed`` makes the same event each download (a
    calendar updates it); ``stamp``: now, as YYYYMMDDTHHMMSSZ."""
    uid = hashlib.sha256(uid_seed.encode()).hexdigest()[:32]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Teamkracht//follow-up//NL",
        "BEGIN:VEVENT",
        f"UID:{uid}@teamkracht",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_ics_text(summary)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
