"""A newcomer's friction (issue #13 items 12–14, 17), where the bad-input corpus cannot say it:
running from inside scripts/, `check --strict`, `build --dry-run`, CSV headers as Excel users
type them, counts in words, the review page and the template listing."""

from __future__ import annotations

import json

from helpers_cli import error_lines, run_cli
from studio.project import Project
from studio.script import approve

# --- item 14: counts in words, check --strict, build --dry-run -------------------------------

def test_check_counts_scenes_in_words(project):
    project.script("mot.md")
    project.script("hai.md", body="## Một\n\nXin chào.\n\n## Hai\n\nTạm biệt.\n")
    result = run_cli("check", "--project", project.root)
    assert [line.split(" — ")[1].split(",")[0] for line in result.stdout.splitlines()] == [
        "2 scenes", "1 scene"]

def test_check_strict_exits_2_on_a_draft_or_stale_script(project):
    path = project.script("s.md")
    lenient = run_cli("check", path, "--project", project.root)
    assert lenient.exit_code == 0 and error_lines(lenient) == []
    strict = run_cli("check", "--strict", path, "--project", project.root)
    assert strict.exit_code == 2
    assert error_lines(strict) == [
        f"error: {path}: script is not approved — approve it: studio approve SCRIPT --by "
        "NAME, or render with --draft"]
    approve(path, "UBND xã", None, Project.at(project.root))
    assert run_cli("check", "--strict", path, "--project", project.root).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    stale = run_cli("check", "--strict", "--json", path, "--project", project.root)
    assert stale.exit_code == 2
    [row] = json.loads(stale.stdout)
    assert row["status"] == "stale" and row["errors"] == [
        f"{path}: script changed since it was approved (stale) — have it approved again: "
        "studio.script.approve(), or render with allow_draft=True"]

def test_dry_run_reports_an_invalid_script_as_a_build_does(project):
    project.script("hong.md", front="title: KHẨN: Cảnh báo lừa đảo\nlang: vi")
    dry = run_cli("build", "--dry-run", "--project", project.root)
    real = run_cli("build", "--project", project.root)
    expected = [f"error: {project.root.resolve() / 'scripts' / 'hong.md'}:2: front matter is not "
                "valid YAML: mapping values are not allowed here — put the value in quotes: "
                "title: \"KHẨN: Cảnh báo lừa đảo\""]
    assert (dry.exit_code, real.exit_code) == (1, 1)
    assert [ln for ln in error_lines(dry) if ln.startswith("error:")] == expected
    assert [ln for ln in error_lines(real) if ln.startswith("error:")] == expected
    assert dry.stdout.splitlines()[-1] == "0 to build, 0 up to date, 1 failed"
