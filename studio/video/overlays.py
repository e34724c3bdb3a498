"""What is drawn over a scene's picture: the headline band, the logo and a subtitle cue.

Everything is drawn once per picture with Pillow (never per video frame). Each function
draws onto an RGB still or onto a transparent RGBA layer (for scenes that are video files).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PIL import Image, ImageDraw

from studio.graphics.fonts import (LATIN_FAMILY, FontSpec, load_font, missing_characters,
                                   spec_for)
from studio.graphics.images import contain
from studio.graphics.layout import (TextBlock, draw_block, fit_text, text_width,
                                    vertical_metrics)
from studio.graphics.style import BLACK, RED, WHITE, YELLOW
from studio.video.cues import TRANSLATION_SCALE
from studio.video.frame import LINE_SPACING, FrameLayout

SUBTITLE_BOX = (0, 0, 0, 165)  # translucent black behind white text: readable on any photo
TRANSLATION_WEIGHT = 500  # a translation is set one step lighter than the subtitle's bold
HEADLINE_ALPHA = 235


def text_spec(text: str, lang: str, weight: int = 700) -> FontSpec:
    """The language's face, or the Vietnamese-complete Latin face when only it has every
    character (an approver's Vietnamese name in a Chinese script)."""
    primary = spec_for(lang, weight)
    if primary.family != LATIN_FAMILY and missing_characters(text, primary.path):
        latin = FontSpec(LATIN_FAMILY, weight)
        if not missing_characters(text, latin.path):
            return latin
    return primary


@functools.lru_cache(maxsize=128)
def metrics(spec: FontSpec, size: int) -> tuple[int, int]:
    """(ascent, descent) with room for stacked diacritics, measured once per face and size."""
    return vertical_metrics(load_font(spec, size))


def lines_block(lines: Sequence[str], spec: FontSpec, size: int,
                line_spacing: float = LINE_SPACING) -> TextBlock:
    """A TextBlock of lines already broken (subtitle lines must match the SRT exactly)."""
    font = load_font(spec, size)
    ascent, descent = metrics(spec, size)
    line_height = max(int(round(size * line_spacing)), ascent + descent // 2)
    width = int(max(text_width(line, font) for line in lines))
    height = (len(lines) - 1) * line_height + ascent + descent
    return TextBlock(tuple(lines), spec, size, line_height, width, height)


def fitted_lines(lines: Sequence[str], spec: FontSpec, size: int, max_width: int) -> TextBlock:
    """`lines` at `size`, shrunk just enough when an unusually wide line overflows."""
    block = lines_block(lines, spec, size)
    while block.width > max_width and size > 6:
        size = max(6, int(size * max_width / block.width))
        block = lines_block(lines, spec, size)
        if block.width > max_width:
            size -= 1
            block = lines_block(lines, spec, size)
    return block


def composite(canvas: Image.Image, layer: Image.Image, origin: tuple[int, int]) -> None:
    """Lay an RGBA `layer` over `canvas` at `origin` (in place), blending its transparency."""
    if canvas.mode == "RGBA":
        canvas.alpha_composite(layer, origin)
    else:
        canvas.paste(layer.convert("RGB"), origin, layer)


def subtitle_band(block: TextBlock, layout: FrameLayout, fill: tuple[int, ...]
                  ) -> Image.Image:
    """`block` in `fill` with a thin black outline on a translucent rounded box, as wide as
    the safe area allows."""
    sw = layout.safe[2]
    pad_x, pad_y = layout.pad, max(2, layout.pad // 2)
    box_w, box_h = min(sw, block.width + 2 * pad_x), block.height + 2 * pad_y
    band = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
    ImageDraw.Draw(band).rounded_rectangle((0, 0, box_w - 1, box_h - 1), radius=pad_y,
                                           fill=SUBTITLE_BOX)
    draw_block(band, block, (0, pad_y, box_w, block.height), fill=tuple(fill) + (255,),
               stroke_width=max(1, block.size // 20), stroke_fill=BLACK + (255,))
    return band


def place_band(canvas: Image.Image, band: Image.Image, layout: FrameLayout, bottom: int
               ) -> tuple[int, int, int, int]:
    """Lay `band` centred in the safe area with its bottom edge at `bottom`; returns its box."""
    sx, _, sw, _ = layout.safe
    x, y = sx + (sw - band.width) // 2, bottom - band.height
    composite(canvas, band, (x, y))
    return x, y, band.width, band.height


def translation_spec(text: str, lang: str) -> FontSpec:
    """The face of a translation line: its own language's, one weight lighter than the
    subtitle's bold."""
    return text_spec(text, lang, TRANSLATION_WEIGHT)


def draw_subtitle(canvas: Image.Image, lines: Sequence[str], layout: FrameLayout,
                  spec: FontSpec, *, translation: Sequence[str] = (),
                  translation_lang: str = "vi") -> tuple[int, int, int, int]:
    """White text on a translucent box, centred, its bottom on the subtitle line — or, with a
    `translation`, just above the translation's own smaller yellow box, which then sits on
    the line. Returns the box drawn (x, y, width, height) around both."""
    width = layout.safe[2] - 2 * layout.pad
    bottom, boxes = layout.subtitle_bottom, []
    if translation:
        size = max(6, round(layout.subtitle_size * TRANSLATION_SCALE))
        block = fitted_lines(translation, translation_spec(" ".join(translation),
                                                           translation_lang), size, width)
        boxes.append(place_band(canvas, subtitle_band(block, layout, YELLOW), layout, bottom))
        bottom = boxes[-1][1] - max(2, layout.pad // 2)  # a clear gap: two boxes, not one
    block = fitted_lines(lines, spec, layout.subtitle_size, width)
    boxes.append(place_band(canvas, subtitle_band(block, layout, WHITE), layout, bottom))
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def draw_headline(canvas: Image.Image, text: str, layout: FrameLayout, lang: str, *,
                  ground=RED, where: str = "") -> int:
    """The scene's blockquote headline: yellow capitals on a red band at the top of the safe
    area. Returns the band's bottom edge."""
    x, y, w, h = layout.headline
    pad = layout.pad
    spec = text_spec(text.upper(), lang)
    block = fit_text(text, spec, w - 2 * pad, h - 2 * pad, min_size=6,
                     max_size=max(8, round(layout.unit * 0.065)), max_lines=3, upper=True,
                     where=where, lang=lang)
    band_w, band_h = min(w, block.width + 2 * pad), block.height + 2 * pad
    band = Image.new("RGBA", (band_w, band_h), tuple(ground) + (HEADLINE_ALPHA,))
    draw_block(band, block, (pad, pad, band_w - 2 * pad, block.height), fill=YELLOW + (255,))
    composite(canvas, band, (x + (w - band_w) // 2, y))
    return y + band_h


def draw_logo(canvas: Image.Image, logo: Image.Image, box: tuple[int, int, int, int]) -> None:
    """The logo inside `box`, right-aligned and top-aligned (in place)."""
    x, y, w, h = box
    if w <= 0 or h <= 0:
        return
    scaled = contain(logo.convert("RGBA"), (w, h))
    composite(canvas, scaled, (x + w - scaled.width, y))
