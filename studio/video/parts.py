"""A clip of many scenes encoded in parts, joined without re-encoding: one ffmpeg graph
keeps every scene's frames and buffers until it ends (measured on the bench's six moving
scenes: ~705 MB in the one ffmpeg process, ~285 MB of it x264's), so the clip is cut at
closed-GOP boundaries inside a scene — after its transition in — into parts of a few scenes,
each encoded with the same x264 settings as one command would, then the concat demuxer
copies the parts one after another under the soundtrack."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.ffmpeg import path_arg
from studio.video.encode import (AUDIO_ARGS, CONTAINER_ARGS, GOP_SECONDS, Encoding,
                                 encode_args, graph_for, overlapping, run_encode, write_lists)
from studio.video.formats import VideoFormat
from studio.video.runs import Run
from studio.video.soundtrack import Soundtrack

RUNS_PER_PART = 3  # scene chains in one graph (the last a scene's first seconds)


@dataclass(frozen=True)
class Part:
    """Runs encoded together, and how long they last in the clip."""

    runs: tuple[Run, ...]
    duration: float


def split_times(runs: Sequence[Run], fps: float, half: float) -> list[float]:
    """Where to cut the clip (seconds, on closed-GOP boundaries): inside every
    RUNS_PER_PART-th run, just after its transition in and clear of its transition out
    (never inside a video scene, whose file would need seeking, nor the last run)."""
    gop = round(fps * GOP_SECONDS) / fps
    frame = 1 / fps
    cuts: list[float] = []
    start, count = 0.0, 0
    for k, run in enumerate(runs):
        count += 1
        if count >= RUNS_PER_PART and run.video is None and k < len(runs) - 1:
            at = math.ceil((start + half + frame) / gop - 1e-9) * gop
            if at <= start + run.duration - half - frame:
                cuts.append(at)
                count = 1
        start += run.duration
    return cuts


def plan_parts(runs: Sequence[Run], fps: float, half: float, total: float) -> tuple[Part, ...]:
    """The runs (each extended by `half` on the sides it shares) cut into parts at
    `split_times`; one part when there is nothing to cut."""
    cuts = split_times(runs, fps, half)
    extended = overlapping(runs, half) if half > 0 else tuple(runs)
    parts: list[Part] = []
    current: list[Run] = []
    start, last_cut = 0.0, 0.0
    for k, (plain, run) in enumerate(zip(runs, extended)):
        ext_start = start - (half if k > 0 else 0.0)
        for cut in [c for c in cuts if start <= c < start + plain.duration]:
            head, run = run.split(cut - ext_start, fps)
            parts.append(Part(tuple(current) + (head,), cut - last_cut))
            current, last_cut, ext_start = [], cut, cut
        current.append(run)
        start += plain.duration
    parts.append(Part(tuple(current), total - last_cut))
    return tuple(parts)


def part_args(part: Part, n: int, fmt: VideoFormat, transition: str, half: float,
              folder: Path, encoding: Encoding) -> list[str]:
    """One part's ffmpeg command: its chains joined as in the whole clip, video only."""
    lists = f"part{n}-"
    write_lists(part.runs, folder, lists)
    inputs, graph = graph_for(part.runs, fmt, transition, half, lists)
    return [*inputs, "-filter_complex", graph, "-map", "[v]", *encoding.video_args(fmt),
            "-an", "-t", f"{part.duration:.6f}", f"part{n}.mp4"]


def join_args(count: int, sound: Soundtrack, target: Path, folder: Path,
              metadata: dict[str, str] | None) -> list[str]:
    """The parts one after another (stream copy) under the soundtrack, tagged."""
    lines = ["ffconcat version 1.0", *(f"file 'part{n}.mp4'" for n in range(count))]
    (folder / "parts.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["-f", "concat", "-safe", "0", "-i", "parts.txt", "-i", path_arg(sound.path.resolve()),
            "-map", "0:v", "-map", "1:a", "-c:v", "copy", *AUDIO_ARGS,
            "-t", f"{sound.duration:.6f}"]
    for key, value in (metadata or {}).items():
        args += ["-metadata", f"{key}={value}"]
    return args + CONTAINER_ARGS + [path_arg(target.resolve())]


def encode_clip(runs: Sequence[Run], fmt: VideoFormat, sound: Soundtrack, target: Path,
                folder: Path, *, encoding: Encoding = Encoding(),
                metadata: dict[str, str] | None = None, transition: str = "cut",
                half: float = 0.0, what: str = "encoding",
                on_progress: Callable[[float], None] | None = None) -> None:
    """Encode the clip into `target`: in one command when it is one part, else part by part
    and joined; `on_progress` gets the fraction of the clip done."""
    if transition == "cut" or half <= 0 or len(runs) < 2:
        transition, half = "cut", 0.0
    parts = plan_parts(runs, fmt.fps, half, sound.duration)
    if len(parts) == 1:
        run_encode(encode_args(runs, fmt, sound, target, folder, encoding=encoding,
                               metadata=metadata, transition=transition, half=half),
                   folder, sound.duration, what=what, on_progress=on_progress)
        return
    done = 0.0
    for n, part in enumerate(parts):
        report = (lambda f, d=done, p=part: on_progress((d + f * p.duration) / sound.duration)
                  ) if on_progress else None
        run_encode(part_args(part, n, fmt, transition, half, folder, encoding), folder,
                   part.duration, what=what, on_progress=report)
        done += part.duration
    run_encode(join_args(len(parts), sound, target, folder, metadata), folder, sound.duration,
               what=what)
