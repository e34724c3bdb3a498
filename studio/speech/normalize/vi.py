"""Vietnamese text to spoken form: small steps, each turning one kind of token into words.

Order matters: document numbers and dates are read before plain numbers, so that
"số 1079/QĐ-TTg ngày 14/9/2022" is not read as arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from studio.speech.normalize.abbreviations import (expand_abbreviations,
                                                   read_address_initials)
from studio.speech.normalize.acronyms import drop_echoed_acronyms, spell_acronyms
from studio.speech.normalize.documents_vi import read_document_numbers
from studio.speech.normalize.lexicon import Lexicon
from studio.speech.normalize.numbers_vi import (decimal, digit_by_digit, integer, ordinal,
                                                roman_value)
from studio.speech.normalize.phones import read_phone_numbers
from studio.speech.normalize.symbols import (COUNTED_NOUNS, DATE_CONTEXT, PER_BASES,
                                             PER_WORDS, RATIO_BEFORE, ROMAN_CONTEXT,
                                             ROUND_THE_CLOCK, TEMPERATURE_UNITS, TLDS, UNITS,
                                             alternation)
from studio.text import nfc

Step = Callable[[str], str]

_NUM = r"\d+(?:[.,]\d+)*"
_DATE = r"\d{1,2}/\d{1,2}(?:/\d{4})?"
_TIME = r"\d{1,2}[hg:]\d{0,2}"


_UNIT = alternation(UNITS)


def _sub(pattern: str, repl, text: str, flags: int = 0) -> str:
    return re.sub(pattern, repl, text, flags=flags)


def tidy_punctuation(text: str) -> str:
    """NFC, one space between words; official end marks ("./."), quotes, Markdown emphasis
    and list marks removed."""
    text = nfc(text).replace("\u00a0", " ")
    text = _sub(r"\s*\./\.\s*$|\s*/\.\s*$", ".", text.strip())
    text = _sub(r"^[-–—•*+]\s+", "", text)  # a list item's mark is not read
    text = _sub(r"[“”\"«»*]", "", text).replace("_", " ")
    text = text.replace("…", "...")
    return " ".join(text.split())


def read_urls(text: str) -> str:
    """Web addresses: "www.nhanquyenvn.org" → "www chấm nhanquyenvn chấm org"."""
    pattern = rf"\b(?:https?://)?((?:[a-z0-9-]+\.)+(?:{TLDS}))\b(?:/[\w/.-]*)?"
    return _sub(pattern, lambda m: m.group(1).replace(".", " chấm "), text, re.I)


def read_ranges(text: str) -> str:
    """A dash between numbers, dates or times is "đến": "2023 - 2028" → "2023 đến 2028",
    "50-100mm" → "50 đến 100mm", "thứ 2 - thứ 6" → "thứ 2 đến thứ 6"."""
    side = rf"(?:{_DATE}|{_TIME}|{_NUM})"
    end = rf"(?:(?![\w/])|(?=(?:{_UNIT})(?![\w²³])))"
    text = _sub(rf"(?<![\w/.,])({side})\s*[-–—]\s*({side}){end}", r"\1 đến \2", text)
    return _sub(rf"\b([^\W\d_]+)(\s+{_NUM})\s*[-–—]\s*(\1\s+{_NUM})(?![\w/])",
                r"\1\2 đến \3", text, re.I)


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
    context = alternation(DATE_CONTEXT)

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


def _counts(m: re.Match[str]) -> bool:
    """Whether a/b counts things: "9/12 tiêu chí", "5/7 xã", "trực 24/7", "24/24h"."""
    after = rf"\s*(?:{alternation(COUNTED_NOUNS)})(?!\w)"
    return ((int(m.group(1)), int(m.group(2))) in ROUND_THE_CLOCK or bool(m.group(3))
            or re.match(after, m.string[m.end():], re.I) is not None)


def _after_ratio_word(m: re.Match[str]) -> bool:
    """Whether a/b follows a word that makes it a ratio: "đạt 15/19"."""
    before = rf"(?:^|\W)(?:{alternation(RATIO_BEFORE)})\s*$"
    return re.search(before, m.string[:m.start()], re.I) is not None


def read_fractions(text: str) -> str:
    """A slash left between two numbers: a ratio ("đạt 9/12 tiêu chí", "24/7", "24/24h") →
    "chín trên mười hai"; "1/2" → "một phần hai"; else a day/month out of a date context
    ("kỷ niệm 30/4" is caught earlier) → a date, and anything else "trên"."""
    def repl(m: re.Match[str]) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        hours = " giờ" if m.group(3) else ""
        if _counts(m):
            return f"{integer(a)} trên {integer(b)}{hours}"
        if 0 < a < b <= 10:
            return f"{integer(a)} phần {integer(b)}"
        if _valid_date(a, b) and not _after_ratio_word(m):
            return "ngày " + _date_words(a, b, None)
        return f"{integer(a)} trên {integer(b)}"

    return _sub(r"(?<![\w/.,])(\d{1,4})/(\d{1,4})(h)?(?![\w/])", repl, text)


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
    context = alternation(ROMAN_CONTEXT)

    def repl(m: re.Match[str]) -> str:
        value = roman_value(m.group(2))
        if value is None or m.group(2) == "L":  # "loại L" is a size, not fifty
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


def read_per_unit(text: str) -> str:
    """"đồng/người/tháng" → "đồng một người một tháng", "km/h" → "km một giờ": a rate, read
    as Vietnamese news readers do (a bare "/" would otherwise be dropped)."""
    per = alternation(PER_WORDS)

    def repl(m: re.Match[str]) -> str:
        rates = re.findall(rf"/\s*({per})", m.group(2))
        return m.group(1) + "".join(f" một {PER_WORDS[rate]}" for rate in rates)

    text = _sub(rf"(?<![^\W\d_])({alternation({*PER_BASES, *UNITS})})"
                rf"((?:\s*/\s*(?:{per})(?!\w))+)", repl, text)
    # "mm/24h": a rain total over a time, "trong hai mươi tư giờ"
    return _sub(rf"(?<![^\W\d_])({_UNIT})\s*/\s*(\d+)\s*(h|giờ|ngày)(?!\w)",
                lambda m: f"{m.group(1)} trong {m.group(2)} {PER_WORDS[m.group(3)]}", text)


def read_units(text: str) -> str:
    """A unit after a number: "5 km" → "năm ki-lô-mét", "200 ha" → "hai trăm héc-ta";
    a minus before a temperature is "âm": "-2°C" → "âm hai độ C"."""
    text = _sub(rf"(?<![\w.,)])[-–](?=\d+(?:,\d+)?\s*(?:{alternation(TEMPERATURE_UNITS)}))",
                "âm ", text)
    return _sub(rf"(?<![\w.,])({_NUM})\s*({_UNIT})(?![\w²³])",
                lambda m: f"{_number_words(m.group(1))} {UNITS[m.group(2)]}", text)


def read_numbers(text: str) -> str:
    """Every remaining number: dot thousands, comma decimals, leading zeros ("07" → "bảy"),
    long digit strings digit by digit; a number with one capital letter after it is a road
    or a class ("QL1A", "lớp 5A" → "một A", "năm A")."""
    text = _sub(r"(?<![\w.,])(\d{1,4})([A-ZĐ])(?![\w])",
                lambda m: f"{integer(int(m.group(1)))} {m.group(2)}", text)
    return _sub(rf"(?<![\w]){_NUM}(?![\w])", lambda m: _number_words(m.group(0)), text)


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
        lambda t: read_phone_numbers(t, lexicon),
        lambda t: read_document_numbers(t, lexicon),
        lambda t: drop_echoed_acronyms(t, lexicon),
        read_address_initials,
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
