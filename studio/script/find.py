"""Finding script files: the files named, and every script below the folders named."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from studio.errors import ScriptError

SCRIPT_SUFFIXES = (".md", ".markdown")


def find_scripts(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into script files (folders: every *.md below, sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SCRIPT_SUFFIXES
                                and p.is_file() and not p.name.lower().startswith("readme")))
        elif path.exists():
            found.append(path)
        else:
            raise ScriptError("no such file or folder", file=path, hint="check the path")
    return found
