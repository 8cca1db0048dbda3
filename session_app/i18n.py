"""Languages: which one a request gets, and the compiled catalogues behind them."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g, request

LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"
LOCALE_COOKIE = "lang"


def compile_catalogs(directory: Path) -> None:
    """Compile each .po next to it when the .mo is missing or older (the .mo is not committed)."""
    for po_path in directory.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parent.parent.name)
        # Several processes may start at once (a cluster): each writes its own file.
        tmp = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo_path)


def select_locale() -> str:
    """A member's own choice, else the page's language (the session's), else the browser's."""
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in LOCALES:
        return chosen
    if g.get("browser_first"):
        best = request.accept_languages.best_match(LOCALES)
        if best:
            return best
    if g.get("session_locale") in LOCALES:
        return g.session_locale
    return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE
