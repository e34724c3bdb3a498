"""studio.audio's small steps, each alone: profiles, filters, levels, bed, assembly, tones,
corrections, names, tags, report, playlist, checks."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from helpers_audio import decoded_seconds, ebur128, ffmpeg, speechlike, tone, write_wav
from studio.audio import assemble as asm
from studio.audio import bed, master, tones
from studio.audio.level import SILENT_DB, block_rms_db, speech_level_db
from studio.audio.profiles import PROFILES, TIMING, get_profile
from studio.audio.render import (AudioOptions, length_warnings,
                                 load_scripts, music_for, tune_sources)
from studio.audio.result import AudioResult, report_dict
from studio.audio.tags import bulletin_name, bulletin_stem, id3_tags, write_tags
from studio.audio.waveform import column_extremes, draw, short_term_lufs
from studio.errors import AssetError, MediaError, StudioError
from studio.media import Loudness
from studio.project import Project
from studio.resources import builtin_assets
from studio.script import DRAFT, FINAL

RATE = 24000
SHIPPED = builtin_assets() / "jingles"
FRONT = """\
title: Thông báo tiêm chủng Đợt 2
id: tiem-chung
lang: vi
organization: UBND xã Tân Thành
program: Bản tin sáng
priority: khan-cap
date: 2026-03-05
"""


@pytest.fixture
def script(project):
    return project.approved("tiem.md", front=FRONT,
                            body="## Mở đầu\n\nXin chào bà con.\n\n## Kết\n\nCảm ơn.\n",
                            by="Chủ tịch UBND xã", on=dt.date(2026, 3, 4))


# --- profiles -------------------------------------------------------------------------------

def test_profiles_carry_the_spec_numbers():
    loud, broad, low = PROFILES["loudspeaker"], PROFILES["broadcast"], PROFILES["lowband"]
    assert (loud.sample_rate, loud.bitrate_kbps, loud.target_lufs, loud.tolerance_lu,
            loud.true_peak_max_dbtp) == (44100, 64, -18.0, 1.0, -2.0)
    assert (broad.target_lufs, broad.bitrate_kbps, broad.wav_master) == (-23.0, 128, True)
    assert (low.sample_rate, low.bitrate_kbps) == (24000, 32)
    for p in PROFILES.values():
        assert 140 <= p.highpass_hz <= 160 and 7000 <= p.lowpass_hz <= 8000
        assert 2.0 <= p.compress_ratio <= 3.0
        assert p.warn_after_seconds == 15 * 60


def test_unknown_profile_suggests_the_closest():
    with pytest.raises(StudioError, match="did you mean 'broadcast'"):
        get_profile("brodcast")


# --- filter steps ---------------------------------------------------------------------------

def test_filter_steps_say_what_the_profile_says():
    p = PROFILES["loudspeaker"]
    assert master.highpass(p).startswith("highpass=f=150")
    assert master.lowpass(p).startswith("lowpass=f=7500")
    assert "ratio=2.5" in master.compress(p)
    assert master.gain(-3.25) == "volume=-3.250dB"
    lim = master.limiter(-3.0)
    assert "level=false" in lim and "latency=true" in lim
    assert float(re.search(r"limit=([\d.]+)", lim).group(1)) == pytest.approx(10 ** (-3 / 20),
                                                                              abs=1e-4)
    chain = master.shape_chain(p, -30.0).split(",")
    assert [step.split("=")[0] for step in chain] == (
        ["highpass"] * 2 + ["lowpass"] * 2 + ["allpass"] * 4 + ["volume", "acompressor"])
    assert chain[8] == "volume=10.000dB"  # levelled after the band filters


def test_levelling_brings_any_voice_to_the_operating_level():
    assert master.levelling(-35.0) == master.gain(master.OPERATING_LEVEL_DB + 35.0)


# --- corrections ----------------------------------------------------------------------------

@pytest.mark.parametrize("measured, expected", [
    (Loudness(-18.2, 5, -3.0), 0.0),  # on target
    (Loudness(-18.8, 5, -4.0), 0.8),  # quiet with room: make it up
    (Loudness(-18.8, 5, -2.5), 0.1),  # quiet, little room: only as far as the peaks allow
    (Loudness(-18.8, 5, -2.35), 0.0),  # no room at all: leave it
    (Loudness(-17.2, 5, -3.0), -0.8),  # loud: turn down
    (Loudness(-18.0, 5, -1.5), -0.9),  # peak over the limit: cut
])
def test_correction_moves_towards_target_within_the_peak_limit(measured, expected):
    assert master.correction_db(measured, PROFILES["loudspeaker"]) == pytest.approx(expected)


def test_delivery_check_fails_loudly():
    p = PROFILES["loudspeaker"]
    master.check_delivery(Loudness(-18.9, 3, -2.0), p, Path("x.mp3"))
    with pytest.raises(MediaError, match="off the loudspeaker target"):
        master.check_delivery(Loudness(-19.2, 3, -3.0), p, Path("x.mp3"))
    with pytest.raises(MediaError, match="true peak -1.9 dBTP"):
        master.check_delivery(Loudness(-18.0, 3, -1.9), p, Path("x.mp3"))


# --- levels and the music bed ---------------------------------------------------------------

def test_speech_level_ignores_silence():
    sine = tone(2.0, 440, RATE, level=0.5)
    silence = np.zeros(4 * RATE, np.int16)  # whole 400-ms gating blocks
    padded = np.concatenate([silence, sine, silence])
    expected = 20 * np.log10(0.5 / np.sqrt(2))
    assert speech_level_db(sine, RATE) == pytest.approx(expected, abs=0.1)
    assert speech_level_db(padded, RATE) == pytest.approx(expected, abs=0.1)
    assert speech_level_db(np.zeros(RATE, np.int16), RATE) == SILENT_DB
    assert len(block_rms_db(sine, RATE, 0.05)) == 40


def _rms_db(x: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(x.astype(float) ** 2)) / 32768)


def test_music_bed_ducks_under_the_voice_and_rises_in_gaps():
    voice = np.concatenate([speechlike(3.0, RATE), np.zeros(3 * RATE, np.int16),
                            speechlike(3.0, RATE, seed=2)])
    music = tone(1.7, 330, RATE, level=0.5)
    out = bed.music_bed(voice, music, RATE)
    assert len(out) == len(voice)
    level = speech_level_db(voice, RATE)
    under = _rms_db(out[int(1.5 * RATE):int(2.5 * RATE)])
    gap = _rms_db(out[int(4.2 * RATE):int(5.0 * RATE)])
    assert under == pytest.approx(level + bed.DUCK_DB, abs=2.0)
    assert gap == pytest.approx(level + bed.BED_DB, abs=2.0)
    assert abs(int(out[0])) < 50 and abs(int(out[-1])) < 50  # faded in and out


def test_music_bed_is_silent_without_a_voice():
    out = bed.music_bed(np.zeros(RATE, np.int16), tone(1.0, rate=RATE), RATE)
    assert not out.any()


# --- assembly -------------------------------------------------------------------------------

def _gap(seconds: float, rate: int) -> np.ndarray:
    return np.zeros(round(seconds * rate), np.int16)


@pytest.mark.parametrize("rate", [RATE, 22050])  # 22050: espeak's rate, where 0.7 s is 15435
def test_assembly_lays_out_silences_scenes_tunes_and_repeats(tmp_path, rate):
    s0, s1 = speechlike(1.0, rate), speechlike(2.0, rate, seed=2)
    scenes = (write_wav(tmp_path / "s0.wav", s0, rate), write_wav(tmp_path / "s1.wav", s1, rate))
    opening, closing = tone(1.5, rate=rate), tone(0.9, 440, rate)
    t = TIMING
    body = [s0, _gap(t.between_scenes, rate), s1]
    plain = asm.assemble(asm.BulletinPlan(scenes=scenes))
    assert plain.rate == rate and plain.samples.dtype == np.int16
    assert np.array_equal(plain.samples,
                          np.concatenate([_gap(t.head, rate), *body, _gap(t.tail, rate)]))
    full = asm.assemble(asm.BulletinPlan(
        scenes=scenes, opening=write_wav(tmp_path / "open.wav", opening, rate),
        closing=write_wav(tmp_path / "close.wav", closing, rate), repeat=2))
    expected = [_gap(t.head, rate), opening, _gap(t.around_jingle, rate), *body,
                _gap(t.between_repeats, rate), *body, _gap(t.around_jingle, rate),
                closing, _gap(t.tail, rate)]
    assert np.array_equal(full.samples, np.concatenate(expected))


def test_a_music_bed_is_mixed_under_the_body_only_and_keeps_every_length(tmp_path):
    scenes = (write_wav(tmp_path / "s.wav", speechlike(3.0, 22050), 22050),)
    song = write_wav(tmp_path / "m.wav", tone(1.3, 330, 32000, level=0.5), 32000)  # decoded
    closing = SHIPPED / "closing.wav"
    dry = asm.assemble(asm.BulletinPlan(scenes=scenes, closing=closing, repeat=2)).samples
    wet = asm.assemble(asm.BulletinPlan(scenes=scenes, closing=closing, repeat=2,
                                        music=song)).samples
    assert len(wet) == len(dry)
    head = round(TIMING.head * 22050)
    body = sum(len(part.samples) for part in
               asm.repeated([asm.load_clip(scenes[0], 22050)], 2, TIMING, 22050))
    added = wet.astype(np.int32) - dry
    assert not added[:head].any() and not added[head + body:].any()  # tunes and silences dry
    assert np.abs(added[head:head + body]).max() > 100  # the bed is there, under the voice


def test_mixing_clips_at_full_scale_instead_of_wrapping():
    voice = asm.Audio(np.array([32000, -32000, 100, 0], np.int16), RATE)
    out = asm.mixed(voice, np.array([1000, -1000, 5, -7], np.int16))
    assert out.samples.dtype == np.int16 and out.rate == RATE
    assert out.samples.tolist() == [32767, -32768, 105, -7]


def test_draft_bulletins_start_with_the_warning_tone(tmp_path):
    scene = write_wav(tmp_path / "s.wav", speechlike(1.0, RATE), RATE)
    out = asm.assemble(asm.BulletinPlan(scenes=(scene,), draft=True)).samples
    start = int(TIMING.head * RATE)
    beep = out[start:start + int(0.1 * RATE)].astype(float)
    spectrum = np.abs(np.fft.rfft(beep))
    assert np.fft.rfftfreq(len(beep), 1 / RATE)[np.argmax(spectrum)] == pytest.approx(1000, abs=15)


def test_clips_at_other_rates_are_decoded_to_the_assembly_rate(tmp_path):
    other = write_wav(tmp_path / "x.wav", tone(1.0, rate=16000), 16000)
    clip = asm.load_clip(other, RATE)
    assert clip.rate == RATE and clip.duration == pytest.approx(1.0, abs=0.002)
    with pytest.raises(AssetError):
        asm.load_clip(tmp_path / "missing.wav", RATE)


def test_builtin_tunes_are_short_clean_and_in_the_speech_band():
    for make, seconds in ((tones.opening_tune, 3.6), (tones.closing_tune, 2.8),
                          (tones.draft_tone, 0.56)):
        x = make(48000)
        assert x.dtype == np.int16 and len(x) / 48000 == pytest.approx(seconds, abs=0.01)
        assert np.max(np.abs(x)) == pytest.approx(tones.PEAK * 32767, rel=0.01)
        power = np.abs(np.fft.rfft(x.astype(float))) ** 2
        freqs = np.fft.rfftfreq(len(x), 1 / 48000)
        in_band = power[(freqs >= 150) & (freqs <= 7500)].sum() / power.sum()
        assert in_band > 0.95


def test_shipped_tunes_are_what_the_recipe_makes():
    for name, make in tones.TUNES.items():
        clip = asm.load_clip(SHIPPED / f"{name}.wav", RATE)
        assert np.array_equal(clip.samples, make(RATE)), f"rerun make_jingles.py ({name})"


# --- names, tags, report, playlist ----------------------------------------------------------

def test_names_are_ascii_date_id_lang_priority(script):
    loud, broad = PROFILES["loudspeaker"], PROFILES["broadcast"]
    assert bulletin_stem(script, loud) == "2026-03-05_tiem-chung_vi_khan-cap"
    assert bulletin_name(script, loud, FINAL, "mp3") == "2026-03-05_tiem-chung_vi_khan-cap.mp3"
    assert bulletin_name(script, broad, DRAFT, "json") == \
        "2026-03-05_tiem-chung_vi_khan-cap_broadcast-draft.json"


def test_id3v23_tags_read_back(tmp_path, script):
    mp3 = tmp_path / "t.mp3"
    ffmpeg("-f", "lavfi", "-i", "sine=d=0.3", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k",
           "-id3v2_version", "0", str(mp3))
    write_tags(mp3, id3_tags(script, FINAL, PROFILES["loudspeaker"]))
    raw = ID3(str(mp3), translate=False)
    assert raw.version == (2, 3, 0)
    assert str(raw["TIT2"]) == "Thông báo tiêm chủng Đợt 2"
    assert str(raw["TPE1"]) == "UBND xã Tân Thành"
    assert str(raw["TALB"]) == "Bản tin sáng"
    assert str(raw["TYER"]) == "2026"
    assert str(raw["TLAN"]) == "vie"
    assert "khẩn cấp" in str(raw["COMM::vie"]) and "Chủ tịch UBND xã" in str(raw["COMM::vie"])
    assert str(raw["TXXX:PRIORITY"]) == "khan-cap"
    assert str(raw["TXXX:SCRIPT_SHA256"]) == script.checksum
    assert str(raw["TXXX:APPROVED_BY"]) == "Chủ tịch UBND xã"


def test_draft_tags_claim_no_approval(tmp_path, script):
    tags = id3_tags(script, DRAFT, PROFILES["loudspeaker"])
    assert "TXXX:APPROVED_BY" not in tags
    assert "BẢN NHÁP" in str(tags["COMM::vie"])


def _result(script, tmp_path, seconds=75.4, draft=False) -> AudioResult:
    release = DRAFT if draft else FINAL
    return AudioResult(script=script, release=release, profile=PROFILES["loudspeaker"],
                       mp3=tmp_path / "out" / bulletin_name(script, PROFILES["loudspeaker"],
                                                            release, "mp3"),
                       report=tmp_path / "r.json", waveform=None, wav=None, duration=seconds,
                       loudness=Loudness(-18.1, 4.2, -2.6), master_loudness=None,
                       engine="espeak")


def test_report_has_what_clusters_need(tmp_path, script):
    report = report_dict(_result(script, tmp_path))
    json.dumps(report)
    assert report["duration_ms"] == 75400
    assert (report["integrated_lufs"], report["true_peak_dbtp"]) == (-18.1, -2.6)
    assert report["language"] == "vi" and report["priority"] == "khan-cap"
    assert report["checksum"] == script.checksum and report["approver"] == "Chủ tịch UBND xã"
    assert report["profile"]["target_lufs"] == -18.0


# --- options and checks ---------------------------------------------------------------------

def test_length_warning_past_fifteen_minutes(script):
    p = PROFILES["loudspeaker"]
    assert length_warnings(script, 15 * 60, p) == ()
    (line,) = length_warnings(script, 15 * 60 + 61, p)
    assert "16 min 1 s" in line and "15 minutes" in line


def test_glob_patterns_are_expanded_for_windows_shells(project):
    a = project.script("a.md")
    b = project.script("b.md")
    from studio.cli.options import expand_globs
    assert expand_globs([str(project.root / "scripts" / "*.md")]) == [a, b]
    with pytest.raises(StudioError, match="no script matches"):
        expand_globs([str(project.root / "scripts" / "*.txt")])
    assert [s.path for s in load_scripts([project.root / "scripts"],
                                         Project.at(project.root))] == [a, b]


def test_tune_sources(project, tmp_path):
    proj = Project.at(project.root)
    assert tune_sources(True, proj) == (SHIPPED / "opening.wav", SHIPPED / "closing.wav")
    assert tune_sources(False, proj) == (None, None)
    own = write_wav(project.root / "assets" / "jingles" / "opening.wav", tone(1.0), RATE)
    assert tune_sources(True, proj) == (own, SHIPPED / "closing.wav")
    assert tune_sources((True, None), proj) == (own, None)
    assert tune_sources((own, None), proj) == (own, None)
    with pytest.raises(AssetError):
        tune_sources((tmp_path / "nope.mp3", True), proj)


def test_music_defaults_to_the_script_and_can_be_switched_off(script, tmp_path):
    assert music_for(script, None) is None
    song = write_wav(tmp_path / "m.wav", tone(1.0), RATE)
    assert music_for(script, song) == song
    assert music_for(script, False) is None
    assert AudioOptions(profile=PROFILES["broadcast"]).writes_master
    assert not AudioOptions(profile=PROFILES["broadcast"], wav_master=False).writes_master


# --- waveform picture -----------------------------------------------------------------------

@pytest.mark.slow
def test_short_term_loudness_agrees_with_ebur128(tmp_path):
    x = speechlike(6.0, 48000, level=0.4)
    wav = write_wav(tmp_path / "x.wav", x, 48000)
    curve = short_term_lufs(x, 48000)
    assert curve[-1] == pytest.approx(ebur128(wav)["lufs"], abs=1.0)
    assert decoded_seconds(wav) == pytest.approx(6.0, abs=0.001)


def test_waveform_picture_shows_the_target(tmp_path):
    x = speechlike(4.0, RATE)
    lows, highs = column_extremes(x, 100)
    assert len(lows) == 100 and highs.max() == pytest.approx(x.max() / 32768, rel=1e-6)
    img = draw(x, RATE, PROFILES["loudspeaker"], Loudness(-18.0, 3.0, -2.5), "Đợt tiêm Ệ", "vi")
    pixels = np.asarray(img)
    green = (pixels[..., 0] < 60) & (pixels[..., 1] > 120) & (pixels[..., 2] < 90)
    assert green.sum() > 1000  # the target line runs across the picture


def test_a_small_file_is_decoded_once_per_process_and_kept_read_only(monkeypatch, tmp_path):
    import shutil
    from studio.audio import assemble
    from studio.resources import builtin_assets
    tune = tmp_path / "opening.wav"
    shutil.copy(builtin_assets() / "jingles" / "opening.wav", tune)
    calls = []
    real = assemble.decode
    monkeypatch.setattr(assemble, "decode", lambda path, rate: calls.append(path)
                        or real(path, rate=rate))
    assemble._decoded.cache_clear()
    first, again = assemble.load_clip(tune, 8000), assemble.load_clip(tune, 8000)
    assert len(calls) == 1 and again is first and first.rate == 8000
    with pytest.raises(ValueError):
        first.samples[0] = 1  # shared by every bulletin: no step may change it in place
    tune.write_bytes(tune.read_bytes()[:-2000])  # a changed file is decoded again
    assert len(assemble.load_clip(tune, 8000).samples) < len(first.samples) and len(calls) == 2
