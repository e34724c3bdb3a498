"""`studio speak`, `studio normalize`, `studio voices` run in-process (helpers_cli)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import mutagen
import pytest

from helpers_cli import run_cli
from helpers_speech import no_network, speech_cache, tone  # noqa: F401
from studio.ffmpeg import ffmpeg_log
from studio.media import probe


def integrated_lufs(path: Path) -> float:
    """Loudness read by this test from ffmpeg's ebur128 summary."""
    log = ffmpeg_log(["-i", str(path), "-af", "ebur128", "-f", "null", "-"])
    return float(re.search(r"I:\s*(-?[\d.]+) LUFS", log.rsplit("Summary:", 1)[1]).group(1))


def test_speak_text_writes_a_real_mp3(tmp_path, speech_cache, no_network):
    out = tmp_path / "thong-bao.mp3"
    result = run_cli("speak", "Kế hoạch số 180/KH-UBND ngày 03/9/2023.", "-o", out,
                     "--project", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert result.stderr.count("offline voice") == 1
    info = probe(out)
    assert (info.audio_codec, info.channels, info.sample_rate) == ("mp3", 1, 44100)
    assert 4 < info.duration < 20  # ~30 syllables once numbers are words
    assert integrated_lufs(out) > -40
    tags = mutagen.File(out).tags
    assert tags.version[:2] == (2, 3) and str(tags["TIT2"]).startswith("Kế hoạch số 180")


def test_speak_approved_script_offline(project, tmp_path, speech_cache):
    out = tmp_path / "x.mp3"
    [src] = project.examples("bay-cong-uoc.md")
    result = run_cli("speak", src, "-o", out, "--offline", "--project", project.root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # --offline: nothing to tell
    info = probe(out)
    assert info.audio_codec == "mp3" and 20 < info.duration < 80
    assert integrated_lufs(out) > -40


def test_speak_draft_needs_the_flag_and_is_marked(project, tmp_path, speech_cache):
    [src] = project.examples("nhap-quyen-tre-em.md")
    out = tmp_path / "tre-em.mp3"
    refused = run_cli("speak", src, "-o", out, "--offline", "--project", project.root)
    assert refused.exit_code == 2 and "not approved" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not out.exists()
    done = run_cli("speak", src, "-o", out, "--offline", "--draft", "--project", project.root)
    assert done.exit_code == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.name == "tre-em-draft.mp3" and written.is_file()
    assert "BẢN NHÁP" in str(mutagen.File(written).tags["TIT2"])


def test_missing_recording_is_exit_2_with_file_and_line(project, speech_cache):
    path = project.script(front="title: Thử\nlang: hmn\n", body="\n## Cảnh một\n\nLus.\n")
    result = run_cli("speak", path, "--draft", "--project", project.root)
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:\d+: scene 'Cảnh một' has no recording",
                     result.stderr)
    assert "Traceback" not in result.stderr


def test_recorded_script_speaks_the_recording(project, speech_cache):
    tone(project.root / "scripts" / "loi.m4a", 2.0)
    path = project.script(front="title: Thử\nlang: tay\n",
                          body="## Cảnh\n\n[voice](loi.m4a)\n\nSlao tày.\n")
    out = project.root / "out.mp3"
    result = run_cli("speak", path, "--draft", "-o", out, "--project", project.root)
    assert result.exit_code == 0, result.stderr
    assert abs(probe(Path(result.stdout.strip())).duration - 2.0) < 0.15


def test_failed_online_speech_leaves_earlier_output_untouched(tmp_path, speech_cache,
                                                              no_network):
    out = tmp_path / "a.mp3"
    out.write_bytes(b"earlier good file")
    result = run_cli("speak", "Xin chào.", "-o", out, "--engine", "gtts", "--project", tmp_path)
    assert result.exit_code == 2 and "online voice" in result.stderr
    assert out.read_bytes() == b"earlier good file"
    assert [p.name for p in tmp_path.iterdir()] == ["a.mp3"]


def test_speak_to_wav(tmp_path, speech_cache):
    out = tmp_path / "a.wav"
    result = run_cli("speak", "Xin chào.", "-o", out, "--offline", "--project", tmp_path)
    assert result.exit_code == 0 and probe(out).audio_codec == "pcm_s16le"


def test_speak_rejects_an_unknown_output_type(tmp_path, speech_cache):
    result = run_cli("speak", "Xin chào.", "-o", tmp_path / "a.ogg", "--offline",
                     "--project", tmp_path)
    assert result.exit_code == 2 and "name the output .mp3 or .wav" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_speak_into_a_folder(tmp_path, speech_cache):
    result = run_cli("speak", "Xin chào bà con.", "-o", tmp_path / "ra", "--offline",
                     "--project", tmp_path)
    assert result.exit_code == 0
    assert Path(result.stdout.strip()) == tmp_path / "ra" / "xin-chao-ba-con.mp3"


def test_normalize_prints_one_line():
    result = run_cli("normalize", "Kế hoạch số 180/KH-UBND ngày 03/9/2023")
    assert result.exit_code == 0
    assert result.stdout == ("Kế hoạch số một trăm tám mươi của Ủy ban nhân dân ngày ba tháng "
                             "chín năm hai nghìn không trăm hai mươi ba\n")


def test_normalize_uses_the_project_lexicon(project):
    project.lexicon("UBND\tủy ban\n")
    result = run_cli("normalize", "UBND xã", "--project", project.root)
    assert result.stdout == "ủy ban xã\n"


def test_voices_lists_engines_and_usability(no_network):
    result = run_cli("voices", "--json")
    rows = json.loads(result.stdout)
    usable = {(r["engine"], r["voice"]): r["usable"] for r in rows}
    assert usable[("espeak", "vi")] and usable[("espeak", "vi-VN-x-south")]
    assert usable[("gtts", "vi")] is False and usable[("recorded", "human")]
    text = run_cli("voices").stdout
    assert "espeak" in text and "gtts" in text and "hmn" in text


@pytest.mark.parametrize("command", ["speak", "normalize", "voices"])
def test_help_ends_with_an_example(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout
    assert f"studio {command}" in result.stdout.split("Example:")[1]
