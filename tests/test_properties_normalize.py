"""Property tests for the spoken form: any text gives a string or a StudioError, the string
is NFC with single spaces, and Vietnamese words with numbers come out with no digit left.

The digit invariant holds for numbers standing apart from letters (between spaces or
punctuation). A digit glued to letters ("H5N1", "m2", "ngày0") is a code the engine spells
itself, and is left as written.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from studio.errors import StudioError
from studio.speech.normalize import load_lexicon, normalize, spoken_form
from studio.speech.normalize.numbers_vi import integer, ordinal, to_roman
from studio.speech.normalize.symbols import ROMAN_CONTEXT

VI = load_lexicon("vi")
LEXICONS = {"vi": VI, "en": load_lexicon("en"), "zh": load_lexicon("zh"),
            "tay": load_lexicon("tay")}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def spoken_or_error(text: str, lang: str = "vi") -> str | None:
    try:
        out = spoken_form(text, lang, LEXICONS[lang])
    except StudioError as exc:
        assert str(exc).strip()
        return None
    assert isinstance(out, str)
    assert unicodedata.is_normalized("NFC", out), (text, out)
    assert out == " ".join(out.split()), (text, out)  # trimmed, single spaces
    return out


# ---- anything at all ---------------------------------------------------------------------

SYMBOLS = st.sampled_from(list("0123456789./,:%-–—()[]IVXLCDMhgpđĐ²³°'\"…&+_ \t\n\u00a0"
                               "\u0301\u0323\u0300"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.one_of(SYMBOLS, st.characters()), max_size=60),
       lang=st.sampled_from(sorted(LEXICONS)))
@example(text="5\u0301", lang="vi")  # a stray accent after a digit composes only at the end
@example(text="2\u0323 tháng", lang="vi")
def test_any_text_gives_nfc_spoken_form(text, lang):
    spoken_or_error(text, lang)


# ---- Vietnamese words and numbers ---------------------------------------------------------

WORDS = ["ngày", "tháng", "năm", "lần thứ", "khóa", "quý", "thế kỷ", "số", "Quyết định", "UBND",
         "TP.", "km", "ha", "kg", "VNĐ", "đồng", "thứ", "mùng", "từ", "đến", "và", "xã", "huyện",
         "QĐ-TTg", "NĐ-CP", "www.nhanquyen.vn", "0912.345.678", "Quyền", nfd("Quyền"),
         nfd("Nghị quyết"), "bà con", "họp", "Điều", "chương", "khoảng", "%", "/", ".", ",",
         "-", "–", "(", ")", ":", "…", "./.", "&", "+", "II.", "XVII", "IV"]
NUMBER = st.one_of(
    st.integers(0, 10**15).map(str),
    st.from_regex(r"\d{1,4}(?:[./,:-]\d{1,4}){0,3}%?", fullmatch=True),
    st.from_regex(r"\d{1,3}(?:\.\d{3}){1,4}(?:,\d{1,2})?", fullmatch=True),  # 1.000.000,5
    st.from_regex(r"\d{1,2}/\d{1,2}/\d{4}", fullmatch=True),
    # a time: "7h30" is read, while "0h60" is not a time and stays a code glued to letters
    st.builds("{}h{:02d}".format, st.integers(0, 24), st.integers(0, 59)),
)
TOKEN = st.one_of(st.sampled_from(WORDS), NUMBER)
SEPARATOR = st.sampled_from([" ", "  ", ", ", ". ", "; ", " (", ") ", " - ", "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(TOKEN, min_size=1, max_size=10),
       separators=st.lists(SEPARATOR, min_size=10, max_size=10))
@example(tokens=["Quyết định", "số", "1079/QĐ-TTg", "ngày", "14/9/2022"], separators=[" "] * 10)
@example(tokens=["tháng", "4/2024", "đạt", "7,5%"], separators=[" "] * 10)
def test_vietnamese_words_and_numbers_leave_no_digit(tokens, separators):
    text = "".join(t + s for t, s in zip(tokens, separators))
    out = spoken_or_error(text)
    assert out is not None
    assert not re.search(r"\d", out), (text, out)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(0, 999_999_999), dotted=st.booleans())
def test_a_number_alone_is_read_as_its_words(n, dotted):
    written = f"{n:,}".replace(",", ".") if dotted else str(n)
    assert spoken_or_error(written) == integer(n)


@settings(max_examples=150, deadline=None)
@given(context=st.sampled_from(ROMAN_CONTEXT), n=st.integers(1, 89).filter(lambda n: n != 50))
def test_roman_numerals_after_their_context_words_are_read(context, n):
    # (a lone "L" is a size: "loại L")
    said = ordinal(n) if context.endswith("thứ") else integer(n)
    assert spoken_or_error(f"{context} {to_roman(n)}") == f"{context} {said}"


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=40))
def test_nfd_and_nfc_input_give_the_same_spoken_form(text):
    assert spoken_or_error(nfd(text)) == spoken_or_error(unicodedata.normalize("NFC", text))


# ---- a project's own lexicon ------------------------------------------------------------

LEXICON_LINES = st.one_of(
    st.sampled_from(["UBND\tỦy ban", "# note", "", "x", "\t", "A\t", "\tB", "TP.\tthành phố",
                     "COVID-19\tcô vít mười chín", "a\\1\t\\g<0>", "(\t)", "*\t+"]),
    st.builds(lambda a, b: f"{a}\t{b}", st.text(min_size=1, max_size=6),
              st.text(max_size=6)))


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LEXICON_LINES, max_size=6), text=st.text(max_size=30))
def test_any_project_lexicon_gives_a_spoken_form_or_a_clean_error(project, lines, text):
    project.lexicon("\n".join(lines))
    try:
        out = normalize(text + " UBND 12", "vi", project.root)
    except StudioError as exc:
        assert "lexicon" in str(exc) or "vi.tsv" in str(exc)
    else:
        assert unicodedata.is_normalized("NFC", out)


# ---- bulletin forms ------------------------------------------------------------------------

DIGIT_WORDS = {"không": "0", "một": "1", "hai": "2", "ba": "3", "bốn": "4", "năm": "5",
               "sáu": "6", "bảy": "7", "tám": "8", "chín": "9"}


def digits_said(words: str) -> str:
    """The digits a digit-by-digit reading says (an independent reader of the words)."""
    return "".join(DIGIT_WORDS[w] for w in words.split())


@settings(max_examples=150, deadline=None)
@given(digits=st.from_regex(r"0[35789][0-9]{8}", fullmatch=True),
       grouping=st.sampled_from([(4, 3, 3), (3, 3, 4), (10,)]),
       separator=st.sampled_from([" ", ".", "-", ""]),
       label=st.sampled_from(["", "SĐT: ", "Gọi ", "Hotline: ", "liên hệ ", "ĐT: "]))
def test_a_phone_number_is_read_digit_by_digit_however_it_is_grouped(digits, grouping,
                                                                      separator, label):
    groups, start = [], 0
    for size in grouping:
        groups.append(digits[start:start + size])
        start += size
    out = spoken_or_error(label + separator.join(groups))
    assert digits_said(" ".join(w for w in out.replace(":", " ").split()
                                if w in DIGIT_WORDS)) == digits, out


@settings(max_examples=100, deadline=None)
@given(call=st.sampled_from(["gọi", "Gọi ngay", "gọi ngay số", "Đường dây nóng", "Tổng đài",
                             "Cấp cứu", "Cứu hỏa", "Cảnh sát", "hotline"]),
       number=st.sampled_from(["111", "112", "113", "114", "115", "1022"]))
def test_a_hotline_after_its_call_word_is_read_digit_by_digit(call, number):
    out = spoken_or_error(f"{call} {number}.")
    assert out.endswith(" ".join(DIGIT_WORDS_BY_DIGIT[d] for d in number) + "."), out


DIGIT_WORDS_BY_DIGIT = {d: w for w, d in DIGIT_WORDS.items()}


@settings(max_examples=100, deadline=None)
@given(before=st.sampled_from(["Xã có", "kêu gọi", "liên hệ", "Năm nay", "Đã hỗ trợ"]),
       n=st.integers(100, 99_999), noun=st.sampled_from(["hộ", "người", "thôn", "học sinh"]))
def test_a_count_stays_a_count(before, n, noun):
    assert spoken_or_error(f"{before} {n} {noun}.") == f"{before} {integer(n)} {noun}."


SYLLABLES = ["Hội", "Nông", "dân", "Phụ", "nữ", "Ban", "Quản", "lý", "Trung", "tâm", "Văn",
             "hóa", "Thể", "thao", "Đoàn", "Thanh", "niên", "Bảo", "vệ", "rừng"]


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=6))
def test_an_acronym_of_the_words_before_it_is_not_read_again(words):
    name = " ".join(words)
    initials = "".join(w[0].upper() for w in words)
    assert spoken_or_error(f"{name} ({initials}) xã họp.") == spoken_or_error(f"{name} xã họp.")


@settings(max_examples=100, deadline=None)
@given(a=st.integers(0, 500), b=st.integers(0, 500),
       unit=st.sampled_from(["mm", "m", "km", "kg", "ha", "°C", "%", " mm", " tấn"]))
def test_a_range_with_a_unit_says_den(a, b, unit):
    out = spoken_or_error(f"khoảng {a}-{b}{unit}")
    assert out.startswith(f"khoảng {integer(a)} đến {integer(b)} "), out
