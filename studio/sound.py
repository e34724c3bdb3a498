"""Sound files the products share: the one check that a file a person names is audio ffmpeg
reads, and the signature tunes — the project's own `assets/jingles/opening.*` and
`closing.*` when it has them, else the ones studio ships (made by the project), and the
attention signal of urgent bulletins (`signal.*`, the same way)."""

from __future__ import annotations

from pathlib import Path

from studio.errors import AssetError, setting
from studio.media import probe
from studio.project import FileKind, Project, readable_file
from studio.resources import builtin_assets

JINGLE_DIR = "jingles"  # <project>/assets/jingles/opening.* and closing.* replace the built-ins
TUNE_NAMES = ("opening", "closing")


def readable_audio(path: str | Path, what: str) -> Path:
    """`path` if ffmpeg reads it as audio; else one clear line now rather than a failed decode
    in the middle of a render."""
    path = readable_file(path, FileKind(what, missing="give an existing audio file, or leave "
                                              "it out"))
    if not probe(path).has_audio:
        raise AssetError(f"{what} has no sound", file=path, hint="re-export it as MP3 or WAV")
    return path


def jingle_files(project: Project, off: str = "jingles") -> tuple[Path, Path]:
    """Opening and closing tunes: the project's `assets/jingles/opening.*` / `closing.*` if
    present, else the ones shipped with studio; `off` names the setting that does without
    them (for the error when the shipped ones are missing)."""
    found: list[Path] = []
    for which in TUNE_NAMES:
        own = sorted((project.assets / JINGLE_DIR).glob(f"{which}.*"))
        shipped = builtin_assets() / JINGLE_DIR / f"{which}.wav"
        if not own and not shipped.is_file():
            raise AssetError("the built-in signature tune is missing", file=shipped,
                             hint=f"reinstall studio, or run with {setting(off)}")
        found.append(readable_audio(own[0], f"{which} tune") if own else shipped)
    return found[0], found[1]


def signal_file(project: Project) -> Path:
    """The attention signal: the project's `assets/jingles/signal.*`, else the built-in one."""
    own = sorted((project.assets / JINGLE_DIR).glob("signal.*"))
    if own:
        return readable_audio(own[0], "attention signal")
    shipped = builtin_assets() / JINGLE_DIR / "signal.wav"
    if not shipped.is_file():
        raise AssetError("the built-in attention signal is missing", file=shipped,
                         hint="reinstall studio")
    return shipped
