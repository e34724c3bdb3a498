"""Where things go on a video frame: safe area, logo corner, headline box, subtitle band,
and the subtitle font size that fits a full line of the format's length."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from studio.graphics.fonts import FontSpec, load_font, spec_for
from studio.graphics.layout import Box, text_width
from studio.graphics.words import Words
from studio.video.formats import VideoFormat

# A typical line of narration per script, to size subtitles so a full line fits the width.
SAMPLE_LINES = {
    "zh": "每年十二月十日是世界人权日越南是七项核心国际人权公约的缔约国",
    "en": "Welcome to Lang Son, a border province where many ethnic groups live",
    "vi": "Nhà nước luôn tôn trọng, bảo vệ và bảo đảm quyền con người, quyền công dân",
}
SUBTITLE_MAX_HEIGHT = 0.06  # of the frame height: big enough to read, never shouting
LINE_SPACING = 1.15
LED_GLYPH_PX = 12  # an LED board's capitals are at least this many pixels (LEDs) high
LED_TEXT_SHARE = 0.12  # an LED caption's size, of the board's height, when that is larger
LED_LINE_MARGIN = 0.9  # LED lines are counted short of the full width: they never shrink


@dataclass(frozen=True)
class FrameLayout:
    """Boxes (x, y, width, height) on a frame of one format."""

    width: int
    height: int
    safe: Box
    logo: Box
    headline: Box
    subtitle_bottom: int  # subtitles sit just above the bottom band kept clear
    subtitle_size: int
    pad: int
    # what the line breaks of its cards and headlines know of words (the job's)
    words: Words | None = field(default=None, compare=False, repr=False)
    led: bool = False  # an LED board: text pixel-exact (no anti-aliasing), opaque, one line
    min_text: int = 6  # the least font size any text may shrink to

    @property
    def unit(self) -> int:
        return min(self.width, self.height)


def safe_box(fmt: VideoFormat) -> Box:
    """The area inside the format's safe zone."""
    zone = fmt.safe_zone
    x = round(fmt.width * zone.side)
    y = round(fmt.height * zone.top)
    return x, y, fmt.width - 2 * x, fmt.height - y - round(fmt.height * zone.bottom)


@functools.lru_cache(maxsize=64)
def subtitle_size(spec: FontSpec, line_chars: int, width: int, frame_height: int,
                  lang: str) -> int:
    """Largest font size at which `line_chars` characters of typical text fit `width`."""
    sample = SAMPLE_LINES.get(lang, SAMPLE_LINES["vi"])
    sample = (sample * 2)[:line_chars]
    low, high = 6, max(6, int(frame_height * SUBTITLE_MAX_HEIGHT))
    while low < high:
        mid = (low + high + 1) // 2
        if text_width(sample, load_font(spec, mid)) <= width:
            low = mid
        else:
            high = mid - 1
    return low


@functools.lru_cache(maxsize=64)
def led_size(spec: FontSpec, height: int) -> int:
    """The LED caption size: the least at which a capital is LED_GLYPH_PX high, or a share of
    the board's height when that is larger."""
    size = 6
    while -load_font(spec, size).getbbox("H", anchor="ls")[1] < LED_GLYPH_PX:
        size += 1
    return max(size, round(height * LED_TEXT_SHARE))


@functools.lru_cache(maxsize=64)
def chars_fitting(spec: FontSpec, size: int, width: int, lang: str) -> int:
    """How many characters of typical text fit `width` at `size` (at least 4)."""
    sample = SAMPLE_LINES.get(lang, SAMPLE_LINES["vi"]) * 4
    font = load_font(spec, size)
    n = 4
    while n < len(sample) and text_width(sample[:n + 1], font) <= width:
        n += 1
    return n


def caption_chars(fmt: VideoFormat, lang: str) -> int:
    """Characters a caption line may hold: the format's line length, or on an LED board as
    many as fit one line at its big size (with room for wide letters)."""
    if not fmt.led:
        return fmt.line_chars(lang)
    spec = spec_for(lang)
    sx, _, sw, _ = safe_box(fmt)
    pad = frame_pad(fmt)
    return max(4, int(chars_fitting(spec, led_size(spec, fmt.height), sw - 2 * pad, lang)
                      * LED_LINE_MARGIN))


def frame_pad(fmt: VideoFormat) -> int:
    """The padding around texts and inside their boxes."""
    return max(2, round(min(fmt.width, fmt.height) * 0.018))


def frame_layout(fmt: VideoFormat, spec: FontSpec, lang: str, *, has_logo: bool,
                 words: Words | None = None) -> FrameLayout:
    """The boxes for one format: logo in the safe area's top-right corner, the headline
    under it, subtitles on the safe area's bottom edge."""
    sx, sy, sw, sh = safe_box(fmt)
    unit = min(fmt.width, fmt.height)
    pad = frame_pad(fmt)
    logo_side = max(8, round(unit * 0.11)) if has_logo else 0
    logo = (sx + sw - logo_side, sy, logo_side, logo_side)
    top = sy + (logo_side + pad if has_logo else 0)
    headline = (sx, top, sw, max(12, round(sh * 0.28)))
    if fmt.led:
        size = led_size(spec, fmt.height)
        return FrameLayout(fmt.width, fmt.height, (sx, sy, sw, sh), logo, headline, sy + sh,
                           size, pad, words, led=True, min_text=led_size(spec, 0))
    size = subtitle_size(spec, fmt.line_chars(lang), sw - 2 * pad, fmt.height, lang)
    return FrameLayout(fmt.width, fmt.height, (sx, sy, sw, sh), logo, headline, sy + sh, size,
                       pad, words)
