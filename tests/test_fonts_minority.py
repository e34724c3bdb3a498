"""Every letter of the minority orthographies is drawn, never refused nor left blank: Be Vietnam
Pro builds ĕ ĭ ŏ ŭ ǎ ǐ ǒ ǔ from base + mark, the fallback face draws ʼ and ŋ, and a character
no face has is one line naming it and the language (docs/languages.md)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageDraw

from helpers_video import bright_pixels
from studio.cli import cli
from studio.errors import FontError
from studio.graphics.fonts import (FALLBACK_FAMILY, LATIN_FAMILY, FontSpec, face_runs,
                                   load_font, missing_characters, spec_for, uncovered)
from studio.graphics.layout import draw_block, draw_text, fit_text, text_width, vertical_metrics
from studio.poster.render import paint_poster, plan_poster
from studio.poster.templates import load_template
from studio.script import DRAFT
from studio.script.model import Paragraph, Scene, Script
from studio.video.formats import parse_format
from studio.video.frame import frame_layout
from studio.video.overlays import draw_subtitle
from studio.video.render import check_fonts

# Example sentences made of typical words of each orthography (docs/languages.md), to show
# the letters in use; they are not vetted translations.
SAMPLES = {
    "tay": "Wằn nẩy fạ đây, lục lan mừa bản slon phuối Tày.",  # Tày-Nùng 1961: f, w, sl
    "nun": "Phja slung nặm cải, cần Nùng slon phuối Nùng.",  # same orthography as Tày
    "hmn": "Nyob zoo! Peb kawm ntawv Hmoob, Ntơưr Hmôngz Viêx Nangz: chữ Hʼmông.",  # RPA, 1961
    "dao": "Iu Mienh nyei nzangc: hnoi, ndau, zingh.",  # Iu Mien Unified Script
}
# The letters the issue names (#14): Be Vietnam Pro has none of them precomposed.
BREVE_CARON = "ĕĭŏŭǎǐǒǔĔĬŎŬǍǏǑǓ"
APOSTROPHE = "\u02bc"  # ʼ MODIFIER LETTER APOSTROPHE, as in Hʼmông
TAMIL_TA = "\u0ba4"  # a letter no face studio ships has
VIETNAMESE = ("Nhà nước tôn trọng, bảo vệ và bảo đảm quyền con người; "
              "ỆỖẶ ẲẮẰẴẨẪẤẦ ỔỐỒỂẾỀỄ ỳýỷỹỵ đĐ ươƯƠ")


def ink(image: Image.Image):
    """The bounding box of every non-background pixel (None for a blank image)."""
    return ImageChops.difference(image, Image.new(image.mode, image.size, 0)).getbbox()


def drawn(text: str, spec: FontSpec = FontSpec(LATIN_FAMILY, 700), size: int = 96
          ) -> Image.Image:
    """`text` drawn through the layout's drawing function, white on black."""
    image = Image.new("L", (size * max(2, len(text)) * 2, size * 2), 0)
    draw_text(ImageDraw.Draw(image), (size // 2, size * 3 // 2), text, load_font(spec, size),
              fill=255)
    return image


def pillow_alone(text: str, family: str, size: int = 96) -> Image.Image:
    """`text` drawn by Pillow in one face, as studio drew everything before fallbacks."""
    image = Image.new("L", (size * max(2, len(text)) * 2, size * 2), 0)
    ImageDraw.Draw(image).text((size // 2, size * 3 // 2), text, anchor="ls", fill=255,
                               font=load_font(FontSpec(family, 700), size))
    return image


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_sample_sentence_lays_out_as_a_poster_with_nothing_refused(lang):
    text = f"{SAMPLES[lang]} {BREVE_CARON} {APOSTROPHE}"
    assert uncovered(text, spec_for(lang)) == []
    template = load_template("square")
    plan = plan_poster(template, {"headline": text}, lang=lang, scale=0.5)
    (block,) = [p.block for p in plan.placements if p.layer.name == "headline"]
    assert " ".join(block.lines) == unicodedata.normalize("NFC", text.upper())  # all laid out
    poster = paint_poster(plan)
    x, y, w, h = poster.boxes["headline"]
    yellow = np.all(np.asarray(poster.image.crop((x, y, x + w, y + h))) == (255, 255, 0), axis=2)
    assert yellow.sum() > 0.05 * w * h  # the headline's colour: its letters are painted


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_poster_command_renders_each_language(lang, tmp_path):
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["poster", "square", "--set", f"headline={SAMPLES[lang]}", "--lang", lang,
              "--scale", "0.1", "--no-sheet", "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.stderr
    assert list(tmp_path.glob("*_square.png"))


@pytest.mark.parametrize("letter", list(BREVE_CARON))
def test_breve_and_caron_letters_are_built_from_base_and_mark(letter):
    (run,) = face_runs(letter, spec_for("tay"))
    assert run.spec.family == LATIN_FAMILY
    assert run.text == unicodedata.normalize("NFD", letter)
    ours = drawn(letter)
    decomposed = pillow_alone(run.text, LATIN_FAMILY)
    assert ImageChops.difference(ours, decomposed).getbbox() is None
    assert ImageChops.difference(ours, drawn(run.text[0])).getbbox() is not None
    flat = drawn("X" if letter.isupper() else "x")
    assert ink(ours)[1] < ink(flat)[1]  # the mark stands above the letter's height


@pytest.mark.parametrize("letter", [*BREVE_CARON, APOSTROPHE, "ŋ", "Ŋ"])
def test_letters_are_ink_not_the_missing_glyph(letter):
    (run,) = face_runs(letter, spec_for("hmn"))
    ours = drawn(letter)
    assert ink(ours) is not None
    notdef = pillow_alone(TAMIL_TA, run.spec.family)
    assert ImageChops.difference(ours, notdef).getbbox() is not None


def test_apostrophe_comes_from_the_fallback_face_which_alone_draws_it():
    assert missing_characters(APOSTROPHE, FontSpec(LATIN_FAMILY).path) == [APOSTROPHE]
    assert ink(pillow_alone(APOSTROPHE, LATIN_FAMILY)) is None  # Be Vietnam Pro: blank
    runs = face_runs(f"H{APOSTROPHE}mông", spec_for("hmn"))
    assert [(r.text, r.spec.family) for r in runs] == [
        ("H", LATIN_FAMILY), (APOSTROPHE, FALLBACK_FAMILY), ("mông", LATIN_FAMILY)]
    font = load_font(spec_for("hmn"), 80)
    widths = [load_font(r.spec, 80).getlength(r.text) for r in runs]
    assert text_width(f"H{APOSTROPHE}mông", font) == pytest.approx(sum(widths))


def test_fallback_face_follows_the_weight():
    light = np.asarray(drawn("ŋ" * 3, FontSpec(LATIN_FAMILY, 300))).sum()
    heavy = np.asarray(drawn("ŋ" * 3, FontSpec(LATIN_FAMILY, 800))).sum()
    assert heavy > light * 1.4


def test_nfc_and_nfd_input_draw_the_same_pixels():
    text = f"{SAMPLES['tay']} {BREVE_CARON} H{APOSTROPHE}MÔNG"
    images = []
    for form in ("NFC", "NFD"):
        block = fit_text(unicodedata.normalize(form, text), spec_for("tay"), 900, 400,
                         min_size=10, max_size=90, lang="tay")
        image = Image.new("RGB", (900, 400), (0, 0, 0))
        draw_block(image, block, (0, 0, 900, 400), fill=(255, 255, 0))
        images.append((block.lines, image))
    assert images[0][0] == images[1][0]
    assert ImageChops.difference(images[0][1], images[1][1]).getbbox() is None


def test_vietnamese_never_uses_the_fallback_and_draws_as_before():
    spec = spec_for("vi", 800)
    assert face_runs(VIETNAMESE, spec) == face_runs(VIETNAMESE, spec)[:1]
    assert face_runs(VIETNAMESE, spec)[0].text == VIETNAMESE
    block = fit_text(VIETNAMESE, spec, 1000, 500, min_size=10, max_size=80, max_lines=4)
    ours = Image.new("RGB", (1000, 500), (200, 30, 30))
    before = ours.copy()
    draw_block(ours, block, (0, 0, 1000, 500), fill=(255, 230, 0), align="left", valign="top")
    draw, ascent = ImageDraw.Draw(before), vertical_metrics(block.font)[0]
    for i, line in enumerate(block.lines):  # the single-face drawing studio had before
        draw.text((0, ascent + i * block.line_height), line, font=block.font,
                  fill=(255, 230, 0), anchor="ls")
        assert text_width(line, block.font) == block.font.getlength(line)
    assert ImageChops.difference(ours, before).getbbox() is None


def test_a_character_no_face_has_is_one_line_naming_it_and_the_language():
    with pytest.raises(FontError) as err:
        fit_text(f"Slon phuối Tày {TAMIL_TA}", spec_for("tay"), 400, 100, min_size=10,
                 max_size=40, where="template 'square', layer 'headline'", lang="tay")
    message = str(err.value)
    assert f"'{TAMIL_TA}' (U+0BA4)" in message and "Tày (tay)" in message
    assert "layer 'headline'" in message and "\n" not in message


def test_poster_command_refuses_it_with_one_error_line_and_no_file(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["poster", "square", "--set", f"headline=Hʼmông {TAMIL_TA}", "--lang", "hmn",
              "--scale", "0.1", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "U+0BA4" in lines[0] and "H'Mông (hmn)" in lines[0] and "U+02BC" not in lines[0]
    assert not (tmp_path / "out").exists()


def script_in(lang: str, text: str) -> Script:
    scene = Scene(0, "Cảnh", 5, (Paragraph(text, 6),))
    return Script(path=Path("s.md"), title="Thử", id="s", lang=lang,
                  scenes=(scene,), checksum="sha256:x")


def test_video_check_passes_minority_letters_and_names_the_language_when_refusing():
    for lang, sample in SAMPLES.items():
        check_fonts(script_in(lang, f"{sample} {BREVE_CARON}"), DRAFT)
    with pytest.raises(FontError) as err:
        check_fonts(script_in("dao", f"Iu Mienh {TAMIL_TA}"), DRAFT)
    assert "U+0BA4" in str(err.value) and "Dao (dao)" in str(err.value)


def test_a_subtitle_of_apostrophes_has_ink():
    fmt = parse_format("square")
    layout = frame_layout(fmt, spec_for("hmn"), "hmn", has_logo=False)
    canvas = Image.new("RGB", fmt.size, (0, 0, 0))
    x, y, w, h = draw_subtitle(canvas, (APOSTROPHE * 6,), layout, spec_for("hmn"))
    assert bright_pixels(canvas, (x, y, x + w, y + h)) > 20
