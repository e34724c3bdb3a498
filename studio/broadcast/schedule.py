"""The bulletins of an outputs folder as values (read from their JSON reports), and the
order they air in: priority first (khẩn cấp, ưu tiên, thông thường), then slot."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

PRIORITY_RANK = {"khan-cap": 0, "uu-tien": 1, "thuong": 2}
REPORT_SUFFIX = ".json"
MAX_REPORT_BYTES = 1_000_000


@dataclass(frozen=True)
class Entry:
    """One bulletin as the schedule sees it."""

    mp3: Path
    title: str
    priority: str
    lang: str
    seconds: float
    issued: dt.date
    profile: str
    draft: bool = False
    start: dt.date | None = None
    until: dt.date | None = None
    slots: tuple[dt.time, ...] = ()
    area: tuple[str, ...] = ()
    organization: str | None = None
    transcript: Path | None = None
    checksum: str = ""

    @property
    def first_day(self) -> dt.date:
        """The first air day: `broadcast.from`, else the issue date."""
        return self.start or self.issued

    @property
    def size(self) -> int:
        """The MP3's size in bytes (a feed's enclosure length)."""
        return self.mp3.stat().st_size

    def for_area(self, area: str) -> bool:
        """Whether it is meant for `area` (a bulletin without areas is for everyone)."""
        return not self.area or area in self.area


def air_rank(priority: str, slots: Sequence[dt.time], first_day: dt.date, title: str) -> tuple:
    """Where a bulletin airs in a list: priority, then first slot (none: last), then first
    air day, then title."""
    return (PRIORITY_RANK.get(priority, len(PRIORITY_RANK)),
            slots[0] if slots else dt.time(23, 59, 59), first_day, title)


def sort_key(entry: Entry) -> tuple:
    """An entry's air rank (its file name breaks ties)."""
    return (*air_rank(entry.priority, entry.slots, entry.first_day, entry.title),
            entry.mp3.name)


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Entries in air order."""
    return sorted(entries, key=sort_key)


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def entry_from_report(report: dict, folder: Path) -> Entry | None:
    """The entry a bulletin's report describes, or None if it is not a bulletin report or
    its MP3 is gone."""
    if not isinstance(report, dict) or not str(report.get("file", "")).endswith(".mp3"):
        return None
    mp3 = folder / str(report["file"])
    if "priority" not in report or not mp3.is_file():
        return None
    on = report.get("broadcast") or {}
    transcript = folder / report["transcript"] if report.get("transcript") else None
    return Entry(
        mp3=mp3, title=str(report.get("title") or mp3.stem),
        priority=str(report["priority"]), lang=str(report.get("language", "vi")),
        seconds=float(report.get("duration_ms", 0)) / 1000,
        issued=_date(report.get("date")) or dt.date.today(),
        profile=str((report.get("profile") or {}).get("name", "")),
        draft=report.get("status") == "draft", start=_date(on.get("from")),
        until=_date(on.get("until")),
        slots=tuple(dt.time.fromisoformat(s) for s in on.get("slots", ())),
        area=tuple(on.get("area", ())), organization=report.get("organization"),
        transcript=transcript if transcript and transcript.is_file() else None,
        checksum=str(report.get("checksum", "")))


def read_report(path: Path) -> dict | None:
    """A JSON report's contents, or None if it is not a small JSON object studio wrote."""
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "studio_version" in data else None


def entries_in(folder: Path, extra: Sequence[Path] = ()) -> list[Entry]:
    """Every bulletin whose report lies in `folder` or below it (and in `extra` reports),
    in air order."""
    reports = dict.fromkeys([*sorted(Path(folder).rglob(f"*{REPORT_SUFFIX}")), *extra])
    found = (entry_from_report(read_report(p), p.parent) for p in reports)
    return ordered(e for e in found if e is not None)
