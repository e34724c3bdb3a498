"""Where a line may break, and what each break costs: one set of rules for the text layout
(posters, banners, video cards, headlines) and for subtitle cues.

Never inside a name ("Lạng | Sơn"), not inside a two-syllable Vietnamese word ("con | người",
listed in `assets/lexicon/<lang>-words.txt`), gladly after a sentence or a clause and before
a conjunction. Costs are in characters of line imbalance, so they weigh against uneven lines.
"""

from __future__ import annotations

import functools
import re

from studio.resources import builtin_assets
from studio.text import nfc

INSIDE_NAME = 1000.0  # cutting "Lạng | Sơn"
INSIDE_WORD = 8.0  # cutting a listed two-syllable word: "con | người"
AFTER_SENTENCE = -16.0  # cutting after . ! ? …
AFTER_CLAUSE = -12.0  # cutting after , ; : or a dash
BEFORE_CONJUNCTION = -5.0  # cutting before "và", "nhưng", "and"…

CONJUNCTIONS = {
    "vi": frozenset({"và", "nhưng", "hoặc", "hay", "để", "vì", "nên", "mà", "thì", "khi", "nếu",
                     "còn", "cùng", "với", "nhằm", "như", "đồng", "bởi", "do", "tuy"}),
    "en": frozenset({"and", "but", "or", "because", "so", "which", "that", "when", "while", "if",
                     "to", "with", "for", "as", "who", "where"}),
    "zh": frozenset(),
}
OPENING = "([\"'“‘「『"
_CLOSING = "\"'”’)]」』"
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
_CLAUSE_END = re.compile(r"([,;:，；：、]|[–—-])[\"'”’)\]」』]*$")


@functools.cache
def compounds(lang: str) -> frozenset[str]:
    """The language's listed two-syllable words that should stay on one line (lower case,
    NFC)."""
    path = builtin_assets() / "lexicon" / f"{lang}-words.txt"
    if not path.is_file():
        return frozenset()
    words = (" ".join(nfc(line).lower().split())
             for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w.count(" ") == 1 and not w.startswith("#"))


def conjunctions(lang: str) -> frozenset[str]:
    """Words a line may well start with (languages without a list use the Vietnamese one,
    as Tày, Nùng, H'Mông and Dao scripts often mix Vietnamese connectives)."""
    return CONJUNCTIONS.get(lang, CONJUNCTIONS["vi"])


def is_name_word(word: str) -> bool:
    """A capitalised word or a number ("Lạng", "Sơn", "10/12")."""
    core = word.lstrip(OPENING)
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def break_cost(before: str, after: str, lang: str, *, spaced: bool = True,
               names: bool = True) -> float:
    """Cost of a line break between `before` and `after`: negative at a clause boundary, high
    inside a name or a listed word. `spaced` is False between two characters of Chinese;
    `names` is False when capitals say nothing (text set in upper case)."""
    before, after = before.strip(), after.strip()
    if _SENTENCE_END.search(before):
        return AFTER_SENTENCE
    if _CLAUSE_END.search(before) or before in ("–", "—", "-"):
        return AFTER_CLAUSE
    if not spaced:
        return 0.0
    if names and is_name_word(before) and is_name_word(after):
        return INSIDE_NAME
    if after.lower() in conjunctions(lang):
        return BEFORE_CONJUNCTION
    pair = f"{before.lower()} {after.lower()}".strip(OPENING + _CLOSING)
    if pair in compounds(lang):
        return INSIDE_WORD
    return 0.0
