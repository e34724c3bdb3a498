"""CLI of the spine: check, approve, doctor, errors for people."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers_cli import error_lines, run_cli
from studio.cli import cli

REPO = Path(__file__).resolve().parent.parent


def test_check_lists_examples_as_approved():
    result = run_cli("check", REPO / "scripts", "--project", REPO)
    assert result.exit_code == 0, result.stderr
    assert "ngay-quyen-con-nguoi.md: approved by" in result.stdout
    assert "nhap-quyen-tre-em.md: draft" in result.stdout


def test_check_json(project):
    project.script("a.md")
    result = run_cli("check", project.root / "scripts", "--project", project.root, "--json")
    data = json.loads(result.stdout)
    assert data[0]["status"] == "draft" and data[0]["scenes"] == 1
    assert data[0]["estimated_seconds"] > 0 and data[0]["errors"] == []


def test_check_error_is_one_line_exit_2(project):
    path = project.script(raw="---\ntitle: A\nlang: fr\n---\n## A\nchữ\n")
    result = run_cli("check", path, "--project", project.root)
    assert result.exit_code == 2
    assert error_lines(result) == [f"error: {path}:3: unknown lang 'fr' — use one of: vi, en, zh, tay, nun, hmn, dao"]
    assert result.stdout.strip() == ""  # that one line is all the command says
    assert "Traceback" not in result.stderr


def test_check_missing_path_exit_2(tmp_path):
    result = run_cli("check", tmp_path / "nope.md")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_approve_cli_then_stale_then_check(project):
    path = project.script()
    result = run_cli("approve", path, "--by", "UBND xã", "--on", "2026-11-20", "--project",
                     project.root)
    assert result.exit_code == 0 and "approved by UBND xã on 2026-11-20" in result.stdout
    path.write_text(path.read_text(encoding="utf-8").replace("bà con", "cô bác"), encoding="utf-8")
    result = run_cli("check", path, "--project", project.root)
    assert ": stale" in result.stdout and "approve it again" in result.stderr


def test_approve_bad_date(project):
    path = project.script()
    result = run_cli("approve", path, "--by", "A", "--on", "20/11/2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_every_command_help_has_an_example():
    for name, command in cli.commands.items():
        result = run_cli(name, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.stdout, name
        example = result.stdout.split("Example:", 1)[1]
        assert f"studio {name}" in example, name


def test_doctor_offline():
    result = run_cli("doctor", "--no-network", "--project", REPO)
    assert "ffmpeg" in result.stdout and "raqm yes" in result.stdout
    assert "Be Vietnam Pro" in result.stdout
    assert result.exit_code == 0  # the online voices (gtts, edge) are optional


def test_console_script_runs_as_a_process(project):
    exe = shutil.which("studio", path=str(Path(sys.executable).parent))
    args = [exe] if exe else [sys.executable, "-m", "studio"]
    path = project.script(raw="---\ntitle: A\n---\n## A\nchữ\n")
    proc = subprocess.run([*args, "check", str(path)], capture_output=True, text=True,
                          encoding="utf-8", cwd=project.root)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: {path}:2: 'lang' is required — use one "
                                                "of: vi, en, zh, tay, nun, hmn, dao"]
