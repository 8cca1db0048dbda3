"""What every rule of a live event gets: the session (loaded and locked), what the sender
sent, who sent it. Plain data, no Flask: tests build one and call the rule directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from session_app.content import N_
from session_app.exercise import RuleError
from session_app.store import Member

# The session's form: the model objects (``TeamSession``) for every rule that changes the
# session, the plain rows (``PlainSession``) for a pick, which writes only its own rows.
S = TypeVar("S")


@dataclass
class Change(Generic[S]):
    session: S
    # The event's data as the sender sent it (a dict; anything else arrives as {}): every
    # rule checks what it reads.
    data: dict[str, Any] = field(default_factory=dict)
    member: Member | None = None  # the member who sent it (None: the host or the screen)
    db: Any = None  # the open transaction (an ORM Session, or a Connection for the plain path)

    @property
    def sender(self) -> Member:
        """The member who sent a member's event (``events`` lets only members send those)."""
        if self.member is None:
            raise RuleError(N_("You are not allowed to do this."))
        return self.member
