"""`studio check`: status, size and problems of scripts, for people and machines — the
script model's own checks, then the deep ones its files and poster targets need (which is
why this sits above the products, not inside the script model)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import ApprovalError, ScriptError, StudioError, StudioErrors
from studio.project import Project
from studio.script.find import find_scripts
from studio.script.approval import gate
from studio.script.load import load
from studio.script.model import Script


@dataclass(frozen=True)
class CheckResult:
    """One script's check: its status and every error and warning."""

    path: Path
    script: Script | None
    problems: tuple[StudioError, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[str, ...]:
        """Each problem as one line, settings by their library names."""
        return tuple(p.describe() for p in self.problems)

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


def check_poster_targets(script: Script, project: Project) -> None:
    """Every poster target names a template this project has (a typo is caught here, not
    halfway through a build)."""
    from studio.poster.templates import template_path
    for name in script.targets.poster:
        try:
            template_path(name, project)
        except StudioError as exc:
            raise ScriptError(f"targets.poster: {exc.message}", file=script.path,
                              line=script.key_lines.get("targets"), hint=exc.hint) from None


def check_script(path: Path, project: Project, *, deep: bool = False,
                 strict: bool = False) -> CheckResult:
    """Load one script and report its status, or every problem found; `deep` also decodes
    every image and probes every video and recording (slower: `studio check` does it, a
    no-op build does not); `strict` makes a draft or stale script an error, as the gate
    of a final render would (for CI)."""
    try:
        script = load(path, project)
        if deep:  # the deep checks load Pillow and the poster package: not for a no-op build
            from studio.preflight import check_assets
            check_assets(script)
            check_poster_targets(script, project)
    except StudioErrors as many:
        return CheckResult(path, None, problems=tuple(many.errors))
    except StudioError as one:
        return CheckResult(path, None, problems=(one,))
    warnings = list(script.warnings)
    if strict and script.status != "approved":
        try:
            gate(script)
        except ApprovalError as refused:
            return CheckResult(path, script, problems=(refused,), warnings=tuple(warnings))
    if script.status == "stale":
        warnings.append("changed since it was approved: approve it again before rendering")
    return CheckResult(path, script, warnings=tuple(warnings))


def check(paths: Iterable[str | Path], project: Project | None = None, *,
          strict: bool = False) -> list[CheckResult]:
    """Check every script under `paths` (`strict`: drafts and stale scripts are errors)."""
    project = project or Project.at()
    return [check_script(p, project, deep=True, strict=strict) for p in find_scripts(paths)]
