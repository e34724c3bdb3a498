"""A clip of many moving scenes is encoded in parts joined by stream copy (for memory): the
cuts fall on closed-GOP boundaries clear of every transition, the parts add up to the clip,
a photo's movement goes on across a cut, and the joined file is as long and as smooth as one
encode would make it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers_video import hand_narration, rms_db
from studio.ffmpeg import ffmpeg_exe
from studio.media import probe
from studio.video import parts
from studio.video import prepare_video, render_video
from studio.video.encode import graph_for, metadata_args
from studio.video.formats import parse_format
from studio.video.motion import pattern
from studio.video.parts import RUNS_PER_PART, plan_parts, split_times
from studio.video.runs import Layer, Run
from studio.video.stills import Still

FPS = 30.0
HALF = 0.2


def moving(k: int, seconds: float) -> Run:
    """A moving photo run of `seconds`, its texts in two pictures and one caption band."""
    texts = (Still(Path(f"t{k}a.tga"), 0.5), Still(Path(f"t{k}b.tga"), seconds - 0.5))
    return Run(texts, photo=Path(f"bg{k}.bmp"), motion=pattern(k, 0.08),
               captions=Layer((Still(Path(f"c{k}.tga"), seconds),), (0, 900)))


RUNS = tuple(moving(k, s) for k, s in enumerate((10.5, 8.5, 10.0, 7.0, 8.5, 7.5))) + (
    Run((Still(Path("closing.bmp"), 2.0),)),)
TOTAL = sum(r.duration for r in RUNS)


def test_cuts_fall_on_gop_boundaries_clear_of_the_transitions():
    cuts = split_times(RUNS, FPS, HALF)
    starts = np.cumsum([0.0] + [r.duration for r in RUNS])
    assert len(cuts) == 2  # six moving scenes and the closing card: three parts
    for cut in cuts:
        assert round(cut * FPS) % 60 == 0  # a 2-s GOP starts there
        k = int(np.searchsorted(starts, cut, side="right")) - 1
        assert starts[k] + HALF < cut < starts[k + 1] - HALF  # inside one scene, no fade


def test_the_parts_add_up_to_the_clip_and_the_movement_goes_on():
    parts = plan_parts(RUNS, FPS, HALF, TOTAL)
    assert len(parts) == 3 and all(len(p.runs) <= RUNS_PER_PART for p in parts)
    assert sum(p.duration for p in parts) == pytest.approx(TOTAL)
    head, tail = parts[0].runs[-1], parts[1].runs[0]
    assert head.photo == tail.photo and head.movement == tail.movement
    assert tail.moved == round(head.duration * FPS)  # the tail starts where the head ended
    assert head.duration + tail.duration == pytest.approx(RUNS[2].duration + 2 * HALF)
    assert head.captions.duration == pytest.approx(head.duration)
    _, graph = graph_for(parts[1].runs, parse_format("vertical"), "crossfade", HALF, "part1-")
    assert f"(on+{tail.moved})" in graph  # the ramp picks up its frame count
    # each part's picture lasts its share: the xfade chain ends where the part does
    for part in parts:
        length = sum(r.duration for r in part.runs) - 2 * HALF * (len(part.runs) - 1)
        assert length == pytest.approx(part.duration, abs=1e-6)


def test_a_short_clip_or_a_cut_clip_stays_one_command():
    assert split_times(RUNS[:2], FPS, HALF) == []
    short = tuple(moving(k, 1.0) for k in range(5))  # no GOP boundary clear of the fades
    assert len(plan_parts(short, FPS, HALF, 5.0)) == 1


SCRIPT = "---\ntitle: Từng phần\nlang: vi\n---\n" + "".join(
    f"## Cảnh {n}\n![Ảnh](images/p{n}.png)\n\nCâu nói thứ {n} của đoạn phim.\n\n"
    for n in range(4))


def gray_frames(video: Path) -> np.ndarray:
    """Every frame of `video`, small and grey, in order."""
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-vf", "scale=90:160",
                          "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 160, 90).astype(float)


def narrated(project, name: str, text: str, scenes: int, seconds: float, *, seed: int):
    """An approved script of `scenes` photo scenes (smooth random pictures), each narrated
    for `seconds` by hand."""
    rng = np.random.default_rng(seed)
    for n in range(scenes):
        base = Image.fromarray(rng.integers(0, 255, (14, 8, 3), dtype=np.uint8))
        base.resize((400, 700), Image.Resampling.BICUBIC).save(
            project.place(f"assets/images/p{n}.png"))
    script = project.approved(name, raw=text)
    return script, hand_narration(script, project.root / "narration",
                                  durations={n: [seconds] for n in range(scenes)})


@pytest.mark.slow
def test_a_clip_made_in_parts_is_whole_and_smooth(project, monkeypatch):
    """Four moving scenes are encoded in two parts; the joined clip has every frame of the
    soundtrack's length, and at the cut the picture moves on as much as between any two
    frames around it (no jump back to the movement's start, no repeated frame)."""
    script, narration = narrated(project, "parts.md", SCRIPT, 4, 2.6, seed=3)
    made = []
    real = parts.part_args
    monkeypatch.setattr(parts, "part_args", lambda p, n, *a: made.append(p) or real(p, n, *a))
    job = prepare_video(script, formats=["270x480"], project=project.proj,
                        out=project.root / "out")
    video = render_video(job, narration=narration)[0]
    timeline = job.timeline(narration)
    assert len(made) == 2
    cut = made[0].duration
    frames = gray_frames(video)
    assert len(frames) == round(timeline.total * 30)
    assert probe(video).duration == pytest.approx(timeline.total, abs=0.05)
    n = round(cut * 30)
    steps = [np.abs(frames[k + 1] - frames[k]).mean() for k in range(n - 4, n + 3)]
    across = steps[3]  # frame n-1 to frame n: the last of one part to the first of the next
    around = steps[:3] + steps[4:]
    assert across > 0.05 * max(around)  # not a repeated frame
    assert across < 3 * max(around) + 1.0  # not a jump


STILL_SCRIPT = "---\ntitle: Ảnh tĩnh\nlang: vi\nvideo:\n  motion: none\n  transition: cut\n" \
    "---\n" + "".join(f"## Cảnh {n}\n![Ảnh](images/p{n}.png)\n\nCâu nói thứ {n} của đoạn "
                      "phim, đủ dài để có phụ đề.\n\n" for n in range(3))


def mono(path: Path) -> np.ndarray:
    """A file's sound, mono at 8 kHz."""
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:a", "-ac",
                          "1", "-ar", "8000", "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.int16).astype(float)


@pytest.mark.slow
def test_a_clip_s_sound_is_encoded_beside_its_picture_and_stays_in_sync(project, monkeypatch,
                                                                        tmp_path):
    """From SEPARATE_AUDIO_SECONDS on, the AAC track is its own ffmpeg run, the video is
    encoded without sound, and the join copies both: the clip's sound is the soundtrack,
    sample for sample in time (no shift of the encoder's priming), and the clip has every
    frame; a shorter clip stays one command with its sound."""
    script, narration = narrated(project, "still.md", STILL_SCRIPT, 3, 4.0, seed=5)
    commands: list[list[str]] = []
    real = parts.run_encode

    def recorded(args, *rest, **kwargs):
        commands.append([str(a) for a in args])
        if args[-1].endswith(".m4a"):  # keep the soundtrack to compare with
            (tmp_path / "sound.wav").write_bytes(Path(args[args.index("-i") + 1]).read_bytes())
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(parts, "run_encode", recorded)
    job = prepare_video(script, formats=["270x480"], project=project.proj,
                        out=project.root / "out")
    video = render_video(job, narration=narration)[0]
    total = job.timeline(narration).total
    assert total >= parts.SEPARATE_AUDIO_SECONDS
    assert len(commands) == 3
    audio = next(c for c in commands if c[-1].endswith(".m4a"))  # its own thread: any order
    picture, joined = [c for c in commands if c is not audio]
    assert audio[-1].endswith("track.m4a") and "-vn" in audio
    assert "-an" in picture and "libx264" in picture
    assert joined[joined.index("-c") + 1] == "copy"
    assert len(gray_frames(video)) == round(total * FPS)
    ours, theirs = mono(video), mono(tmp_path / "sound.wav")
    assert abs(len(ours) - len(theirs)) <= 8  # within a millisecond
    n = min(len(ours), len(theirs))
    lag = np.argmax(np.correlate(ours[:n:4], theirs[:n:4], "full")) - (n - 1) // 4
    assert abs(lag) <= 1  # within 0.5 ms

    commands.clear()
    monkeypatch.setattr(parts, "SEPARATE_AUDIO_SECONDS", total + 1)
    render_video(job, narration=narration)
    assert len(commands) == 1 and "aac" in commands[0]  # one command, sound and picture


@pytest.mark.slow
def test_the_formats_of_one_render_share_one_encoded_soundtrack(project, monkeypatch):
    """Two formats of a clip past SEPARATE_AUDIO_SECONDS: the soundtrack is AAC-encoded once,
    and both clips carry that track whole."""
    script, narration = narrated(project, "two.md", STILL_SCRIPT, 3, 4.0, seed=6)
    outputs: list[str] = []
    real = parts.run_encode

    def recorded(args, *rest, **kwargs):
        outputs.append(str(args[-1]))
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(parts, "run_encode", recorded)
    job = prepare_video(script, formats=["270x480", "480x270"], project=project.proj,
                        out=project.root / "out")
    videos = [p for p in render_video(job, narration=narration) if p.suffix == ".mp4"]
    assert len(videos) == 2
    assert sum(out.endswith(".m4a") for out in outputs) == 1
    tall, wide = mono(videos[0]), mono(videos[1])
    assert len(tall) == len(wide) and np.array_equal(tall, wide)
    assert rms_db(videos[1], 1.0, 3.0) > -40  # the narration, not silence
    for video in videos:  # the sound says its language, as ffmpeg reads it back
        log = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(video)],
                             capture_output=True, text=True).stderr
        assert re.search(r"Stream #0:1\S*\(vie\): Audio: aac", log), log


def test_tags_name_the_file_and_an_audio_key_the_sound_track():
    assert metadata_args({"title": "Tin", "audio:language": "tyz"}) == [
        "-metadata", "title=Tin", "-metadata:s:a:0", "language=tyz"]
