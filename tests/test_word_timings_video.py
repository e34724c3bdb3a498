"""Highlighted captions follow the engine's word times (`Sentence.words`) rather than the
estimate by letters: measured on the frames of a real clip."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from helpers_project import ProjectMaker
from helpers_video import frame_at, hand_narration
from studio.speech.model import SpokenWord
from studio.video import prepare_video, render_video

pytestmark = pytest.mark.slow

SCRIPT = """\
---
title: Từng chữ
lang: vi
video: {captions: highlight, motion: none, transition: cut}
---
## Một
Câu thứ nhất của cảnh một.
"""
LEAD = 0.3
BAND = slice(240, 320)  # the subtitle band of a 270×480 frame


def with_slow_first_word(narration):
    """The engine's times: 'Câu' drawn out over 1.5 s of the 2 s, the rest said quickly."""
    scene = narration.scenes[0]
    (sentence,) = scene.sentences
    quick = [(0.3 + 0.1 * i) for i in range(6)]
    words = (SpokenWord("Câu", 0.0, 1.5),) + tuple(
        SpokenWord(w, 1.5 + d - 0.3, 1.6 + d - 0.3)
        for w, d in zip(sentence.text.split()[1:], quick))
    return replace(narration, scenes=(replace(scene, sentences=(
        replace(sentence, words=words),)),))


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    maker = ProjectMaker(tmp_path_factory.mktemp("words"))
    script = maker.approved("tung-chu.md", raw=SCRIPT, by="Ban biên tập")
    estimated = hand_narration(script, maker.root / "narration", durations={0: [2.0]})
    out = {}
    for name, narration in (("estimated", estimated), ("engine", with_slow_first_word(estimated))):
        job = prepare_video(script, formats=["270x480"], project=maker.proj,
                            out=maker.root / name)
        out[name] = render_video(job, narration=narration)[0]
    return out


def marked_x(video, t: float) -> float:
    frame = np.asarray(frame_at(video, t)).astype(float)[BAND]
    yellow = (frame[..., 0] > 200) & (frame[..., 1] > 200) & (frame[..., 2] < 80)
    columns = np.nonzero(yellow.sum(axis=0) > 2)[0]
    assert columns.size > 3, f"no highlighted word at {t} s"
    return float(columns.mean())


def test_the_highlight_stays_on_a_word_the_engine_says_slowly(clips):
    engine = [marked_x(clips["engine"], LEAD + t) for t in (0.2, 1.2, 1.95)]
    assert abs(engine[0] - engine[1]) < 3  # still 'Câu' at 1.2 s, as the engine said it
    assert engine[2] > engine[1] + 40  # then the last words, quickly


def test_without_engine_times_the_estimate_has_moved_on(clips):
    estimated = [marked_x(clips["estimated"], LEAD + t) for t in (0.2, 1.2)]
    assert estimated[1] > estimated[0] + 20
