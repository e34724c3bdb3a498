"""Video formats (size and frame rate) and where text may go in each: the safe zones."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from studio.errors import StudioError
from studio.script.model import VIDEO_ALIASES

DEFAULT_FPS = 30.0
TV_FPS = 25.0  # Vietnamese TV is 25 fps
PRESETS: dict[str, tuple[int, int, float]] = {
    "vertical": (1080, 1920, DEFAULT_FPS),  # TikTok, Reels, Shorts, Zalo video
    "landscape": (1920, 1080, DEFAULT_FPS),  # YouTube, LED walls, TV
    "square": (1080, 1080, DEFAULT_FPS),  # Facebook feed
    "portrait": (1080, 1350, DEFAULT_FPS),  # Facebook and Instagram feed, 4:5
    "tv": (1920, 1080, TV_FPS),
}
ALIASES = VIDEO_ALIASES  # the names people use for the presets (the script model's table)
_SIZE = re.compile(r"^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$")
MIN_SIDE, MAX_SIDE = 32, 4096
MIN_FPS, MAX_FPS = 10.0, 60.0
# LED boards are built of P10 modules (32×16 px, mounted either way): a frame whose sides
# are whole modules and whose shorter side is at most this many pixels is drawn for a board.
LED_MODULE_PX = 16
LED_MAX_SHORT_SIDE = 320


class FormatError(StudioError):
    """A `--format`, `--size` or `--fps` value studio cannot render."""


@dataclass(frozen=True)
class SafeZone:
    """Fractions of the frame kept free of text and logos: top and bottom of the height,
    each side of the width."""

    top: float
    side: float
    bottom: float


# Vertical: Meta Reels guidance (platform buttons and captions cover the top 14 %, the sides
# 6 % and the bottom 35 %). Landscape/TV: EBU R 95 graphics-safe area, ~5 % all round.
# Square (Facebook feed): a judgement between the two.
SAFE_ZONES = {
    "vertical": SafeZone(top=0.14, side=0.06, bottom=0.35),
    "landscape": SafeZone(top=0.05, side=0.05, bottom=0.06),
    "square": SafeZone(top=0.06, side=0.06, bottom=0.10),
    # a board has no player buttons: captions take its bottom rows, edge to edge
    "led": SafeZone(top=0.02, side=0.0, bottom=0.0),
}
# Subtitle line length per orientation (Netflix: 42 for Vietnamese; ~28 in vertical video).
LINE_CHARS = {"vertical": 28, "landscape": 42, "square": 34}
CJK_LINE_CHARS = {"vertical": 12, "landscape": 16, "square": 14}


@dataclass(frozen=True)
class VideoFormat:
    """One output format: its name (used in file names), pixel size and frame rate."""

    name: str
    width: int
    height: int
    fps: float = DEFAULT_FPS

    @property
    def orientation(self) -> str:
        """'vertical', 'landscape' or 'square', which picks safe zones and line lengths."""
        aspect = self.width / self.height
        if aspect < 0.8:
            return "vertical"
        if aspect > 1.25:
            return "landscape"
        return "square"

    @property
    def led(self) -> bool:
        """Whether the frame is a small LED board (384×192, 320×160, …: whole P10 modules):
        big one-line captions drawn pixel-exact."""
        return (self.width % LED_MODULE_PX == 0 and self.height % LED_MODULE_PX == 0
                and min(self.width, self.height) <= LED_MAX_SHORT_SIDE)

    @property
    def caption_lines(self) -> int:
        """Lines a caption may take: one on an LED board, two elsewhere."""
        return 1 if self.led else 2

    @property
    def safe_zone(self) -> SafeZone:
        return SAFE_ZONES["led" if self.led else self.orientation]

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    @property
    def fps_arg(self) -> str:
        """The frame rate as ffmpeg wants it ('30', '25', '29.97')."""
        return f"{self.fps:g}"

    def line_chars(self, lang: str) -> int:
        """Subtitle characters per line for this frame and language."""
        table = CJK_LINE_CHARS if lang == "zh" else LINE_CHARS
        return table[self.orientation]


def check_fps(fps: float) -> float:
    """A frame rate in the range players and encoders handle well."""
    if not MIN_FPS <= fps <= MAX_FPS:
        raise FormatError(f"frame rate {fps:g} is out of range",
                          hint=f"use {MIN_FPS:g} to {MAX_FPS:g} (30 for social, 25 for TV)")
    return float(fps)


def parse_size(text: str) -> tuple[int, int]:
    """'320x160' → (320, 160); even sides only, since H.264 4:2:0 needs them."""
    match = _SIZE.match(str(text))
    if not match:
        raise FormatError(f"'{text}' is not a size", hint="write it as WIDTHxHEIGHT, e.g. 320x160")
    width, height = int(match.group(1)), int(match.group(2))
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise FormatError(f"size {width}x{height} is out of range",
                              hint=f"each side must be {MIN_SIDE} to {MAX_SIDE} pixels")
        if side % 2:
            raise FormatError(f"size {width}x{height} has an odd side",
                              hint="H.264 needs even sizes: use e.g. "
                                   f"{width + width % 2}x{height + height % 2}")
    return width, height


def preset_name(text: str) -> str:
    """The preset a name or alias stands for ('tiktok' → 'vertical'), else the name itself."""
    name = str(text).strip().lower()
    return ALIASES.get(name, name)


def parse_format(text: str, fps: float | None = None) -> VideoFormat:
    """A preset name (vertical, landscape, square, portrait, tv), one of its aliases
    (tiktok, 9:16, youtube, 1:1, feed, …) or a size like 320x160."""
    name = preset_name(text)
    if name in PRESETS:
        width, height, preset_fps = PRESETS[name]
        return VideoFormat(name, width, height, check_fps(fps) if fps is not None else preset_fps)
    if _SIZE.match(name):
        width, height = parse_size(name)
        return VideoFormat(f"{width}x{height}", width, height,
                           check_fps(fps) if fps is not None else DEFAULT_FPS)
    from studio.text import did_you_mean
    raise FormatError(f"unknown video format '{text}'",
                      hint=did_you_mean(name, (*PRESETS, *ALIASES)) + " (or a size like 320x160)")


def parse_formats(names: Iterable[str], sizes: Iterable[str] = (), fps: float | None = None
                  ) -> tuple[VideoFormat, ...]:
    """Formats from `--format` names and `--size` values, in order, without repeats;
    `vertical` when none is given."""
    wanted = [*names, *sizes] or ["vertical"]
    out: list[VideoFormat] = []
    for item in wanted:
        fmt = parse_format(item, fps)
        if fmt not in out:
            out.append(fmt)
    return tuple(out)
