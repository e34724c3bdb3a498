"""Vietnamese number words, checked by hand and round-tripped through an independent parser."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from studio.speech.normalize.numbers_vi import (decimal, digit_by_digit, integer, ordinal,
                                                roman_value, to_roman)


@pytest.mark.parametrize("n, words", [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (14, "mười bốn"),
    (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"), (24, "hai mươi tư"),
    (25, "hai mươi lăm"), (55, "năm mươi lăm"), (71, "bảy mươi mốt"), (100, "một trăm"),
    (101, "một trăm linh một"), (105, "một trăm linh năm"), (110, "một trăm mười"),
    (115, "một trăm mười lăm"), (180, "một trăm tám mươi"), (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"), (1079, "một nghìn không trăm bảy mươi chín"),
    (1758, "một nghìn bảy trăm năm mươi tám"), (2023, "hai nghìn không trăm hai mươi ba"),
    (2205, "hai nghìn hai trăm linh năm"), (10000, "mười nghìn"),
    (15000, "mười lăm nghìn"), (100000, "một trăm nghìn"), (1000000, "một triệu"),
    (1000005, "một triệu không trăm linh năm"),
    (1050000, "một triệu không trăm năm mươi nghìn"),
    (2500000, "hai triệu năm trăm nghìn"), (1000000000, "một tỷ"),
    (1500000000, "một tỷ năm trăm triệu"), (21000000000, "hai mươi mốt tỷ"),
    (1000000000000, "một nghìn tỷ"),
])
def test_integer_words(n, words):
    assert integer(n) == words


_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
          "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def parse_vi(words: str) -> int:
    """An independent reader of Vietnamese number words (the inverse of `integer`)."""
    total = section = group = 0
    last = 0
    for word in words.split():
        if word in _DIGIT:
            last = _DIGIT[word]
            group += last
        elif word == "mười":
            group += 10
            last = 0
        elif word == "mươi":
            group += last * 9
        elif word == "trăm":
            group += last * 99
        elif word == "linh":
            continue
        elif word == "nghìn":
            section += group * 1000
            group = 0
        elif word == "triệu":
            section += group * 1_000_000
            group = 0
        elif word == "tỷ":
            total = (total + section + group) * 1_000_000_000
            section = group = 0
        else:
            raise ValueError(word)
    return total + section + group


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_integer_round_trips(n):
    words = integer(n)
    assert not any(ch.isdigit() for ch in words)
    assert parse_vi(words) == n


@given(st.integers(min_value=21, max_value=99).filter(lambda n: n % 10 in (1, 4, 5)))
def test_units_after_muoi_are_mot_tu_lam(n):
    assert integer(n).split()[-1] == {1: "mốt", 4: "tư", 5: "lăm"}[n % 10]


def test_decimal_and_digits():
    assert decimal("7", "5") == "bảy phẩy năm"
    assert decimal("3", "14") == "ba phẩy mười bốn"
    assert decimal("2", "05") == "hai phẩy không năm"
    assert digit_by_digit("0912") == "không chín một hai"


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 4, 5, 17)] == ["nhất", "hai", "tư", "năm", "mười bảy"]


@pytest.mark.parametrize("numeral, value", [("I", 1), ("IV", 4), ("IX", 9), ("XV", 15),
                                            ("XVII", 17), ("XXI", 21), ("XL", 40),
                                            ("MCMXLVIII", 1948), ("IIII", None), ("IC", None),
                                            ("ABC", None), ("", None)])
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trips(n):
    assert roman_value(to_roman(n)) == n
