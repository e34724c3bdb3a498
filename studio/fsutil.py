"""Safe file output: write to a temp file beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from studio.errors import OutputError

TEMP_MARKER = ".studio-tmp-"
WORK_PREFIX = "studio-work-"
_NO_RIGHTS = ("permission denied",
              "check that you may write to this folder and that the file is not open in "
              "another program")
_IN_THE_WAY = ("a file stands where a folder is needed", "move or rename that file")
# what an OSError while writing means to a person, by errno: (what is wrong, what to do)
WRITE_ERRORS = {
    errno.EROFS: ("the drive is read-only",
                  "make it writable (a USB stick may have a lock switch), or write elsewhere"),
    errno.EACCES: _NO_RIGHTS,
    errno.EPERM: _NO_RIGHTS,
    errno.ENOSPC: ("the disk is full", "free some disk space, then run again"),
    getattr(errno, "EDQUOT", errno.ENOSPC): ("the disk is full",
                                             "free some disk space, then run again"),
    errno.ENAMETOOLONG: ("the file name or folder path is too long",
                         "use a shorter output folder"),
    errno.ENOTDIR: _IN_THE_WAY,
    errno.EEXIST: _IN_THE_WAY,
    errno.EISDIR: ("a folder has the name of this file", "move or rename that folder"),
    errno.ELOOP: ("a symbolic link on the way leads nowhere or back to itself",
                  "point the link at a real folder"),
}


def write_problem(code: int | None, strerror: str | None = None) -> tuple[str, str]:
    """(what is wrong, what to do) for a write that failed with errno `code`."""
    other = ((strerror or "the system refused").rstrip(".").lower(),
             "check the folder and the free disk space")
    return WRITE_ERRORS.get(code, other)


def write_error(exc: OSError, target: Path, doing: str = "cannot write") -> OutputError:
    """One line for a write that failed: which file, what is wrong and what to do about it
    for this errno (a read-only drive is not a full disk)."""
    code = exc.errno
    if code in (errno.EEXIST, errno.ENOTDIR) and os.path.islink(target) \
            and not os.path.exists(target):  # a broken link "exists" to mkdir
        code = errno.ELOOP
    message, hint = write_problem(code, exc.strerror)
    return OutputError(f"{doing}: {message}", file=target, hint=hint)


def final_name(path: str | Path) -> Path:
    """The output a temp file from `temp_path_for` will become (other paths unchanged), so
    that errors name the file the user asked for."""
    path = Path(path)
    if not path.name.startswith(TEMP_MARKER):
        return path
    rest = path.name[len(TEMP_MARKER):]
    return path.with_name(rest.split("-", 1)[1]) if "-" in rest else path


def temp_path_for(target: Path) -> Path:
    """A unique temp name beside `target`, keeping its suffix so ffmpeg infers the format."""
    return target.with_name(f"{TEMP_MARKER}{uuid.uuid4().hex[:12]}-{target.name}")


def _write_target(target: Path) -> Path:
    """The file a write to `target` replaces: through a symbolic link, the file it points to,
    so that the link stays a link."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _keep_metadata(new: Path, old: Path) -> None:
    """Give `new` the permissions of the file `old` it replaces and, where the OS and our
    rights allow (giving a file away takes root), its owner and group: a 0640 file must not
    become world-readable because it was rewritten."""
    try:
        before = old.stat()
    except OSError:
        return  # nothing is replaced: a new file gets the usual permissions
    if hasattr(os, "chown"):  # POSIX; chown first, since it may clear set-id bits
        try:
            os.chown(new, before.st_uid, before.st_gid)
        except OSError:
            with contextlib.suppress(OSError):
                os.chown(new, -1, before.st_gid)  # a group of ours, at least
    with contextlib.suppress(OSError):  # e.g. a FAT USB stick has no permissions to keep
        os.chmod(new, stat.S_IMODE(before.st_mode))


@contextlib.contextmanager
def atomic_output(target: str | Path) -> Iterator[Path]:
    """Yield a temp path; on success rename it to `target`, on any failure delete it.

    An earlier good `target` stays untouched unless the new one is complete; the new one
    keeps its permissions and owner, and a symbolic link is followed, not replaced. An
    OSError while writing (read-only drive, full disk, no permission, name too long) is an
    OutputError naming `target`, with what to do for that errno.
    """
    target = _write_target(Path(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, target.parent, "cannot create the folder") from exc
    tmp = temp_path_for(target)
    try:
        try:
            yield tmp
            if not tmp.exists():
                raise OutputError("nothing was written", file=target)
            _keep_metadata(tmp, target)
            os.replace(tmp, target)
        except OSError as exc:  # whoever wrote the temp file: one line naming the target
            raise write_error(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_text_atomic(target: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically; return the path given."""
    target = Path(target)
    with atomic_output(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return target


def clean_stale_temps(folder: str | Path, *, older_than: float | None = None) -> list[Path]:
    """Delete temp files an interrupted run left in `folder` (recursively); return them.

    Without a lock on the folder, pass `older_than` (seconds) so that a temp file another
    running process is writing right now is left alone."""
    folder = Path(folder)
    removed: list[Path] = []
    try:
        if not folder.is_dir():
            return removed
    except OSError:  # a path too long to look at: the write that follows says so
        return removed
    cutoff = time.time() - older_than if older_than is not None else None
    for path in folder.rglob(f"{TEMP_MARKER}*"):
        with contextlib.suppress(OSError):
            if cutoff is not None and path.stat().st_mtime > cutoff:
                continue
            path.unlink()
            removed.append(path)
    return removed


def user_cache_root() -> Path:
    """The user's cache folder: %LOCALAPPDATA%\\studio\\cache, $XDG_CACHE_HOME/studio, or
    ~/Library/Caches/studio on macOS, else ~/.cache/studio."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "studio" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "studio"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "studio"


LOCKS_SUBDIR = "locks"


def lock_path(folder: str | Path) -> Path:
    """Where the lock for `folder` lives: in the user's own lock folder (not a shared temp
    folder another user could fill first), named by a hash of its path, so output folders
    hold only outputs."""
    digest = hashlib.sha256(os.path.realpath(folder).encode("utf-8")).hexdigest()[:24]
    return user_cache_root() / LOCKS_SUBDIR / f"{digest}.lock"


def private_folder(folder: Path) -> Path:
    """`folder`, created if need be, only its owner's (0700): refused if it is a symbolic
    link or belongs to someone else (Windows: the user's AppData is already theirs)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise OutputError(f"cannot create the lock folder: {exc.strerror}", file=folder,
                          hint="check the permissions of your user folder") from exc
    if folder.is_symlink() or not folder.is_dir():
        raise OutputError("the lock folder is a symbolic link or not a folder", file=folder,
                          hint="delete it; studio makes a new one")
    if hasattr(os, "getuid"):
        if info.st_uid != os.getuid():
            raise OutputError("the lock folder belongs to another user", file=folder,
                              hint="delete it; studio makes a new one")
        if info.st_mode & 0o077:
            folder.chmod(0o700)
    return folder


def refuse_symlink(path: Path) -> Path:
    """`path`, unless it is a symbolic link (locking it would open whatever it points to)."""
    if path.is_symlink():
        raise OutputError("the lock file is a symbolic link", file=path,
                          hint="delete it; studio makes a new one")
    return path


@contextlib.contextmanager
def locked_folder(folder: str | Path, *, what: str = "studio") -> Iterator[Path]:
    """Hold the output folder's lock for a whole command (refusing clearly if another
    studio command holds it), after clearing temp files an interrupted run left behind."""
    from filelock import FileLock, Timeout

    folder = Path(folder)
    path = lock_path(folder)
    private_folder(path.parent)
    lock = FileLock(str(refuse_symlink(path)), mode=0o600)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise OutputError(f"another {what} is writing to this folder", file=folder,
                          hint="wait for it to finish, then run again") from None
    except OSError as exc:
        raise OutputError(f"cannot lock the output folder: {exc.strerror or exc}",
                          file=path, hint="check its permissions") from None
    try:
        clean_stale_temps(folder)
        clean_stale_work_dirs()
        yield folder
    finally:
        lock.release()


def _work_lock(folder: Path):
    """The lock a run holds on its scratch folder, kept beside it (not inside, so that it
    exists before the folder does and a sweeper can never see an unlocked fresh folder)."""
    from filelock import FileLock
    return FileLock(str(folder.with_name(folder.name + ".lock")))


@contextlib.contextmanager
def work_dir(what: str = "work") -> Iterator[Path]:
    """A scratch folder in the system temp folder, deleted afterwards — and, when a killed
    run could not delete it, by the next run (it stays locked only while its run lives)."""
    clean_stale_work_dirs()
    folder = Path(tempfile.gettempdir()) / f"{WORK_PREFIX}{what}-{uuid.uuid4().hex[:12]}"
    lock = _work_lock(folder)
    try:  # acquire inside the try: a Ctrl-C right after it still removes the lock file
        lock.acquire()
        folder.mkdir()
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(Exception):
            lock.release()
        with contextlib.suppress(OSError):
            Path(lock.lock_file).unlink()


def clean_stale_work_dirs() -> list[Path]:
    """Delete scratch folders (and lone lock files) whose run has ended without deleting
    them (killed); return them. A folder whose lock is held belongs to a running studio and
    is left alone."""
    from filelock import Timeout
    removed: list[Path] = []
    for entry in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*"):
        folder = entry.with_suffix("") if entry.suffix == ".lock" else entry
        if entry.suffix == ".lock" and folder.exists():
            continue  # handled with its folder
        if entry.suffix != ".lock" and not entry.is_dir():
            continue
        lock = _work_lock(folder)
        try:
            lock.acquire(timeout=0)
        except (Timeout, OSError):
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            lock.release()
            with contextlib.suppress(OSError):
                Path(lock.lock_file).unlink()
    return removed
