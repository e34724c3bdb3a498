"""The bad-input corpus: every case exits 2 with exactly its one line and writes nothing."""

from __future__ import annotations

import importlib.util
import shlex
import shutil
from pathlib import Path

import pytest

from helpers_cli import error_lines, run_cli
from helpers_project import ProjectMaker

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def _setup(case: Path, root: Path) -> None:
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.txt", "cmd.txt",
                                                              "case.py", "__pycache__"))
    ProjectMaker(root)  # the folders every project has, where the case lacks them
    if (case / "case.py").exists():
        spec = importlib.util.spec_from_file_location(f"case_{case.name}", case / "case.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        try:
            module.setup(root)
        except OSError as exc:  # e.g. symlinks not permitted on this machine
            pytest.skip(f"cannot set up case: {exc}")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_input(case, tmp_path, monkeypatch):
    root = tmp_path / "proj"
    _setup(case, root)
    outputs = root / "outputs"
    (outputs / "earlier").mkdir(parents=True)
    (outputs / "earlier" / "good.mp3").write_bytes(b"an earlier good output")
    before = _snapshot(outputs)
    cmd = (case / "cmd.txt").read_text(encoding="utf-8").strip() if (case / "cmd.txt").exists() \
        else "check scripts/s.md"
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    expected = expected.replace("PROJECT", str(root.resolve()))
    monkeypatch.chdir(root)
    result = run_cli(*shlex.split(cmd))
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert error_lines(result) == [f"error: {expected}"], result.stderr
    assert result.stdout.strip() == "", result.stdout  # that one line is all it says
    assert _snapshot(outputs) == before, "outputs changed"
