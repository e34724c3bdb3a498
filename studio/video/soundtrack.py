"""The clip's sound: narration placed on the timeline (silence under the cards and the
lead-in), one continuous track across every transition, an optional
music bed ducked under the voice and faded out, levelled to the loudness target. Built once
per run, in the background while the stills are drawn, and shared by every format.

Each ffmpeg pass measures what it writes (a named `ebur128` branch), so the whole sound
takes two to four short passes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.ffmpeg import path_arg, run_ffmpeg
from studio.media import integrated_from_log
from studio.video.timeline import Timeline

TARGET_LUFS = -16.0  # social platforms (YouTube, Facebook, TikTok play at about -14 to -16)
LIMIT_DBFS = -1.5  # sample-peak ceiling for the limiter
SAMPLE_RATE = 48000
MUSIC_BELOW_VOICE = 12.0  # LU: the bed's level where it plays alone (cards), under the voice
DUCK = "threshold=0.02:ratio=8:attack=20:release=450"  # ~15–20 dB more while the voice speaks
MUSIC_FADE_IN, MUSIC_FADE_OUT = 1.0, 2.5
SIGNATURE_FADE_IN = 0.02  # the tune's first bell is its start: no fade over it
MAX_GAIN_DB = 30.0
LOUDNESS_TOLERANCE = 0.3  # LU
SILENT_LUFS = -70.0
METER = "framelog=quiet"  # integrated loudness only: the limiter bounds the peaks


@dataclass(frozen=True)
class Soundtrack:
    """The clip's finished sound: a 48 kHz stereo WAV as long as the clip, at the target."""

    path: Path
    duration: float
    lufs: float


def metered(label: str, name: str) -> str:
    """Graph tail: split `label` into [out] and a loudness meter named `name`."""
    return f"[{label}]asplit=2[out][m];[m]ebur128@{name}={METER},anullsink"


def run_metered(args: list[str], what: str, *names: str) -> dict[str, float]:
    """Run one pass in the background (the clip's sound is needed only when its pictures
    are encoded); return the integrated loudness (LUFS) of each named meter."""
    log = run_ffmpeg(args, what=what, timeout=600, background=True).log
    return {name: integrated_from_log(log, name) for name in names}


def audible(lufs: float, fallback: float) -> float:
    """A measured loudness, or `fallback` for silence (gating gives -inf or -70)."""
    return lufs if math.isfinite(lufs) and lufs > SILENT_LUFS else fallback


def silence(seconds: float, label: str) -> str:
    """A graph chain: `seconds` of mono silence as [label]."""
    return f"anullsrc=r={SAMPLE_RATE}:cl=mono,atrim=duration={seconds:.6f}[{label}]"


def narration_graph(count: int, timeline: Timeline, measure_music: bool) -> str:
    """Silence until the first words (title card and lead-in), each scene's WAV end to end,
    silence for the closing card; metered (and the music bed metered too, on input
    `count`)."""
    scenes = timeline.scenes
    head = scenes[0].voice if scenes else 0.0
    tail = timeline.total - (scenes[-1].end if scenes else 0.0)
    parts, labels = [], []
    if head > 0:
        parts.append(silence(head, "head"))
        labels.append("[head]")
    for i in range(count):
        parts.append(f"[{i}:a]aresample={SAMPLE_RATE},"
                     f"aformat=sample_fmts=flt:channel_layouts=mono[n{i}]")
        labels.append(f"[n{i}]")
    if tail > 0:
        parts.append(silence(tail, "tail"))
        labels.append("[tail]")
    parts.append(f"{''.join(labels)}concat=n={len(labels)}:v=0:a=1[voice]")
    parts.append(metered("voice", "voice"))
    if measure_music:
        parts.append(f"[{count}:a]ebur128@music={METER},anullsink")
    return ";".join(parts)


def place_narration(wavs: Sequence[Path], timeline: Timeline, music: Path | None,
                    target: Path) -> tuple[Path, float, float | None]:
    """One mono 48 kHz float WAV with the narration where the timeline puts it; returns it
    with its loudness and the music bed's (measured over one play)."""
    args: list[str] = []
    for wav in wavs:
        args += ["-i", path_arg(wav)]
    if music is not None:
        args += ["-t", f"{timeline.total:.3f}", "-i", path_arg(music)]
    args += ["-filter_complex", narration_graph(len(wavs), timeline, music is not None),
             "-map", "[out]", "-c:a", "pcm_f32le", path_arg(target)]
    levels = run_metered(args, "placing the narration", "voice",
                         *(["music"] if music is not None else []))
    voice = audible(levels["voice"], TARGET_LUFS)
    return target, voice, (audible(levels["music"], voice) if music is not None else None)


def music_graph(total: float, music_gain: float, fade_in: float = MUSIC_FADE_IN) -> str:
    """The bed looped to length, levelled, faded, ducked under the voice; metered."""
    fade_out = min(MUSIC_FADE_OUT, total / 3)
    return ";".join([
        f"[1:a]aresample={SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=stereo,"
        f"atrim=duration={total:.6f},volume={music_gain:.2f}dB,"
        f"afade=t=in:d={min(fade_in, total / 3):.3f},"
        f"afade=t=out:st={total - fade_out:.3f}:d={fade_out:.3f}[bed]",
        "[0:a]aformat=sample_fmts=flt:channel_layouts=stereo,asplit=2[voice][key]",
        f"[bed][key]sidechaincompress={DUCK}[ducked]",
        "[voice][ducked]amix=inputs=2:duration=first:normalize=0[mix]",
        metered("mix", "mix"),
    ])


def mix_music(voice: Path, voice_lufs: float, music: Path, music_lufs: float, total: float,
              target: Path, fade_in: float = MUSIC_FADE_IN) -> tuple[Path, float]:
    """Voice plus the music bed, `MUSIC_BELOW_VOICE` under the voice and ducked; measured."""
    gain = max(-MAX_GAIN_DB, min(MAX_GAIN_DB, voice_lufs - MUSIC_BELOW_VOICE - music_lufs))
    levels = run_metered(["-i", path_arg(voice), "-stream_loop", "-1", "-i", path_arg(music),
                          "-filter_complex", music_graph(total, gain, fade_in), "-map", "[out]",
                          "-c:a", "pcm_f32le", path_arg(target)], "mixing the music bed", "mix")
    return target, audible(levels["mix"], voice_lufs)


def level_filter(gain_db: float) -> str:
    """Gain under a peak limiter (alimiter's output peaks sit ~3 dB under `limit`; the
    loudness is measured after it, so that only adds headroom)."""
    limit = 10 ** (LIMIT_DBFS / 20)
    return (f"volume={gain_db:.2f}dB,"
            f"alimiter=limit={limit:.4f}:attack=5:release=50:level=disabled,"
            f"aformat=sample_fmts=flt:channel_layouts=stereo[lev];{metered('lev', 'final')}")


def normalise(mix: Path, mix_lufs: float, target: Path) -> tuple[Path, float]:
    """Bring `mix` to TARGET_LUFS as stereo: gain and limiter, measured after the limiter
    and corrected when the limiter took more than a few tenths of a dB."""
    gain, lufs = TARGET_LUFS - mix_lufs, mix_lufs
    for _ in range(3):
        gain = max(-MAX_GAIN_DB, min(MAX_GAIN_DB, gain))
        levels = run_metered(["-i", path_arg(mix), "-filter_complex",
                              f"[0:a]{level_filter(gain)}", "-map", "[out]",
                              "-ar", str(SAMPLE_RATE), "-c:a", "pcm_f32le", path_arg(target)],
                             "levelling the sound", "final")
        lufs = levels["final"]
        if not math.isfinite(lufs) or abs(lufs - TARGET_LUFS) <= LOUDNESS_TOLERANCE:
            break
        gain += TARGET_LUFS - lufs
    return target, lufs


def opening_music(signature: Path, bed: Path | None, total: float, target: Path) -> Path:
    """The signature tune, then the bed looped (or silence), as one track of the clip's
    length: it then goes through the bed's levelling and ducking like any music."""
    args = ["-i", path_arg(signature)]
    parts = [f"[0:a]aresample={SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=stereo[sig]"]
    if bed is not None:
        args += ["-stream_loop", "-1", "-t", f"{total:.3f}", "-i", path_arg(bed)]
        parts.append(f"[1:a]aresample={SAMPLE_RATE},"
                     "aformat=sample_fmts=flt:channel_layouts=stereo[bed]")
        parts.append("[sig][bed]concat=n=2:v=0:a=1[joined]")
    else:
        parts.append("[sig]apad[joined]")
    parts.append(f"[joined]atrim=duration={total:.6f}[out]")
    run_ffmpeg([*args, "-filter_complex", ";".join(parts), "-map", "[out]",
                "-c:a", "pcm_f32le", path_arg(target)], what="placing the signature tune",
               timeout=600, background=True)
    return target


def make_soundtrack(wavs: Sequence[Path], timeline: Timeline, music: Path | None,
                    folder: Path, signature: Path | None = None) -> Soundtrack:
    """Narration on the timeline, the music bed if any (after the signature tune, if
    given), levelled to TARGET_LUFS."""
    folder.mkdir(parents=True, exist_ok=True)
    if signature is not None:
        music = opening_music(signature, music, timeline.total, folder / "music.wav")
    mix, voice_lufs, music_lufs = place_narration(wavs, timeline, music, folder / "voice.wav")
    mix_lufs = voice_lufs
    if music is not None:
        mix, mix_lufs = mix_music(mix, voice_lufs, music, music_lufs, timeline.total,
                                  folder / "mix.wav",
                                  SIGNATURE_FADE_IN if signature is not None else MUSIC_FADE_IN)
    path, lufs = normalise(mix, mix_lufs, folder / "sound.wav")
    return Soundtrack(path, timeline.total, lufs)
