"""One ffmpeg command per format: the stills through the concat demuxer
(`format=yuv420p,fps=N`, the fast order), video scenes scaled, looped and overlaid, moving
photos through `zoompan` and overlaid — each with two small layer streams, its texts and
its caption band, laid where they go — scenes joined by a cut or an `xfade` chain,
H.264 High + AAC 48 kHz stereo, closed GOPs, moov atom first. (`studio.video.parts` encodes
a clip of many scenes as several such graphs, joined.)"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.ffmpeg import path_arg, run_ffmpeg
from studio.video.formats import VideoFormat
from studio.video.motion import XFADE, zoompan_filter
from studio.video.soundtrack import SAMPLE_RATE, Soundtrack
from studio.video.runs import Run
from studio.video.stills import Still

PRESET = "veryfast"  # measured: the medium preset takes 2.2× as long for little gain on stills
CRF = "23"
AUDIO_BITRATE = "160k"
GOP_SECONDS = 2


@dataclass(frozen=True)
class Encoding:
    """x264 settings (the benchmark's baseline uses the same ones)."""

    preset: str = PRESET
    crf: str = CRF

    def video_args(self, fmt: VideoFormat) -> list[str]:
        gop = str(max(1, round(fmt.fps * GOP_SECONDS)))
        return ["-c:v", "libx264", "-preset", self.preset, "-crf", self.crf,
                "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", gop, "-flags", "+cgop"]


AUDIO_ARGS = ["-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ar", str(SAMPLE_RATE), "-ac", "2"]
CONTAINER_ARGS = ["-movflags", "+faststart"]


def concat_list(stills: Sequence[Still], folder: Path, name: str) -> Path:
    """An ffconcat file: each picture and how long it shows; the last one is repeated, as
    the demuxer needs, and trimmed off again by duration."""
    lines = ["ffconcat version 1.0"]
    for still in stills:
        lines += [f"file '{still.path.name}'", f"duration {still.duration:.6f}"]
    lines.append(f"file '{stills[-1].path.name}'")
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def still_filter(fmt: VideoFormat) -> str:
    """Convert each still once, then repeat frames (37 % faster than the other order)."""
    return f"format=yuv420p,fps={fmt.fps_arg}"


def run_chain(run: Run, k: int, index: int, fmt: VideoFormat, lists: str = ""
              ) -> tuple[list[str], str, int]:
    """One run's inputs and filter chain (ending in [v{k}]) and how many inputs it takes:
    its stills, or the moving picture, its text layers and its caption band."""
    d = f"{run.duration:.6f}"
    trim = f"trim=duration={d},setpts=PTS-STARTPTS"
    w, h = fmt.width, fmt.height
    concat = ["-f", "concat", "-safe", "0", "-i", f"{lists}list{k}.txt"]
    if not run.overlaid:
        return concat, f"[{index}:v]{still_filter(fmt)},{trim},setsar=1[v{k}]", 1
    if run.video is not None:
        inputs = ["-stream_loop", "-1", "-t", d, "-i", path_arg(run.video.resolve())]
        base = (f"[{index}:v]scale={w}:{h}:force_original_aspect_ratio=increase,"
                f"crop={w}:{h},setsar=1,fps={fmt.fps_arg},{trim}[b{k}]")
    else:
        inputs = ["-i", path_arg(run.photo.resolve())]
        moving = zoompan_filter(run.motion, run.frames(fmt.fps), fmt.size, fmt.fps_arg,
                                first=run.moved, total=run.movement)
        base = f"[{index}:v]format=yuv420p,{moving},setsar=1,{trim}[b{k}]"
    cx, cy = run.captions.at
    chain = (f"{base};[{index + 1}:v]format=rgba,setpts=PTS-STARTPTS[o{k}];"
             f"[{index + 2}:v]format=rgba,setpts=PTS-STARTPTS[c{k}];"
             f"[b{k}][o{k}]overlay={run.at[0]}:{run.at[1]}:eof_action=repeat:format=yuv420"
             f"[t{k}];[t{k}][c{k}]overlay={cx}:{cy}:eof_action=repeat:format=yuv420,"
             f"{trim},format=yuv420p,setsar=1[v{k}]")  # trimmed again: overlay may add one
    captions = ["-f", "concat", "-safe", "0", "-i", f"{lists}band{k}.txt"]
    return inputs + concat + captions, chain, 3


def joined(labels: Sequence[str], runs: Sequence[Run], transition: str, half: float) -> str:
    """The runs one after another: a concat, or an xfade chain whose offsets put the middle
    of each transition on the cut between two runs."""
    if transition == "cut" or half <= 0 or len(runs) < 2:
        return f"{''.join(labels)}concat=n={len(runs)}:v=1:a=0[v]"
    parts, current, cut = [], labels[0], 0.0
    for k in range(1, len(runs)):
        cut += runs[k - 1].duration - half - (half if k > 1 else 0.0)  # its own length
        out = "[v]" if k == len(runs) - 1 else f"[x{k}]"
        parts.append(f"{current}{labels[k]}xfade=transition={XFADE[transition]}:"
                     f"duration={2 * half:.6f}:offset={cut - half:.6f}{out}")
        current = out
    return ";".join(parts)


def graph_for(runs: Sequence[Run], fmt: VideoFormat, transition: str = "cut",
              half: float = 0.0, lists: str = "") -> tuple[list[str], str]:
    """Inputs and filter graph: one chain per run, joined by `transition` (each run already
    extended by `half` a transition on every side it shares; its concat lists named
    `lists` + list{k}.txt / band{k}.txt)."""
    inputs: list[str] = []
    chains: list[str] = []
    labels: list[str] = []
    index = 0
    for k, run in enumerate(runs):
        more, chain, used = run_chain(run, k, index, fmt, lists)
        inputs += more
        chains.append(chain)
        labels.append(f"[v{k}]")
        index += used
    chains.append(joined(labels, runs, transition, half))
    return inputs, ";".join(chains)


def overlapping(runs: Sequence[Run], half: float) -> tuple[Run, ...]:
    """Each run extended by `half` on each side it shares with another."""
    last = len(runs) - 1
    return tuple(run.extended(half if k > 0 else 0.0, half if k < last else 0.0)
                 for k, run in enumerate(runs))


def write_lists(runs: Sequence[Run], folder: Path, lists: str = "") -> None:
    """Each run's concat lists (its pictures, and its caption band's) into `folder`."""
    for k, run in enumerate(runs):
        concat_list(run.stills, folder, f"{lists}list{k}.txt")
        if run.overlaid:
            concat_list(run.captions.stills, folder, f"{lists}band{k}.txt")


def encode_args(runs: Sequence[Run], fmt: VideoFormat, sound: Soundtrack, target: Path,
                folder: Path, *, encoding: Encoding = Encoding(),
                metadata: dict[str, str] | None = None, transition: str = "cut",
                half: float = 0.0) -> list[str]:
    """The whole ffmpeg command line (run with `folder` as working directory); with a
    transition, `half` of it overlaps each side of every cut."""
    if transition != "cut" and half > 0 and len(runs) > 1:
        runs = overlapping(runs, half)
    else:
        transition = "cut"
    write_lists(runs, folder)
    if len(runs) == 1 and not runs[0].overlaid:
        args = ["-f", "concat", "-safe", "0", "-i", "list0.txt"]
        audio_index = 1
        video_map = ["-map", "0:v", "-vf", still_filter(fmt)]
    else:
        inputs, graph = graph_for(runs, fmt, transition, half)
        audio_index = sum(3 if r.overlaid else 1 for r in runs)
        args = inputs
        video_map = ["-filter_complex", graph, "-map", "[v]"]
    args += ["-i", path_arg(sound.path.resolve()), *video_map, "-map", f"{audio_index}:a",
             *encoding.video_args(fmt), *AUDIO_ARGS,
             "-t", f"{sound.duration:.6f}"]
    return args + metadata_args(metadata) + CONTAINER_ARGS + [path_arg(target.resolve())]


def metadata_args(metadata: dict[str, str] | None) -> list[str]:
    """The clip's tags as ffmpeg options: a key `audio:NAME` tags the sound track (its
    `language`, which players show), any other the file."""
    args: list[str] = []
    for key, value in (metadata or {}).items():
        if key.startswith("audio:"):
            args += ["-metadata:s:a:0", f"{key.removeprefix('audio:')}={value}"]
        else:
            args += ["-metadata", f"{key}={value}"]
    return args


def run_encode(args: list[str], folder: Path, total: float, *,
               on_progress: Callable[[float], None] | None = None, what: str = "encoding",
               cancel: threading.Event | None = None, background: bool = False) -> None:
    """Run the encode in `folder` (the concat lists name the stills relative to it), with only
    errors logged, reporting the fraction done; stopped when `cancel` is set; at a lower
    priority when `background`."""
    run_ffmpeg(["-loglevel", "error", *args], what=what, cwd=folder, total=total,
               on_progress=on_progress, cancel=cancel, background=background)
