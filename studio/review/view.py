"""The manifest read into what the review page shows, tolerant of missing or odd fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from studio.review.labels import PRIORITY_ORDER
from studio.text import nfc

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"})


@dataclass(frozen=True)
class OutputView:
    """One output file, its path relative to the outputs folder (None when unsafe)."""

    kind: str
    path: str | None
    raw_path: str
    target: str
    exists: bool
    bytes: int | None = None
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    lufs: float | None = None
    true_peak_dbtp: float | None = None
    lang: str = ""
    voice: str = ""  # which voice spoke it: "edge vi-VN-HoaiMyNeural", "espeak-ng vi"…
    draft: bool = False
    outside_build: bool = False  # in outputs/, but made by no build target (`studio poster`…)
    credentials: str = ""  # Content Credentials as verified at build time (`trusted`, …)
    variant: str = ""  # a campaign's row: its key (the commune)
    variant_slug: str = ""

    @property
    def name(self) -> str:
        return PurePosixPath(self.raw_path).name or self.raw_path

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.raw_path).suffix.lower()

    @property
    def stem(self) -> str:
        """The path without its extension, to pair a video with its .vtt."""
        return str(PurePosixPath(self.raw_path).with_suffix(""))

    @property
    def is_image(self) -> bool:
        return self.suffix in IMAGE_SUFFIXES

    @property
    def usable(self) -> bool:
        """Safe to link to and present on disk."""
        return self.path is not None and self.exists


@dataclass(frozen=True)
class TargetView:
    """One target's result in this build."""

    target: str
    status: str
    error: str = ""
    warnings: tuple[str, ...] = ()
    variant: str = ""  # a campaign's row (its slug)


@dataclass(frozen=True)
class Approval:
    """Who approved which version of the script, and when."""

    by: str
    on: str
    checksum: str


@dataclass(frozen=True)
class ScriptView:
    """One script's section: its facts, its targets and its output files."""

    id: str
    title: str
    lang: str
    priority: str
    path: str
    checksum: str
    status: str
    approval: Approval | None
    warnings: tuple[str, ...]
    targets: tuple[TargetView, ...]
    outputs: tuple[OutputView, ...]
    folder: bool = False  # a folder of outputs/ that is no script's (outputs/posters/…)
    campaign: dict | None = None  # data file, key column and row count of a campaign

    @property
    def failures(self) -> tuple[TargetView, ...]:
        return tuple(t for t in self.targets if t.status == "failed")

    def of_kind(self, *kinds: str) -> tuple[OutputView, ...]:
        return tuple(o for o in self.outputs if o.kind in kinds)


@dataclass(frozen=True)
class ReviewView:
    """Everything on the page: build facts and the scripts, most urgent first."""

    studio_version: str
    built_at: str
    scripts: tuple[ScriptView, ...]

    @property
    def outputs(self) -> tuple[OutputView, ...]:
        return tuple(o for s in self.scripts for o in s.outputs)

    @property
    def script_count(self) -> int:
        """Sections that are scripts (not folders of files made outside the build)."""
        return sum(not s.folder for s in self.scripts)

    @property
    def targets(self) -> tuple[TargetView, ...]:
        return tuple(t for s in self.scripts for t in s.targets)


def text(value: Any) -> str:
    """Any manifest value as NFC text ('' for None)."""
    return "" if value is None else nfc(str(value))


def number(value: Any) -> float | None:
    """A finite number from the manifest, else None (bools and strings are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value and abs(value) != float("inf") else None


def whole(value: Any) -> int | None:
    """An integer from the manifest, else None."""
    found = number(value)
    return int(found) if found is not None else None


def texts(value: Any) -> tuple[str, ...]:
    """A list of messages (a lone string counts as one)."""
    if isinstance(value, str):
        return (text(value),) if value else ()
    if isinstance(value, (list, tuple)):
        return tuple(text(v) for v in value if v not in (None, ""))
    return ()


def safe_relpath(path: str) -> str | None:
    """A clean relative POSIX path inside the outputs folder, or None if it would leave it."""
    cleaned = path.replace("\\", "/").strip()
    if not cleaned or cleaned.startswith("/") or re.match(r"^[A-Za-z]:", cleaned):
        return None
    parts = [p for p in cleaned.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def read_output(entry: dict, outputs_dir: Path, *, outside_build: bool = False) -> OutputView:
    """One manifest output entry, checked against the files on disk."""
    raw = str(entry.get("path") or "")  # not NFC: the link must match the name on disk
    rel = safe_relpath(raw)
    return OutputView(
        kind=text(entry.get("kind")) or "other", path=rel, raw_path=raw,
        target=text(entry.get("target")),
        exists=rel is not None and (outputs_dir / rel).is_file(),
        bytes=whole(entry.get("bytes")), duration_s=number(entry.get("duration_s")),
        width=whole(entry.get("width")), height=whole(entry.get("height")),
        lufs=number(entry.get("lufs")), true_peak_dbtp=number(entry.get("true_peak_dbtp")),
        lang=text(entry.get("lang")), voice=text(entry.get("voice")),
        draft=entry.get("draft") is True or ("approved_by" in entry
                                             and not entry.get("approved_by")),
        outside_build=outside_build, credentials=text(entry.get("credentials")),
        variant=text(entry.get("variant")), variant_slug=text(entry.get("variant_slug")))


def read_target(entry: dict) -> TargetView:
    """One manifest target entry."""
    return TargetView(target=text(entry.get("target")) or "?",
                      status=text(entry.get("status")) or "?",
                      error=text(entry.get("error")), warnings=texts(entry.get("warnings")),
                      variant=text(entry.get("variant")))


def read_approval(value: Any) -> Approval | None:
    """The approval record, if the manifest has one."""
    if not isinstance(value, dict):
        return None
    return Approval(by=text(value.get("by")), on=text(value.get("on")),
                    checksum=text(value.get("checksum")))


def read_script(script_id: str, info: dict, targets: tuple[TargetView, ...],
                outputs: tuple[OutputView, ...], *, folder: bool = False) -> ScriptView:
    """One script's section from its manifest entry (which may be missing: `info` = {}), or
    a `folder` of files made outside the build."""
    shown = "outputs/" + ("" if script_id == "." else f"{script_id}/") if folder else script_id
    return ScriptView(
        id=script_id, title=text(info.get("title")) or shown,
        lang=text(info.get("lang")) or next((o.lang for o in outputs if o.lang), ""),
        priority=text(info.get("priority")), path=text(info.get("path")),
        checksum=text(info.get("checksum")), status=text(info.get("status")),
        approval=read_approval(info.get("approval")), warnings=texts(info.get("warnings")),
        targets=targets, outputs=tuple(sorted(outputs, key=lambda o: (o.kind, o.raw_path))),
        folder=folder,
        campaign=info.get("campaign") if isinstance(info.get("campaign"), dict) else None)


def entries(value: Any) -> list[dict]:
    """The dict entries of a manifest list (anything else is ignored)."""
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def owner_of(entry: dict) -> str:
    """The script an output or target belongs to (its folder when script_id is missing)."""
    return (text(entry.get("script_id")) or text(entry.get("folder"))
            or text(entry.get("path")).replace("\\", "/").split("/")[0])


def read_manifest(manifest: dict, outputs_dir: Path) -> ReviewView:
    """The whole manifest as a ReviewView; scripts only seen in outputs/targets still appear,
    and files made outside the build join their script, else a section for their folder."""
    scripts = manifest.get("scripts") if isinstance(manifest.get("scripts"), dict) else {}
    outputs = entries(manifest.get("outputs"))
    targets = entries(manifest.get("targets"))
    other = entries(manifest.get("other_outputs"))
    ids = dict.fromkeys([text(k) for k in scripts] + [owner_of(e) for e in outputs + targets])
    folders = dict.fromkeys(owner_of(e) for e in other if owner_of(e) not in ids)
    infos = {text(k): v if isinstance(v, dict) else {} for k, v in scripts.items()}
    views = [read_script(sid, infos.get(sid, {}),
                         tuple(read_target(t) for t in targets if owner_of(t) == sid),
                         tuple(read_output(o, outputs_dir) for o in outputs if owner_of(o) == sid)
                         + tuple(read_output(o, outputs_dir, outside_build=True)
                                 for o in other if owner_of(o) == sid),
                         folder=sid in folders)
             for sid in [*ids, *folders] if sid]
    views.sort(key=lambda s: (s.folder, PRIORITY_ORDER.get(s.priority, 3), s.title.casefold(),
                              s.id))
    return ReviewView(studio_version=text(manifest.get("studio_version")),
                      built_at=text(manifest.get("built_at")), scripts=tuple(views))
