"""Graphics: fonts, text layout, cards and posters (shared by video slides and subtitles).

The poster API is importable from here (loaded on first use, so `studio.graphics.fonts` stays
light): `render_poster`, `make_posters`, `script_posters`, `render_script_poster`,
`load_template`, `list_templates`, `preview_template`, `write_image`, `open_image`.
"""

from studio.lazy import lazy_exports

_LAZY = {
    "render_poster": "studio.graphics.render",
    "plan_poster": "studio.graphics.render",
    "make_posters": "studio.graphics.posters",
    "script_posters": "studio.graphics.posters",
    "render_script_poster": "studio.graphics.posters",
    "preview_template": "studio.graphics.posters",
    "load_template": "studio.graphics.templates",
    "list_templates": "studio.graphics.templates",
    "template_files": "studio.graphics.templates",
    "write_image": "studio.graphics.outputs",
    "open_image": "studio.graphics.images",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
__all__ = sorted(_LAZY)
