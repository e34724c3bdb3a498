"""`studio subtitles`: the same cues `studio video` burns in and writes beside the MP4, read
back with their own parsers (srt, webvtt-py), a transcript in the spoken order, and no video."""

from __future__ import annotations

import datetime as dt

import pytest
import srt
import webvtt

from helpers_cli import error_lines, run_cli
from studio.project import Project
from studio.script import approve

FRONT = "title: Nước sạch cho mọi nhà\nlang: vi\norganization: UBND xã Tân Thanh\n"
BODY = """\
## Mở đầu
Xin chào bà con. Hôm nay, Ủy ban nhân dân xã thông báo về nước sạch.

## Nội dung
Mọi gia đình đều có quyền được dùng nước sạch và vệ sinh môi trường. Đề nghị bà con giữ gìn
nguồn nước chung của thôn.
"""


@pytest.fixture
def approved(project):
    path = project.script("nuoc-sach.md", front=FRONT, body=BODY)
    approve(path, "Chủ tịch UBND xã", dt.date(2026, 12, 1), Project.at(project.root))
    return path


def seconds(stamp: str) -> float:
    """A WebVTT `HH:MM:SS.mmm` time in seconds."""
    hours, minutes, secs = stamp.split(":")
    return round(int(hours) * 3600 + int(minutes) * 60 + float(secs), 3)


def subtitles(project, path, *args):
    result = run_cli("subtitles", path, "--offline", "--project", project.root, *args)
    assert result.exit_code == 0, result.stderr
    return [p for p in result.stdout.splitlines() if p.strip()]


def test_writes_srt_vtt_per_format_and_a_transcript_but_no_video(project, approved):
    paths = subtitles(project, approved, "-f", "vertical", "-f", "landscape")
    out = project.root / "outputs" / "nuoc-sach"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["nuoc-sach_vi.transcript.txt",
                     "nuoc-sach_vi_landscape.srt", "nuoc-sach_vi_landscape.vtt",
                     "nuoc-sach_vi_vertical.srt", "nuoc-sach_vi_vertical.vtt"]
    assert len(paths) == 5
    vertical = list(srt.parse((out / "nuoc-sach_vi_vertical.srt").read_text(encoding="utf-8")))
    landscape = list(srt.parse((out / "nuoc-sach_vi_landscape.srt").read_text(
        encoding="utf-8")))
    assert max(len(line) for c in vertical for line in c.content.splitlines()) <= 28
    assert max(len(line) for c in landscape for line in c.content.splitlines()) <= 42
    vtt = webvtt.read(str(out / "nuoc-sach_vi_vertical.vtt"))
    assert [c.text for c in vtt] == [c.content for c in vertical]
    assert [seconds(c.start) for c in vtt] == [round(c.start.total_seconds(), 3)
                                               for c in vertical]
    spoken = " ".join(" ".join(c.content.split()) for c in vertical)
    assert "Xin chào bà con." in spoken and spoken.endswith("nguồn nước chung của thôn.")


def test_transcript_is_what_is_said_in_order_with_times(project, approved):
    subtitles(project, approved)
    text = (project.root / "outputs" / "nuoc-sach" / "nuoc-sach_vi.transcript.txt").read_text(
        encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "Nước sạch cho mọi nhà" and lines[1] == "UBND xã Tân Thanh"
    said = [line.split("] ", 1)[1] for line in lines if line.startswith("[")]
    assert said == ["Mở đầu", "Xin chào bà con.",
                    "Hôm nay, Ủy ban nhân dân xã thông báo về nước sạch.", "Nội dung",
                    "Mọi gia đình đều có quyền được dùng nước sạch và vệ sinh môi trường.",
                    "Đề nghị bà con giữ gìn nguồn nước chung của thôn."]
    times = [line[1:6] for line in lines if line.startswith("[")]
    # the hook: the first scene at once, its first words 0.3 s in
    assert times == sorted(times) and times[0] == times[1] == "00:00"


@pytest.mark.slow
def test_the_cues_are_the_ones_the_video_carries(project, approved, tmp_path):
    subtitles(project, approved, "--size", "180x320", "-o", tmp_path / "subs")
    video = run_cli("video", approved, "--size", "180x320", "--offline", "-q", "--project",
                    project.root, "-o", tmp_path / "video")
    assert video.exit_code == 0, video.stderr
    ours = (tmp_path / "subs" / "nuoc-sach_vi_180x320.srt").read_text(encoding="utf-8")
    theirs = (tmp_path / "video" / "nuoc-sach_vi_180x320.srt").read_text(encoding="utf-8")
    assert ours == theirs and list(srt.parse(ours))
    assert not list((tmp_path / "subs").glob("*.mp4"))


def test_a_draft_is_refused_then_named_as_a_draft(project):
    path = project.script("nhap.md", front=FRONT, body=BODY)
    refused = run_cli("subtitles", path, "--offline", "--project", project.root)
    assert refused.exit_code == 2
    (line,) = error_lines(refused)
    assert line.startswith("error: ") and "--draft" in line
    paths = subtitles(project, path, "--draft")
    assert all("-draft" in p for p in paths)
    transcript = next(p for p in paths if p.endswith(".txt"))
    assert "BẢN NHÁP" in open(transcript, encoding="utf-8").read()


def test_help_ends_with_an_example():
    result = run_cli("subtitles", "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout
