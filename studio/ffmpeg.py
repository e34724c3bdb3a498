"""The one place that finds and runs ffmpeg (the imageio-ffmpeg binary; never a shell)."""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path

from studio.errors import MediaError


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary: $STUDIO_FFMPEG, else the one imageio-ffmpeg ships."""
    override = os.environ.get("STUDIO_FFMPEG")
    if override:
        return override
    try:
        import imageio_ffmpeg
        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # noqa: BLE001 - any failure means the same to the user
        raise MediaError(f"ffmpeg not found ({exc})",
                         hint="reinstall studio: pip install --force-reinstall imageio-ffmpeg") from exc


@functools.cache
def ffmpeg_version() -> str:
    """First line of `ffmpeg -version`."""
    out = subprocess.run([ffmpeg_exe(), "-hide_banner", "-version"], capture_output=True,
                         text=True, encoding="utf-8", errors="replace", check=False)
    return (out.stdout.splitlines() or ["unknown"])[0]


def run_ffmpeg(args: list[str | Path], *, what: str = "ffmpeg", timeout: float | None = None,
               input_bytes: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg with an argument list; raise MediaError with the tail of its log on failure."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *[str(a) for a in args]]
    if input_bytes is not None:
        cmd.remove("-nostdin")
    try:
        proc = subprocess.run(cmd, capture_output=True, check=False, timeout=timeout,
                              input=input_bytes)
    except subprocess.TimeoutExpired as exc:
        raise MediaError(f"{what}: ffmpeg took longer than {timeout:.0f} s") from exc
    if proc.returncode != 0:
        log = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        tail = "; ".join(line.strip() for line in log[-3:]) or f"exit code {proc.returncode}"
        raise MediaError(f"{what} failed: {tail}")
    return proc


def ffmpeg_log(args: list[str | Path], *, timeout: float | None = None) -> str:
    """Run ffmpeg for what it prints on stderr (probing, measuring), whatever its exit code."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", *[str(a) for a in args]]
    proc = subprocess.run(cmd, capture_output=True, check=False, timeout=timeout)
    return proc.stderr.decode("utf-8", "replace")


def has_filter(name: str) -> bool:
    """Whether this ffmpeg build has the filter `name`."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-filters"], capture_output=True,
                          text=True, encoding="utf-8", errors="replace", check=False)
    return re.search(rf"^\s*\S+\s+{re.escape(name)}\s", proc.stdout, re.M) is not None


def path_arg(path: Path) -> str:
    """A file path as ffmpeg should see it (forward slashes work on Windows too)."""
    return Path(path).as_posix()
