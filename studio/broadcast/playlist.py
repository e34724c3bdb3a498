"""The ordered `.m3u8` playlist: UTF-8, real durations, titles as written."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from studio.broadcast.schedule import Entry, ordered
from studio.text import nfc

PRIORITY_MARKS = {"khan-cap": "KHẨN", "uu-tien": "ƯU TIÊN"}  # shown before the title


def relative(path: Path, folder: Path) -> str:
    """`path` relative to `folder`, with forward slashes (what players and URLs take)."""
    return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()


def display_title(entry: Entry) -> str:
    """The title a player shows: urgent and priority ones marked, diacritics kept (NFC)."""
    title = " ".join(nfc(entry.title).split()) or entry.mp3.stem
    mark = PRIORITY_MARKS.get(entry.priority)
    return f"{mark}: {title}" if mark else title


def playlist_text(entries: Sequence[Entry], folder: Path) -> str:
    """Extended M3U in UTF-8 (`.m3u8`): each bulletin's duration in seconds and title, in air
    order, paths relative to `folder`."""
    lines = ["#EXTM3U"]
    for entry in ordered(entries):
        lines += [f"#EXTINF:{max(int(round(entry.seconds)), 1)},{display_title(entry)}",
                  relative(entry.mp3, folder)]
    return "\n".join(lines) + "\n"
