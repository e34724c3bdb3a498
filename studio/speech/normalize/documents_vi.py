"""Document numbers: "Quyết định số 1079/QĐ-TTg", "13/2023/NĐ-CP", "Nghị quyết số 29-NQ/TW".

They are read before dates and plain numbers, so that "số 1079/QĐ-TTg ngày 14/9/2022" is
not read as arithmetic. A code is read whole if the lexicon lists it, else part by part:
its type (QĐ → quyết định) and who issued it (TTg → Thủ tướng, BTC → Bộ Tài chính: issuer
codes are `code` lexicon entries, since a bare "BTC" is often a Ban Tổ chức).
"""

from __future__ import annotations

import re

from studio.speech.normalize.acronyms import spell_letters
from studio.speech.normalize.lexicon import Lexicon
from studio.speech.normalize.numbers_vi import integer
from studio.speech.normalize.symbols import DOCUMENT_TYPES, JOINT_TYPES

CODE = r"[A-ZĐ][A-Za-zĐđ]*\d{0,2}(?:-[A-Za-zĐđ]+\d{0,2})*"
_STATE = re.compile(rf"(?<![\w/])(\d+)?/(?:(\d{{4}})/)?({CODE})(?![\w/])")
_PARTY = re.compile(rf"(?<![\w/.-])(\d+)-([A-ZĐ][A-Za-zĐđ]*)/({CODE})(?![\w/])")


def code_part(part: str, lexicon: Lexicon) -> str:
    """One part of a document code: the lexicon's word, "QH14" → "Quốc hội khóa mười bốn",
    else its letters spelt."""
    if (said := lexicon.code(part)) is not None:
        return said
    if m := re.fullmatch(r"QH(\d{1,2})", part):
        return f"Quốc hội khóa {integer(int(m.group(1)))}"
    return spell_letters(part)


def join_issuers(kind: str, parts: list[str], lexicon: Lexicon) -> str:
    """Who issued a document of type `kind`: a joint one's issuers with "và" ("TTLT-BTP-BTC"
    → "Bộ Tư pháp và Bộ Tài chính"), else an issuer and its office ("UBND-VX") in a row."""
    said = [code_part(part, lexicon) for part in parts]
    return (" và " if kind in JOINT_TYPES else " ").join(said)


def read_code(code: str, lexicon: Lexicon, *, named_type: str = "", then: str = "") -> str:
    """A document code: the lexicon's reading of it whole, else "<type> của <issuer>…" —
    "QĐ-TTg" → "quyết định của Thủ tướng". What the sentence says anyway is left out: the
    type when `named_type` (the words before "số") names it, the issuer when the rest of
    the clause (`then`) names one with "của"."""
    if (whole := lexicon.code(code)) is not None:
        return whole
    parts = code.split("-")
    issuer_follows = re.search(r"\bcủa\b", re.split(r"[,;.:!?]", then, maxsplit=1)[0], re.I)
    if parts[0] not in DOCUMENT_TYPES or len(parts) == 1:
        return "" if issuer_follows and named_type else " ".join(
            code_part(part, lexicon) for part in parts)
    kind, issuers = code_part(parts[0], lexicon), join_issuers(parts[0], parts[1:], lexicon)
    by = "" if issuer_follows else f"của {issuers}"
    if named_type.lower().endswith(kind.lower()):
        return by
    return f"{kind} {by}".strip()


def _named_type(m: re.Match[str]) -> str:
    """The words before a document number, without its "số" ("Quyết định")."""
    return re.sub(r"\s*(?:số|số:)?\s*$", "", m.string[:m.start()], flags=re.I)


def read_document_numbers(text: str, lexicon: Lexicon) -> str:
    """"Quyết định số 1079/QĐ-TTg" → "Quyết định số một nghìn không trăm bảy mươi chín của
    Thủ tướng"; "13/2023/NĐ-CP" keeps its year: "mười ba năm hai nghìn không trăm hai mươi ba…";
    the Party's "29-NQ/TW" → "hai mươi chín nghị quyết của Trung ương"."""
    def state(m: re.Match[str]) -> str:
        words = []
        if m.group(1):
            words.append(integer(int(m.group(1))))
        if m.group(2):
            words.append("năm " + integer(int(m.group(2))))
        words.append(read_code(m.group(3), lexicon, named_type=_named_type(m),
                               then=m.string[m.end():]))
        return " ".join(w for w in words if w)

    def party(m: re.Match[str]) -> str:
        if m.group(2) not in DOCUMENT_TYPES:
            return m.group(0)
        code = read_code(f"{m.group(2)}-{m.group(3).replace('/', '-')}", lexicon,
                         named_type=_named_type(m), then=m.string[m.end():])
        return " ".join(w for w in (integer(int(m.group(1))), code) if w)

    return _STATE.sub(state, _PARTY.sub(party, text))
