"""LED boards (384×192 and other whole-P10-module sizes), measured on a real rendered clip:
one-line captions in the SRT, caption text drawn only in the board's colours (no
anti-aliased edges) and capitals at least 12 LEDs high — where the same clip at a size that
is not a board has two-line captions, blended edges and small letters."""

from __future__ import annotations

import numpy as np
import pytest
import srt
from PIL import Image

from helpers_project import ProjectMaker
from helpers_video import frame_at, hand_narration
from studio.graphics.fonts import spec_for
from studio.graphics.style import BLACK, WHITE
from studio.video import prepare_video, render_video
from studio.video.formats import parse_format
from studio.video.frame import LED_GLYPH_PX, caption_chars, frame_layout

SCRIPT = """\
---
title: Bảng điện tử
lang: vi
---
## Nước sạch
![Giếng](images/field.png)

> Nước sạch cho mọi nhà

Hôm nay Ủy ban nhân dân xã Hữu Lũng thông báo lịch cấp nước sạch cho toàn bộ các thôn.

## Kết thúc
Cảm ơn bà con đã lắng nghe thông báo của Ủy ban nhân dân xã.
"""
SECONDS = {0: [5.0], 1: [4.0]}


@pytest.mark.parametrize("size", ["192x96", "320x160", "384x192", "480x240"])
def test_board_sizes_get_led_captions_and_others_do_not(size):
    fmt = parse_format(size)
    layout = frame_layout(fmt, spec_for("vi"), "vi", has_logo=False)
    assert fmt.led and fmt.caption_lines == 1 and layout.led
    assert layout.min_text >= LED_GLYPH_PX
    assert 10 <= caption_chars(fmt, "vi") < fmt.line_chars("vi") * 2
    for other in ("270x480", "320x180", "vertical", "landscape"):
        assert not parse_format(other).led and parse_format(other).caption_lines == 2


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """The script rendered as a 384×192 board and, for contrast, at 380×190 (not whole
    modules), with motion and crossfades as by default."""
    maker = ProjectMaker(tmp_path_factory.mktemp("led"))
    rows = np.linspace(40, 200, 300)[:, None, None]
    field = np.concatenate([rows * 0.3, rows * 0.8, rows * 0.4], axis=2) * np.ones((1, 600, 1))
    Image.fromarray(field.astype(np.uint8)).save(maker.place("assets/images/field.png"))
    script = maker.approved("bang.md", raw=SCRIPT, by="Ban biên tập")
    narration = hand_narration(script, maker.root / "narration", durations=SECONDS)
    out = {}
    for size in ("384x192", "380x190"):
        job = prepare_video(script, formats=[size], project=maker.proj, out=maker.root / size)
        out[size] = render_video(job, narration=narration)[0]
    return out


def cues(video) -> list[srt.Subtitle]:
    return list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))


def caption_band(frame: Image.Image) -> np.ndarray:
    """The caption's rows: the lowest run of rows near-black at both edges (the band spans
    the board's width; its text is centred)."""
    a = np.asarray(frame).astype(int)
    dark = (a[:, :6].max(axis=(1, 2)) < 60) & (a[:, -6:].max(axis=(1, 2)) < 60)
    rows = np.flatnonzero(dark)
    bottom = rows.max()
    top = bottom
    while top - 1 >= 0 and dark[top - 1]:
        top -= 1
    return a[top:bottom + 1]


def ink_height(band: np.ndarray) -> int:
    """Height of the tallest unbroken run of rows holding light text pixels (a capital or
    an ascender, without the separate marks above it)."""
    rows = (band.min(axis=2) > 160).sum(axis=1) >= 1
    best = run = 0
    for lit in rows:
        run = run + 1 if lit else 0
        best = max(best, run)
    return best


def off_palette(band: np.ndarray, colours=(BLACK, WHITE), tolerance: float = 40.0) -> float:
    """Share of the band's pixels farther than `tolerance` from every board colour."""
    flat = band.reshape(-1, 3)
    distance = np.min([np.linalg.norm(flat - np.array(c), axis=1) for c in colours], axis=0)
    return float(np.mean(distance > tolerance))


@pytest.mark.slow
def test_led_captions_are_one_line_and_the_other_size_two(clips):
    led, other = cues(clips["384x192"]), cues(clips["380x190"])
    assert all(len(c.content.splitlines()) == 1 for c in led)
    assert any(len(c.content.splitlines()) == 2 for c in other)
    assert len(led) > len(other)  # the same words, in more and shorter cues
    said = " ".join(c.content.replace("\n", " ") for c in led)
    assert said == " ".join(c.content.replace("\n", " ") for c in other)


@pytest.mark.slow
def test_led_caption_text_is_big_and_only_in_the_board_colours(clips):
    for cue in cues(clips["384x192"]):
        middle = (cue.start + (cue.end - cue.start) / 2).total_seconds()
        band = caption_band(frame_at(clips["384x192"], middle))
        assert ink_height(band) >= LED_GLYPH_PX, cue.content
        assert off_palette(band) < 0.01, cue.content
    cue = cues(clips["380x190"])[0]
    middle = (cue.start + (cue.end - cue.start) / 2).total_seconds()
    plain = np.asarray(frame_at(clips["380x190"], middle)).astype(int)
    sub = plain[120:175]  # the translucent box over the photo, its letters anti-aliased
    assert off_palette(sub) > 0.2
    assert ink_height(sub) < LED_GLYPH_PX
