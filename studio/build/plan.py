"""Planning a build: which targets each script asks for, and which are out of date."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studio.build.fingerprint import HashCache, fingerprint, options_hash, reasons
from studio import __version__
from studio.build.state import BuildState
from studio.errors import StudioError
from studio.project import Project
from studio.script.model import Script


@dataclass(frozen=True)
class TargetKind:
    """How to fingerprint and render one kind of target (video, audio, poster)."""

    name: str
    names: Callable[[Script], tuple[str, ...]]  # the script's targets of this kind
    inputs: Callable[[Script, str, Project], dict[str, Path]]  # label → file it is made from
    render: Callable[..., list[Path]]  # (script, name, out_dir, draft, voice, project, notice)


@dataclass(frozen=True)
class Job:
    """One target of one script, with the fingerprint of everything it is made from."""

    script_path: Path
    script_id: str
    kind: str
    name: str
    inputs: dict[str, str] = field(hash=False)
    draft: bool = False
    variant: str | None = None  # a campaign's row (its slug), built into outputs/<id>/<variant>/
    row: dict | None = field(default=None, hash=False, compare=False)  # the variant's values

    @property
    def target(self) -> str:
        return f"{self.kind}:{self.name}"

    @property
    def key(self) -> str:
        if self.variant:
            return f"{self.script_id}/{self.variant}/{self.target}"
        return f"{self.script_id}/{self.target}"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.inputs)


@dataclass(frozen=True)
class Decision:
    """A job and whether (and why) it must be built."""

    job: Job
    build: bool
    why: tuple[str, ...]
    error: str | None = None  # the target cannot even be planned (unknown template…)


def job_inputs(script: Script, kind: TargetKind, name: str, project: Project,
               options: dict, hashes: HashCache) -> dict[str, str]:
    """Labelled content hashes of everything the target is made from (a campaign's row: its
    own values and the campaign's text, not the whole data file — so a changed row rebuilds
    only its own targets)."""
    files = {**({} if script.variant else {"script": script.path}),
             **kind.inputs(script, name, project)}
    inputs = {label: hashes.sha256(Path(path)) for label, path in files.items()}
    inputs["options"] = options_hash({"kind": kind.name, "name": name, **options})
    if script.variant:
        inputs.update(variant_inputs(script))
    return inputs


def variant_inputs(script: Script) -> dict[str, str]:
    """What a campaign's row is made from besides files: the script's text (without its
    approval), the row, and what of the approval shows in the outputs (who, the date, the
    release)."""
    a = script.approval
    return {"script text": script.variant.text_sha256,
            "row": options_hash(dict(script.variant.values)),
            "release": options_hash({"status": script.status, "by": a.by if a else None,
                                     "date": script.issue_date})}


def campaign_stamp(script: Script, kinds: dict[str, TargetKind], project: Project,
                   options: dict, hashes: HashCache, draft: bool) -> str | None:
    """One hash of everything a campaign's targets are made from except their own rows —
    the script, the data file's content, the release, templates and pictures (every row
    shares them), options and studio version: unchanged, and every target of the last
    complete build intact, the campaign is up to date without filling in a row. None when
    a target cannot even be planned."""
    from studio.script.campaign import variant
    first = variant(script, *script.campaign.rows[0])
    parts: dict[str, object] = {"data": script.campaign.sha256, "draft": draft,
                                "studio": __version__}
    try:
        for kind in kinds.values():
            for name in kind.names(first):
                inputs = job_inputs(first, kind, name, project, options, hashes)
                parts[f"{kind.name}:{name}"] = {k: v for k, v in inputs.items() if k != "row"}
    except StudioError:
        return None
    return options_hash(parts)


def unchanged_campaign(script: Script, known: dict | None, stamp: str | None,
                       state: BuildState, project: Project, draft: bool
                       ) -> list[Decision] | None:
    """The decisions of a campaign whose stamp is the one its last complete build left and
    whose outputs are all there (each target up to date), or None to plan it row by row."""
    if stamp is None or not known or known.get("stamp") != stamp:
        return None
    decisions = []
    for key in known.get("keys", ()):
        record = state.targets.get(key)
        if record is None or not state.outputs_intact(record, project):
            return None
        kind, _, name = record.target.partition(":")
        slug = (record.variant or {}).get("slug")
        decisions.append(Decision(Job(script.path, record.script_id, kind, name,
                                      record.inputs, draft, slug, record.variant), False, ()))
    return decisions


def plan(scripts: Iterable[Script], kinds: dict[str, TargetKind], project: Project,
         state: BuildState, *, options: dict, draft: bool, force: bool,
         hashes: HashCache, only: tuple[str, ...] | None = None,
         stamps: dict[Path, str | None] | None = None) -> list[Decision]:
    """Every target of every script — of a campaign, of each row (`only`: of the rows with
    these keys) — and whether it needs building. A campaign whose stamp (`stamps`) has not
    changed since its last complete build is decided without filling in its rows."""
    from studio.script.campaign import expand, wanted_keys
    decisions: list[Decision] = []
    for script in scripts:
        if script.campaign is None:
            decisions += plan_script(script, kinds, project, state, options, draft, force,
                                     hashes)
            continue
        quick = None if force or only is not None else unchanged_campaign(
            script, state.campaigns.get(str(script.path)), (stamps or {}).get(script.path),
            state, project, draft)
        if quick is not None:
            decisions += quick
            continue
        for row in expand(script, wanted_keys(script, only)):
            decisions += plan_script(row, kinds, project, state, options, draft, force, hashes)
    return decisions


def plan_script(script: Script, kinds: dict[str, TargetKind], project: Project,
                state: BuildState, options: dict, draft: bool, force: bool,
                hashes: HashCache) -> list[Decision]:
    """Every target of one script (or campaign row), and whether it needs building."""
    decisions = []
    for kind in kinds.values():
        for name in kind.names(script):
            variant = script.variant.slug if script.variant else None
            row = script.variant.as_dict() if script.variant else None
            try:
                inputs = job_inputs(script, kind, name, project, options, hashes)
            except StudioError as exc:
                job = Job(script.path, script.id, kind.name, name, {}, draft, variant, row)
                decisions.append(Decision(job, False, (), exc.marked().splitlines()[0]))
                continue
            job = Job(script.path, script.id, kind.name, name, inputs, draft, variant, row)
            record = state.targets.get(job.key)
            why = reasons(record.inputs if record else None, inputs,
                          record.studio_version if record else None)
            if record and not why and not state.outputs_intact(record, project):
                why = ["an output file is missing or was changed"]
            if force:
                why = why or ["rebuild forced"]
            decisions.append(Decision(job, bool(why), tuple(why)))
    return decisions
