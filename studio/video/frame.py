"""Where things go on a video frame: safe area, logo corner, headline box, subtitle band,
and the subtitle font size that fits a full line of the format's length."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from studio.graphics.fonts import FontSpec, load_font
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


def frame_layout(fmt: VideoFormat, spec: FontSpec, lang: str, *, has_logo: bool,
                 words: Words | None = None) -> FrameLayout:
    """The boxes for one format: logo in the safe area's top-right corner, the headline
    under it, subtitles on the safe area's bottom edge."""
    sx, sy, sw, sh = safe_box(fmt)
    unit = min(fmt.width, fmt.height)
    pad = max(2, round(unit * 0.018))
    logo_side = max(8, round(unit * 0.11)) if has_logo else 0
    logo = (sx + sw - logo_side, sy, logo_side, logo_side)
    top = sy + (logo_side + pad if has_logo else 0)
    headline = (sx, top, sw, max(12, round(sh * 0.28)))
    size = subtitle_size(spec, fmt.line_chars(lang), sw - 2 * pad, fmt.height, lang)
    return FrameLayout(fmt.width, fmt.height, (sx, sy, sw, sh), logo, headline, sy + sh, size,
                       pad, words)
