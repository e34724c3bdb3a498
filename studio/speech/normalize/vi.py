"""Vietnamese text to spoken form: small steps, each turning one kind of token into words.

Order matters: document numbers and dates are read before plain numbers, so that
"số 1079/QĐ-TTg ngày 14/9/2022" is not read as arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from studio.speech.normalize.lexicon import Lexicon
from studio.speech.normalize.numbers_vi import (decimal, digit_by_digit, integer, ordinal,
                                                roman_value)
from studio.text import fold_ascii, nfc

Step = Callable[[str], str]

LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "lờ",
    "M": "mờ", "N": "nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "rờ",
    "S": "ét", "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép", "X": "xờ", "Y": "i",
    "Z": "dét",
}
UNITS = {
    "km2": "ki-lô-mét vuông", "km²": "ki-lô-mét vuông", "m2": "mét vuông", "m²": "mét vuông",
    "m3": "mét khối", "m³": "mét khối", "km": "ki-lô-mét", "cm": "xen-ti-mét",
    "mm": "mi-li-mét", "m": "mét", "ha": "héc-ta", "kg": "ki-lô-gam", "g": "gam",
    "°C": "độ C", "l": "lít", "ml": "mi-li-lít", "đ": "đồng", "VNĐ": "đồng", "VND": "đồng",
    "USD": "đô la Mỹ", "kW": "ki-lô-oát", "kWh": "ki-lô-oát giờ", "MW": "mê-ga-oát",
}
ROMAN_CONTEXT = ("lần thứ", "khóa", "khoá", "thế kỷ", "thế kỉ", "quý", "nhiệm kỳ", "nhiệm kì",
                 "chương", "phần", "chu kỳ", "chu kì", "đại hội", "mục", "điều", "kỳ", "kì",
                 "tập", "hội nghị", "phụ lục")
DATE_CONTEXT = ("ngày", "mùng", "mồng", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "từ",
                "đến", "và", "lễ", "kỷ niệm", "dịp", "trước", "sau", "vào", "hết", "(")
TLDS = "vn|com|org|net|gov|edu|info|int|io"
DOCUMENT_TYPES = frozenset({"QĐ", "KH", "CV", "NĐ", "NQ", "TT", "CT", "TB", "BC", "TTr", "HD",
                            "TTLT", "KL", "CĐ", "QC", "BB"})

_NUM = r"\d+(?:[.,]\d+)*"
_DATE = r"\d{1,2}/\d{1,2}(?:/\d{4})?"
_CODE = r"[A-ZĐ][A-Za-zĐđ]*\d{0,2}(?:-[A-Za-zĐđ]+\d{0,2})*"
_TIME = r"\d{1,2}[hg:]\d{0,2}"
PER_WORDS = {"người": "người", "tháng": "tháng", "năm": "năm", "ngày": "ngày", "giờ": "giờ",
             "h": "giờ", "hộ": "hộ", "lượt": "lượt", "suất": "suất", "tuần": "tuần",
             "kg": "ki lô gam", "ha": "héc ta", "lít": "lít"}


def _sub(pattern: str, repl, text: str, flags: int = 0) -> str:
    return re.sub(pattern, repl, text, flags=flags)


def tidy_punctuation(text: str) -> str:
    """NFC, one space between words, official end marks ("./.") and quotes removed."""
    text = nfc(text).replace("\u00a0", " ")
    text = _sub(r"\s*\./\.\s*$|\s*/\.\s*$", ".", text.strip())
    text = _sub(r"[“”\"«»]", "", text).replace("_", " ")
    text = text.replace("…", "...")
    return " ".join(text.split())


def read_urls(text: str) -> str:
    """Web addresses: "www.nhanquyenvn.org" → "www chấm nhanquyenvn chấm org"."""
    pattern = rf"\b(?:https?://)?((?:[a-z0-9-]+\.)+(?:{TLDS}))\b(?:/[\w/.-]*)?"
    return _sub(pattern, lambda m: m.group(1).replace(".", " chấm "), text, re.I)


def code_part(part: str, lexicon: Lexicon) -> str:
    """One part of a document code: the lexicon's word, "QH14" → "Quốc hội khóa mười bốn",
    else its letters spelt."""
    if part in lexicon.entries:
        return lexicon.entries[part]
    if m := re.fullmatch(r"QH(\d{1,2})", part):
        return f"Quốc hội khóa {integer(int(m.group(1)))}"
    return spell_letters(part)


def read_per_unit(text: str) -> str:
    """"đồng/người" → "đồng một người", "km/h" → "km một giờ": a rate, read as Vietnamese
    news readers do (a bare "/" would otherwise be dropped)."""
    per = "|".join(sorted(PER_WORDS, key=len, reverse=True))
    units = "|".join(re.escape(u) for u in sorted({"đồng", "tấn", "tạ", "lít", *UNITS}, key=len,
                                                   reverse=True))
    return _sub(rf"(?<![^\W\d_])({units})\s*/\s*({per})(?!\w)",
                lambda m: f"{m.group(1)} một {PER_WORDS[m.group(2)]}", text)


def read_code(code: str, lexicon: Lexicon, *, named_type: str = "", then: str = "") -> str:
    """A document code: the lexicon's reading of it whole, else "<type> của <issuer>…" —
    "QĐ-TTg" → "quyết định của Thủ tướng". What the sentence says anyway is left out: the
    type when `named_type` (the words before "số") names it, the issuer when the rest of
    the clause (`then`) names one with "của"."""
    if code in lexicon.entries:
        return lexicon.entries[code]
    parts = code.split("-")
    said = [code_part(part, lexicon) for part in parts]
    issuer_follows = re.search(r"\bcủa\b", re.split(r"[,;.:!?]", then, maxsplit=1)[0], re.I)
    if parts[0] not in DOCUMENT_TYPES or len(parts) == 1:
        return "" if issuer_follows and named_type else " ".join(said)
    kind, issuers = said[0], " ".join(said[1:])
    by = "" if issuer_follows else f"của {issuers}"
    if named_type.lower().endswith(kind.lower()):
        return by
    return f"{kind} {by}".strip()


def read_document_numbers(text: str, lexicon: Lexicon) -> str:
    """"Quyết định số 1079/QĐ-TTg" → "Quyết định số một nghìn không trăm bảy mươi chín của
    Thủ tướng"; "13/2023/NĐ-CP" keeps its year: "mười ba năm hai nghìn không trăm hai mươi ba…"."""
    def repl(m: re.Match[str]) -> str:
        before = re.sub(r"\s*(?:số|số:)?\s*$", "", m.string[:m.start()], flags=re.I)
        words = []
        if m.group(1):
            words.append(integer(int(m.group(1))))
        if m.group(2):
            words.append("năm " + integer(int(m.group(2))))
        words.append(read_code(m.group(3), lexicon, named_type=before,
                               then=m.string[m.end():]))
        return " ".join(w for w in words if w)

    return _sub(rf"(?<![\w/])(\d+)?/(?:(\d{{4}})/)?({_CODE})(?![\w/])", repl, text)


def expand_abbreviations(text: str, lexicon: Lexicon) -> str:
    """Whole-word lexicon entries: UBND → Ủy ban nhân dân, TP. → thành phố."""
    if lexicon.pattern is None:
        return text
    return lexicon.pattern.sub(lambda m: lexicon.entries[m.group(0)], text)


def read_ranges(text: str) -> str:
    """A dash between numbers or dates is "đến": "2023 - 2028" → "2023 đến 2028"."""
    side = rf"(?:{_DATE}|{_TIME}|{_NUM})"
    return _sub(rf"(?<![\w/.,])({side})\s*[-–—]\s*({side})(?![\w/])", r"\1 đến \2", text)


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def month_word(month: int) -> str:
    """Month number as said after "tháng": 4 → tư, else the number (tháng mười hai)."""
    return "tư" if month == 4 else integer(month)


def _date_words(day: int, month: int, year: str | None) -> str:
    words = f"{integer(day)} tháng {month_word(month)}"
    return f"{words} năm {integer(int(year))}" if year else words


def _after_day_word(text: str, start: int) -> bool:
    """Whether "ngày"/"mùng" comes right before `start`, or labels it ("Ngày đăng: …",
    "Ngày ban hành: …"), so it must not be said again."""
    before = text[:start]
    return (re.search(r"(?:ngày|mùng|mồng)\s*$", before, re.I) is not None
            or re.search(r"\bngày(?:\s+\w+){1,2}\s*:\s*$", before, re.I) is not None)


def read_dates(text: str) -> str:
    """dd/mm/yyyy anywhere, and dd/mm after a date word: "ngày 10/12" → "ngày mười tháng
    mười hai"; "(10/12)" → "(ngày mười tháng mười hai)"."""
    def full(m: re.Match[str]) -> str:
        day, month = int(m.group(1)), int(m.group(2))
        if not _valid_date(day, month):
            return m.group(0)
        prefix = "" if _after_day_word(m.string, m.start()) else "ngày "
        return prefix + _date_words(day, month, m.group(3))

    text = _sub(r"(?<![\w/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\w/])", full, text)
    context = "|".join(re.escape(w) for w in DATE_CONTEXT)

    def short(m: re.Match[str]) -> str:
        day, month = int(m.group(2)), int(m.group(3))
        if not _valid_date(day, month):
            return m.group(0)
        prefix = "" if re.search(r"(?:ngày|mùng|mồng)\s*$", m.group(1), re.I) else "ngày "
        return m.group(1) + prefix + _date_words(day, month, None)

    return _sub(rf"((?:^|(?<=\W))(?:{context})\s*)(\d{{1,2}})/(\d{{1,2}})(?![\w/])", short,
                text, re.I)


def read_month_years(text: str) -> str:
    """"tháng 11/2023" or a bare "11/2023" → "tháng mười một năm hai nghìn…"."""
    def repl(m: re.Match[str]) -> str:
        month, year = int(m.group(2)), int(m.group(3))
        quarter = re.search(r"quý\s*$", m.string[:m.start()], re.I)
        if quarter or not (1 <= month <= 12 and 1000 <= year <= 2999):
            return m.group(0)
        return f"{m.group(1) or 'tháng '}{month_word(month)} năm {integer(year)}"

    return _sub(r"(?<![\w/])(tháng\s+)?(\d{1,2})/(\d{4})(?![\w/])", repl, text, re.I)


def read_fractions(text: str) -> str:
    """A slash left between two numbers: "1/2" → "một phần hai"; a day/month out of a
    date context ("kỷ niệm 30/4" is caught earlier) → a date; else "trên"."""
    def repl(m: re.Match[str]) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        if 0 < a < b <= 10:
            return f"{integer(a)} phần {integer(b)}"
        if _valid_date(a, b):
            return "ngày " + _date_words(a, b, None)
        return f"{integer(a)} trên {integer(b)}"

    return _sub(r"(?<![\w/.,])(\d{1,4})/(\d{1,4})(?![\w/])", repl, text)


def read_months(text: str) -> str:
    """"tháng 4" → "tháng tư", "tháng 12" → "tháng mười hai"."""
    return _sub(r"\b(tháng\s+)0?(\d{1,2})(?![\w/.,])",
                lambda m: m.group(1) + month_word(int(m.group(2)))
                if 1 <= int(m.group(2)) <= 12 else m.group(0), text, re.I)


def read_times(text: str) -> str:
    """"7h30" → "bảy giờ ba mươi phút", "14h" → "mười bốn giờ", "07:35" → "bảy giờ ba mươi lăm phút"."""
    def repl(m: re.Match[str]) -> str:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour > 24 or minute > 59:
            return m.group(0)
        words = f"{integer(hour)} giờ"
        return f"{words} {integer(minute)} phút" if minute else words

    text = _sub(r"(?<![\w/.,:])(\d{1,2})[hg](\d{2})?(?:'|p|ph)?(?![\w/])", repl, text)
    return _sub(r"(?<![\w/.,:])(\d{1,2}):(\d{2})(?![\w:/])", repl, text)


def _quarter(written: str) -> int | None:
    value = int(written) if written.isdigit() else roman_value(written)
    return value if value and 1 <= value <= 4 else None


def read_roman_numerals(text: str) -> str:
    """Roman numerals after "lần thứ", "khóa", "thế kỷ", "quý", "nhiệm kỳ", "chương", "phần"…:
    "lần thứ XVII" → "lần thứ mười bảy", "lần thứ IV" → "lần thứ tư"."""
    context = "|".join(re.escape(w) for w in sorted(ROMAN_CONTEXT, key=len, reverse=True))

    def repl(m: re.Match[str]) -> str:
        value = roman_value(m.group(2))
        if value is None:
            return m.group(0)
        said = ordinal(value) if m.group(1).lower().endswith("thứ") else integer(value)
        return f"{m.group(1)} {said}"

    text = _sub(r"\b((?i:quý))\s+([IV]+|[1-4])/(\d{4})\b",
                lambda m: f"{m.group(1)} {integer(_quarter(m.group(2)))} năm "
                          f"{integer(int(m.group(3)))}" if _quarter(m.group(2)) else m.group(0),
                text)
    text = _sub(rf"\b((?i:{context}))\s+([IVXL]+)\b", repl, text)
    # a section heading "II. NỘI DUNG" at the start of a sentence
    return _sub(r"(?:^|(?<=[.!?:;]\s))([IVX]{1,4})\.(?=\s|$)",
                lambda m: integer(v) + "." if (v := roman_value(m.group(1))) else m.group(0),
                text)


def read_ordinals(text: str) -> str:
    """"thứ 1" → "thứ nhất", "lần thứ 5" → "lần thứ năm", "thứ 4" → "thứ tư"."""
    return _sub(r"\b(thứ)\s+0*(\d{1,3})\b", lambda m: f"{m.group(1)} {ordinal(int(m.group(2)))}",
                text, re.I)


def _number_words(token: str) -> str:
    """A number token as written in Vietnamese: 1.000.000, 7,5, 07, 2024, 1.1."""
    if token.startswith("0") and len(re.sub(r"\D", "", token)) >= 9:  # phone 0912.345.678
        return digit_by_digit(token)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return integer(int(token.replace(".", "")))
    if m := re.fullmatch(r"(\d+),(\d+)", token):
        return decimal(m.group(1), m.group(2))
    if "." in token or "," in token:  # section numbers "1.2", lists "1,2,3"
        parts = re.split(r"([.,])", token)
        return " ".join(("chấm" if p == "." else "phẩy") if p in ".," else _number_words(p)
                        for p in parts if p)
    digits = token
    if len(digits) >= 10 or (digits.startswith("0") and len(digits) >= 4):
        return digit_by_digit(digits)
    return integer(int(digits))


def read_percentages(text: str) -> str:
    """"100%" → "một trăm phần trăm", "7,5%" → "bảy phẩy năm phần trăm"."""
    return _sub(rf"(?<![\w.,])({_NUM})\s*%", lambda m: _number_words(m.group(1)) + " phần trăm",
                text)


def read_units(text: str) -> str:
    """A unit after a number: "5 km" → "năm ki-lô-mét", "200 ha" → "hai trăm héc-ta"."""
    units = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    return _sub(rf"(?<![\w.,])({_NUM})\s*({units})(?![\w²³])",
                lambda m: f"{_number_words(m.group(1))} {UNITS[m.group(2)]}", text)


def read_numbers(text: str) -> str:
    """Every remaining number: dot thousands, comma decimals, leading zeros ("07" → "bảy"),
    long digit strings digit by digit."""
    return _sub(rf"(?<![\w]){_NUM}(?![\w])", lambda m: _number_words(m.group(0)), text)


_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?"
                       r"(?:[aeo][iouy]?|[iy][eu]?u?|u[aeioy]?[iu]?|uye|o[ae]i?)"
                       r"(ch|ng|nh|[cmnpt])?")


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
    return _sub(r"\b[A-ZĐ]{2,8}\b",
                lambda m: m.group(0) if is_vietnamese_syllable(m.group(0))
                else spell_letters(m.group(0)), text)


def tidy_for_speech(text: str) -> str:
    """Symbols engines misread become words or pauses; spaces and commas tidied."""
    text = text.replace("&", " và ").replace("+", " cộng ")
    text = _sub(r"\.{3,}|…", ",", text)
    text = _sub(r"\s*[()\[\]]\s*", ", ", text)
    text = _sub(r"(?<=\w)/(?=\w)", " ", text)
    text = _sub(r"\s+[-–—]\s+", ", ", text)
    text = _sub(r"([,;:.!?])(?:\s*,)+", r"\1", text)
    text = _sub(r"[,;:]\s*([.!?])", r"\1", text)
    text = _sub(r",\s*([;:])", r"\1", text)
    text = _sub(r"\s+([,;:.!?])", r"\1", text)
    text = _sub(r"(?<=\w)-(?=\w)", " ", text)
    text = _sub(r"^[,;:\s]+|[,;:\s–—-]+$", "", text)
    return " ".join(text.split())


def pipeline(lexicon: Lexicon) -> list[Step]:
    """The steps, in order, with the lexicon bound where a step needs it."""
    return [
        tidy_punctuation,
        read_urls,
        lambda t: read_document_numbers(t, lexicon),
        lambda t: expand_abbreviations(t, lexicon),
        read_ranges,
        read_dates,
        read_month_years,
        read_fractions,
        read_months,
        read_times,
        read_roman_numerals,
        read_ordinals,
        read_percentages,
        read_per_unit,
        read_units,
        read_numbers,
        spell_acronyms,
        tidy_for_speech,
    ]


def spoken_vi(text: str, lexicon: Lexicon) -> str:
    """The spoken form of Vietnamese `text`."""
    for step in pipeline(lexicon):
        text = step(text)
    return text
