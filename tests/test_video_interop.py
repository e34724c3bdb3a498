"""moviepy interop: `to_moviepy(job)` is the same clip `render_video(job)` encodes — the same
length, size, frames and sound — and without the extra it is one line naming it."""

from __future__ import annotations

import builtins

import numpy as np
import pytest

from helpers_video import frame_at, hand_narration
from studio.errors import StudioError
from studio.media import probe
from studio.project import Project
from studio.script import approve
from studio.video import prepare_video, render_video

moviepy = pytest.importorskip("moviepy")
pytestmark = pytest.mark.slow

SCRIPT = """\
---
title: Nước sạch cho mọi nhà
lang: vi
organization: UBND xã Tân Thanh
---
## Cảnh một
![Nền](images/blue.png)

Xin chào bà con. Hôm nay xã ta nói về nước sạch.

## Cảnh hai
Mọi gia đình đều có quyền được dùng nước sạch.
"""


@pytest.fixture(scope="module")
def job_and_video(tmp_path_factory):
    from PIL import Image
    root = tmp_path_factory.mktemp("interop")
    (root / "assets" / "images").mkdir(parents=True)
    (root / "scripts").mkdir()
    Image.new("RGB", (400, 300), (20, 60, 200)).save(root / "assets" / "images" / "blue.png")
    path = root / "scripts" / "nuoc-sach.md"
    path.write_text(SCRIPT, encoding="utf-8")
    project = Project.at(root)
    script = approve(path, "Ban biên tập", project=project)
    narration = hand_narration(script, root / "narration")
    job = prepare_video(script, formats=["270x480"], project=project, out=root / "out",
                        style={"motion": "none", "transition": "cut"})
    video = render_video(job, narration=narration)[0]
    from studio.video.interop import to_moviepy
    clip = to_moviepy(job, root / "work", narration=narration)
    yield job, video, clip
    clip.close()


def test_the_clip_has_the_videos_length_size_and_sound(job_and_video):
    _, video, clip = job_and_video
    info = probe(video)
    assert clip.size == (info.width, info.height) == (270, 480)
    assert clip.duration == pytest.approx(info.duration, abs=0.1)
    assert clip.audio is not None and clip.audio.duration == pytest.approx(clip.duration,
                                                                            abs=0.05)
    sound = clip.audio.to_soundarray()
    assert np.abs(sound).max() > 0.05  # the narration is in it, not silence


@pytest.mark.parametrize("t", [1.0, 4.0, 6.5])
def test_the_clip_shows_the_frames_the_video_shows(job_and_video, t):
    _, video, clip = job_and_video
    ours = np.asarray(frame_at(video, t)).astype(float)
    theirs = clip.get_frame(t).astype(float)
    assert ours.shape == theirs.shape
    assert np.abs(ours - theirs).mean() < 6  # the same picture, but for H.264's losses
    other = clip.get_frame(1.0 if t != 1.0 else 6.5).astype(float)
    assert np.abs(ours - other).mean() > np.abs(ours - theirs).mean()  # and not any picture


def test_without_moviepy_the_error_names_the_extra(job_and_video, monkeypatch, tmp_path):
    job, _, _ = job_and_video
    real_import = builtins.__import__

    def no_moviepy(name, *args, **kwargs):
        if name == "moviepy" or name.startswith("moviepy."):
            raise ImportError("No module named 'moviepy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_moviepy)
    from studio.video.interop import to_moviepy
    with pytest.raises(StudioError) as err:
        to_moviepy(job, tmp_path)
    assert 'pip install "studio[moviepy]"' in str(err.value)
    assert len(str(err.value).splitlines()) == 1


def test_a_job_that_moves_is_refused_with_the_settings_to_change(job_and_video, tmp_path):
    from studio.errors import StudioError
    from studio.video.interop import to_moviepy
    job, _, _ = job_and_video
    moving = prepare_video(job.script, formats=["270x480"], project=job.project,
                           out=tmp_path / "out")
    with pytest.raises(StudioError) as err:
        to_moviepy(moving, tmp_path / "work")
    assert "motion" in str(err.value) and "transition" in str(err.value)
    assert not (tmp_path / "work").exists()
