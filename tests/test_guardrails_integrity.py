"""Guard-rails for integrity (issue #13): what the bad-input corpus cannot express — a
rewritten file keeping its mode, owner and symbolic link; duplicate ids in build and dry-run;
the YAML scan's reach."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from studio.fsutil import write_text_atomic
from studio.project import Project
from studio.script import approve, load

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and owners")


def _approve(project, path):
    return approve(path, "UBND xã Hữu Lũng", dt.date(2026, 11, 20), Project.at(project.root))


# --- approve edits the file in place: mode, owner, link ------------------------------------

@POSIX_ONLY
def test_approve_keeps_a_private_files_mode(project):
    path = project.script()
    path.chmod(0o640)
    _approve(project, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@POSIX_ONLY
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another user takes root")
def test_approve_keeps_the_owner(project):
    path = project.script()
    os.chown(path, 4242, 4343)
    _approve(project, path)
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (4242, 4343)


@POSIX_ONLY
def test_without_the_right_to_give_files_away_the_write_still_happens(project, monkeypatch):
    path = project.script()
    path.chmod(0o600)

    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refuse)
    assert _approve(project, path).status == "approved"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_approve_keeps_a_symlinked_script_a_link(project, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "quyen-tre-em.md"
    real.write_text("---\ntitle: Quyền trẻ em\nlang: vi\n---\n## Cảnh\n"
                    "Mọi trẻ em đều có quyền được học tập.\n", encoding="utf-8")
    link = project.root / "scripts" / "s.md"
    try:
        link.symlink_to(real)
    except OSError as exc:
        pytest.skip(f"symlinks not permitted here: {exc}")
    _approve(project, link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "approval:" in real.read_text(encoding="utf-8")
    assert load(link, Project.at(project.root)).status == "approved"
    assert sorted(p.name for p in shared.iterdir()) == ["quyen-tre-em.md"]  # no temp left


def test_a_link_to_a_link_writes_the_last_file(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("cũ", encoding="utf-8")
    middle, outer = tmp_path / "middle.txt", tmp_path / "outer.txt"
    try:
        middle.symlink_to(real)
        outer.symlink_to(middle)
    except OSError as exc:
        pytest.skip(f"symlinks not permitted here: {exc}")
    write_text_atomic(outer, "mới")
    assert outer.is_symlink() and middle.is_symlink()
    assert real.read_text(encoding="utf-8") == "mới"


@POSIX_ONLY
def test_a_new_file_gets_the_usual_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        path = write_text_atomic(tmp_path / "new.txt", "xin chào")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_link_and_its_file_alone(tmp_path):
    from studio.fsutil import atomic_output
    real = tmp_path / "real.txt"
    real.write_text("bản tốt", encoding="utf-8")
    link = tmp_path / "link.txt"
    try:
        link.symlink_to(real)
    except OSError as exc:
        pytest.skip(f"symlinks not permitted here: {exc}")
    with pytest.raises(RuntimeError), atomic_output(link) as tmp:
        tmp.write_text("nửa chừng", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "bản tốt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]
