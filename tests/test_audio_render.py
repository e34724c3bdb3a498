"""Rendering a hand-made narration (speech isolated): files, lengths, bed, failure safety."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode
from PIL import Image

from helpers_audio import (MONO, decoded, decoded_seconds, ebur128, ffmpeg, hand_narration,
                           mp3_frames, tone, write_wav)
from studio.audio import TIMING, AudioOptions, render_narration
from studio.audio.profiles import PROFILES
from studio.errors import MediaError
from studio.resources import builtin_assets
from studio.script import FINAL
from studio.speech.model import Narration, SceneNarration

pytestmark = pytest.mark.slow
SCENES = [1.5, 2.0]
BODY = SCENES[0] + TIMING.between_scenes + SCENES[1]


@pytest.fixture
def script(project):
    return project.approved("b.md", front="title: Bản tin thử\nid: ban-tin\nlang: vi\n"
                                          "organization: UBND xã\nprogram: Bản tin\n"
                                          "priority: uu-tien\ndate: 2026-05-01\n",
                            body="## Một\n\nXin chào.\n\n## Hai\n\nTạm biệt.\n",
                            by="Chủ tịch xã", on=dt.date(2026, 4, 30))


@pytest.fixture
def narration(tmp_path):
    return hand_narration(tmp_path / "narration", SCENES)


def _render(script, narration, out, **options):
    options.setdefault("opening", None)
    options.setdefault("closing", None)
    return render_narration(script, narration, release=FINAL, options=AudioOptions(**options),
                            out_dir=out)


def test_every_file_is_written_and_meets_the_profile(tmp_path, script, narration):
    tunes = builtin_assets() / "jingles"
    result = _render(script, narration, tmp_path / "out", opening=tunes / "opening.wav",
                     closing=tunes / "closing.wav")
    assert result.mp3.name == "2026-05-01_ban-tin_vi_uu-tien.mp3"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["2026-05-01_ban-tin_vi_uu-tien.mp3", "2026-05-01_ban-tin_vi_uu-tien.json",
         "2026-05-01_ban-tin_vi_uu-tien.waveform.png", "2026-05-01_ban-tin_vi_uu-tien.txt"])
    measured = ebur128(result.mp3)
    assert abs(measured["lufs"] + 18.0) <= 1.0 and measured["peak"] <= -2.0
    info = MP3(str(result.mp3)).info
    assert (info.channels, info.sample_rate) == (1, 44100)
    assert info.bitrate_mode == BitrateMode.CBR
    assert set(mp3_frames(result.mp3)) == {(64, 44100, MONO)}
    report = json.loads(result.report.read_text(encoding="utf-8"))
    assert report["integrated_lufs"] == pytest.approx(measured["lufs"], abs=0.5)
    assert report["true_peak_dbtp"] == pytest.approx(measured["peak"], abs=0.5)
    assert report["duration_ms"] == pytest.approx(decoded_seconds(result.mp3) * 1000, abs=2)
    assert report["approver"] == "Chủ tịch xã" and report["priority"] == "uu-tien"
    with Image.open(result.waveform) as img:
        assert img.size == (1200, 440)


def test_jingles_and_repeats_lengthen_by_the_expected_amount(tmp_path, script, narration):
    opening = write_wav(tmp_path / "open.wav", tone(2.0, 523, 22050), 22050)
    closing = tmp_path / "close.mp3"
    ffmpeg("-f", "lavfi", "-i", "sine=f=392:d=1.5:sample_rate=44100", "-ac", "1", "-c:a",
           "libmp3lame", "-b:a", "128k", str(closing))
    plain = decoded_seconds(_render(script, narration, tmp_path / "a").mp3)
    assert plain == pytest.approx(TIMING.head + BODY + TIMING.tail, abs=0.005)
    tuned = decoded_seconds(_render(script, narration, tmp_path / "b", opening=opening,
                                    closing=closing).mp3)
    assert tuned - plain == pytest.approx(2.0 + 1.5 + 2 * TIMING.around_jingle, abs=0.01)
    twice = decoded_seconds(_render(script, narration, tmp_path / "c", repeat=2).mp3)
    assert twice - plain == pytest.approx(BODY + TIMING.between_repeats, abs=0.005)


def test_music_bed_fills_the_gaps_without_changing_length_or_loudness(tmp_path, script,
                                                                      narration):
    music = tmp_path / "music.mp3"
    ffmpeg("-f", "lavfi", "-i", "aevalsrc=0.3*sin(2*PI*330*t)+0.2*sin(2*PI*495*t):s=44100:d=3",
           "-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", str(music))
    plain = _render(script, narration, tmp_path / "a")
    bedded = _render(script, narration, tmp_path / "b", music=music)
    assert decoded_seconds(bedded.mp3) == pytest.approx(decoded_seconds(plain.mp3), abs=0.002)
    measured = ebur128(bedded.mp3)
    assert abs(measured["lufs"] + 18.0) <= 1.0 and measured["peak"] <= -2.0
    gap_start = TIMING.head + SCENES[0] + 0.45  # inside the pause between the scenes
    for result, present in ((plain, False), (bedded, True)):
        y, rate = decoded(result.mp3, 44100)
        gap = y[int(gap_start * rate):int((gap_start + 0.2) * rate)].astype(float)
        rms_db = 20 * np.log10(max(np.sqrt(np.mean(gap ** 2)), 1e-9) / 32768)
        assert (rms_db > -45) == present, rms_db


def test_a_failed_render_keeps_the_earlier_good_files(tmp_path, script, narration):
    out = tmp_path / "out"
    good = _render(script, narration, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    silent_wav = write_wav(tmp_path / "silent.wav", np.zeros(48000, np.int16), 24000)
    silent = Narration(script.id, "vi", "espeak",
                       (SceneNarration(0, silent_wav, 2.0, (), "espeak"),))
    with pytest.raises(MediaError) as failure:
        _render(script, silent, out)
    assert failure.value.file == str(good.mp3)  # the bulletin's name, not a temp file
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert good.mp3.exists()


def test_broadcast_profile_writes_a_wav_master_and_names_it(tmp_path, script, narration):
    result = _render(script, narration, tmp_path / "out", profile=PROFILES["broadcast"],
                     waveform=False)
    assert result.wav.name == "2026-05-01_ban-tin_vi_uu-tien_broadcast.wav"
    assert [p.name for p in result.paths] == [
        "2026-05-01_ban-tin_vi_uu-tien_broadcast.mp3",
        "2026-05-01_ban-tin_vi_uu-tien_broadcast.wav",
        "2026-05-01_ban-tin_vi_uu-tien_broadcast.json",
        "2026-05-01_ban-tin_vi_uu-tien_broadcast.txt"]
    for path in (result.mp3, result.wav):
        measured = ebur128(path)
        assert abs(measured["lufs"] + 23.0) <= 1.0 and measured["peak"] <= -2.0
    report = json.loads(result.report.read_text(encoding="utf-8"))
    assert report["master"]["file"] == result.wav.name
    assert report["master"]["integrated_lufs"] == pytest.approx(ebur128(result.wav)["lufs"],
                                                                abs=0.5)
