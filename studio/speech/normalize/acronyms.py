"""Acronyms: said once when a bracket repeats the name just read ("Công ước Chống tra tấn
(CAT)"), and spelt by letter names when nobody wrote them in the lexicon ("UPR")."""

from __future__ import annotations

import re

from studio.speech.normalize.lexicon import Lexicon
from studio.speech.normalize.numbers_vi import integer
from studio.speech.normalize.symbols import INITIALS_SKIP, LETTER_NAMES
from studio.text import fold_ascii

_BRACKETED = re.compile(r"(?<=[^\W\d_])\s*\(([A-ZĐ][A-ZĐ&-]{1,11})\)")
_CLAUSE_START = re.compile(r".*[.!?;:()\[\]]", re.S)
_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?"
                       r"(?:[aeo][iouy]?|[iy][eu]?u?|u[aeioy]?[iu]?|uye|o[ae]i?)"
                       r"(ch|ng|nh|[cmnpt])?")


def _words(text: str) -> list[str]:
    """The words of `text`, case-folded, without the punctuation around them."""
    return [w for w in (re.sub(r"^\W+|\W+$", "", t).casefold() for t in text.split()) if w]


def is_initials_of(acronym: str, words: list[str]) -> bool:
    """Whether `acronym` is the initials of the last words: "BTTTT" of "… Bộ Thông tin và
    Truyền thông" ("và" skipped), "HĐND" of "Hội đồng nhân dân"."""
    letters = fold_ascii(re.sub(r"[^A-ZĐ]", "", acronym)).upper()
    if len(letters) < 2:
        return False
    taken = [w for w in words if w not in INITIALS_SKIP][-len(letters):]
    return (len(taken) == len(letters)
            and "".join(fold_ascii(w[0]).upper() for w in taken) == letters)


def ends_with_name(words: list[str], name: str) -> bool:
    """Whether `words` end with `name`, or with its last two words after its first two
    (a name as sentences shorten it: "Công ước về chống phân biệt chủng tộc" for "Công ước
    về xóa bỏ mọi hình thức phân biệt chủng tộc")."""
    said = _words(name)
    if said and words[-len(said):] == said:
        return True
    if len(said) < 4 or words[-2:] != said[-2:]:
        return False
    window = words[-(len(said) + 4):-2]
    return any(window[i:i + 2] == said[:2] for i in range(len(window) - 1))


def is_echo(acronym: str, before: str, lexicon: Lexicon) -> bool:
    """Whether the clause `before` ends with what `acronym` stands for: its initials, its
    lexicon reading, or one of its `name` lines."""
    words = _words(_CLAUSE_START.sub("", before))
    if not words:
        return False
    names = (*lexicon.names.get(acronym, ()), lexicon.entries.get(acronym, ""))
    return is_initials_of(acronym, words) or any(ends_with_name(words, n) for n in names if n)


def drop_echoed_acronyms(text: str, lexicon: Lexicon) -> str:
    """"Công ước Chống tra tấn (CAT) và" → "Công ước Chống tra tấn và": an acronym in
    brackets right after its name is not read a second time; any other is kept."""
    return _BRACKETED.sub(lambda m: "" if is_echo(m.group(1), m.string[:m.start()], lexicon)
                          else m.group(0), text)


def is_vietnamese_syllable(word: str) -> bool:
    """Whether `word` could be a Vietnamese syllable (so "HOẠCH" is a word, "UBND" is not)."""
    return _SYLLABLE.fullmatch(fold_ascii(word).lower()) is not None


def spell_letters(word: str) -> str:
    """Letter names, for codes nobody wrote in the lexicon: "UPR" → "u pê rờ"."""
    out = []
    for ch in word:
        if ch.isdigit():
            out.append(integer(int(ch)))
        elif ch.upper() in LETTER_NAMES:
            out.append(LETTER_NAMES[ch.upper()])
    return " ".join(out)


def spell_acronyms(text: str) -> str:
    """Upper-case tokens that are not Vietnamese words are spelt: "CERD" → "xê e rờ dê"."""
    return re.sub(r"\b[A-ZĐ]{2,8}\b",
                  lambda m: m.group(0) if is_vietnamese_syllable(m.group(0))
                  else spell_letters(m.group(0)), text)
