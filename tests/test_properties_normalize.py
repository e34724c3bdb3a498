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
from studio.speech.normalize.vi import ROMAN_CONTEXT

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
@given(context=st.sampled_from(ROMAN_CONTEXT), n=st.integers(1, 89))
def test_roman_numerals_after_their_context_words_are_read(context, n):
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
