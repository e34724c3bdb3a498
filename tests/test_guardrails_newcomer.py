"""A newcomer's friction (issue #13 items 12–14, 17), where the bad-input corpus cannot say it:
running from inside scripts/, `check --strict`, `build --dry-run`, CSV headers as Excel users
type them, counts in words, the review page and the template listing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from PIL import Image, ImageChops

from helpers_cli import error_lines, run_cli
from helpers_review import make_video, parse_page
from studio.poster.templates import BUILTIN_DIR
from studio.project import Project
from studio.script import approve

STORY = "## Mở đầu\n![Bình minh](images/binh-minh.png)\n\nNgày 10/12 là Ngày Quyền con người.\n"


@pytest.fixture
def newcomer(project):
    """A project with a picture in assets/ and a script that uses it."""
    project.image("assets/images/binh-minh.png")
    project.script("ngay-10-12.md", front="title: Ngày Quyền con người\nlang: vi\n"
                   "targets: {poster: [led-p10]}\nposter: {headline: Tôn trọng quyền con người}",
                   body=STORY)
    return project


# --- item 12: the project is found from the script, --project still wins ---------------------

def test_check_from_inside_scripts_finds_the_assets(newcomer, monkeypatch):
    monkeypatch.chdir(newcomer.root / "scripts")
    result = run_cli("check", "ngay-10-12.md")
    assert result.exit_code == 0, result.stderr
    assert error_lines(result) == []
    assert result.stdout.startswith("ngay-10-12.md: draft — 1 scene, ")


def test_project_option_still_wins_and_the_error_names_its_assets(newcomer, tmp_path,
                                                                  monkeypatch):
    other = tmp_path / "other"
    (other / "assets").mkdir(parents=True)
    monkeypatch.chdir(newcomer.root / "scripts")
    result = run_cli("check", "ngay-10-12.md", "--project", other)
    assert result.exit_code == 2
    assert error_lines(result) == [
        "error: ngay-10-12.md:8: asset 'images/binh-minh.png' not found — put it beside the "
        f"script or in {other.resolve() / 'assets'}"]


def test_missing_asset_names_the_root_found_from_the_script(newcomer, monkeypatch):
    (newcomer.root / "assets" / "images" / "binh-minh.png").unlink()
    monkeypatch.chdir(newcomer.root / "scripts")
    result = run_cli("check", "ngay-10-12.md")
    assert error_lines(result) == [
        "error: ngay-10-12.md:8: asset 'images/binh-minh.png' not found — put it beside the "
        f"script or in {newcomer.root.resolve() / 'assets'}"]


def test_marker_file_marks_a_root_without_assets(tmp_path, monkeypatch):
    root = tmp_path / "xa"
    (root / "noi-dung").mkdir(parents=True)
    Image.new("RGB", (64, 48), (30, 120, 200)).save(root / "anh.png")
    (root / "noi-dung" / "s.md").write_text(
        "---\ntitle: Thử\nlang: vi\n---\n## Một\n![](anh.png)\n\nXin chào bà con.\n",
        encoding="utf-8")
    monkeypatch.chdir(root / "noi-dung")
    assert run_cli("check", "s.md").exit_code == 2  # no root: anh.png is not beside s.md
    (root / ".studio-project").write_text("", encoding="utf-8")
    result = run_cli("check", "s.md")
    assert result.exit_code == 0, result.stderr
    assert Project.for_script(Path("s.md")).root == root.resolve()


def test_outputs_go_to_the_project_from_inside_scripts(newcomer, monkeypatch):
    monkeypatch.chdir(newcomer.root / "scripts")
    result = run_cli("poster", "ngay-10-12.md", "--draft", "--no-sheet", "--format", "png")
    assert result.exit_code == 0, result.stderr
    written = [Path(p) for p in result.stdout.split()]
    folder = newcomer.root.resolve() / "outputs" / "ngay-10-12"
    assert written[0] == folder / "ngay-10-12_led-p10-draft.png"
    with Image.open(written[0]) as poster:
        assert poster.size == (320, 160)
    assert not (newcomer.root / "scripts" / "outputs").exists()


def test_build_from_inside_scripts_plans_the_projects_scripts(newcomer, monkeypatch):
    approve(newcomer.root / "scripts" / "ngay-10-12.md", "UBND xã", None,
            Project.at(newcomer.root))
    monkeypatch.chdir(newcomer.root / "scripts")
    result = run_cli("build", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "would build ngay-10-12 poster:led-p10: never built", "1 to build, 0 up to date, 0 failed"]


# --- item 13: CSV headers as Excel users type them -------------------------------------------

def _render_csv(project, name: str, text: str) -> Image.Image:
    data = project.root / f"{name}.csv"
    data.write_text(text, encoding="utf-8")
    result = run_cli("poster", "led-p10", "--data", data, "--no-sheet", "-o",
                     project.root / name, "--project", project.root)
    assert result.exit_code == 0, result.stderr
    assert error_lines(result) == []  # no "column is not a slot" warning
    with Image.open(Path(result.stdout.split()[0])) as poster:
        return poster.convert("RGB")


def test_csv_headers_match_slots_whatever_their_case_and_spaces(project):
    typed = _render_csv(project, "typed", " Headline ;SUBLINE \nChung tay!;Xã Hữu Lũng\n")
    exact = _render_csv(project, "exact", "headline;subline\nChung tay!;Xã Hữu Lũng\n")
    bare = _render_csv(project, "bare", "headline\nChung tay!\n")
    assert ImageChops.difference(typed, exact).getbbox() is None  # the same poster
    assert ImageChops.difference(typed, bare).getbbox() is not None  # the subline was used


# --- item 14: counts in words, check --strict, build --dry-run -------------------------------

def test_did_you_mean_never_names_a_file_outside_the_project(project):
    Image.new("RGB", (8, 8)).save(project.root.parent / "bi-mat.jpg")  # beside the project
    project.script("s.md", body="## Một\n![](../bi-mat.jpeg)\n\nXin chào.\n")
    result = run_cli("check", "--project", project.root)
    assert error_lines(result) == [
        f"error: {project.root / 'scripts' / 's.md'}:6: asset '../bi-mat.jpeg' not found — put "
        f"it beside the script or in {project.root / 'assets'}"]
    Image.new("RGB", (8, 8)).save(project.root / "bi-mat.png")  # inside it: fair to name
    assert "did you mean '../bi-mat.png'?" in error_lines(
        run_cli("check", "--project", project.root))[0]


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


# --- item 17: the review page shows what was made outside the build; templates say what -----

def _page(root: Path):
    text = (root / "outputs" / "index.html").read_text(encoding="utf-8")
    return text, parse_page(text)


def _sources(parsed, tag: str) -> set[str]:
    return {unquote(value) for t, attr, value in parsed.links if t == tag and attr == "src"}


def test_review_page_shows_posters_and_videos_made_outside_the_build(newcomer):
    root = newcomer.root
    approve(root / "scripts" / "ngay-10-12.md", "UBND xã", None, Project.at(root))
    run = run_cli("poster", "led-p10", "--set", "headline=Chung tay vì trẻ em!", "--no-sheet",
                  "--project", root)
    assert run.exit_code == 0, run.stderr
    extra = root / "outputs" / "ngay-10-12" / "ngay-10-12_vi_180x320.mp4"  # by hand, say
    make_video(extra, size="180x320")
    Image.new("RGB", (90, 160), (0, 0, 0)).save(extra.with_suffix(".preview.jpg"))
    assert run_cli("build", "--project", root, "-q").exit_code == 0

    text, parsed = _page(root)
    assert "posters/chung-tay-vi-tre-em_led-p10.preview.jpg" in _sources(parsed, "img")
    assert "outputs/posters/" in parsed.headings
    videos = [attrs for tag, attrs in parsed.tags if tag == "video"]
    assert [unquote(v["src"]) for v in videos] == ["ngay-10-12/ngay-10-12_vi_180x320.mp4"]
    assert videos[0]["class"] == "portrait"  # from its poster frame: it has no measured size
    assert unquote(videos[0]["poster"]) == "ngay-10-12/ngay-10-12_vi_180x320.preview.jpg"
    assert text.count('class="badge outside"') == 2  # the poster, the video (not their previews)

    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    other = {e["path"]: e for e in manifest["other_outputs"]}
    assert set(other) == {"posters/chung-tay-vi-tre-em_led-p10.png",
                          "posters/chung-tay-vi-tre-em_led-p10.preview.jpg",
                          "ngay-10-12/ngay-10-12_vi_180x320.mp4",
                          "ngay-10-12/ngay-10-12_vi_180x320.preview.jpg"}
    video = other["ngay-10-12/ngay-10-12_vi_180x320.mp4"]
    assert video["sha256"] == hashlib.sha256(extra.read_bytes()).hexdigest()
    assert video["script_id"] == "ngay-10-12" and video["kind"] == "video"
    assert other["posters/chung-tay-vi-tre-em_led-p10.png"]["width"] == 320
    built = {o["path"] for o in manifest["outputs"]}
    assert "ngay-10-12/ngay-10-12_led-p10.png" in built and not built & set(other)

    # a build with nothing to render still picks up a poster made since
    again = run_cli("poster", "led-p10", "--set", "headline=Nói không với rác thải nhựa!",
                    "--no-sheet", "--draft", "--project", root)
    assert again.exit_code == 0, again.stderr
    assert run_cli("build", "--project", root, "-q").exit_code == 0
    text, parsed = _page(root)
    assert "posters/noi-khong-voi-rac-thai-nhua_led-p10-draft.preview.jpg" in _sources(parsed,
                                                                                         "img")
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    drafts = {e["path"]: e["draft"] for e in manifest["other_outputs"]}
    assert drafts["posters/noi-khong-voi-rac-thai-nhua_led-p10-draft.png"] is True
    assert drafts["posters/chung-tay-vi-tre-em_led-p10.png"] is False


def test_templates_lists_one_line_per_template_with_its_description(project):
    result = run_cli("templates", "--project", project.root)
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    shipped = sorted(BUILTIN_DIR.glob("*.yaml"))
    assert len(rows) == len(result.stdout.splitlines()) == len(shipped)
    for path in shipped:
        description = yaml.safe_load(path.read_text(encoding="utf-8"))["description"]
        assert description and description in rows[path.stem], path.stem
