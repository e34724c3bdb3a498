"""QR codes (segno) drawn crisp: whole pixels per module, centred in their box."""

from __future__ import annotations

import segno
from PIL import Image

from studio.errors import TemplateError


def qr_modules(data: str, *, where: str = "") -> list[list[bool]]:
    """The QR code's dark/light modules (error correction M: survives a little dirt)."""
    try:
        code = segno.make(data, error="m", micro=False)
    except (segno.DataOverflowError, ValueError) as exc:
        raise TemplateError(f"cannot make a QR code of '{data[:40]}': {exc}"
                            + (f" in {where}" if where else ""),
                            hint="use a shorter link") from None
    return [[bool(v) for v in row] for row in code.matrix]


def qr_image(data: str, side: int, *, dark, light, border: int = 2, where: str = ""
             ) -> Image.Image:
    """An RGB QR code at most `side` px square, each module a whole number of pixels.

    Raises TemplateError when `side` leaves less than 2 px per module (unreadable when printed).
    """
    modules = qr_modules(data, where=where)
    count = len(modules) + 2 * border
    module_px = side // count
    if module_px < 2:
        raise TemplateError(f"QR code box is too small ({side} px for {count} modules)"
                            + (f" in {where}" if where else ""),
                            hint="make the QR box larger or the link shorter")
    small = Image.new("1", (count, count), 1)
    pixels = small.load()
    for y, row in enumerate(modules):
        for x, dark_module in enumerate(row):
            if dark_module:
                pixels[x + border, y + border] = 0
    mask = small.resize((count * module_px, count * module_px), Image.Resampling.NEAREST)
    out = Image.new("RGB", mask.size, tuple(dark))
    out.paste(tuple(light), (0, 0), mask.convert("L"))
    return out
