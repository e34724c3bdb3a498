"""The draft watermark band every visual output of an unapproved script carries (its text is
the release's: graphics knows nothing of scripts)."""

from __future__ import annotations

from PIL import Image

from studio.graphics.fonts import spec_for
from studio.graphics.layout import draw_block, fit_text

BAND_COLOUR = (0, 0, 0, 150)
TEXT_COLOUR = (255, 255, 255, 235)


def band_geometry(size: tuple[int, int]) -> tuple[int, int, int]:
    """(top, height, side margin) of the watermark band for an image of `size`."""
    width, height = size
    band_h = max(12, min(height // 7, width // 6))
    return (height - band_h) // 2, band_h, max(2, width // 30)


def with_draft_watermark(image: Image.Image, text: str) -> Image.Image:
    """A copy of `image` with a dark band across its middle reading `text`."""
    width, height = image.size
    band_top, band_h, margin = band_geometry(image.size)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    overlay.paste(BAND_COLOUR, (0, band_top, width, band_top + band_h))
    block = fit_text(text, spec_for("vi"), width - 2 * margin, band_h * 0.8, min_size=6,
                     max_size=max(8, band_h), max_lines=2)
    draw_block(overlay, block, (margin, band_top, width - 2 * margin, band_h), fill=TEXT_COLOUR)
    base = image.convert("RGBA")
    marked = Image.alpha_composite(base, overlay)
    return marked.convert(image.mode) if image.mode in ("RGB", "L") else marked


def draw_draft_watermark(image: Image.Image, text: str) -> None:
    """Mark an RGB/RGBA/L `image` as a draft in place, the same band as
    `with_draft_watermark`, but compositing only the band so huge posters stay in memory."""
    width, _ = image.size
    band_top, band_h, margin = band_geometry(image.size)
    region = (0, band_top, width, band_top + band_h)
    overlay = Image.new("RGBA", (width, band_h), BAND_COLOUR)
    block = fit_text(text, spec_for("vi"), width - 2 * margin, band_h * 0.8, min_size=6,
                     max_size=max(8, band_h), max_lines=2)
    draw_block(overlay, block, (margin, 0, width - 2 * margin, band_h), fill=TEXT_COLOUR)
    marked = Image.alpha_composite(image.crop(region).convert("RGBA"), overlay)
    image.paste(marked.convert(image.mode), region)
