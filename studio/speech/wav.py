"""Mono 16-bit PCM audio in memory and on disk: the one format narration is assembled in."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.errors import MediaError
from studio.ffmpeg import path_arg, run_ffmpeg
from studio.fsutil import atomic_output

SAMPLE_RATE = 22050  # espeak-ng's native rate; gTTS (24 kHz) and recordings are decoded to it
DECODE_TIMEOUT = 120.0
BLOCK_FRAMES = 1 << 16  # samples read at a time from a long WAV (~3 s, 128 KB)


@dataclass(frozen=True, eq=False)
class Audio:
    """Mono 16-bit samples at `rate` Hz."""

    samples: np.ndarray
    rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Audio:
    """`seconds` of digital silence (pauses, gaps between sentences)."""
    return Audio(np.zeros(max(int(round(seconds * rate)), 0), dtype=np.int16), rate)


def concat(parts: list[Audio], rate: int = SAMPLE_RATE) -> Audio:
    """Join clips end to end (all must already be at `rate`)."""
    for part in parts:
        if part.rate != rate:
            raise MediaError(f"cannot join audio at {part.rate} Hz with {rate} Hz")
    if not parts:
        return silence(0, rate)
    return Audio(np.concatenate([p.samples for p in parts]).astype(np.int16), rate)


def resample(audio: Audio, rate: int = SAMPLE_RATE) -> Audio:
    """Change the sample rate with ffmpeg's resampler (only if an engine speaks at another
    rate)."""
    if audio.rate == rate or len(audio.samples) == 0:
        return Audio(audio.samples, rate)
    proc = run_ffmpeg(["-f", "s16le", "-ar", str(audio.rate), "-ac", "1", "-i", "pipe:0",
                       "-af", "aresample=filter_size=64", "-ar", str(rate), "-ac", "1",
                       "-f", "s16le", "pipe:1"], what="resampling speech",
                      input_bytes=np.asarray(audio.samples, dtype="<i2").tobytes())
    return Audio(np.frombuffer(proc.stdout, dtype="<i2").astype(np.int16), rate)


def speech_bounds(audio: Audio, *, threshold_db: float = -45.0) -> tuple[int, int] | None:
    """First and one-past-last sample louder than `threshold_db`, or None if all is quiet."""
    limit = 32768 * 10 ** (threshold_db / 20)
    loud = np.flatnonzero(np.abs(audio.samples.astype(np.int32)) > limit)
    return (int(loud[0]), int(loud[-1]) + 1) if len(loud) else None


def trim_span(audio: Audio, *, threshold_db: float = -45.0, keep: float = 0.04
              ) -> tuple[int, int]:
    """The samples `trim_silence` keeps, [start, end) — (0, 0) if all is quiet — so that an
    engine's word times can be moved by what was cut in front."""
    bounds = speech_bounds(audio, threshold_db=threshold_db)
    if bounds is None:
        return 0, 0
    pad = int(keep * audio.rate)
    return max(bounds[0] - pad, 0), min(bounds[1] + pad, len(audio.samples))


def trim_silence(audio: Audio, *, threshold_db: float = -45.0, keep: float = 0.04) -> Audio:
    """Cut leading/trailing near-silence (keeping `keep` s) so sentence timings are tight."""
    start, end = trim_span(audio, threshold_db=threshold_db, keep=keep)
    return Audio(audio.samples[start:end], audio.rate)


def read_wav(path: str | Path) -> Audio:
    """Read a mono 16-bit PCM WAV (the kind this package writes)."""
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2 or w.getnchannels() != 1:
                raise MediaError("expected mono 16-bit WAV", file=path)
            data = w.readframes(w.getnframes())
            return Audio(np.frombuffer(data, dtype="<i2").astype(np.int16), w.getframerate())
    except (wave.Error, EOFError) as exc:
        raise MediaError(f"unreadable WAV ({exc})", file=path) from exc


def wav_speech_bounds(path: str | Path, *, threshold_db: float = -45.0
                      ) -> tuple[int, int] | None:
    """`speech_bounds` of a WAV file read block by block, so an hour-long recording needs a
    few hundred KB of memory rather than a copy of itself."""
    first = last = None
    with wave.open(str(path), "rb") as w:
        start = 0
        while block := w.readframes(BLOCK_FRAMES):
            samples = np.frombuffer(block, dtype="<i2")
            bounds = speech_bounds(Audio(samples, w.getframerate()), threshold_db=threshold_db)
            if bounds is not None:
                first = start + bounds[0] if first is None else first
                last = start + bounds[1]
            start += len(samples)
    return (first, last) if first is not None else None


def wav_duration(path: str | Path) -> float:
    """Duration of a WAV from its header (no samples read)."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def write_wav(path: str | Path, audio: Audio) -> Path:
    """Write mono 16-bit PCM WAV atomically."""
    path = Path(path)
    # the file is opened first: Python 3.11's wave.open("wb") leaves a half-made writer that
    # prints an ignored traceback when Ctrl-C lands inside it
    with atomic_output(path) as tmp, open(tmp, "wb") as handle, wave.open(handle, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(audio.rate)
        w.writeframes(audio.samples.astype("<i2").tobytes())
    return path


def decode(source: str | Path, *, rate: int = SAMPLE_RATE, tempo: float = 1.0) -> Audio:
    """Decode any audio file ffmpeg reads (mp3, m4a, wav…) to mono 16-bit at `rate`."""
    filters = ["-af", f"atempo={tempo:.3f}"] if abs(tempo - 1.0) > 1e-3 else []
    proc = run_ffmpeg(["-i", path_arg(Path(source)), "-vn", "-map", "0:a:0", *filters,
                       "-ac", "1", "-ar", str(rate), "-f", "s16le", "-c:a", "pcm_s16le", "-"],
                      what=f"decoding {Path(source).name}", timeout=DECODE_TIMEOUT)
    return Audio(np.frombuffer(proc.stdout, dtype="<i2").astype(np.int16), rate)


def decode_to_wav(source: str | Path, target: str | Path, *, rate: int = SAMPLE_RATE) -> Path:
    """Decode any audio file ffmpeg reads straight into a mono 16-bit WAV at `target`, never
    holding the samples in memory (a recording may be an hour long)."""
    run_ffmpeg(["-i", path_arg(Path(source)), "-vn", "-map", "0:a:0", "-ac", "1",
                "-ar", str(rate), "-c:a", "pcm_s16le", "-map_metadata", "-1",
                "-fflags", "+bitexact", "-f", "wav", path_arg(Path(target))],
               what=f"decoding {Path(source).name}", timeout=DECODE_TIMEOUT)
    return Path(target)


def decode_bytes(data: bytes, *, fmt: str = "mp3", rate: int = SAMPLE_RATE,
                 tempo: float = 1.0) -> Audio:
    """Decode in-memory audio (gTTS's MP3) to mono 16-bit at `rate`."""
    filters = ["-af", f"atempo={tempo:.3f}"] if abs(tempo - 1.0) > 1e-3 else []
    proc = run_ffmpeg(["-f", fmt, "-i", "pipe:0", "-vn", *filters, "-ac", "1", "-ar", str(rate),
                       "-f", "s16le", "-c:a", "pcm_s16le", "-"],
                      what=f"decoding {fmt}", timeout=DECODE_TIMEOUT, input_bytes=data)
    return Audio(np.frombuffer(proc.stdout, dtype="<i2").astype(np.int16), rate)
