"""Describing output files for the manifest: kind, size, checksum, duration, pixels, loudness."""

from __future__ import annotations

import json
from pathlib import Path

from studio.build.fingerprint import file_sha256
from studio.build.state import OutputRecord

_BY_SUFFIX = {".mp4": "video", ".mp3": "audio", ".wav": "master", ".srt": "subtitles",
              ".vtt": "subtitles", ".json": "report", ".m3u": "playlist", ".m3u8": "playlist",
              ".pdf": "poster", ".jpg": "poster", ".jpeg": "poster", ".png": "poster"}


def output_kind(path: Path) -> str:
    """What an output file is, from its name (waveform, storyboard and contact sheet are PNGs)."""
    name = path.name.lower()
    if name.endswith(".preview.jpg"):
        return "preview"
    for word, kind in (("waveform", "waveform"), ("storyboard", "storyboard"),
                       ("contact", "contact-sheet")):
        if word in name and path.suffix.lower() == ".png":
            return kind
    return _BY_SUFFIX.get(path.suffix.lower(), "other")


def reported_meta(path: Path) -> dict | None:
    """What the bulletin's own JSON report (`<stem>.json` beside it, written from the
    ebur128 measure of the encoded file) says, so the build does not decode it again."""
    report = path.with_suffix(".json")
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        if data.get("file") != path.name:
            return None
        return {"duration_s": round(data["duration_ms"] / 1000, 3),
                "lufs": float(data["integrated_lufs"]),
                "true_peak_dbtp": float(data["true_peak_dbtp"]),
                **({"voice": data["voice"]} if isinstance(data.get("voice"), str) and data["voice"]
                   else {})}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def media_meta(path: Path, kind: str) -> dict:
    """Duration, pixel size and loudness, as far as they apply to this kind of file."""
    meta: dict = {}
    if kind == "audio" and (reported := reported_meta(path)):
        return reported
    if kind in ("video", "audio", "master"):
        from studio.media import measure_loudness, probe
        info = probe(path)
        meta["duration_s"] = round(info.duration or 0.0, 3)
        if info.width:
            meta["width"], meta["height"] = info.width, info.height
        if kind in ("audio", "master") or info.has_audio:
            loud = measure_loudness(path)
            meta["lufs"] = loud.integrated_lufs
            meta["true_peak_dbtp"] = loud.true_peak_dbtp
    elif path.suffix.lower() in (".png", ".jpg", ".jpeg"):
        from studio.media import image_size
        meta["width"], meta["height"] = image_size(path)
    return meta


def describe(path: Path, outputs_root: Path) -> OutputRecord:
    """An OutputRecord for a file just written under `outputs_root`."""
    kind = output_kind(path)
    stat = path.stat()
    return OutputRecord(kind=kind, path=path.resolve().relative_to(outputs_root.resolve()).as_posix(),
                        bytes=stat.st_size, sha256=file_sha256(path), mtime_ns=stat.st_mtime_ns,
                        meta={**media_meta(path, kind), **credentials_meta(path, outputs_root)})


def credentials_meta(path: Path, outputs_root: Path) -> dict:
    """The output's Content Credentials state for the review page, in a signing project."""
    from studio.provenance.verify import credentials_state
    state = credentials_state(path, outputs_root.parent)
    return {"credentials": state} if state else {}
