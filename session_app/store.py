"""Database models and the few queries the app needs. The database is the truth."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    false,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    selectinload,
    sessionmaker,
)

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
    current_round_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # "duos" (groups of two, one trio) or "coach" (a coach for everyone, each coaching
    # at most ``coach_capacity`` members). Chosen by the host for the pairing step.
    pairing_mode: Mapped[str] = mapped_column(String(8), default="duos", server_default="duos")
    coach_capacity: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_activity: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    members: Mapped[list[Member]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Member.id"
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
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    session: Mapped[TeamSession] = relationship(back_populates="members")


class Round(Base):
    """One member's turn to be central."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("team_sessions.id", ondelete="CASCADE"))
    central_member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="pending")

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


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy then starts each transaction itself (``_sqlite_begin``), not pysqlite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # Take the write lock at the start: a transaction that read the session and then
    # writes must not interleave with another one (two joins getting one round position).
    # This is SQLite's counterpart of ``for_update``; waiting is bounded by busy_timeout.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class Store:
    """The database: an engine, a session factory and the queries the handlers share."""

    def __init__(self, url: str):
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        Base.metadata.create_all(self.engine)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A database session that commits on success and rolls back on error."""
        with self._factory() as db, db.begin():
            yield db

    # --- lookups -------------------------------------------------------------

    @staticmethod
    def load(db: Session, *, for_update: bool = False, **by) -> TeamSession | None:
        """A whole session (members, rounds, picks) by one unique column.

        ``for_update`` locks the session's row until the transaction ends, so that two
        changes to one session (a pick and the reveal, two joins) happen one after the
        other on PostgreSQL too. (SQLite already lets one writer in at a time.)
        """
        (column, value), = by.items()
        query = (
            select(TeamSession)
            .where(getattr(TeamSession, column) == value)
            .options(
                selectinload(TeamSession.members),
                selectinload(TeamSession.rounds).selectinload(Round.picks),
            )
        )
        if for_update:
            query = query.with_for_update(of=TeamSession)
        return db.scalars(query).one_or_none()

    @staticmethod
    def member_by_token(db: Session, token: str) -> Member | None:
        if not token:
            return None
        return db.scalars(select(Member).where(Member.token == token)).one_or_none()

    @staticmethod
    def unused_join_code(db: Session) -> str:
        while True:
            code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            if db.scalar(select(TeamSession.id).where(TeamSession.join_code == code)) is None:
                return code

    @staticmethod
    def touch(db: Session, session: TeamSession) -> int:
        """Mark a change: bump the version clients compare, and the activity clock."""
        db.execute(
            update(TeamSession)
            .where(TeamSession.id == session.id)
            .values(version=TeamSession.version + 1, last_activity=utcnow())
        )
        db.refresh(session, ["version", "last_activity"])
        return session.version

    def purge_expired(self, retention_days: int) -> int:
        """Delete every session whose last activity is older than the retention period."""
        cutoff = utcnow() - timedelta(days=retention_days)
        with self.transaction() as db:
            result = db.execute(delete(TeamSession).where(TeamSession.last_activity < cutoff))
            return result.rowcount or 0
