"""The self-check's content: 4 statements per quality in the "I" form, in both languages."""

from __future__ import annotations

import re
from collections import Counter

from test_translations import catalog

from session_app.content import BY_KEY
from session_app.content.statements import (
    ALL_STATEMENTS,
    LEARNING_POINT_KEYS,
    SCALE,
    STATEMENTS,
    STATEMENTS_PER_COMPETENCY,
)


def test_48_statements_four_per_quality():
    assert len(ALL_STATEMENTS) == 48
    per_quality = Counter(s.competency for s in ALL_STATEMENTS)
    assert set(per_quality) == set(BY_KEY)
    assert set(per_quality.values()) == {STATEMENTS_PER_COMPETENCY}
    assert list(STATEMENTS) == list(BY_KEY), "in the order of the profile"
    assert len({s.text for s in ALL_STATEMENTS}) == 48, "no statement twice"


def test_every_statement_is_about_me_in_both_languages():
    dutch = {m.id: m.string for m in catalog("nl") if m.id}
    for s in ALL_STATEMENTS:
        assert re.search(r"\b(I|me|my)\b", s.text), s.text
        nl = dutch.get(s.text)
        assert nl, f"no Dutch for {s.text!r}"
        assert re.search(r"\b(ik|me|mij|mijn)\b", nl, re.IGNORECASE), nl
        # Short sentences for readers who read with difficulty.
        assert len(nl.split()) <= 16, nl


DENIALS = {
    "en": re.compile(r"\b(not|never|no|nothing|nobody|none|without|cannot)\b|n't", re.I),
    "nl": re.compile(r"\b(niet|nooit|geen|niets|niemand|zonder)\b", re.I),
}


def test_every_statement_is_worded_positively_from_i():
    """Self-assessments for people with cognitive limitations start from "I" and deny
    nothing: "I keep going", never "I do not give up" (a double negative to answer)."""
    dutch = {m.id: m.string for m in catalog("nl") if m.id}
    for s in ALL_STATEMENTS:
        for locale, text in (("en", s.text), ("nl", dutch[s.text])):
            assert text.split()[0] in ("I", "Ik"), text
            assert not DENIALS[locale].search(text), text


def test_the_four_point_scale():
    dutch = {m.id: m.string for m in catalog("nl") if m.id}
    assert [dutch[a.label] for a in SCALE] == [
        "zeer waar",
        "meestal waar",
        "beetje waar",
        "niet waar",
    ]
    assert [a.label for a in SCALE] == ["very true", "mostly true", "a bit true", "not true"]
    assert LEARNING_POINT_KEYS == {"a_bit_true", "not_true"}
