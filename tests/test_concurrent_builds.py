"""Two studio commands on one project at once, as real processes: the second build (or a
video/audio render into the same outputs/) refuses at once with one line and exit 2, the
first finishes, and neither the manifest nor the narration cache is left inconsistent."""

from __future__ import annotations

import json
import time

import pytest

from studio.fsutil import lock_path

from helpers_processes import (Env, add_approved_script, assert_all_complete,
                               assert_cache_sound, assert_manifest_consistent,
                               one_line_no_traceback, run, run_together, start, temp_files,
                               work_dirs)

BUILD = ("build", "--offline", "--json")
ALL_TARGETS = {"video:320x180", "audio:loudspeaker", "poster:facebook"}


@pytest.fixture
def env(project, tmp_path) -> Env:
    add_approved_script(project)
    return Env(root=project.root, cache=tmp_path / "cache", tmp=tmp_path / "tmp")


def wait_for_lock(env: Env, proc, timeout: float = 20.0) -> None:
    """Until the running command has taken the outputs lock (its lock file appears)."""
    deadline = time.monotonic() + timeout
    while not lock_path(env.root / "outputs").exists():
        assert proc.poll() is None, "the first command ended before taking the lock"
        assert time.monotonic() < deadline, "the first command never took the lock"
        time.sleep(0.02)
    time.sleep(0.2)  # taking the lock and creating its file are one step; be safe


def finish(proc, timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def refused(done, what: str) -> None:
    """Exit 2 and one line saying another command is writing — quickly, not after waiting."""
    assert done.code == 2, (done.code, done.stdout, done.stderr)
    lines = one_line_no_traceback(done.stderr)
    assert lines and lines[0].startswith("error: ") and "another studio" in lines[0], lines
    assert "wait for it" in lines[0]  # and says what to do
    assert done.seconds < 5, f"{what} waited {done.seconds:.1f} s instead of refusing"


@pytest.mark.slow
def test_a_second_build_refuses_while_the_first_finishes(env):
    first = start(env, *BUILD)
    wait_for_lock(env, first)
    second, video, audio = run_together(
        env, BUILD, ("video", "scripts/a.md", "--size", "320x180", "--offline"),
        ("audio", "scripts/a.md", "--offline"))
    assert first.poll() is None, "the first build ended before the others tried: no race"
    refused(second, "build")
    refused(video, "video")
    refused(audio, "audio")
    assert second.stdout == ""  # wrote nothing, printed nothing
    code, out, err = finish(first)
    assert code == 0, err
    rows = json.loads(out)["targets"]
    assert {r["target"] for r in rows} == ALL_TARGETS
    assert {r["status"] for r in rows} == {"built"}
    outputs = env.root / "outputs"
    manifest = assert_manifest_consistent(outputs)
    assert {o["target"] for o in manifest["outputs"]} == ALL_TARGETS
    assert_all_complete(outputs)
    assert_cache_sound(env.cache)
    assert temp_files(outputs) == [] and work_dirs(env.tmp) == []
    # the refused commands changed nothing: the next build has nothing to do
    again = run(env, *BUILD)
    assert again.code == 0, again.stderr
    assert {r["status"] for r in json.loads(again.stdout)["targets"]} == {"up-to-date"}


@pytest.mark.slow
def test_two_builds_started_together_one_runs_one_refuses(env):
    ended = run_together(env, BUILD, BUILD)
    assert sorted(d.code for d in ended) == [0, 2], [(d.code, d.stderr) for d in ended]
    loser = next(d for d in ended if d.code == 2)
    lines = one_line_no_traceback(loser.stderr)
    assert "another studio build" in lines[0]
    assert_manifest_consistent(env.root / "outputs")
    assert_cache_sound(env.cache)


@pytest.mark.slow
def test_renders_into_different_folders_share_the_narration_cache_safely(env, tmp_path):
    """Different output folders take different locks, so both run at once, narrating the
    same sentences into one cache: both succeed and every cached clip is whole."""
    outs = [tmp_path / "out-a", tmp_path / "out-b"]
    ended = run_together(env, *[("video", "scripts/a.md", "--size", "240x240", "--offline",
                                 "-q", "-o", str(out)) for out in outs])
    assert [d.code for d in ended] == [0, 0], [d.stderr for d in ended]
    for out in outs:
        files = assert_all_complete(out)
        assert sorted(p.name.split(".", 1)[1] for p in files) == ["mp4", "preview.jpg", "srt",
                                                                  "vtt"]
    assert_cache_sound(env.cache)
    assert list(env.cache.rglob("*.wav"))
