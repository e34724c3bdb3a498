"""`studio video` as a person runs it: offline narration, paths printed, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from helpers_cli import run_cli
from helpers_video import report

DRAFT = """\
---
title: Thử video
lang: vi
organization: UBND xã Hữu Lũng
---
## Chào hỏi
![Bình minh](images/binh-minh.jpg)

Xin chào bà con. Hôm nay có tin mới.

## Kết
Cảm ơn bà con đã lắng nghe!
"""


@pytest.fixture
def draft_script(project):
    project.image("assets/images/binh-minh.jpg", size=(320, 240), colour=(200, 120, 40))
    return project.script("thu-video.md", raw=DRAFT)


@pytest.mark.slow
def test_offline_draft_with_storyboard_and_json(project, draft_script, tmp_path):
    out = tmp_path / "out"
    result = run_cli("video", draft_script, "--draft", "--offline", "--size", "270x480",
                     "--storyboard", "--json", "-o", out, "--project", project.root,
                     "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    paths = [Path(p) for p in json.loads(result.stdout)["outputs"]]
    assert [p.name for p in paths] == ["thu-video_vi_270x480-draft.mp4",
                                       "thu-video_vi_270x480-draft.srt",
                                       "thu-video_vi_270x480-draft.vtt",
                                       "thu-video_vi_270x480-draft.preview.jpg",
                                       "thu-video_vi_270x480_storyboard-draft.png"]
    assert all(p.is_file() for p in paths)
    assert report(paths[0]).size == (270, 480)
    assert Image.open(paths[4]).width > 270
    srt_text = paths[1].read_text(encoding="utf-8")
    assert "Xin chào bà con." in srt_text and "Cảm ơn bà con đã lắng nghe!" in srt_text


@pytest.mark.slow
def test_readme_first_command_works_offline(project, tmp_path, monkeypatch):
    """`studio video scripts/ngay-quyen-con-nguoi.md` in a copy of the repository's
    examples, at LED size."""
    project.examples("ngay-quyen-con-nguoi.md")
    monkeypatch.chdir(project.root)
    out = tmp_path / "out"
    result = run_cli("video", "scripts/ngay-quyen-con-nguoi.md", "--offline", "--quiet",
                     "--size", "320x160", "-o", out)
    assert result.exit_code == 0, result.stderr
    printed = result.stdout.split()
    assert printed[0].endswith("ngay-quyen-con-nguoi_vi_320x160.mp4")
    assert report(Path(printed[0])).size == (320, 160)
    assert result.stderr == ""


def test_unapproved_script_is_refused_in_one_line(project, draft_script):
    result = run_cli("video", draft_script, "--project", project.root, "--offline")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "not approved" in result.stderr
    assert "--draft" in result.stderr and "Traceback" not in result.stderr
    assert not (project.root / "outputs").exists() or not any(
        (project.root / "outputs").rglob("*.mp4"))


@pytest.mark.parametrize("args, words", [(["--size", "271x480"], "even"),
                                         (["-f", "panorama"], "unknown video format"),
                                         (["--fps", "500"], "out of range")])
def test_bad_format_options_exit_2(project, draft_script, args, words):
    result = run_cli("video", draft_script, "--draft", "--project", project.root, *args)
    assert result.exit_code == 2 and words in result.stderr


def test_help_shows_an_example():
    result = run_cli("video", "--help")
    assert result.exit_code == 0
    assert "Example:\n      studio video scripts/ngay-quyen-con-nguoi.md\n" in result.stdout


def test_missing_glyph_is_refused_before_the_output_folder_exists(project):
    path = project.script("la.md", raw=DRAFT.replace("Hôm nay có tin mới.", "Chữ lạ ꙮ."))
    project.image("assets/images/binh-minh.jpg", size=(32, 24))
    result = run_cli("video", path, "--draft", "--offline", "--project", project.root)
    assert result.exit_code == 2 and "U+A66E" in result.stderr
    assert not (project.root / "outputs").exists()
