"""A newcomer's friction (issue #13 items 12–14, 17), where the bad-input corpus cannot say it:
running from inside scripts/, `check --strict`, `build --dry-run`, CSV headers as Excel users
type them, counts in words, the review page and the template listing."""

from __future__ import annotations

from helpers_cli import run_cli

# --- item 14: counts in words, check --strict, build --dry-run -------------------------------

def test_check_counts_scenes_in_words(project):
    project.script("mot.md")
    project.script("hai.md", body="## Một\n\nXin chào.\n\n## Hai\n\nTạm biệt.\n")
    result = run_cli("check", "--project", project.root)
    assert [line.split(" — ")[1].split(",")[0] for line in result.stdout.splitlines()] == [
        "2 scenes", "1 scene"]
