"""Safe file output: write to a temp file beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from studio.errors import OutputError

TEMP_MARKER = ".studio-tmp-"


def temp_path_for(target: Path) -> Path:
    """A unique temp name beside `target`, keeping its suffix so ffmpeg infers the format."""
    return target.with_name(f"{TEMP_MARKER}{uuid.uuid4().hex[:12]}-{target.name}")


@contextlib.contextmanager
def atomic_output(target: str | Path) -> Iterator[Path]:
    """Yield a temp path; on success rename it to `target`, on any failure delete it.

    An earlier good `target` stays untouched unless the new one is complete.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create folder: {exc.strerror}", file=target.parent,
                          hint="check the path and your permissions") from exc
    tmp = temp_path_for(target)
    try:
        yield tmp
        if not tmp.exists():
            raise OutputError("nothing was written", file=target)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_text_atomic(target: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    target = Path(target)
    with atomic_output(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return target


def write_bytes_atomic(target: str | Path, data: bytes) -> Path:
    """Write bytes atomically."""
    target = Path(target)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    return target


def clean_stale_temps(folder: str | Path) -> list[Path]:
    """Delete temp files an interrupted run left in `folder` (recursively); return them."""
    folder = Path(folder)
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.rglob(f"{TEMP_MARKER}*"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def lock_path(folder: str | Path) -> Path:
    """Where the lock for `folder` lives: in the temp folder, named by a hash of its path, so
    output folders hold only outputs."""
    digest = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / "studio-locks" / f"{digest}.lock"


@contextlib.contextmanager
def locked_folder(folder: str | Path, *, what: str = "studio") -> Iterator[Path]:
    """Hold the output folder's lock for a whole command (refusing clearly if another
    studio command holds it), after clearing temp files an interrupted run left behind."""
    from filelock import FileLock, Timeout

    folder = Path(folder)
    try:
        lock_path(folder).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the lock folder: {exc.strerror}",
                          file=lock_path(folder).parent) from exc
    lock = FileLock(str(lock_path(folder)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise OutputError(f"another {what} is writing to this folder", file=folder,
                          hint="wait for it to finish, then run again") from None
    try:
        clean_stale_temps(folder)
        yield folder
    finally:
        lock.release()
