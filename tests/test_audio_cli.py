"""`studio audio` end to end, offline: real espeak narration, a recorded Tày scene, refusals."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from helpers_audio import MONO, decoded, decoded_seconds, ebur128, mp3_frames, record
from helpers_cli import run_cli
from studio.audio import TIMING

VI_FRONT = ("title: Thông báo lịch tiêm chủng\nid: tiem-chung\nlang: vi\n"
            "organization: UBND xã Tân Thành\nprogram: Bản tin sáng\npriority: khan-cap\n"
            "date: 2026-06-01\n")
VI_BODY = ("## Thông báo\n\nNgày 10/6, trạm y tế xã tổ chức tiêm chủng.\n\n"
           "## Lời nhắn\n\nĐề nghị bà con đưa trẻ đến đúng giờ.\n")
TAY_FRONT = "title: Thông báo tiếng Tày\nid: tay-thong-bao\nlang: tay\ndate: 2026-06-02\n"
APPROVAL = {"by": "Chủ tịch UBND xã", "on": dt.date(2026, 5, 30)}


def _run(project, *args):
    return run_cli("audio", *args, "--project", project.root)


@pytest.mark.slow
def test_offline_bulletin_meets_the_loudspeaker_profile(project):
    path = project.approved("tiem.md", front=VI_FRONT, body=VI_BODY, **APPROVAL).path
    result = _run(project, str(path), "--offline")
    assert result.exit_code == 0, result.stderr
    out = project.root / "outputs" / "tiem-chung"
    stem = "2026-06-01_tiem-chung_vi_khan-cap"
    outputs = project.root / "outputs"
    assert result.stdout.splitlines() == [
        str(out / f"{stem}.{ext}") for ext in ("mp3", "json", "waveform.png", "txt")] + [
        str(outputs / name) for name in ("playlist.m3u8", "schedule.ics", "feed.xml")]
    mp3 = out / f"{stem}.mp3"
    measured = ebur128(mp3)
    assert -19.0 <= measured["lufs"] <= -17.0 and measured["peak"] <= -2.0
    assert set(mp3_frames(mp3)) == {(64, 44100, MONO)}
    tags = ID3(str(mp3), translate=False)
    assert tags.version == (2, 3, 0)
    assert str(tags["TIT2"]) == "Thông báo lịch tiêm chủng"
    assert str(tags["TXXX:PRIORITY"]) == "khan-cap"
    assert str(tags["TXXX:APPROVED_BY"]) == "Chủ tịch UBND xã"
    report = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert report["integrated_lufs"] == pytest.approx(measured["lufs"], abs=0.5)
    assert report["engine"] == "espeak"
    # the built-in tunes frame real speech: longer than tunes and silences alone
    framing = TIMING.head + 3.6 + 2 * TIMING.around_jingle + 2.8 + TIMING.tail
    assert decoded_seconds(mp3) > framing + 3.0
    assert MP3(str(mp3)).info.length == pytest.approx(decoded_seconds(mp3), abs=0.1)


@pytest.mark.slow
def test_a_recorded_tay_scene_is_included(project):
    record(project.place("assets/audio/tay.mp3"), 3.0)
    body = "## Pỉ noọng\n\n[voice](audio/tay.mp3)\n\nPỉ noọng hẩu mà.\n"
    path = project.approved("tay.md", front=TAY_FRONT, body=body, **APPROVAL).path
    result = _run(project, str(path), "--no-jingles", "--json")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    mp3 = project.root / "outputs" / "tay-thong-bao" / "2026-06-02_tay-thong-bao_tay_thuong.mp3"
    assert printed["outputs"][0] == str(mp3)
    assert decoded_seconds(mp3) == pytest.approx(TIMING.head + 3.0 + TIMING.tail, abs=0.05)
    measured = ebur128(mp3)
    assert -19.0 <= measured["lufs"] <= -17.0 and measured["peak"] <= -2.0
    assert str(ID3(str(mp3))["TLAN"]) == "tyz"
    report = json.loads(mp3.with_suffix(".json").read_text(encoding="utf-8"))
    assert report["engine"] == "recorded" and report["language"] == "tay"


def test_a_tay_scene_without_recording_exits_2_with_one_line(project):
    body = "## Pỉ noọng\n\nPỉ noọng hẩu mà.\n"
    path = project.approved("tay.md", front=TAY_FRONT, body=body, **APPROVAL).path
    result = _run(project, str(path), "--offline")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "recording" in lines[0]
    assert "tay.md:" in lines[0]
    assert not (project.root / "outputs").exists()  # not even a folder or a lock file


def test_an_unreadable_tune_or_bed_exits_2_before_any_work(project):
    path = project.approved("tiem.md", front=VI_FRONT, body=VI_BODY, **APPROVAL).path
    junk = project.root / "nhac.mp3"
    junk.write_text("not audio", encoding="utf-8")
    for option in ("--music", "--closing"):
        result = _run(project, str(path), "--offline", option, str(junk))
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [
            f"error: {junk}: not a readable media file — re-export it as MP4, MP3, WAV or "
            "PNG/JPEG"]
    assert not (project.root / "outputs").exists()


def test_an_unapproved_script_needs_draft(project):
    path = project.script("nhap.md", front=VI_FRONT, body=VI_BODY)
    result = _run(project, str(path), "--offline")
    assert result.exit_code == 2 and "not approved" in result.stderr
    assert not (project.root / "outputs").exists()


@pytest.mark.slow
def test_a_draft_is_named_and_sounds_like_one(project):
    path = project.script("nhap.md", front=VI_FRONT, body=VI_BODY)
    result = _run(project, str(path), "--offline", "--draft", "--no-jingles", "-q")
    assert result.exit_code == 0, result.stderr
    mp3 = project.root / "outputs" / "tiem-chung" / "2026-06-01_tiem-chung_vi_khan-cap-draft.mp3"
    assert str(mp3) in result.stdout.splitlines()
    y, rate = decoded(mp3, 44100)
    start = int((TIMING.head + 0.02) * rate)
    beep = y[start:start + int(0.08 * rate)].astype(float)
    freqs = np.fft.rfftfreq(len(beep), 1 / rate)
    assert freqs[np.argmax(np.abs(np.fft.rfft(beep)))] == pytest.approx(1000, abs=20)
    assert "TXXX:APPROVED_BY" not in ID3(str(mp3))


@pytest.mark.slow
def test_several_scripts_make_a_playlist(project):
    record(project.place("assets/audio/tay.mp3"), 2.0)
    project.approved("a.md", front=VI_FRONT, body=VI_BODY, **APPROVAL)
    project.approved("b.md", front=TAY_FRONT, **APPROVAL,
                     body="## Một\n\n[voice](audio/tay.mp3)\n\nPỉ noọng.\n")
    out = project.root / "phat-thanh"
    pattern = str(project.root / "scripts" / "*.md")  # as a Windows shell passes it
    result = _run(project, pattern, "--offline", "--no-jingles", "--repeat", "2", "-o",
                  str(out))
    assert result.exit_code == 0, result.stderr
    playlist = out / "playlist.m3u8"
    assert str(playlist) in result.stdout.splitlines()
    lines = playlist.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    assert lines[2] == "2026-06-01_tiem-chung_vi_khan-cap.mp3"
    assert lines[4] == "2026-06-02_tay-thong-bao_tay_thuong.mp3"
    tay = decoded_seconds(out / lines[4])
    assert tay == pytest.approx(TIMING.head + 2 * 2.0 + TIMING.between_repeats + TIMING.tail,
                                abs=0.05)
    assert lines[3] == f"#EXTINF:{round(tay)},Thông báo tiếng Tày"  # UTF-8: diacritics kept


def test_help_ends_with_an_example():
    result = run_cli("audio", "--help")
    assert result.exit_code == 0
    example = result.stdout.split("Example:\n", 1)[1].split("Options:")[0]
    assert example.splitlines()[0].strip() == "studio audio scripts/ngay-quyen-con-nguoi.md"
