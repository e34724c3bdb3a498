"""The one place that finds and runs ffmpeg (the imageio-ffmpeg binary; never a shell): one
runner for plain runs, runs fed from and read into memory, and long encodes reporting their
progress — every one bounded in time, cancellable, and never leaving ffmpeg running."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.errors import MediaError, setting
from studio.fsutil import final_name, write_problem

POLL_SECONDS = 0.2  # how often a cancellable or time-bounded run looks at its clock and flag
# what ffmpeg prints when a signal (Ctrl-C reaches the whole process group) stopped it
_STOPPED_BY_SIGNAL = ("received signal", "Exiting normally, received signal")
# A background run (work off the critical path, e.g. a clip's soundtrack while its pictures are
# drawn and encoded) gets only the cycles the foreground leaves: x264 keeps ~1.7 of 2 cores busy.
BACKGROUND_NICE = 10  # added to studio's own nice value (19 at most)
LOG_TAIL_LINES = 3  # of ffmpeg's own log, kept on a failure for whoever debugs it
# the system's words in ffmpeg's log when writing its output failed, as that failure's errno
WRITE_FAILURES = {
    "Read-only file system": errno.EROFS, "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": getattr(errno, "EDQUOT", errno.ENOSPC),
    "Permission denied": errno.EACCES, "File name too long": errno.ENAMETOOLONG,
}
# other words in ffmpeg's log: (words, what is wrong, what to do)
OTHER_FAILURES = (
    ("Invalid data found when processing input", "a file it reads is damaged or not media",
     "re-export it as MP4, MP3, WAV, PNG or JPEG"),
    ("Cannot allocate memory", "the computer ran out of memory",
     "close other programs, or render a smaller size"),
    ("No such file or directory", "a file it needed has gone",
     "run again; if it keeps failing, please report it"),
)


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


@dataclass(frozen=True)
class Finished:
    """A finished ffmpeg run: its exit code, what it wrote to stdout, and its log."""

    returncode: int
    stdout: bytes
    log: str


class Cancelled(MediaError):
    """The caller's cancel flag was set while ffmpeg ran; ffmpeg was stopped."""


class FfmpegFailed(MediaError):
    """ffmpeg ended with an error: a plain sentence for people; the last lines of ffmpeg's
    own log (`log_tail`) are only for whoever debugs it."""

    def __init__(self, message: str, *, log_tail: str, **where) -> None:
        super().__init__(message, **where)
        self.log_tail = log_tail


def output_of(args: list[str]) -> Path | None:
    """The file an ffmpeg command writes (its last argument), under the name the user asked
    for rather than the temp name it is written under; None for a pipe."""
    last = args[-1] if args else "-"
    return None if last == "-" or last.startswith("pipe:") else final_name(last)


def failure(what: str, args: list[str], returncode: int, log: str) -> FfmpegFailed:
    """ffmpeg's failure as a sentence naming the file it was writing and what to do — the
    system's reason when ffmpeg gives one (a read-only drive, a full disk), never its log."""
    lines = [line.strip() for line in log.strip().splitlines() if line.strip()]
    tail = "; ".join(lines[-LOG_TAIL_LINES:]) or f"exit code {returncode}"
    where = {"file": output_of(args)}
    for words, code in WRITE_FAILURES.items():
        if words in log:
            problem, hint = write_problem(code)
            return FfmpegFailed(f"{what} failed: cannot write: {problem}", hint=hint,
                                log_tail=tail, **where)
    for words, problem, hint in OTHER_FAILURES:
        if words in log:
            return FfmpegFailed(f"{what} failed: {problem}", hint=hint, log_tail=tail, **where)
    return FfmpegFailed(f"{what} failed (ffmpeg stopped with exit code {returncode})",
                        hint=f"run again with {setting('debug')} to see ffmpeg's own words; "
                             "if it keeps failing, please report it", log_tail=tail, **where)


def _stopped_by_signal(code: int, log: str) -> bool:
    """Whether ffmpeg ended because Ctrl-C (SIGINT) reached it, not because it failed."""
    sigint = getattr(signal, "SIGINT", 2)
    return code == -sigint or (code == 255 and any(m in log for m in _STOPPED_BY_SIGNAL))


def _read_progress(stream, total: float, on_progress: Callable[[float], None],
                   problems: list[Exception]) -> None:
    """Report the fraction done from ffmpeg's `-progress` lines (`out_time_us=…`); an error
    in `on_progress` is kept for the caller and ends the reporting, not the run."""
    for raw in stream:
        line = raw.decode("utf-8", "replace").strip()
        if problems or not line.startswith("out_time_us=") or total <= 0:
            continue
        try:
            done = int(line.split("=", 1)[1]) / 1e6
        except ValueError:
            continue
        try:
            on_progress(max(0.0, min(1.0, done / total)))
        except Exception as exc:  # noqa: BLE001 - raised again in the caller's thread
            problems.append(exc)


def _feed(sink, data: bytes) -> None:
    """Write all of `data` to ffmpeg's stdin, then close it (ffmpeg may stop reading early)."""
    with contextlib.suppress(OSError):  # a broken pipe included
        sink.write(data)
    with contextlib.suppress(OSError):
        sink.close()


def _drain(stream, chunks: list[bytes]) -> None:
    """Read `stream` to its end into `chunks`, then close it."""
    with contextlib.suppress(OSError, ValueError):
        for block in iter(lambda: stream.read(1 << 16), b""):
            chunks.append(block)
    with contextlib.suppress(OSError):
        stream.close()


def _communicate(proc: subprocess.Popen, timeout: float | None,
                 cancel: threading.Event | None, what: str) -> tuple[bytes, bytes]:
    """Collect ffmpeg's output; stop it past `timeout` or when `cancel` is set. Threads read
    the pipes while the process is polled (`Popen.communicate(timeout=…)` joins everything
    read so far at every poll: quadratic on a long decode, seconds for a 10-minute bulletin)."""
    if cancel is None and timeout is None:
        return proc.communicate()
    outputs: tuple[list[bytes], list[bytes]] = ([], [])
    readers = [threading.Thread(target=_drain, args=(stream, chunks), daemon=True)
               for stream, chunks in zip((proc.stdout, proc.stderr), outputs)
               if stream is not None]
    for reader in readers:
        reader.start()
    waited, errors = 0.0, readers[-1]  # stderr's: always a pipe
    while True:
        step = POLL_SECONDS if timeout is None else min(POLL_SECONDS, max(timeout - waited, 0))
        # ffmpeg's pipes close as it exits, and a join wakes at once: Popen.wait(timeout)
        # sleeps in growing steps and noticed the exit ~10 ms late on average
        errors.join(timeout=step)
        try:
            proc.wait(timeout=step if not errors.is_alive() else 0)
            break
        except subprocess.TimeoutExpired:
            waited += step
        if cancel is not None and cancel.is_set():
            raise Cancelled(f"{what}: cancelled")
        if timeout is not None and waited >= timeout:
            raise MediaError(f"{what}: ffmpeg took longer than {timeout:.0f} s")
    for reader in readers:
        reader.join()
    return b"".join(outputs[0]), b"".join(outputs[1])


def _start(cmd: list[str], cwd: Path | None, stdin, background: bool) -> subprocess.Popen:
    """Start ffmpeg; a `background` run at a lower priority: Windows' below-normal class,
    elsewhere a higher nice value, set as soon as it has started (before ffmpeg, still
    loading, starts its threads, which inherit it)."""
    flags = subprocess.BELOW_NORMAL_PRIORITY_CLASS if background and sys.platform == "win32" \
        else 0
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, creationflags=flags)
    if background and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):  # gone already, or not allowed: it runs as it is
            os.setpriority(os.PRIO_PROCESS, proc.pid,
                           min(19, os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICE))
    return proc


def run_ffmpeg(args: list[str | Path], *, what: str = "ffmpeg", timeout: float | None = None,
               input_bytes: bytes | None = None, cwd: Path | None = None,
               on_progress: Callable[[float], None] | None = None, total: float = 0.0,
               cancel: threading.Event | None = None, check: bool = True,
               background: bool = False) -> Finished:
    """Run ffmpeg once: `input_bytes` on stdin, stdout kept (unless `on_progress`, which then
    gets the fraction of `total` seconds done); stopped past `timeout` or when `cancel` is
    set; at a lower priority when `background`; a failure is a MediaError saying why in
    plain words (unless `check` is false). Ctrl-C that stopped ffmpeg too is raised as
    KeyboardInterrupt, not as a failure."""
    cmd = [ffmpeg_exe(), "-hide_banner", *([] if input_bytes is not None else ["-nostdin"]),
           "-y", *(["-progress", "pipe:1", "-nostats"] if on_progress else []),
           *[str(a) for a in args]]
    proc = _start(cmd, cwd, subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
                  background)
    helpers, problems = [], []
    if input_bytes is not None:  # a thread feeds stdin, so waiting can be bounded and retried
        sink, proc.stdin = proc.stdin, None
        helpers.append(threading.Thread(target=_feed, args=(sink, input_bytes), daemon=True))
    if on_progress is not None:  # a thread reads the progress lines
        stream, proc.stdout = proc.stdout, None
        helpers.append(threading.Thread(target=_read_progress, daemon=True,
                                        args=(stream, total, on_progress, problems)))
    for helper in helpers:
        helper.start()
    try:
        out, err = _communicate(proc, timeout, cancel, what)
        for helper in helpers:
            helper.join()
    except BaseException:  # Ctrl-C, a timeout, a cancel or an error in on_progress
        proc.kill()
        proc.wait()
        raise
    if problems:
        raise problems[0]
    log = err.decode("utf-8", "replace")
    if _stopped_by_signal(proc.returncode, log):
        raise KeyboardInterrupt
    if check and proc.returncode != 0:
        raise failure(what, cmd, proc.returncode, log)
    if on_progress is not None and proc.returncode == 0:
        on_progress(1.0)
    return Finished(proc.returncode, out or b"", log)


def ffmpeg_log(args: list[str | Path], *, timeout: float | None = None) -> str:
    """What ffmpeg prints on stderr (probing, measuring), whatever its exit code."""
    return run_ffmpeg(args, timeout=timeout, check=False).log


@functools.cache
def ffmpeg_version() -> str:
    """First line of `ffmpeg -version`."""
    return (run_ffmpeg(["-version"], check=False).stdout.decode("utf-8", "replace")
            .splitlines() or ["unknown"])[0]


def path_arg(path: Path) -> str:
    """A file path as ffmpeg should see it (forward slashes work on Windows too)."""
    return Path(path).as_posix()
