"""What `studio build` does for campaigns beyond their rows' targets: refusing an `only` key
no campaign has, remembering a complete campaign's stamp (so an unchanged campaign is up to
date without filling in a row), and one summary line per target for all its rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.build.plan import Decision
from studio.build.state import BuildState
from studio.errors import StudioError, setting
from studio.script.model import Script

if TYPE_CHECKING:
    from studio.build.run import TargetResult

def refuse_unknown_keys(scripts: list[Script], only: tuple[str, ...] | None) -> None:
    """`only` names rows of whichever campaigns have them; a key no campaign has is an
    error (a typo must not quietly build nothing)."""
    from studio.script.campaign import has_key
    if only is None:
        return
    campaigns = [s for s in scripts if s.campaign]
    unknown = [key for key in only if not any(has_key(s, key) for s in campaigns)]
    if unknown:
        names = ", ".join(s.campaign.data.name for s in campaigns) or "no campaign"
        raise StudioError(f"{setting('only')} '{unknown[0]}' is not a key of any campaign "
                          f"built ({names})", hint="name a row's key as its data file writes it")


def remember_campaigns(state: BuildState, stamps: dict, decisions: list[Decision],
                       results: list[TargetResult], only) -> bool:
    """After a build that planned a campaign row by row and left every row built: its stamp
    and target keys, so the next build can find it unchanged without filling in its rows
    (a campaign with a failed row is forgotten). Whether anything changed."""
    if only is not None:
        return False
    failed = {(r.script_id, r.variant, r.target) for r in results if r.status == "failed"}
    before = dict(state.campaigns)
    for path, stamp in stamps.items():
        jobs = [d.job for d in decisions if d.job.script_path == path]
        complete = stamp is not None and all(
            job.key in state.targets and (job.script_id, job.variant, job.target) not in failed
            for job in jobs)
        if complete:
            state.campaigns[str(path)] = {"stamp": stamp, "keys": [job.key for job in jobs]}
        else:
            state.campaigns.pop(str(path), None)
    return state.campaigns != before


STATUS_ORDER = ("failed", "built", "would-build", "up-to-date", "skipped", "would-remove",
                "removed")


def grouped_results(results: list[TargetResult]
                    ) -> list[tuple[TargetResult, dict[str, int] | None]]:
    """The summary's rows: a plain target as it is; a campaign's target once, with the worst
    status of its rows and how many rows had each (thousands of rows stay one line)."""
    from studio.build.run import TargetResult
    out: list[tuple[TargetResult, dict[str, int] | None]] = []
    groups: dict[tuple[str, str], int] = {}
    for r in results:
        if not r.variant:
            out.append((r, None))
            continue
        key = (r.script_id, r.target)
        if key not in groups:
            groups[key] = len(out)
            out.append((TargetResult(r.script_id, r.target, r.status), {}))
        first, counts = out[groups[key]]
        counts[r.status] = counts.get(r.status, 0) + 1
        worst = min(first.status, r.status, key=STATUS_ORDER.index)
        out[groups[key]] = (TargetResult(r.script_id, r.target, worst,
                                         warnings=list(dict.fromkeys(first.warnings
                                                                     + r.warnings))), counts)
    return out
