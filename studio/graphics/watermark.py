"""The draft watermark band every visual output of an unapproved script carries (its text is
the release's: graphics knows nothing of scripts)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

from studio.errors import TemplateError
from studio.graphics.fonts import spec_for
from studio.graphics.layout import TextBlock, draw_block, fit_text

BAND_COLOUR = (0, 0, 0, 150)
TEXT_COLOUR = (255, 255, 255, 235)
MIN_PX = 6  # the smallest text the mark is drawn in
LINES, SMALL_LINES = 2, 4  # lines of text in the band: as designed, and on a small picture
TEXT_SHARE = 0.8  # of the band's height the text may take
GROWTH = 1.1  # how much larger each size tried for the error's "at least" is


@dataclass(frozen=True)
class Band:
    """Where the band goes in a picture and the text laid out in it."""

    top: int
    height: int
    margin: int
    block: TextBlock


def band_geometry(size: tuple[int, int]) -> tuple[int, int, int]:
    """(top, height, side margin) of the watermark band as designed, for an image of `size`."""
    width, height = size
    band_h = max(12, min(height // 7, width // 6))
    return (height - band_h) // 2, band_h, max(2, width // 30)


def _fitted(text: str, size: tuple[int, int]) -> Band | None:
    """The band for `size`: as designed when the text fits it; on a small picture, a band
    just tall enough for the text at MIN_PX on up to SMALL_LINES lines; None if even the
    whole picture cannot hold it."""
    width, height = size
    top, band_h, margin = band_geometry(size)
    spec, inner = spec_for("vi"), width - 2 * margin
    try:
        block = fit_text(text, spec, inner, band_h * TEXT_SHARE, min_size=MIN_PX,
                         max_size=max(8, band_h), max_lines=LINES)
        return Band(top, band_h, margin, block)
    except TemplateError:
        pass
    try:
        block = fit_text(text, spec, inner, height * TEXT_SHARE, min_size=MIN_PX,
                         max_size=MIN_PX, max_lines=SMALL_LINES)
    except TemplateError:
        return None
    band_h = min(height, math.ceil(block.height / TEXT_SHARE))
    return Band((height - band_h) // 2, band_h, margin, block)


def smallest_size(text: str, size: tuple[int, int]) -> tuple[int, int]:
    """The smallest picture of `size`'s shape (even sides) whose band holds `text`."""
    width, height = size
    scale = 1.0
    while True:
        scale *= GROWTH
        larger = (2 * math.ceil(width * scale / 2), 2 * math.ceil(height * scale / 2))
        if _fitted(text, larger) is not None or scale > 64:
            return larger


def band_for(text: str, size: tuple[int, int]) -> Band:
    """The band that marks a picture of `size`, scaled down to the picture — or, when even
    the whole picture is too small for the text, an error naming the size that works."""
    band = _fitted(text, size)
    if band is None:
        need = smallest_size(text, size)
        raise TemplateError(f"the draft mark '{text}' does not fit a {size[0]}×{size[1]} "
                            "picture", hint=f"a draft needs at least {need[0]}×{need[1]} "
                                            "pixels: render a larger size")
    return band


def with_draft_watermark(image: Image.Image, text: str) -> Image.Image:
    """A copy of `image` with a dark band across its middle reading `text`."""
    width, _ = image.size
    band = band_for(text, image.size)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    overlay.paste(BAND_COLOUR, (0, band.top, width, band.top + band.height))
    draw_block(overlay, band.block, (band.margin, band.top, width - 2 * band.margin,
                                     band.height), fill=TEXT_COLOUR)
    base = image.convert("RGBA")
    marked = Image.alpha_composite(base, overlay)
    return marked.convert(image.mode) if image.mode in ("RGB", "L") else marked


def draw_draft_watermark(image: Image.Image, text: str) -> None:
    """Mark an RGB/RGBA/L `image` as a draft in place, the same band as
    `with_draft_watermark`, but compositing only the band so huge posters stay in memory."""
    width, _ = image.size
    band = band_for(text, image.size)
    region = (0, band.top, width, band.top + band.height)
    overlay = Image.new("RGBA", (width, band.height), BAND_COLOUR)
    draw_block(overlay, band.block, (band.margin, 0, width - 2 * band.margin, band.height),
               fill=TEXT_COLOUR)
    marked = Image.alpha_composite(image.crop(region).convert("RGBA"), overlay)
    image.paste(marked.convert(image.mode), region)
