"""One script's section: title, facts, approval, problems, targets and outputs."""

from __future__ import annotations

from pathlib import Path

from studio.review import labels, media
from studio.review.campaign import variants_table
from studio.review.markup import attrs, badge, bi, esc
from studio.review.view import ScriptView

SHOWN_KINDS = frozenset({"video", "audio", "waveform", "poster", "preview", "storyboard",
                         "contact-sheet", "subtitles", "report"})


def approval_badge(script: ScriptView) -> str:
    """Approved, draft or stale, as a pill."""
    vi, en = labels.APPROVAL.get(script.status, labels.UNKNOWN_APPROVAL)
    css = script.status if script.status in labels.APPROVAL else "unknown"
    return badge(css, vi, en)


def priority_badge(script: ScriptView) -> str:
    """The script's priority as a pill ('' when the manifest has none)."""
    if not script.priority:
        return ""
    vi, en = labels.PRIORITIES.get(script.priority, (script.priority, script.priority))
    return badge(script.priority, vi, en)


def failures_badge(script: ScriptView) -> str:
    """How many of its targets failed ('' when none)."""
    count = len(script.failures)
    return badge("failed", f"{count} lỗi", f"{count} failed") if count else ""


def approval_detail(script: ScriptView) -> str:
    """Who approved which version and when; for drafts and stale scripts, what that means."""
    a = script.approval
    signed = ""
    if a is not None:
        by = f"<b>{esc(a.by)}</b>" if a.by else "?"
        signed = (f"{bi('bởi', 'by')} {by}, {bi('ngày', 'on')} {esc(labels.day(a.on) or '?')}"
                  f"<br>{bi('mã kiểm tra đã duyệt', 'approved checksum')}: "
                  f"<code>{esc(a.checksum or '?')}</code>")
    if script.status == "approved":
        return f"{approval_badge(script)} {signed}"
    if script.status == "stale":
        return (f"{approval_badge(script)}<br>{bi('Lần duyệt trước', 'previous approval')}: "
                f"{signed or '—'}<br>{bi('Nội dung đã thay đổi sau lần duyệt đó', 'content changed since then')}")
    if script.status == "draft":
        return (f"{approval_badge(script)}<br>"
                f"{bi('Chưa được duyệt: không phát hành', 'not approved: do not publish')}")
    return f"{approval_badge(script)} {signed}"


def facts(script: ScriptView) -> str:
    """The script's id, file, language, priority, approval and content checksum."""
    rows = [
        (bi("Mã kịch bản", "script id"), f"<code>{esc(script.id)}</code>"),
        (bi("Tệp kịch bản", "script file"),
         f"<code>{esc(script.path)}</code>" if script.path else "—"),
        (bi("Ngôn ngữ", "language"),
         f"{esc(labels.language_name(script.lang))} (<code>{esc(script.lang or '?')}</code>)"),
        (bi("Mức ưu tiên", "priority"), priority_badge(script) or "—"),
        (bi("Duyệt", "approval"), approval_detail(script)),
        (bi("Mã kiểm tra nội dung", "content checksum"),
         f"<code>{esc(script.checksum)}</code>" if script.checksum else "—"),
    ]
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="facts">{body}</dl>'


def problems(script: ScriptView) -> str:
    """The build's errors and warnings for this script, errors first."""
    errors = [f"{t.target}: {t.error or 'lỗi không rõ / unknown error'}" for t in script.failures]
    concerns: dict[str, list[str]] = {}  # one line per warning, naming the targets it is about
    for t in script.targets:
        for w in t.warnings:
            concerns.setdefault(w, []).append(t.target)
    warnings = list(script.warnings) + [f"{', '.join(sorted(set(ts)))}: {w}"
                                        for w, ts in concerns.items()]
    items = [f'<li class="error">✖ {esc(e)}</li>' for e in dict.fromkeys(errors)]
    items += [f'<li class="warning">⚠ {esc(w)}</li>' for w in dict.fromkeys(warnings)]
    if not items:
        return ""
    return (f"<h3>{bi('Lỗi và cảnh báo', 'errors and warnings')}</h3>"
            f'<ul class="problems">{"".join(items)}</ul>')


def targets_table(script: ScriptView) -> str:
    """What this build did with each of the script's targets."""
    if not script.targets:
        return ""
    rows = []
    for t in script.targets:
        vi, en = labels.TARGET_STATUS.get(t.status, (t.status, t.status))
        rows.append(f"<tr><td><code>{esc(t.target)}</code></td>"
                    f"<td>{badge(t.status, vi, en)}</td></tr>")
    return (f"<h3>{bi('Mục tiêu', 'targets')}</h3><table class=\"targets\"><thead><tr>"
            f"<th>{bi('Mục tiêu', 'target')}</th><th>{bi('Kết quả', 'result')}</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def outputs(script: ScriptView, outputs_dir: Path) -> str:
    """Players, thumbnails and links for every output of the script."""
    rest = tuple(sorted({o.kind for o in script.outputs} - SHOWN_KINDS))
    parts = [media.videos(script, outputs_dir), media.audios(script),
             media.pictures(script, "poster"), media.pictures(script, "storyboard"),
             media.pictures(script, "contact-sheet"),
             media.listed(script, ("subtitles",), download=True),
             media.listed(script, ("report",)),
             media.listed(script, rest)]
    shown = "".join(parts)
    return shown or f"<p>{bi('Chưa có tệp đầu ra nào.', 'no outputs yet')}</p>"


def folder_section(folder: ScriptView, anchor: str, outputs_dir: Path) -> str:
    """A folder of files made outside the build (outputs/posters/…): what it is, its files."""
    return (f"<section{attrs(class_='script folder', id=anchor)}><h2>{esc(folder.title)}</h2>"
            f"<p>{bi(*labels.FOLDER_NOTE)}</p>{outputs(folder, outputs_dir)}</section>")


def script_section(script: ScriptView, anchor: str, outputs_dir: Path) -> str:
    """The whole section for one script (or for a folder of files made outside the build)."""
    if script.folder:
        return folder_section(script, anchor, outputs_dir)
    css = f"script {script.status}" if script.status in labels.APPROVAL else "script"
    shown = (variants_table(script) if script.campaign else
             f"{targets_table(script)}{outputs(script, outputs_dir)}")
    return (f"<section{attrs(class_=css, id=anchor)}>"
            f"<h2{attrs(lang=script.lang or None)}>{esc(script.title)}</h2>"
            f"<p>{approval_badge(script)}{priority_badge(script)}{failures_badge(script)}</p>"
            f"{facts(script)}{problems(script)}{shown}</section>")
