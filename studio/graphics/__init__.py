"""Graphics: what posters, video slides and subtitles share — fonts, text layout and line
breaks, images, the contact sheet, the draft watermark, colours and image output.

Importable from here (loaded on first use, so `studio.graphics.fonts` stays light):
`fit_text`, `draw_block`, `write_image`, `open_image`, `contact_sheet`.
"""

from studio.lazy import lazy_exports

_LAZY = {
    "fit_text": "studio.graphics.layout",
    "draw_block": "studio.graphics.layout",
    "write_image": "studio.graphics.outputs",
    "open_image": "studio.graphics.images",
    "contact_sheet": "studio.graphics.contact_sheet",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
__all__ = sorted(_LAZY)
