"""Subtitle sidecar files: SRT (for platform upload) and WebVTT (for the web), same cues; a
cue's translation is its last line(s), in italics in WebVTT."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import srt

from studio.fsutil import write_text_atomic
from studio.video.cues import Cue


def srt_text(cues: Sequence[Cue]) -> str:
    """The cues as SubRip text (numbered from 1, comma before the milliseconds), each
    translation line after the subtitle's."""
    subtitles = [srt.Subtitle(index=i, start=dt.timedelta(seconds=cue.start),
                              end=dt.timedelta(seconds=cue.end),
                              content="\n".join((*cue.lines, *cue.translation)))
                 for i, cue in enumerate(cues, start=1)]
    return srt.compose(subtitles, reindex=False)


def vtt_timestamp(seconds: float) -> str:
    """WebVTT time: HH:MM:SS.mmm."""
    millis = int(round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def vtt_line(text: str) -> str:
    """A line of cue text as WebVTT wants it: `&`, `<` and `>` escaped (they start markup),
    and no '-->' (it would end the cue's timing line)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("--&gt;", "→")


def vtt_text(cues: Sequence[Cue]) -> str:
    """The cues as WebVTT text (a blank line between cues), each translation line after the
    subtitle's, in italics."""
    blocks = ["WEBVTT"]
    for i, cue in enumerate(cues, start=1):
        body = "\n".join([vtt_line(line) for line in cue.lines]
                         + [f"<i>{vtt_line(line)}</i>" for line in cue.translation])
        blocks.append(f"{i}\n{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}\n{body}")
    return "\n\n".join(blocks) + "\n"


def write_sidecars(video: Path, cues: Sequence[Cue]) -> tuple[Path, Path]:
    """`<video>.srt` and `<video>.vtt` beside the video, each written atomically."""
    srt_path = write_text_atomic(video.with_suffix(".srt"), srt_text(cues))
    vtt_path = write_text_atomic(video.with_suffix(".vtt"), vtt_text(cues))
    return srt_path, vtt_path
