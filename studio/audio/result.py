"""What rendering one bulletin produced, and its JSON report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio import __version__
from studio.audio.profiles import AudioProfile
from studio.audio.tags import approved_by
from studio.languages import iso_639_3
from studio.media import Loudness
from studio.script import PRIORITIES, Release, Script


@dataclass(frozen=True)
class AudioResult:
    """One script rendered to one profile: the files written and what was measured on them."""

    script: Script
    release: Release
    profile: AudioProfile
    mp3: Path
    report: Path
    waveform: Path | None
    wav: Path | None
    duration: float  # seconds, of the MP3 as decoded
    loudness: Loudness  # of the MP3, measured after encoding
    master_loudness: Loudness | None
    engine: str  # narration engine ("espeak", "gtts", "recorded")
    repeat: int = 1
    passes: int = 1
    warnings: tuple[str, ...] = ()
    voice: str = ""  # which voice spoke: "edge vi-VN-HoaiMyNeural", "espeak-ng vi", "recorded"
    transcript: Path | None = None  # what is said, beside the MP3
    requested: str = ""  # the engine asked for (auto, gtts, espeak, recorded)
    signal: bool = False  # the attention signal sounds before and after
    spoken_opening: bool = False  # "Thông báo khẩn!" before each reading

    @property
    def paths(self) -> list[Path]:
        """Every file written, MP3 first."""
        return [p for p in (self.mp3, self.wav, self.report, self.waveform, self.transcript)
                if p is not None]

    @property
    def duration_ms(self) -> int:
        """Duration in whole milliseconds (what cluster playlists carry)."""
        return int(round(self.duration * 1000))


def loudness_dict(value: Loudness) -> dict:
    """A measurement as the reports write it."""
    return {"integrated_lufs": value.integrated_lufs, "true_peak_dbtp": value.true_peak_dbtp,
            "loudness_range_lu": value.range_lu}


def broadcast_dict(script: Script) -> dict | None:
    """The `broadcast:` block as plain values (what studio.broadcast reads back)."""
    b = script.broadcast
    if b is None:
        return None
    return {"from": b.start.isoformat() if b.start else None,
            "until": b.until.isoformat() if b.until else None,
            "slots": [t.strftime("%H:%M") for t in b.slots], "repeats": b.repeats,
            "area": list(b.area)}


def report_dict(result: AudioResult) -> dict:
    """The JSON sidecar: what a cluster's playlist or an operator needs about the file."""
    s, approval = result.script, result.script.approval
    master = None
    if result.wav is not None:
        master = {"file": result.wav.name, "sample_rate": 48000, "bits": 16, "channels": 1,
                  **(loudness_dict(result.master_loudness) if result.master_loudness else {})}
    return {
        "file": result.mp3.name,
        "duration_ms": result.duration_ms,
        **loudness_dict(result.loudness),
        "profile": result.profile.as_dict(),
        "title": s.title,
        "id": s.id,
        "language": s.lang,
        "language_iso639": iso_639_3(s.lang),
        "priority": s.priority,
        "priority_label": PRIORITIES.get(s.priority, s.priority),
        "organization": s.organization,
        "program": s.program,
        "date": s.issue_date.isoformat(),
        "checksum": s.checksum,
        "status": "draft" if result.release.draft else "approved",
        "approver": approved_by(s, result.release),
        "approved_on": (approval.on.isoformat()
                        if approval and approved_by(s, result.release) else None),
        "script": s.path.name,
        "scenes": len(s.scenes),
        "engine": result.engine,
        "voice": result.voice,
        "speech": {"engine": result.engine, "requested": result.requested or result.engine,
                   "offline": result.engine == "espeak",
                   "fell_back": result.requested == "auto" and result.engine == "espeak"},
        "repeat": result.repeat,
        "attention_signal": result.signal,
        "spoken_opening": result.spoken_opening,
        "broadcast": broadcast_dict(s),
        "transcript": result.transcript.name if result.transcript else None,
        "master": master,
        "encodes": result.passes,
        "warnings": list(result.warnings),
        "variant": s.variant.as_dict() if s.variant else None,
        "studio_version": __version__,
    }
