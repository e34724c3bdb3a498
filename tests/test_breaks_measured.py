"""Measured: how often real subtitle cues and laid-out lines break inside a word or a name, on
long sentences from the plans (tests/data/break_sentences.txt).

The judge is not the mechanism under test: words are pyvi's CRF segmenter's (a model trained
on segmented Vietnamese; studio ships pyvi's word list, not its model, so the two share a
source but not a method), names are marked by hand in the data file. A break inside a marked
name longer than the line is forced (no layout can keep it whole) and counted apart.
Goal (issue 14): at most 1 % of breaks inside a word or a name at 42 characters a line, 2 % at
28. Before the word knowledge, these sentences measured 15 % and 20 %.
"""

from __future__ import annotations

import pytest

from helpers_breaks import (LAYOUT_BOXES, Count, count_breaks, layout_lines, parse_sentence,
                            pyvi_inside, read_sentences, subtitle_lines)

SENTENCES = read_sentences()
GOALS = {42: 0.01, 28: 0.02}


def test_the_data_holds_forty_long_real_sentences_with_marked_names():
    assert len(SENTENCES) >= 40
    assert all(len(s.text) >= 70 for s in SENTENCES)
    assert sum(bool(s.names) for s in SENTENCES) >= 20
    assert any(s.text.isupper() for s in SENTENCES)


def test_the_judge_sees_a_cut_word_and_a_cut_name():
    sentence = parse_sentence("UBND tỉnh ban hành Kế hoạch, giao {Sở Văn hóa, Thể thao và "
                              "Du lịch} là cơ quan chủ trì")
    assert 5 in pyvi_inside(sentence.text)  # "Kế | hoạch" (gap k: before word k)
    bad = count_breaks(sentence, ["UBND tỉnh ban hành Kế", "hoạch, giao Sở Văn hóa, Thể thao "
                                  "và", "Du lịch là cơ", "quan chủ trì"])
    assert (bad.breaks, bad.inside, bad.forced) == (3, 3, 0), bad.examples
    good = count_breaks(sentence, ["UBND tỉnh ban hành Kế hoạch,", "giao Sở Văn hóa, Thể thao "
                                   "và Du lịch", "là cơ quan chủ trì"])
    assert (good.breaks, good.inside) == (2, 0)


@pytest.mark.parametrize("line_chars", sorted(GOALS, reverse=True))
def test_subtitle_cues_keep_words_and_names_whole(line_chars):
    total = Count()
    for sentence in SENTENCES:
        lines = subtitle_lines(sentence.text, line_chars)
        assert all(len(line) <= line_chars for line in lines), lines
        total += count_breaks(sentence, lines, line_chars)
    assert total.breaks > 100
    assert total.avoidable_rate <= GOALS[line_chars], total.examples
    assert total.rate <= 2 * GOALS[line_chars] + 0.01, total.examples


@pytest.mark.slow
def test_laid_out_lines_keep_words_and_names_whole():
    total = Count()
    for n, sentence in enumerate(SENTENCES):  # each in one box, in capitals or as written
        box, upper = LAYOUT_BOXES[n % len(LAYOUT_BOXES)], n % 4 >= 2
        total += count_breaks(sentence, layout_lines(sentence.text, box, upper))
    assert total.breaks > 150
    assert total.avoidable_rate <= 0.01, total.examples
    assert total.rate <= 0.04, total.examples
