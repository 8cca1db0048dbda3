"""The one shape of a session that the rules and the views read.

A session reaches the rules in two forms: the model objects of ``store`` (``Store.load``:
``TeamSession``, ``Member``, ``Round``, ``Pick``) and the plain rows the live paths read
(``Store.read``: ``PlainSession``, ``PlainMember``, ``PlainRound``, ``PickRow``). Both have
the attributes below, with these types; a type checker (``tests/rules/test_types.py`` runs
mypy) holds the rules, the views and both forms to them. Only types: nothing here runs on
the live paths, and nothing is checked per object.

Every member is read-only (a property), so both a model's column and a plain attribute fit.
Rules that change a session (start the rounds, reveal, ...) only ever get the model objects,
whose changes are stored: they are typed with the model classes, not with these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, TypeVar


class PickLike(Protocol):
    """One of a voter's two picks in a round."""

    @property
    def voter_id(self) -> int: ...
    @property
    def competency(self) -> str: ...
    @property
    def reason(self) -> str: ...


class MemberLike(Protocol):
    """A member of a session (removed members are not in it)."""

    @property
    def id(self) -> int: ...
    @property
    def token(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def development_goal(self) -> str | None: ...
    @property
    def development_reason(self) -> str | None: ...
    @property
    def group_no(self) -> int | None: ...
    @property
    def coach_id(self) -> int | None: ...
    @property
    def via_host(self) -> bool: ...
    @property
    def self_fits(self) -> str | None: ...
    @property
    def self_develops(self) -> str | None: ...
    @property
    def self_shown(self) -> bool: ...
    @property
    def goal_ratings(self) -> str | None: ...
    @property
    def example(self) -> bool: ...


class RoundLike(Protocol):
    """One member's turn to be central. Its picks are not part of it: a plain round has
    none (``Facts.picks_of`` reads them); see ``RoundWithPicks``."""

    @property
    def id(self) -> int: ...
    @property
    def central_member_id(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def reveal_step(self) -> int: ...


class WithPicks(Protocol):
    """Something that holds a round's picks (a model round, or ``snapshots._Picked``)."""

    @property
    def picks(self) -> Sequence[PickLike]: ...


class RoundWithPicks(RoundLike, WithPicks, Protocol):
    """A round with its picks at hand: a model round (loaded when first used)."""


R_co = TypeVar("R_co", bound=RoundLike, covariant=True)


class WithRounds(Protocol[R_co]):
    """Something with rounds of one shape (``exercise.pending_rounds`` gives back that
    shape: model rounds to the rules that change them)."""

    @property
    def rounds(self) -> Sequence[R_co]: ...


class SessionLike(Protocol):
    """One meeting of one team, with its members and rounds."""

    @property
    def id(self) -> int: ...
    @property
    def public_id(self) -> str: ...
    @property
    def join_code(self) -> str: ...
    @property
    def host_key(self) -> str: ...
    @property
    def screen_key(self) -> str: ...
    @property
    def team_name(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def show_names(self) -> bool: ...
    @property
    def phase(self) -> str: ...
    @property
    def joining_open(self) -> bool: ...
    @property
    def version(self) -> int: ...
    @property
    def current_round_id(self) -> int | None: ...
    @property
    def closing_slide(self) -> str | None: ...
    @property
    def pairing_mode(self) -> str: ...
    @property
    def coach_capacity(self) -> int: ...
    @property
    def practice(self) -> bool: ...
    @property
    def opening_shown(self) -> bool: ...
    @property
    def timer_seconds(self) -> int | None: ...
    @property
    def timer_started_at(self) -> datetime | None: ...
    @property
    def members(self) -> Sequence[MemberLike]: ...
    @property
    def rounds(self) -> Sequence[RoundLike]: ...
    @property
    def current_round(self) -> RoundLike | None: ...


class SessionWithPicks(SessionLike, Protocol):
    """A session whose rounds hold their picks: the model objects only. The rules that
    count every round's picks in memory (``exercise.votes_received``) need it; the live
    views count them in the database instead (``Store.votes_received``)."""

    @property
    def rounds(self) -> Sequence[RoundWithPicks]: ...
    @property
    def current_round(self) -> RoundWithPicks | None: ...
