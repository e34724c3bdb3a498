"""What a build worker does for one script or target, given only the project's path: these
run in the local worker processes, and inside a cluster worker's scratch project."""

from __future__ import annotations

from pathlib import Path

from studio.build.outputs import describe
from studio.build.plan import Job, TargetKind
from studio.errors import StudioError
from studio.project import Project
from studio.speech.voice import Voice


def render_target(job: Job, kind: TargetKind, root: str, voice: Voice
                ) -> tuple[list, list[str], str | None]:
    """Run one target (in a worker process): its outputs described, the warnings the renderer
    gave, error line."""
    from studio.script.load import load
    project = Project.at(root)
    warnings: list[str] = []
    try:
        script = load(job.script_path, project)
        paths = kind.render(script, job.name, project.output_dir(script.id), job.draft, voice,
                            project, warnings.append)
        return [describe(Path(p), project.outputs) for p in paths], warnings, None
    except StudioError as exc:
        return [], [], exc.marked().splitlines()[0]
    except Exception as exc:  # noqa: BLE001 - one failing target must not stop the others
        return [], [], f"{job.script_path}: unexpected {type(exc).__name__}: {exc}"


def narrate_script(script_path: Path, root: str, voice: Voice
                   ) -> tuple[str | None, list[str], str]:
    """Synthesise a script's narration into the shared cache, so video and audio reuse it:
    error line or None, its notices (the offline voice taking over — said for every
    script it concerns, not once per worker process as on the command line), and which
    voice spoke (for the manifest)."""
    from studio.script.load import load
    from studio.speech.narrate import narrate
    from studio.speech.engines import OFFLINE_NOTICE
    try:
        project = Project.at(root)
        script = load(script_path, project)
        narration = narrate(script, voice=voice, project=project)
        return None, [OFFLINE_NOTICE] if narration.fell_back else [], narration.voice
    except StudioError as exc:
        return exc.marked().splitlines()[0], [], ""
