"""Targets a script no longer asks for — a row gone from a campaign's table, a format taken
out of `targets:` — retired: their files removed and their records dropped, so the feeds, the
playlist and the review page show only what the approved scripts say now."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from studio.build.state import BuildState, TargetRecord
from studio.project import Project


def stale_keys(state: BuildState, script_ids: Iterable[str], planned: Iterable[str],
               only: Iterable[str] | None) -> list[str]:
    """Recorded targets of the scripts built now that this plan no longer holds. None when
    the build names some rows (`only`): the other rows are not planned, not gone; and none
    of a script this build did not read (a build of one file leaves the others alone)."""
    if only:
        return []
    ids, planned = set(script_ids), set(planned)
    return sorted(key for key, record in state.targets.items()
                  if record.script_id in ids and key not in planned)


def as_built(path: Path, size: int, mtime_ns: int) -> bool:
    """Whether the file is still the one the build wrote (same size and time)."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == size and (not mtime_ns or stat.st_mtime_ns == mtime_ns)


def remove_outputs(record: TargetRecord, project: Project, keep: set[str]) -> None:
    """Delete the files a retired target made, except those another target now owns (`keep`)
    or that were changed since the build wrote them (they stay, listed as made outside the
    build); then its folders, if that left them empty."""
    folders = set()
    for out in record.outputs:
        path = project.outputs / out.path
        if out.path not in keep and as_built(path, out.bytes, out.mtime_ns):
            path.unlink(missing_ok=True)
            folders.add(path.parent)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != project.outputs and folder.is_relative_to(project.outputs):
            try:
                os.rmdir(folder)  # only if empty
            except OSError:
                break
            folder = folder.parent


def retire(state: BuildState, keys: Iterable[str], project: Project) -> list[TargetRecord]:
    """Remove the targets `keys` from the state and their files from outputs/; return their
    records (for the report)."""
    records = [state.targets.pop(key) for key in keys]
    keep = {out.path for record in state.targets.values() for out in record.outputs}
    for record in records:
        remove_outputs(record, project, keep)
    return records
