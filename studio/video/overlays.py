"""What is drawn over a scene's picture: the headline band, the logo and a subtitle cue.

Everything is drawn once per picture with Pillow (never per video frame). Each function
draws onto an RGB still or onto a transparent RGBA layer (for scenes that are video files).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from studio.graphics.fonts import (LATIN_FAMILY, FontSpec, load_font, missing_characters,
                                   spec_for)
from studio.graphics.images import contain
from studio.errors import TemplateError
from studio.graphics.layout import TextBlock, draw_block, fit_text, metrics_at, text_width
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


def lines_block(lines: Sequence[str], spec: FontSpec, size: int,
                line_spacing: float = LINE_SPACING) -> TextBlock:
    """A TextBlock of lines already broken (subtitle lines must match the SRT exactly)."""
    font = load_font(spec, size)
    ascent, descent = metrics_at(spec, size)
    line_height = max(int(round(size * line_spacing)), ascent + descent // 2)
    width = int(max(text_width(line, font) for line in lines))
    height = (len(lines) - 1) * line_height + ascent + descent
    return TextBlock(tuple(lines), spec, size, line_height, width, height)


def fitted_lines(lines: Sequence[str], spec: FontSpec, size: int, max_width: int,
                 min_size: int = 6) -> TextBlock:
    """`lines` at `size`, shrunk just enough (never under `min_size`) when an unusually wide
    line overflows."""
    return _fitted(tuple(lines), spec, size, max_width, min_size)


@functools.lru_cache(maxsize=256)
def _fitted(lines: tuple[str, ...], spec: FontSpec, size: int, max_width: int,
            min_size: int) -> TextBlock:
    """`fitted_lines`, measured once per cue (a highlighted cue is drawn once per word)."""
    block = lines_block(lines, spec, size)
    while block.width > max_width and size > min_size:
        size = max(min_size, int(size * max_width / block.width))
        block = lines_block(lines, spec, size)
        if block.width > max_width and size > min_size:
            size -= 1
            block = lines_block(lines, spec, size)
    return block


def fit_sized(text: str, spec: FontSpec, width: float, height: float, layout: FrameLayout,
              **options) -> TextBlock:
    """`fit_text` no smaller than the layout's least text size (an LED board's 12-px
    capitals), or down to 6 px when the text cannot fit that big (it is still shown)."""
    options.setdefault("words", layout.words)  # the job's word knowledge, for the breaks
    try:
        return fit_text(text, spec, width, height, min_size=layout.min_text, **options)
    except TemplateError:
        if layout.min_text <= 6:
            raise
        return fit_text(text, spec, width, height, min_size=6, **options)


def led_draw(image: Image.Image, layout: FrameLayout) -> ImageDraw.ImageDraw:
    """A drawing context on `image`: hard-edged glyphs on an LED board."""
    draw = ImageDraw.Draw(image)
    if layout.led:
        draw.fontmode = "1"
    return draw


def composite(canvas: Image.Image, layer: Image.Image, origin: tuple[int, int]) -> None:
    """Lay an RGBA `layer` over `canvas` at `origin` (in place), blending its transparency."""
    if canvas.mode == "RGBA":
        canvas.alpha_composite(layer, origin)
    else:
        canvas.paste(layer.convert("RGB"), origin, layer)


def caption_top(layout: FrameLayout, height: int, position: str) -> int:
    """Where a caption box of `height` starts: on the subtitle line (bottom), in the middle
    of the safe area, or under the headline box (top)."""
    sx, sy, sw, sh = layout.safe
    if position == "middle":
        return sy + (sh - height) // 2
    if position == "top":
        return layout.headline[1] + layout.headline[3] + layout.pad
    return layout.subtitle_bottom - height


def mark_word(band: Image.Image, block: TextBlock, top: int, place: tuple[int, int, int],
              layout: FrameLayout) -> None:
    """Highlight one word (line, first, end character) in place: a yellow box behind it
    and the word in black over the box."""
    line_no, first, end = place
    line = block.lines[line_no]
    font = block.font
    ascent, _ = metrics_at(block.spec, block.size)
    lx = (band.width - text_width(line, font)) / 2 + text_width(line[:first], font)
    baseline = top + ascent + line_no * block.line_height
    draw = led_draw(band, layout)
    x0, y0, x1, y1 = draw.textbbox((lx, baseline), line[first:end], font=font, anchor="ls")
    grow = max(1, block.size // 10)
    draw.rounded_rectangle((x0 - grow, y0 - grow, x1 + grow, y1 + grow), radius=grow,
                           fill=YELLOW + (255,))
    draw.text((lx, baseline), line[first:end], font=font, fill=BLACK + (255,), anchor="ls")


def subtitle_band(block: TextBlock, layout: FrameLayout, fill: tuple[int, ...], *,
                  background: str = "box", highlight: tuple[int, int, int] | None = None
                  ) -> Image.Image:
    """`block` in `fill` with a black outline on a translucent rounded box (or a full-width
    band, or only a thick outline), as wide as the safe area allows; with `highlight`
    (line, first, end character) one word marked. On an LED board: an opaque black band,
    glyphs pixel-exact and without outline. (Shared: never draw on the band returned.)"""
    band = plain_band(block, layout, tuple(fill), background)
    if highlight is None:
        return band
    marked = band.copy()
    mark_word(marked, block, max(2, layout.pad // 2), highlight, layout)
    return marked


@functools.lru_cache(maxsize=8)
def plain_band(block: TextBlock, layout: FrameLayout, fill: tuple[int, ...], background: str
               ) -> Image.Image:
    """A cue's band without a marked word, drawn once however many words it highlights."""
    sw = layout.safe[2]
    background = "solid" if layout.led else background
    pad_x, pad_y = layout.pad, max(2, layout.pad // 2)
    box_w, box_h = min(sw, block.width + 2 * pad_x), block.height + 2 * pad_y
    if background == "band":
        box_w = layout.width
    elif background == "solid":
        box_w = sw
    band = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
    if background == "box":
        ImageDraw.Draw(band).rounded_rectangle((0, 0, box_w - 1, box_h - 1),
                                               radius=max(1, pad_y), fill=SUBTITLE_BOX)
    elif background == "band":
        band.paste(SUBTITLE_BOX, (0, 0, box_w, box_h))
    elif background == "solid":
        band.paste(BLACK + (255,), (0, 0, box_w, box_h))
    stroke = {"outline": max(2, block.size // 8), "solid": 0}.get(background,
                                                                  max(1, block.size // 20))
    draw_block(band, block, (0, pad_y, box_w, block.height), fill=tuple(fill) + (255,),
               stroke_width=stroke, stroke_fill=BLACK + (255,) if stroke else None,
               antialias=not layout.led)
    return band


@dataclass(frozen=True, eq=False)
class Piece:
    """A drawn band and where its top-left corner goes on the frame."""

    image: Image.Image
    at: tuple[int, int]

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(x, y, width, height) on the frame."""
        return self.at[0], self.at[1], self.image.width, self.image.height


def band_at(band: Image.Image, layout: FrameLayout, bottom: int) -> Piece:
    """`band` centred in the safe area (a full-width band across the frame) with its bottom
    edge at `bottom`."""
    sx, _, sw, _ = layout.safe
    x = 0 if band.width >= layout.width else sx + (sw - band.width) // 2
    return Piece(band, (x, bottom - band.height))


def union_box(boxes: Sequence[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    """The least (x, y, width, height) holding every box."""
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def translation_spec(text: str, lang: str) -> FontSpec:
    """The face of a translation line: its own language's, one weight lighter than the
    subtitle's bold."""
    return text_spec(text, lang, TRANSLATION_WEIGHT)


def draw_subtitle(canvas: Image.Image, lines: Sequence[str], layout: FrameLayout,
                  spec: FontSpec, **options) -> tuple[int, int, int, int]:
    """The cue's `subtitle_pieces` drawn on `canvas` (in place); returns the box drawn
    (x, y, width, height) around them."""
    pieces = subtitle_pieces(lines, layout, spec, **options)
    for piece in pieces:
        composite(canvas, piece.image, piece.at)
    return union_box([piece.box for piece in pieces])


def subtitle_pieces(lines: Sequence[str], layout: FrameLayout, spec: FontSpec, *,
                    translation: Sequence[str] = (), translation_lang: str = "vi",
                    position: str = "bottom", background: str = "box",
                    highlight: tuple[int, int, int] | None = None) -> tuple[Piece, ...]:
    """White text, centred, on a translucent box (or a band, or only an outline), its bottom
    on the subtitle line (or in the middle, or at the top) — with a `translation`, just above
    the translation's own smaller yellow box; with `highlight` one word marked."""
    width = layout.safe[2] - 2 * layout.pad
    gap = max(2, layout.pad // 2)  # between subtitle and translation: two boxes, not one
    block = fitted_lines(lines, spec, layout.subtitle_size, width, layout.min_text)
    main = subtitle_band(block, layout, WHITE, background=background, highlight=highlight)
    under = None
    if translation:
        size = max(6, round(layout.subtitle_size * TRANSLATION_SCALE))
        small = fitted_lines(translation, translation_spec(" ".join(translation),
                                                           translation_lang), size, width,
                             min(size, layout.min_text))
        under = subtitle_band(small, layout, YELLOW, background=background)
    height = main.height + (gap + under.height if under is not None else 0)
    bottom = caption_top(layout, height, position) + height
    pieces = []
    if under is not None:
        pieces.append(band_at(under, layout, bottom))
        bottom = pieces[-1].at[1] - gap
    pieces.append(band_at(main, layout, bottom))
    return tuple(pieces)


TITLE_SIZE = 0.085  # of the frame's shorter side: the title over a hook's first scene
HEADLINE_SIZE = 0.065


def title_box(layout: FrameLayout) -> tuple[int, int, int, int]:
    """Where the title goes over a hook's first scene: the middle of the safe area, clear of
    the headline above and the subtitles below."""
    sx, sy, sw, sh = layout.safe
    top = layout.headline[1] + layout.headline[3]
    bottom = layout.subtitle_bottom - round(layout.subtitle_size * 3)
    return sx, top, sw, max(16, bottom - top)


@dataclass(frozen=True, eq=False)
class Band:
    """A headline's band drawn once, and where it sits when in place (shared: never draw
    on `image`)."""

    image: Image.Image
    left: int
    top: int


def title_band(title: str, layout: FrameLayout, lang: str) -> Band:
    """The clip's title for over the first scene (a hook): the headline's band, bigger, in
    the middle of the safe area."""
    return headline_band(title, layout, lang, box=title_box(layout), max_size=TITLE_SIZE,
                         where="the title")


def headline_band(text: str, layout: FrameLayout, lang: str, *, ground=RED, where: str = "",
                  box: tuple[int, int, int, int] | None = None,
                  max_size: float = HEADLINE_SIZE) -> Band:
    """The scene's blockquote headline: yellow capitals on a red band at the top of the safe
    area (or of `box`); the painter keeps it for every picture that shows it."""
    x, y, w, h = box or layout.headline
    pad = layout.pad
    spec = text_spec(text.upper(), lang)
    block = fit_sized(text, spec, w - 2 * pad, h - 2 * pad, layout,
                      max_size=max(8, layout.min_text, round(layout.unit * max_size)),
                      max_lines=3, upper=True, where=where, lang=lang)
    band_w, band_h = min(w, block.width + 2 * pad), block.height + 2 * pad
    alpha = 255 if layout.led else HEADLINE_ALPHA
    band = Image.new("RGBA", (band_w, band_h), tuple(ground) + (alpha,))
    draw_block(band, block, (pad, pad, band_w - 2 * pad, block.height), fill=YELLOW + (255,),
               antialias=not layout.led)
    return Band(band, x + (w - band_w) // 2, y)


def place_band(canvas: Image.Image, band: Band, layout: FrameLayout, entering: float = 1.0
               ) -> int:
    """`band` on `canvas` (in place); while `entering` < 1 it slides in from the left,
    fading up. Returns the band's bottom edge."""
    image, left = band.image, band.left
    if entering < 1.0:
        image, left = entered(image, left, entering, fade=not layout.led)
    composite(canvas, image, (left, band.top))
    return band.top + image.height


def draw_headline(canvas: Image.Image, text: str, layout: FrameLayout, lang: str, *,
                  ground=RED, where: str = "", box: tuple[int, int, int, int] | None = None,
                  max_size: float = HEADLINE_SIZE, entering: float = 1.0) -> int:
    """`headline_band` drawn on `canvas` (in place), `entering` of the way in. Returns the
    band's bottom edge."""
    band = headline_band(text, layout, lang, ground=ground, where=where, box=box,
                         max_size=max_size)
    return place_band(canvas, band, layout, entering)


def entered(band: Image.Image, left: int, progress: float, fade: bool = True
            ) -> tuple[Image.Image, int]:
    """A band part-way through its entry: moved left by what is still to come (eased), and
    as transparent (unless `fade` is off: an LED board shows only whole colours)."""
    ease = 1 - (1 - progress) ** 3
    shift = round((1 - ease) * band.width * 0.35)
    if not fade:
        return band, max(0, left - shift)
    alpha = band.getchannel("A").point(lambda a: round(a * ease))
    faded = band.copy()
    faded.putalpha(alpha)
    return faded, max(0, left - shift)


def logo_piece(logo: Image.Image, box: tuple[int, int, int, int]) -> Piece | None:
    """The logo scaled inside `box`, right-aligned and top-aligned (None for no room)."""
    x, y, w, h = box
    if w <= 0 or h <= 0:
        return None
    scaled = contain(logo.convert("RGBA"), (w, h))
    return Piece(scaled, (x + w - scaled.width, y))

