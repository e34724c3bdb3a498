"""Speakers through the command line: `studio subtitles` names who speaks (or not, with the
script's `video: {speaker_names: off}`), and a bad `--speaker-names` is one line, exit 2."""

from __future__ import annotations

from helpers_cli import error_lines, run_cli
from helpers_speech import speech_cache  # noqa: F401

FRONT = "title: Kịch\nlang: vi\nspeakers: {Cán bộ xã: male, Chị Lan: female}\n"
BODY = "## A\n**Chị Lan:** Chào anh.\n\n**Cán bộ xã:** Chào chị Lan.\n"


def srt_text(project, front: str) -> str:
    path = project.script("kich.md", front=front, body=BODY)
    result = run_cli("subtitles", path, "--offline", "--draft", "--size", "270x480",
                     "--project", project.root, "--out", project.root / "out")
    assert result.exit_code == 0, result.stderr
    return next((project.root / "out").glob("*.srt")).read_text(encoding="utf-8")


def test_subtitles_name_each_speaker_once_a_turn(project, speech_cache):
    text = srt_text(project, FRONT)
    assert "Chị Lan: Chào anh." in text and "Cán bộ xã: Chào chị Lan." in text


def test_the_script_may_leave_the_names_out(project, speech_cache):
    text = srt_text(project, FRONT + "video: {speaker_names: off}\n")
    assert "Chào anh." in text and "Chị Lan:" not in text and "Cán bộ xã:" not in text


def test_an_unknown_speaker_names_word_is_one_line(project):
    path = project.script("kich.md", front=FRONT, body=BODY)
    result = run_cli("video", path, "--speaker-names", "yes", "--project", project.root)
    assert result.exit_code == 2 and len(error_lines(result)) <= 3
    assert "speaker-names" in result.stderr and "Traceback" not in result.stderr
