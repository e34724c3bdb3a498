"""The shared text layout: NFC, word wrap at spaces, even lines broken at the right places,
shrink-to-fit, coverage, drawing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from studio.errors import FontError, TemplateError
from studio.graphics.fonts import load_font, spec_for
from studio.graphics.layout import (best_lines, break_costs, draw_block, fit_text, prepare,
                                    text_width, vertical_metrics, wrap_words)

SPEC = spec_for("vi", 800)
WORDS = ["chung", "tay", "bảo", "vệ", "quyền", "trẻ", "em", "VIỆT", "NAM", "ỖN", "ẶNG",
         "người", "nghĩa", "vụ", "công", "dân", "đoàn", "kết"]


def test_prepare_nfc_spaces_and_upper():
    nfd = unicodedata.normalize("NFD", "  quyền   trẻ\tem ")
    assert prepare(nfd) == "quyền trẻ em"
    upper = prepare(nfd, upper=True)
    assert upper == "QUYỀN TRẺ EM"
    assert unicodedata.is_normalized("NFC", upper)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14),
       st.integers(min_value=120, max_value=600))
def test_wrap_breaks_only_at_spaces_and_respects_width(words, width):
    font = load_font(SPEC, 40)
    text = " ".join(words)
    lines = wrap_words(text, font, width)
    if any(text_width(w, font) > width for w in words):
        assert lines is None
        return
    assert " ".join(lines) == text  # no word was split or lost
    assert all(text_width(line, font) <= width for line in lines)


def test_best_lines_keep_line_count_and_even_lines():
    font = load_font(SPEC, 40)
    text = "chung tay bảo vệ quyền trẻ em và quyền con người"
    width = text_width(text, font) * 0.8  # forces two lines, the greedy one very uneven
    greedy = wrap_words(text, font, width)
    even = best_lines(text, font, width, len(greedy))
    assert len(even) == len(greedy) == 2
    assert " ".join(even) == text
    spread = lambda ls: abs(text_width(ls[0], font) - text_width(ls[1], font))  # noqa: E731
    assert spread(even) < spread(greedy)
    assert all(text_width(line, font) <= width for line in even)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=14),
       st.integers(min_value=2, max_value=4), st.floats(min_value=0.3, max_value=1.0))
def test_best_lines_lose_no_word_and_respect_the_width(words, count, share):
    font = load_font(SPEC, 40)
    text = " ".join(words)
    width = max(text_width(text, font) * share, max(text_width(w, font) for w in words))
    lines = best_lines(text, font, width, count)
    if lines is not None:
        assert len(lines) == count and " ".join(lines) == text
        assert all(text_width(line, font) <= width for line in lines)


def test_break_costs_protect_names_and_words_and_favour_clauses():
    costs = dict(zip(["Cán", "bộ", "xã", "Hữu", "Lũng,", "bảo", "vệ", "con", "người"],
                     break_costs("Cán bộ xã Hữu Lũng, bảo vệ con người", "vi")))
    assert costs["Lũng,"] > 100  # "Hữu | Lũng": inside a name
    assert costs["bảo"] < 0  # after the comma: a good place
    assert 0 < costs["người"] < costs["Lũng,"]  # "con | người": inside a word, not a name
    assert costs["con"] == costs["xã"] == 0
    phrase = break_costs("quyền con người", "vi")  # "quyền | con người" is a fair break
    assert phrase[1] == 0 and phrase[2] > 0
    # set in capitals, the names are told from the text as written
    upper = break_costs("CÁN BỘ XÃ HỮU LŨNG", "vi", written="Cán bộ xã Hữu Lũng")
    assert upper[4] > 100 and upper[3] == upper[2] == 0 and 0 < upper[1] < upper[4]  # cán bộ
    # written all in capitals, capitals mark no names; words still count
    shouting = break_costs("QUYỀN CON NGƯỜI Ở XÃ", "vi")  # "con người" only
    assert shouting[2] > 0 and shouting[1] == shouting[3] == shouting[4] == 0


@pytest.mark.parametrize("text, upper, whole", [
    ("Nhiệt liệt hưởng ứng Ngày Quyền con người thế giới 10/12!", True,
     ["HƯỞNG ỨNG", "CON NGƯỜI"]),
    ("Cán bộ xã Hữu Lũng Lạng Sơn đến từng nhà dân tuyên truyền về quyền con người", False,
     ["Lạng Sơn", "Hữu Lũng", "con người"]),
])
def test_fit_text_gives_up_a_little_size_to_keep_names_and_words_whole(text, upper, whole):
    block = fit_text(text, SPEC, 1000, 400, min_size=10, max_size=120, max_lines=3,
                     upper=upper)
    assert " ".join(block.lines) == prepare(text, upper=upper)
    for pair in whole:
        first, second = pair.split(" ")
        assert not any(a.endswith(" " + first) and b.startswith(second + " ")
                       or a == first and b.startswith(second)
                       for a, b in zip(block.lines, block.lines[1:])), block.lines
    greedy_size = _largest_size_that_fits(prepare(text, upper=upper), 1000, 400)
    assert greedy_size * 0.8 <= block.size <= greedy_size


def _largest_size_that_fits(text: str, width: int, height: int) -> int:
    """The size the layout would choose if it ignored where the lines break."""
    from studio.graphics.layout import layout_at
    for size in range(120, 9, -1):
        block = layout_at(text, SPEC, size, width, max_lines=3, balanced=False)
        if block and block.height <= height and block.width <= width:
            return size
    return 10


def test_fit_text_shrinks_longer_text_and_stays_in_the_box():
    short = fit_text("Đoàn kết!", SPEC, 600, 200, min_size=10, max_size=150, max_lines=3)
    long = fit_text("Chung tay bảo vệ quyền trẻ em và quyền con người ở mọi nơi!", SPEC,
                    600, 200, min_size=10, max_size=150, max_lines=3)
    assert short.size == 150 or short.width > 560  # short text grows to the max or the width
    assert long.size < short.size
    for block in (short, long):
        assert block.width <= 600 and block.height <= 200 and len(block.lines) <= 3


def test_fit_text_cannot_fit_names_text_and_place():
    with pytest.raises(TemplateError) as err:
        fit_text("Một khẩu hiệu rất dài " * 8, SPEC, 100, 40, min_size=20, max_size=40,
                 max_lines=1, where="template 'x', layer 'headline'")
    message = str(err.value)
    assert "does not fit" in message and "layer 'headline'" in message
    assert "Một khẩu hiệu" in message


def test_missing_glyph_is_an_error_naming_the_character():
    with pytest.raises(FontError) as err:
        fit_text("Xin chào 漢", SPEC, 400, 100, min_size=10, max_size=40)
    assert "漢" in str(err.value) and "U+6F22" in str(err.value)


def test_cjk_face_covers_chinese():
    block = fit_text("保护儿童权利", spec_for("zh"), 400, 100, min_size=10, max_size=60)
    assert block.spec.family == "Noto Sans SC"


def test_stacked_diacritics_get_room_above_capitals():
    font = load_font(SPEC, 100)
    ascent, descent = vertical_metrics(font)
    for capital in "ỆỖẶẲẮẰẴẨẪẤẦỔỐỒỂẾỀỄ":  # Ẳ is the tallest in Be Vietnam Pro
        top = font.getbbox(capital, anchor="ls")[1]
        assert ascent >= -top, capital  # the stacked marks stay inside the line box


def test_draw_block_returns_a_box_holding_all_the_ink_inside_the_box():
    image = Image.new("RGB", (800, 400), (0, 0, 0))
    block = fit_text("ỖN ẶNG VIỆT NAM", SPEC, 700, 300, min_size=10, max_size=200)
    x, y, w, h = draw_block(image, block, (50, 50, 700, 300), fill=(255, 255, 0))
    ink = image.getbbox()
    assert x <= ink[0] and y <= ink[1] and ink[2] <= x + w and ink[3] <= y + h
    slack = max(4, w // 50)  # side bearings: a tight box, not the whole area
    assert ink[0] - x <= slack and ink[1] - y <= slack
    assert x + w - ink[2] <= slack and y + h - ink[3] <= slack
    assert 50 <= x and 50 <= y and x + w <= 750 and y + h <= 350


def test_draw_block_without_antialias_uses_only_the_two_colours():
    image = Image.new("RGB", (320, 80), (0, 0, 0))
    block = fit_text("QUYỀN TRẺ EM", spec_for("vi", 700), 300, 60, min_size=8, max_size=40)
    draw_block(image, block, (10, 10, 300, 60), fill=(255, 255, 0), antialias=False)
    assert {c for _, c in image.getcolors()} == {(0, 0, 0), (255, 255, 0)}
    smooth = Image.new("RGB", (320, 80), (0, 0, 0))
    draw_block(smooth, block, (10, 10, 300, 60), fill=(255, 255, 0))
    assert len(smooth.getcolors(10000)) > 2  # the default still anti-aliases
    assert ImageChops.difference(image, smooth).getbbox() is not None


def test_chinese_wraps_between_characters_never_before_closing_punctuation():
    from studio.graphics.fonts import load_font, spec_for
    from studio.graphics.layout import break_units, fit_text, wrap_words
    text = "尊重和保障人权，是全社会的共同责任。"
    assert [u for _, u in break_units(text)][:6] == ["尊", "重", "和", "保", "障", "人"]
    assert ("", "权，") in break_units(text)
    font = load_font(spec_for("zh"), 40)
    lines = wrap_words(text, font, 200)
    assert lines and len(lines) > 1 and "".join(lines) == text
    assert not any(line[0] in "，。" for line in lines)
    block = fit_text(text, spec_for("zh"), 300, 300, min_size=20, max_size=80, max_lines=4)
    assert "".join(block.lines) == text and len(block.lines) > 1


def test_mixed_latin_and_cjk_keeps_spaces_between_words():
    from studio.graphics.layout import break_units
    assert break_units("Lạng Sơn 人权 day") == [("", "Lạng"), (" ", "Sơn"), (" ", "人"),
                                                 ("", "权"), (" ", "day")]
