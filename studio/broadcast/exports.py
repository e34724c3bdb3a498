"""`write_exports(folder)`: the playlist, calendar and feeds of every bulletin in an outputs
folder — what `studio audio` and `studio build` write after their bulletins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.broadcast.calendar import calendar_bytes
from studio.broadcast.feed import feed_bytes
from studio.broadcast.playlist import playlist_text
from studio.broadcast.schedule import Entry, entries_in
from studio.fsutil import atomic_output
from studio.text import slugify

FEED_TITLE = "Bản tin phát thanh"


@dataclass(frozen=True)
class Exports:
    """The files written, in order."""

    paths: tuple[Path, ...] = ()


def profile_tag(profile: str) -> str:
    """Files of a profile other than loudspeaker carry its name (as the bulletins do)."""
    return "" if profile in ("", "loudspeaker") else f"_{slugify(profile)}"


def write_bytes(target: Path, data: bytes) -> Path:
    """Write `data` atomically."""
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    return target


def made_at(entries: Sequence[Entry]) -> dt.datetime:
    """When the newest bulletin was written (UTC, whole seconds): the exports' own stamp, so
    the same bulletins give the same files."""
    newest = max(e.mp3.stat().st_mtime for e in entries)
    return dt.datetime.fromtimestamp(int(newest), dt.timezone.utc)


def profile_exports(entries: Sequence[Entry], folder: Path, tag: str, base_url: str
                    ) -> list[Path]:
    """One profile's playlist, calendar, folder feed and one feed per area."""
    draft = "-draft" if any(e.draft for e in entries) else ""
    stamp = made_at(entries)
    title = FEED_TITLE + (f" — {entries[0].organization}" if entries[0].organization else "")
    written = [
        write_bytes(folder / f"playlist{tag}{draft}.m3u8",
                    playlist_text(entries, folder).encode("utf-8")),
        write_bytes(folder / f"schedule{tag}.ics", calendar_bytes(entries, title, stamp)),
        write_bytes(folder / f"feed{tag}.xml",
                    feed_bytes(entries, folder, title=title, updated=stamp,
                               base_url=base_url))]
    for area in sorted({a for e in entries for a in e.area}):
        mine = [e for e in entries if e.for_area(area)]
        written.append(write_bytes(folder / f"feed{tag}_{slugify(area)}.xml",
                                   feed_bytes(mine, folder, title=f"{title} — {area}",
                                              updated=stamp, base_url=base_url)))
    return written


def write_exports(folder: str | Path, *, base_url: str = "") -> Exports:
    """Playlist (`.m3u8`), calendar (`.ics`) and feeds of every bulletin reported under
    `folder`, per profile; nothing when there is none. `base_url` is where the folder is
    served (feed enclosures are relative to the feed without it)."""
    folder = Path(folder)
    entries = entries_in(folder) if folder.is_dir() else []
    written: list[Path] = []
    for profile in sorted({e.profile for e in entries}):
        mine = [e for e in entries if e.profile == profile]
        written += profile_exports(mine, folder, profile_tag(profile), base_url)
    return Exports(tuple(written))
