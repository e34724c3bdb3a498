"""Assembly in numpy: narration, silences, signature tunes, draft tone, repeats, music bed.

Every step takes and returns `Audio` values (mono int16 samples and their rate), so a bulletin
is built without audioop (gone from Python 3.13) and without a bytes round trip per step."""

from __future__ import annotations

import functools
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.audio import tones
from studio.audio.bed import music_bed
from studio.audio.profiles import TIMING, Timing
from studio.errors import AssetError
from studio.speech.wav import Audio, concat, decode, read_wav, silence

KEPT_DECODE_BYTES = 4 << 20  # files up to this size are decoded once per process


@dataclass(frozen=True)
class BulletinPlan:
    """What a bulletin is made of, in order: values only, no audio yet."""

    scenes: tuple[Path, ...]  # narration WAV of every scene, in reading order
    opening: Path | None = None  # signature tunes (files), or None
    closing: Path | None = None
    music: Path | None = None  # bed under the narration
    repeat: int = 1
    draft: bool = False  # a warning tone before anything else
    timing: Timing = TIMING
    signal: Path | None = None  # attention signal before and after (khan-cap)
    spoken_opening: Path | None = None  # "Thông báo khẩn!" before each reading


def _is_plain_wav(path: Path, rate: int) -> bool:
    """Whether `path` is already a mono 16-bit PCM WAV at `rate` (read as is, no ffmpeg)."""
    try:
        with wave.open(str(path), "rb") as w:
            return (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, rate)
    except (wave.Error, EOFError, OSError):
        return False


@functools.lru_cache(maxsize=8)
def _decoded(path: Path, size: int, mtime_ns: int, rate: int) -> Audio:
    """A small file decoded once per process, known by its size and time: the tunes and the
    attention signal open every bulletin of a campaign, and each decode is an ffmpeg run.
    Read-only: a step that changed the samples in place would change every later bulletin."""
    audio = decode(path, rate=rate)
    audio.samples.flags.writeable = False
    return audio


def load_clip(path: Path, rate: int) -> Audio:
    """Any audio file as mono 16-bit samples at `rate` (ffmpeg decodes what is not
    already a plain WAV at that rate; a small file once per process)."""
    path = Path(path)
    if not path.is_file():
        raise AssetError("audio file not found", file=path, hint="check the path")
    if _is_plain_wav(path, rate):
        return read_wav(path)
    stat = path.stat()
    if stat.st_size <= KEPT_DECODE_BYTES:
        return _decoded(path, stat.st_size, stat.st_mtime_ns, rate)
    return decode(path, rate=rate)


def spaced(clips: list[Audio], seconds: float, rate: int) -> list[Audio]:
    """The clips in order with `seconds` of silence between each two, as parts (joined once,
    at the end: a 10-minute bulletin is 28 MB, each join a copy)."""
    gap, parts = silence(seconds, rate), []
    for i, clip in enumerate(clips):
        if i:
            parts.append(gap)
        parts.append(clip)
    return parts


def narration_body(scenes: list[Audio], timing: Timing, rate: int) -> list[Audio]:
    """Every scene in order with the gap between scenes."""
    return spaced(scenes, timing.between_scenes, rate)


def repeated(body: list[Audio], times: int, timing: Timing, rate: int) -> list[Audio]:
    """The body read `times` times with a short gap between readings."""
    gap, parts = silence(timing.between_repeats, rate), []
    for i in range(max(times, 1)):
        parts += [gap, *body] if i else body
    return parts


def mixed(voice: Audio, bed: np.ndarray) -> Audio:
    """`bed` (same length) added to the voice, clipped to 16 bits rather than wrapping."""
    total = voice.samples.astype(np.int32) + bed
    return Audio(np.clip(total, -32768, 32767).astype(np.int16), voice.rate)


def with_bed(voice: Audio, music: Audio) -> Audio:
    """The voice with the music ducked under it."""
    return mixed(voice, music_bed(voice.samples, music.samples, voice.rate))


def introduced(body: list[Audio], opening: Audio | None, timing: Timing, rate: int
               ) -> list[Audio]:
    """The spoken opening, a breath, then the body (each reading starts with it)."""
    return body if opening is None else [opening, silence(timing.after_spoken_opening, rate),
                                         *body]


def framed(body: list[Audio], *, opening: Audio | None, closing: Audio | None,
           warning: Audio | None, timing: Timing, rate: int, signal: Audio | None = None
           ) -> Audio:
    """Head silence, [draft tone], [signal], [opening tune], body, [closing tune], [signal],
    tail silence — joined into one array, the bulletin's only copy."""
    parts = [silence(timing.head, rate)]
    if warning is not None:
        parts += [warning, silence(timing.after_draft_tone, rate)]
    if signal is not None:
        parts += [signal, silence(timing.around_signal, rate)]
    if opening is not None:
        parts += [opening, silence(timing.around_jingle, rate)]
    parts += body
    if closing is not None:
        parts += [silence(timing.around_jingle, rate), closing]
    if signal is not None:
        parts += [silence(timing.around_signal, rate), signal]
    parts.append(silence(timing.tail, rate))
    return concat(parts, rate)


def assembly_rate(plan: BulletinPlan, default: int = 24000) -> int:
    """Work at the narration's own rate, so its WAVs are read without resampling."""
    for path in plan.scenes:
        try:
            with wave.open(str(path), "rb") as w:
                return w.getframerate()
        except (wave.Error, EOFError, OSError):
            continue
    return default


def assemble(plan: BulletinPlan, rate: int | None = None) -> Audio:
    """The whole bulletin as mono 16-bit samples, before mastering."""
    rate = rate or assembly_rate(plan)
    body = narration_body([load_clip(p, rate) for p in plan.scenes], plan.timing, rate)
    spoken = load_clip(plan.spoken_opening, rate) if plan.spoken_opening else None
    body = repeated(introduced(body, spoken, plan.timing, rate), plan.repeat, plan.timing, rate)
    if plan.music is not None:
        body = [with_bed(concat(body, rate), load_clip(plan.music, rate))]
    return framed(
        body,
        opening=load_clip(plan.opening, rate) if plan.opening else None,
        closing=load_clip(plan.closing, rate) if plan.closing else None,
        warning=Audio(tones.draft_tone(rate), rate) if plan.draft else None,
        signal=load_clip(plan.signal, rate) if plan.signal else None,
        timing=plan.timing, rate=rate)
