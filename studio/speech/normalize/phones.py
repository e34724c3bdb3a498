"""Phone numbers and hotlines, read digit by digit in Vietnamese and in English.

A number that looks like a phone number (0912 345 678, 0205.3812.345, +84 912 345 678,
1900 1234) is one wherever it stands. A short number is a hotline only after a word that
says so ("gọi 113", "Tổng đài 1022", "call 113"), or, for the emergency numbers, after the
service's name ("Cấp cứu 115", "Police 113"): "113 hộ" stays a hundred and thirteen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from studio.speech.normalize.lexicon import Lexicon
from studio.speech.normalize.numbers_vi import digit_by_digit
from studio.speech.normalize.symbols import (CALL_WORDS, COUNTED_NOUNS, ENGLISH_DIGITS,
                                             HOTLINES, LIST_JOINERS, PER_BASES, PHONE_GLUE,
                                             SERVICE_AFTER, SERVICE_WORDS, UNITS, alternation)

_SEP = r"[ .-]?"
PHONE = (r"(?:\+|\(\+)84\)?[ .]?\d{2,3}(?:" + _SEP + r"\d{3,4}){2}"
         r"|\(0\d{2,3}\)\s?\d{3,4}" + _SEP + r"\d{3,4}"
         r"|0\d{2,3}" + _SEP + r"\d{3,4}" + _SEP + r"\d{3,4}"
         r"|1[89]00" + _SEP + r"\d{3,4}(?:" + _SEP + r"\d{3})?")
_PHONE = re.compile(rf"(?<![\w.,/+])(?:{PHONE})(?![\w]|[.,/]\d)")
_NUMBER = r"\d{3,}(?:[ .]\d{3,4})*"


@dataclass(frozen=True)
class PhoneWords:
    """How one language says a phone number; `lang` picks the words that announce one."""

    lang: str
    say_digits: Callable[[str], str]
    plus: str


def english_digits(digits: str) -> str:
    """Each digit in English: "113" → "one one three"."""
    return " ".join(ENGLISH_DIGITS[int(d)] for d in digits if d.isdigit())


VI = PhoneWords("vi", digit_by_digit, "cộng")
EN = PhoneWords("en", english_digits, "plus")


def is_phone_number(written: str) -> bool:
    """Whether `written` has as many digits as a Vietnamese phone number of its kind."""
    digits = re.sub(r"\D", "", written)
    if written.lstrip("(").startswith("+"):
        return len(digits) in (11, 12)
    if digits.startswith("0"):
        return len(digits) in (10, 11)
    return len(digits) in (8, 10)  # 1800 1567, 1900 561 588


def say_number(written: str, words: PhoneWords) -> str:
    """A phone number or hotline digit by digit ("+84 912…" → "cộng tám bốn chín một hai…")."""
    plus = f"{words.plus} " if written.lstrip("(").startswith("+") else ""
    return plus + words.say_digits(written)


def read_phone_labels(text: str, lexicon: Lexicon) -> str:
    """A `phone` lexicon entry right before a phone number: "ĐT: 0912…" → "điện thoại: 0912…"
    ("ĐT" alone may be đầu tư or đào tạo, so it is left as written elsewhere)."""
    if not lexicon.phone_labels:
        return text
    labels = alternation(tuple(lexicon.phone_labels))
    return re.sub(rf"(?<![\w])({labels})(?![\w])(?=\s*:?\s*(?:{PHONE}|\d{{6,}}))",
                  lambda m: lexicon.phone_labels[m.group(1)], text)


def read_phone_formats(text: str, words: PhoneWords) -> str:
    """Anything shaped like a phone number, digit by digit."""
    return _PHONE.sub(lambda m: say_number(m.group(0), words) if is_phone_number(m.group(0))
                      else m.group(0), text)


def read_hotlines(text: str, words: PhoneWords) -> str:
    """Numbers announced as ones to call, and lists of them ("gọi 113, 114 hoặc 115");
    an emergency number before or after its service's name ("Cấp cứu 115", "114 (Cứu hỏa)")."""
    lang = words.lang
    glue = (rf"(?:\s*(?:{alternation(PHONE_GLUE[lang])})\b|\s*[:(]"
            r"|(?:\s+[^\W\d_]+){1,4}\s*:)*\s*")  # "Đường dây nóng của tỉnh: 1022"
    joiner = rf"\s*(?:{alternation(LIST_JOINERS[lang])})\s*"
    hotline = alternation(tuple(HOTLINES))

    def numbers(m: re.Match[str]) -> str:
        if not is_called(m.group("numbers"), m.string[m.end():]):
            return m.group(0)
        return m.group("before") + re.sub(_NUMBER, lambda n: say_number(n.group(0), words),
                                          m.group("numbers"))

    call = rf"(?<!kêu )\b(?:{alternation(CALL_WORDS[lang])})"
    service = rf"\b(?:{alternation(SERVICE_WORDS[lang])})"
    listed = rf"(?P<numbers>{_NUMBER}(?:{joiner}{_NUMBER})*)(?![\w])"
    text = re.sub(rf"(?P<before>{call}{glue}){listed}", numbers, text, flags=re.I)
    text = re.sub(rf"(?P<before>{service}{glue})(?P<numbers>(?:{hotline}))(?![\w])",
                  numbers, text, flags=re.I)
    return re.sub(rf"(?<![\w.,])({hotline})(?={SERVICE_AFTER[lang]}{service})",
                  lambda m: say_number(m.group(1), words), text, flags=re.I)


def is_called(numbers: str, after: str) -> bool:
    """Whether numbers after a call word are ones to call: yes, unless a single number
    counts the noun after it ("liên hệ 120 hộ", "100.000 đồng")."""
    if len(re.findall(_NUMBER, numbers)) > 1:
        return True
    counted = alternation((*COUNTED_NOUNS, *PER_BASES, *UNITS))
    return not re.match(rf"\s*(?:{counted})(?!\w)", after, re.I)


def read_phone_numbers(text: str, lexicon: Lexicon, words: PhoneWords = VI) -> str:
    """Phone numbers and hotlines digit by digit, with their labels said in full."""
    return read_hotlines(read_phone_formats(read_phone_labels(text, lexicon), words), words)
