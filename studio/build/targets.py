"""The three kinds of target `studio build` makes, as thin adapters over the library."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from studio.build.plan import TargetKind
from studio.project import Project
from studio.script.model import Script
from studio.speech.voice import Voice


SIZE = re.compile(r"\d{2,5}x\d{2,5}")
Notice = Callable[[str], None]


def _labelled(**files: Path | None) -> dict[str, Path]:
    return {f"{label.replace('_', ' ')} {path.name}": path for label, path in files.items()
            if path}


def video_inputs(script: Script, name: str, project: Project) -> dict[str, Path]:
    """A video is made from the scene pictures and recordings, the music and the logo."""
    files = _labelled(music=script.music, logo=script.logo)
    for scene in script.scenes:
        files.update(_labelled(asset=scene.visual, recording=scene.recording))
    return files


def audio_inputs(script: Script, name: str, project: Project) -> dict[str, Path]:
    """A bulletin is made from the recordings and the music (not the pictures)."""
    files = _labelled(music=script.music)
    for scene in script.scenes:
        files.update(_labelled(recording=scene.recording))
    return files


def render_video(script: Script, name: str, out_dir: Path, draft: bool, voice: Voice,
                 project: Project, notice: Notice | None = None) -> list[Path]:
    """One video format (with its subtitles) through studio.video, under the build's lock."""
    from studio.video import prepare_video, render_video as render
    custom = SIZE.fullmatch(name)
    job = prepare_video(script, formats=() if custom else (name,),
                        sizes=(name,) if custom else (), out=out_dir, project=project,
                        allow_draft=draft, voice=voice)
    return render(job, notice=notice, lock=False)


def render_audio(script: Script, name: str, out_dir: Path, draft: bool, voice: Voice,
                 project: Project, notice: Notice | None = None) -> list[Path]:
    """One loudspeaker/broadcast profile through studio.audio, under the build's lock."""
    from studio.audio import prepare_audio, render_audio as render
    job = prepare_audio(script, profile=name, out=out_dir, allow_draft=draft, project=project,
                        voice=voice)
    return render(job, notice=notice, lock=False).paths


def render_poster(script: Script, name: str, out_dir: Path, draft: bool, voice: Voice,
                  project: Project, notice: Notice | None = None) -> list[Path]:
    """One poster template through studio.poster, under the build's lock (posters either
    fit or fail: no notices)."""
    from studio.poster.runs import render_script_poster
    return render_script_poster(script, template=name, project=project,
                                out=out_dir, allow_draft=draft, lock=False)


@functools.lru_cache(maxsize=64)
def _template_chain(name: str, root: Path, main: Path, mtime_ns: int) -> tuple[Path, ...]:
    """A template's file and those it extends, parsed once per build rather than once per
    script (YAML parsing dominated a no-op build); keyed by the file's mtime."""
    from studio.poster.templates import template_files
    return template_files(name, Project(root))


@functools.lru_cache(maxsize=64)
def _template_file(name: str, root: Path) -> Path:
    """Which file template `name` is, looked up once per build rather than once per target
    (a campaign has thousands of banners of one template)."""
    from studio.poster.templates import template_path
    return template_path(name, Project(root))


def poster_inputs(script: Script, name: str, project: Project) -> dict[str, Path]:
    """A poster is made from its template (and every template it extends), the poster image
    and the logo (not the scene pictures)."""
    main = _template_file(name, project.root)
    files = {f"template {path.name}": path
             for path in _template_chain(name, project.root, main, main.stat().st_mtime_ns)}
    return {**files, **_labelled(poster_image=script.poster.image if script.poster else None,
                                 logo=script.logo)}


def video_names(script: Script) -> tuple[str, ...]:
    return script.targets.video


def audio_names(script: Script) -> tuple[str, ...]:
    return script.targets.audio


def poster_names(script: Script) -> tuple[str, ...]:
    return script.targets.poster


def default_kinds() -> dict[str, TargetKind]:
    """video, audio and poster targets, as the script's `targets:` names them (module-level
    functions only: kinds travel to worker processes by pickling). Each build starts with
    no parsed templates remembered."""
    _template_chain.cache_clear()
    _template_file.cache_clear()
    return {
        "video": TargetKind("video", video_names, video_inputs, render_video),
        "audio": TargetKind("audio", audio_names, audio_inputs, render_audio),
        "poster": TargetKind("poster", poster_names, poster_inputs, render_poster),
    }
