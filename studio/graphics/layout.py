"""The one text-layout module: word wrap, shrink-to-fit, balanced lines, drawing.

Posters, video cards and burned-in subtitles all lay text out through here, so Vietnamese
wraps only at spaces and stacked diacritics (Ệ, Ỗ, Ặ) always get room above the capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from studio.errors import TemplateError
from studio.graphics.fonts import FontSpec, load_font, require_coverage
from studio.text import nfc

Box = tuple[int, int, int, int]  # x, y, width, height
# Capitals with two marks stacked above; in Be Vietnam Pro Ẳ stands ~5 % above Ệ/Ỗ/Ặ.
STACKED_CAPITALS = "ỆỖẶẲẮẰẴẨẪẤẦỔỐỒỂẾỀỄ"


@dataclass(frozen=True)
class TextBlock:
    """Lines laid out at one font size, with the block's pixel extent."""

    lines: tuple[str, ...]
    spec: FontSpec
    size: int
    line_height: int
    width: int
    height: int

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return load_font(self.spec, self.size)


def prepare(text: str, *, upper: bool = False) -> str:
    """NFC, single spaces, optional upper case (on NFC text, so diacritics survive)."""
    text = re.sub(r"\s+", " ", nfc(text)).strip()
    return nfc(text.upper()) if upper else text


def text_width(text: str, font: ImageFont.FreeTypeFont) -> float:
    """Advance width of `text` in pixels."""
    return font.getlength(text)


_IDEOGRAPH = re.compile(r"[\u2e80-\u2fff\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_PIECES = re.compile(r"[\u2e80-\u2fff\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff]"
                     r"|[^\u2e80-\u2fff\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_NO_LINE_START = set("，。、；：！？）》」』】,.;:!?)%")


def break_units(text: str) -> list[tuple[str, str]]:
    """(separator, unit) pairs a line may break between: words after a space, and each CJK
    character on its own (joined without a space); closing punctuation stays with what it
    follows, so no line starts with '，' or '。'."""
    units: list[tuple[str, str]] = []
    for word in text.split(" "):
        separator = " " if units else ""
        for piece in _PIECES.findall(word):
            if units and not separator and piece[0] in _NO_LINE_START:
                units[-1] = (units[-1][0], units[-1][1] + piece)
            else:
                units.append((separator, piece))
            separator = ""
    return units


def wrap_words(text: str, font: ImageFont.FreeTypeFont, max_width: float,
               max_chars: int | None = None) -> list[str] | None:
    """Greedy wrap at spaces (and between CJK characters); None if one unbreakable unit is
    wider than `max_width`."""
    lines: list[str] = []
    current = ""
    for separator, unit in break_units(text):
        if text_width(unit, font) > max_width or (max_chars and len(unit) > max_chars):
            return None
        trial = f"{current}{separator}{unit}" if current else unit
        if current and (text_width(trial, font) > max_width or
                        (max_chars and len(trial) > max_chars)):
            lines.append(current)
            current = unit
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def balance(text: str, font: ImageFont.FreeTypeFont, max_width: float, line_count: int,
            max_chars: int | None = None) -> list[str]:
    """Narrowest wrap that keeps `line_count` lines, so lines come out of similar length."""
    best = wrap_words(text, font, max_width, max_chars) or [text]
    low, high = max(text_width(u, font) for _, u in break_units(text)), max_width
    while high - low > 1:
        mid = (low + high) / 2
        lines = wrap_words(text, font, mid, max_chars)
        if lines is not None and len(lines) <= line_count:
            best, high = lines, mid
        else:
            low = mid
    return best


def vertical_metrics(font: ImageFont.FreeTypeFont) -> tuple[int, int]:
    """(ascent, descent) covering stacked diacritics above capitals (Ệ, Ỗ) and descenders."""
    ascent, descent = font.getmetrics()
    top = font.getbbox(STACKED_CAPITALS, anchor="ls")[1]
    bottom = font.getbbox("gjpqyỵ", anchor="ls")[3]
    return max(ascent, -top), max(descent, bottom)


def layout_at(text: str, spec: FontSpec, size: int, max_width: float, *, max_lines: int,
              line_spacing: float = 1.2, balanced: bool = True,
              max_chars: int | None = None) -> TextBlock | None:
    """Lay `text` out at one size; None if it needs more than `max_lines` lines."""
    font = load_font(spec, size)
    lines = wrap_words(text, font, max_width, max_chars)
    if lines is None or len(lines) > max_lines:
        return None
    if balanced and len(lines) > 1:
        lines = balance(text, font, max_width, len(lines), max_chars)
    ascent, descent = vertical_metrics(font)
    line_height = max(int(round(size * line_spacing)), ascent + descent // 2)
    height = (len(lines) - 1) * line_height + ascent + descent
    width = int(max(text_width(line, font) for line in lines))
    return TextBlock(tuple(lines), spec, size, line_height, width, height)


def fit_text(text: str, spec: FontSpec, width: float, height: float, *, min_size: int,
             max_size: int, max_lines: int = 3, line_spacing: float = 1.2, upper: bool = False,
             balanced: bool = True, max_chars: int | None = None, where: str = "") -> TextBlock:
    """Largest size in [min_size, max_size] at which `text` fits the box (binary search).

    Checks font coverage first; raises TemplateError when it cannot fit even at `min_size`.
    """
    text = prepare(text, upper=upper)
    if not text:
        raise TemplateError("text is empty" + (f" in {where}" if where else ""))
    require_coverage(text, spec, where=where)

    def fits(size: int) -> TextBlock | None:
        block = layout_at(text, spec, size, width, max_lines=max_lines,
                          line_spacing=line_spacing, balanced=balanced, max_chars=max_chars)
        return block if block and block.height <= height and block.width <= width else None

    best = fits(min_size)
    if best is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise TemplateError(f"text '{shown}' does not fit" + (f" in {where}" if where else "")
                            + f" even at {min_size} px",
                            hint="shorten the text, or allow more lines or a smaller size")
    low, high = min_size, max_size
    while low < high:
        mid = (low + high + 1) // 2
        block = fits(mid)
        if block:
            best, low = block, mid
        else:
            high = mid - 1
    return best


def block_origin(block: TextBlock, box: Box, valign: str = "middle") -> tuple[int, int]:
    """Top-left of the block inside `box` for a vertical alignment."""
    x, y, _, h = box
    if valign == "top":
        return x, y
    if valign == "bottom":
        return x, y + h - block.height
    return x, y + (h - block.height) // 2


def draw_block(image: Image.Image, block: TextBlock, box: Box, *, fill, align: str = "center",
               valign: str = "middle", stroke_width: int = 0, stroke_fill=None,
               antialias: bool = True) -> Box:
    """Draw the block into `box` on `image` (in place, for speed on huge canvases).

    `antialias=False` draws hard-edged glyphs (only `fill` and `stroke_fill` pixels), as LED
    boards need. Returns the union of the drawn glyph bounding boxes as (x, y, width, height).
    """
    draw = ImageDraw.Draw(image)
    if not antialias:
        draw.fontmode = "1"
    font = block.font
    ascent, _ = vertical_metrics(font)
    left, top = block_origin(block, box, valign)
    x0 = y0 = 10**9
    x1 = y1 = -10**9
    for i, line in enumerate(block.lines):
        line_w = text_width(line, font)
        if align == "left":
            lx = left
        elif align == "right":
            lx = left + box[2] - line_w
        else:
            lx = left + (box[2] - line_w) / 2
        baseline = top + ascent + i * block.line_height
        draw.text((lx, baseline), line, font=font, fill=fill, anchor="ls",
                  stroke_width=stroke_width, stroke_fill=stroke_fill)
        bx0, by0, bx1, by1 = draw.textbbox((lx, baseline), line, font=font, anchor="ls",
                                           stroke_width=stroke_width)
        x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
    return int(x0), int(y0), int(x1 - x0), int(y1 - y0)
