"""Helpers for the video tests: hand-made narration, and independent readings of MP4 files
(ffmpeg's own report, atom order, ebur128 loudness, single frames)."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from helpers_audio import write_wav
from studio.ffmpeg import ffmpeg_exe
from studio.script.model import Script
from studio.speech.model import Narration, SceneNarration, Sentence

RATE = 24000


def speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """A voice stand-in: a tone with a syllable-rate envelope and some noise."""
    n = int(round(seconds * RATE))
    t = np.arange(n) / RATE
    rng = np.random.default_rng(seed)
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2
    signal = 0.5 * np.sin(2 * np.pi * 180 * t) + 0.2 * np.sin(2 * np.pi * 720 * t)
    signal += 0.05 * rng.standard_normal(n)
    return signal * envelope * 12000


def hand_narration(script: Script, folder: Path, *, sentence_seconds: float = 1.6,
                   gap: float = 0.4, durations: dict[int, list[float]] | None = None
                   ) -> Narration:
    """Narration for `script` without a speech engine: one speech-like burst per sentence
    (split at '. '), `gap` seconds of silence between them. `durations` overrides
    the per-sentence lengths of a scene."""
    scenes = []
    for scene in script.scenes:
        texts = [s.strip() for p in scene.paragraphs
                 for s in re.split(r"(?<=[.!?])\s+", p.text) if s.strip()]
        lengths = (durations or {}).get(scene.index) or [sentence_seconds] * len(texts)
        parts, sentences, t = [], [], 0.0
        for i, (text, length) in enumerate(zip(texts, lengths)):
            if i:
                parts.append(np.zeros(int(round(gap * RATE))))
                t += gap
            parts.append(speechlike(length, seed=i))
            sentences.append(Sentence(text, text, round(t, 3), round(t + length, 3)))
            t += length
        wav = write_wav(folder / f"scene{scene.index}.wav", np.concatenate(parts))
        duration = sum(len(p) for p in parts) / RATE
        scenes.append(SceneNarration(scene.index, wav, duration, tuple(sentences), "test"))
    return Narration(script.id, script.lang, "test", tuple(scenes))


def ffmpeg_report(path: Path) -> str:
    return subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True,
                          text=True, encoding="utf-8", errors="replace").stderr


@dataclass(frozen=True)
class Report:
    """What the test reads from `ffmpeg -i` itself (not through studio.media)."""

    duration: float
    video: str
    audio: str

    @property
    def size(self) -> tuple[int, int]:
        w, h = re.search(r", (\d{2,5})x(\d{2,5})", self.video).groups()
        return int(w), int(h)

    @property
    def fps(self) -> float:
        return float(re.search(r"([\d.]+) fps", self.video).group(1))


def report(path: Path) -> Report:
    text = ffmpeg_report(path)
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", text).groups()
    video = next(line for line in text.splitlines() if "Video:" in line)
    audio = next((line for line in text.splitlines() if "Audio:" in line), "")
    return Report(int(h) * 3600 + int(m) * 60 + float(s), video, audio)


def top_level_atoms(path: Path) -> list[str]:
    """Names of the MP4's top-level boxes, in file order."""
    names = []
    with open(path, "rb") as f:
        while header := f.read(8):
            if len(header) < 8:
                break
            size = int.from_bytes(header[:4], "big")
            name = header[4:].decode("latin-1")
            if size == 1:
                size = int.from_bytes(f.read(8), "big")
                f.seek(size - 16, 1)
            elif size == 0:
                names.append(name)
                break
            else:
                f.seek(size - 8, 1)
            names.append(name)
    return names


def integrated_loudness(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) from ffmpeg's ebur128 summary."""
    text = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-map",
                           "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"],
                          capture_output=True, text=True, encoding="utf-8",
                          errors="replace").stderr
    summary = text.rsplit("Summary:", 1)[1]
    lufs = float(re.search(r"I:\s*(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s*(-?[\d.]+|-inf) dBFS", summary).group(1))
    return lufs, peak


def rms_db(path: Path, start: float, seconds: float) -> float:
    """RMS level (dBFS) of the audio between start and start+seconds."""
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", f"{start}", "-t", f"{seconds}",
                          "-i", str(path), "-map", "0:a:0", "-ac", "1", "-f", "s16le", "-"],
                         capture_output=True).stdout
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768
    if not len(samples):
        return -120.0
    return 20 * np.log10(max(np.sqrt(np.mean(samples ** 2)), 1e-6))


def frame_at(path: Path, t: float) -> Image.Image:
    """The decoded frame at `t` seconds, as RGB."""
    png = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", f"{t:.3f}", "-i", str(path),
                          "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of each cue of a WebVTT file (a small reader of our own)."""
    assert text.startswith("WEBVTT")
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.split("\n")
        timing = next(i for i, line in enumerate(lines) if "-->" in line)
        a, b = (part.strip() for part in lines[timing].split("-->"))
        cues.append((_vtt_seconds(a), _vtt_seconds(b.split()[0]), "\n".join(lines[timing + 1:])))
    return cues


def _vtt_seconds(stamp: str) -> float:
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def bright_pixels(image: Image.Image, box: tuple[int, int, int, int], level: int = 215) -> int:
    """How many near-white pixels lie inside `box` (x0, y0, x1, y1)."""
    region = np.asarray(image.crop(box)).astype(int)
    return int(np.sum(np.all(region >= level, axis=2)))
