"""An M3U playlist of the bulletins rendered together, for the station's player."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from studio.audio.result import AudioResult
from studio.fsutil import write_text_atomic
from studio.project import Project
from studio.script.model import DRAFT_SUFFIX
from studio.text import fold_ascii

PLAYLIST_STEM = "playlist"


def playlist_path(results: Sequence[AudioResult], project: Project,
                  out: str | Path | None) -> Path:
    """`playlist[_<profile>][-draft].m3u` in `--out`, else in the project's outputs folder."""
    profile = results[0].profile
    stem = PLAYLIST_STEM + (f"_{profile.file_tag}" if profile.file_tag else "")
    if any(r.release.draft for r in results):
        stem += DRAFT_SUFFIX
    return Path(out or project.outputs) / f"{stem}.m3u"


def playlist_text(results: Sequence[AudioResult], folder: Path) -> str:
    """Extended M3U: duration and title of each bulletin, paths relative to `folder`.

    Plain ASCII (titles folded) so any player on any Windows code page reads it the same."""
    lines = ["#EXTM3U"]
    for r in results:
        relative = Path(os.path.relpath(r.mp3.resolve(), folder.resolve())).as_posix()
        title = " ".join(fold_ascii(r.script.title).split()) or r.script.id
        lines += [f"#EXTINF:{int(round(r.duration))},{title}", relative]
    return "\n".join(lines) + "\n"


def write_playlist(target: Path, results: Sequence[AudioResult]) -> Path:
    """Write the playlist atomically."""
    return write_text_atomic(target, playlist_text(results, target.parent))
