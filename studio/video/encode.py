"""One ffmpeg command per format: the stills through the concat demuxer
(`format=yuv420p,fps=N`, the fast order), video scenes scaled, looped and overlaid,
H.264 High + AAC 48 kHz stereo, closed GOPs, moov atom first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.ffmpeg import path_arg, run_ffmpeg
from studio.video.formats import VideoFormat
from studio.video.soundtrack import SAMPLE_RATE, Soundtrack
from studio.video.stills import Run

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


def concat_list(run: Run, folder: Path, name: str) -> Path:
    """An ffconcat file: each picture and how long it shows; the last one is repeated, as
    the demuxer needs, and trimmed off again by duration."""
    lines = ["ffconcat version 1.0"]
    for still in run.stills:
        lines += [f"file '{still.path.name}'", f"duration {still.duration:.6f}"]
    lines.append(f"file '{run.stills[-1].path.name}'")
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def still_filter(fmt: VideoFormat) -> str:
    """Convert each still once, then repeat frames (37 % faster than the other order)."""
    return f"format=yuv420p,fps={fmt.fps_arg}"


def graph_for(runs: Sequence[Run], fmt: VideoFormat) -> tuple[list[str], str]:
    """Inputs and filter graph for clips with video scenes: one chain per run, concatenated."""
    inputs: list[str] = []
    chains: list[str] = []
    labels: list[str] = []
    index = 0
    w, h = fmt.width, fmt.height
    for k, run in enumerate(runs):
        d = f"{run.duration:.6f}"
        trim = f"trim=duration={d},setpts=PTS-STARTPTS"
        if run.video is None:
            inputs += ["-f", "concat", "-safe", "0", "-i", f"list{k}.txt"]
            chains.append(f"[{index}:v]{still_filter(fmt)},{trim},setsar=1[v{k}]")
            index += 1
        else:
            inputs += ["-stream_loop", "-1", "-t", d, "-i", path_arg(run.video.resolve()),
                       "-f", "concat", "-safe", "0", "-i", f"list{k}.txt"]
            chains.append(
                f"[{index}:v]scale={w}:{h}:force_original_aspect_ratio=increase,"
                f"crop={w}:{h},setsar=1,fps={fmt.fps_arg},{trim}[b{k}];"
                f"[{index + 1}:v]format=rgba,setpts=PTS-STARTPTS[o{k}];"
                f"[b{k}][o{k}]overlay=0:0:eof_action=repeat:format=yuv420,"
                f"format=yuv420p,setsar=1[v{k}]")
            index += 2
        labels.append(f"[v{k}]")
    chains.append(f"{''.join(labels)}concat=n={len(runs)}:v=1:a=0[v]")
    return inputs, ";".join(chains)


def encode_args(runs: Sequence[Run], fmt: VideoFormat, sound: Soundtrack, target: Path,
                folder: Path, *, encoding: Encoding = Encoding(),
                metadata: dict[str, str] | None = None) -> list[str]:
    """The whole ffmpeg command line (run with `folder` as working directory)."""
    for k, run in enumerate(runs):
        concat_list(run, folder, f"list{k}.txt")
    if len(runs) == 1 and runs[0].video is None:
        args = ["-f", "concat", "-safe", "0", "-i", "list0.txt"]
        audio_index = 1
        video_map = ["-map", "0:v", "-vf", still_filter(fmt)]
    else:
        inputs, graph = graph_for(runs, fmt)
        audio_index = sum(1 if r.video is None else 2 for r in runs)
        args = inputs
        video_map = ["-filter_complex", graph, "-map", "[v]"]
    args += ["-i", path_arg(sound.path.resolve()), *video_map, "-map", f"{audio_index}:a",
             *encoding.video_args(fmt), *AUDIO_ARGS,
             "-t", f"{sound.duration:.6f}"]
    for key, value in (metadata or {}).items():
        args += ["-metadata", f"{key}={value}"]
    return args + CONTAINER_ARGS + [path_arg(target.resolve())]


def run_encode(args: list[str], folder: Path, total: float, *,
               on_progress: Callable[[float], None] | None = None, what: str = "encoding"
               ) -> None:
    """Run the encode in `folder` (the concat lists name the stills relative to it), with only
    errors logged, reporting the fraction done."""
    run_ffmpeg(["-loglevel", "error", *args], what=what, cwd=folder, total=total,
               on_progress=on_progress)
