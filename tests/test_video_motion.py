"""Motion and transitions, measured on real clips: a photo scene's frames change over time
(and stay still with `motion: none`), a frame at a cut is a blend of the two scenes, a slide
moves one picture in from the side, and narration keeps its place across every transition."""

from __future__ import annotations

import numpy as np
import pytest
import srt
from PIL import Image

from helpers_project import ProjectMaker
from helpers_video import frame_at, hand_narration, report, rms_db
from studio.video import prepare_video, render_video

pytestmark = pytest.mark.slow

SCRIPT = """\
---
title: Chuyển cảnh
lang: vi
---
## Cảnh một
![Một](images/stripes.png)

Câu thứ nhất của cảnh một.

## Cảnh hai
![Hai](images/dots.png)

> Nước sạch cho mọi nhà

Câu thứ hai của cảnh hai.

## Kết thúc
Cảm ơn bà con đã lắng nghe.
"""
SECONDS = {0: [2.0], 1: [2.0], 2: [1.5]}
LEAD = 0.3
CUT = LEAD + 2.0  # where scene two starts
SKY = slice(70, 130)  # rows above the title and the subtitles in a 270×480 frame


def pictures(maker: ProjectMaker) -> None:
    """Two photos with detail to move: blue-white stripes, and orange dots on green."""
    x = np.arange(400)[None, :, None]
    stripes = np.where((x // 20) % 2 == 0, (30, 60, 200), (240, 240, 240)) * np.ones((700, 1, 1))
    Image.fromarray(stripes.astype(np.uint8)).save(maker.place("assets/images/stripes.png"))
    yy, xx = np.mgrid[0:700, 0:400]
    dots = ((yy % 40 - 20) ** 2 + (xx % 40 - 20) ** 2) < 100
    picture = np.where(dots[..., None], (250, 140, 0), (20, 120, 40)).astype(np.uint8)
    Image.fromarray(picture).save(maker.place("assets/images/dots.png"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The script rendered at 270×480 in several styles, with the same narration."""
    maker = ProjectMaker(tmp_path_factory.mktemp("motion"))
    pictures(maker)
    script = maker.approved("chuyen-canh.md", raw=SCRIPT, by="Ban biên tập")
    narration = hand_narration(script, maker.root / "narration", durations=SECONDS)
    styles = {"default": {}, "still": {"motion": "none"},
              "cut": {"motion": "none", "transition": "cut"},
              "slide": {"motion": "none", "transition": "slide"}, "lively": {"motion": "lively"},
              "hidden": {"headings": "hide", "transition": "cut"},
              "highlight": {"captions": "highlight", "motion": "none", "transition": "cut"},
              "bed": {"bed": "calm", "motion": "none", "transition": "cut"},
              "signature": {"signature": "on", "motion": "none", "transition": "cut"},
              "top": {"caption_position": "top", "caption_background": "band",
                      "motion": "none", "transition": "cut"}}
    out = {}
    for name, style in styles.items():
        job = prepare_video(script, formats=["270x480"], project=maker.proj,
                            out=maker.root / name, style=style)
        out[name] = render_video(job, narration=narration)[0]
    return out


def pixels(video, t: float) -> np.ndarray:
    return np.asarray(frame_at(video, t)).astype(float)


def test_photos_move_by_default_and_stay_still_without_motion(rendered):
    moving = np.abs(pixels(rendered["default"], 0.2)[SKY] - pixels(rendered["default"], 1.9)[SKY])
    still = np.abs(pixels(rendered["still"], 0.2)[SKY] - pixels(rendered["still"], 1.9)[SKY])
    assert moving.mean() > 8  # stripes a few pixels off over 1.7 s
    assert still.mean() < 2  # the same picture, bar compression
    lively = np.abs(pixels(rendered["lively"], 0.2)[SKY] - pixels(rendered["lively"], 1.9)[SKY])
    assert lively.mean() > moving.mean()


def test_a_frame_at_the_cut_is_a_blend_of_both_scenes(rendered):
    video = rendered["still"]
    before, after = pixels(video, CUT - 0.35)[SKY], pixels(video, CUT + 0.35)[SKY]
    middle = pixels(video, CUT)[SKY]
    assert np.abs(before - after).mean() > 60  # two different pictures
    blend = (before + after) / 2
    assert np.abs(middle - blend).mean() < np.abs(middle - before).mean() / 3
    assert np.abs(middle - blend).mean() < np.abs(middle - after).mean() / 3
    cut = rendered["cut"]
    below = slice(150, 220)  # under the headline that comes in at the cut
    hard = pixels(cut, CUT + 0.02)[below]
    assert np.abs(hard - pixels(cut, CUT + 0.35)[below]).mean() < 3  # a cut: no blend


def test_a_slide_brings_the_next_picture_in_from_the_side(rendered):
    """Halfway through a slide the old picture (stripes: much blue) is on the left and the
    new one (dots: little blue) on the right, each whole, where a crossfade mixes them."""
    blue = pixels(rendered["slide"], CUT)[SKY][..., 2]
    assert blue[:, :100].mean() > 170 and blue[:, -100:].mean() < 90
    mixed = pixels(rendered["still"], CUT)[SKY][..., 2]
    assert 90 < mixed[:, -100:].mean() < 170


@pytest.mark.parametrize("name", ["default", "cut", "slide"])
def test_length_and_cues_do_not_move_with_the_transition(rendered, name):
    video = rendered[name]
    assert report(video).duration == pytest.approx(LEAD + 4.0 + 1.5 + 2.0, abs=0.07)
    cues = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    assert cues[0].start.total_seconds() == pytest.approx(LEAD, abs=0.01)
    assert cues[1].start.total_seconds() == pytest.approx(CUT, abs=0.01)


def yellow(frame: np.ndarray) -> np.ndarray:
    return (frame[..., 0] > 200) & (frame[..., 1] > 200) & (frame[..., 2] < 80)


def test_the_headline_comes_in_at_the_start_of_its_scene(rendered):
    video = rendered["cut"]
    top = slice(60, 140)
    counts = [yellow(pixels(video, CUT + t)[top]).sum() for t in (0.05, 0.2, 0.6, 1.5)]
    assert counts[0] < counts[1] < counts[2]  # coming in
    assert counts[2] == pytest.approx(counts[3], rel=0.05) and counts[3] > 300  # then in place


def test_a_heading_without_a_picture_is_shown_or_hidden(rendered):
    t = CUT + 2.0 + 0.8  # the scene without a picture
    shown = yellow(pixels(rendered["cut"], t)[100:300]).sum()
    hidden = pixels(rendered["hidden"], t)
    assert shown > 500  # the heading in big yellow capitals
    assert yellow(hidden[100:300]).sum() == 0
    assert np.abs(hidden[20, 20] - (218, 37, 29)).max() < 12  # still the house-style red


def test_the_highlighted_word_moves_along_the_line_as_it_is_spoken(rendered):
    video = rendered["highlight"]
    band = slice(240, 320)  # the subtitle band of a 270×480 frame

    def marked_x(t: float) -> float:
        frame = pixels(video, t)[band]
        columns = np.nonzero(yellow(frame).sum(axis=0) > 2)[0]
        assert columns.size > 3, f"no highlighted word at {t} s"
        return columns.mean()

    xs = [marked_x(LEAD + t) for t in (0.15, 0.9, 1.85)]  # one cue, 'Câu thứ nhất …'
    assert xs[0] < xs[1] < xs[2]
    assert yellow(pixels(rendered["still"], LEAD + 0.9)[band]).sum() == 0  # boxed: no mark


def test_captions_can_sit_at_the_top_on_a_full_width_band(rendered):
    frame = pixels(rendered["top"], LEAD + 3.0)  # scene two, under its headline
    white = (frame.min(axis=2) > 225)
    rows = np.nonzero(white.sum(axis=1) > 3)[0]
    assert rows.size and rows.min() > 100 and rows.max() < 240  # up top, not in the band
    bottom = pixels(rendered["still"], LEAD + 3.0)
    assert (bottom[240:320].min(axis=2) > 225).sum() > (frame[240:320].min(axis=2) > 225).sum()
    dark = frame[rows.min():rows.max(), :8].mean()  # the band reaches the frame's edge
    assert dark < pixels(rendered["still"], LEAD + 3.0)[rows.min():rows.max(), :8].mean() - 20


def test_the_built_in_bed_plays_under_the_closing_and_the_signature_opens(rendered):
    closing = LEAD + 5.5 + 0.1  # the closing card: no voice, the bed alone (fading)
    assert rms_db(rendered["bed"], closing, 0.4) > -45
    assert rms_db(rendered["cut"], closing, 0.4) < -60  # no music unless asked
    assert rms_db(rendered["signature"], 0.02, 0.2) > -40  # the tune before the first words
    assert rms_db(rendered["cut"], 0.02, 0.2) < -60
