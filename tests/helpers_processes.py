"""Helpers for tests that run the real `studio` command as a separate process and interrupt
or race it: a small approved project, starting and signalling the command, and checks that
every file under a final name is complete and that the manifest matches the files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import wave
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from helpers_project import ProjectMaker
from studio.ffmpeg import ffmpeg_exe
from studio.fsutil import TEMP_MARKER, WORK_PREFIX
from studio.media import probe

SCRIPT = """\
---
title: Thử ngắt giữa chừng
lang: vi
targets:
  video: [320x180]
  audio: [loudspeaker]
  poster: [facebook]
---
## Cảnh một
![Trẻ em](../assets/images/tre-em.jpg)

Xin chào bà con. Hôm nay họp dân lúc 7h30 tại nhà văn hóa.

## Cảnh hai
> Chung tay

Mọi người cùng tham gia, đông đủ và đúng giờ.
"""


def add_approved_script(project: ProjectMaker) -> Path:
    """scripts/a.md, one approved two-scene script (a picture, audio, video and poster
    targets) and its picture; returns the script's path."""
    project.image("assets/images/tre-em.jpg", size=(320, 240), colour=(40, 120, 200))
    return project.approved("a.md", raw=SCRIPT, by="Cán bộ xã").path


@dataclass
class Env:
    """Where a test's studio processes keep their cache and temp files (so they can be
    inspected, and so every process of one test shares one lock folder)."""

    root: Path
    cache: Path
    tmp: Path

    def vars(self) -> dict[str, str]:
        env = dict(os.environ, STUDIO_CACHE_DIR=str(self.cache), TMPDIR=str(self.tmp),
                   TEMP=str(self.tmp), TMP=str(self.tmp), PYTHONIOENCODING="utf-8",
                   STUDIO_GTTS_ENDPOINT="http://127.0.0.1:9")
        env.pop("COLUMNS", None)
        return env


def start(env: Env, *args: str) -> subprocess.Popen:
    """`studio ARGS` in the project folder, in its own process group (as a terminal runs a
    command: Ctrl-C reaches the command and every process it started)."""
    env.tmp.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "studio", *args], cwd=env.root,
                            env=env.vars(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


@dataclass
class Finished:
    """How a studio process ended."""

    code: int
    stdout: str
    stderr: str
    seconds: float  # from start (or from the signal, for an interrupted run)


def run(env: Env, *args: str, timeout: float = 120) -> Finished:
    started = time.monotonic()
    proc = start(env, *args)
    out, err = proc.communicate(timeout=timeout)
    return Finished(proc.returncode, out.decode("utf-8", "replace"),
                    err.decode("utf-8", "replace"), time.monotonic() - started)


def run_together(env: Env, *commands: tuple[str, ...], timeout: float = 120
                 ) -> list[Finished]:
    """Start every command at once, then wait for all of them."""
    started = time.monotonic()
    procs = [start(env, *args) for args in commands]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        done.append(Finished(proc.returncode, out.decode("utf-8", "replace"),
                             err.decode("utf-8", "replace"), time.monotonic() - started))
    return done


def interrupt(env: Env, args: tuple[str, ...], after: float, sig: int) -> Finished:
    """Start `studio ARGS`, send `sig` to its whole process group `after` seconds later, and
    wait for it to end; `seconds` is how long it took to end after the signal."""
    proc = start(env, *args)
    time.sleep(after)
    signalled = time.monotonic()
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass  # it had already finished
    out, err = proc.communicate(timeout=60)
    return Finished(proc.returncode, out.decode("utf-8", "replace"),
                    err.decode("utf-8", "replace"), time.monotonic() - signalled)


def ffmpeg_decode_errors(path: Path) -> str:
    """What ffmpeg complains about when decoding every frame of `path` ('' if nothing)."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i",
                           str(path), "-f", "null", "-"], capture_output=True, timeout=60)
    return proc.stderr.decode("utf-8", "replace").strip() or (
        f"exit code {proc.returncode}" if proc.returncode else "")


def check_complete(path: Path) -> None:
    """Fail unless `path` is a whole, readable file of its kind."""
    suffix = path.suffix.lower()
    if suffix in (".mp4", ".mp3"):
        info = probe(path)
        assert info.duration and info.duration > 0.5, f"{path}: no duration"
        assert ffmpeg_decode_errors(path) == "", f"{path}: {ffmpeg_decode_errors(path)}"
        if suffix == ".mp4":
            assert info.width and info.height, f"{path}: no video stream"
        report = path.with_suffix(".json")
        if suffix == ".mp3" and report.is_file():  # the bulletin's own report says how long
            said = json.loads(report.read_text(encoding="utf-8"))["duration_ms"] / 1000
            assert abs(said - info.duration) < 0.2, f"{path}: {info.duration} s, report {said}"
    elif suffix in (".png", ".jpg", ".jpeg"):
        with Image.open(path) as image:
            image.load()  # a truncated image fails here
    elif suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif suffix == ".srt":
        import srt
        assert list(srt.parse(path.read_text(encoding="utf-8"))), f"{path}: no cues"
    elif suffix == ".vtt":
        text = path.read_text(encoding="utf-8")
        assert text.startswith("WEBVTT") and "-->" in text, f"{path}: not WebVTT"
    elif suffix == ".html":
        assert "</html>" in path.read_text(encoding="utf-8").lower(), f"{path}: cut short"
    elif suffix == ".pdf":
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:], f"{path}: cut short"
    elif suffix == ".wav":
        with wave.open(str(path), "rb") as w:
            frames = w.getnframes()
            assert frames and len(w.readframes(frames)) == frames * w.getsampwidth() * \
                w.getnchannels(), f"{path}: partial"
    elif suffix in (".m3u", ".m3u8"):
        path.read_text(encoding="utf-8")
    elif suffix == ".txt":  # a bulletin's transcript: starts with its title
        assert path.read_text(encoding="utf-8").strip(), f"{path}: empty"
    elif suffix == ".ics":
        text = path.read_text(encoding="utf-8")
        assert text.rstrip().endswith("END:VCALENDAR"), f"{path}: cut short"
    elif suffix == ".xml":
        import xml.etree.ElementTree as ElementTree
        ElementTree.parse(path)  # a feed cut short does not parse
    else:
        raise AssertionError(f"unexpected output {path}")


def final_files(folder: Path) -> list[Path]:
    """Files under `folder` with a final name (temp files excluded)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and TEMP_MARKER not in p.name)


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(f"{TEMP_MARKER}*"))


def work_dirs(tmp: Path) -> list[Path]:
    """Scratch folders (and their locks) studio runs left in the temp folder."""
    return sorted(tmp.glob(f"{WORK_PREFIX}*"))


def assert_all_complete(folder: Path) -> list[Path]:
    files = final_files(folder)
    for path in files:
        check_complete(path)
    return files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_manifest_consistent(outputs: Path) -> dict:
    """outputs/manifest.json parses and every file it lists is there with its size and
    checksum; returns the manifest."""
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"], "the manifest lists no outputs"
    for entry in manifest["outputs"]:
        path = outputs / entry["path"]
        assert path.is_file(), f"manifest lists a missing file: {entry['path']}"
        assert path.stat().st_size == entry["bytes"], entry["path"]
        assert sha256(path) == entry["sha256"], f"checksum differs: {entry['path']}"
    return manifest


def assert_cache_sound(cache: Path) -> None:
    """Every clip in the narration cache is a complete, non-empty WAV, and every word-timing
    file beside one is whole JSON with its clip there (temp files aside)."""
    for path in final_files(cache):
        if path.name.endswith(".words.json"):
            json.loads(path.read_text(encoding="utf-8"))
            assert path.with_name(path.name.replace(".words.json", ".wav")).is_file(), path
            continue
        assert path.suffix == ".wav", path
        check_complete(path)


def one_line_no_traceback(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) <= 1, stderr
    return lines


def studio_processes(marker: str) -> list[str]:
    """Command lines of running processes mentioning `marker` (Linux /proc; else [])."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8",
                                                                                "replace")
        except OSError:
            continue
        if marker in cmd:
            found.append(cmd)
    return found


SIGNALS = {"SIGINT": signal.SIGINT, "SIGKILL": signal.SIGKILL} if os.name == "posix" else {}
