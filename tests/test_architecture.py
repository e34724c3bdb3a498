"""The walls between studio's parts (docs/architecture.md) are import-linter contracts in
pyproject.toml: they hold today, and a reverse import — the kind the parts once had — breaks
them. The contracts are run by import-linter itself, on the real package and on a copy with
one forbidden import added."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(lint_imports is None, reason="import-linter is not installed")

# (module, an import that crosses a wall): the first four were in the code before the walls
REVERSE_IMPORTS = [
    ("script/load.py", "from studio.graphics.images import open_image"),
    ("script/model.py", "from studio.media import probe"),
    ("graphics/watermark.py", "from studio.script.model import DRAFT_WATERMARK"),
    ("graphics/layout.py", "from studio.script import gate"),
    ("script/approval.py", "from studio.poster.templates import template_path"),
    ("speech/narrate.py", "from studio.video.render import VideoJob"),
    ("poster/runs.py", "from studio.audio.profiles import PROFILES"),
    ("errors.py", "from studio.project import Project"),
]


def run_contracts(root: Path) -> subprocess.CompletedProcess:
    """import-linter over the package under `root`, with the project's contracts."""
    return subprocess.run([lint_imports, "--config", str(REPO / "pyproject.toml"),
                           "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "", "LANG": "C.UTF-8"},
                          timeout=120)


def test_every_contract_is_kept():
    done = run_contracts(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and "0 broken" in done.stdout


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("walls")
    shutil.copytree(REPO / "studio", root / "studio",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize("module, line", REVERSE_IMPORTS, ids=[m for m, _ in REVERSE_IMPORTS])
def test_a_reverse_import_breaks_a_contract(package_copy, module, line):
    path = package_copy / "studio" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\n{line}  # a wall crossed on purpose\n", encoding="utf-8")
    try:
        done = run_contracts(package_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout
