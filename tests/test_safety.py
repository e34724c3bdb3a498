"""Safety properties of the whole package: no shell strings reach a subprocess, output names
are ASCII slugs whatever a title or id says, and Pillow's decompression-bomb guard stays on
for every image studio decodes."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import warnings
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image

import studio
from studio.errors import AssetError, ScriptError, StudioErrors
from studio.ffmpeg import ffmpeg_exe
from studio.graphics.images import open_image
from studio.poster.templates import load_template
from studio.poster.variants import variant_from_values, variants_from_csv
from studio.project import Project
from studio.script import load
from studio.text import WINDOWS_RESERVED, slugify

PACKAGE = Path(studio.__file__).resolve().parent
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# ---- subprocesses: argument lists only -------------------------------------------------

SUBPROCESS_CALLS = {"run", "Popen", "call", "check_call", "check_output"}
FORBIDDEN_CALLS = {("os", "system"), ("os", "popen"), ("subprocess", "getoutput"),
                   ("subprocess", "getstatusoutput"), ("asyncio", "create_subprocess_shell")}


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
            for path in sorted(PACKAGE.rglob("*.py"))]


def _dotted(node: ast.AST) -> tuple[str, ...]:
    if isinstance(node, ast.Attribute):
        return (*_dotted(node.value), node.attr)
    if isinstance(node, ast.Name):
        return (node.id,)
    return ()


def _list_assignments(tree: ast.AST) -> dict[str, list[ast.AST]]:
    """Every value assigned to each plain name in `tree`."""
    values: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            values.setdefault(node.target.id, []).append(node.value)
    return values


def _is_argument_list(node: ast.AST, assigned: dict[str, list[ast.AST]]) -> bool:
    """Whether `node` is (or was only ever assigned) a list literal, list comprehension or
    list concatenation — never a string a shell would split."""
    if isinstance(node, (ast.List, ast.ListComp)):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_argument_list(node.left, assigned) and _is_argument_list(node.right,
                                                                             assigned)
    if isinstance(node, ast.Name) and node.id in assigned:
        return all(_is_argument_list(v, assigned) for v in assigned[node.id])
    return False


def test_the_scan_sees_every_subprocess_call():
    """The check below must be looking at the real calls: ffmpeg runs in one place only."""
    calls = [path.name for path, tree in _sources() for node in ast.walk(tree)
             if isinstance(node, ast.Call) and _dotted(node.func)[-2:-1] == ("subprocess",)
             and _dotted(node.func)[-1] in SUBPROCESS_CALLS]
    assert "ffmpeg.py" in calls and "encode.py" not in calls


def test_no_shell_and_no_string_commands_reach_a_subprocess():
    problems = []
    for path, tree in _sources():
        assigned = _list_assignments(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _dotted(node.func)
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            if name[-2:] in FORBIDDEN_CALLS:
                problems.append(f"{where}: {'.'.join(name)} runs a shell")
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant)
                                                   and keyword.value.value is False):
                    problems.append(f"{where}: shell= is set")
            if name[-2:-1] == ("subprocess",) and name[-1] in SUBPROCESS_CALLS:
                command = node.args[0] if node.args else next(
                    (k.value for k in node.keywords if k.arg == "args"), None)
                if command is None or not _is_argument_list(command, assigned):
                    problems.append(f"{where}: the command is not an argument list")
    assert problems == []
    assert not [p for p, _ in _sources() if "shell=True" in p.read_text(encoding="utf-8")]


# ---- output names ------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=120))
@example(text="../../etc/passwd")
@example(text="C:\\Windows\\system32")
@example(text="a/b\\c:d*e?f\"g<h>i|j")
@example(text="Quyền con người – Ngày 10/12")
@example(text="Con")
@example(text="NUL.txt")
@example(text="\x00")
def test_slugify_always_gives_a_safe_ascii_name(text):
    slug = slugify(text)
    assert SLUG.match(slug) and slug.isascii() and len(slug) <= 82, slug
    assert slug not in WINDOWS_RESERVED  # no file or folder Windows would refuse


def script_with_id(project, value: str, name: str = "s.md") -> Path:
    return project.script(name, front=f"title: Thử\nlang: vi\nid: '{value}'\n")


@pytest.mark.parametrize("value", ["../../etc", "a/b", "a\\b", "Quyền", "con", "NUL", "c:x",
                                   "", " x", "a b", "x" * 81])
def test_a_script_id_that_is_not_a_safe_slug_is_refused(project, value):
    path = script_with_id(project, value)
    with pytest.raises((ScriptError, StudioErrors)) as info:
        load(path, Project.at(project.root))
    assert "id" in str(info.value)


@pytest.mark.parametrize("file_name,expected", [
    ("Quyền con người.md", "quyen-con-nguoi"), ("con.md", "con-1"),
    ("..md", "untitled"), ("Bản tin (số 3).md", "ban-tin-so-3"),
])
def test_an_id_taken_from_the_file_name_is_a_slug(project, file_name, expected):
    path = project.script(file_name)
    script = load(path, Project.at(project.root))
    assert script.id == expected
    assert Project.at(project.root).output_dir(script.id).parent == project.root / "outputs"


def test_poster_names_from_data_and_set_are_slugs(project):
    proj = Project.at(project.root)
    data = project.root / "data.csv"
    data.write_text("id,headline\n../../evil,A\nC:\\x\\y,B\ncon,C\n,../../Quyền con người\n",
                    encoding="utf-8")
    variants, _ = variants_from_csv(data, [load_template("led-p10", proj)])
    assert [v.stem for v in variants] == ["evil", "c-x-y", "con-1", "quyen-con-nguoi"]
    assert variant_from_values({"headline": "../x/Ngày 2/9"}).stem == "x-ngay-2-9"
    assert variant_from_values({"headline": "a"}, name="../../evil").stem == "evil"


# ---- the decompression-bomb guard ----------------------------------------------------------

def test_the_decompression_bomb_guard_is_on_after_importing_every_module():
    default = Image.MAX_IMAGE_PIXELS
    assert default is not None
    for module in pkgutil.walk_packages([str(PACKAGE)], prefix="studio."):
        if module.name != "studio.__main__":
            importlib.import_module(module.name)
    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS <= default
    ignored = [f for f in warnings.filters if f[0] == "ignore"
               and issubclass(Image.DecompressionBombWarning, f[2])
               and f[2] is not Warning]
    assert ignored == []  # nobody silenced the warning it gives first


def test_an_oversized_image_is_refused_not_decoded(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    Image.new("RGB", (80, 60)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 4800 px is now "a bomb"
    with pytest.raises(AssetError, match="decompression-bomb"):
        open_image(path)


def test_a_frame_taken_from_a_video_passes_the_same_guard(tmp_path, monkeypatch):
    from studio.video.stills import video_frame
    clip = tmp_path / "clip.mp4"
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "color=c=blue:s=80x60:d=0.2", "-pix_fmt", "yuv420p", str(clip)],
                   check=True)
    assert video_frame(clip).size == (80, 60)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(AssetError, match="decompression-bomb") as info:
        video_frame(clip)
    assert info.value.file == str(clip)
