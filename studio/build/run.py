"""`build()`: every approved script to every channel, incremental, parallel, never half-done."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from studio import __version__
from studio.build.fingerprint import HashCache
from studio.build.manifest import (MANIFEST, lists_other_outputs, manifest_dict, other_outputs,
                                   script_entry, write_manifest)
from studio.build.campaigns import refuse_unknown_keys, remember_campaigns
from studio.build.plan import Decision, Job, TargetKind, campaign_stamp, plan
from studio.build.retire import retire, stale_keys
from studio.build.runners import LocalRunner
from studio.build.state import BuildState, TargetRecord
from studio.errors import name_settings, setting
from studio.fsutil import locked_folder
from studio.project import Project
from studio.check import check_script, refuse_shared_ids
from studio.script.find import find_scripts
from studio.script.model import Script
from studio.speech.voice import Voice



@dataclass
class TargetResult:
    """How one target went in this run."""

    script_id: str
    target: str
    status: str  # built | up-to-date | failed | skipped | would-build | removed | would-remove
    error: str | None = None  # settings still marked (studio.errors.setting): see `message`
    why: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    variant: str | None = None  # a campaign's row (its slug)

    def message(self, names: Mapping[str, str] | None = None) -> str | None:
        """The error line, settings named as `names` says (default: their library names)."""
        return name_settings(self.error, names) if self.error else None

    def row(self) -> dict:
        row = {"script_id": self.script_id, "target": self.target, "status": self.status,
               "warnings": self.warnings}
        if self.error:
            row["error"] = self.message()
        if self.why:
            row["why"] = list(self.why)
        if self.variant:
            row["variant"] = self.variant
        return row


@dataclass
class BuildReport:
    """Everything a build did, for the summary table and the exit code."""

    results: list[TargetResult]
    manifest: Path | None = None
    review_page: Path | None = None
    workers: dict[str, int] = field(default_factory=dict)  # targets finished by each worker

    @property
    def failed(self) -> list[TargetResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)


def _load_scripts(paths: Iterable[Path], project: Project, draft: bool
                  ) -> tuple[list[Script], list[Script], list[TargetResult]]:
    """Valid scripts to build, drafts left out, and a result line for each invalid or draft
    one (two scripts sharing an id are both invalid: neither may overwrite the other)."""
    scripts, skipped, results = [], [], []
    every = [check_script(path, project) for path in find_scripts(paths)]
    for checked in refuse_shared_ids(every, project):
        path = checked.path
        if checked.script is None:
            results.append(TargetResult(path.stem, "script", "failed",
                                        checked.problems[0].marked().splitlines()[0]))
        elif checked.script.status != "approved" and not draft:
            skipped.append(checked.script)
            results.append(TargetResult(
                checked.script.id, "script", "skipped",
                f"{path}: {checked.script.status} — approve it, or build with {setting('draft')}"))
        else:
            scripts.append(checked.script)
    return scripts, skipped, results


def build(paths: Iterable[str | Path] | None = None, *, project: Project | None = None,
          jobs: int | None = None, force: bool = False, dry_run: bool = False,
          draft: bool = False, voice: Voice = Voice(),
          kinds: dict[str, TargetKind] | None = None, cluster: str | None = None,
          on_result: Callable[[TargetResult], None] | None = None,
          on_plan: Callable[[list[Decision]], None] | None = None,
          only: Iterable[str] | None = None) -> BuildReport:
    """Build every target of every approved script under `paths` that is out of date (of a
    campaign, every row, or the rows whose keys are in `only`) — in local worker processes,
    or on the Dask cluster `cluster` names (`local`, `local:N`, `tcp://HOST:8786`): a
    scheduler is reached before anything is written, a local cluster started only when
    there is something to build."""
    from studio.build.targets import default_kinds
    project = project or Project.at()
    kinds = kinds or default_kinds()
    paths = [Path(p) for p in (paths or [project.scripts])]
    with _cluster_for(cluster, dry_run) as engine:
        with locked_folder(project.outputs, what="studio build"):
            return _build_locked(paths, project, jobs, force, dry_run, draft, voice, kinds,
                                 on_result, on_plan, None if only is None else tuple(only),
                                 engine)


def _cluster_for(spec: str | None, dry_run: bool):
    """The cluster to build on, connected (or a no-op context for a local or dry run)."""
    if not spec or dry_run:
        return contextlib.nullcontext()
    from studio.build.cluster import open_cluster
    return open_cluster(spec)


def _build_locked(paths, project, jobs, force, dry_run, draft, voice, kinds, on_result,
                  on_plan, only, cluster=None) -> BuildReport:
    state = BuildState.load(project)
    scripts, skipped, results = _load_scripts(paths, project, draft)
    hashes = HashCache(state.hashes)
    refuse_unknown_keys(scripts, only)
    options = voice.fingerprint()
    stamps = {s.path: campaign_stamp(s, kinds, project, options, hashes, draft)
              for s in scripts if s.campaign}
    decisions = plan(scripts, kinds, project, state, options=options, draft=draft,
                     force=force, hashes=hashes, only=only, stamps=stamps)
    if on_plan:
        on_plan(decisions)
    for decision in decisions:
        job = decision.job
        if decision.error:
            results.append(TargetResult(job.script_id, job.target, "failed", decision.error,
                                        variant=job.variant))
        elif not decision.build:  # what its last build said still holds
            record = state.targets.get(job.key)
            results.append(TargetResult(job.script_id, job.target, "up-to-date",
                                        warnings=list(record.warnings) if record else [],
                                        variant=job.variant))
    todo = [d.job for d in decisions if d.build]
    stale = stale_keys(state, [s.id for s in scripts], [d.job.key for d in decisions], only)
    if dry_run:
        results += [TargetResult(d.job.script_id, d.job.target, "would-build", why=d.why,
                                 variant=d.job.variant)
                    for d in decisions if d.build]
        results += [_retired(state.targets[key], "would-remove") for key in stale]
        return BuildReport(results)
    if cluster and todo:  # started, or refused, before a stale output is removed
        cluster.connected()
    retired = retire(state, stale, project)
    results += [_retired(record, "removed") for record in retired]
    entries = {script.id: script_entry(script) for script in scripts + skipped}
    if _nothing_changed(todo, results, state, entries, hashes, project,
                        lambda: remember_campaigns(state, stamps, decisions, results, only)):
        return BuildReport(results, manifest=project.outputs / MANIFEST,
                           review_page=project.outputs / "index.html")
    state.scripts.update(entries)  # drafts too, so the review page says why they are absent
    state.hashes = hashes.known
    runner = (cluster.runner(project, hashes, scripts) if cluster and todo else
              LocalRunner(project.root, jobs or os.cpu_count() or 1, len(todo)))
    results += _execute(todo, kinds, runner, state, project, voice, on_result)
    workers = dict(runner.workers)
    remember_campaigns(state, stamps, decisions, results, only)
    if any(job.kind == "audio" for job in todo) or any(  # the playlist, calendar, feeds
            record.target.startswith("audio:") for record in retired):
        from studio.broadcast.exports import write_exports
        write_exports(project.outputs)
    other = other_outputs(project, state, hashes)  # after the renders: what they wrote is theirs
    state.save(project)  # with the hashes of those files, so the next build need not read them
    manifest = manifest_dict(state, [r.row() for r in results], other)
    report = BuildReport(results, manifest=write_manifest(project, manifest), workers=workers)
    try:
        from studio.review import write_review_page
        report.review_page = write_review_page(manifest, project.outputs)
    except ImportError:
        pass
    return report


def _nothing_changed(todo, results, state: BuildState, entries: dict, hashes: HashCache,
                     project: Project, remember: Callable[[], bool]) -> bool:
    """A build with nothing to do, no failure, the same scripts and the same files made outside
    it (`studio poster` …) leaves the manifest and the review page of the last build as they
    are (only newly cached file hashes are saved)."""
    if todo or any(r.status in ("failed", "removed") for r in results):
        return False
    if any(state.scripts.get(key) != entry for key, entry in entries.items()):
        return False
    if not ((project.outputs / MANIFEST).is_file() and (project.outputs / "index.html").is_file()):
        return False
    if not lists_other_outputs(project, other_outputs(project, state, hashes)):
        return False
    if remember() or hashes.known != state.hashes:
        state.hashes = hashes.known
        state.save(project)
    return True


SPEAKING_KINDS = ("video", "audio")


def _retired(record: TargetRecord, status: str) -> TargetResult:
    """The result line of a target its script no longer asks for (its row is gone from the
    table, or its name from `targets:`)."""
    variant = (record.variant or {}).get("slug")
    return TargetResult(record.script_id, record.target, status, variant=variant,
                        why=("its row is no longer in the campaign's table" if variant else
                             "its script no longer lists it under targets:",))


def _execute(todo: list[Job], kinds, runner, state: BuildState, project: Project,
             voice: Voice, on_result) -> list[TargetResult]:
    """Render every target, each speaking one only after its script's narration is in the
    cache (made once per script); save state after each target. No barrier: posters start
    at once, and a script's video and audio start as soon as its own narration is done."""
    results: list[TargetResult] = []
    started = time.monotonic()

    def finish(result: TargetResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    try:
        waiting: dict[tuple[Path, str | None], list[Job]] = {}  # per script, or campaign row
        for job in todo:
            if job.kind in SPEAKING_KINDS:
                waiting.setdefault((job.script_path, job.variant), []).append(job)
        pending: dict[Future, tuple[str, object]] = {
            runner.narrate(spoken_by, voice): ("narration", spoken_by) for spoken_by in waiting}
        spoken: dict[tuple, list[str]] = {}  # a script's narration notices, for its targets
        voices: dict[tuple, str] = {}  # which voice spoke each script (or campaign row)
        for job in todo:  # the longer speaking targets are queued first as narrations finish
            if job.kind not in SPEAKING_KINDS:
                pending[runner.render(job, kinds[job.kind], voice)] = ("job", job)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                what, item = pending.pop(future)
                if what == "narration":
                    error, spoken[item], voices[item] = runner.narrated(item, future)
                    if error:
                        for job in waiting[item]:
                            finish(TargetResult(job.script_id, job.target, "failed", error))
                        continue
                    for job in waiting[item]:
                        pending[runner.render(job, kinds[job.kind], voice)] = ("job", job)
                    continue
                speaks = item.kind in SPEAKING_KINDS
                spoken_by = (item.script_path, item.variant)
                notices = spoken.get(spoken_by, []) if speaks else []
                finish(_record(item, runner.outcome(item, future), state, project, started,
                               notices, voices.get(spoken_by, "") if speaks else ""))
    except BaseException:
        runner.stop()
        raise
    finally:
        runner.close()
        state.save(project)
    return results


def _plain(warning: str) -> str:
    """A renderer's line without its "warning: " / "notice: " / "note: " label (the build shows
    them all as warnings)."""
    label, _, rest = warning.partition(": ")
    return rest if label in ("warning", "notice", "note") and rest else warning


def _record(job: Job, outcome: tuple, state: BuildState, project: Project,
            started: float, narration_notices: list[str], voice: str = "") -> TargetResult:
    """A finished render: its result line, and on success its record saved in the state
    (warnings: its narration's notices and the renderer's, each once; each file of a
    speaking target says which voice spoke, unless its own report already does)."""
    outputs, warnings, error = outcome
    if error:
        return TargetResult(job.script_id, job.target, "failed", error, variant=job.variant)
    for out in outputs if voice else ():
        out.meta.setdefault("voice", voice)
    warnings = list(dict.fromkeys(_plain(w) for w in [*narration_notices, *warnings]))
    state.targets[job.key] = TargetRecord(
        script_id=job.script_id, target=job.target, inputs=job.inputs,
        studio_version=__version__,
        built_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        outputs=outputs, warnings=warnings, variant=job.row)
    state.save_soon(project)
    return TargetResult(job.script_id, job.target, "built", warnings=warnings,
                        seconds=round(time.monotonic() - started, 1), variant=job.variant)
