"""Real clips, measured from the outside: every format, encoding, faststart, duration, sound,
subtitle pixels in the safe zone and in sync, sidecars, draft watermark, a video scene."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import srt
from PIL import Image

from helpers_project import ProjectMaker
from helpers_video import (bright_pixels, frame_at, hand_narration, integrated_loudness,
                           parse_vtt, report, rms_db, top_level_atoms)
from studio.ffmpeg import ffmpeg_exe
from studio.script import load
from studio.video import TARGET_LUFS, prepare_video, render_video

pytestmark = pytest.mark.slow

FORMATS = ["vertical", "landscape", "square", "tv", "270x480"]
GREEN = (0, 150, 0)
LEAD = 0.3  # the hook: the first scene at once, its voice 0.3 s later
CARDS = LEAD + 2.0  # lead-in + closing card seconds
# scene 0: "Xin chào bà con." 1.0 s, 1.6 s of silence, then a long sentence for 4.2 s
SCENE_TIMES = {0: [1.0, 4.2], 1: [3.5]}
GAP = 1.6

SCRIPT = """\
---
title: Quyền trẻ em
lang: vi
organization: UBND xã Hữu Lũng
logo: images/logo.png
music: audio/bed.wav
---
## Cảnh xanh
![Nền xanh](images/green.png)

> Mọi trẻ em đều có quyền được học tập

Xin chào bà con. Mọi trẻ em đều có quyền được học tập, vui chơi và được bảo vệ ở Lạng Sơn.

## Không có hình
Gia đình, nhà trường và xã hội cùng chung tay chăm lo cho trẻ em.
"""


def draft_script(project: ProjectMaker) -> Path:
    """SCRIPT, unapproved, with what it names: a green picture, a yellow logo on
    transparency, a 20-second 330 Hz music bed."""
    project.image("assets/images/green.png", size=(640, 480), colour=GREEN)
    logo = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    logo.paste((255, 200, 0, 255), (40, 40, 160, 160))
    logo.save(project.place("assets/images/logo.png"))
    t = np.arange(int(24000 * 20)) / 24000
    project.wav("assets/audio/bed.wav", 9000 * np.sin(2 * np.pi * 330 * t), 24000)
    return project.script("quyen-tre-em.md", raw=SCRIPT)


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """The test script rendered once in every format (shared narration and sound)."""
    maker = ProjectMaker(tmp_path_factory.mktemp("video"))
    root = maker.root
    script = maker.approve(draft_script(maker), "Chủ tịch UBND xã")
    narration = hand_narration(script, root / "narration", gap=GAP, durations=SCENE_TIMES)
    paths = render_video(prepare_video(script, formats=FORMATS, project=maker.proj,
                                       out=root / "out", storyboard=True), narration=narration)
    videos = {p.stem.split("_")[-1]: p for p in paths if p.suffix == ".mp4"}
    return {"script": script, "narration": narration, "paths": paths, "videos": videos,
            "root": root}


def expected_duration(narration) -> float:
    return narration.duration + CARDS


def test_outputs_are_named_and_complete(clips):
    names = sorted(p.name for p in clips["paths"])
    for fmt in FORMATS:
        stem = f"quyen-tre-em_vi_{fmt}"
        assert {f"{stem}.mp4", f"{stem}.srt", f"{stem}.vtt", f"{stem}_storyboard.png"} <= set(names)
    leftovers = [p for p in (clips["root"] / "out").iterdir() if p.name.startswith(".studio")]
    assert leftovers == []


@pytest.mark.parametrize("fmt, size, fps", [("vertical", (1080, 1920), 30),
                                            ("landscape", (1920, 1080), 30),
                                            ("square", (1080, 1080), 30),
                                            ("tv", (1920, 1080), 25),
                                            ("270x480", (270, 480), 30)])
def test_every_format_meets_the_spec(clips, fmt, size, fps):
    path = clips["videos"][fmt]
    info = report(path)
    assert info.size == size and info.fps == fps
    assert "h264 (High)" in info.video and "yuv420p" in info.video
    assert "aac (LC)" in info.audio and "48000 Hz" in info.audio and "stereo" in info.audio
    atoms = top_level_atoms(path)
    assert atoms.index("moov") < atoms.index("mdat")  # faststart
    assert info.duration == pytest.approx(expected_duration(clips["narration"]), abs=0.1)


def test_gop_is_closed_and_short(clips):
    log = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(clips["videos"]["270x480"]),
                          "-vf", "showinfo", "-f", "null", "-"], capture_output=True,
                         text=True).stderr
    keyframes = [line for line in log.splitlines() if "iskey:1" in line]
    duration = expected_duration(clips["narration"])
    assert len(keyframes) >= duration / 2.5  # a key frame at least every ~2 s


def test_sound_is_at_the_loudness_target(clips):
    lufs, peak = integrated_loudness(clips["videos"]["vertical"])
    assert lufs == pytest.approx(TARGET_LUFS, abs=1.0)
    assert peak < 0.0


def test_music_plays_under_the_cards_and_fades_out(clips):
    video = clips["videos"]["270x480"]
    total = expected_duration(clips["narration"])
    alone = rms_db(video, LEAD + 1.0 + 0.7, 0.6)  # the pause after the first sentence
    assert -45 < alone < -10
    assert rms_db(video, total - 0.25, 0.2) < alone - 10  # faded out at the end


def srt_cues(path: Path):
    return list(srt.parse(path.with_suffix(".srt").read_text(encoding="utf-8")))


@pytest.mark.parametrize("fmt", ["vertical", "270x480", "landscape"])
def test_sidecars_parse_agree_and_respect_line_length(clips, fmt):
    video = clips["videos"][fmt]
    subs = srt_cues(video)
    vtt = parse_vtt(video.with_suffix(".vtt").read_text(encoding="utf-8"))
    assert len(subs) == len(vtt) >= 3
    limit = 42 if fmt == "landscape" else 28
    for sub, (start, end, text) in zip(subs, vtt):
        assert sub.start.total_seconds() == pytest.approx(start, abs=0.001)
        assert sub.end.total_seconds() == pytest.approx(end, abs=0.001)
        assert sub.content == text
        lines = text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= limit for line in lines)
        assert 5 / 6 - 0.002 <= (end - start) <= 7.0
    words = " ".join(s.content.replace("\n", " ") for s in subs).split()
    spoken = " ".join(s.text for sn in clips["narration"].scenes for s in sn.sentences).split()
    assert words == spoken


def test_subtitles_follow_the_speech(clips):
    subs = srt_cues(clips["videos"]["vertical"])
    assert subs[0].content == "Xin chào bà con."
    assert subs[0].start.total_seconds() == pytest.approx(LEAD, abs=0.01)
    second_sentence = LEAD + 1.0 + GAP
    assert subs[1].start.total_seconds() == pytest.approx(second_sentence, abs=0.26)
    scene_two = LEAD + clips["narration"].scenes[0].duration
    last = subs[-1]
    assert scene_two <= last.start.total_seconds() < scene_two + 3.5


@pytest.mark.parametrize("fmt", ["vertical", "270x480"])
def test_subtitle_pixels_only_inside_cues_and_in_the_band(clips, fmt):
    video = clips["videos"][fmt]
    width, height = report(video).size
    band_bottom = round(height * 0.65)
    side = round(width * 0.06)
    first = srt_cues(video)[0]
    during = frame_at(video, (first.start.total_seconds() + first.end.total_seconds()) / 2)
    silence = frame_at(video, LEAD + 1.0 + GAP / 2 + 0.6)  # in the pause after cue 1
    band = (side, round(height * 0.45), width - side, band_bottom)
    assert bright_pixels(during, band) > width * height * 0.0005
    assert bright_pixels(silence, band) == 0
    for frame in (during, silence):
        assert bright_pixels(frame, (0, band_bottom, width, height)) == 0  # bottom 35 % clear
        assert bright_pixels(frame, (0, 0, side, height)) == 0  # sides clear
        assert bright_pixels(frame, (width - side, 0, width, height)) == 0
        pixels = np.asarray(frame)
        assert np.abs(pixels[height - 5, width // 2].astype(int) - GREEN).max() < 25


def test_headline_logo_and_cards(clips):
    video = clips["videos"]["vertical"]
    scene = np.asarray(frame_at(video, 4.0)).astype(int)  # past the title
    yellow = (scene[..., 0] > 200) & (scene[..., 1] > 200) & (scene[..., 2] < 80)
    rows = np.nonzero(yellow.any(axis=1))[0]
    assert rows.min() >= 1920 * 0.14 - 2  # headline and logo stay out of the top 14 %
    assert yellow[: round(1920 * 0.4)].sum() > 2000
    scene_two = LEAD + clips["narration"].scenes[0].duration + 1.0
    card = np.asarray(frame_at(video, scene_two)).astype(int)
    assert np.abs(card[20, 20] - (218, 37, 29)).max() < 12  # no picture → house-style card
    closing = np.asarray(frame_at(video, report(video).duration - 0.3)).astype(int)
    assert np.abs(closing[20, 20] - (218, 37, 29)).max() < 12  # the closing card


def test_the_first_frames_show_the_scene_with_the_title_and_speech_follows(clips):
    """The hook: at 0.3 s the first scene's picture is on screen with the title over it, and
    at 0.5 s the sound is the voice, not silence."""
    video = clips["videos"]["vertical"]
    first = np.asarray(frame_at(video, 0.3)).astype(int)
    assert np.abs(first[1920 - 5, 540] - GREEN).max() < 25  # the scene's picture
    yellow = (first[..., 0] > 200) & (first[..., 1] > 200) & (first[..., 2] < 80)
    middle = yellow[round(1920 * 0.4): round(1920 * 0.6)]
    assert middle.sum() > 3000  # the title in the middle of the frame
    later = np.asarray(frame_at(video, 3.5)).astype(int)
    later_yellow = (later[..., 0] > 200) & (later[..., 1] > 200) & (later[..., 2] < 80)
    assert later_yellow[round(1920 * 0.4): round(1920 * 0.6)].sum() < middle.sum() / 10
    assert rms_db(video, 0.5, 0.2) > rms_db(video, 0.0, 0.2) + 20  # speech by 0.5 s


def test_storyboard_has_a_frame_per_scene(clips):
    sheet = next(p for p in clips["paths"] if p.name == "quyen-tre-em_vi_vertical_storyboard.png")
    from studio.graphics.contact_sheet import grid_size
    from studio.video.storyboard import THUMB_LONG_SIDE
    spans = len(SCENE_TIMES) + 1  # each scene, closing card
    _, width, height = grid_size(spans, columns=4, cell=THUMB_LONG_SIDE, heading=True)
    with Image.open(sheet) as image:
        assert image.size == (width, height)
        pixels = np.asarray(image.convert("RGB"))
    cells = [pixels[64 + THUMB_LONG_SIDE // 2, 16 + i * (THUMB_LONG_SIDE + 16)
                    + THUMB_LONG_SIDE // 2] for i in range(spans)]
    assert all(np.abs(c.astype(int) - (238, 238, 238)).max() > 30 for c in cells)  # a frame each


@pytest.fixture(scope="module")
def draft_pair(tmp_path_factory, clips):
    """The same script unapproved, rendered as a draft at 270x480."""
    maker = ProjectMaker(tmp_path_factory.mktemp("draft"))
    root = maker.root
    script = load(draft_script(maker), maker.proj)
    narration = hand_narration(script, root / "narration", gap=GAP, durations=SCENE_TIMES)
    paths = render_video(prepare_video(script, formats=["270x480"], project=maker.proj,
                                       out=root / "out", allow_draft=True), narration=narration)
    return paths, clips["videos"]["270x480"]


def test_draft_is_named_and_watermarked_on_every_frame(draft_pair):
    paths, final = draft_pair
    draft = paths[0]
    assert draft.name == "quyen-tre-em_vi_270x480-draft.mp4"
    assert [p.name for p in paths[1:]] == ["quyen-tre-em_vi_270x480-draft.srt",
                                           "quyen-tre-em_vi_270x480-draft.vtt",
                                           "quyen-tre-em_vi_270x480-draft.preview.jpg"]
    total = report(draft).duration
    band = (0, 240 - 30, 270, 240 + 30)
    for t in (0.5, 3.5, 5.0, total - 0.5):
        marked = np.asarray(frame_at(draft, t).crop(band)).astype(float)
        clean = np.asarray(frame_at(final, t).crop(band)).astype(float)
        dark_rows = (marked.mean(axis=(1, 2)) < clean.mean(axis=(1, 2)) - 25).sum()
        assert dark_rows >= 20, f"no watermark band at {t} s"  # the band is 45 px tall


def test_poster_frame_is_the_first_picture_small(draft_pair):
    """The .preview.jpg the review page puts on the player: the video's first picture (the
    first scene with the title over it, watermark and all), at most 640 px, a JPEG."""
    paths, _ = draft_pair
    video, still = paths[0], paths[-1]
    def pixels(image: Image.Image) -> np.ndarray:
        return np.asarray(image.convert("RGB").resize((135, 240))).astype(float)

    with Image.open(still) as image:
        assert image.format == "JPEG" and max(image.size) <= 640
        assert image.size[0] / image.size[1] == pytest.approx(270 / 480, abs=0.02)
        shown = pixels(image)
    first = pixels(frame_at(video, 0.5))  # the headline in, the first cue on
    last = pixels(frame_at(video, report(video).duration - 0.5))  # the closing card, also red
    assert np.abs(shown - first).mean() < 8  # the same picture, bar compression
    assert np.abs(shown - first).mean() < np.abs(shown - last).mean() / 2


def test_unapproved_script_is_refused_without_draft(project):
    from studio.errors import ApprovalError
    script = load(draft_script(project), project.proj)
    with pytest.raises(ApprovalError):
        prepare_video(script, formats=["270x480"], project=project.proj)
    assert not (project.root / "outputs").exists()


VIDEO_SCRIPT = """\
---
title: Cảnh quay
lang: vi
---
## Đoạn phim
![Phim](video/clip.mp4)

> Tiêu đề trên phim

Đây là một cảnh quay ngắn được lặp lại.
"""


@pytest.fixture(scope="module")
def video_scene(tmp_path_factory):
    """A scene whose visual is a 1-second video, narrated for 2.6 s (so it loops)."""
    maker = ProjectMaker(tmp_path_factory.mktemp("clip"))
    root = maker.root
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "testsrc=size=320x240:rate=25:duration=1", "-vf", "eq=brightness=-0.35",
                    "-pix_fmt", "yuv420p", str(maker.place("assets/video/clip.mp4"))],
                   check=True)
    script = maker.approved("canh-quay.md", raw=VIDEO_SCRIPT, by="Ban biên tập")
    narration = hand_narration(script, root / "narration", durations={0: [2.6]})
    paths = render_video(prepare_video(script, formats=["270x480"], project=maker.proj,
                                       out=root / "out"), narration=narration)
    return paths[0], narration


def test_video_scene_is_looped_with_text_over_it(video_scene):
    video, narration = video_scene
    assert report(video).duration == pytest.approx(narration.duration + CARDS, abs=0.1)
    frames = {t: np.asarray(frame_at(video, t)).astype(float) for t in (0.4, 0.8, 1.4)}
    moved = np.abs(frames[0.4] - frames[0.8]).mean()
    assert moved > 1.0  # it moves
    looped = np.abs(frames[0.4] - frames[1.4])[:300].mean()  # the same text on both
    assert looped < moved / 3  # one second later the 1-second clip shows the same picture
    frame = frame_at(video, 2.7)  # the title over the first 2.5 s has gone
    assert bright_pixels(frame, (16, 150, 254, 312)) > 50  # subtitle over the video
    pixels = np.asarray(frame).astype(int)
    yellow = (pixels[..., 0] > 200) & (pixels[..., 1] > 200) & (pixels[..., 2] < 80)
    assert yellow[:200].sum() > 100  # headline over the video


def test_a_video_file_without_picture_is_one_clear_error(project):
    from studio.errors import AssetError
    clip = project.place("assets/video/clip.mp4")
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=d=1", str(clip)],
                   check=True)
    script = load(project.script("canh-quay.md", raw=VIDEO_SCRIPT), project.proj)
    with pytest.raises(AssetError) as err:
        prepare_video(script, formats=["270x480"], project=project.proj, allow_draft=True)
    assert "clip.mp4" in str(err.value) and "no video" in str(err.value)
