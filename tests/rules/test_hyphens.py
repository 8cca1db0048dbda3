"""Where a quality's name may break on a phone: a dictionary's hyphenation points, put in as
soft hyphens only where the name is rendered (session_app.hyphens)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from session_app.content import COMPETENCIES
from session_app.hyphens import SOFT_HYPHEN, hyphenate, points
from session_app.i18n import LOCALES

TRANSLATIONS = Path(__file__).resolve().parents[2] / "session_app" / "translations"


def _names(locale: str) -> list[str]:
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    return [catalog[c.name].string or c.name for c in COMPETENCIES]


def test_long_dutch_names_break_between_syllables_from_the_dictionary():
    shown = {name: hyphenate(name, "nl").replace(SOFT_HYPHEN, "-") for name in _names("nl")}
    assert shown["Stressbestendigheid"] == "Stress-be-sten-dig-heid"  # not "Stressbes-tendigheid"
    assert shown["Overtuigingskracht"] == "Over-tui-gings-kracht"
    assert shown["Lef"] == "Lef"  # short words never break
    # After a slash a line may break too (browsers do not break there by themselves).
    assert shown["Politiek/bestuurlijk inzicht"] == "Poli-tiek/\u200bbestuur-lijk inzicht"


def test_only_soft_hyphens_are_added_and_every_piece_is_long_enough():
    for locale in LOCALES:
        for name in _names(locale):
            assert hyphenate(name, locale).replace(SOFT_HYPHEN, "").replace("\u200b", "") == name
            for word in name.replace("/", " ").split():
                cuts = points(word, locale)
                assert all(3 <= cut <= len(word) - 3 for cut in cuts), (word, cuts)
