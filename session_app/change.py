"""What every rule of a live event gets: the session (loaded and locked), what the sender
sent, who sent it. Plain data, no Flask: tests build one and call the rule directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from session_app.store import Member, PlainSession, TeamSession


@dataclass
class Change:
    session: TeamSession | PlainSession
    # The event's data as the sender sent it (a dict; anything else arrives as {}): every
    # rule checks what it reads.
    data: dict[str, Any] = field(default_factory=dict)
    member: Member | None = None  # the member who sent it (None: the host or the screen)
    db: Any = None  # the open transaction (an ORM Session, or a Connection for the plain path)
