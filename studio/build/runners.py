"""Where a build's work runs: the local process pool (the default), or a cluster
(`studio.build.cluster`). Both give the build the same three calls — narrate a script,
render a target, read a finished target's outcome — so `_execute` does not know which."""

from __future__ import annotations

import contextlib
import os
import signal
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from studio.build.plan import Job, TargetKind
from studio.build.work import narrate_script, render_target
from studio.speech.voice import Voice


class LocalRunner:
    """Targets in worker processes on this PC (or inline when one job at a time will do)."""

    def __init__(self, root: Path, jobs: int, count: int) -> None:
        self.root = str(root)
        self.pool = (ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
                     if jobs > 1 and count > 1 else None)
        self.workers: Counter = Counter()

    def _submit(self, fn, *args) -> Future:
        return self.pool.submit(_task, fn, *args) if self.pool else _inline(fn, *args)

    def narrate(self, spoken_by: tuple[Path, str | None], voice: Voice) -> Future:
        """Make a script's (or a campaign row's) narration, into the speech cache its targets
        read."""
        path, variant = spoken_by
        return self._submit(narrate_script, path, variant, self.root, voice)

    def narrated(self, spoken_by: tuple, future: Future) -> tuple[str | None, list[str], str]:
        """A finished narration: error line or None, its notices, which voice spoke."""
        return future.result()

    def render(self, job: Job, kind: TargetKind, voice: Voice) -> Future:
        return self._submit(render_target, job, kind, self.root, voice)

    def outcome(self, job: Job, future: Future) -> tuple[list, list[str], str | None]:
        """A finished target: its outputs (already in place), warnings, error line."""
        self.workers["this PC"] += 1
        return future.result()

    def stop(self) -> None:
        """End running renders now (Ctrl-C)."""
        if self.pool:
            _stop_workers(self.pool)

    def close(self) -> None:
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops the build and keeps finished targets;
    when the parent then ends them (SIGTERM), a running render unwinds, so that its temp
    files and ffmpeg go with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name == "posix":  # on Windows, terminate() ends a process at once
        signal.signal(signal.SIGTERM, _unwind)


_ENDING: list[int] = []  # in a worker: the signal that told it to end, once received


def _unwind(signum, frame) -> None:
    """End the render by unwinding it, once: a second SIGTERM (the pool ending its processes
    again as the build exits) must not cut short the clean-up of its scratch folder."""
    _ENDING.append(signum)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def _task(fn, *args):
    """One piece of work in a worker. A worker told to end ends as soon as its work has
    unwound: the pool takes the SystemExit for the task's result and would keep the process,
    which no longer hears SIGTERM, waiting for more work — and the build waiting for it
    (Python 3.13 waited forever after Ctrl-C)."""
    try:
        return fn(*args)
    finally:
        if _ENDING:
            os._exit(128 + _ENDING[0])


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End running renders now instead of waiting for them (Ctrl-C): what they were writing
    is still under a temp name, which the next run clears."""
    if hasattr(pool, "terminate_workers"):  # Python 3.14+
        with contextlib.suppress(Exception):
            pool.terminate_workers()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # before 3.14
        with contextlib.suppress(Exception):
            process.terminate()


def _inline(fn, *args) -> Future:
    """Run now, in this process (--jobs 1), as a finished future."""
    future: Future = Future()
    future.set_result(fn(*args))
    return future
