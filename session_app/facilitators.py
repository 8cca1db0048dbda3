"""Who may open sessions on a public instance (``FACILITATOR_CODES``).

Off (the default), anyone may open a session. On, only a facilitator with a code from the
organisation may: the organisation hands codes out with ``python -m session_app
facilitators add NAME`` (see ``admin``). A browser gives its code once on the start page and
then keeps a signed cookie that names the code, not the code itself. Every new session checks
that cookie against the database, so revoking a code stops new sessions at once (on every
process); sessions already running go on, as nothing links them to a code.

A code is 12 random letters and digits (about 2^55 possibilities) and wrong guesses are
limited per address and browser (``limits.JoinGuard``), so a fast hash is enough to keep it
unreadable in the database, and lets a code be looked up by its hash.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from session_app.store import JOIN_ALPHABET, Facilitator, utcnow

COOKIE = "facilitator"
COOKIE_DAYS = 365
CODE_GROUPS, GROUP_LENGTH = 3, 4  # ACDE-FGHJ-KMNP: easy to read out and to type
NAME_MAX = 80

# Why a code was not accepted (``check``).
OK, UNKNOWN, REVOKED = "ok", "unknown", "revoked"


class FacilitatorError(Exception):
    """A command about facilitators that cannot be carried out; the message says why."""


def new_code() -> str:
    """A code without look-alike characters (the join codes' alphabet), in groups of four."""
    groups = (
        "".join(secrets.choice(JOIN_ALPHABET) for _ in range(GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise(code: object) -> str:
    """What was typed, as the code is stored: capitals, without spaces or dashes."""
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:40]


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise FacilitatorError("Give a name, e.g. facilitators add 'Petra (Wmo-raad Oost)'.")
    if len(name) > NAME_MAX:
        raise FacilitatorError(f"The name is too long: at most {NAME_MAX} characters.")
    return name


def _active(db: Session, name: str) -> Facilitator | None:
    query = select(Facilitator).where(Facilitator.name == name, Facilitator.revoked_at.is_(None))
    return db.scalars(query).first()


def add(db: Session, name: str) -> str:
    """A new facilitator with a new code; returns the code (stored only as its hash)."""
    name = _clean_name(name)
    if _active(db, name) is not None:
        raise FacilitatorError(
            f"{name!r} already has a code that works. Revoke it first to give a new one: "
            f"facilitators revoke {name!r}"
        )
    code = new_code()
    db.add(Facilitator(name=name, code_hash=code_hash(code)))
    return code


def revoke(db: Session, name: str) -> None:
    """Stop a facilitator's code from opening new sessions (running ones go on)."""
    name = _clean_name(name)
    facilitator = _active(db, name)
    if facilitator is None:
        known = db.scalars(select(Facilitator.id).where(Facilitator.name == name)).first()
        if known is not None:
            raise FacilitatorError(f"The code of {name!r} was already revoked.")
        raise FacilitatorError(f"No facilitator is called {name!r}. See: facilitators list")
    facilitator.revoked_at = utcnow()


@dataclass(frozen=True)
class Listed:
    name: str
    created_at: str
    revoked_at: str | None


def listing(db: Session) -> list[Listed]:
    rows = db.scalars(select(Facilitator).order_by(Facilitator.name, Facilitator.id))
    day = "%Y-%m-%d %H:%M"
    return [
        Listed(f.name, f.created_at.strftime(day), f.revoked_at and f.revoked_at.strftime(day))
        for f in rows
    ]


def check(db: Session, code: str) -> tuple[str, Facilitator | None]:
    """Whether a typed code may open sessions: (OK, facilitator), UNKNOWN or REVOKED."""
    if not normalise(code):
        return UNKNOWN, None
    found = db.scalars(select(Facilitator).where(Facilitator.code_hash == code_hash(code))).first()
    if found is None:
        return UNKNOWN, None
    if found.revoked_at is not None:
        return REVOKED, None
    return OK, found


# --- the browser's cookie ---------------------------------------------------------


def _signer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="facilitator-code")


def cookie_value(secret_key: str, facilitator: Facilitator) -> str:
    """Names the code (its id and part of its hash), signed: neither the code nor a hash
    that would let someone in."""
    return _signer(secret_key).dumps([facilitator.id, facilitator.code_hash[:16]])


def from_cookie(db: Session, secret_key: str, value: str | None) -> str | None:
    """OK when the cookie names a code that still works, REVOKED when its code was revoked
    (or given anew), None without a (valid) cookie."""
    if not value:
        return None
    try:
        facilitator_id, hash_start = _signer(secret_key).loads(value)
    except (BadSignature, TypeError, ValueError):
        return None
    found = db.get(Facilitator, facilitator_id) if isinstance(facilitator_id, int) else None
    if found is None or not isinstance(hash_start, str):
        return REVOKED  # signed by us, so it was a code once: it was removed since
    if found.revoked_at is not None or found.code_hash[:16] != hash_start:
        return REVOKED
    return OK
