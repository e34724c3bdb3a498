"""Painting a template's background and each kind of layer onto a canvas (in place).

Each painter returns the box it actually drew, so tests and the renderer can check that text
stayed inside the safe area.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

from studio.graphics.images import as_rgb_or_rgba, contain, cover_crop, open_image, paste
from studio.graphics.layout import TextBlock, draw_block
from studio.poster.qr import qr_image
from studio.poster.template_model import (Background, BandLayer, Box, Canvas, ImageLayer,
                                            QRLayer, ShapeLayer, TextLayer)


def paint_background(canvas: Canvas, background: Background, image_path: Path | None
                     ) -> Image.Image:
    """A new RGB canvas (trim + bleed) painted with the background colour, gradient or image."""
    size = canvas.size
    if image_path is not None:
        photo = as_rgb_or_rgba(open_image(image_path))
        covered = cover_crop(photo, size, background.focal)
        if covered.mode == "RGB":
            return covered  # the cover-cropped photo is the canvas: no second full-size copy
        base = Image.new("RGB", size, background.colour)
        paste(base, covered, (0, 0))
        return base
    if background.gradient is not None:
        return gradient(size, background.gradient.start, background.gradient.end,
                        background.gradient.direction)
    return Image.new("RGB", size, background.colour)


def paint_background_rows(canvas: Canvas, background: Background, image_path: Path | None,
                          rows: tuple[int, int]) -> Image.Image:
    """Rows [first, end) of what `paint_background` paints, as their own image: a colour or
    a gradient is painted for those rows only; a photo is covered whole, then cut."""
    first, end = rows
    width = canvas.size[0]
    if image_path is None and background.gradient is None:
        return Image.new("RGB", (width, end - first), background.colour)
    if image_path is None:
        g = background.gradient
        return gradient(canvas.size, g.start, g.end, g.direction, rows)
    return paint_background(canvas, background, image_path).crop((0, first, width, end))


def gradient(size: tuple[int, int], start, end, direction: str = "vertical",
             rows: tuple[int, int] | None = None) -> Image.Image:
    """A linear gradient, built as one strip and stretched (fast and small on huge canvases);
    `rows`: only rows [first, end) of it."""
    width, height = size
    steps = height if direction == "vertical" else width
    strip = Image.new("RGB", (1, steps) if direction == "vertical" else (steps, 1))
    pixels = strip.load()
    for i in range(steps):
        t = i / max(1, steps - 1)
        colour = tuple(int(round(a + (b - a) * t)) for a, b in zip(start, end))
        pixels[(0, i) if direction == "vertical" else (i, 0)] = colour
    first, last = rows or (0, height)
    if direction == "vertical":
        strip = strip.crop((0, first, 1, last))
    return strip.resize((width, last - first), Image.Resampling.NEAREST)


def paint_text(image: Image.Image | None, layer: TextLayer, box: Box, block: TextBlock,
               stroke: int, pixel_exact: bool) -> Box:
    """Draw a laid-out text block inside `box` (inset by the stroke, so it stays inside);
    `image` None measures the ink's box without drawing."""
    x, y, w, h = box
    inner = (x + stroke, y + stroke, w - 2 * stroke, h - 2 * stroke)
    return draw_block(image, block, inner, fill=layer.colour, align=layer.align,
                      valign=layer.valign, stroke_width=stroke,
                      stroke_fill=layer.stroke_colour if stroke else None,
                      antialias=not pixel_exact)


def aligned(size: tuple[int, int], box: Box, align: str, valign: str) -> tuple[int, int]:
    """Top-left for something of `size` placed in `box` with the given alignment."""
    x, y, w, h = box
    left = {"left": x, "right": x + w - size[0]}.get(align, x + (w - size[0]) // 2)
    top = {"top": y, "bottom": y + h - size[1]}.get(valign, y + (h - size[1]) // 2)
    return left, top


def paint_image(image: Image.Image, layer: ImageLayer, box: Box, path: Path) -> Box:
    """A photo or logo in `box`: cover-cropped around its focal point, or contained."""
    picture = as_rgb_or_rgba(open_image(path))
    x, y, w, h = box
    if layer.fit == "cover":
        fitted, origin = cover_crop(picture, (w, h), layer.focal), (x, y)
    else:
        fitted = contain(picture, (w, h))
        origin = aligned(fitted.size, box, layer.align, layer.valign)
    paste(image, fitted, origin)
    return (*origin, *fitted.size)


def paint_qr(image: Image.Image, layer: QRLayer, box: Box, data: str, where: str) -> Box:
    """A QR code as large as fits in `box`, whole pixels per module."""
    side = min(box[2], box[3])
    code = qr_image(data, side, dark=layer.colour, light=layer.background,
                    border=layer.border, where=where)
    origin = aligned(code.size, box, layer.align, layer.valign)
    image.paste(code, origin)
    return (*origin, *code.size)


def paint_shape(image: Image.Image, layer: ShapeLayer | BandLayer, box: Box, radius: int = 0
                ) -> Box:
    """A rectangle (optionally rounded), ellipse or five-pointed star filling `box`; a band
    is a rectangle."""
    x, y, w, h = box
    shape = getattr(layer, "shape", "rect")
    if w <= 0 or h <= 0:  # a band of size 0: nothing to paint (Pillow refuses empty shapes)
        return box
    if shape == "rect" and radius == 0 and layer.opacity >= 1.0:
        image.paste(layer.colour, (x, y, x + w, y + h))
        return box
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    alpha = int(round(255 * layer.opacity))
    if shape == "ellipse":
        draw.ellipse((0, 0, w - 1, h - 1), fill=alpha)
    elif shape == "star":
        draw.polygon(star_points(w, h), fill=alpha)
    else:
        draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=radius, fill=alpha)
    image.paste(layer.colour, (x, y), mask)
    return box


def star_points(width: int, height: int) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star centred in a width×height box, point up."""
    cos36 = math.cos(math.radians(36))
    outer = min(width / (2 * math.sin(math.radians(72))), height / (1 + cos36))
    inner = outer * math.cos(math.radians(72)) / cos36
    cx, cy = width / 2, (height - outer * (1 + cos36)) / 2 + outer
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + 36 * i)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def snap_to_palette(image: Image.Image, colours) -> Image.Image:
    """Every pixel mapped to its nearest colour in `colours` (no dithering): an LED board's
    output then holds only the template's colours."""
    flat = [channel for colour in colours for channel in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(colours)))
    return image.convert("RGB").quantize(palette=palette,
                                         dither=Image.Dither.NONE).convert("RGB")
