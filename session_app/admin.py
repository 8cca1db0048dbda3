"""The operator's commands, beside the server (``python -m session_app COMMAND``):

    backup FILE [--force]        the whole database to one file (backups.py)
    restore FILE [--force]       a backup into the database of DATABASE_URL
    facilitators add NAME        a code for a facilitator, shown once (facilitators.py)
    facilitators list
    facilitators revoke NAME

They use the same settings as the server (``DATABASE_URL``; ``FACILITATOR_CODES``).
Success goes to standard output; a command that cannot be done says why on standard error
and exits with 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

COMMANDS = ("backup", "restore", "facilitators")


def wanted(argv: list[str] | None) -> bool:
    """Whether the command line asks for one of these commands (not the server)."""
    argv = sys.argv[1:] if argv is None else argv
    return bool(argv) and argv[0] in COMMANDS


def _database_url() -> str:
    from session_app import ROOT
    from session_app.config import database_url

    default = f"sqlite:///{ROOT / 'instance' / 'sessions.db'}"
    return database_url(os.environ.get("DATABASE_URL") or default)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m session_app")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("backup", "write a backup of the database (DATABASE_URL) to FILE"),
        ("restore", "replace the database's contents (DATABASE_URL) with the backup in FILE"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("file", metavar="FILE", type=Path)
        replaces = "an existing FILE" if name == "backup" else "a database that is not empty"
        command.add_argument("--force", action="store_true", help=f"replace {replaces}")
    people = commands.add_parser(
        "facilitators", help="who may open sessions when FACILITATOR_CODES=1"
    )
    what = people.add_subparsers(dest="what", required=True)
    what.add_parser("add", help="give NAME a code (shown once)").add_argument("name")
    what.add_parser("list", help="every facilitator, and whether their code works")
    what.add_parser("revoke", help="NAME's code stops opening new sessions").add_argument("name")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    from session_app.backups import BackupError
    from session_app.facilitators import FacilitatorError

    try:
        if args.command == "facilitators":
            print(_facilitators(args))
        else:
            print(_backup_or_restore(args))
    except (BackupError, FacilitatorError) as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    return 0


def _backup_or_restore(args) -> str:
    from session_app import backups

    url = _database_url()
    if args.command == "backup":
        return backups.backup(url, args.file, force=args.force)
    return backups.restore(url, args.file, force=args.force)


def _facilitators(args) -> str:
    from session_app import facilitators
    from session_app.store import Store

    store = Store(_database_url())
    try:
        with store.transaction() as db:
            if args.what == "add":
                code = facilitators.add(db, args.name)
            elif args.what == "revoke":
                facilitators.revoke(db, args.name)
            else:
                listed = facilitators.listing(db)
    finally:
        store.engine.dispose()
    switched_off = (
        ""
        if os.environ.get("FACILITATOR_CODES") == "1"
        else "\nNote: FACILITATOR_CODES is not set to 1, so anyone may open a session and "
        "codes are not asked."
    )
    name = " ".join(getattr(args, "name", "").split())
    if args.what == "add":
        return (
            f"Facilitator code for {name}: {code}\n"
            "Give it to them yourself. It is shown only now: the app keeps only a hash of it."
            + switched_off
        )
    if args.what == "revoke":
        return (
            f"The code of {name} no longer opens new sessions. "
            "Sessions that are running go on." + switched_off
        )
    if not listed:
        return "No facilitators yet. Add one: python -m session_app facilitators add NAME" + (
            switched_off
        )
    width = max(len("Name"), *(len(f.name) for f in listed))
    lines = [f"{'Name':<{width}}  {'Added':<16}  Code"]
    for f in listed:
        state = f"revoked {f.revoked_at}" if f.revoked_at else "works"
        lines.append(f"{f.name:<{width}}  {f.created_at:<16}  {state}")
    return "\n".join(lines) + switched_off
