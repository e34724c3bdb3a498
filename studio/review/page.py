"""The whole review page: head, build summary, table of contents and one section per script."""

from __future__ import annotations

from pathlib import Path

from studio.review import labels
from studio.review.markup import attrs, bi, esc
from studio.review.section import approval_badge, failures_badge, script_section
from studio.review.static import CSS, SCRIPT, content_security_policy
from studio.review.view import ReviewView, ScriptView
from studio.text import slugify

TITLE = ("Duyệt sản phẩm truyền thông", "review page")
OFFLINE = ("Trang này mở trực tiếp từ ổ đĩa, không cần mạng.", "works offline, straight from disk")


def anchors(scripts: tuple[ScriptView, ...]) -> dict[str, str]:
    """A unique, URL-safe fragment id per script id."""
    taken: dict[str, str] = {}
    used: set[str] = set()
    for script in scripts:
        base = f"s-{slugify(script.id, fallback='script')}"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        taken[script.id] = anchor
    return taken


def head(view: ReviewView) -> str:
    """UTF-8, phone viewport, the offline-only security policy, inline style and script."""
    version = f" {view.studio_version}" if view.studio_version else ""
    return ("<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta http-equiv="Content-Security-Policy"'
            f"{attrs(content=content_security_policy())}>\n"
            '<meta name="referrer" content="no-referrer">\n'
            f"<meta{attrs(name='generator', content='studio' + version)}>\n"
            f"<title>{esc(TITLE[0])} – studio</title>\n"
            f"<style>{CSS}</style>\n<script>{SCRIPT}</script>\n</head>\n")


def stat(value: object, vi: str, en: str, css: str | None = None) -> str:
    """One summary tile."""
    return f"<li{attrs(class_=css)}><b>{esc(value)}</b>{bi(vi, en)}</li>"


def summary(view: ReviewView) -> str:
    """Counts of scripts, outputs, failures and warnings; build time and studio version."""
    outputs = view.outputs
    failed = sum(1 for t in view.targets if t.status == "failed")
    warnings = sum(len(s.warnings) + len({w for t in s.targets for w in t.warnings})
                   for s in view.scripts)  # as the sections list them: once per script
    missing = sum(1 for o in outputs if not o.usable)
    not_approved = sum(1 for s in view.scripts if s.status in ("draft", "stale"))
    size = sum(o.bytes or 0 for o in outputs)
    tiles = [stat(view.script_count, "Kịch bản", "scripts"),
             stat(len(outputs), "Tệp đầu ra", f"outputs, {labels.file_size(size)}"),
             stat(failed, "Mục tiêu lỗi", "failed targets", "bad" if failed else None),
             stat(warnings, "Cảnh báo", "warnings", "warn" if warnings else None)]
    if missing:
        tiles.append(stat(missing, "Tệp bị thiếu", "missing files", "bad"))
    if not_approved:
        tiles.append(stat(not_approved, "Chưa duyệt / cần duyệt lại", "draft or stale", "warn"))
    tiles += [stat(labels.timestamp(view.built_at) or "?", "Thời điểm dựng", "built at", "info"),
              stat(view.studio_version or "?", "Phiên bản studio", "studio version", "info")]
    return f'<ul class="stats">{"".join(tiles)}</ul>{target_counts(view)}'


def target_counts(view: ReviewView) -> str:
    """One line: how many targets were built, up to date, failed, skipped."""
    counts: dict[str, int] = {}
    for t in view.targets:
        counts[t.status] = counts.get(t.status, 0) + 1
    if not counts:
        return ""
    parts = []
    for status, count in counts.items():
        vi, en = labels.TARGET_STATUS.get(status, (status, status))
        parts.append(f"{count} {bi(vi.lower(), en)}")
    return f"<p>{bi('Mục tiêu', 'targets')}: {' · '.join(parts)}</p>"


def contents(view: ReviewView, ids: dict[str, str]) -> str:
    """A list of links to each script's section, with its approval and failures."""
    if len(view.scripts) < 2:
        return ""
    items = "".join(
        f"<li><a{attrs(href='#' + ids[s.id])}{attrs(lang=s.lang or None)}>{esc(s.title)}</a> "
        f"{'' if s.folder else approval_badge(s)}{failures_badge(s)}</li>" for s in view.scripts)
    return f'<nav class="toc"><h2>{bi("Mục lục", "contents")}</h2><ol>{items}</ol></nav>'


def render_page(view: ReviewView, outputs_dir: Path) -> str:
    """The complete HTML document."""
    ids = anchors(view.scripts)
    sections = "\n".join(script_section(s, ids[s.id], outputs_dir) for s in view.scripts)
    if not view.scripts:
        sections = f"<p>{bi('Chưa có sản phẩm nào.', 'nothing has been built yet')}</p>"
    return ("<!DOCTYPE html>\n<html lang=\"vi\">\n" + head(view) + "<body>\n"
            f'<header class="top"><h1>{bi(*TITLE)}</h1></header>\n<main>\n'
            f"{summary(view)}\n{contents(view, ids)}\n{sections}\n</main>\n"
            f"<footer>{bi(*OFFLINE)}</footer>\n</body>\n</html>\n")
