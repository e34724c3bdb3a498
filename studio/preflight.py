"""Preflight: the deep checks of a script's files before a render or `studio check` — every
image decodes, every video has a picture, every recording and music file has sound —
reported at the script line that names the file."""

from __future__ import annotations

from pathlib import Path

from studio.errors import AssetError, StudioError, StudioErrors
from studio.graphics.images import check_image_decodes
from studio.media import probe
from studio.script.load import VIDEO_SUFFIXES
from studio.script.model import Script


def check_image(path: Path) -> None:
    """The image decodes under Pillow's decompression-bomb guard (a JPEG at an eighth of its
    size: every byte read, no full-size pixels kept)."""
    check_image_decodes(path)


def check_video(path: Path) -> None:
    """ffmpeg reads the file and finds a video stream in it."""
    if not probe(path).has_video:
        raise AssetError("this file has no video picture", file=path,
                         hint="re-export it as an MP4 video, or use a photo")


def check_sound(path: Path) -> None:
    """ffmpeg reads the file and finds an audio stream in it."""
    try:
        info = probe(path)
    except AssetError:
        raise AssetError("not an audio file", file=path,
                         hint="export it as MP3, WAV or M4A") from None
    if not info.has_audio:
        raise AssetError("this file has no sound", file=path,
                         hint="export it as MP3, WAV or M4A")


def script_files(script: Script) -> list[tuple[str, Path, int | None, object]]:
    """(what, file, script line, checker) for every file the script uses."""
    files = []
    for scene in script.scenes:
        if scene.visual:
            video = scene.visual.suffix.lower() in VIDEO_SUFFIXES
            files.append(("video" if video else "image", scene.visual, scene.visual_line,
                          check_video if video else check_image))
        files += [("recording", path, line, check_sound) for path, line in scene.recordings]
    lines = script.key_lines
    if script.music:
        files.append(("music", script.music, lines.get("music"), check_sound))
    if script.logo:
        files.append(("logo", script.logo, lines.get("logo"), check_image))
    if script.poster and script.poster.image:
        files.append(("poster image", script.poster.image, lines.get("poster"), check_image))
    return files


def check_assets(script: Script) -> None:
    """Raise one StudioError per unusable file, each naming the script line and the file."""
    errors: list[StudioError] = []
    for what, path, line, checker in script_files(script):
        try:
            checker(path)
        except AssetError as exc:
            errors.append(AssetError(f"{what} '{path.name}': {exc.message}", file=script.path,
                                     line=line, hint=exc.hint))
    if errors:
        raise errors[0] if len(errors) == 1 else StudioErrors(errors)
