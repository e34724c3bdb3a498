"""The project folder: where assets are looked up and where outputs go."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from studio.errors import AssetError
from studio.fsutil import locked_folder

OUTPUTS_DIR = "outputs"
ASSETS_DIR = "assets"
SCRIPTS_DIR = "scripts"


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
        out_dir = Path(out_dir).resolve()
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


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` (symlinks resolved) lies inside `folder`."""
    return path.resolve().is_relative_to(folder.resolve())


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
            if not candidate.resolve().is_file():
                raise AssetError(f"asset '{ref}' is not a file", **where, hint="name a file")
            return candidate.resolve()
    if not is_inside(candidates[0], boundary):
        raise AssetError(f"asset '{ref}' lies outside the project folder", **where,
                         hint=f"copy the file into {boundary / ASSETS_DIR}")
    raise AssetError(f"asset '{ref}' not found", **where,
                     hint="put it beside the script or in assets/")
