"""Back up the app's database to one file, and restore it (``python -m session_app backup
FILE`` / ``restore FILE``, see ``admin``).

SQLite: the online backup API of SQLite, so a backup can be made while the app runs and is
consistent (a copy of the file could catch it halfway through a write, or miss what is still
in the WAL file). PostgreSQL: ``pg_dump`` in its custom format, restored with
``pg_restore`` in one transaction (a restore that fails changes nothing).

A restore replaces everything in the database the app is set to (``DATABASE_URL``): it
refuses when that database holds sessions or facilitators, unless forced. Stop the app
before restoring (every process): a running process would go on with what it had in memory.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.engine import URL, make_url

from session_app.store import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _kind(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("DATABASE_URL names no database file.")
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        return "postgresql"
    raise BackupError(f"Backups of a {url.get_backend_name()} database are not supported.")


def _file_kind(path: Path) -> str:
    """Which kind of backup ``path`` is: "sqlite" or "postgresql"; else a clear error."""
    if not path.exists():
        raise BackupError(f"{path} does not exist.")
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path} is not a backup of this app (neither an SQLite database nor a pg_dump file)."
    )


def backup(database_url: str, target: Path, *, force: bool = False) -> str:
    """Write a backup of the database to ``target``; returns what was done, in a line."""
    url = make_url(database_url)
    kind = _kind(url)
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists. Choose another name, or add --force.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if kind == "sqlite":
            _sqlite_backup(Path(url.database or ""), partial)
        else:
            _run(["pg_dump", "--format=custom", "--file", str(partial)], url)
        os.replace(partial, target)  # a backup that stopped halfway never has the name
    finally:
        partial.unlink(missing_ok=True)
    return f"Backup written to {target} ({target.stat().st_size:,} bytes)."


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no database at {source}: check DATABASE_URL.")
    src = sqlite3.connect(source)  # exists (checked): the app may be writing meanwhile
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} could not be read: {error}.") from None
    finally:
        dst.close()
        src.close()


def restore(database_url: str, source: Path, *, force: bool = False) -> str:
    """Replace the database's contents with the backup in ``source``."""
    url = make_url(database_url)
    kind, file_kind = _kind(url), _file_kind(source)
    if kind != file_kind:
        raise BackupError(
            f"{source} is a backup from {_NAMES[file_kind]}, but DATABASE_URL is for "
            f"{_NAMES[kind]}: set DATABASE_URL to a {_NAMES[file_kind]} database to restore it."
        )
    if kind == "sqlite":
        _check_sqlite_backup(source)
    else:
        _run(["pg_restore", "--list", str(source)], url, what=f"{source} cannot be read")
    if kind == "sqlite" and not Path(url.database or "").parent.is_dir():
        raise BackupError(f"The folder {Path(url.database or '').parent} does not exist.")
    held = _rows_held(database_url)
    if held and not force:
        raise BackupError(
            f"The database in DATABASE_URL is not empty ({held}). A restore would replace "
            "all of it. Restore into a new, empty database, or add --force to replace it."
        )
    if kind == "sqlite":
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(url.database or "")
        try:
            src.backup(dst)  # page by page, in one go: the target is replaced whole
        finally:
            dst.close()
            src.close()
    else:
        _run(
            [
                "pg_restore",
                "--clean",  # the tables the app made at its start (empty, or forced) go first
                "--if-exists",
                "--no-owner",  # owned by the role in DATABASE_URL, whatever made the backup
                "--no-privileges",
                "--single-transaction",  # all of it, or nothing when something fails
                "--exit-on-error",
                "--dbname",
                _libpq_url(url),
                str(source),
            ],
            url,
            dbname=False,
        )
    return f"Restored {source} into the database of DATABASE_URL. Start the app again."


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _check_sqlite_backup(path: Path) -> None:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (ok,) = db.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is damaged: {error}.") from None
    if ok != "ok":
        raise BackupError(f"{path} is damaged: {ok}.")
    if "team_sessions" not in tables:
        raise BackupError(f"{path} is an SQLite database, but not one of this app.")


def _rows_held(database_url: str) -> str:
    """What the database holds of the app's ("3 sessions, 1 facilitator"), or ""."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            counts = {
                table.name: connection.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
                if table.name in present
            }
    except Exception as error:
        raise BackupError(f"The database in DATABASE_URL cannot be reached ({error}).") from None
    finally:
        engine.dispose()
    held = {
        "session": counts.get("team_sessions", 0),
        "facilitator": counts.get("facilitators", 0),
    }
    return ", ".join(f"{n} {what}{'s' if n != 1 else ''}" for what, n in held.items() if n)


def _libpq_url(url: URL) -> str:
    """The URL as libpq reads it: no driver name, and no password (that goes in the
    environment, so it does not show in the list of processes)."""
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False)


def _run(command: list[str], url: URL, *, what: str = "", dbname: bool = True) -> None:
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} was not found: install PostgreSQL's client programs "
            "(apt-get install postgresql-client), the same major version as the server."
        )
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    if dbname and program == "pg_dump":
        command = [*command, "--dbname", _libpq_url(url)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        reason = detail[-1] if detail else f"exit code {done.returncode}"
        raise BackupError(f"{what or program + ' failed'}: {reason}")
