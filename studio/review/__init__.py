"""The review page: `outputs/index.html`, one offline page to check a build before it goes out.

    from studio.review import write_review_page
    write_review_page(manifest, project.outputs)   # → outputs/index.html
"""

from __future__ import annotations

from pathlib import Path

from studio.fsutil import write_text_atomic
from studio.review.page import render_page
from studio.review.view import read_manifest
from studio.text import nfc

PAGE_NAME = "index.html"


def render_review_page(manifest: dict, outputs_dir: Path) -> str:
    """The review page's HTML for `manifest`, with links relative to `outputs_dir`."""
    return nfc(render_page(read_manifest(manifest, Path(outputs_dir)), Path(outputs_dir)))


def write_review_page(manifest: dict, outputs_dir: Path) -> Path:
    """Write `outputs_dir/index.html` atomically and return its path."""
    outputs_dir = Path(outputs_dir)
    return write_text_atomic(outputs_dir / PAGE_NAME, render_review_page(manifest, outputs_dir))


__all__ = ["PAGE_NAME", "render_review_page", "write_review_page"]
