"""Easy-read ("Makkelijk lezen") texts are easy in both languages: short sentences of common
words, so a member with a learning disability can read them (or have them read aloud)."""

from __future__ import annotations

import re
from pathlib import Path
from statistics import mean

import pytest
from babel.messages.pofile import read_po
from wordfreq import zipf_frequency

from session_app.cards import CARD_TEXTS
from session_app.client_text import (
    CENTRAL,
    EASY,
    EASY_VERSIONS,
    FOLLOW_UP,
    MEMBER,
    SELF_VIEW,
    SELFCHECK_HISTORY,
)
from session_app.content import COMPETENCIES
from session_app.content.easy import EASY_DESCRIPTIONS, GLOSSARY

TRANSLATIONS = Path(__file__).resolve().parents[2] / "session_app" / "translations"
MAX_WORDS, MAX_AVERAGE, MIN_ZIPF = 15, 10, 3.5
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MSGIDS = [
    *EASY_DESCRIPTIONS.values(),
    *EASY.values(),
    *CARD_TEXTS.values(),
    *EASY_VERSIONS.values(),
]
# The member's texts of the forms that easy-read replaces by its own steps (never shown in
# easy-read mode, so they need no easy version).
FORMS_ONLY = {
    "send",
    "unsent_changes",
    "error_third",
    "goal_unsent",
    "send_goal",
    "goal_sent",
    "reason_hint",
    "ratings_help",
}
# Every text of the member's page (static/js/member.js and the modules it uses).
MEMBER_PAGE = {**MEMBER, **SELF_VIEW, **CENTRAL, **FOLLOW_UP}


def texts(locale: str) -> list[str]:
    """The easy texts as a member reads them in ``locale`` (English: the msgids)."""
    if locale == "en":
        return MSGIDS
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    return [catalog.get(msgid).string for msgid in MSGIDS]


def sentences(text: str) -> list[list[str]]:
    text = PLACEHOLDER.sub("", text)  # a name or a number, filled in on the page
    parts = re.split(r"(?<=[.?!:])\s+", text.strip())
    return [WORD.findall(part) for part in parts if WORD.findall(part)]


def quality_words(locale: str) -> set[str]:
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    names = [catalog.get(c.name).string or c.name for c in COMPETENCIES]
    return {word.lower() for name in names for word in WORD.findall(name)}


def test_every_easy_text_is_there():
    assert set(EASY_DESCRIPTIONS) == {c.key for c in COMPETENCIES}
    assert all(texts("nl"))


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_easy_texts_have_short_sentences(locale):
    found = [s for text in texts(locale) for s in sentences(text)]
    too_long = [" ".join(s) for s in found if len(s) > MAX_WORDS]
    assert too_long == []
    assert mean(len(s) for s in found) <= MAX_AVERAGE


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_easy_texts_use_common_words(locale):
    allowed = quality_words(locale) | GLOSSARY
    rare = sorted(
        {
            word
            for text in texts(locale)
            for s in sentences(text)
            for word in s
            if word.lower() not in allowed and zipf_frequency(word, locale) < MIN_ZIPF
        }
    )
    assert rare == []


def easy(text: str, locale: str) -> bool:
    allowed = quality_words(locale) | GLOSSARY
    found = sentences(text)
    return all(len(s) <= MAX_WORDS for s in found) and not any(
        word.lower() not in allowed and zipf_frequency(word, locale) < MIN_ZIPF
        for s in found
        for word in s
    )


def test_every_member_text_is_easy_or_has_an_easy_version():
    """On a phone in easy-read mode every text a member sees is easy: the text itself, or
    its easy version (``t`` in static/js/live.js takes that one)."""
    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="nl")
    hard = []
    for key, msgid in MEMBER_PAGE.items():
        if key in FORMS_ONLY or key in EASY_VERSIONS:
            continue
        string = catalog.get(msgid).string
        for text, locale in [(msgid, "en"), *((s, "nl") for s in texts_of(string))]:
            if not easy(text, locale):
                hard.append((key, locale, text))
    assert hard == []


def texts_of(string) -> list[str]:
    return list(string) if isinstance(string, tuple) else [string]


def test_the_check_knows_a_hard_text_when_it_sees_one():
    """The same checks on the normal description of a quality: it is not easy-read."""
    hard = "Je signaleert knelpunten en analyseert de oorzaken ervan systematisch."
    assert any(zipf_frequency(w, "nl") < MIN_ZIPF for s in sentences(hard) for w in s)
    long = " ".join(["woord"] * (MAX_WORDS + 1)) + "."
    assert len(sentences(long)[0]) > MAX_WORDS


def test_the_self_check_history_is_easy():
    """The self-check's history and its file (static/js/selfcheck.js) have no easy versions:
    their texts are easy themselves, so a member in easy-read mode reads the same."""
    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="nl")
    hard = [
        (key, locale, text)
        for key, msgid in SELFCHECK_HISTORY.items()
        if key != "checks_file_name"
        for text, locale in [(msgid, "en"), (catalog.get(msgid).string, "nl")]
        if not easy(text, locale)
    ]
    assert hard == []
