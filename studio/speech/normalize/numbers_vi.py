"""Vietnamese number words: mười/mươi, mốt, lăm, tư, linh, không trăm, nghìn, triệu, tỷ."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")  # then tỷ, and nghìn tỷ above it
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _units_after_tens(units: int) -> str:
    """The units word after `mươi` (21–99): mốt, tư, lăm, else the plain digit."""
    return {1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units])


def two_digits(n: int) -> str:
    """0–99 as words: 10 mười, 15 mười lăm, 21 hai mươi mốt, 24 hai mươi tư, 25 hai mươi lăm."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGITS[units]
    if tens == 1:
        return "mười" if units == 0 else "mười " + ("lăm" if units == 5 else DIGITS[units])
    word = f"{DIGITS[tens]} mươi"
    return word if units == 0 else f"{word} {_units_after_tens(units)}"


def three_digits(n: int, *, full: bool) -> str:
    """0–999; `full` (inside a bigger number) says 'không trăm' and 'linh': 1005 → … không trăm linh năm."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds or full:
        words.append(f"{DIGITS[hundreds]} trăm")
    if rest:
        if rest < 10 and words:
            words.append(f"linh {DIGITS[rest]}")
        else:
            words.append(two_digits(rest))
    return " ".join(words)


def _below_billion(n: int, *, full: bool) -> str:
    """0 < n < 1e9 as words, groups of three: triệu, nghìn, units."""
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    started = full
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if group == 0:
            continue
        words.append(three_digits(group, full=started))
        if SCALES[scale]:
            words.append(SCALES[scale])
        started = True
    return " ".join(words)


def integer(n: int) -> str:
    """Any integer as Vietnamese words (1079 → một nghìn không trăm bảy mươi chín)."""
    if n < 0:
        return "âm " + integer(-n)
    if n < 10:
        return DIGITS[n]
    if n < 100:
        return two_digits(n)
    billions, rest = divmod(n, 1_000_000_000)
    if billions == 0:
        return _below_billion(rest, full=False)
    words = [integer(billions), "tỷ"]
    if rest:
        words.append(_below_billion(rest, full=True))
    return " ".join(words)


def digit_by_digit(digits: str) -> str:
    """Each digit on its own (phone numbers, codes): 0912 → không chín một hai."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def decimal(whole: str, fraction: str) -> str:
    """`7,5` → bảy phẩy năm; `3,14` → ba phẩy mười bốn; `2,05` → hai phẩy không năm."""
    if fraction.startswith("0") or len(fraction) > 2:
        tail = digit_by_digit(fraction)
    else:
        tail = integer(int(fraction))
    return f"{integer(int(whole))} phẩy {tail}"


def ordinal(n: int) -> str:
    """After `thứ`: 1 nhất, 4 tư, else the cardinal (thứ hai, thứ mười bảy)."""
    return {1: "nhất", 4: "tư"}.get(n, integer(n))


def roman_value(numeral: str) -> int | None:
    """Value of a canonical Roman numeral (I–MMMCMXCIX), or None if it is not one."""
    s = numeral.upper()
    if not s or any(c not in ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        value = ROMAN[c]
        total += -value if i + 1 < len(s) and ROMAN[s[i + 1]] > value else value
    return total if 0 < total < 4000 and to_roman(total) == s else None


def to_roman(n: int) -> str:
    """Canonical Roman numeral for 1–3999."""
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
