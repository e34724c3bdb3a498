"""The project folder: where assets are looked up, how a file a person names is opened
safely, and where outputs go."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from studio.errors import AssetError, StudioError
from studio.fsutil import locked_folder

OUTPUTS_DIR = "outputs"
ASSETS_DIR = "assets"
SCRIPTS_DIR = "scripts"
GIVE_A_FILE = "name a file saved on disk"
PUT_IT_THERE = "put it beside the script or in assets/"
FIX_THE_LINK = "point the link at a real file, or put the file itself there"
# what stat() or open() failing means to a person, by errno: (what is wrong, what to do)
READ_ERRORS = {
    errno.ELOOP: ("is a symbolic link that loops back on itself", FIX_THE_LINK),
    errno.EACCES: ("cannot be read (permission denied)",
                   "check its permissions, or copy it into the project"),
    errno.EPERM: ("cannot be read (permission denied)",
                  "check its permissions, or copy it into the project"),
    errno.ENAMETOOLONG: ("has a path too long to open", "move it to a shorter folder name"),
    errno.EIO: ("cannot be read (input/output error: a failing disk or USB stick?)",
                "copy it to another drive and try again"),
}
# files that are not regular files, by stat's test: (what it is, what to do)
NOT_REGULAR = (
    (stat.S_ISDIR, "a folder", "name a file inside it"),
    (stat.S_ISFIFO, "a named pipe", GIVE_A_FILE),
    (stat.S_ISCHR, "a device", GIVE_A_FILE),
    (stat.S_ISBLK, "a device", GIVE_A_FILE),
    (stat.S_ISSOCK, "a socket", GIVE_A_FILE),
)


@dataclass(frozen=True)
class FileKind:
    """One kind of file people give studio, as its errors speak of it: its name, what to do
    when it is missing, and the most of it studio will read (None: no limit)."""

    what: str = "file"
    missing: str = "check the path"
    max_bytes: int | None = None
    too_large: str = "use a smaller file"
    error: type[StudioError] = AssetError


def _refuse(kind: FileKind, path: Path, message: str, hint: str, where: dict | None
            ) -> StudioError:
    """The one-line error about `path` (or, given `where`, about the script line naming it)."""
    return kind.error(f"{kind.what} {message}", **(where or {"file": path}), hint=hint)


def _stat_error(exc: OSError, path: Path, kind: FileKind, where: dict | None) -> StudioError:
    """Why `path` cannot be opened, as a person would say it."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            return _refuse(kind, path, "is a link to a file that is not there", FIX_THE_LINK,
                           where)
        return _refuse(kind, path, "not found", kind.missing, where)
    message, hint = READ_ERRORS.get(exc.errno, (f"cannot be read ({exc.strerror or exc})",
                                                "check the file, or copy it again"))
    return _refuse(kind, path, message, hint, where)


def readable_file(path: str | Path, kind: FileKind = FileKind(), *, where: dict | None = None
                  ) -> Path:
    """`path` if it is a regular file studio may read whole (not a folder, pipe, device,
    symbolic-link loop or over-large file) and can open; else one error naming it — at
    `where` (file/line/field of the script naming it) when given — and what to do. A pipe or
    device would make a read hang forever or never end."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _stat_error(exc, path, kind, where) from None
    except ValueError:  # a NUL in the name: no file is called that
        raise _refuse(kind, path, "not found", kind.missing, where) from None
    for test, what, hint in NOT_REGULAR:
        if test(info.st_mode):
            raise _refuse(kind, path, f"is {what}, not a file", hint, where)
    if kind.max_bytes is not None and info.st_size > kind.max_bytes:
        raise _too_large(path, kind, where)
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise _stat_error(exc, path, kind, where) from None
    return path


def _too_large(path: Path, kind: FileKind, where: dict | None) -> StudioError:
    """`path` is over the most of its kind studio reads (said in MB, or bytes when small)."""
    limit = kind.max_bytes or 0
    shown = f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit:,} bytes"
    return _refuse(kind, path, f"is larger than the {shown} studio reads", kind.too_large,
                   where)


def read_file_bytes(path: str | Path, kind: FileKind = FileKind()) -> bytes:
    """The bytes of a file a person named, after `readable_file`; never more than
    `kind.max_bytes` (read one byte past it, so a file that grows while read, or claims no
    size, is refused rather than read without end)."""
    path = readable_file(path, kind)
    try:
        with open(path, "rb") as handle:
            data = handle.read() if kind.max_bytes is None else handle.read(kind.max_bytes + 1)
    except OSError as exc:
        raise _stat_error(exc, path, kind, None) from None
    if kind.max_bytes is not None and len(data) > kind.max_bytes:
        raise _too_large(path, kind, None)
    return data


@dataclass(frozen=True)
class Project:
    """A project root (the working directory unless `--project DIR`)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> "Project":
        """The project rooted at `root` (default: the working directory)."""
        return cls(Path(root or Path.cwd()).resolve())

    @property
    def assets(self) -> Path:
        return self.root / ASSETS_DIR

    @property
    def scripts(self) -> Path:
        """The project's scripts folder (what check and build read by default)."""
        return self.root / SCRIPTS_DIR

    @property
    def outputs(self) -> Path:
        return self.root / OUTPUTS_DIR

    def output_dir(self, script_id: str, out: str | Path | None = None) -> Path:
        """`-o/--out` if given, else `<root>/outputs/<id>/`."""
        return Path(out) if out else self.outputs / script_id

    def lock_folder(self, out_dir: Path) -> Path:
        """The folder whose lock a command writing to `out_dir` takes: the whole `outputs/`
        when it writes inside it (so it excludes a running build), else `out_dir` itself."""
        out_dir = real_path(out_dir)
        return self.outputs if out_dir.is_relative_to(self.outputs) else out_dir

    def locked(self, out_dir: Path, *, what: str) -> AbstractContextManager[Path]:
        """Hold, for a whole writing operation, the lock of the folder `out_dir` belongs to
        (refusing clearly while another studio command writes there)."""
        return locked_folder(self.lock_folder(out_dir), what=what)

    def boundary_for(self, script_path: Path) -> Path:
        """The folder assets must stay inside: the project root, or for a script kept outside
        the project, that script's own folder."""
        script_path = script_path.resolve()
        return self.root if script_path.is_relative_to(self.root) else script_path.parent


def real_path(path: str | Path) -> Path:
    """`path` absolute with every symbolic link followed — as far as they go: a link loop is
    left for `readable_file` to name, not raised here (Path.resolve raises on 3.11–3.12)."""
    return Path(os.path.realpath(path))


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` (symlinks resolved) lies inside `folder`."""
    return real_path(path).is_relative_to(real_path(folder))


def resolve_asset(ref: str, *, script_path: Path, project: Project, line: int | None = None,
                  field: str | None = None) -> Path:
    """Resolve an asset reference relative to the script, then to the project's `assets/`.

    Refuses absolute paths and anything that resolves (through `..` or symlinks) outside the
    project, so a script from a USB stick cannot read other files on the machine.
    """
    where = dict(file=script_path, line=line, field=field)
    raw = ref.strip().replace("\\", "/")
    if not raw:
        raise AssetError("empty asset path", **where, hint="give a file name")
    if Path(raw).is_absolute() or raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
        raise AssetError(f"asset path '{ref}' is absolute", **where,
                         hint="use a path relative to the script or to assets/")
    boundary = project.boundary_for(script_path)
    # script folder, then assets/, then (for "assets/images/x.jpg" written from the root) the root
    candidates = [script_path.parent / raw, project.assets / raw, boundary / raw]
    for candidate in candidates:
        if candidate.exists() or candidate.is_symlink():
            if not is_inside(candidate, boundary):
                raise AssetError(f"asset '{ref}' lies outside the project folder", **where,
                                 hint=f"copy the file into {boundary / ASSETS_DIR}")
            readable_file(candidate, FileKind(f"asset '{ref}'", missing=PUT_IT_THERE),
                          where=where)
            return real_path(candidate)
    if not is_inside(candidates[0], boundary):
        raise AssetError(f"asset '{ref}' lies outside the project folder", **where,
                         hint=f"copy the file into {boundary / ASSETS_DIR}")
    raise AssetError(f"asset '{ref}' not found", **where, hint=PUT_IT_THERE)
