"""The one contact sheet: labelled thumbnails in a grid on one PNG (every poster of a run,
every scene of a video's storyboard)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image

from studio.errors import StudioError
from studio.graphics.fonts import spec_for
from studio.graphics.layout import draw_block, fit_text

CELL = 320  # thumbnail box, px
PAD = 16
LABEL_H = 40
SHEET_BG = (238, 238, 238)
LABEL_COLOUR = (40, 40, 40)
MAX_COLUMNS = 6


def reduce_factor(size: tuple[int, int], side: int = CELL) -> int:
    """By how much `thumbnail` first reduces an image of `size` (1: not at all); an image
    already reduced by it is not reduced again."""
    return max(1, min(size) // (side * 2), max(size) // (side * 4))


def thumbnail(image: Image.Image, side: int = CELL) -> Image.Image:
    """A copy of `image` fitting a `side`×`side` box (reduces huge posters cheaply first)."""
    factor = reduce_factor(image.size, side)
    small = image.reduce(factor) if factor > 1 else image.copy()
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    return small.convert("RGB")


HEADING_H = 48


def grid_size(count: int, *, columns: int | None = None, cell: int = CELL,
              heading: bool = False) -> tuple[int, int, int]:
    """(columns, sheet width, sheet height) of a sheet of `count` cells."""
    columns = min(count, columns) if columns else min(MAX_COLUMNS,
                                                      max(1, math.ceil(math.sqrt(count))))
    rows = math.ceil(count / columns)
    top = PAD + (HEADING_H if heading else 0)
    return columns, PAD + columns * (cell + PAD), top + rows * (cell + LABEL_H + PAD)


def contact_sheet(items: Sequence[tuple[str, Image.Image]], *, heading: str | None = None,
                  columns: int | None = None, cell: int = CELL, lang: str = "vi"
                  ) -> Image.Image:
    """Thumbnails (each fitting `cell`×`cell`) in a grid, each labelled, under an optional
    heading; labels and heading are laid out by the shared layout (font coverage checked)."""
    columns, width, height = grid_size(len(items), columns=columns, cell=cell,
                                       heading=heading is not None)
    sheet = Image.new("RGB", (width, height), SHEET_BG)
    top = PAD
    if heading is not None:
        _label(sheet, heading, (PAD, PAD, width - 2 * PAD, HEADING_H - 8), lang, size=22)
        top += HEADING_H
    for index, (label, thumb) in enumerate(items):
        x = PAD + (index % columns) * (cell + PAD)
        y = top + (index // columns) * (cell + LABEL_H + PAD)
        sheet.paste(thumb, (x + (cell - thumb.width) // 2, y + (cell - thumb.height) // 2))
        _label(sheet, label, (x, y + cell + 4, cell, LABEL_H - 8), lang)
    return sheet


def _label(sheet: Image.Image, text: str, box: tuple[int, int, int, int], lang: str = "vi",
           size: int = 14) -> None:
    """One line of text in `box`, shortened in the middle if it is too long."""
    for keep in (len(text), 40, 30, 20):
        shown = text if keep >= len(text) else text[:keep // 2] + "…" + text[-keep // 2:]
        try:
            block = fit_text(shown, spec_for(lang, 500), box[2], box[3], min_size=8,
                             max_size=size, max_lines=1, lang=lang)
        except StudioError:
            continue
        draw_block(sheet, block, box, fill=LABEL_COLOUR, valign="top")
        return
