"""Mastering: speech band, gentle compression, loudness to target, true-peak limit, encode —
then measure the encoded file again and correct once, or fail loudly.

Two ffmpeg runs: `shape` (band, levelling, compression, measured by ebur128 in the same pass),
then `finish` (gain, limiter, encode MP3 and the optional WAV master) with the post-encode
check in the same run: a loopback decoder (ffmpeg ≥ 7) decodes the very MP3 packets written to
the file, on a second core while the encode goes on, for their loudness, true peak and the
samples the waveform picture and duration need. The band's speech level that levelling needs
is computed in numpy, not by another ffmpeg pass. ffmpeg's loudnorm is not used: it skips
inputs under 3 s and falls back to dynamic mode when peaks are high.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from studio.audio.level import SILENT_DB, band_block_rms_db, gated_level_db
from studio.audio.profiles import MASTER_RATE, AudioProfile
from studio.errors import MediaError
from studio.ffmpeg import ffmpeg_version, path_arg, run_ffmpeg
from studio.media import Loudness, loudness_from_log, measure_loudness
from studio.speech.wav import Audio

OPERATING_LEVEL_DB = -20.0  # speech is levelled here so the compressor threshold means the same
PEAK_SAFETY_DB = 0.4  # a correction never raises the level closer than this to the peak limit
MIN_STEP_DB = 0.1  # smaller corrections are not worth another encode
MAX_GAIN_DB = 50.0
BAND_SECTIONS = 2  # two 2-pole sections per edge: 24 dB/octave, so hum and hiss really go
TIMEOUT = 1800.0
SHORT_TERM = re.compile(r"\bS:\s*(-?[\d.]+)")
FFMPEG_MAJOR = re.compile(r"version\s+n?(\d+)\.")
LOOPBACK_SINCE = 7  # ffmpeg's first release with loopback decoders (`-dec`)


def band_power(profile: AudioProfile, rate: int):
    """The power response of pass one's band filters (BAND_SECTIONS Butterworth sections per
    edge), as a function of frequency."""
    top = min(profile.lowpass_hz, 0.45 * rate)

    def gain(freqs: np.ndarray) -> np.ndarray:
        f4 = np.asarray(freqs, dtype=np.float64) ** 4
        high = f4 / (f4 + profile.highpass_hz ** 4)
        low = top ** 4 / (f4 + top ** 4)
        return (high * low) ** BAND_SECTIONS
    return gain


def band_level_db(samples: np.ndarray, rate: int, profile: AudioProfile) -> float:
    """Speech level inside the profile's band (what the compressor will hear): a voice with
    much energy below the high-pass is quieter there than its full-band level says.
    Each block's spectrum is weighted by the band filters' response — no extra ffmpeg pass
    over the bulletin, and no scipy import (~0.9 s of start-up per process)."""
    return gated_level_db(band_block_rms_db(samples, rate, band_power(profile, rate)))


def levelling(level_db: float) -> str:
    """Gain that brings the speech to OPERATING_LEVEL_DB, so compression acts alike on a quiet
    recording and a loud synthetic voice."""
    return gain(OPERATING_LEVEL_DB - level_db)


def highpass(profile: AudioProfile) -> str:
    """Cut rumble and handling noise horn speakers cannot reproduce anyway."""
    return ",".join([f"highpass=f={profile.highpass_hz:g}:poles=2"] * BAND_SECTIONS)


def lowpass(profile: AudioProfile) -> str:
    """Cut hiss above the speech band (horns: intelligibility lies in 1–5 kHz)."""
    return ",".join([f"lowpass=f={profile.lowpass_hz:g}:poles=2"] * BAND_SECTIONS)


def rotate_phase(profile: AudioProfile) -> str:
    """Phase rotator (a chain of all-pass filters, as in broadcast voice processors): turns the
    lopsided peaks of a voice's glottal pulses symmetric, 2–4 dB lower, without changing its
    loudness or how it sounds — so the limiter need not eat into the level."""
    return ",".join(f"allpass=f={f:g}:t=q:w=0.7" for f in profile.phase_rotator_hz)


def compress(profile: AudioProfile) -> str:
    """Gentle RMS compression (2–3:1) for a steady level over outdoor noise."""
    return (f"acompressor=threshold={profile.compress_threshold_db:g}dB"
            f":ratio={profile.compress_ratio:g}:attack=10:release=200:knee=2.5:detection=rms")


def gain(db: float) -> str:
    """A plain gain change."""
    return f"volume={db:.3f}dB"


def limiter(ceiling_dbfs: float) -> str:
    """Look-ahead peak limiter at `ceiling_dbfs`, with no auto-levelling and no added delay."""
    return (f"alimiter=limit={10 ** (ceiling_dbfs / 20):.5f}:attack=5:release=60"
            ":level=false:latency=true")


def resample(rate: int) -> str:
    """High-quality resampling (soxr is not in every build; swr with a long filter is)."""
    return f"aresample={rate}:filter_size=64:cutoff=0.97"


def shape_chain(profile: AudioProfile, band_level: float) -> str:
    """Pass one: high-pass, low-pass, phase rotation, levelling (by the band's level),
    compression."""
    return ",".join([highpass(profile), lowpass(profile), rotate_phase(profile),
                     levelling(band_level), compress(profile)])


def shape_meter() -> str:
    """Pass one's meter: integrated loudness and sample peak, no per-frame log."""
    return "ebur128@shaped=peak=sample:framelog=verbose"


def shape(samples: np.ndarray, rate: int, profile: AudioProfile, out: Path) -> Loudness:
    """Run pass one on the assembled samples into `out` (float WAV), measured on the way out
    (integrated loudness is all pass two needs: sample peak, not the costlier true peak; its
    summary only — a log line per 0.1-s frame would cost CPU to print and to read)."""
    level = band_level_db(samples, rate, profile)
    if level <= SILENT_DB or level < OPERATING_LEVEL_DB - MAX_GAIN_DB:
        raise MediaError("the narration is silent or far too quiet (below −70 dBFS)",
                         hint="check the recordings: record again, closer to the microphone")
    log = run_ffmpeg(["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0",
                      "-af", f"{shape_chain(profile, level)},{shape_meter()}",
                      "-c:a", "pcm_f32le", path_arg(out)],
                     what="shaping the bulletin", timeout=TIMEOUT,
                     input_bytes=np.asarray(samples, dtype="<i2").tobytes()).log
    loudness = loudness_from_log(log, "shaped")
    if not math.isfinite(loudness.integrated_lufs) or loudness.integrated_lufs <= -69:
        raise MediaError("the bulletin is too quiet to measure",
                         hint="check the recordings and the voice")
    return loudness


def encode_args(profile: AudioProfile) -> list[str]:
    """MP3 at the profile's constant bitrate, mono; no ffmpeg tags (mutagen writes ID3v2.3)."""
    return ["-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{profile.bitrate_kbps}k",
            "-id3v2_version", "0", "-write_id3v1", "0", "-map_metadata", "-1", "-f", "mp3"]


@functools.cache
def encoder_gain_db(profile: AudioProfile) -> float:
    """How much the MP3 encoder changes the level (LAME is ~0.45 dB quieter in mono), measured
    once per profile on a 2-s tone so the first encode already lands on target."""
    rate = profile.sample_rate
    t = np.arange(2 * rate) / rate
    tone = (0.1 * np.sin(2 * np.pi * 997 * t) * 32767).astype("<i2")
    mp3 = run_ffmpeg(["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0",
                      *encode_args(profile), "-"], what="calibrating the encoder",
                     timeout=60, input_bytes=tone.tobytes()).stdout
    decoded = run_ffmpeg(["-f", "mp3", "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-"],
                         what="calibrating the encoder", timeout=60, input_bytes=mp3).stdout
    back = np.frombuffer(decoded, dtype="<i2").astype(np.float64)
    middle = slice(rate // 2, min(len(back), len(tone)) - rate // 2)
    before = np.sqrt(np.mean(tone[middle].astype(np.float64) ** 2))
    after = np.sqrt(np.mean(back[middle] ** 2))
    return 20 * math.log10(after / before) if after > 0 and before > 0 else 0.0


@dataclass(frozen=True)
class Settings:
    """The two numbers pass two needs: gain to the target and the limiter ceiling."""

    gain_db: float
    ceiling_dbfs: float


def first_settings(shaped: Loudness, profile: AudioProfile) -> Settings:
    """Gain from the measured loudness to the target; ceiling a margin below the peak limit."""
    return Settings(gain_db=profile.target_lufs - shaped.integrated_lufs,
                    ceiling_dbfs=profile.true_peak_max_dbtp - profile.limiter_margin_db)


def finish_graph(profile: AudioProfile, settings: Settings, with_master: bool) -> str:
    """Pass two: gain and limiter at 48 kHz; the MP3 branch compensates the encoder's level.
    (Limiting at the MP3's own rate saves a resampling but lets true peaks through: measured
    −1.9 dBTP on the 10-minute bench bulletin, over the limit, against −2.5 this way.)"""
    core = ",".join([gain(settings.gain_db), resample(MASTER_RATE),
                     limiter(settings.ceiling_dbfs)])
    to_mp3 = ",".join([gain(-encoder_gain_db(profile)), resample(profile.sample_rate)])
    if with_master:
        return f"[0:a]{core},asplit=2[m][e];[e]{to_mp3}[mp3]"
    return f"[0:a]{core},{to_mp3}[mp3]"


def finish_args(shaped: Path, profile: AudioProfile, settings: Settings, mp3: Path,
                wav: Path | None, checked: Path | None = None) -> list[str]:
    """Pass two's command: the MP3 (output 0); with `checked` (a file), a loopback decoder
    of it through the post-encode meter into that file; last, the 16-bit 48 kHz WAV master
    when `wav` is given (the file a write failure is reported against)."""
    args = ["-i", path_arg(shaped), "-filter_complex",
            finish_graph(profile, settings, wav is not None),
            "-map", "[mp3]", *encode_args(profile), path_arg(mp3)]
    if checked is not None:
        args += ["-dec", "0:0", "-filter_complex", f"[dec:0]{check_filter()}[checked]",
                 "-map", "[checked]", *decoded_args(profile, checked)]
    if wav is not None:
        args += ["-map", "[m]", "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", path_arg(wav)]
    return args


def finish(shaped: Path, profile: AudioProfile, settings: Settings, mp3: Path,
           wav: Path | None = None) -> None:
    """Run pass two alone: write the MP3 (and the WAV master when `wav` is given)."""
    run_ffmpeg(finish_args(shaped, profile, settings, mp3, wav), what="encoding the bulletin",
               timeout=TIMEOUT)


def correction_db(measured: Loudness, profile: AudioProfile) -> float:
    """Gain change for one more encode, or 0: towards the loudness target when it is off by more
    than half the tolerance, but never raising the true peak to within PEAK_SAFETY_DB of its
    limit; a true peak over the limit forces a cut."""
    wanted = profile.target_lufs - measured.integrated_lufs
    room = profile.true_peak_max_dbtp - PEAK_SAFETY_DB - measured.true_peak_dbtp
    if measured.true_peak_dbtp > profile.true_peak_max_dbtp:
        step = min(wanted, room)
    elif abs(wanted) <= profile.tolerance_lu / 2:
        step = 0.0
    elif wanted > 0:
        step = max(min(wanted, room), 0.0)
    else:
        step = wanted
    return step if abs(step) >= MIN_STEP_DB else 0.0


def check_delivery(measured: Loudness, profile: AudioProfile, path: Path) -> None:
    """Raise MediaError if the encoded file misses the profile's loudness or true peak."""
    off = measured.integrated_lufs - profile.target_lufs
    if abs(off) > profile.tolerance_lu or not math.isfinite(off):
        raise MediaError(f"loudness {measured.integrated_lufs:.1f} LUFS is off the "
                         f"{profile.name} target {profile.target_lufs:g} ± "
                         f"{profile.tolerance_lu:g} LU after encoding", file=path,
                         hint="the narration may be mostly silence or noise; check it")
    if measured.true_peak_dbtp > profile.true_peak_max_dbtp:
        raise MediaError(f"true peak {measured.true_peak_dbtp:.1f} dBTP is over the "
                         f"{profile.true_peak_max_dbtp:g} dBTP limit after encoding", file=path,
                         hint="check the recordings for clipping")


@dataclass(frozen=True)
class Mastered:
    """What mastering measured on the files it wrote."""

    loudness: Loudness  # of the MP3
    master_loudness: Loudness | None  # of the WAV master, if written
    passes: int  # encodes needed (1, or 2 after a correction)
    decoded: Audio | None = None  # the MP3 as a player decodes it
    short_term: np.ndarray | None = None  # its short-term loudness every 0.1 s (LUFS)


@dataclass(frozen=True)
class Encoded:
    """What the post-encode check's one decode of the MP3 gives."""

    loudness: Loudness
    decoded: Audio
    short_term: np.ndarray


def short_term_values(log: str) -> np.ndarray:
    """Short-term loudness (3-s window) of every 0.1-s frame ebur128 logged before its
    summary."""
    frames = log.split("Summary:", 1)[0]
    values = [float(v) for v in SHORT_TERM.findall(frames)]
    return np.asarray(values or [-120.0], dtype=np.float64)


def check_filter() -> str:
    """The post-encode meter: integrated loudness, true peak and a short-term value per
    0.1-s frame in the log."""
    return "ebur128@mp3=peak=true:framelog=info"


def decoded_args(profile: AudioProfile, raw: Path) -> list[str]:
    """The checked samples into the scratch file `raw`, mono 16-bit at the profile's rate (a
    file, not a pipe: 56 MB for 10 minutes cost studio ~0.3 s more CPU through a pipe)."""
    return ["-f", "s16le", "-ac", "1", "-ar", str(profile.sample_rate), path_arg(raw)]


def encoded_from(raw: Path, log: str, profile: AudioProfile) -> Encoded:
    """What the check's decode gave: the meter's summary and curve, and the samples."""
    samples = np.fromfile(raw, dtype="<i2")
    return Encoded(loudness_from_log(log, "mp3"), Audio(samples, profile.sample_rate),
                   short_term_values(log))


def check_encoded(mp3: Path, profile: AudioProfile, raw: Path) -> Encoded:
    """The post-encode check as its own run, reading the MP3 file: its loudness, true peak and
    short-term curve, and its samples (encoder delay and padding removed), via `raw`."""
    proc = run_ffmpeg(["-i", path_arg(mp3), "-map", "0:a:0", "-af", check_filter(),
                       *decoded_args(profile, raw)], what="measuring the bulletin",
                      timeout=TIMEOUT)
    return encoded_from(raw, proc.log, profile)


@functools.cache
def loopback_decoding() -> bool:
    """Whether this ffmpeg can decode its own encoder's output in the same run (`-dec`,
    ffmpeg ≥ 7; a version it does not name, such as a git build, is taken as recent)."""
    found = FFMPEG_MAJOR.search(ffmpeg_version())
    return found is None or int(found.group(1)) >= LOOPBACK_SINCE


def finish_checked(shaped: Path, profile: AudioProfile, settings: Settings, mp3: Path,
                   wav: Path | None, raw: Path) -> Encoded:
    """Pass two and the post-encode check in one run: the loopback decoder reads the packets
    the MP3 muxer writes (the samples equal a decode of the file, encoder delay and padding
    removed), on the second core while LAME encodes — the check costs no wall time there.
    An older ffmpeg runs the two one after the other. `raw`: the scratch file of samples."""
    if not loopback_decoding():
        finish(shaped, profile, settings, mp3, wav)
        return check_encoded(mp3, profile, raw)
    proc = run_ffmpeg(finish_args(shaped, profile, settings, mp3, wav, checked=raw),
                      what="encoding the bulletin", timeout=TIMEOUT)
    return encoded_from(raw, proc.log, profile)


def master(samples: np.ndarray, rate: int, profile: AudioProfile, mp3: Path,
           wav: Path | None, workdir: Path) -> Mastered:
    """Master assembled samples into `mp3` (and `wav`), measured after encoding; correct once
    if off, then raise MediaError if still off target."""
    shaped, raw = workdir / "shaped.wav", workdir / "checked.s16"
    settings = first_settings(shape(samples, rate, profile, shaped), profile)
    encoded, passes = finish_checked(shaped, profile, settings, mp3, wav, raw), 1
    if step := correction_db(encoded.loudness, profile):
        settings = replace(settings, gain_db=settings.gain_db + step)
        encoded, passes = finish_checked(shaped, profile, settings, mp3, wav, raw), 2
    measured = encoded.loudness
    check_delivery(measured, profile, mp3)
    master_loudness = None
    if wav is not None:
        master_loudness = measure_loudness(wav)
        check_delivery(master_loudness, profile, wav)
    return Mastered(measured, master_loudness, passes, encoded.decoded, encoded.short_term)
