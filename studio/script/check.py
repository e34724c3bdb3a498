"""`studio check`: status, size and problems of scripts, for people and machines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import ScriptError, StudioError, StudioErrors
from studio.project import Project
from studio.script.assets import check_assets
from studio.script.load import load
from studio.script.model import Script

SCRIPT_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class CheckResult:
    """One script's check: its status and every error and warning."""

    path: Path
    script: Script | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def status(self) -> str:
        return self.script.status if self.script else "invalid"

    def as_dict(self) -> dict:
        s = self.script
        return {
            "path": str(self.path), "status": self.status, "id": s.id if s else None,
            "title": s.title if s else None, "lang": s.lang if s else None,
            "scenes": len(s.scenes) if s else 0,
            "estimated_seconds": s.estimated_seconds() if s else None,
            "approved_by": s.approval.by if s and s.approval else None,
            "errors": list(self.errors), "warnings": list(self.warnings),
        }


def find_scripts(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into script files (folders: every *.md below, sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SCRIPT_SUFFIXES
                                and p.is_file() and not p.name.lower().startswith("readme")))
        elif path.exists():
            found.append(path)
        else:
            raise ScriptError("no such file or folder", file=path, hint="check the path")
    return found


def check_poster_targets(script: Script, project: Project) -> None:
    """Every poster target names a template this project has (a typo is caught here, not
    halfway through a build)."""
    from studio.graphics.templates import template_path
    for name in script.targets.poster:
        try:
            template_path(name, project)
        except StudioError as exc:
            raise ScriptError(f"targets.poster: {exc.message}", file=script.path,
                              line=script.key_lines.get("targets"), hint=exc.hint) from None


def check_script(path: Path, project: Project, *, deep: bool = False) -> CheckResult:
    """Load one script and report its status, or every problem found; `deep` also decodes
    every image and probes every video and recording (slower: `studio check` does it, a
    no-op build does not)."""
    try:
        script = load(path, project)
        if deep:
            check_assets(script)
            check_poster_targets(script, project)
    except StudioErrors as many:
        return CheckResult(path, None, errors=tuple(str(e) for e in many.errors))
    except StudioError as one:
        return CheckResult(path, None, errors=(str(one),))
    warnings = list(script.warnings)
    if script.status == "stale":
        warnings.append("changed since it was approved: approve it again before rendering")
    return CheckResult(path, script, warnings=tuple(warnings))


def check(paths: Iterable[str | Path], project: Project | None = None) -> list[CheckResult]:
    """Check every script under `paths`."""
    project = project or Project.at()
    return [check_script(p, project, deep=True) for p in find_scripts(paths)]
