"""The one media-probe helper: facts about a media file, read from ffmpeg (there is no ffprobe)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from studio.errors import AssetError, MediaError
from studio.ffmpeg import ffmpeg_log
from studio.project import FileKind, readable_file

_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+)(?: \(([^)]*)\))?[^,]*,\s*(\w+)?.*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"([\d.]+) fps")
_AUDIO = re.compile(r"Stream #\S+.*?: Audio: (\w+).*?(\d+) Hz, ([\w.() ]+?),")
_BITRATE = re.compile(r"Stream #\S+.*?: Audio: .*?(\d+) kb/s")
MEDIA_FILE = FileKind("media file")


@dataclass(frozen=True)
class MediaInfo:
    """What ffmpeg reports about a file's container and first video/audio streams."""

    path: Path
    duration: float | None
    video_codec: str | None = None
    video_profile: str | None = None
    pix_fmt: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    audio_kbps: int | None = None

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None


def _channels(layout: str) -> int:
    layout = layout.strip()
    if layout == "mono":
        return 1
    if layout == "stereo":
        return 2
    match = re.match(r"(\d+)", layout)
    return int(match.group(1)) if match else 0


@functools.lru_cache(maxsize=256)
def _probe_log(path: str, size: int, mtime_ns: int) -> str:
    """What `ffmpeg -i` says of a file, once per version of it (size and time of change):
    `studio check` and a render's preflight ask about the same recordings and videos."""
    return ffmpeg_log(["-i", path], timeout=30)


def probe(path: str | Path) -> MediaInfo:
    """Probe `path` with `ffmpeg -i`; raise AssetError if ffmpeg cannot read it as media."""
    path = readable_file(path, MEDIA_FILE)
    stat = path.stat()
    log = _probe_log(str(path), stat.st_size, stat.st_mtime_ns)
    if "Invalid data found" in log or ("Stream #" not in log):
        raise AssetError("not a readable media file", file=path,
                         hint="re-export it as MP4, MP3, WAV or PNG/JPEG")
    duration = None
    if m := _DURATION.search(log):
        duration = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    info: dict = {}
    if m := _VIDEO.search(log):
        line = next(ln for ln in log.splitlines() if ": Video: " in ln)
        info.update(video_codec=m.group(1), video_profile=m.group(2),
                    pix_fmt=(m.group(3) or None), width=int(m.group(4)), height=int(m.group(5)))
        if f := _FPS.search(line):
            info["fps"] = float(f.group(1))
    if m := _AUDIO.search(log):
        info.update(audio_codec=m.group(1), sample_rate=int(m.group(2)),
                    channels=_channels(m.group(3)))
        if b := _BITRATE.search(log):
            info["audio_kbps"] = int(b.group(1))
    return MediaInfo(path=path, duration=duration, **info)


@dataclass(frozen=True)
class Loudness:
    """EBU R128 measurement: integrated loudness, loudness range, true peak."""

    integrated_lufs: float
    range_lu: float
    true_peak_dbtp: float


def _summary_value(summary: str, label: str) -> float:
    match = re.search(rf"{label}:\s*(-?[\d.]+|-inf)", summary)
    if not match:
        raise MediaError(f"ebur128 summary lacks {label}")
    value = match.group(1)
    return float("-inf") if value == "-inf" else float(value)


def _summary_of(log: str, instance: str) -> str:
    """The summary printed by the filter `ebur128@<instance>` in an ffmpeg log."""
    marker = f"[ebur128@{instance} @"
    if marker not in log or "Summary:" not in log.rsplit(marker, 1)[1]:
        raise MediaError(f"could not measure the loudness of the {instance}")
    return log.rsplit(marker, 1)[1]


def integrated_from_log(log: str, instance: str) -> float:
    """The integrated loudness (LUFS) measured by `ebur128@<instance>` (a meter that may
    leave the peak out: true peak costs ~4× oversampling)."""
    return _summary_value(_summary_of(log, instance), "I")


def loudness_from_log(log: str, instance: str) -> Loudness:
    """The summary printed by the filter `ebur128@<instance>` (with `peak=true`) in an
    ffmpeg log, so one command can make a file and measure it (or measure several streams)
    in one pass."""
    summary = _summary_of(log, instance)
    return Loudness(integrated_lufs=_summary_value(summary, "I"),
                    range_lu=_summary_value(summary, "LRA"),
                    true_peak_dbtp=_summary_value(summary, "Peak"))


def measure_loudness(path: str | Path) -> Loudness:
    """Measure a file with ffmpeg's `ebur128=peak=true` (integrated LUFS, LRA, true peak)."""
    log = ffmpeg_log(["-i", str(path), "-map", "0:a:0", "-af", "ebur128=peak=true",
                      "-f", "null", "-"], timeout=600)
    if "Summary:" not in log:
        raise MediaError("could not measure loudness", file=path)
    summary = log.rsplit("Summary:", 1)[1]
    return Loudness(integrated_lufs=_summary_value(summary, "I"),
                    range_lu=_summary_value(summary, "LRA"),
                    true_peak_dbtp=_summary_value(summary, "Peak"))


def image_size(path: str | Path) -> tuple[int, int]:
    """(width, height) of a PNG or JPEG read from its header, without decoding it — so a huge
    banner studio itself wrote is described without tripping Pillow's decompression-bomb guard."""
    with open(path, "rb") as handle:
        head = handle.read(32)
        if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
            return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        if head.startswith(b"\xff\xd8"):
            handle.seek(2)
            while marker := handle.read(4):
                if len(marker) < 4 or marker[0] != 0xFF:
                    break
                length = int.from_bytes(marker[2:4], "big")
                if marker[1] in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB,
                                 0xCD, 0xCE, 0xCF):
                    sof = handle.read(5)
                    return int.from_bytes(sof[3:5], "big"), int.from_bytes(sof[1:3], "big")
                handle.seek(length - 2, 1)
    raise AssetError("not a PNG or JPEG image", file=path)
