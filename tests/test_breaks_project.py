"""A project's own word list (`lexicon/vi-words.txt`) is read from the project a script or a
poster belongs to (`--project`, or the one found from the script), not from the working
directory: it changes the breaks of subtitles, cards, headlines and posters of that project
only. "khau nhục" (a Tày/Nùng dish) is in no shipped list, so without the project's list a
line may end on "khau"."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import srt
from PIL import Image

from helpers_cli import run_cli
from helpers_poster import SMALL_TEMPLATE, write_template
from helpers_project import ProjectMaker
from studio.graphics import layout as graphics_layout
from studio.graphics.words import load_words
from studio.poster.runs import prepare_posters
from studio.poster.templates import load_template
from studio.poster.variants import variant_from_values
from studio.project import Project
from studio.script import approve, load
from studio.video import overlays
from studio.video.formats import parse_formats
from studio.video.frame import frame_layout
from studio.video.render import prepare_video

SAID = "Mẹ em thường làm món khau nhục thật ngon đãi khách quý."  # at 28: "… món khau | nhục"
SHORT = "Bà con làm khau nhục ngon"  # in three short lines: "Bà con / làm khau / nhục ngon"
DISH = "khau nhục"


def maker(root, *, with_list: bool) -> ProjectMaker:
    """A project with one approved script saying SAID, and the dish in its word list if asked."""
    made = ProjectMaker(root)
    path = made.script("mon-an.md", front="title: Món ăn của bản\nlang: vi\n",
                       body=f"## Món ngon\n> {SHORT}\n\n{SAID}\n")
    approve(path, "Chủ tịch UBND xã", dt.date(2026, 12, 1), Project.at(root))
    if with_list:
        (root / "lexicon").mkdir()
        (root / "lexicon" / "vi-words.txt").write_text(f"{DISH}\n", encoding="utf-8")
    return made


@pytest.fixture
def projects(tmp_path, monkeypatch):
    """(a project with the list, one without), and a working directory that is neither."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return maker(tmp_path / "with", with_list=True), maker(tmp_path / "without",
                                                           with_list=False)


def vertical_lines(made: ProjectMaker) -> list[str]:
    """The lines of `studio subtitles` for the vertical format (28 characters a line)."""
    script = made.root / "scripts" / "mon-an.md"
    result = run_cli("subtitles", script, "--offline", "--project", made.root, "-f", "vertical")
    assert result.exit_code == 0, result.stderr
    cues = srt.parse((made.root / "outputs" / "mon-an" / "mon-an_vi_vertical.srt").read_text(
        encoding="utf-8"))
    return [line for cue in cues for line in cue.content.splitlines()]


def test_subtitles_use_the_word_list_of_the_scripts_project_not_the_working_directorys(
        projects, monkeypatch):
    listed, unlisted = projects
    assert any(line.endswith(" khau") for line in vertical_lines(unlisted))
    kept = vertical_lines(listed)
    assert not any(line.endswith(" khau") for line in kept) and any(DISH in ln for ln in kept)
    monkeypatch.chdir(listed.root)  # the working directory's list does not reach another project
    assert any(line.endswith(" khau") for line in vertical_lines(unlisted))


def test_a_video_job_carries_its_projects_words_to_its_cards_and_headlines(projects,
                                                                          monkeypatch):
    listed, unlisted = projects
    jobs = {made: prepare_video(load(made.root / "scripts" / "mon-an.md", made.proj),
                                project=made.proj, allow_draft=True)
            for made in (listed, unlisted)}
    assert jobs[listed].words.kind(DISH) == "word"
    assert jobs[unlisted].words.kind(DISH) is None
    fitted = []  # every block the headline layout makes, as fit_text returns it
    real_fit = graphics_layout.fit_text
    monkeypatch.setattr(overlays, "fit_text",
                        lambda *a, **k: fitted.append(real_fit(*a, **k)) or fitted[-1])
    fmt = parse_formats(["vertical"], (), None)[0]
    spec = overlays.text_spec(SHORT.upper(), "vi")
    for made in (unlisted, listed):
        frame = replace(frame_layout(fmt, spec, "vi", has_logo=False, words=jobs[made].words),
                        headline=(0, 0, 240, 300))  # a narrow headline band
        overlays.draw_headline(Image.new("RGB", (fmt.width, fmt.height)), SHORT, frame, "vi")
    without, with_list = fitted[-2].lines, fitted[-1].lines
    assert any(line.endswith("KHAU") for line in without[:-1]), without
    assert not any(line.endswith("KHAU") for line in with_list[:-1]), with_list


def test_posters_use_the_word_list_of_their_project(projects, tmp_path):
    listed, unlisted = projects
    template = load_template(write_template(tmp_path / "t", "small", SMALL_TEMPLATE.replace(
        "[0, 0, 100, 100]", "[0, 0, 45, 100]").replace("max_lines: 2", "max_lines: 3")))
    lines = {}
    for made in (listed, unlisted):
        batch = prepare_posters([template], [variant_from_values({"headline": SHORT})],
                                out_dir=made.root / "outputs", project=made.proj)
        lines[made] = batch.jobs[0].plan.placements[0].block.lines
    assert any(line.endswith("khau") for line in lines[unlisted][:-1]), lines[unlisted]
    assert not any(line.endswith("khau") for line in lines[listed][:-1]), lines[listed]
    assert load_words("vi").kind(DISH) is None  # the working directory has no such list
