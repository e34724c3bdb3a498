"""Ctrl-C (SIGINT to the process group, as a terminal sends it) and SIGKILL at several
moments of `studio video`, `studio audio` and `studio build`, run as real processes:

- no file under a final name is ever partial (each is probed, decoded or parsed);
- SIGINT ends the command promptly, with one short line and no traceback;
- temp files a killed run leaves (`.studio-tmp-*` beside outputs, `studio-work-*` scratch
  folders in the temp folder) are cleared by the next run;
- the next `studio build` redoes exactly the targets that were not finished.

The moments are fractions of an uninterrupted run measured first, so they fall in the same
phases (narration, drawing, encoding, writing) on a slow machine and a fast one.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from helpers_processes import (SIGNALS, Env, add_approved_script, assert_all_complete,
                               assert_cache_sound, assert_manifest_consistent, interrupt,
                               one_line_no_traceback, run, studio_processes, temp_files,
                               work_dirs)
from studio.fsutil import clean_stale_work_dirs, work_dir

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")
PROMPT = 1.0  # seconds within which SIGINT must end a single command (it takes ~0.1 s)
# a build also waits for each worker to unwind, which it can do only between two calls into
# C (an image resize, a poster's paint): measured 0.2–1.2 s on an idle 2-core machine
PROMPT_BUILD = 2.5
VIDEO = ("video", "scripts/a.md", "--size", "320x180", "--size", "240x240", "--offline", "-q")
AUDIO = ("audio", "scripts/a.md", "--offline", "-q")
BUILD = ("build", "--offline", "--json")
# (signal, fraction of an uninterrupted run) for the single commands
MOMENTS = (("SIGINT", 0.2), ("SIGKILL", 0.45), ("SIGINT", 0.7), ("SIGKILL", 0.9))


@pytest.fixture
def env(project, tmp_path) -> Env:
    add_approved_script(project)
    return Env(root=project.root, cache=tmp_path / "cache", tmp=tmp_path / "tmp")


def check_ending(name: str, done, sig: str, prompt: float = PROMPT) -> None:
    """How an interrupted command may end: finished anyway (exit 0), or stopped — within
    `prompt` seconds and in one line for SIGINT."""
    if done.code == 0:
        return  # the signal came after the work was done
    if sig == "SIGKILL":
        assert done.code == -9, (name, done.code, done.stderr)
        return
    lines = one_line_no_traceback(done.stderr)
    assert done.code in (130, -2), (name, done.code, done.stderr)  # -2: while exiting
    assert done.seconds < prompt, f"{name}: took {done.seconds:.1f} s to stop after Ctrl-C"
    if done.code == 130:
        assert lines and lines[0].startswith("interrupted"), done.stderr


def check_leftovers(name: str, env: Env, done, sig: str) -> None:
    """After Ctrl-C nothing temporary is left; after SIGKILL there may be (the next run
    clears it, checked at the end)."""
    if sig == "SIGINT" or done.code == 0:
        assert temp_files(env.root / "outputs") == [], name
        assert work_dirs(env.tmp) == [], name


def no_orphans(env: Env) -> None:
    """Nothing the command started (ffmpeg, workers) is still running."""
    for _ in range(20):
        if not studio_processes(str(env.root)):
            return
        time.sleep(0.1)
    raise AssertionError(f"still running: {studio_processes(str(env.root))}")


def interrupt_single_command(env: Env, args: tuple[str, ...]) -> None:
    """A good run, then interruptions at MOMENTS, then a clean run: at every step every
    file under a final name is complete, and the clean run leaves no temp file."""
    full = run(env, *args)
    assert full.code == 0, full.stderr
    before = assert_all_complete(env.root / "outputs")
    assert before
    for sig, fraction in MOMENTS:
        name = f"{args[0]} {sig} at {fraction:.0%}"
        done = interrupt(env, args, fraction * full.seconds, SIGNALS[sig])
        check_ending(name, done, sig)
        no_orphans(env)
        check_leftovers(name, env, done, sig)
        after = assert_all_complete(env.root / "outputs")
        assert [p.name for p in after] == [p.name for p in before], name  # none lost
        assert_cache_sound(env.cache)
    again = run(env, *args)
    assert again.code == 0, again.stderr
    assert temp_files(env.root / "outputs") == []
    assert work_dirs(env.tmp) == []
    assert_all_complete(env.root / "outputs")


@pytest.mark.slow
@posix_only
def test_interrupting_studio_video_never_leaves_a_partial_file(env):
    interrupt_single_command(env, VIDEO)


@pytest.mark.slow
@posix_only
def test_interrupting_studio_audio_never_leaves_a_partial_file(env):
    interrupt_single_command(env, AUDIO)


def finished_targets(outputs: Path) -> set[str]:
    """Targets the interrupted build recorded as done (outputs/.studio-build.json), each
    checked: its files are there, whole, and as recorded."""
    state_file = outputs / ".studio-build.json"
    if not state_file.exists():
        return set()
    state = json.loads(state_file.read_text(encoding="utf-8"))  # never a partial state file
    for record in state["targets"].values():
        for out in record["outputs"]:
            path = outputs / out["path"]
            assert path.stat().st_size == out["bytes"], out["path"]
    return {key.split("/", 1)[1] for key in state["targets"]}


def statuses(done) -> dict[str, str]:
    rows = json.loads(done.stdout)["targets"]
    return {row["target"]: row["status"] for row in rows}


ALL_TARGETS = {"video:320x180", "audio:loudspeaker", "poster:facebook"}
BUILD_MOMENTS = (("SIGINT", 0.3), ("SIGKILL", 0.5), ("SIGINT", 0.7), ("SIGKILL", 0.9))


@pytest.mark.slow
@posix_only
def test_interrupted_build_is_finished_by_the_next_build_redoing_only_the_rest(env,
                                                                              tmp_path):
    full = run(env, *BUILD)
    assert full.code == 0, full.stderr
    assert set(statuses(full).values()) == {"built"} and set(statuses(full)) == ALL_TARGETS
    assert_all_complete(env.root / "outputs")
    assert_manifest_consistent(env.root / "outputs")
    for n, (sig, fraction) in enumerate(BUILD_MOMENTS):
        name = f"build {sig} at {fraction:.0%}"
        shutil.rmtree(env.root / "outputs")  # start from nothing, so the moment means the same
        env.cache = tmp_path / f"cache-{n}"
        done = interrupt(env, BUILD, fraction * full.seconds, SIGNALS[sig])
        check_ending(name, done, sig, prompt=PROMPT_BUILD)
        no_orphans(env)
        check_leftovers(name, env, done, sig)
        outputs = env.root / "outputs"
        if outputs.exists():
            assert_all_complete(outputs)
        assert_cache_sound(env.cache)
        finished = finished_targets(outputs) if done.code != 0 else ALL_TARGETS
        plan = run(env, *BUILD, "--dry-run")
        assert plan.code == 0, plan.stderr
        assert {t for t, s in statuses(plan).items() if s == "up-to-date"} == finished, name
        assert {t for t, s in statuses(plan).items() if s == "would-build"} == \
            ALL_TARGETS - finished, name
        again = run(env, *BUILD)
        assert again.code == 0, again.stderr
        assert statuses(again) == {t: "up-to-date" if t in finished else "built"
                                   for t in ALL_TARGETS}, name
        assert temp_files(outputs) == [] and work_dirs(env.tmp) == [], name
        assert_all_complete(outputs)
        assert_manifest_consistent(outputs)


# ---- the scratch-folder mechanism on its own (fast) --------------------------------------

def test_work_dir_is_removed_after_use_and_after_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    with work_dir("video") as folder:
        (folder / "still.png").write_bytes(b"x")
        assert folder.parent == tmp_path
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(KeyError):
        with work_dir("audio") as folder:
            (folder / "a.wav").write_bytes(b"x")
            raise KeyError("boom")
    assert list(tmp_path.iterdir()) == []


def test_a_killed_runs_work_dir_is_cleared_but_a_running_ones_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    stale = tmp_path / "studio-work-video-0123456789ab"  # its run was killed: no lock held
    stale.mkdir()
    (stale / "frame.png").write_bytes(b"x" * 1000)
    (tmp_path / "studio-work-video-0123456789ab.lock").write_text("")
    other = tmp_path / "not-ours"
    other.mkdir()
    with work_dir("audio") as mine:  # clears the stale one on the way in
        assert not stale.exists() and other.exists()
        assert clean_stale_work_dirs() == []  # a folder in use is left alone
        assert mine.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-ours"]
