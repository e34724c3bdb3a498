"""Abbreviations from the lexicon, and the one-letter address initials read only in addresses.

"TP. Lạng Sơn", "TP.Lạng Sơn", "Q.1" and "GS.TS" are all read; "P.GĐ" (not a ward) and
"H.L" (a name's initials) are left as written.
"""

from __future__ import annotations

import re

from studio.speech.normalize.lexicon import Lexicon
from studio.speech.normalize.symbols import (ADDRESS_INITIALS, LOCATIVES, PLACE_WORDS,
                                             alternation)

_CHAIN = re.compile(r"(?<![\w.])(?:[^\W\d_]{1,5}\.)+[^\W\d_]{1,6}\.?(?![\w.])")


def may_glue(text: str, end: int) -> bool:
    """Whether what follows a dotted abbreviation with no space may belong to it: a number
    or a capitalised name ("Q.1", "TP.Lạng Sơn"), not another acronym ("P.GĐ")."""
    follow = text[end:end + 2]
    return follow[:1].isdigit() or (len(follow) == 2 and follow[0].isupper()
                                    and follow[1].islower())


def read_title_chains(text: str, lexicon: Lexicon) -> str:
    """Dotted abbreviations run together: "PGS.TS" → "phó giáo sư tiến sĩ", when every part
    is a lexicon entry ("H.L" is not)."""
    def part(p: str, last: bool) -> str | None:
        bare = p.rstrip(".")
        if bare + "." in lexicon.entries and (p.endswith(".") or last):
            return lexicon.entries[bare + "."]
        if bare in lexicon.entries:  # "TP.HCM." ends a sentence: its dot stays
            return lexicon.entries[bare] + ("." if last and p.endswith(".") else "")
        return None

    def repl(m: re.Match[str]) -> str:
        if m.group(0) in lexicon.entries or m.group(0).rstrip(".") in lexicon.entries:
            return m.group(0)  # read whole ("TP.HCM", "v.v.")
        parts = re.findall(r"[^\W\d_]+\.?", m.group(0))
        said = [part(p, i == len(parts) - 1) for i, p in enumerate(parts)]
        return " ".join(said) if all(said) else m.group(0)

    return _CHAIN.sub(repl, text)


def read_numbered(text: str, lexicon: Lexicon) -> str:
    """Entries said only before a number: "tr. 15" / "tr.15" → "trang 15"."""
    if lexicon.numbered_pattern is None:
        return text
    return lexicon.numbered_pattern.sub(
        lambda m: lexicon.numbered[m.group(0)]
        + (" " if m.string[m.end():m.end() + 1].isdigit() else ""), text)


def expand_abbreviations(text: str, lexicon: Lexicon) -> str:
    """Whole-word lexicon entries: UBND → Ủy ban nhân dân, TP. → thành phố, tr. 15 → trang."""
    text = read_numbered(read_title_chains(text, lexicon), lexicon)
    if lexicon.pattern is None:
        return text

    def repl(m: re.Match[str]) -> str:
        said = lexicon.entries[m.group(0)]
        if m.end() < len(m.string) and re.match(r"\w", m.string[m.end()]):
            return said + " " if may_glue(m.string, m.end()) else m.group(0)
        return said

    return lexicon.pattern.sub(repl, text)


_INITIAL = re.compile(rf"^(?P<lead>|.*:\s*|.*\b(?:{alternation(LOCATIVES)})\s+)"
                      rf"(?P<initial>{alternation(ADDRESS_INITIALS)})\s+"
                      r"(?P<name>\d+|[^\W\d_]{2,}).*$", re.S)
_PLACE = re.compile(rf"(?:^|(?<=[\s:]))(?:{alternation(PLACE_WORDS)})\s*(?P<next>\w)", re.I)


def _initial_part(part: str) -> re.Match[str] | None:
    """`part` starting (after a label or "tại") with "H. Chi Lăng" or "X. 3": an initial, a
    space, then a capitalised name or a number ("H.L" and "H. L" are a person's initials)."""
    m = _INITIAL.match(part)
    return m if m and (m.group("name")[0].isupper() or m.group("name").isdigit()) else None


def _is_place_part(part: str) -> bool:
    """`part` names a place: "xã Hữu Kiên", "TP. Lạng Sơn", "P.3"."""
    return any(m.group("next").isdigit() or m.group("next").isupper()
               for m in _PLACE.finditer(part))


def read_address_initials(text: str) -> str:
    """"X. Hữu Kiên, H. Chi Lăng, T. Lạng Sơn" → "xã Hữu Kiên, huyện Chi Lăng, tỉnh Lạng
    Sơn": X., H. and T. only next to another part of an address, never alone ("H.L")."""
    pieces = re.split(r"(\s*[,;]\s*)", text)
    parts = pieces[::2]
    initials = [_initial_part(p) for p in parts]
    placed = [bool(m) or _is_place_part(p) for p, m in zip(parts, initials)]
    for i, m in enumerate(initials):
        neighbours = placed[max(i - 1, 0):i] + placed[i + 1:i + 2]
        if m and any(neighbours):
            pieces[2 * i] = (m.string[:m.start("initial")] + ADDRESS_INITIALS[m.group("initial")]
                             + m.string[m.end("initial"):])
    return "".join(pieces)
