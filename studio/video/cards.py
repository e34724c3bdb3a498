"""Full-frame cards in the house style (red ground, yellow and white bold text): the opening
title card, the closing card, and the card standing in for a scene with no picture."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from studio.graphics.images import contain
from studio.graphics.layout import TextBlock, draw_block
from studio.graphics.style import RED, WHITE, YELLOW
from studio.script.model import DRAFT_WATERMARK, Script
from studio.video.frame import FrameLayout
from studio.video.overlays import composite, fit_sized, text_spec

APPROVED_LABEL = {"en": "Approved", "zh": "审核"}
DEFAULT_APPROVED_LABEL = "Đã duyệt"
MIN_LINE_PX = 12  # one line at 6 px with Vietnamese stacked marks is 11 px tall: small frames


@dataclass(frozen=True)
class Line:
    """One text item of a card: what, in which colour, how big at most."""

    text: str
    colour: tuple[int, int, int]
    max_size: float  # fraction of the frame's shorter side
    share: float  # fraction of the safe height it may take
    max_lines: int = 3
    upper: bool = False
    weight: int = 700


def red_ground(layout: FrameLayout) -> Image.Image:
    return Image.new("RGB", (layout.width, layout.height), RED)


def star(canvas: Image.Image, centre: tuple[float, float], radius: float, fill=YELLOW) -> None:
    """A five-pointed star (in place), the emblem of the house style."""
    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    ImageDraw.Draw(canvas).polygon(points, fill=fill)


def _blocks(lines: list[Line], layout: FrameLayout, lang: str, where: str
            ) -> list[tuple[TextBlock, Line]]:
    _, _, sw, sh = layout.safe
    out = []
    for line in lines:
        if not line.text:
            continue
        spec = text_spec(line.text.upper() if line.upper else line.text, lang, line.weight)
        block = fit_sized(line.text, spec, sw, max(MIN_LINE_PX, sh * line.share), layout,
                          max_size=max(8, layout.min_text, round(layout.unit * line.max_size)),
                          max_lines=line.max_lines, upper=line.upper, where=where, lang=lang)
        out.append((block, line))
    return out


def stacked_card(layout: FrameLayout, lines: list[Line], lang: str, *,
                 emblem: Image.Image | None = None, where: str = "") -> Image.Image:
    """A red card with an emblem (logo, else a star) over lines of text, centred as a group
    inside the safe area."""
    canvas = red_ground(layout)
    sx, sy, sw, sh = layout.safe
    gap = layout.pad * 2
    side = max(8, round(min(sw, sh) * 0.22))
    blocks = _blocks(lines, layout, lang, where)
    total = side + gap + sum(b.height for b, _ in blocks) + gap * max(0, len(blocks) - 1)
    y = sy + max(0, (sh - total) // 2)
    if emblem is not None:
        scaled = contain(emblem.convert("RGBA"), (side, side))
        composite(canvas, scaled, (sx + (sw - scaled.width) // 2, y + (side - scaled.height) // 2))
    else:
        star(canvas, (sx + sw / 2, y + side / 2), side / 2)
    y += side + gap
    for block, line in blocks:
        draw_block(canvas, block, (sx, y, sw, block.height), fill=line.colour,
                   antialias=not layout.led)
        y += block.height + gap
    return canvas


def title_card(script: Script, layout: FrameLayout, logo: Image.Image | None) -> Image.Image:
    """The opening card: logo (or star), the title in yellow capitals, the organization."""
    return stacked_card(layout, [
        Line(script.title, YELLOW, 0.085, 0.4, max_lines=4, upper=True),
        Line(script.organization or "", WHITE, 0.045, 0.2, weight=600),
    ], script.lang, emblem=logo, where="the title card")


def format_date(day: dt.date) -> str:
    """Vietnamese style: 20/11/2026."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def approval_line(script: Script, draft: bool) -> str:
    """'Đã duyệt: <by>, <date>' for an approved script; the draft mark otherwise."""
    if draft or script.approval is None:
        return DRAFT_WATERMARK
    label = APPROVED_LABEL.get(script.lang, DEFAULT_APPROVED_LABEL)
    return f"{label}: {script.approval.by}, {format_date(script.approval.on)}"


def closing_card(script: Script, layout: FrameLayout, logo: Image.Image | None, *,
                 draft: bool) -> Image.Image:
    """The closing card: organization, date, and who approved the script and when."""
    return stacked_card(layout, [
        Line(script.organization or script.title, WHITE, 0.06, 0.3, upper=True),
        Line(format_date(script.issue_date), WHITE, 0.045, 0.1, max_lines=1, weight=600),
        Line(approval_line(script, draft), YELLOW, 0.04, 0.2, weight=600),
    ], script.lang, emblem=logo, where="the closing card")


def heading_card(heading: str, layout: FrameLayout, lang: str, *, top: int | None = None
                 ) -> Image.Image:
    """A scene with no picture: its heading in big yellow capitals on red, between the
    headline (ending at `top`) and the subtitle band; plain red when `heading` is empty
    (headings hidden: the subtitles carry the words)."""
    canvas = red_ground(layout)
    if not heading:
        return canvas
    sx, sy, sw, sh = layout.safe
    upper = max(sy, top or sy) + layout.pad
    lower = layout.subtitle_bottom - round(layout.subtitle_size * 3)
    height = max(16, lower - upper)
    spec = text_spec(heading.upper(), lang)
    block = fit_sized(heading, spec, sw, height, layout,
                      max_size=max(8, layout.min_text, round(layout.unit * 0.09)), max_lines=4,
                      upper=True, where=f"the card for scene '{heading}'", lang=lang)
    draw_block(canvas, block, (sx, upper, sw, height), fill=YELLOW, antialias=not layout.led)
    return canvas
