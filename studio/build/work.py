"""What a build worker does for one script or target, given only the project's path: these
run in the local worker processes, and inside a cluster worker's scratch project."""

from __future__ import annotations

from pathlib import Path

from studio.build.outputs import describe
from studio.build.plan import Job, TargetKind
from studio.errors import StudioError
from studio.project import Project
from studio.script.model import Script
from studio.speech.voice import Voice


def render_target(job: Job, kind: TargetKind, root: str, voice: Voice
                  ) -> tuple[list, list[str], str | None]:
    """Run one target (in a worker process): its outputs described, the warnings the renderer
    gave, error line."""
    project = Project.at(root)
    warnings: list[str] = []
    try:
        script = job_script(job.script_path, job.variant, project)
        paths = kind.render(script, job.name, target_folder(script, project), job.draft, voice,
                            project, warnings.append)
        return [describe(Path(p), project.outputs) for p in paths], warnings, None
    except StudioError as exc:
        return [], [], exc.marked().splitlines()[0]
    except Exception as exc:  # noqa: BLE001 - one failing target must not stop the others
        return [], [], f"{job.script_path}: unexpected {type(exc).__name__}: {exc}"


def narrate_script(script_path: Path, variant: str | None, root: str, voice: Voice
                   ) -> tuple[str | None, list[str], str]:
    """Synthesise a script's (or a campaign row's) narration into the shared cache, so video
    and audio reuse it — and the rows of a campaign the sentences they share: error line or
    None, its notices (the offline voice taking over — said for every script it concerns,
    not once per worker process as on the command line), and which voice spoke (for the
    manifest)."""
    from studio.speech.narrate import narrate
    from studio.speech.engines import OFFLINE_NOTICE
    try:
        project = Project.at(root)
        script = job_script(script_path, variant, project)
        narration = narrate(script, voice=voice, project=project)
        return None, [OFFLINE_NOTICE] if narration.fell_back else [], narration.voice
    except StudioError as exc:
        return exc.marked().splitlines()[0], [], ""


_LOADED: dict[tuple[str, str], tuple[tuple, Script]] = {}  # per worker process
_KEEP_LOADED = 8


def _stamp(path: Path, script: Script | None) -> tuple:
    """Size and time of a script's file and of its campaign's data file."""
    files = [path, *([script.campaign.data] if script and script.campaign else [])]
    return tuple((f.stat().st_size, f.stat().st_mtime_ns) for f in files)


def job_script(path: Path, variant: str | None, project: Project) -> Script:
    """The script a job renders: loaded once per worker while its file and data are unchanged
    (a campaign's table is parsed once, not once per row), then its row filled in."""
    from studio.script.campaign import expand
    from studio.script.load import load
    key = (str(path), str(project.root))
    cached = _LOADED.get(key)
    if cached is not None and cached[0] == _stamp(path, cached[1]):
        script = cached[1]
    else:
        script = load(path, project)
        if len(_LOADED) >= _KEEP_LOADED:
            _LOADED.clear()
        _LOADED[key] = (_stamp(path, script), script)
    return expand(script, [variant])[0] if variant else script


def target_folder(script: Script, project: Project) -> Path:
    """`outputs/<id>/`, or for a campaign's row `outputs/<id>/<variant>/`."""
    folder = project.output_dir(script.id)
    return folder / script.variant.slug if script.variant else folder
