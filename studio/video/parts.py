"""A clip of many scenes encoded in parts, joined without re-encoding: one ffmpeg graph
keeps every scene's frames and buffers until it ends (measured on the bench's six moving
scenes: ~705 MB in the one ffmpeg process, ~285 MB of it x264's), so the clip is cut at
closed-GOP boundaries inside a scene — after its transition in — into parts of a few scenes,
each encoded with the same x264 settings as one command would, then the concat demuxer
copies the parts one after another under the soundtrack. The soundtrack's AAC track of any
but a short clip is encoded on its own, while the pictures are drawn and beside the video —
once for all the formats of a render."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from studio.ffmpeg import path_arg
from studio.video.encode import (AUDIO_ARGS, CONTAINER_ARGS, GOP_SECONDS, Encoding,
                                 encode_args, graph_for, metadata_args, overlapping, run_encode,
                                 write_lists)
from studio.video.formats import VideoFormat
from studio.video.runs import Run
from studio.video.soundtrack import Soundtrack

RUNS_PER_PART = 3  # scene chains in one graph (the last a scene's first seconds)
# ffmpeg's AAC encoder takes ~0.1 s a clip second on one core, in the same thread as the
# muxing: in one command with the video it held a 54-s still clip's encode back by ~2.5 s.
# From this length on, the track is encoded on its own, joined by stream copy.
SEPARATE_AUDIO_SECONDS = 10.0


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


def audio_args(sound: Soundtrack, target: Path) -> list[str]:
    """The soundtrack alone encoded as the clip's AAC track (into an .m4a)."""
    return ["-i", path_arg(sound.path.resolve()), "-map", "0:a", *AUDIO_ARGS, "-vn",
            path_arg(target.resolve())]


def join_args(count: int, audio: Path, duration: float, target: Path, folder: Path,
              metadata: dict[str, str] | None) -> list[str]:
    """The parts one after another under the encoded soundtrack, both stream-copied,
    tagged."""
    lines = ["ffconcat version 1.0", *(f"file 'part{n}.mp4'" for n in range(count))]
    (folder / "parts.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["-f", "concat", "-safe", "0", "-i", "parts.txt", "-i", path_arg(audio.resolve()),
            "-map", "0:v", "-map", "1:a", "-c", "copy", "-t", f"{duration:.6f}"]
    return args + metadata_args(metadata) + CONTAINER_ARGS + [path_arg(target.resolve())]


class EncodedTrack:
    """The soundtrack's AAC track, encoded once on a thread of its own (at a lower priority:
    it fills what x264 leaves idle) as soon as the soundtrack is mixed, and shared by every
    format of a render. Leaving on an error stops its ffmpeg."""

    def __init__(self, sound: Callable[[], Soundtrack], folder: Path,
                 what: str = "encoding the soundtrack") -> None:
        self.sound, self.folder, self.what = sound, folder, what
        self._future: Future | None = None
        self._cancel = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="encode-audio")

    def start(self) -> Future:
        """The track's encode (begun on the first call): its future (path, seconds)."""
        if self._future is None:
            self._future = self._pool.submit(self._encode)
        return self._future

    def _encode(self) -> tuple[Path, float]:
        sound = self.sound()
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / "track.m4a"
        run_encode(audio_args(sound, target), self.folder, sound.duration, what=self.what,
                   cancel=self._cancel, background=True)
        return target, sound.duration

    def __enter__(self) -> EncodedTrack:
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is not None:
            self._cancel.set()
        self._pool.shutdown(wait=True, cancel_futures=True)


class PartEncoder:
    """One clip's encode. From SEPARATE_AUDIO_SECONDS on, the soundtrack's AAC `track` (the
    render's, shared by its formats) is started at once, to encode while the pictures are
    still drawn; `finish` encodes the video's parts one after another beside it and joins
    them with the track by stream copy. A short clip of one part is one command, with its
    sound. Leaving on an error stops its ffmpeg."""

    def __init__(self, fmt: VideoFormat, folder: Path, sound: Callable[[], Soundtrack],
                 total: float, track: EncodedTrack, *, encoding: Encoding = Encoding(),
                 transition: str = "cut", half: float = 0.0, what: str = "encoding",
                 on_progress: Callable[[float], None] | None = None) -> None:
        if transition == "cut" or half <= 0:
            transition, half = "cut", 0.0
        self.fmt, self.folder, self.sound, self.total = fmt, folder, sound, total
        self.encoding, self.transition, self.half = encoding, transition, half
        self.what, self.on_progress = what, on_progress
        self.track = track
        self._audio: Future | None = None
        self._cancel = threading.Event()
        if total >= SEPARATE_AUDIO_SECONDS:
            self._audio = self.track.start()

    def finish(self, runs: Sequence[Run], target: Path,
               metadata: dict[str, str] | None = None) -> None:
        """Encode the drawn `runs` into `target`: planned into parts, each encoded, joined
        with the soundtrack's track; a short clip of one part in one command."""
        sound = self.sound()
        parts = plan_parts(runs, self.fmt.fps, self.half, sound.duration)
        if len(parts) == 1 and self._audio is None:
            run_encode(encode_args(runs, self.fmt, sound, target, self.folder,
                                   encoding=self.encoding, metadata=metadata,
                                   transition=self.transition, half=self.half),
                       self.folder, sound.duration, what=self.what,
                       on_progress=self.on_progress, cancel=self._cancel)
            return
        if self._audio is None:
            self._audio = self.track.start()
        done = 0.0
        for n, part in enumerate(parts):  # one after another, the track encoding beside them
            report = (lambda f, d=done, p=part: self.on_progress((d + f * p.duration)
                                                                 / self.total)
                      ) if self.on_progress else None
            run_encode(part_args(part, n, self.fmt, self.transition, self.half, self.folder,
                                 self.encoding), self.folder, part.duration, what=self.what,
                       on_progress=report, cancel=self._cancel)
            done += part.duration
        audio, duration = self._audio.result()
        run_encode(join_args(len(parts), audio, duration, target, self.folder, metadata),
                   self.folder, duration, what=self.what, cancel=self._cancel)

    def __enter__(self) -> PartEncoder:
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is not None:
            self._cancel.set()
