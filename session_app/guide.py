"""The facilitator's guide: the opening slide and the round timer (pure rules, no Flask).

Every host step passes through ``after_step``: a step that moves the session on takes the
opening slide away, and a step that opens a round starts its timer.
"""

from __future__ import annotations

from session_app import exercise
from session_app.change import Change
from session_app.content import N_
from session_app.store import TeamSession, utcnow

# Steps that move the session on: the opening slide makes way for what comes next.
MOVES_ON = frozenset(
    {
        "start_rounds",
        "reveal",
        "next_round",
        "skip_round",
        "start_development",
        "start_pairing",
        "confirm_duos",
    }
)
ROUND_OPENS = frozenset({"start_rounds", "next_round", "skip_round"})
# Steps after which the example members of a practice session have something to answer.
PRACTICE_STEPS = ROUND_OPENS | {"start_development"}
TIMER_CHOICES = (0, 60, 120, 180, 300, 600)  # seconds; 0 = no timer
TIMER_PHASES = ("lobby", "rounds")  # when the timer can be set


def after_step(event: str, s: TeamSession) -> None:
    """What a host step means for the opening slide and the round timer."""
    if event in MOVES_ON:
        s.opening_shown = False
    if event in ROUND_OPENS:
        current = s.current_round
        opened = s.timer_seconds and current is not None and current.state == "open"
        s.timer_started_at = utcnow() if opened else None


def show_opening(c: Change[TeamSession]) -> None:
    """Put the opening slide on the big screen (``{"show": true}``) or take it away."""
    wanted = c.data.get("show")
    if not isinstance(wanted, bool):
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    c.session.opening_shown = wanted
    if wanted:
        c.session.look_back_step = None  # one slide at a time (``followup.show_look_back``)


def set_timer(c: Change[TeamSession]) -> None:
    """Set the round timer (``{"seconds": n}``, one of ``TIMER_CHOICES``; 0 = off). In an open
    round it starts now; when it ends, nothing closes: the facilitator decides."""
    s, seconds = c.session, c.data.get("seconds")
    if not exercise.is_id(seconds) or seconds not in TIMER_CHOICES:
        raise exercise.RuleError(N_("That did not work. Nothing was changed. Try again."))
    exercise.require_phase(s, *TIMER_PHASES)
    s.timer_seconds = seconds or None
    current = s.current_round
    open_now = s.phase == "rounds" and current is not None and current.state == "open"
    s.timer_started_at = utcnow() if seconds and open_now else None
