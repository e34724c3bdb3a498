"""Cutting narration into sentences (for timings and subtitles) and clauses (for gTTS)."""

from __future__ import annotations

import re

# Abbreviations that end in a dot but do not end a sentence ("TP. Hà Nội", "TS. Nguyễn").
DOTTED_ABBREVIATIONS = frozenset({
    "tp", "tt", "gs", "pgs", "ts", "ths", "bs", "ks", "ls", "nxb", "q", "p", "tx", "h",
    "mr", "mrs", "ms", "dr", "st", "no", "vs", "e.g", "i.e", "tr", "kt", "tm", "tl",
})
_END = re.compile(r"""([.!?…。！？]+["'”’)\]」』]*)(\s+)(?=["'“‘(\[「『]?[^\s\w]*[\w])""")
_CLAUSE = re.compile(r"(?<=[,;:–—])\s+|(?<=[，；：、])\s*|\s+(?=[–—]\s)|\s+(?=\()")
_LIST_MARK = re.compile(r"\s*(?:\d+(?:\.\d+)*|[IVX]+|[a-zđ])")  # "1.", "1.2.", "II.", "a."
_CJK_END = re.compile(r"([。！？]+[”’」』]*)(?=\S)")


def _ends_in_abbreviation(before: str, extra: frozenset[str]) -> bool:
    """Whether the text before a dot ends with a known dotted abbreviation ("TP"), or with
    several joined by dots ("PGS.TS. Nguyễn Văn A")."""
    word = re.split(r"[\s(\"'“]", before)[-1].lower()
    known = DOTTED_ABBREVIATIONS | extra
    return word in known or ("." in word and all(part in known for part in word.split(".")))


def split_sentences(text: str, *, abbreviations: frozenset[str] = frozenset()) -> list[str]:
    """Split at . ! ? … (and 。！？) before the next word, except after "TP." and the like."""
    text = _CJK_END.sub(r"\1 ", " ".join(text.split()))  # Chinese puts no space after 。
    if not text:
        return []
    out: list[str] = []
    start = 0
    for match in _END.finditer(text):
        punct, before = match.group(1), text[start:match.start()]
        if punct == "." and (_ends_in_abbreviation(before, abbreviations)
                             or _LIST_MARK.fullmatch(before)):
            continue
        nxt = text[match.end():match.end() + 1]
        if punct == "." and nxt.islower():  # "v.v. và" – a lower-case word goes on
            continue
        out.append(text[start:match.end(1)].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _split_words(text: str, limit: int) -> list[str]:
    """Pack words into pieces of at most `limit` characters (last resort for a long clause)."""
    pieces: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > limit:  # a single enormous token: cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:limit])
            word = word[limit:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


def _join(left: str, right: str) -> str:
    """Two pieces of text as one: a space between them, except after Chinese punctuation."""
    if not left:
        return right
    return left + right if left[-1] in "，；：、。！？" else f"{left} {right}"


def split_for_limit(text: str, limit: int = 100) -> list[str]:
    """Pieces of at most `limit` characters: whole sentences, else clauses (at , ; : – ( ),
    else groups of words — never a cut inside a word."""
    pieces: list[str] = []
    for sentence in split_sentences(text) or [text.strip()]:
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        current = ""
        for clause in _CLAUSE.split(sentence):
            clause = clause.strip()
            if not clause:
                continue
            candidate = _join(current, clause)
            if len(candidate) <= limit:
                current = candidate
                continue
            if current:
                pieces.append(current)
            if len(clause) <= limit:
                current = clause
            else:
                *full, current = _split_words(clause, limit)
                pieces.extend(full)
        if current:
            pieces.append(current)
    return [p for p in pieces if p]
