"""Shared fixtures: a throw-away project with a script writer, and an isolated cache."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Never touch the user's real narration cache from tests."""
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


class ProjectMaker:
    """A temp project folder with `assets/` and helpers to write scripts and images."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "assets" / "images").mkdir(parents=True)
        (root / "scripts").mkdir()

    def image(self, rel: str = "assets/images/a.png", size=(64, 48), colour=(30, 120, 200)) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, colour).save(path)
        return path

    def script(self, name: str = "s.md", *, front: str | None = None, body: str | None = None,
               raw: str | None = None) -> Path:
        path = self.root / "scripts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if raw is None:
            front = textwrap.dedent(front if front is not None else "title: Thử nghiệm\nlang: vi\n")
            body = textwrap.dedent(body if body is not None else
                                   "## Cảnh một\n\nXin chào bà con.\n")
            raw = f"---\n{front.strip()}\n---\n{body}"
        path.write_text(raw, encoding="utf-8")
        return path


@pytest.fixture
def project(tmp_path) -> ProjectMaker:
    return ProjectMaker(tmp_path / "proj")
