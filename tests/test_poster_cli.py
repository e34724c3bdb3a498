"""`studio poster` and `studio templates` through the CLI: variants, names, the approval gate,
errors as one line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from helpers_cli import run_cli
from helpers_poster import SMALL_TEMPLATE, write_template

SLOGANS = """id,headline,subline,lang
,Giữ gìn vệ sinh môi trường – bảo vệ sức khỏe cộng đồng!,Phường Đông Kinh,
moi-truong,Nói không với rác thải nhựa!,,
,Phòng chống dịch sốt xuất huyết!,,en
"""


def lines(result) -> list[Path]:
    return [Path(line) for line in result.stdout.splitlines() if line.strip()]


def test_set_renders_one_poster_in_its_formats(project):
    result = run_cli("poster", "a3", "--set", "headline=Chung tay vì trẻ em!", "--set",
                     "subline=Xã Hữu Lũng", "--scale", "0.05", "--project", project.root)
    assert result.exit_code == 0, result.stderr
    out = project.root / "outputs" / "posters"
    assert lines(result) == [out / "chung-tay-vi-tre-em_a3.pdf", out / "chung-tay-vi-tre-em_a3.png",
                             out / "chung-tay-vi-tre-em_a3.preview.jpg"]
    assert all(p.stat().st_size > 0 for p in lines(result))


def test_csv_gives_one_variant_per_row_with_ascii_names_and_a_contact_sheet(project):
    data = project.root / "slogans.csv"
    data.write_text(SLOGANS, encoding="utf-8")
    result = run_cli("poster", "--template", "facebook,led-p10", "--data", data, "--format", "png",
                     "--project", project.root, "--json")
    assert result.exit_code == 0, result.stderr
    written = [Path(p) for p in json.loads(result.stdout)["outputs"]]
    names = [p.name for p in written]
    stems = ["giu-gin-ve-sinh-moi-truong-bao-ve-suc-khoe-cong_facebook",
             "giu-gin-ve-sinh-moi-truong-bao-ve-suc-khoe-cong_led-p10",
             "moi-truong_facebook", "moi-truong_led-p10",
             "phong-chong-dich-sot-xuat-huyet_facebook",
             "phong-chong-dich-sot-xuat-huyet_led-p10"]
    assert names == [f"{s}{ext}" for s in stems for ext in (".png", ".preview.jpg")] + [
        "slogans_contact-sheet.png"]
    assert all(n.isascii() for n in names) and all(p.exists() for p in written)
    with Image.open(written[-1]) as sheet:
        assert sheet.width > 3 * 320  # six thumbnails in a grid


def test_csv_missing_column_names_the_file_and_column(project):
    data = project.root / "bad.csv"
    data.write_text("subline\nXã A\n", encoding="utf-8")
    result = run_cli("poster", "a3", "--data", data, "--project", project.root)
    assert result.exit_code == 2
    assert "bad.csv" in result.stderr and "column 'headline' is missing" in result.stderr
    assert not (project.root / "outputs").exists()


def test_csv_empty_required_value_names_the_row(project):
    data = project.root / "rows.csv"
    data.write_text("headline,subline\nMột,x\n,y\n", encoding="utf-8")
    result = run_cli("poster", "square", "--data", data, "--project", project.root)
    assert result.exit_code == 2
    assert "rows.csv:3:" in result.stderr and "needs slot 'headline'" in result.stderr
    assert not (project.root / "outputs").exists()  # every row is checked before writing


def test_text_that_cannot_fit_exits_2_and_writes_nothing(project):
    result = run_cli("poster", "led-p10", "--set", "headline=" + "Rất dài " * 60,
                     "--project", project.root)
    assert result.exit_code == 2
    assert "template 'led-p10', layer 'headline'" in result.stderr
    assert "RẤT DÀI" in result.stderr and "Traceback" not in result.stderr
    assert not (project.root / "outputs").exists()


def test_missing_glyph_exits_2_naming_it(project):
    result = run_cli("poster", "square", "--set", "headline=Xin chào ☃", "--project", project.root)
    assert result.exit_code == 2 and "'☃' (U+2603)" in result.stderr


def test_unknown_template_suggests(project):
    result = run_cli("poster", "facebok", "--set", "headline=A", "--project", project.root)
    assert result.exit_code == 2 and "did you mean 'facebook'?" in result.stderr


def test_all_sizes_renders_every_template(project):
    result = run_cli("poster", "--all-sizes", "--set", "headline=Đoàn kết!", "--scale", "0.05",
                     "--format", "png", "--no-sheet", "--project", project.root)
    assert result.exit_code == 0, result.stderr
    templates = {p.stem.split("_", 1)[1] for p in lines(result)}
    assert {"a1", "bang-ron", "led-p10", "story", "phuon", "pano"} <= templates


def test_script_poster_goes_through_the_gate(project):
    project.image("assets/images/tre-em.png", size=(320, 200))
    script = project.script("tre-em.md", front="""
        title: Quyền trẻ em
        lang: vi
        organization: UBND xã Hữu Lũng
        targets:
          poster: [square, facebook]
        poster:
          headline: Mọi trẻ em đều có quyền được bảo vệ!
          image: images/tre-em.png
    """)
    refused = run_cli("poster", script, "--project", project.root)
    assert refused.exit_code == 2 and "not approved" in refused.stderr
    assert not (project.root / "outputs").exists()

    draft = run_cli("poster", script, "--draft", "--format", "png", "--project", project.root)
    assert draft.exit_code == 0, draft.stderr
    out = project.root / "outputs" / "tre-em"
    assert lines(draft) == [out / "tre-em_square-draft.png", out / "tre-em_square-draft.preview.jpg",
                            out / "tre-em_facebook-draft.png",
                            out / "tre-em_facebook-draft.preview.jpg",
                            out / "tre-em_contact-sheet-draft.png"]

    project.approve(script, "UBND xã Hữu Lũng")
    final = run_cli("poster", script, "-t", "square", "--project", project.root)
    assert final.exit_code == 0, final.stderr
    assert lines(final) == [out / "tre-em_square.png", out / "tre-em_square.jpg",
                            out / "tre-em_square.preview.jpg"]
    with Image.open(out / "tre-em_square.png") as image, \
            Image.open(out / "tre-em_square-draft.png") as marked:
        middle = (10, image.height // 2)
        assert sum(marked.getpixel(middle)) < sum(image.getpixel(middle)) * 0.6  # the band


def test_script_text_cannot_be_overridden(project):
    script = project.script("a.md")
    result = run_cli("poster", script, "--set", "headline=X", "--draft", "--project", project.root)
    assert result.exit_code == 2 and "cannot change a script's poster" in result.stderr


def test_templates_list_and_json(project):
    listing = run_cli("templates", "--project", project.root)
    assert listing.exit_code == 0
    assert "bang-ron" in listing.stdout and "headline*" in listing.stdout
    data = json.loads(run_cli("templates", "list", "--json", "--project", project.root).stdout)
    a1 = next(t for t in data if t["name"] == "a1")
    assert a1["pixels"] == [7086, 10003] and a1["dpi"] == 300 and a1["bleed_mm"] == 3


def test_project_template_is_listed_and_previewed(project):
    write_template(project.root / "templates", "the-nho", SMALL_TEMPLATE)
    listing = run_cli("templates", "--project", project.root)
    assert "the-nho" in listing.stdout and "project" in listing.stdout
    shown = run_cli("templates", "show", "the-nho", "--project", project.root)
    assert shown.exit_code == 0, shown.stderr
    preview = lines(shown)[0]
    assert preview == project.root / "outputs" / "templates" / "preview_the-nho.png"
    with Image.open(preview) as image:
        assert image.size == (400, 200)
    assert "slot headline (text, required)" in shown.stderr


def test_templates_show_scales_a_banner_preview(project):
    shown = run_cli("templates", "show", "bang-ron", "--project", project.root)
    with Image.open(lines(shown)[0]) as image:
        assert max(image.size) == 1600


def test_csv_image_column_is_relative_to_the_csv(project):
    folder = project.image("data/anh.png", size=(200, 150), colour=(10, 200, 10)).parent
    (folder / "rows.csv").write_text("headline,image\nNgày hội đoàn kết!,anh.png\n",
                                     encoding="utf-8")
    result = run_cli("poster", "facebook", "--data", folder / "rows.csv", "--format", "png",
                     "--project", project.root)
    assert result.exit_code == 0, result.stderr
    with Image.open(lines(result)[0]) as image:
        assert image.getpixel((40, 300)) == (10, 200, 10)  # the photo fills the left side


def test_scale_out_of_range_is_refused(project):
    result = run_cli("poster", "a3", "--set", "headline=A", "--scale", "0", "--project",
                     project.root)
    assert result.exit_code == 2 and "--scale" in result.stderr


def test_build_entry_point_returns_paths_without_a_sheet(project):
    from studio.poster import render_script_poster
    from studio.script import load
    script = project.script("b.md", front="title: Ngày hội\nlang: vi\n")
    paths = render_script_poster(load(script, project.proj), "led-p10", project=project.proj,
                                 allow_draft=True)
    assert [p.name for p in paths] == ["b_led-p10-draft.png", "b_led-p10-draft.preview.jpg"]
