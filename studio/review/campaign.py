"""A campaign's section: one table row per variant (status, duration, links), not thousands
of players — a province's communes must fit on one page a reviewer can scroll."""

from __future__ import annotations

from dataclasses import dataclass

from studio.review import labels
from studio.review.markup import badge, bi, esc, file_link
from studio.review.view import OutputView, ScriptView, TargetView

WORST_FIRST = ("failed", "skipped", "built", "up-to-date", "removed")
FIRST_KINDS = ("audio", "poster", "video", "report")  # linked first, in this order
UNLINKED_KINDS = frozenset({"preview", "waveform"})  # pictures of the files linked


@dataclass(frozen=True)
class VariantRow:
    """One row of a campaign: its key, this build's results and its output files."""

    key: str
    slug: str
    targets: tuple[TargetView, ...]
    outputs: tuple[OutputView, ...]

    @property
    def status(self) -> str:
        """The worst of its targets' results ('' when this build did not plan it)."""
        found = {t.status for t in self.targets}
        return next((s for s in WORST_FIRST if s in found), next(iter(found), ""))

    @property
    def duration_s(self) -> float | None:
        """The length of its bulletin (or video), as the manifest measured it."""
        return next((o.duration_s for o in self.outputs
                     if o.kind in ("audio", "video") and o.duration_s is not None), None)


def variant_rows(script: ScriptView) -> list[VariantRow]:
    """The campaign's rows in the manifest's order, outputs and targets joined by slug."""
    keys: dict[str, str] = {}
    for o in script.outputs:
        if o.variant_slug:
            keys.setdefault(o.variant_slug, o.variant or o.variant_slug)
    for t in script.targets:
        if t.variant:
            keys.setdefault(t.variant, t.variant)
    return [VariantRow(key, slug, tuple(t for t in script.targets if t.variant == slug),
                       tuple(o for o in script.outputs if o.variant_slug == slug))
            for slug, key in keys.items()]


def links(row: VariantRow) -> str:
    """A link to each of the row's bulletins, banners, videos, reports and other files."""
    order = {kind: n for n, kind in enumerate(FIRST_KINDS)}
    shown = sorted((o for o in row.outputs if o.kind not in UNLINKED_KINDS),
                   key=lambda o: order.get(o.kind, len(order)))
    return " · ".join(file_link(o, o.suffix.lstrip(".") or o.name) for o in shown) or "—"


def variants_table(script: ScriptView) -> str:
    """The table of a campaign's variants: key, status, duration, links."""
    rows = variant_rows(script)
    body = []
    for row in rows:
        vi, en = labels.TARGET_STATUS.get(row.status, (row.status or "—", row.status or "—"))
        status = badge(row.status, vi, en) if row.status else "—"
        errors = "".join(f"<br><small>{esc(t.target)}: {esc(t.error)}</small>"
                         for t in row.targets if t.error)
        body.append(f"<tr><td>{esc(row.key)}</td><td>{status}{errors}</td>"
                    f"<td>{esc(labels.duration(row.duration_s)) or '—'}</td>"
                    f"<td>{links(row)}</td></tr>")
    c = script.campaign or {}
    about = (f"<p>{bi('Chiến dịch', 'campaign')}: {esc(c.get('rows', len(rows)))} "
             f"{bi('dòng', 'rows')} — <code>{esc(c.get('data', ''))}</code>, "
             f"{bi('cột khóa', 'key column')} <code>{esc(c.get('key', ''))}</code></p>")
    return (f"{about}<table class=\"targets variants\"><thead><tr>"
            f"<th>{bi('Biến thể', 'variant')}</th><th>{bi('Kết quả', 'result')}</th>"
            f"<th>{bi('Thời lượng', 'duration')}</th><th>{bi('Tệp', 'files')}</th></tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>")
