"""The one text-layout module: word wrap, shrink-to-fit, balanced lines, drawing.

Posters, video cards and burned-in subtitles all lay text out through here, so Vietnamese
wraps only at spaces (never inside a name, rarely inside a word: `studio.graphics.breaks`) and
stacked diacritics (Ệ, Ỗ, Ặ) always get room above the capitals.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from studio.errors import TemplateError
from studio.graphics.breaks import gap_costs
from studio.graphics.fonts import FontSpec, font_pieces, load_font, require_coverage
from studio.graphics.words import Words
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
    """Advance width of `text` in pixels, each piece measured in the face that draws it."""
    pieces = font_pieces(text, font)
    if len(pieces) == 1:  # every Vietnamese text: no sum to build, called thousands of times
        return pieces[0][1].getlength(pieces[0][0])
    return sum(face.getlength(piece) for piece, face in pieces)


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


def break_costs(text: str, lang: str, written: str | None = None, *,
                words: Words | None = None) -> list[float]:
    """Cost of a line break before each of `text`'s break units (0 before the first), told
    from the text as `written` when `text` was set in capitals (whose capitals mark names;
    text written all in capitals marks none); `words` default to those of `lang` and the
    working directory's project (`studio.graphics.words.load_words`)."""
    units = break_units(text)
    source = break_units(written) if written else units
    if len(source) != len(units):
        source = units
    return list(gap_costs([unit for _, unit in source], lang, words=words,
                          names=not (written or text).isupper(),
                          spaced=[bool(separator) for separator, _ in units]))


def best_lines(text: str, font: ImageFont.FreeTypeFont, max_width: float, line_count: int,
               max_chars: int | None = None, *, lang: str = "vi",
               costs: list[float] | None = None) -> list[str] | None:
    """`text` in `line_count` lines no wider than `max_width`, as even as possible and broken
    where the line-break rules prefer (names and words kept whole, clause ends favoured:
    `costs` from `break_costs`, or those of `lang`); None if it cannot be done."""
    units = break_units(text)
    n = len(units)
    cut = costs or break_costs(text, lang)
    space = text_width(" ", font)
    left = [0.0]  # left[j]: width of units[:j] laid on one line
    chars = [0]
    for k, (separator, unit) in enumerate(units):
        gap = space if separator and k else 0.0
        left.append(left[-1] + gap + text_width(unit, font))
        chars.append(chars[-1] + (len(separator) if k else 0) + len(unit))

    def span(i: int, j: int) -> tuple[float, int]:
        """Width and characters of units[i:j] as one line."""
        gap = space if units[i][0] and i else 0.0
        return left[j] - left[i] - gap, chars[j] - chars[i] - (len(units[i][0]) if i else 0)

    char_width = max(font.size * 0.5, 1.0)  # imbalance is weighed in characters, like cuts
    target = left[n] / line_count
    best = {(0, 0): (0.0, -1)}  # (lines, units placed) → (cost, where the last line began)
    for lines in range(1, line_count + 1):
        for i in {j for (used, j) in best if used == lines - 1 and j < n}:
            base = best[(lines - 1, i)][0] + (cut[i] if i else 0.0)
            for j in range(i + 1, n + 1):
                width, length = span(i, j)
                if width > max_width or (max_chars and length > max_chars):
                    break
                if lines == line_count and j < n:
                    continue
                cost = base + abs(width - target) / char_width
                if cost < best.get((lines, j), (math.inf, 0))[0]:
                    best[(lines, j)] = (cost, i)
    if (line_count, n) not in best:
        return None
    out, j = [], n
    for lines in range(line_count, 0, -1):
        i = best[(lines, j)][1]
        out.append(units[i][1] + "".join(sep + unit for sep, unit in units[i + 1:j]))
        j = i
    out.reverse()
    if any(text_width(line, font) > max_width for line in out):  # kerning the sums missed
        return None
    return out


def vertical_metrics(font: ImageFont.FreeTypeFont) -> tuple[int, int]:
    """(ascent, descent) covering stacked diacritics above capitals (Ệ, Ỗ) and descenders."""
    ascent, descent = font.getmetrics()
    top = font.getbbox(STACKED_CAPITALS, anchor="ls")[1]
    bottom = font.getbbox("gjpqyỵ", anchor="ls")[3]
    return max(ascent, -top), max(descent, bottom)


@functools.lru_cache(maxsize=512)
def metrics_at(spec: FontSpec, size: int) -> tuple[int, int]:
    """`vertical_metrics` of a face at a size, measured once (the fit tries many sizes, some
    of them twice)."""
    return vertical_metrics(load_font(spec, size))


def layout_at(text: str, spec: FontSpec, size: int, max_width: float, *, max_lines: int,
              line_spacing: float = 1.2, balanced: bool = True,
              max_chars: int | None = None, lang: str = "vi",
              costs: list[float] | None = None, extra_lines: int = 0,
              max_height: float | None = None) -> TextBlock | None:
    """Lay `text` out at one size in as few lines as it needs, plus `extra_lines` within
    `max_lines` (even ones, broken at the best places, unless `balanced` is False); None if
    it needs more than `max_lines` lines or, with `extra_lines`, more than `max_height`."""
    font = load_font(spec, size)
    lines = wrap_words(text, font, max_width, max_chars)
    if lines is None or len(lines) > max_lines:
        return None
    count = min(len(lines) + extra_lines, max_lines, len(break_units(text)))
    ascent, descent = metrics_at(spec, size)
    line_height = max(int(round(size * line_spacing)), ascent + descent // 2)
    if extra_lines and max_height is not None and \
            (count - 1) * line_height + ascent + descent > max_height:
        return None
    if balanced and count > 1:
        lines = best_lines(text, font, max_width, count, max_chars, lang=lang,
                           costs=costs) or lines
    height = (len(lines) - 1) * line_height + ascent + descent
    width = int(max(text_width(line, font) for line in lines))
    return TextBlock(tuple(lines), spec, size, line_height, width, height)


def fit_text(text: str, spec: FontSpec, width: float, height: float, *, min_size: int,
             max_size: int, max_lines: int = 3, line_spacing: float = 1.2, upper: bool = False,
             balanced: bool = True, max_chars: int | None = None, where: str = "",
             lang: str = "vi", words: Words | None = None) -> TextBlock:
    """Largest size in [min_size, max_size] at which `text` fits the box (binary search) —
    or a size up to a fifth smaller when that keeps a name or a word whole across lines.

    Checks font coverage first; raises TemplateError when it cannot fit even at `min_size`.
    `lang` chooses the line-break rules (studio.graphics.breaks) and `words` what they know
    of words and names (default: `lang`'s and the working directory's project's).
    """
    written = prepare(text)
    text = prepare(text, upper=upper)
    if not text:
        raise TemplateError("text is empty" + (f" in {where}" if where else ""))
    require_coverage(text, spec, where=where, lang=lang)
    costs = break_costs(text, lang, written, words=words)  # once: the same at every size

    def fits(size: int, extra_lines: int = 0) -> TextBlock | None:
        block = layout_at(text, spec, size, width, max_lines=max_lines,
                          line_spacing=line_spacing, balanced=balanced, max_chars=max_chars,
                          lang=lang, costs=costs, extra_lines=extra_lines,
                          max_height=height)
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
    if balanced:
        best = _keep_words_whole(best, fits, costs, min_size)
    return best


SHRINK_FOR_WHOLE_WORDS = 0.8  # a fifth smaller at most, to keep "Lạng Sơn", "con người" whole


def cuts_cost(block: TextBlock, costs: list[float]) -> float:
    """What the block's line breaks cut: the sum of the positive break costs where its lines
    meet (0 when no name, word or number is split)."""
    total, position = 0.0, 0
    for line in block.lines[:-1]:
        position += len(break_units(line))
        total += max(costs[position], 0.0) if position < len(costs) else 0.0
    return total


def _keep_words_whole(best: TextBlock, fits, costs: list[float], min_size: int) -> TextBlock:
    """The largest size, down to SHRINK_FOR_WHOLE_WORDS of `best`'s, whose lines cut less:
    on as many lines as it needs (a little smaller often needs one fewer, "TUYÊN TRUYỀN /
    THÀNH TỰU" where the largest set "TUYÊN / TRUYỀN") or on one more, if the box holds it.
    Sizes are tried in steps of 2 % (then one by one above the step that did better), so a
    name no size can keep whole costs some twenty tries, not a hundred."""
    def better(size: int, than: TextBlock) -> TextBlock | None:
        """A block at `size`, on the lines it needs or one more, cutting less than `than`."""
        for extra in (0, 1):
            block = fits(size, extra)
            if block and cuts_cost(block, costs) < cuts_cost(than, costs):
                return block
        return None

    floor = max(min_size, int(best.size * SHRINK_FOR_WHOLE_WORDS))
    step = max(1, best.size // 50)
    found = fits(best.size, 1)
    if found and cuts_cost(found, costs) < cuts_cost(best, costs):
        best = found
    for size in range(best.size - step, floor - 1, -step):
        if cuts_cost(best, costs) <= 0:
            break
        if found := better(size, best):
            for larger in range(size + step - 1, size, -1):
                if (block := better(larger, best)) and \
                        cuts_cost(block, costs) <= cuts_cost(found, costs):
                    found = block
                    break
            best = found
    return best


def block_origin(block: TextBlock, box: Box, valign: str = "middle") -> tuple[int, int]:
    """Top-left of the block inside `box` for a vertical alignment."""
    x, y, _, h = box
    if valign == "top":
        return x, y
    if valign == "bottom":
        return x, y + h - block.height
    return x, y + (h - block.height) // 2


def draw_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str,
              font: ImageFont.FreeTypeFont, *, fill, stroke_width: int = 0,
              stroke_fill=None, ink_only: bool = False) -> tuple[float, float, float, float]:
    """Draw `text` with the left end of its baseline at `xy`, each piece in the face that
    draws it (one baseline, so a fallback letter sits in line); returns the ink's box
    (x0, y0, x1, y1). `ink_only`: measure that box without drawing."""
    x, y = xy
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for piece, face in font_pieces(text, font):
        if not ink_only:
            draw.text((x, y), piece, font=face, fill=fill, anchor="ls",
                      stroke_width=stroke_width, stroke_fill=stroke_fill)
        bx0, by0, bx1, by1 = draw.textbbox((x, y), piece, font=face, anchor="ls",
                                           stroke_width=stroke_width)
        x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
        x += face.getlength(piece)
    return x0, y0, x1, y1


def line_origins(block: TextBlock, box: Box, align: str = "center", valign: str = "middle"
                 ) -> list[tuple[str, tuple[float, float]]]:
    """Each line of the block with the left end of its baseline, placed in `box`."""
    font = block.font
    ascent, _ = metrics_at(block.spec, block.size)
    left, top = block_origin(block, box, valign)
    out = []
    for i, line in enumerate(block.lines):
        line_w = text_width(line, font)
        if align == "left":
            lx = left
        elif align == "right":
            lx = left + box[2] - line_w
        else:
            lx = left + (box[2] - line_w) / 2
        out.append((line, (lx, top + ascent + i * block.line_height)))
    return out


def draw_block(image: Image.Image | None, block: TextBlock, box: Box, *, fill,
               align: str = "center", valign: str = "middle", stroke_width: int = 0,
               stroke_fill=None, antialias: bool = True) -> Box:
    """Draw the block into `box` on `image` (in place, for speed on huge canvases).

    `antialias=False` draws hard-edged glyphs (only `fill` and `stroke_fill` pixels), as LED
    boards need. Returns the union of the drawn glyph bounding boxes as (x, y, width, height).
    `image` None: nothing is drawn, the box is measured (where a repaint must reach).
    """
    draw = ImageDraw.Draw(image if image is not None else Image.new("L", (1, 1)))
    if not antialias:
        draw.fontmode = "1"
    font = block.font
    x0 = y0 = 10**9
    x1 = y1 = -10**9
    for line, origin in line_origins(block, box, align, valign):
        bx0, by0, bx1, by1 = draw_text(draw, origin, line, font, fill=fill,
                                       stroke_width=stroke_width, stroke_fill=stroke_fill,
                                       ink_only=image is None)
        x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
    return int(x0), int(y0), int(x1 - x0), int(y1 - y0)
