"""Small shared helpers: slugs, atomic output, media probe, errors."""

from __future__ import annotations

import os

import pytest

from studio.errors import AssetError, StudioError
from studio import ffmpeg
from studio.ffmpeg import run_ffmpeg
from studio.fsutil import atomic_output, clean_stale_temps
from studio.media import integrated_from_log, measure_loudness, probe
from studio.text import fold_ascii, nfc, slugify


@pytest.mark.parametrize("text,slug", [
    ("Quyền con người", "quyen-con-nguoi"), ("ĐẶNG Thị Ỗ", "dang-thi-o"),
    ("../../etc/passwd", "etc-passwd"), ("", "untitled"), ("人权", "untitled"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_fold_ascii_and_nfc():
    assert fold_ascii("Đường Hữu Nghị") == "Duong Huu Nghi"
    assert nfc("Quye\u0302\u0300n") == "Quyền"


def test_atomic_output_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("good", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "good"
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_output_replaces_on_success(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    with atomic_output(target) as tmp:
        assert tmp.suffix == ".txt" and tmp.parent == target.parent
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"


def test_clean_stale_temps(tmp_path):
    (tmp_path / ".studio-tmp-abc-x.mp4").write_bytes(b"x")
    (tmp_path / "keep.mp4").write_bytes(b"x")
    removed = clean_stale_temps(tmp_path)
    assert [p.name for p in removed] == [".studio-tmp-abc-x.mp4"]
    assert [p.name for p in tmp_path.iterdir()] == ["keep.mp4"]


def test_probe_and_loudness_of_a_generated_file(tmp_path):
    path = tmp_path / "t.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=1.5", "-f", "lavfi",
                "-i", "color=c=red:s=96x64:d=1.5:r=25", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ar", "48000", "-ac", "2", "-shortest", path])
    info = probe(path)
    assert (info.width, info.height, info.video_codec, info.pix_fmt) == (96, 64, "h264", "yuv420p")
    assert info.fps == 25 and info.sample_rate == 48000 and info.channels == 2
    assert abs(info.duration - 1.5) < 0.1
    loud = measure_loudness(path)
    assert -30 < loud.integrated_lufs < -10 and loud.true_peak_dbtp < 0


def test_a_meter_without_peak_gives_the_same_loudness_as_the_full_measure(tmp_path):
    path = tmp_path / "tone.wav"
    log = run_ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=3,volume=0.3",
                      "-filter_complex", "[0:a]asplit=2[out][m];"
                      "[m]ebur128@tone=framelog=quiet,anullsink", "-map", "[out]", path]).log
    assert "Peak:" not in log.rsplit("[ebur128@tone @", 1)[1]  # the cheap meter: no peak
    assert integrated_from_log(log, "tone") == pytest.approx(
        measure_loudness(path).integrated_lufs, abs=0.1)


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_a_background_ffmpeg_runs_at_a_lower_priority(tmp_path, monkeypatch):
    seen = []
    real_start = ffmpeg._start

    def start(cmd, cwd, stdin, background):
        proc = real_start(cmd, cwd, stdin, background)
        seen.append(os.getpriority(os.PRIO_PROCESS, proc.pid))
        return proc

    monkeypatch.setattr(ffmpeg, "_start", start)
    args = ["-f", "lavfi", "-i", "sine=f=440:d=0.5", tmp_path / "a.wav"]
    run_ffmpeg(args)
    run_ffmpeg(args, background=True)
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert seen == [mine, min(19, mine + ffmpeg.BACKGROUND_NICE)]


def test_probe_rejects_non_media(tmp_path):
    bad = tmp_path / "x.mp4"
    bad.write_bytes(b"not a video at all")
    with pytest.raises(AssetError, match="not a readable media file"):
        probe(bad)


def test_error_format():
    err = StudioError("unknown lang 'fr'", file="a.md", line=3, hint="use vi")
    assert str(err) == "a.md:3: unknown lang 'fr' — use vi"
    assert str(StudioError("bad colour", file="t.yaml", field="layers[0].colour")) == \
        "t.yaml: layers[0].colour: bad colour"


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg")])
def test_image_size_reads_headers(tmp_path, fmt, ext):
    from PIL import Image

    from studio.media import image_size
    path = tmp_path / f"x.{ext}"
    Image.new("RGB", (123, 45), (200, 10, 10)).save(path, fmt)
    assert image_size(path) == (123, 45)
    bad = tmp_path / "y.txt"
    bad.write_text("not an image", encoding="utf-8")
    with pytest.raises(AssetError, match="not a PNG or JPEG"):
        image_size(bad)


def test_clean_stale_temps_can_spare_fresh_files(tmp_path):
    import os
    import time
    old = tmp_path / "ab" / ".studio-tmp-1-x.wav"
    old.parent.mkdir()
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    fresh = tmp_path / "ab" / ".studio-tmp-2-y.wav"
    fresh.write_bytes(b"y")
    assert clean_stale_temps(tmp_path, older_than=3600) == [old]
    assert fresh.exists() and not old.exists()


def test_stale_scratch_folders_and_lone_lock_files_are_swept(tmp_path, monkeypatch):
    import tempfile

    from studio.fsutil import clean_stale_work_dirs, work_dir
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "studio-work-video-aaaa").mkdir()  # a killed run's folder, unlocked
    (tmp_path / "studio-work-video-aaaa" / "still.bmp").write_bytes(b"x")
    (tmp_path / "studio-work-audio-bbbb.lock").write_bytes(b"")  # Ctrl-C before its folder
    with work_dir("audio") as live:
        clean_stale_work_dirs()
        assert live.is_dir()  # a running one is never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_file_is_probed_once_per_version(tmp_path, monkeypatch):
    import os

    from studio import media
    path = tmp_path / "a.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=1", path])
    calls = []
    real = media.ffmpeg_log
    monkeypatch.setattr(media, "ffmpeg_log", lambda *a, **k: calls.append(a) or real(*a, **k))
    first, again = media.probe(path), media.probe(path)
    assert first == again and len(calls) == 1
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=2", path])
    os.utime(path, ns=(1, 1))  # a new version, even if the clock did not move
    assert media.probe(path).duration == pytest.approx(2.0, abs=0.05) and len(calls) == 2
