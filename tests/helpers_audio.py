"""Test helpers for studio.audio: independent measurements and hand-made narrations.

Loudness and true peak are measured here with ffmpeg's ebur128 filter and parsed by this
module's own code, never with studio.media (the code under test uses that)."""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import numpy as np

from studio.ffmpeg import ffmpeg_exe
from studio.speech.model import Narration, SceneNarration, Sentence


def ffmpeg(*args: str) -> subprocess.CompletedProcess:
    """Run ffmpeg directly (not through studio.ffmpeg.run_ffmpeg)."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *map(str, args)],
                          capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-800:]
    return proc


def ebur128(path: Path) -> dict[str, float]:
    """Integrated loudness (LUFS), loudness range (LU) and true peak (dBTP) of `path`."""
    log = ffmpeg("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-").stderr.decode(
        "utf-8", "replace")
    summary = log[log.rindex("Summary:"):]
    values = {}
    for key, label in (("lufs", r"I:\s+(-?[\d.]+) LUFS"), ("lra", r"LRA:\s+(-?[\d.]+) LU"),
                       ("peak", r"Peak:\s+(-?[\d.]+|-inf) dBFS")):
        match = re.search(label, summary)
        assert match, summary
        values[key] = float(match.group(1))
    return values


def decoded(path: Path, rate: int | None = None) -> tuple[np.ndarray, int]:
    """Samples of `path` decoded by ffmpeg (mono 16-bit) and their rate."""
    rate = rate or 48000
    out = ffmpeg("-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-").stdout
    return np.frombuffer(out, dtype="<i2"), rate


def decoded_seconds(path: Path) -> float:
    """Exact playing time of `path` as a decoder sees it (MP3 delay and padding removed)."""
    samples, rate = decoded(path)
    return len(samples) / rate


def write_wav(path: Path, samples: np.ndarray, rate: int = 24000) -> Path:
    """Write samples as mono 16-bit (values past the 16-bit range are clipped, not wrapped)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())
    return path


def speechlike(seconds: float, rate: int = 24000, level: float = 0.3, seed: int = 1
               ) -> np.ndarray:
    """Syllable-like bursts (~4 per second) of voiced tones and noise: a stand-in for speech."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    pitch = 140 + 30 * np.sin(2 * np.pi * 0.5 * t)
    voiced = sum(np.sin(2 * np.pi * k * np.cumsum(pitch) / rate) / k for k in range(1, 12))
    hiss = rng.normal(0, 0.3, len(t))
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 2
    signal = (voiced + hiss) * envelope
    return np.round(signal / np.max(np.abs(signal)) * level * 32767).astype(np.int16)


def tone(seconds: float, freq: float = 660.0, rate: int = 24000, level: float = 0.3
         ) -> np.ndarray:
    """A plain sine."""
    t = np.arange(int(round(seconds * rate))) / rate
    return np.round(np.sin(2 * np.pi * freq * t) * level * 32767).astype(np.int16)


def hand_narration(folder: Path, seconds: list[float], rate: int = 24000,
                   script_id: str = "thu") -> Narration:
    """A Narration built by hand from speech-like WAVs (isolates audio from speech)."""
    scenes = []
    for i, length in enumerate(seconds):
        wav = write_wav(folder / f"scene{i}.wav", speechlike(length, rate, seed=i + 1), rate)
        scenes.append(SceneNarration(index=i, wav=wav, duration=length,
                                     sentences=(Sentence("x", "x", 0.0, length),),
                                     engine="espeak"))
    return Narration(script_id=script_id, lang="vi", engine="espeak", scenes=tuple(scenes))


def record(path: Path, seconds: float) -> Path:
    """A small 'human recording' made with ffmpeg: a vowel-like buzz with a tremolo, as MP3."""
    ffmpeg("-f", "lavfi", "-i",
           f"aevalsrc=0.4*sin(2*PI*180*t)*(0.6+0.4*sin(2*PI*3*t))+0.1*sin(2*PI*900*t):"
           f"s=22050:d={seconds}", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "96k", str(path))
    return path


MONO = 3  # channel mode bits of a single-channel MPEG frame
_BITRATES = {  # kbps by bitrate index, layer III: MPEG-1 and MPEG-2/2.5
    1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_frames(path: Path) -> list[tuple[int, int, int]]:
    """(kbps, sample rate, channel mode 3 = mono) of every MPEG audio frame, read from the
    frame headers (a CBR file has one bitrate throughout). The leading Xing/Info frame is
    metadata, not audio (LAME may give it a higher bitrate to fit its tag): left out."""
    data = Path(path).read_bytes()
    pos = 0
    if data[:3] == b"ID3":
        size = data[6:10]
        pos = 10 + ((size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3])
    frames, first = [], True
    while pos + 4 <= len(data):
        b1, b2, b3 = data[pos + 1], data[pos + 2], data[pos + 3]
        if data[pos] != 0xFF or (b1 & 0xE0) != 0xE0:
            break
        version = (b1 >> 3) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
        kbps = _BITRATES[1 if version == 3 else 2][b2 >> 4]
        rate = _RATES[version][(b2 >> 2) & 3]
        padding = (b2 >> 1) & 1
        length = (144 if version == 3 else 72) * kbps * 1000 // rate + padding
        head = data[pos:pos + 40]
        if not (first and (b"Xing" in head or b"Info" in head)):
            frames.append((kbps, rate, b3 >> 6))
        first = False
        pos += length
    return frames
