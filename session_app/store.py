"""Database models and the few queries the app needs. The database is the truth."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, TypeVar, cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, CursorResult, Engine, Result
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    selectinload,
    sessionmaker,
)
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.schema import CreateColumn

from session_app import green
from session_app.shapes import PickLike, SessionLike, SessionWithPicks

# Join codes avoid look-alikes: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Base(DeclarativeBase):
    pass


class TeamSession(Base):
    """One meeting of one team."""

    __tablename__ = "team_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_token)
    join_code: Mapped[str] = mapped_column(String(JOIN_CODE_LENGTH), unique=True)
    host_key: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    screen_key: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    team_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str] = mapped_column(String(8), default="nl")
    show_names: Mapped[bool] = mapped_column(Boolean, default=True)
    phase: Mapped[str] = mapped_column(String(16), default="lobby")
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The version at which something other than picks last changed (members, rounds, this
    # row): while it stays, what a process read of the members and rounds still holds,
    # however many picks other processes stored meanwhile (``Store.read``).
    base_version: Mapped[int] = mapped_column(Integer, default=1, server_default="0")
    current_round_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Which closing slide the shared screen shows after the duos are confirmed (None: the
    # first one, the team map). See ``picture.CLOSING_SLIDES``.
    closing_slide: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # "duos" (groups of two, one trio) or "coach" (a coach for everyone, each coaching
    # at most ``coach_capacity`` members). Chosen by the host for the pairing step.
    pairing_mode: Mapped[str] = mapped_column(String(8), default="duos", server_default="duos")
    coach_capacity: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_activity: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The facilitator's guide (issue 10). New columns: nullable or with a server default,
    # so that a database made before them gets them added at start-up.
    # A practice session: example members answer by themselves; never a real team's data.
    practice: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The opening slide (what the exercise is, the 12 qualities) is on the big screen.
    opening_shown: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The round timer: its length (None = off) and when the current round's timer started.
    # Clients count down themselves; when it ends nothing closes.
    timer_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    timer_started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The part of the closing slide "who does what" the big screen shows (``roles``): a
    # big team's tasks take more than one part, turned by the facilitator only.
    roles_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A follow-up (``followup``): kept until this day instead of deleted after the retention
    # period (the team's choice); the day of the follow-up meeting; whether this session is a
    # follow-up (its earlier team is in ``EarlierTeam``), and of which session here, if any.
    keep_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    is_follow_up: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    follows_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The look back ("How did it go?") on the big screen: the part it shows (None: not on it).
    look_back_step: Mapped[int | None] = mapped_column(Integer, nullable=True)

    # Members who were removed stay in the table (without name or token) only as writers of
    # reasons in rounds already revealed: those rounds never change. They are not members.
    members: Mapped[list[Member]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="Member.id",
        primaryjoin="and_(TeamSession.id == Member.session_id, Member.removed_at.is_(None))",
    )
    rounds: Mapped[list[Round]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Round.position"
    )

    @property
    def current_round(self) -> Round | None:
        return next((r for r in self.rounds if r.id == self.current_round_id), None)


class Member(Base):
    """A team member who joined on a phone with a first name."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("team_sessions.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    name: Mapped[str] = mapped_column(String(40))
    development_goal: Mapped[str | None] = mapped_column(String(40), nullable=True)
    development_reason: Mapped[str | None] = mapped_column(String(400), nullable=True)
    group_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Coach mode: the member who coaches this one (no foreign key: removing a member
    # clears it in the rules, and the ORM need not order self-referencing deletes).
    coach_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # No phone (or a phone that stopped): the facilitator answers for this member.
    via_host: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The self-view (``selfview``): comma-separated competency keys, NULL when not chosen;
    # whether the member lets the screen and facilitator see it; their answers to the four
    # statements of their development goal (comma-separated scale keys, "" unanswered).
    self_fits: Mapped[str | None] = mapped_column(String(200), nullable=True)
    self_develops: Mapped[str | None] = mapped_column(String(200), nullable=True)
    self_shown: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    goal_ratings: Mapped[str | None] = mapped_column(String(80), nullable=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # An example member of a practice session: the app answers for them.
    example: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    removed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Who does what (``roles``): the tasks of the cycle the team gave this member, as
    # comma-separated task keys ("1.1,3.2"); NULL for none. On the member, so that a removed
    # member drops off every task with them.
    task_keys: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # In a follow-up: the earlier name this member claimed, and where the claim is
    # (``followup``: None not answered, "new", "claimed", "confirmed").
    earlier_name: Mapped[str | None] = mapped_column(String(40), nullable=True)
    earlier_state: Mapped[str | None] = mapped_column(String(12), nullable=True)
    # Looking back on last time's goal and duo: how it went (``followup.LOOK_BACK``), a
    # short note, and whether the big screen and the facilitator may show both.
    look_back: Mapped[str | None] = mapped_column(String(16), nullable=True)
    look_back_note: Mapped[str | None] = mapped_column(String(400), nullable=True)
    look_back_shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Their answers to the 4 statements of last time's goal, again (like ``goal_ratings``):
    # for their own phone and result only.
    look_back_ratings: Mapped[str | None] = mapped_column(String(80), nullable=True)

    session: Mapped[TeamSession] = relationship(back_populates="members")


class Round(Base):
    """One member's turn to be central."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("team_sessions.id", ondelete="CASCADE"))
    central_member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    # Which step of the reveal the room is on (0: the headline), so that a reloaded or
    # restarted projector comes back to it. Added later: old databases get it filled in.
    reveal_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The host skipped it (the member was away): it went to the end of the queue, and the
    # member's phone says their turn comes later. Added later: old databases get it filled in.
    skipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    session: Mapped[TeamSession] = relationship(back_populates="rounds")
    # Known to the ORM only so that it deletes a member's rounds before the member: the
    # database's ON DELETE CASCADE would otherwise remove them first (and SQLAlchemy warns).
    central_member: Mapped[Member] = relationship()
    picks: Mapped[list[Pick]] = relationship(
        cascade="all, delete-orphan", order_by=lambda: (Pick.voter_id, Pick.slot)
    )


class Pick(Base):
    """One of the two competencies a member chose for the central member, with a reason."""

    __tablename__ = "picks"
    __table_args__ = (UniqueConstraint("round_id", "voter_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    slot: Mapped[int] = mapped_column(Integer)
    competency: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(400))

    voter: Mapped[Member] = relationship()  # orders deletes, as Round.central_member does


class Facilitator(Base):
    """Someone the organisation lets open sessions when ``FACILITATOR_CODES`` is on
    (``facilitators``). Only a hash of their code is kept; revoked ones stay, marked."""

    __tablename__ = "facilitators"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation's own label for them (``python -m session_app facilitators add``).
    name: Mapped[str] = mapped_column(String(80))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class EarlierTeam(Base):
    """A follow-up's earlier team: the team file (``followup.team_file``) it started from, as
    JSON. Its own table: the live paths, which read the session's row on every pick, never
    read it."""

    __tablename__ = "earlier_teams"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("team_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[str] = mapped_column(Text)


class _Statements:
    """The statements of the live paths, built once: building a statement (and its cache
    key) costs more than running it on SQLite."""

    def __init__(self):
        sessions, members, rounds, picks = (
            TeamSession.__table__,
            Member.__table__,
            Round.__table__,
            Pick.__table__,
        )
        self.session_by = {
            (column, lock): (
                select(sessions).where(sessions.c[column] == bindparam("value")).with_for_update()
                if lock
                else select(sessions).where(sessions.c[column] == bindparam("value"))
            )
            for column in ("id", "public_id")
            for lock in (False, True)
        }
        # When they joined or left is not shown anywhere live (and dates cost the most to
        # read on SQLite): a plain member has every column but those.
        self.members = (
            select(*(c for c in members.c if c.name not in ("joined_at", "removed_at")))
            # removed members are not in the session any more
            .where(members.c.session_id == bindparam("session_id"), members.c.removed_at.is_(None))
            .order_by(members.c.id)
        )
        self.rounds = (
            select(rounds)
            .where(rounds.c.session_id == bindparam("session_id"))
            .order_by(rounds.c.position)
        )
        self.picks_of = (
            select(picks.c.voter_id, picks.c.competency, picks.c.reason)
            .where(picks.c.round_id == bindparam("round_id"))
            .order_by(picks.c.voter_id, picks.c.slot)
        )
        self.delete_picks = delete(picks).where(
            picks.c.round_id == bindparam("round_id"), picks.c.voter_id == bindparam("voter_id")
        )
        self.insert_pick = insert(picks)
        self.touch_picks = (
            update(sessions)
            .where(sessions.c.id == bindparam("session_id"))
            .values(version=bindparam("version"), last_activity=bindparam("now"))
        )
        self.touch = self.touch_picks.values(base_version=bindparam("version"))


_sql = _Statements()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy then starts each transaction itself (``_sqlite_begin``), not pysqlite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # In WAL mode NORMAL is safe against the app crashing or being killed (a commit is in the
    # WAL file); only a power cut can lose the last commits. FULL would wait for the disk on
    # every pick, and under eventlet that wait stops every other connection too.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


READ_ONLY = "session_app_read_only"  # an execution option: this transaction only reads


def _sqlite_begin(connection) -> None:
    # Take the write lock at the start: a transaction that read the session and then
    # writes must not interleave with another one (two joins getting one round position).
    # This is SQLite's counterpart of ``for_update``; waiting is bounded by busy_timeout.
    # A transaction that only reads takes no lock: in WAL mode it sees the last commit and
    # neither waits for a writer nor holds one up.
    # Straight to the driver: as a statement of SQLAlchemy's this cost as much as a query.
    driver = connection.connection.driver_connection
    driver.execute(
        "BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
    )


class Plain:
    """A row read for reading only, as an object with the model's attribute names.

    The live paths that only read the session (a pick writes its own rows with plain
    statements) use these instead of model objects: the ORM's work per query and per
    object was most of the cost of a pick. Nothing written to them is stored.
    """

    def __init__(self, mapping):
        self.__dict__.update(mapping)


class PlainMember(Plain):
    """A member as ``Store.read`` reads it: every column but when they joined or left."""

    id: int
    session_id: int
    token: str
    name: str
    development_goal: str | None
    development_reason: str | None
    group_no: int | None
    coach_id: int | None
    via_host: bool
    self_fits: str | None
    self_develops: str | None
    self_shown: bool
    goal_ratings: str | None
    example: bool
    task_keys: str | None
    earlier_name: str | None
    earlier_state: str | None
    look_back: str | None
    look_back_note: str | None
    look_back_shared: bool
    look_back_ratings: str | None


class PlainRound(Plain):
    """A round as ``Store.read`` reads it: without its picks (``PlainSession.picks``)."""

    id: int
    session_id: int
    central_member_id: int
    position: int
    state: str
    reveal_step: int
    skipped: bool


_P = TypeVar("_P", bound=Plain)


def _plain_rows(result: Result, kind: type[_P]) -> list[_P]:
    keys = tuple(result.keys())
    return [kind(dict(zip(keys, row, strict=True))) for row in result.all()]


class PickRow(NamedTuple):
    """A pick as the live paths read it (``Store.picks_of``)."""

    voter_id: int
    competency: str
    reason: str


class PlainSession(Plain):
    """A session as ``Store.read`` reads it: every column of its row (the annotations only
    tell a type checker; ``Plain`` sets them), its members and rounds, and picks."""

    id: int
    public_id: str
    join_code: str
    host_key: str
    screen_key: str
    team_name: str
    locale: str
    show_names: bool
    phase: str
    joining_open: bool
    version: int
    base_version: int
    current_round_id: int | None
    closing_slide: str | None
    roles_step: int | None
    pairing_mode: str
    coach_capacity: int
    created_at: datetime
    last_activity: datetime
    practice: bool
    opening_shown: bool
    timer_seconds: int | None
    timer_started_at: datetime | None
    keep_until: date | None
    follow_up_on: date | None
    is_follow_up: bool
    follows_id: int | None
    look_back_step: int | None

    members: list[PlainMember]
    rounds: list[PlainRound]
    # Picks already read, by round id: the current round's and revealed rounds' (those
    # never change). ``Facts.picks_of`` reads the others once and adds them.
    picks: dict[int, list[PickRow]]

    def picked(self, round_id: int, voter_id: int, picks: list[tuple[str, str]]) -> None:
        """A voter's picks in a round were replaced (``Store.replace_picks``)."""
        if round_id in self.picks:
            rows = [p for p in self.picks[round_id] if p.voter_id != voter_id]
            rows += [PickRow(voter_id, competency, reason) for competency, reason in picks]
            rows.sort(key=lambda p: p.voter_id)  # stable: each voter's slots stay in order
            self.picks[round_id] = rows

    @property
    def current_round(self) -> PlainRound | None:
        return next((r for r in self.rounds if r.id == self.current_round_id), None)


@lru_cache(maxsize=4)
def _replace_picks_sql(count: int) -> str:
    """PostgreSQL: a voter's ``count`` picks in a round written over the ones they sent
    before (the same slots), and any slot beyond them deleted, in one statement."""
    rows = ", ".join(
        f"(%(round_id)s, %(voter_id)s, {slot}, %(competency{slot})s, %(reason{slot})s)"
        for slot in range(count)
    )
    # Only numbers go into the text (the slots); the values are parameters.
    return (
        "WITH extra AS (DELETE FROM picks WHERE round_id = %(round_id)s"  # noqa: S608
        " AND voter_id = %(voter_id)s AND slot >= %(count)s)"
        " INSERT INTO picks (round_id, voter_id, slot, competency, reason)"
        f" VALUES {rows} ON CONFLICT (round_id, voter_id, slot)"
        " DO UPDATE SET competency = excluded.competency, reason = excluded.reason"
    )


@lru_cache(maxsize=8)
def _pick_at_once_sql(count: int, others: bool) -> str:
    """PostgreSQL, ``Store.at_once``: the session's version moved on only if nothing but
    picks changed since it was read (its ``base_version`` is still the one read), and then
    (and only then) a voter's ``count`` picks written as in ``_replace_picks_sql``; one row
    (mark 0, the new version) when it was, and with ``others`` the round's other picks
    (mark 1) as the statement saw them."""
    rows = ", ".join(
        f"(%(round_id)s, %(voter_id)s, {slot}, %(competency{slot})s, %(reason{slot})s)"
        for slot in range(count)
    )
    # Every change to a session other than picks moves its base version in the same
    # transaction: when it is still the one read, nothing the pick's rule looked at has
    # changed since (other voters' picks may have: the rule does not look at them). The
    # UPDATE takes the row's lock (a change in progress is waited for, then the base version
    # compared again); the picks are written only when it found the row (``bumped`` is
    # read first).
    sql = (
        "WITH bumped AS (UPDATE team_sessions SET version = version + 1,"  # noqa: S608
        " last_activity = %(now)s WHERE id = %(session_id)s"
        " AND base_version = %(base_version)s RETURNING version),"
        " extra AS (DELETE FROM picks WHERE round_id = %(round_id)s"
        " AND voter_id = %(voter_id)s AND slot >= %(count)s AND EXISTS (SELECT FROM bumped)),"
        " written AS (INSERT INTO picks (round_id, voter_id, slot, competency, reason)"
        f" SELECT * FROM (VALUES {rows}) AS new WHERE EXISTS (SELECT FROM bumped)"
        " ON CONFLICT (round_id, voter_id, slot)"
        " DO UPDATE SET competency = excluded.competency, reason = excluded.reason)"
        " SELECT 0, version, NULL::text, NULL::text FROM bumped"
    )
    if others:
        sql += (
            " UNION ALL SELECT 1, voter_id, competency, reason FROM picks"
            " WHERE round_id = %(round_id)s AND voter_id <> %(voter_id)s"
            " AND EXISTS (SELECT FROM bumped)"
        )
    return sql


class OutOfDate(Exception):  # noqa: N818 (not an error: the caller takes the locked path)
    """``Store.at_once`` could not make the change in one statement: more than picks changed
    since the session was read, or what the change needs is not in this process's memory."""


class AtOnce:
    """A connection without a transaction of its own (``Store.at_once``): the session's row is
    read, then a pick is written in one statement, on the condition that nothing but picks
    changed since (other voters' picks do not change what the rule decides). ``replace_picks``
    only notes the picks here; ``touch`` writes them."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.picks: tuple[int, int, list[tuple[str, str]]] | None = None  # round, voter, picks

    def write(self, session: PlainSession) -> int:
        """The noted picks and the new version, in one statement; ``OutOfDate`` when more
        than picks changed since ``session`` was read (nothing is written then)."""
        if self.picks is None or not self.picks[2]:
            raise OutOfDate
        round_id, voter_id, picks = self.picks
        others = round_id not in session.picks  # another process's picks came since
        now = utcnow()
        values: dict[str, int | str | datetime] = {
            "session_id": session.id,
            "base_version": session.base_version,
            "now": now,
            "round_id": round_id,
            "voter_id": voter_id,
            "count": len(picks),
        }
        for slot, (competency, reason) in enumerate(picks):
            values[f"competency{slot}"], values[f"reason{slot}"] = competency, reason
        rows = self.connection.exec_driver_sql(_pick_at_once_sql(len(picks), others), values).all()
        if not rows:
            raise OutOfDate
        version = next(number for mark, number, _c, _r in rows if mark == 0)
        if version != session.version + 1:
            # Other picks were stored after the read (the UPDATE may have waited for them):
            # what the statement saw of the round's picks can be older than its version.
            # Read them again: all that is committed now, this pick with them.
            session.picks[round_id] = Store.picks_of(self.connection, round_id)
        elif others:
            got = [PickRow(v, c, r) for mark, v, c, r in rows if mark == 1]
            session.picks[round_id] = sorted(got, key=lambda p: p.voter_id)
        session.picked(round_id, voter_id, picks)
        session.version, session.last_activity = version, now
        return version


def _connection(db: Session | Connection | AtOnce) -> Connection:
    """The connection under ``db``: an ORM session's, or ``db`` itself (``Store.plain``)."""
    if isinstance(db, AtOnce):
        return db.connection
    return db if isinstance(db, Connection) else db.connection()


def loaded(obj, name: str) -> bool:
    """Whether ``obj.name`` is at hand without a query (a model's collection loaded)."""
    return name in vars(obj)


def add_missing_columns(engine: Engine, metadata: MetaData) -> list[str]:
    """Add the columns a newer version of the app defines to tables an older one made.

    Sessions live for weeks, across an update of the app: its database must keep working.
    Changes to the schema are additive only (new tables, new columns that are nullable or
    have a server default), so adding what is missing is the whole migration. Returns the
    added columns as ``table.column``.
    """
    added = []
    with engine.begin() as connection:
        inspector = inspect(connection)
        for table in metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue  # create_all makes it whole
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                definition = CreateColumn(column).compile(dialect=engine.dialect)
                table_name = engine.dialect.identifier_preparer.format_table(table)
                connection.exec_driver_sql(f"ALTER TABLE {table_name} ADD COLUMN {definition}")
                added.append(f"{table.name}.{column.name}")
    return added


# Sessions whose members, rounds and picks ``read`` keeps: more than one process serves at
# once. A team of 15 after its last round is about 60 KB (long reasons: 100 KB).
KNOWN_SESSIONS = 1000


class _Known(NamedTuple):
    public_id: str
    version: int
    base_version: int
    members: list[PlainMember]
    rounds: list[PlainRound]
    picks: dict[int, list[PickRow]]


# PostgreSQL, shared by several app processes: a process that stops in the middle of a
# transaction (frozen, or its machine gone) must not hold a session's row lock for long.
# Another process waits at most LOCK_TIMEOUT_MS for a lock, then the phone gets "try again";
# the server ends a transaction left idle for IDLE_TRANSACTION_TIMEOUT_MS, freeing its locks.
# (The app's own transactions take milliseconds.)
LOCK_TIMEOUT_MS = 3000
IDLE_TRANSACTION_TIMEOUT_MS = 5000
# A database host that takes the connection but does not answer (its machine stuck, a
# network that drops what it sends): a new connection gives up after this many seconds, and
# the page or action gets "try again", instead of waiting as long as the operating system
# lets it (minutes).
CONNECT_TIMEOUT_S = 3


# PostgreSQL connections per process, all kept open once made. SQLAlchemy's default (5 kept,
# 10 more closed again when given back) made a busy process open a new connection every
# few picks (a process started by PostgreSQL, a password check): 0.03-0.07 per pick at
# 250 picks/s. The most at once stays what it was.
POOL_CONNECTIONS = 15
# Live events using the database at once (``Store.turn``), fewer than the connections: pages
# connecting and the forms always find one free.
EVENT_TURNS = POOL_CONNECTIONS - 3


def _engine_options(url: str) -> dict:
    if not url.startswith("postgresql"):
        return {}
    settings = {
        "lock_timeout": LOCK_TIMEOUT_MS,
        "idle_in_transaction_session_timeout": IDLE_TRANSACTION_TIMEOUT_MS,
    }
    options = " ".join(f"-c {k}={v}" for k, v in settings.items())
    return {
        "connect_args": {"options": options, "connect_timeout": CONNECT_TIMEOUT_S},
        "pool_size": POOL_CONNECTIONS,
        "max_overflow": 0,
    }


class Store:
    """The database: an engine, a session factory and the queries the handlers share."""

    def __init__(self, url: str):
        self.engine: Engine = create_engine(url, **_engine_options(url))
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        add_missing_columns(self.engine, Base.metadata)
        Base.metadata.create_all(self.engine)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        # The same pool of connections, marked: see ``_sqlite_begin``.
        self._read_engine = self.engine.execution_options(**{READ_ONLY: True})
        # PostgreSQL: a pick in two round trips, not five (``at_once``).
        self.at_once_works = self.engine.dialect.name == "postgresql"
        self._autocommit_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._turns = green.fair_semaphore(EVENT_TURNS)
        # What ``read`` knows of recent sessions, the least recently stored first.
        self._known: OrderedDict[int, _Known] = OrderedDict()
        self._known_lock = threading.Lock()
        self._read_factory = sessionmaker(self._read_engine, expire_on_commit=False)

    @contextmanager
    def transaction(self, *, readonly: bool = False) -> Iterator[Session]:
        """A database session that commits on success and rolls back on error.

        ``readonly``: for pages and connections that only read. On SQLite it starts with a
        plain (deferred) BEGIN: it neither waits for the write lock nor holds a writer up.
        Do not write in it: a change needs the lock from the start (see ``_sqlite_begin``).
        """
        factory = self._read_factory if readonly else self._factory
        with factory() as db, db.begin():
            yield db

    @contextmanager
    def plain(self, *, readonly: bool = False) -> Iterator[Connection]:
        """A connection in a transaction, without the ORM: for the paths that read with
        ``read`` and write with their own statements (a pick, a page connecting). The ORM
        session's own bookkeeping was a fifth of the cost of a pick. ``readonly`` as in
        ``transaction``."""
        with (self._read_engine if readonly else self.engine).begin() as connection:
            yield connection

    @contextmanager
    def turn(self) -> Iterator[None]:
        """A live event's turn at the database, in the order the events came. When more
        events want a connection than the pool has, they wait here in line, not in the pool,
        where a newcomer could take the connection that a waiter was woken for: at 250 picks
        a second on one process, a hundredth of the picks waited 2.5 s or more there, while
        most took 0.15 s. In line, nobody waits much longer than the others."""
        with self._turns:
            yield

    @contextmanager
    def at_once(self) -> Iterator[AtOnce]:
        """PostgreSQL: for a pick, a connection on which every statement is its own
        transaction. Read the session with ``read`` (only the row is read: ``OutOfDate`` when
        this process does not know its members and rounds at that version), run the rule,
        and ``touch`` writes the picks and the version at once, if nothing but picks changed
        since the read; else ``OutOfDate`` and nothing is written. On ``OutOfDate`` take the
        locked path (``plain``). Each round trip to PostgreSQL costs the app as much CPU
        as the rest of the pick: BEGIN, the locked read, the picks, the version and COMMIT
        were five; this is two (three when other picks came between the read and the
        write: the round's picks are read again)."""
        with self._autocommit_engine.connect() as connection:
            yield AtOnce(connection)

    # --- lookups -------------------------------------------------------------

    @staticmethod
    def load(
        db: Session, *, for_update: bool = False, all_picks: bool = True, **by
    ) -> TeamSession | None:
        """A session with its members and rounds by one unique column.

        ``all_picks`` loads every round's picks too (exports, tests). The live paths pass
        ``False``: a round's picks are then loaded when first used, so that the cost of a
        change does not grow with every round played.

        ``for_update`` locks the session's row until the transaction ends, so that two
        changes to one session (a pick and the reveal, two joins) happen one after the
        other on PostgreSQL too. (SQLite already lets one writer in at a time.)
        """
        ((column, value),) = by.items()
        query = select(TeamSession).where(getattr(TeamSession, column) == value)
        if all_picks:
            query = query.options(
                selectinload(TeamSession.members),
                selectinload(TeamSession.rounds).selectinload(Round.picks),
            )
        if for_update:
            query = query.with_for_update(of=TeamSession)
        s = db.scalars(query).one_or_none()
        if s is not None and not all_picks:
            # Two plain queries: cheaper than the selectin loaders on this path, which runs
            # for every pick.
            members = (
                select(Member)  # as the relationship: removed members are not in it
                .where(Member.session_id == s.id, Member.removed_at.is_(None))
                .order_by(Member.id)
            )
            rounds = select(Round).where(Round.session_id == s.id).order_by(Round.position)
            set_committed_value(s, "members", list(db.scalars(members)))
            set_committed_value(s, "rounds", list(db.scalars(rounds)))
        return s

    def read(
        self, db: Session | Connection | AtOnce, *, for_update: bool = False, **by
    ) -> PlainSession | None:
        """A session (by one unique column) with its members and rounds as ``Plain``
        objects: plain queries, no model objects. ``for_update`` as in ``load``.

        The session's row is always read. Its members and rounds are read only when this
        process has not seen them at the row's version (see ``remember``): a pick changes
        neither, and most reads are picks and pages connecting to a session seen before.
        ``picks`` brings the picks known at that version (``Facts.picks_of`` reads more).
        """
        connection = _connection(db)
        ((column, value),) = by.items()
        row = connection.execute(_sql.session_by[column, for_update], {"value": value}).first()
        if row is None:
            return None
        s = PlainSession(row._mapping)
        with self._known_lock:
            known = self._known.get(s.id)
        if known is not None and known.public_id != s.public_id:
            known = None  # another session with the same id (the first one was deleted)
        if known is not None and known.version == s.version:
            s.members, s.rounds, s.picks = known.members, known.rounds, dict(known.picks)
            return s
        if known is not None and known.base_version == s.base_version:
            # Only picks changed since (another process stored them): the members and
            # rounds hold; of the picks, only the revealed rounds' (``Facts`` reads the
            # others again, once).
            s.members, s.rounds = known.members, known.rounds
            s.picks = {
                r.id: known.picks[r.id]
                for r in s.rounds
                if r.state == "revealed" and r.id in known.picks
            }
            return s
        if isinstance(db, AtOnce):
            # Its members and rounds would be read in other transactions than the row.
            raise OutOfDate
        which = {"session_id": s.id}
        s.members = _plain_rows(connection.execute(_sql.members, which), PlainMember)
        s.rounds = _plain_rows(connection.execute(_sql.rounds, which), PlainRound)
        # A revealed round's picks never change: what was read of it before still holds.
        kept = known.picks if known else {}
        was_revealed = {r.id for r in known.rounds if r.state == "revealed"} if known else ()
        s.picks = {
            r.id: kept[r.id]
            for r in s.rounds
            if r.state == "revealed" and r.id in was_revealed and r.id in kept
        }
        self.remember(s)
        return s

    def remember(self, s: PlainSession) -> None:
        """Keep the members, rounds and picks ``s`` has, as they are at its version.

        Every change to a session bumps its version (``touch``) in the same transaction, so
        the version the database holds tells whether what was kept is still true; a
        session made again with the same id has another public id. Call it only for what
        was read in one transaction, or after a commit that changed neither members nor
        rounds, only picks that ``s`` knows of (``PlainSession.picked``). Nothing is decided
        from memory alone: ``read`` checks the row.
        """
        with self._known_lock:
            # A copy of the picks: the caller may go on adding (and a pick changing) its own.
            self._known[s.id] = _Known(
                s.public_id, s.version, s.base_version, s.members, s.rounds, dict(s.picks)
            )
            self._known.move_to_end(s.id)
            while len(self._known) > KNOWN_SESSIONS:
                self._known.popitem(last=False)

    @staticmethod
    def load_picks(db: Session, rounds: list[Round]) -> None:
        """Load the picks of these rounds in one query (not one per round)."""
        waiting = {r.id: r for r in rounds if not loaded(r, "picks")}
        if not waiting:
            return
        found: dict[int, list[Pick]] = {round_id: [] for round_id in waiting}
        query = (
            select(Pick)
            .where(Pick.round_id.in_(waiting))
            .order_by(Pick.round_id, Pick.voter_id, Pick.slot)
        )
        for pick in db.scalars(query):
            found[pick.round_id].append(pick)
        for round_id, picks in found.items():
            set_committed_value(waiting[round_id], "picks", picks)

    @staticmethod
    def replace_picks(
        db: Session | Connection | AtOnce,
        round_: Round | PlainRound,
        voter_id: int,
        picks: list[tuple[str, str]],
    ) -> None:
        """A voter's picks in a round, replacing the ones they sent before: two statements
        (one on PostgreSQL), without loading the round's other picks."""
        if isinstance(db, AtOnce):
            db.picks = (round_.id, voter_id, picks)  # written by ``touch``, with the version
            return
        # On the table, not the ORM class: no look for matching objects in memory.
        # (On the connection: the ORM layer's own work per statement is not needed here.)
        connection = _connection(db)
        if connection.dialect.name == "postgresql" and picks:
            # One statement: one round trip to the database, not two (the second a batch).
            values: dict[str, int | str] = {
                "round_id": round_.id,
                "voter_id": voter_id,
                "count": len(picks),
            }
            for slot, (competency, reason) in enumerate(picks):
                values[f"competency{slot}"], values[f"reason{slot}"] = competency, reason
            connection.exec_driver_sql(_replace_picks_sql(len(picks)), values)
        else:
            connection.execute(_sql.delete_picks, {"round_id": round_.id, "voter_id": voter_id})
            connection.execute(
                _sql.insert_pick,
                [
                    {
                        "round_id": round_.id,
                        "voter_id": voter_id,
                        "slot": slot,
                        "competency": competency,
                        "reason": reason,
                    }
                    for slot, (competency, reason) in enumerate(picks)
                ],
            )
        # (The plain path passes a connection: one isinstance, as it was with the round.)
        if isinstance(db, Session) and isinstance(round_, Round) and loaded(round_, "picks"):
            db.expire(round_, ["picks"])  # loaded before: load again when next used

    @staticmethod
    def picks_of(db: Session | Connection, round_id: int) -> list[PickRow]:
        """One round's picks as plain rows (voter_id, competency, reason): for reading only,
        much cheaper than building model objects."""
        rows = _connection(db).execute(_sql.picks_of, {"round_id": round_id}).all()
        return [PickRow(*row) for row in rows]

    @staticmethod
    def votes_received(db: Session | Connection, session: SessionLike) -> dict[int, dict[str, int]]:
        """Per member, the votes they got for each competency in revealed rounds: one query
        that counts in the database (the same numbers as ``exercise.votes_received``)."""
        votes: dict[int, dict[str, int]] = {m.id: {} for m in session.members}
        rounds, picks = Round.__table__.c, Pick.__table__.c
        query = (
            select(rounds.central_member_id, picks.competency, func.count())
            .join_from(Round.__table__, Pick.__table__, picks.round_id == rounds.id)
            .where(rounds.session_id == session.id, rounds.state == "revealed")
            .group_by(rounds.central_member_id, picks.competency)
        )
        if isinstance(db, Session):
            db.flush()  # counts what this transaction changed too
        for member_id, competency, count in _connection(db).execute(query):
            if member_id in votes:
                votes[member_id][competency] = count
        return votes

    @staticmethod
    def member_by_token(db: Session, token: str) -> Member | None:
        if not token:
            return None
        return db.scalars(
            select(Member).where(Member.token == token, Member.removed_at.is_(None))
        ).one_or_none()

    @staticmethod
    def unused_join_code(db: Session) -> str:
        while True:
            code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            if db.scalar(select(TeamSession.id).where(TeamSession.join_code == code)) is None:
                return code

    @staticmethod
    def touch(
        db: Session | Connection | AtOnce,
        session: TeamSession | PlainSession,
        *,
        picks_only: bool = False,
    ) -> int:
        """Mark a change: bump the version clients compare, and the activity clock.

        ``session`` must have been loaded ``for_update`` in this transaction (its row is
        locked, so its version is the latest): the new values go out in the same UPDATE as
        the change itself. ``picks_only``: the change stored picks and nothing else (the
        members, rounds and the row as they were): ``base_version`` stays (see ``read``).
        """
        if isinstance(db, AtOnce):  # (only picks change on it: ``at_once``)
            return db.write(cast(PlainSession, session))
        version, now = session.version + 1, utcnow()
        base = session.base_version if picks_only else version
        if isinstance(db, Session) and session in db.dirty:  # the change updates the row too
            session.version, session.base_version, session.last_activity = version, base, now
            db.flush()
        else:  # nothing else changed in the row (a pick): one plain UPDATE, no flush
            _connection(db).execute(
                _sql.touch_picks if picks_only else _sql.touch,
                {"session_id": session.id, "version": version, "now": now},
            )
            if isinstance(session, TeamSession):
                set_committed_value(session, "version", version)
                set_committed_value(session, "base_version", base)
                set_committed_value(session, "last_activity", now)
            else:
                session.version, session.base_version, session.last_activity = version, base, now
        return version

    def purge_expired(self, retention_days: int, empty_hours: int = 24) -> int:
        """Delete every session whose last activity is older than the retention period (and
        that the team did not keep for a follow-up until a later day), and every session
        nobody joined after ``empty_hours`` (made and left, or made in bulk)."""
        cutoff = utcnow() - timedelta(days=retention_days)
        not_kept = or_(TeamSession.keep_until.is_(None), TeamSession.keep_until < utcnow().date())
        empty_cutoff = utcnow() - timedelta(hours=empty_hours)
        nobody = ~select(Member.id).where(Member.session_id == TeamSession.id).exists()
        with self.transaction() as db:
            result = cast(
                CursorResult,
                db.execute(delete(TeamSession).where(TeamSession.last_activity < cutoff, not_kept)),
            )
            empty = cast(
                CursorResult,
                db.execute(
                    delete(TeamSession).where(TeamSession.created_at < empty_cutoff, nobody)
                ),
            )
            return (result.rowcount or 0) + (empty.rowcount or 0)


if TYPE_CHECKING:  # for a type checker only (tests/rules/test_types.py): both shapes fit

    def _shapes(s: TeamSession, plain: PlainSession, row: PickRow, pick: Pick) -> None:
        with_picks: SessionWithPicks = s
        read: SessionLike = plain
        picks: list[PickLike] = [row, pick]
        del with_picks, read, picks
