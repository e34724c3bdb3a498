"""A contact sheet: every poster of a run as a labelled thumbnail on one PNG."""

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


def thumbnail(image: Image.Image, side: int = CELL) -> Image.Image:
    """A copy of `image` fitting a `side`×`side` box (reduces huge posters cheaply first)."""
    factor = max(1, min(image.width, image.height) // (side * 2),
                 max(image.width, image.height) // (side * 4))
    small = image.reduce(factor) if factor > 1 else image.copy()
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    return small.convert("RGB")


def contact_sheet(items: Sequence[tuple[str, Image.Image]]) -> Image.Image:
    """Thumbnails in a grid, each labelled (e.g. with its file name)."""
    columns = min(MAX_COLUMNS, max(1, math.ceil(math.sqrt(len(items)))))
    rows = math.ceil(len(items) / columns)
    cell_w, cell_h = CELL + PAD, CELL + LABEL_H + PAD
    sheet = Image.new("RGB", (PAD + columns * cell_w, PAD + rows * cell_h), SHEET_BG)
    for index, (label, thumb) in enumerate(items):
        x = PAD + (index % columns) * cell_w
        y = PAD + (index // columns) * cell_h
        sheet.paste(thumb, (x + (CELL - thumb.width) // 2, y + (CELL - thumb.height) // 2))
        _label(sheet, label, (x, y + CELL + 4, CELL, LABEL_H - 8))
    return sheet


def _label(sheet: Image.Image, text: str, box: tuple[int, int, int, int]) -> None:
    """The label under a thumbnail on one line, shortened in the middle if it is too long."""
    for keep in (len(text), 40, 30, 20):
        shown = text if keep >= len(text) else text[:keep // 2] + "…" + text[-keep // 2:]
        try:
            block = fit_text(shown, spec_for("vi", 500), box[2], box[3], min_size=8,
                             max_size=14, max_lines=1)
        except StudioError:
            continue
        draw_block(sheet, block, box, fill=LABEL_COLOUR, valign="top")
        return
