"""Where a long word may break: hyphenation points from a dictionary (``pyphen``).

A quality's name on a phone with large text ("Stressbestendigheid" at 200 % on 320 px) must
break between syllables, with a hyphen, not anywhere. Browsers hyphenate Dutch only where the
system has a dictionary (most Android and Linux browsers have none), so the server puts soft
hyphens (U+00AD) in the text as it is rendered: in a page's visible names, never in what is
compared, read aloud as a label, copied into a download or sent in a snapshot.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"
# After a slash ("Politiek/bestuurlijk") a line may break too: browsers do not break there.
AFTER_SLASH = "/\u200b"
# Shorter words never need a break on a phone; a piece is at least this long.
MIN_WORD = 7
MIN_PIECE = 3
DICTIONARIES = {"nl": "nl_NL", "en": "en_GB"}
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "Politiek/bestuurlijk" is two words


@cache
def _dictionary(locale: str) -> pyphen.Pyphen:
    language = DICTIONARIES.get(locale.split("_")[0].split("-")[0], DICTIONARIES["nl"])
    return pyphen.Pyphen(lang=language, left=MIN_PIECE, right=MIN_PIECE)


def _word(match: re.Match[str], locale: str) -> str:
    word = match.group(0)
    if len(word) < MIN_WORD:
        return word
    return _dictionary(locale).inserted(word, hyphen=SOFT_HYPHEN)


@cache
def hyphenate(text: str, locale: str = "nl") -> str:
    """``text`` with a soft hyphen at every hyphenation point of its long words (and a
    zero-width space after a slash)."""
    return _WORD.sub(lambda m: _word(m, locale), text).replace("/", AFTER_SLASH)


def points(text: str, locale: str = "nl") -> list[int]:
    """The places (offsets in ``text``) where a word may break: for tests and checks."""
    found, offset = [], 0
    for ch in hyphenate(text, locale):
        if ch == SOFT_HYPHEN:
            found.append(offset)
        elif ch != "\u200b":
            offset += 1
    return found
