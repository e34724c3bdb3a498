"""Delivery profiles and bulletin timing: the "Loudspeaker audio" spec's numbers, as data."""

from __future__ import annotations

from dataclasses import dataclass

from studio.errors import StudioError
from studio.text import did_you_mean

MASTER_RATE = 48000  # the optional WAV master: PCM 16-bit 48 kHz mono (Rivendell ingests it)


@dataclass(frozen=True)
class OnAir:
    """How a priority sounds on air: an attention signal before and after, a spoken opening
    ("Thông báo khẩn!"), and how many times the bulletin is read."""

    signal: bool = False
    opening: bool = False
    plays: int = 1


# Thông tư 39/2020/TT-BTTTT: khẩn cấp airs at once and must be noticed; ưu tiên airs first.
ON_AIR = (("thuong", OnAir()), ("uu-tien", OnAir(opening=True)),
          ("khan-cap", OnAir(signal=True, opening=True, plays=3)))


@dataclass(frozen=True)
class AudioProfile:
    """What one delivery must meet: codec settings, loudness target, band and dynamics."""

    name: str
    sample_rate: int  # of the MP3
    bitrate_kbps: int  # constant bitrate: simple players then know exact durations
    target_lufs: float
    tolerance_lu: float
    true_peak_max_dbtp: float  # measured on the encoded file
    wav_master: bool  # also write the 48 kHz WAV master by default
    file_tag: str = ""  # added to file names so profiles can share an output folder
    highpass_hz: float = 150.0  # horn speakers reproduce little below this
    lowpass_hz: float = 7500.0  # speech intelligibility lies in 1–5 kHz
    phase_rotator_hz: tuple[float, ...] = (150.0, 250.0, 400.0, 700.0)  # all-pass centres
    compress_ratio: float = 2.5  # gentle: 2–3:1
    compress_threshold_db: float = -24.0  # dBFS, once speech is levelled to -20 dBFS (gated RMS)
    limiter_margin_db: float = 1.0  # limiter ceiling this far below the true-peak maximum:
    # room for MP3 overshoot, which grows as the bitrate falls
    warn_after_seconds: float = 15 * 60  # one loudspeaker session (Hà Nội rule for urban wards)
    on_air: tuple[tuple[str, OnAir], ...] = ON_AIR  # per priority (a tuple: profiles hash)

    def sounds_for(self, priority: str) -> OnAir:
        """How a bulletin of `priority` sounds with this profile (plain if not listed)."""
        return dict(self.on_air).get(priority, OnAir())

    @property
    def codec(self) -> str:
        """Every profile delivers MP3 (the WAV master is optional)."""
        return "mp3"

    def as_dict(self) -> dict:
        """The profile's delivery numbers, for the JSON report."""
        return {"name": self.name, "codec": self.codec, "sample_rate": self.sample_rate,
                "bitrate_kbps": self.bitrate_kbps, "channels": 1,
                "target_lufs": self.target_lufs, "tolerance_lu": self.tolerance_lu,
                "true_peak_max_dbtp": self.true_peak_max_dbtp}


PROFILES: dict[str, AudioProfile] = {
    "loudspeaker": AudioProfile(name="loudspeaker", sample_rate=44100, bitrate_kbps=64,
                                target_lufs=-18.0, tolerance_lu=1.0, true_peak_max_dbtp=-2.0,
                                wav_master=False),
    "broadcast": AudioProfile(name="broadcast", sample_rate=48000, bitrate_kbps=128,
                              target_lufs=-23.0, tolerance_lu=1.0, true_peak_max_dbtp=-2.0,
                              wav_master=True, file_tag="broadcast"),
    "lowband": AudioProfile(name="lowband", sample_rate=24000, bitrate_kbps=32,
                            target_lufs=-18.0, tolerance_lu=1.0, true_peak_max_dbtp=-2.0,
                            wav_master=False, file_tag="lowband", limiter_margin_db=2.0),
}
DEFAULT_PROFILE = "loudspeaker"


def get_profile(name: str | AudioProfile) -> AudioProfile:
    """The profile called `name` (or `name` itself if it already is one)."""
    if isinstance(name, AudioProfile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        raise StudioError(f"unknown audio profile '{name}'", field="profile",
                          hint=did_you_mean(name, tuple(PROFILES))) from None


@dataclass(frozen=True)
class Timing:
    """Silences around and inside a bulletin, in seconds (a judgement, see docs/audio.md)."""

    head: float = 0.8  # amplifiers and relays switch on
    tail: float = 1.5
    between_scenes: float = 0.7
    around_jingle: float = 0.6  # between a signature tune and the voice
    between_repeats: float = 2.5  # bulletins are often read twice
    after_draft_tone: float = 0.4
    around_signal: float = 0.6  # between the attention signal and what follows or precedes it
    after_spoken_opening: float = 0.8  # "Thông báo khẩn!" — then a breath before the bulletin


TIMING = Timing()
