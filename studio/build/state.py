"""What the last builds made: per target its input hashes and output files."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from studio.fsutil import write_text_atomic
from studio.project import Project

STATE_FILE = ".studio-build.json"
SAVE_EVERY = 1.0  # seconds


@dataclass
class OutputRecord:
    """One file a target wrote, with what the manifest says about it."""

    kind: str
    path: str  # relative to outputs/, forward slashes
    bytes: int
    sha256: str
    mtime_ns: int = 0
    meta: dict = field(default_factory=dict)


@dataclass
class TargetRecord:
    """The last successful build of one target."""

    script_id: str
    target: str
    inputs: dict[str, str]
    studio_version: str
    built_at: str
    outputs: list[OutputRecord]
    warnings: list[str] = field(default_factory=list)
    variant: dict | None = None  # a campaign's row: key, slug, column, values


@dataclass
class BuildState:
    """Targets built so far and the file-hash cache, kept in outputs/.studio-build.json."""

    targets: dict[str, TargetRecord] = field(default_factory=dict)
    hashes: dict[str, list] = field(default_factory=dict)
    scripts: dict[str, dict] = field(default_factory=dict)  # id → what the manifest shows
    # a campaign's script path → the stamp of its last complete build and its targets' keys
    campaigns: dict[str, dict] = field(default_factory=dict)
    saved_at: float = field(default=float("-inf"), repr=False, compare=False)

    @classmethod
    def load(cls, project: Project) -> "BuildState":
        path = project.outputs / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            targets = {
                key: TargetRecord(**{**t, "outputs": [OutputRecord(**o) for o in t["outputs"]]})
                for key, t in data.get("targets", {}).items()}
            return cls(targets=targets, hashes=data.get("hashes", {}),
                       scripts=data.get("scripts", {}), campaigns=data.get("campaigns", {}))
        except (OSError, ValueError, TypeError, KeyError):
            return cls()  # no state, or unreadable state: everything is rebuilt

    def save(self, project: Project) -> None:
        data = {"targets": {k: asdict(v) for k, v in sorted(self.targets.items())},
                "hashes": self.hashes, "scripts": self.scripts, "campaigns": self.campaigns}
        write_text_atomic(project.outputs / STATE_FILE,
                          json.dumps(data, ensure_ascii=False, indent=1))
        self.saved_at = time.monotonic()

    def save_soon(self, project: Project) -> None:
        """Save after a finished target, unless saved less than SAVE_EVERY seconds ago: a
        campaign's thousands of targets would otherwise rewrite a growing file thousands of
        times (after a crash at most that last second's targets are redone; the build saves
        once more when it ends)."""
        if time.monotonic() - self.saved_at >= SAVE_EVERY:
            self.save(project)

    def outputs_intact(self, record: TargetRecord, project: Project) -> bool:
        """Every output still there, same size and time (else it is rebuilt): one stat each,
        by plain strings (a campaign's no-op checks thousands)."""
        folder = str(project.outputs)
        for out in record.outputs:
            try:
                stat = os.stat(f"{folder}/{out.path}")
            except OSError:
                return False
            if stat.st_size != out.bytes or (out.mtime_ns and stat.st_mtime_ns != out.mtime_ns):
                return False
        return True
