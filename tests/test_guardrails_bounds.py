"""Bounded work and memory (issue #13, items 7–11), where the bad-input corpus cannot say it:
answers from the online voice, long recordings, limits and progress, the proxy, the locks.
Big inputs are generated here, cheaply; the corpus holds the cases that fit it (71–76)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from helpers_cli import error_lines, run_cli
from helpers_speech import tone  # noqa: F401
from studio.ffmpeg import ffmpeg_exe
from studio.speech.wav import Audio, silence, speech_bounds, wav_speech_bounds, write_wav


# -- 8. Long recordings: bounded memory, their real length, a warning past 30 minutes ----------

def test_speech_bounds_read_block_by_block_match_the_whole(tmp_path, monkeypatch):
    rate = 22050
    samples = np.zeros(rate * 3, dtype=np.int16)
    samples[rate // 2 + 7: 2 * rate + 3] = 8000  # speech from 0.5 s to 2 s, odd offsets
    path = write_wav(tmp_path / "a.wav", Audio(samples, rate))
    monkeypatch.setattr("studio.speech.wav.BLOCK_FRAMES", 1000)  # many blocks, bounds inside
    assert wav_speech_bounds(path) == speech_bounds(Audio(samples, rate))
    assert wav_speech_bounds(write_wav(tmp_path / "b.wav", silence(2.0))) is None


def test_check_estimates_a_recorded_scene_by_its_length_not_its_words(project):
    tone(project.root / "scripts" / "ghi-am.mp3", 3.0)
    transcript = " ".join(["Bà con chú ý lắng nghe thông báo của xã."] * 6)  # ~18 s to read
    project.script("s.md", body=f"## A\n[voice](ghi-am.mp3)\n{transcript}\n")
    result = run_cli("check", project.root / "scripts" / "s.md", "--json",
                     "--project", project.root)
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert 2.5 < row["estimated_seconds"] < 4.0, row
    assert row["warnings"] == []


def long_recording(path: Path, minutes: float) -> Path:
    """A long, small recording: a low tone at 8 kHz and 8 kb/s (~60 KB a minute)."""
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"sine=frequency=300:sample_rate=8000:duration={minutes * 60}",
                    "-ac", "1", "-c:a", "libmp3lame", "-b:a", "8k", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def forty_minutes(tmp_path_factory) -> Path:
    """A project whose one scene is a 40-minute recording."""
    root = tmp_path_factory.mktemp("long-recording")
    (root / "scripts").mkdir()
    long_recording(root / "scripts" / "hop-dan.mp3", 40)
    (root / "scripts" / "s.md").write_text(
        "---\ntitle: Họp dân\nlang: vi\n---\n## Cả buổi họp\n[voice](hop-dan.mp3)\n"
        "Biên bản cuộc họp dân.\n", encoding="utf-8")
    return root


@pytest.mark.slow
def test_check_counts_and_warns_about_a_forty_minute_recording(forty_minutes):
    result = run_cli("check", forty_minutes / "scripts" / "s.md", "--project", forty_minutes)
    assert result.exit_code == 0, result.stderr
    assert "~2400 s" in result.stdout  # not "~1 s" from the transcript's five words
    [warning] = error_lines(result)
    assert warning.startswith("warning: ") and "line 6: recording 'hop-dan.mp3' is 40 " \
        "minutes long, longer than any bulletin needs (30)" in warning, warning


NARRATE = textwrap.dedent("""
    import sys
    from studio.project import Project
    from studio.script import load
    from studio.speech.narrate import narrate
    from studio.speech.voice import Voice
    root = Project.at(sys.argv[1])
    done = narrate(load(root.root / "scripts" / "s.md", root), voice=Voice(cache_dir=sys.argv[2]))
    print(round(done.duration))
""")
# A small parent for the narrating process: a child's peak RSS counts what it inherited at
# fork (pytest's own few hundred MB), so the child is started from a bare interpreter.
PEAK_OF_CHILD = textwrap.dedent("""
    import resource, subprocess, sys
    out = subprocess.run([sys.executable, "-c", *sys.argv[1:]], capture_output=True,
                         text=True, check=True).stdout
    print(out.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
""")


@pytest.mark.slow
def test_a_forty_minute_recording_narrates_in_bounded_memory(forty_minutes, tmp_path):
    """Peak memory of a process narrating it (decoded it is 106 MB of samples): before, the
    samples were held and copied several times (644–683 MB); now they stream to disk."""
    pytest.importorskip("resource")  # POSIX only: ru_maxrss
    proc = subprocess.run([sys.executable, "-c", PEAK_OF_CHILD, NARRATE, str(forty_minutes),
                           str(tmp_path / "c")], capture_output=True, text=True, check=True)
    seconds, peak = (int(v) for v in proc.stdout.split())
    assert seconds == 2400
    peak_mb = peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # macOS: bytes
    assert peak_mb < 150, f"narrating a 40-minute recording peaked at {peak_mb:.0f} MB"


