"""Assembly with pydub: narration, silences, signature tunes, draft tone, repeats, music bed."""

from __future__ import annotations

import warnings
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.audio import tones
from studio.audio.bed import music_bed
from studio.audio.profiles import TIMING, Timing
from studio.errors import AssetError

with warnings.catch_warnings():  # pydub warns at import that no ffmpeg is on PATH (studio
    warnings.simplefilter("ignore", RuntimeWarning)  # never lets it call one) and that audioop
    warnings.simplefilter("ignore", DeprecationWarning)  # is deprecated (Python 3.13 drops it)
    from pydub import AudioSegment


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


def from_samples(samples: np.ndarray, rate: int) -> AudioSegment:
    """A mono 16-bit pydub segment from int16 samples."""
    return AudioSegment(data=np.asarray(samples, dtype="<i2").tobytes(), sample_width=2,
                        frame_rate=rate, channels=1)


def samples_of(segment: AudioSegment) -> np.ndarray:
    """The int16 samples of a mono 16-bit segment."""
    return np.frombuffer(segment.raw_data, dtype="<i2")


def silence(seconds: float, rate: int) -> AudioSegment:
    """`seconds` of digital silence."""
    return AudioSegment.silent(duration=seconds * 1000.0, frame_rate=rate)


def join(parts: list[AudioSegment], rate: int) -> AudioSegment:
    """Concatenate clips in one copy (pydub's `+` copies everything so far at every step)."""
    return AudioSegment(data=b"".join(p.raw_data for p in parts), sample_width=2,
                        frame_rate=rate, channels=1)


def _is_plain_wav(path: Path, rate: int) -> bool:
    """Whether `path` is already a mono 16-bit PCM WAV at `rate` (pydub reads it directly)."""
    try:
        with wave.open(str(path), "rb") as w:
            return (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, rate)
    except (wave.Error, EOFError, OSError):
        return False


def load_clip(path: Path, rate: int) -> AudioSegment:
    """Any audio file as a mono 16-bit segment at `rate` (ffmpeg decodes what is not
    already a plain WAV at that rate)."""
    from studio.speech.wav import decode

    path = Path(path)
    if not path.is_file():
        raise AssetError("audio file not found", file=path, hint="check the path")
    if _is_plain_wav(path, rate):
        return AudioSegment.from_wav(str(path))
    return from_samples(decode(path, rate=rate).samples, rate)


def narration_body(scenes: list[AudioSegment], timing: Timing, rate: int) -> AudioSegment:
    """Every scene in order with the gap between scenes."""
    parts: list[AudioSegment] = []
    for i, scene in enumerate(scenes):
        if i:
            parts.append(silence(timing.between_scenes, rate))
        parts.append(scene)
    return join(parts, rate)


def repeated(body: AudioSegment, times: int, timing: Timing, rate: int) -> AudioSegment:
    """The body read `times` times with a short gap between readings."""
    parts: list[AudioSegment] = []
    for i in range(max(times, 1)):
        if i:
            parts.append(silence(timing.between_repeats, rate))
        parts.append(body)
    return join(parts, rate)


def with_bed(voice: AudioSegment, music: AudioSegment, rate: int) -> AudioSegment:
    """The voice with the music ducked under it."""
    bed = from_samples(music_bed(samples_of(voice), samples_of(music), rate), rate)
    return voice.overlay(bed)


def framed(body: AudioSegment, *, opening: AudioSegment | None, closing: AudioSegment | None,
           warning: AudioSegment | None, timing: Timing, rate: int) -> AudioSegment:
    """Head silence, [draft tone], [opening tune], body, [closing tune], tail silence."""
    parts = [silence(timing.head, rate)]
    if warning is not None:
        parts += [warning, silence(timing.after_draft_tone, rate)]
    if opening is not None:
        parts += [opening, silence(timing.around_jingle, rate)]
    parts.append(body)
    if closing is not None:
        parts += [silence(timing.around_jingle, rate), closing]
    parts.append(silence(timing.tail, rate))
    return join(parts, rate)


def assembly_rate(plan: BulletinPlan, default: int = 24000) -> int:
    """Work at the narration's own rate, so its WAVs are read without resampling."""
    for path in plan.scenes:
        try:
            with wave.open(str(path), "rb") as w:
                return w.getframerate()
        except (wave.Error, EOFError, OSError):
            continue
    return default


def assemble(plan: BulletinPlan, rate: int | None = None) -> AudioSegment:
    """The whole bulletin as one mono 16-bit segment, before mastering."""
    rate = rate or assembly_rate(plan)
    body = narration_body([load_clip(p, rate) for p in plan.scenes], plan.timing, rate)
    body = repeated(body, plan.repeat, plan.timing, rate)
    if plan.music is not None:
        body = with_bed(body, load_clip(plan.music, rate), rate)
    return framed(
        body,
        opening=load_clip(plan.opening, rate) if plan.opening else None,
        closing=load_clip(plan.closing, rate) if plan.closing else None,
        warning=from_samples(tones.draft_tone(rate), rate) if plan.draft else None,
        timing=plan.timing, rate=rate)
