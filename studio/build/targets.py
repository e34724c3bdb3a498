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


def _mtime(folder: Path) -> int | None:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return None


@functools.lru_cache(maxsize=16)
def _project_files(root: Path, lang: str, *_folders: int | None
                   ) -> tuple[tuple[str, str, Path], ...]:
    """(what, label, path) of the project's own files that change how a `lang` script reads,
    breaks or sounds — its spoken-form lexicon, its word list, its tunes and attention
    signal — looked for once per build (a campaign has thousands of targets) and again when
    a file is added to or removed from their folders (`_folders`: the folders' mtimes)."""
    from studio.graphics.words import project_list
    from studio.sound import JINGLE_DIR, TUNE_NAMES
    from studio.speech.normalize.lexicon import project_path
    found = [("lexicon", "project lexicon", project_path(lang, root)),
             ("words", "project word list", project_list(lang, root))]
    for which in (*TUNE_NAMES, "signal"):
        own = sorted((Project(root).assets / JINGLE_DIR).glob(f"{which}.*"))
        found += [("tunes" if which in TUNE_NAMES else "signal", f"project {which}", own[0])
                  ] if own else []
    return tuple((what, f"{label} {path.name}", path) for what, label, path in found
                 if path.is_file())


def project_inputs(script: Script, project: Project, *uses: str) -> dict[str, Path]:
    """The project files of `uses` ("lexicon", "words", "tunes", "signal") a target is made
    from: changing the project's lexicon re-renders what speaks, its word list what shows text."""
    from studio.sound import JINGLE_DIR
    from studio.speech.normalize.lexicon import PROJECT_SUBDIR
    folders = (project.root / PROJECT_SUBDIR, project.assets / JINGLE_DIR)
    found = _project_files(project.root, script.lang, *map(_mtime, folders))
    return {label: path for what, label, path in found if what in uses}


def voice_inputs(script: Script, project: Project) -> dict[str, Path]:
    """The neural voice file a script may speak with, and its description (a voice copied
    over another of the same name re-renders)."""
    if script.voice.engine not in ("neural", "auto"):  # auto may prefer the project's voice
        return {}
    from studio.speech.neural import voice_model
    from studio.speech.piper_model import config_path
    model = voice_model(script.voice.model, project.root)
    return _labelled(voice=model, voice_description=config_path(model) if model else None)


def video_inputs(script: Script, name: str, project: Project) -> dict[str, Path]:
    """A video is made from the scene pictures and recordings, the music and the logo, the
    voice file, and the project's lexicon, word list and tunes."""
    files = (_labelled(music=script.music, logo=script.logo) | voice_inputs(script, project)
             | project_inputs(script, project, "lexicon", "words", "tunes"))
    for scene in script.scenes:
        files.update(_labelled(asset=scene.visual))
        files.update({f"recording {path.name}": path for path, _ in scene.recordings})
    return files


def audio_inputs(script: Script, name: str, project: Project) -> dict[str, Path]:
    """A bulletin is made from the recordings, the music, the voice file, and the project's
    lexicon, tunes and attention signal (not the pictures)."""
    files = (_labelled(music=script.music) | voice_inputs(script, project)
             | project_inputs(script, project, "lexicon", "tunes", "signal"))
    for scene in script.scenes:
        files.update({f"recording {path.name}": path for path, _ in scene.recordings})
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
    """A template's file, those it extends and the pictures it names itself (a background,
    a fixed logo), parsed once per build rather than once per script (YAML parsing dominated
    a no-op build); keyed by the file's mtime."""
    from studio.poster.templates import load_template
    template = load_template(name, Project(root))
    sources = [template.background.image, *(getattr(layer, "source", None)
                                            for layer in template.layers)]
    pictures = [source.path for source in sources if source is not None and source.path]
    return (*template.files, *dict.fromkeys(Path(p) for p in pictures))


@functools.lru_cache(maxsize=64)
def _template_file(name: str, root: Path) -> Path:
    """Which file template `name` is, looked up once per build rather than once per target
    (a campaign has thousands of banners of one template)."""
    from studio.poster.templates import template_path
    return template_path(name, Project(root))


def poster_inputs(script: Script, name: str, project: Project) -> dict[str, Path]:
    """A poster is made from its template (and every template it extends, and the pictures
    they name), the poster image, the logo and the project's word list (not the scene
    pictures)."""
    main = _template_file(name, project.root)
    chain = _template_chain(name, project.root, main, main.stat().st_mtime_ns)
    files = {f"{'template' if path.suffix.lower() in ('.yaml', '.yml') else 'template picture'}"
             f" {path.name}": path for path in chain}
    return {**files, **_labelled(poster_image=script.poster.image if script.poster else None,
                                 logo=script.logo), **project_inputs(script, project, "words")}


def video_names(script: Script) -> tuple[str, ...]:
    return script.targets.video


def audio_names(script: Script) -> tuple[str, ...]:
    return script.targets.audio


def poster_names(script: Script) -> tuple[str, ...]:
    return script.targets.poster


def forget_project_files() -> None:
    """Forget which templates and project files there are, and the parsed templates: at the
    start of a build, and on a cluster worker when a task's files are not the last one's."""
    _template_chain.cache_clear()
    _template_file.cache_clear()
    _project_files.cache_clear()


def default_kinds() -> dict[str, TargetKind]:
    """video, audio and poster targets, as the script's `targets:` names them (module-level
    functions only: kinds travel to worker processes by pickling). Each build starts with
    no parsed templates remembered."""
    forget_project_files()
    return {
        "video": TargetKind("video", video_names, video_inputs, render_video),
        "audio": TargetKind("audio", audio_names, audio_inputs, render_audio),
        "poster": TargetKind("poster", poster_names, poster_inputs, render_poster),
    }
