"""`studio check`: status, size and problems of scripts, for people and machines — the
script model's own checks, then the deep ones its files and poster targets need (which is
why this sits above the products, not inside the script model)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from studio.errors import ApprovalError, ScriptError, StudioError, StudioErrors
from studio.project import Project
from studio.errors import setting
from studio.script.approval import approval_problem, gate
from studio.script.broadcast import air_date_warnings
from studio.script.find import find_scripts
from studio.script.load import declared_id, load
from studio.script import fields
from studio.script.campaign import expand
from studio.script.model import Script

LONG_RECORDING_MINUTES = 30  # twice the longest loudspeaker session: longer is a wrong file
WORST_SHOWN = 3  # rows named in each warning
ERRORS_SHOWN = 5  # failing rows reported one by one; the rest are counted


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


def with_recording_lengths(script: Script) -> Script:
    """The script with each recording's real length in its scene, so the estimate counts
    what will be played rather than the words of its transcript."""
    from studio.media import probe
    return replace(script, scenes=tuple(
        replace(scene, recording_seconds=probe(scene.recording).duration)
        if scene.recording is not None else scene for scene in script.scenes))


def long_recordings(script: Script) -> list[str]:
    """A warning for each recording longer than any bulletin needs (a whole meeting, say)."""
    return [f"line {scene.recording_line}: recording '{scene.recording.name}' is "
            f"{scene.recording_seconds / 60:.0f} minutes long, longer than any bulletin "
            f"needs ({LONG_RECORDING_MINUTES}) — check it is the right file"
            for scene in script.scenes if scene.recording is not None
            and (scene.recording_seconds or 0) > LONG_RECORDING_MINUTES * 60]


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
            script = with_recording_lengths(script)
            if script.campaign:
                rows_wrong, worst = check_campaign(script, project)
                if rows_wrong:
                    raise rows_wrong[0] if len(rows_wrong) == 1 else StudioErrors(rows_wrong)
    except StudioErrors as many:
        return CheckResult(path, None, problems=tuple(many.errors))
    except StudioError as one:
        return CheckResult(path, None, problems=(one,))
    warnings = [*script.warnings, *long_recordings(script), *air_date_warnings(script)]
    if deep and script.campaign:
        warnings += worst
    if strict and script.status != "approved":
        try:
            gate(script)
        except ApprovalError as refused:
            return CheckResult(path, script, problems=(refused,), warnings=tuple(warnings))
    if script.status == "stale":
        warnings.append("changed since it was approved: approve it again before rendering")
    if script.status == "approved" and (problem := approval_problem(script, project)):
        return CheckResult(path, script, warnings=tuple(warnings), problems=(ApprovalError(
            problem, file=path, hint=f"approve it again with a trusted key: "
                                     f"{setting('approval_key')}"),))
    return CheckResult(path, script, warnings=tuple(warnings))


@dataclass(frozen=True)
class RowCheck:
    """One row's results: its key and line, its first problem, its estimated length, its
    smallest poster text."""

    key: str
    line: int
    problem: StudioError | None
    seconds: float
    smallest_px: int | None = None


def smallest_poster_text(row: Script, project: Project) -> int | None:
    """The smallest font size (px) any text of the row's posters had to take to fit (the
    layout every poster target will use, at full size); raises what the poster would."""
    from studio.poster.runs import prepare_script_posters
    if not row.targets.poster:
        return None
    batch = prepare_script_posters(row, project=project, allow_draft=True, sheet=False)
    return min((p.block.size for job in batch.jobs for p in job.plan.placements if p.block),
               default=None)


def spoken_problem(row: Script) -> None:
    """Every paragraph has a spoken form, no word is longer than a real one, and the whole
    is not longer than any bulletin needs (the script model's own limits, on the row)."""
    from studio.speech.normalize import normalize
    for scene in row.scenes:
        for paragraph in scene.paragraphs:
            fields.word_lengths(paragraph.text)
            normalize(paragraph.text, row.lang, row.path.parent)
    fields.spoken_length(row.estimated_seconds())


def check_row(row: Script, project: Project) -> RowCheck:
    """One row, checked; its first problem pointed at its line of the data file."""
    v = row.variant
    seconds = row.estimated_seconds()
    try:
        spoken_problem(row)
        smallest = smallest_poster_text(row, project)
    except fields.FieldProblem as problem:
        return RowCheck(v.key, v.line, ScriptError(f"row '{v.key}': {problem.message}",
                                                   file=v.data, line=v.line,
                                                   hint=problem.hint or None), seconds)
    except StudioError as exc:
        return RowCheck(v.key, v.line, ScriptError(f"row '{v.key}': {exc.message}",
                                                   file=v.data, line=v.line,
                                                   hint=exc.hint), seconds)
    return RowCheck(v.key, v.line, None, seconds, smallest)


def check_campaign(script: Script, project: Project
                   ) -> tuple[list[StudioError], list[str]]:
    """Every row of a campaign: (problems, worst-row warnings)."""
    checked = [check_row(row, project) for row in expand(script)]
    failing = [c for c in checked if c.problem]
    problems = [c.problem for c in failing[:ERRORS_SHOWN]]
    if len(failing) > ERRORS_SHOWN:
        problems.append(ScriptError(f"{len(failing) - ERRORS_SHOWN} more rows have problems",
                                    file=script.campaign.data,
                                    hint="fix the rows above, then check again"))
    return problems, worst_rows(checked)


def worst_rows(checked: list[RowCheck]) -> list[str]:
    """The longest rows, and the rows whose poster text had to shrink most, by name."""
    if not checked:
        return []
    longest = sorted(checked, key=lambda c: -c.seconds)[:WORST_SHOWN]
    lines = ["longest rows: " + ", ".join(f"{c.key} ~{c.seconds:.0f} s (line {c.line})"
                                          for c in longest)]
    sized = sorted((c for c in checked if c.smallest_px is not None),
                   key=lambda c: c.smallest_px)[:WORST_SHOWN]
    if sized:
        lines.append("smallest poster text: " + ", ".join(
            f"{c.key} {c.smallest_px} px (line {c.line})" for c in sized))
    return lines


@dataclass(frozen=True)
class IdClaim:
    """A script file and the id its outputs go under (`outputs/<id>/`)."""

    shown: str  # the file as the user named it, else relative to the project
    id: str
    line: int | None  # of its `id:`; None when the id is folded from the file name


def _shown(path: Path, project: Project) -> str:
    """A file the user did not name, as a path from the project folder when inside it."""
    return str(path.relative_to(project.root) if path.is_relative_to(project.root) else path)


def _file_key(path: Path) -> tuple[int, int] | Path:
    """Which file `path` is, links followed: one stat, cheaper than resolving every folder
    (file systems without file numbers, such as FAT on Windows, give 0: then the resolved
    path)."""
    try:
        info = path.stat()
    except OSError:
        return path.resolve()
    return (info.st_dev, info.st_ino) if info.st_ino else path.resolve()


def id_claims(results: Iterable[CheckResult], project: Project) -> dict[object, IdClaim]:
    """The id of every script checked and of every other script in the project's scripts
    folder, by resolved file (loaded scripts as loaded; the others from their front matter
    alone; one whose id cannot be read is left out, its own check says why)."""
    claims: dict[object, IdClaim] = {}
    for r in results:
        s = r.script
        found = (s.id, s.key_lines.get("id")) if s else declared_id(r.path)
        if found:
            claims.setdefault(_file_key(r.path), IdClaim(str(r.path), *found))
    others = find_scripts([project.scripts]) if project.scripts.is_dir() else []
    for path in others:
        key = _file_key(path)
        if key not in claims and (found := declared_id(path)):
            claims[key] = IdClaim(_shown(path, project), *found)
    return claims


def _shared_id_error(claim: IdClaim, others: list[IdClaim], path: Path) -> ScriptError:
    """The line for one script whose id other scripts have too, naming them."""
    source = "" if claim.line else " (from the file name)"
    return ScriptError(f"id '{claim.id}'{source} is also the id of "
                       f"{' and '.join(o.shown for o in others)}, so their outputs would "
                       f"overwrite each other in outputs/{claim.id}/", file=path,
                       line=claim.line, hint="give one of them its own 'id:'")


def refuse_shared_ids(results: list[CheckResult], project: Project) -> list[CheckResult]:
    """`results`, where each script whose id another script of the project has too is
    invalid, its error naming the others — whether the id is written (`id:` kept in a
    copied script) or folded from the file name ('bài 1.md' and 'bài #1 🎉 %.md')."""
    claims = id_claims(results, project)
    by_id: dict[str, list[object]] = {}
    for key, claim in claims.items():
        by_id.setdefault(claim.id, []).append(key)
    out = []
    for r in results:
        key = _file_key(r.path)
        claim = claims.get(key)
        others = [claims[k] for k in by_id.get(claim.id, []) if k != key] if claim else []
        if not others:
            out.append(r)
            continue
        error = _shared_id_error(claim, others, r.path)
        out.append(CheckResult(r.path, None, problems=(error, *r.problems)))
    return out


def check(paths: Iterable[str | Path], project: Project | None = None, *,
          strict: bool = False) -> list[CheckResult]:
    """Check every script under `paths`, and that no two scripts of the project share an id
    (`strict`: drafts and stale scripts are errors)."""
    project = project or Project.at()
    results = [check_script(p, project, deep=True, strict=strict) for p in find_scripts(paths)]
    return refuse_shared_ids(results, project)
