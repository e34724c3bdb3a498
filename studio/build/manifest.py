"""`outputs/manifest.json`: every output file with what a radio operator or reviewer needs."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

from studio import __version__
from studio.build.fingerprint import HashCache
from studio.build.outputs import output_kind, reported_meta
from studio.build.state import BuildState
from studio.errors import StudioError
from studio.fsutil import write_text_atomic
from studio.project import Project
from studio.script.model import DRAFT_SUFFIX, Script

MANIFEST = "manifest.json"
OTHER_OUTPUTS = "other_outputs"
NOT_PRODUCTS = frozenset({MANIFEST, "index.html"})  # outputs/ files about the build itself
PREVIEW_FOLDERS = frozenset({"templates"})  # `studio templates show` previews, not products
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")


def script_entry(script: Script) -> dict:
    """What the manifest and review page show about a script."""
    a = script.approval
    return {"title": script.title, "lang": script.lang, "priority": script.priority,
            "path": str(script.path), "checksum": script.checksum, "status": script.status,
            "approval": {"by": a.by, "on": a.on.isoformat(), "checksum": a.checksum} if a else None,
            "warnings": list(script.warnings),
            **({"campaign": campaign_entry(script)} if script.campaign else {})}


def campaign_entry(script: Script) -> dict:
    """What the manifest says of a campaign: its data file (and hash), key column, rows."""
    c = script.campaign
    return {"data": str(c.data), "data_sha256": c.sha256, "key": c.key,
            "columns": list(c.columns), "rows": len(c.rows)}


def product_files(folder: str, rel: str = "") -> Iterator[tuple[str, str]]:
    """(path, path relative to outputs/) of every file below `folder` made to be reviewed,
    sorted: not hidden (build state, temporaries), not a symlink, not the manifest or the page,
    not a template preview (with os.scandir, as a build with nothing to do runs this too)."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        name = f"{rel}{entry.name}"
        if entry.name.startswith(".") or name in NOT_PRODUCTS or name in PREVIEW_FOLDERS:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from product_files(entry.path, f"{name}/")
        elif entry.is_file(follow_symlinks=False):
            yield entry.path, name


def light_meta(path: Path, kind: str) -> dict:
    """What can be said of a file without decoding it: a picture's size from its header, a
    bulletin's measures from its own report."""
    if kind == "audio":
        return reported_meta(path) or {}
    if path.suffix.lower() in PICTURE_SUFFIXES:
        from studio.media import image_size
        try:
            return dict(zip(("width", "height"), image_size(path)))
        except (OSError, StudioError):
            return {}
    return {}


def other_entry(path: Path, rel: str, state: BuildState, hashes: HashCache) -> dict:
    """A manifest entry for a file no target made: whose folder it is in, and whether its
    name marks it as a draft."""
    folder = rel.split("/")[0] if "/" in rel else "."
    owner = {"script_id": folder} if folder in state.scripts else {"folder": folder}
    kind = output_kind(path)
    return {"kind": kind, "path": rel, "bytes": path.stat().st_size,
            "sha256": hashes.sha256(path), **owner, "draft": f"{DRAFT_SUFFIX}." in path.name,
            **light_meta(path, kind)}


def other_outputs(project: Project, state: BuildState, hashes: HashCache) -> list[dict]:
    """Every file in outputs/ that no build target made — posters of `studio poster` runs
    (outputs/posters/), a video format rendered by hand — so the review page shows all there
    is to review, each marked as made outside the build."""
    owned = {out.path for record in state.targets.values() for out in record.outputs}
    if not project.outputs.is_dir():
        return []
    return [other_entry(Path(path), rel, state, hashes)
            for path, rel in product_files(str(project.outputs)) if rel not in owned]


def lists_other_outputs(project: Project, other: list[dict]) -> bool:
    """Whether the manifest written last lists exactly these other outputs (if not, a build
    with nothing to render still rewrites the manifest and the review page)."""
    try:
        written = json.loads((project.outputs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(written, dict) and written.get(OTHER_OUTPUTS, []) == other


def manifest_dict(state: BuildState, target_rows: list[dict], other: list[dict] = ()) -> dict:
    """The manifest: scripts, every output of every built target, this run's targets, and
    the files in outputs/ that no target made (`other`)."""
    outputs = []
    for record in sorted(state.targets.values(),
                         key=lambda r: (r.script_id, (r.variant or {}).get("slug", ""), r.target)):
        info = state.scripts.get(record.script_id, {})
        approval = info.get("approval") or {}
        for out in record.outputs:
            outputs.append({
                "kind": out.kind, "path": out.path, "bytes": out.bytes, "sha256": out.sha256,
                "target": record.target, **out.meta, "lang": info.get("lang"),
                "priority": info.get("priority"), "script_id": record.script_id,
                "script_checksum": info.get("checksum"),
                "approved_by": approval.get("by"), "studio_version": record.studio_version,
                "built_at": record.built_at, **variant_fields(record.variant)})
    return {"studio_version": __version__,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "scripts": state.scripts, "outputs": outputs, "targets": target_rows,
            OTHER_OUTPUTS: list(other)}


def variant_fields(variant: dict | None) -> dict:
    """A campaign row's key and values on each of its outputs (nothing for a plain script)."""
    if not variant:
        return {}
    return {"variant": variant["key"], "variant_slug": variant["slug"],
            "variant_values": variant["values"]}


def write_manifest(project: Project, manifest: dict) -> Path:
    """Write outputs/manifest.json atomically."""
    return write_text_atomic(project.outputs / MANIFEST,
                             json.dumps(manifest, ensure_ascii=False, indent=2))
