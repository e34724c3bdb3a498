"""Small HTML builders: escaping, bilingual labels, badges and links relative to the page."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from urllib.parse import quote

from studio.review.view import OutputView

# A .vtt bigger than this is linked rather than inlined (a whole-day subtitle is ~200 KB).
MAX_INLINE_TRACK_BYTES = 512 * 1024


def esc(value: object) -> str:
    """HTML-escape text for element content and quoted attributes alike."""
    return html.escape(str(value), quote=True)


def bi(vi: str, en: str) -> str:
    """A Vietnamese label with its English in small text."""
    return f'{esc(vi)} <span class="en" lang="en">{esc(en)}</span>'


def badge(css: str, vi: str, en: str) -> str:
    """A coloured pill (approval, priority, status)."""
    return f'<span class="badge {esc(css)}">{bi(vi, en)}</span>'


def url(rel: str) -> str:
    """A link relative to the page: every path segment percent-encoded, slashes kept."""
    return quote(rel, safe="/")


def attrs(**values: object) -> str:
    """Escaped attributes; None and False are left out, True is written bare."""
    out = []
    for key, value in values.items():
        name = key.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


def file_link(output: OutputView, label: str | None = None, *, download: bool = False) -> str:
    """A link to an output file, or a red 'missing' note when it cannot be linked."""
    if not output.usable:
        return missing_note(output)
    return (f'<a{attrs(href=url(output.path), download=download)}>'
            f'{esc(label or output.name)}</a>')


def missing_note(output: OutputView) -> str:
    """Why an output has no link: outside the outputs folder, or not on disk."""
    reason = (("Đường dẫn không hợp lệ", "unsafe path") if output.path is None
              else ("Thiếu tệp", "file missing"))
    return f'<span class="missing">⚠ {bi(*reason)}: <code>{esc(output.raw_path)}</code></span>'


def track_src(vtt: OutputView, outputs_dir: Path) -> str:
    """The .vtt as a data: URL, since Chromium refuses <track> files from file:// pages."""
    path = outputs_dir / vtt.path
    try:
        if path.stat().st_size <= MAX_INLINE_TRACK_BYTES:
            encoded = base64.b64encode(path.read_bytes()).decode("ascii")
            return f"data:text/vtt;charset=utf-8;base64,{encoded}"
    except OSError:
        pass
    return url(vtt.path)  # still works when the folder is served over http
