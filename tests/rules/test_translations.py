"""Every text the app shows exists in Dutch, with the same placeholders as the English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "session_app" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def texts(value) -> list[str]:
    """A message's singular and plural forms (a plain message has one)."""
    return list(value) if isinstance(value, tuple) else [value]


def catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def test_the_catalogues_hold_every_text_in_the_code(tmp_path, monkeypatch):
    """Re-extract the texts: a new string that was not added to the catalogues fails here."""
    fresh = tmp_path / "messages.pot"
    monkeypatch.chdir(ROOT)
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ]
    )
    with fresh.open("rb") as f:
        in_code = {m.id for m in read_po(f) if m.id}
    assert len(in_code) > 150  # the extraction itself found the app's texts
    missing = in_code - {m.id for m in catalog("nl") if m.id}
    assert not missing, f"not in the Dutch catalogue (run pybabel update): {sorted(missing)}"


def test_dutch_is_complete_with_the_same_placeholders():
    nl = catalog("nl")
    untranslated = [m.id for m in nl if m.id and not all(texts(m.string))]
    assert untranslated == []
    fuzzy = [m.id for m in nl if m.id and m.fuzzy]
    assert fuzzy == []
    for message in nl:
        if message.id:
            for translated in texts(message.string):
                assert set(PLACEHOLDER.findall(" ".join(texts(message.id)))) == set(
                    PLACEHOLDER.findall(translated)
                ), message.id


def test_english_catalogue_has_the_same_texts():
    assert {m.id for m in catalog("en") if m.id} == {m.id for m in catalog("nl") if m.id}
