"""Planning a build: which targets each script asks for, and which are out of date."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studio.build.fingerprint import HashCache, fingerprint, options_hash, reasons
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

    @property
    def target(self) -> str:
        return f"{self.kind}:{self.name}"

    @property
    def key(self) -> str:
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
    """Labelled content hashes of everything the target is made from."""
    files = {"script": script.path, **kind.inputs(script, name, project)}
    inputs = {label: hashes.sha256(Path(path)) for label, path in files.items()}
    inputs["options"] = options_hash({"kind": kind.name, "name": name, **options})
    return inputs


def plan(scripts: Iterable[Script], kinds: dict[str, TargetKind], project: Project,
         state: BuildState, *, options: dict, draft: bool, force: bool,
         hashes: HashCache) -> list[Decision]:
    """Every target of every script, and whether it needs building."""
    decisions = []
    for script in scripts:
        for kind in kinds.values():
            for name in kind.names(script):
                try:
                    inputs = job_inputs(script, kind, name, project, options, hashes)
                except StudioError as exc:
                    job = Job(script.path, script.id, kind.name, name, {}, draft)
                    decisions.append(Decision(job, False, (), exc.marked().splitlines()[0]))
                    continue
                job = Job(script.path, script.id, kind.name, name, inputs, draft)
                record = state.targets.get(job.key)
                why = reasons(record.inputs if record else None, inputs,
                              record.studio_version if record else None)
                if record and not why and not state.outputs_intact(record, project):
                    why = ["an output file is missing or was changed"]
                if force:
                    why = why or ["rebuild forced"]
                decisions.append(Decision(job, bool(why), tuple(why)))
    return decisions
