"""The project's own signature tune opens the video, as it opens the project's loudspeaker
bulletins (`assets/jingles/opening.*`), measured in a rendered clip's sound: its pitch is
the project's tune, not the built-in one."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from helpers_audio import write_wav
from helpers_video import hand_narration
from studio.ffmpeg import ffmpeg_exe
from studio.resources import builtin_assets
from studio.sound import jingle_files
from studio.video import prepare_video, render_video

PITCH = 1234.0  # Hz: a tone no built-in tune holds
RATE = 48000
BODY = "## Mở đầu\n\nMỗi thôn có một giếng nước sạch.\n"


def pitch(path, start: float, seconds: float) -> float:
    """The loudest frequency of the clip's sound between `start` and `start + seconds`."""
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", f"{start}", "-t", f"{seconds}",
                          "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE),
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    samples = np.frombuffer(raw, dtype="<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[np.argmax(spectrum)])


def own_tune(project) -> None:
    t = np.arange(int(1.5 * 24000)) / 24000
    write_wav(project.root / "assets" / "jingles" / "opening.wav",
              np.sin(2 * np.pi * PITCH * t) * 12000)


def test_the_project_tune_replaces_the_built_in_one_for_both_products(project):
    shipped = builtin_assets() / "jingles"
    assert jingle_files(project.proj) == (shipped / "opening.wav", shipped / "closing.wav")
    own_tune(project)
    assert jingle_files(project.proj)[0] == project.root / "assets" / "jingles" / "opening.wav"


@pytest.mark.slow
def test_the_project_signature_tune_opens_the_clip(project):
    script = project.approved(body=BODY)
    narration = hand_narration(script, project.root / "narration")
    style = {"signature": "on", "motion": "none", "transition": "cut"}
    clips = {}
    for name in ("built-in", "own"):
        if name == "own":
            own_tune(project)
        job = prepare_video(script, formats=["270x480"], project=project.proj,
                            out=project.root / name, style=style)
        clips[name] = render_video(job, narration=narration)[0]
    assert abs(pitch(clips["own"], 0.0, 0.25) - PITCH) < 10  # before the first words
    assert abs(pitch(clips["built-in"], 0.0, 0.25) - PITCH) > 50
