"""A target kind for cluster tests that workers import by name (tests/ is on their path): a
"slow" poster-like target that records which process started it, so a test can kill the
worker running it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from studio.build.plan import TargetKind

MARKS_ENV = "STUDIO_TEST_MARKS"  # a folder the test and the workers share (not the project)


def names(script) -> tuple[str, ...]:
    return ("slow",)


def inputs(script, name, project) -> dict[str, Path]:
    return {}


def render(script, name, out_dir: Path, draft, voice, project, notice=None) -> list[Path]:
    """Write one text file; the first attempt waits long enough to be killed."""
    marks = Path(os.environ[MARKS_ENV])
    first = not any(marks.glob("started-*"))
    (marks / f"started-{os.getpid()}").write_text("", encoding="utf-8")
    if first:
        time.sleep(60)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{script.id}.slow.txt"
    target.write_text(f"{script.title}\n", encoding="utf-8")
    return [target]


def slow_kinds() -> dict[str, TargetKind]:
    return {"poster": TargetKind("poster", names, inputs, render)}
