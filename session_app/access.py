"""Who may do what: the capability tokens (pure, no Flask).

The facilitator proves themselves with an HttpOnly cookie holding the session's host key, a
member with a cookie holding their own token, the projector with the screen key in its link.
The short join code only lets someone join, and only while joining is open.
"""

from __future__ import annotations

import hmac

HOST_COOKIE = "host_{}"  # .format(public_id): sent only to that session's own pages
MEMBER_COOKIE = "member_{}"

HOST, SCREEN, MEMBER = "host", "screen", "member"
ROLES = (HOST, SCREEN, MEMBER)


def same(given: object, secret: str | None) -> bool:
    """A key or token compared in constant time (what was sent may be anything)."""
    return (
        isinstance(given, str)
        and isinstance(secret, str)
        and hmac.compare_digest(given.encode(), secret.encode())
    )
