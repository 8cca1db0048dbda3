"""Check that no self-check statement copies a run of four words from a source text.

Usage: .venv/bin/python scripts/check_own_words.py SOURCE.txt [...]
Compares every statement (English msgid and its Dutch translation) with the sources and
prints each shared run of four words; exits 1 when there is one.
"""

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from session_app.content.statements import ALL_STATEMENTS  # noqa: E402

RUN = 4


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.casefold())


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def main(paths: list[str]) -> int:
    source: set[tuple[str, ...]] = set()
    for path in paths:
        # Hyphenated line breaks in the source ("beharti-\nger") joined, tabs as spaces.
        text = re.sub(r"-\s*\n\s*", "", Path(path).read_text(encoding="utf-8"))
        source |= runs(text)
    with (ROOT / "session_app/translations/nl/LC_MESSAGES/messages.po").open("rb") as f:
        dutch = {m.id: m.string for m in read_po(f, locale="nl") if m.id}
    found = 0
    texts = [s.text for s in ALL_STATEMENTS]
    for english in texts:
        for text in (english, dutch.get(english, "")):
            for shared in sorted(runs(text) & source):
                print(f"{' '.join(shared)!r} in {text!r}")
                found += 1
    print(f"{len(texts)} statements checked, {found} shared runs of {RUN} words")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
