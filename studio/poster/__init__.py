"""Posters: approved scripts and CSV variants into posters, băng rôn, phướn, pano, LED and
social images, from YAML templates (`studio poster`, `studio templates`).

The API is importable from here (loaded on first use): `script_posters`, `make_posters`,
`render_script_poster`, `preview_template`, `load_template`, `list_templates`, `plan_poster`,
`render_poster`.
"""

from studio.lazy import lazy_exports

_LAZY = {
    "render_poster": "studio.poster.render",
    "plan_poster": "studio.poster.render",
    "make_posters": "studio.poster.runs",
    "script_posters": "studio.poster.runs",
    "render_script_poster": "studio.poster.runs",
    "preview_template": "studio.poster.runs",
    "load_template": "studio.poster.templates",
    "list_templates": "studio.poster.templates",
    "template_files": "studio.poster.templates",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
__all__ = sorted(_LAZY)
