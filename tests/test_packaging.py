"""Packaging: every subpackage is listed, and built-in assets are found."""

from __future__ import annotations

import tomllib
from pathlib import Path

from studio.resources import builtin_assets

REPO = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for p in (REPO / "studio").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject.toml packages: {sorted(found - listed)}"


def test_builtin_assets_found():
    assert (builtin_assets() / "__init__.py").is_file()
