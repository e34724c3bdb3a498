"""Mastering real audio: every profile's row met after encoding, measured independently."""

from __future__ import annotations

import wave

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode

from helpers_audio import (MONO, decoded, decoded_seconds, ebur128, ffmpeg, mp3_frames,
                           speechlike, write_wav)
from studio.audio import master as mastering
from studio.audio.profiles import PROFILES
from studio.errors import MediaError

pytestmark = pytest.mark.slow
RATE = 24000


def _meets(path, profile, lufs_tolerance=None):
    m = ebur128(path)
    assert abs(m["lufs"] - profile.target_lufs) <= (lufs_tolerance or profile.tolerance_lu), m
    assert m["peak"] <= profile.true_peak_max_dbtp, m
    return m


def _mp3_facts(path, profile):
    info = MP3(str(path)).info
    assert info.channels == 1
    assert info.sample_rate == profile.sample_rate
    assert info.bitrate_mode == BitrateMode.CBR
    assert set(mp3_frames(path)) == {(profile.bitrate_kbps, profile.sample_rate, MONO)}


@pytest.mark.parametrize("name", list(PROFILES))
def test_each_profile_lands_on_target_after_encoding(tmp_path, name):
    profile = PROFILES[name]
    samples = np.concatenate([np.zeros(RATE // 2, np.int16), speechlike(6.0, RATE),
                              np.zeros(RATE, np.int16)])
    mp3, wav = tmp_path / "b.mp3", tmp_path / "b.wav"
    done = mastering.master(samples, RATE, profile, mp3, wav if profile.wav_master else None,
                            tmp_path)
    measured = _meets(mp3, profile)
    _mp3_facts(mp3, profile)
    assert done.loudness.integrated_lufs == pytest.approx(measured["lufs"], abs=0.5)
    assert decoded_seconds(mp3) == pytest.approx(len(samples) / RATE, abs=0.002)
    if profile.wav_master:
        _meets(wav, profile)
        with wave.open(str(wav), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 48000)


def test_a_bulletin_under_three_seconds_is_normalised_too(tmp_path):
    """ffmpeg's loudnorm would pass this through untouched."""
    profile = PROFILES["loudspeaker"]
    samples = speechlike(1.8, RATE, level=0.05)
    mastering.master(samples, RATE, profile, tmp_path / "s.mp3", None, tmp_path)
    _meets(tmp_path / "s.mp3", profile)


def test_a_harsh_clipped_recording_stays_under_the_peak_limit(tmp_path):
    profile = PROFILES["lowband"]  # the lowest bitrate overshoots most
    rng = np.random.default_rng(7)
    harsh = np.clip(speechlike(5.0, RATE, level=1.0).astype(float) * 3
                    + rng.normal(0, 3000, 5 * RATE), -32768, 32767).astype(np.int16)
    mastering.master(harsh, RATE, profile, tmp_path / "h.mp3", None, tmp_path)
    _meets(tmp_path / "h.mp3", profile)
    _mp3_facts(tmp_path / "h.mp3", profile)


def test_speech_band_is_enforced(tmp_path):
    profile = PROFILES["loudspeaker"]
    t = np.arange(4 * RATE) / RATE
    rumble_and_hiss = (np.sin(2 * np.pi * 60 * t) + np.sin(2 * np.pi * 1000 * t)
                       + np.sin(2 * np.pi * 10000 * t)) * (0.5 + 0.5 * np.sin(2 * np.pi * 2 * t))
    x = np.round(rumble_and_hiss / 3 * 0.5 * 32767).astype(np.int16)
    mastering.master(x, RATE, profile, tmp_path / "b.mp3", None, tmp_path)
    y, rate = decoded(tmp_path / "b.mp3", 44100)
    spectrum = np.abs(np.fft.rfft(y.astype(float)))
    freqs = np.fft.rfftfreq(len(y), 1 / rate)

    def peak(f):
        return spectrum[(freqs > f - 5) & (freqs < f + 5)].max()
    assert peak(60) < peak(1000) / 10  # −20 dB at least
    assert peak(10000) < peak(1000) / 4  # −12 dB at least


def test_phase_rotation_lowers_peaks_not_loudness(tmp_path):
    """A pulse train (peaky like glottal pulses) loses crest factor, not loudness."""
    t = np.arange(3 * RATE) / RATE
    buzz = sum(np.cos(2 * np.pi * 160 * k * t) / k for k in range(1, 20))
    x = np.round(buzz / np.abs(buzz).max() * 0.5 * 32767).astype(np.int16)
    before = tmp_path / "before.wav"
    after = tmp_path / "after.wav"
    write_wav(before, x, RATE)
    ffmpeg("-i", str(before), "-af", mastering.rotate_phase(PROFILES["loudspeaker"]),
           "-c:a", "pcm_s16le", str(after))
    b, a = ebur128(before), ebur128(after)
    assert a["lufs"] == pytest.approx(b["lufs"], abs=0.3)
    assert a["peak"] < b["peak"] - 2.0


def test_silence_is_refused(tmp_path):
    with pytest.raises(MediaError, match="silent or far too quiet"):
        mastering.master(np.zeros(3 * RATE, np.int16), RATE, PROFILES["loudspeaker"],
                         tmp_path / "x.mp3", None, tmp_path)


def test_encoder_gain_is_measured_not_assumed(tmp_path):
    profile = PROFILES["loudspeaker"]
    assert -1.5 < mastering.encoder_gain_db(profile) < 1.5


def test_the_check_in_the_encode_reads_what_the_file_holds(tmp_path):
    """The loopback decoder's samples are a decode of the written MP3, sample for sample, and
    its loudness and true peak are the file's as ebur128 reads it independently."""
    profile = PROFILES["loudspeaker"]
    assert mastering.loopback_decoding()  # the bundled ffmpeg is recent
    mp3 = tmp_path / "b.mp3"
    done = mastering.master(speechlike(5.0, RATE), RATE, profile, mp3, None, tmp_path)
    samples, rate = decoded(mp3, profile.sample_rate)
    assert done.decoded.rate == rate
    assert np.array_equal(done.decoded.samples, samples)
    independent = ebur128(mp3)
    assert done.loudness.integrated_lufs == pytest.approx(independent["lufs"], abs=0.05)
    assert done.loudness.true_peak_dbtp == pytest.approx(independent["peak"], abs=0.05)
    assert len(done.short_term) == pytest.approx(len(samples) / rate * 10, abs=2)


def test_an_older_ffmpeg_checks_the_file_after_the_encode(tmp_path, monkeypatch):
    """Without loopback decoders the check runs after the encode, on the file: the same MP3
    bytes, the same measurement, the same samples."""
    profile = PROFILES["loudspeaker"]
    samples = speechlike(4.0, RATE)
    together = mastering.master(samples, RATE, profile, tmp_path / "a.mp3", None, tmp_path)
    monkeypatch.setattr(mastering, "loopback_decoding", lambda: False)
    apart = mastering.master(samples, RATE, profile, tmp_path / "b.mp3", None, tmp_path)
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    assert apart.loudness == together.loudness
    assert np.array_equal(apart.decoded.samples, together.decoded.samples)


@pytest.mark.parametrize("version, loopback", [
    ("ffmpeg version 6.1.1-3ubuntu5 Copyright (c) 2000-2023", False),
    ("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024", False),
    ("ffmpeg version 7.0.2-static https://johnvansickle.com/ffmpeg/", True),
    ("ffmpeg version n9.0.2-17-g2a571b6068-20260930 Copyright (c) 2000-2026", True),
    ("ffmpeg version N-117000-g1234abcd Copyright (c) 2000-2025", True),
])
def test_loopback_decoding_is_used_from_ffmpeg_7(monkeypatch, version, loopback):
    monkeypatch.setattr(mastering, "ffmpeg_version", lambda: version)
    mastering.loopback_decoding.cache_clear()
    try:
        assert mastering.loopback_decoding() is loopback
    finally:
        mastering.loopback_decoding.cache_clear()
