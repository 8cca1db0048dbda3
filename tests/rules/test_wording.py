"""One word for one thing, in both languages: every text of the app (the catalogues, which
hold what pages, phones, downloads and reports show) and the content modules. A member is
"chosen N times" (never a vote), works in a "duo" (never a partner or buddy), looks at "the
big screen" (never a beamer), and the product has one name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "session_app" / "translations"

DUTCH = {
    r"\bstem(men)?\b": "say 'keer gekozen'",
    r"\bbeamer": "say 'het grote scherm'",
    r"\bgroot scherm\b": "say 'het grote scherm'",
    r"(?i)teamkwaliteiten": "the product is called 'Teamkracht'",
    r"(?i)\bmaatje": "say 'duo'",
    r"(?i)partner": "say 'duo'",
    # A common noun: lower case inside a sentence.
    r"[\w,;:] Presentatiemodus": "write 'presentatiemodus' inside a sentence",
    r"(?i)\bsterk\b[^.]*\b1 keer\b": "'sterk' means chosen at least twice",
}
ENGLISH = {
    r"(?i)\bvot(e|es|ed|ing)\b": "say 'chosen N times'",
    r"(?i)\bpartners?\b": "say 'duo'",
    r"(?i)\bbuddy": "say 'duo'",
    r"(?i)\bbeamer": "say 'the big screen'",
    r"(?i)team strengths": "the product is called 'Teamkracht'",
}


def texts(value) -> list[str]:
    return [v for v in (value if isinstance(value, tuple) else (value,)) if v]


def catalogue_texts(locale: str) -> list[str]:
    """What the app shows in ``locale``: the translations, and for English (whose catalogue
    may leave a text untranslated) the English texts of the code themselves."""
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=locale)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        found += texts(message.string)
        if locale == "en":
            found += texts(message.id)
    return found


def content_texts() -> list[str]:
    """The string literals of the content modules (the qualities, tasks, statements)."""
    found = []
    for path in sorted((ROOT / "session_app" / "content").glob("*.py")):
        found += re.findall(r'"((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8"))
    return found


def offences(lines: list[str], rules: dict[str, str]) -> list[str]:
    return [
        f"{line!r}: {advice}"
        for line in lines
        for pattern, advice in rules.items()
        if re.search(pattern, line)
    ]


@pytest.mark.parametrize(("locale", "rules"), [("nl", DUTCH), ("en", ENGLISH)], ids=["nl", "en"])
def test_the_catalogues_use_one_word_for_one_thing(locale, rules):
    lines = catalogue_texts(locale)
    assert len(lines) > 300  # the catalogue itself was read
    assert offences(lines, rules) == []


def test_the_content_modules_use_one_word_for_one_thing():
    lines = content_texts()
    assert len(lines) > 100
    assert offences(lines, ENGLISH) == []


def test_the_rules_catch_what_they_are_for():
    assert offences(["Bob kreeg 4 stemmen"], DUTCH)
    assert offences(["Open dit op het groot scherm"], DUTCH)
    assert offences(["Kies in Presentatiemodus"], DUTCH)
    assert not offences(["Presentatiemodus", "Stop presentatiemodus"], DUTCH)
    assert offences(["Ook sterk hierin: Joop (1 keer gekozen)"], DUTCH)
    assert offences(["Ann got 3 votes"], ENGLISH)
    assert not offences(["Ann was chosen 3 times", "Het grote scherm"], {**DUTCH, **ENGLISH})
