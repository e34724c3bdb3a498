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


# --- two scripts, one id ----------------------------------------------------------------------

FOLDED = ("bài 1.md", "sub/bài #1 🎉 %.md")  # both fold to 'bai-1'


def _clashing(project, *, targets: str = "") -> None:
    """The issue's pair (two names folding to one id), and a third script of its own."""
    for name, title in zip(FOLDED, ("Bài 1", "Bài một, bản khác")):
        project.script(name, front=f"title: {title}\nlang: vi\n{targets}")
    project.script("khac.md", front=f"title: Khác\nlang: vi\n{targets}")
    for name in (*FOLDED, "khac.md"):
        _approve(project, project.root / "scripts" / name)


def _clash_line(path: str, other: str, id_: str = "bai-1", how: str = " (from the file name)"
                ) -> str:
    return (f"error: {path}: id '{id_}'{how} is also the id of {other}, so their outputs would "
            f"overwrite each other in outputs/{id_}/ — give one of them its own 'id:'")


def test_check_names_both_files_of_a_folded_id(project, monkeypatch):
    from helpers_cli import error_lines, run_cli
    _clashing(project)
    monkeypatch.chdir(project.root)
    result = run_cli("check", "scripts/")
    assert result.exit_code == 2
    a, b = (f"scripts/{n}" for n in FOLDED)
    assert error_lines(result) == [_clash_line(a, b), _clash_line(b, a)]
    assert result.stdout.splitlines() == ["scripts/khac.md: approved by UBND xã Hữu Lũng — "
                                          "1 scenes, ~1 s, lang vi"]


def test_a_copied_script_keeping_its_id_clashes_at_its_id_line(project, monkeypatch):
    from helpers_cli import error_lines, run_cli
    project.script("quyen-tre-em.md", front="title: Quyền trẻ em\nid: quyen-tre-em\nlang: vi\n")
    project.script("ban-sao.md", front="title: Quyền trẻ em (bản sửa)\nid: quyen-tre-em\n"
                                       "lang: vi\n")
    monkeypatch.chdir(project.root)
    result = run_cli("check", "scripts/ban-sao.md")  # the original is found in scripts/ too
    assert result.exit_code == 2
    assert error_lines(result) == [_clash_line("scripts/ban-sao.md:3",
                                               "scripts/quyen-tre-em.md", "quyen-tre-em", "")]


def test_distinct_ids_pass(project, monkeypatch):
    from helpers_cli import run_cli
    project.script("bai-1.md")
    project.script("bai-2.md")
    project.script("sub/bai-3.md", front="title: Ba\nid: bai-3-khac\nlang: vi\n")
    monkeypatch.chdir(project.root)
    assert run_cli("check", "scripts/").exit_code == 0


def _fake_render(script, name, out_dir, draft, voice, project, notice=None):
    """A target that writes one small file, so the build is quick and exact."""
    return [write_text_atomic(out_dir / f"{script.id}_{name}.txt", script.title)]


def test_build_fails_both_scripts_and_builds_the_others(project):
    from studio.build import build
    from studio.build.plan import TargetKind
    _clashing(project, targets="targets: {poster: [facebook]}\n")
    kinds = {"poster": TargetKind("poster", lambda s: s.targets.poster,
                                  lambda s, n, p: {}, _fake_render)}
    report = build(project=Project.at(project.root), kinds=kinds, jobs=1)
    failed = sorted((r.script_id, r.error) for r in report.failed)
    scripts = project.root / "scripts"
    assert failed == sorted([
        ("bài #1 🎉 %", _clash_line(str(scripts / FOLDED[1]), str(scripts / FOLDED[0]))[7:]),
        ("bài 1", _clash_line(str(scripts / FOLDED[0]), str(scripts / FOLDED[1]))[7:])])
    assert [(r.script_id, r.status) for r in report.results if r.status == "built"] == \
        [("khac", "built")]
    assert not (project.root / "outputs" / "bai-1").exists()


def test_dry_run_says_both_lines(project, monkeypatch):
    from helpers_cli import error_lines, run_cli
    _clashing(project, targets="targets: {poster: [facebook]}\n")
    monkeypatch.chdir(project.root)
    result = run_cli("build", "--dry-run", "scripts/")
    a, b = (f"scripts/{n}" for n in FOLDED)
    assert result.exit_code == 1
    assert error_lines(result) == [_clash_line(a, b), _clash_line(b, a)]
    assert result.stdout.splitlines()[0].startswith("would build khac poster:facebook")
    assert not (project.root / "outputs" / "bai-1").exists()


# --- the YAML scan: duplicate keys at any depth, nothing else --------------------------------

@pytest.mark.parametrize("text, key, lines", [
    ("title: A\nlang: vi\ntitle: B\n", "title", (0, 2)),
    ("voice:\n  speed: 1\n  engine: gtts\n  speed: 2\n", "voice.speed", (1, 3)),
    ("layers:\n  - {type: text, box: [0, 0, 1, 1], type: image}\n", "layers.0.type", (1, 1)),
    ("a: 1\n'a': 2\n", "a", (0, 1)),  # quoting does not make another key
    ("'': 1\nb: 2\n\"\": 3\n", "", (0, 2)),  # nor does an empty one escape
])
def test_a_repeated_key_is_found_with_both_lines(text, key, lines):
    from studio.yamlsafe import yaml_hazard
    hazard = yaml_hazard(text)
    assert (hazard.kind, hazard.key, (hazard.first_line, hazard.line)) == ("duplicate", key, lines)


@pytest.mark.parametrize("text", [
    "a: {x: 1}\nb: {x: 1}\n",  # the same key in two mappings
    "- {x: 1}\n- {x: 2}\n",  # the same key in two list items
    "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  x: 3\n",  # a merge overridden on purpose
    "? [a, b]\n: 1\n? [c]\n: 2\n",  # complex keys
])
def test_no_repeated_key_is_not_a_hazard(text):
    from studio.yamlsafe import yaml_hazard
    assert yaml_hazard(text) is None


def test_a_repeated_key_in_one_flow_mapping_says_one_line(project, monkeypatch):
    from helpers_cli import error_lines, run_cli
    project.script(front="title: A\nlang: vi\nvoice: {speed: 1.0, engine: gtts, speed: 1.5}\n")
    monkeypatch.chdir(project.root)
    result = run_cli("check", "scripts/s.md")
    assert result.exit_code == 2
    assert error_lines(result) == [
        "error: scripts/s.md:4: 'voice.speed' is written twice in the front matter (both on "
        "line 4) — keep one of them (a reader sees the first, YAML would use the last)"]
