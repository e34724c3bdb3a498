"""Where the built-in assets (lexicon, poster templates, jingles) are, installed or not."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def builtin_assets() -> Path:
    """The `assets/` folder shipped with studio (a source checkout's, or the installed copy)."""
    checkout = Path(__file__).resolve().parent.parent / "assets"
    if (checkout / "__init__.py").is_file():
        return checkout
    from importlib.resources import files
    return Path(str(files("studio_assets")))
