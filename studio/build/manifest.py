"""`outputs/manifest.json`: every output file with what a radio operator or reviewer needs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from studio import __version__
from studio.build.state import BuildState
from studio.fsutil import write_text_atomic
from studio.project import Project
from studio.script.model import Script

MANIFEST = "manifest.json"


def script_entry(script: Script) -> dict:
    """What the manifest and review page show about a script."""
    a = script.approval
    return {"title": script.title, "lang": script.lang, "priority": script.priority,
            "path": str(script.path), "checksum": script.checksum, "status": script.status,
            "approval": {"by": a.by, "on": a.on.isoformat(), "checksum": a.checksum} if a else None,
            "warnings": list(script.warnings)}


def manifest_dict(state: BuildState, target_rows: list[dict]) -> dict:
    """The manifest: scripts, every output of every built target, and this run's targets."""
    outputs = []
    for record in sorted(state.targets.values(), key=lambda r: (r.script_id, r.target)):
        info = state.scripts.get(record.script_id, {})
        approval = info.get("approval") or {}
        for out in record.outputs:
            outputs.append({
                "kind": out.kind, "path": out.path, "bytes": out.bytes, "sha256": out.sha256,
                "target": record.target, **out.meta, "lang": info.get("lang"),
                "priority": info.get("priority"), "script_id": record.script_id,
                "script_checksum": info.get("checksum"),
                "approved_by": approval.get("by"), "studio_version": record.studio_version,
                "built_at": record.built_at})
    return {"studio_version": __version__,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "scripts": state.scripts, "outputs": outputs, "targets": target_rows}


def write_manifest(project: Project, manifest: dict) -> Path:
    """Write outputs/manifest.json atomically."""
    return write_text_atomic(project.outputs / MANIFEST,
                             json.dumps(manifest, ensure_ascii=False, indent=2))
