"""CLI of the spine: check, approve, doctor, errors for people."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from studio.cli import cli

REPO = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_check_lists_examples_as_approved():
    result = run("check", REPO / "scripts", "--project", REPO)
    assert result.exit_code == 0, result.output
    assert "ngay-quyen-con-nguoi.md: approved by" in result.output
    assert "nhap-quyen-tre-em.md: draft" in result.output


def test_check_json(project):
    project.script("a.md")
    result = run("check", project.root / "scripts", "--project", project.root, "--json")
    data = json.loads(result.output)
    assert data[0]["status"] == "draft" and data[0]["scenes"] == 1
    assert data[0]["estimated_seconds"] > 0 and data[0]["errors"] == []


def test_check_error_is_one_line_exit_2(project):
    path = project.script(raw="---\ntitle: A\nlang: fr\n---\n## A\nchữ\n")
    result = CliRunner().invoke(cli, ["check", str(path), "--project", str(project.root)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines == [f"error: {path}:3: unknown lang 'fr' — use one of: vi, en, zh, tay, nun, hmn, dao"]
    assert "Traceback" not in result.output


def test_check_missing_path_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.md")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_approve_cli_then_stale_then_check(project):
    path = project.script()
    result = run("approve", path, "--by", "UBND xã", "--on", "2026-11-20", "--project", project.root)
    assert result.exit_code == 0 and "approved by UBND xã on 2026-11-20" in result.output
    path.write_text(path.read_text(encoding="utf-8").replace("bà con", "cô bác"), encoding="utf-8")
    result = run("check", path, "--project", project.root)
    assert ": stale" in result.output and "approve it again" in result.output


def test_approve_bad_date(project):
    path = project.script()
    result = CliRunner().invoke(cli, ["approve", str(path), "--by", "A", "--on", "20/11/2026"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_every_command_help_has_an_example():
    for name, command in cli.commands.items():
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, name
        example = result.output.split("Example:", 1)[1]
        assert f"studio {name}" in example, name


def test_doctor_offline():
    result = CliRunner().invoke(cli, ["doctor", "--no-network", "--project", str(REPO)])
    assert "ffmpeg" in result.output and "raqm yes" in result.output
    assert "Be Vietnam Pro" in result.output


def test_console_script_runs_as_a_process(project):
    exe = shutil.which("studio", path=str(Path(sys.executable).parent))
    args = [exe] if exe else [sys.executable, "-m", "studio"]
    path = project.script(raw="---\ntitle: A\n---\n## A\nchữ\n")
    proc = subprocess.run([*args, "check", str(path)], capture_output=True, text=True,
                          encoding="utf-8", cwd=project.root)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: {path}:2: 'lang' is required — use one "
                                                "of: vi, en, zh, tay, nun, hmn, dao"]
