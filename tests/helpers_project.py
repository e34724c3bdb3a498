"""The one way tests build a project folder: `ProjectMaker` writes scripts (draft or approved),
pictures, WAV and other assets, a lexicon, and copies of the repository's example scripts.
The `project` fixture (conftest.py) is one on `tmp_path`; a module-scoped fixture makes its
own on a `tmp_path_factory` folder."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import numpy as np
from PIL import Image

from helpers_audio import write_wav
from studio.project import Project
from studio.script import approve
from studio.script.model import Script

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "scripts"
EXAMPLE_IMAGES = REPO / "assets" / "images"
APPROVER = "Chủ tịch UBND xã"


class ProjectMaker:
    """A temp project folder with `assets/images/` and `scripts/`, and small writers for what
    a test puts in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
        (root / "scripts").mkdir(exist_ok=True)

    @property
    def proj(self) -> Project:
        """The studio Project over this folder (what the library is given)."""
        return Project.at(self.root)

    def place(self, rel: str) -> Path:
        """Where `rel` goes in the project, its folder made (for a file the test writes
        itself: a recording, a clip, a drawn logo)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def image(self, rel: str = "assets/images/a.png", size=(64, 48), colour=(30, 120, 200)) -> Path:
        """A plain picture of one colour (its format from the name)."""
        path = self.place(rel)
        Image.new("RGB", size, colour).save(path)
        return path

    def wav(self, rel: str, samples: np.ndarray, rate: int = 24000) -> Path:
        """A mono 16-bit WAV asset of `samples`."""
        return write_wav(self.place(rel), samples, rate)

    def lexicon(self, text: str, lang: str = "vi") -> Path:
        """The project's own word list for `lang` (lexicon/LANG.tsv: WRITTEN<TAB>SPOKEN lines)."""
        path = self.place(f"lexicon/{lang}.tsv")
        path.write_text(text, encoding="utf-8")
        return path

    def script(self, name: str = "s.md", *, front: str | None = None, body: str | None = None,
               raw: str | None = None) -> Path:
        """scripts/NAME from front matter and body (dedented), or `raw` text as it is."""
        path = self.place(f"scripts/{name}")
        if raw is None:
            front = textwrap.dedent(front if front is not None else "title: Thử nghiệm\nlang: vi\n")
            body = textwrap.dedent(body if body is not None else
                                   "## Cảnh một\n\nXin chào bà con.\n")
            raw = f"---\n{front.strip()}\n---\n{body}"
        path.write_text(raw, encoding="utf-8")
        return path

    def approve(self, path: Path, by: str = APPROVER, on: dt.date | None = None) -> Script:
        """Approve a script of this project, as `studio approve` does."""
        return approve(path, by, on, self.proj)

    def approved(self, name: str = "s.md", *, front: str | None = None, body: str | None = None,
                 raw: str | None = None, by: str = APPROVER, on: dt.date | None = None
                 ) -> Script:
        """A script written (as `script`) and approved; the reloaded approved Script."""
        return self.approve(self.script(name, front=front, body=body, raw=raw), by, on)

    def examples(self, *names: str) -> list[Path]:
        """Copies of the repository's example scripts (all of them without names) and their
        pictures, approvals intact."""
        sources = [EXAMPLES / n for n in names] if names else sorted(EXAMPLES.glob("*.md"))
        shutil.copytree(EXAMPLE_IMAGES, self.root / "assets" / "images", dirs_exist_ok=True)
        return [Path(shutil.copy2(src, self.root / "scripts" / src.name)) for src in sources]
