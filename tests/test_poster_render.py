"""Rendering: sizes and dpi of every built-in, text inside the safe area, shrink-to-fit,
the cannot-fit and missing-glyph errors, LED colours, images, QR codes, drafts."""

from __future__ import annotations

import warnings

import pytest
import segno
from PIL import Image

from helpers_poster import SMALL_TEMPLATE, pdf_size_mm, write_template
from studio.errors import AssetError, FontError, TemplateError
from studio.graphics.images import contain, cover_crop, open_image
from studio.graphics.outputs import write_image
from studio.poster.render import plan_poster, render_poster
from studio.poster.templates import load_template
from studio.project import Project

# name: (trim width px, trim height px, dpi, bleed px) — from the delivery specs
BUILTIN_SIZES = {
    "a3": (3508, 4961, 300, 35), "a2": (4961, 7016, 300, 35), "a1": (7016, 9933, 300, 35),
    "bang-ron": (29528, 4724, 150, 0), "bang-ron-3x1": (17717, 5906, 150, 0),
    "phuon": (4724, 14764, 150, 0), "pano": (15748, 7874, 100, 79),
    "led-p10": (320, 160, 72, 0), "led-hd": (1920, 1080, 72, 0),
    "facebook": (1200, 630, 72, 0), "square": (1080, 1080, 72, 0),
    "portrait": (1080, 1350, 72, 0), "story": (1080, 1920, 72, 0),
}
SLOGAN = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh!"
SUBLINE = "Ủy ban Mặt trận Tổ quốc Việt Nam phường Đông Kinh"
LONG_SLOGAN = ("Tích cực hưởng ứng phong trào thi đua cả nước chung tay vì người nghèo, "
               "không để ai bị bỏ lại phía sau, xây dựng quê hương ngày càng giàu đẹp")


def preview_scale(name: str, longest: int = 1000) -> float:
    w, h, _, b = BUILTIN_SIZES[name]
    return min(1.0, longest / max(w + 2 * b, h + 2 * b))


def text_boxes(rendered):
    return {name: box for name, box in rendered.boxes.items()
            if any(layer.name == name and type(layer).__name__ == "TextLayer"
                   for layer in rendered.template.layers)}


@pytest.mark.parametrize("name", sorted(BUILTIN_SIZES))
def test_builtin_canvas_matches_the_spec(name):
    w, h, dpi, bleed = BUILTIN_SIZES[name]
    canvas = load_template(name).canvas
    assert (canvas.width, canvas.height, canvas.dpi, canvas.bleed) == (w, h, dpi, bleed)
    assert canvas.size == (w + 2 * bleed, h + 2 * bleed)


@pytest.mark.parametrize("name", sorted(BUILTIN_SIZES))
def test_builtin_preview_files_have_scaled_pixels_and_dpi_and_physical_size(name, tmp_path):
    template = load_template(name)
    scale = preview_scale(name)
    rendered = render_poster(template, {"headline": SLOGAN, "subline": SUBLINE}, scale=scale)
    expected = template.canvas.scaled(scale).size
    assert rendered.image.size == expected
    w, h, dpi, bleed = BUILTIN_SIZES[name]
    for fmt in template.formats:
        path = write_image(rendered.image, tmp_path / f"p.{fmt}", fmt, dpi=rendered.dpi,
                           bleed=rendered.canvas.bleed)
        if fmt == "pdf":
            width_mm, height_mm = pdf_size_mm(path, "TrimBox")
            assert width_mm == pytest.approx(w / dpi * 25.4, abs=2.5)
            assert height_mm == pytest.approx(h / dpi * 25.4, abs=2.5)
            continue
        with Image.open(path) as image:
            assert image.size == expected
            assert image.info["dpi"][0] == pytest.approx(dpi * scale, abs=0.6)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a3", "a2", "a1", "bang-ron", "bang-ron-3x1", "phuon",
                                  "pano"])
def test_builtin_full_size_render(name, tmp_path):
    w, h, dpi, bleed = BUILTIN_SIZES[name]
    rendered = render_poster(load_template(name), {"headline": SLOGAN})
    assert rendered.image.size == (w + 2 * bleed, h + 2 * bleed)
    path = write_image(rendered.image, tmp_path / "full.jpg", "jpeg", dpi=rendered.dpi)
    with warnings.catch_warnings():  # our own banner is over Pillow's 89 Mpx warning
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            assert image.size == (w + 2 * bleed, h + 2 * bleed)
            assert image.info["dpi"] == (dpi, dpi)


@pytest.mark.parametrize("name", sorted(BUILTIN_SIZES))
@pytest.mark.parametrize("values", [
    {"headline": SLOGAN},
    {"headline": LONG_SLOGAN, "subline": SUBLINE, "organization": SUBLINE,
     "program": "Tháng hành động", "qr": "https://example.org/a"},
], ids=["short", "long-all-slots"])
def test_text_is_drawn_inside_the_safe_area(name, values):
    template = load_template(name)
    rendered = render_poster(template, values, scale=preview_scale(name, 1400))
    sx, sy, sw, sh = rendered.canvas.safe_box
    boxes = text_boxes(rendered)
    assert boxes, "no text was drawn"
    assert any("headline" in layer for layer in boxes)
    for layer, (x, y, w, h) in boxes.items():
        assert sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh, layer


def test_image_variant_of_facebook_moves_text_beside_the_photo(tmp_path):
    photo = tmp_path / "p.png"
    Image.new("RGB", (300, 200), (10, 200, 10)).save(photo)
    rendered = render_poster(load_template("facebook"), {"headline": SLOGAN, "image": photo})
    assert "headline-beside-image" in rendered.boxes and "headline" not in rendered.boxes
    assert rendered.image.getpixel((50, 300)) == (10, 200, 10)


def test_headline_shrinks_to_fit_longer_text():
    template = load_template("a3")

    def headline_size(text):
        plan = plan_poster(template, {"headline": text}, scale=0.2)
        return next(p.block.size for p in plan.placements if p.layer.name == "headline")

    assert headline_size(LONG_SLOGAN) < headline_size(SLOGAN) < headline_size("Đoàn kết!")


def test_text_that_cannot_fit_names_template_layer_and_text():
    with pytest.raises(TemplateError) as err:
        plan_poster(load_template("led-p10"), {"headline": LONG_SLOGAN * 3})
    message = str(err.value)
    assert "template 'led-p10', layer 'headline'" in message
    assert "TÍCH CỰC HƯỞNG ỨNG" in message and "does not fit" in message


def test_missing_glyph_names_the_character():
    with pytest.raises(FontError) as err:
        plan_poster(load_template("square"), {"headline": "Xin chào ☃ bà con"})
    assert "'☃' (U+2603)" in str(err.value) and "layer 'headline'" in str(err.value)


def test_chinese_uses_the_cjk_face():
    plan = plan_poster(load_template("square"), {"headline": "保护儿童权利！"}, lang="zh",
                       scale=0.5)
    block = next(p.block for p in plan.placements if p.layer.name == "headline")
    assert block.spec.family == "Noto Sans SC"


def test_required_slot_missing():
    with pytest.raises(TemplateError) as err:
        plan_poster(load_template("a3"), {"subline": "x"})
    assert "needs slot 'headline'" in str(err.value)


def test_led_board_has_only_the_templates_colours():
    template = load_template("led-p10")
    rendered = render_poster(template, {"headline": SLOGAN, "subline": "Phường Đông Kinh"})
    colours = {colour for _, colour in rendered.image.getcolors(1000)}
    assert colours <= set(template.colours())
    assert (255, 255, 0) in colours  # the headline really was drawn


def test_pixel_exact_canvas_snaps_photos_to_its_palette(tmp_path):
    root = tmp_path
    photo = root / "templates" / "photo.png"
    photo.parent.mkdir()
    gradient = Image.linear_gradient("L").resize((120, 60)).convert("RGB")
    gradient.save(photo)
    write_template(root / "templates", "led", SMALL_TEMPLATE.replace(
        "safe: 10}", "safe: 10, pixel_exact: true}").replace(
        "    layers:\n", f"    layers:\n      pic: {{type: image, image: {photo.name}, "
                        "box: [0, 0, 50, 100]}\n"))
    template = load_template("led", Project(root))
    rendered = render_poster(template, {"headline": "Xin chào"})
    colours = {colour for _, colour in rendered.image.getcolors(1000)}
    assert colours <= set(template.colours())


def test_draft_watermark_band_is_painted():
    template = load_template("square")
    final = render_poster(template, {"headline": SLOGAN}, scale=0.5)
    draft = render_poster(template, {"headline": SLOGAN}, scale=0.5,
                          watermark="BẢN NHÁP – CHƯA DUYỆT")
    w, h = final.image.size
    left_middle = (w // 60, h // 2)  # the band runs edge to edge through the middle
    assert final.image.getpixel(left_middle) == (218, 37, 29)
    assert sum(draft.image.getpixel(left_middle)) < sum((218, 37, 29)) * 0.6


def test_gradient_background(tmp_path):
    write_template(tmp_path / "templates", "g", SMALL_TEMPLATE.replace(
        "background: red", "background: {gradient: {from: '#000000', to: '#FFFFFF'}}"))
    image = render_poster(load_template("g", Project(tmp_path)), {"headline": "A"}).image
    assert image.getpixel((5, 0)) == (0, 0, 0) and image.getpixel((5, 199)) == (255, 255, 255)


def test_cover_crop_keeps_the_focal_point_in_view():
    source = Image.new("RGB", (400, 100), (0, 0, 0))
    source.paste((255, 0, 0), (340, 40, 360, 60))  # a red mark near the right edge
    centred = cover_crop(source, (100, 100), (0.5, 0.5))
    focused = cover_crop(source, (100, 100), (0.875, 0.5))
    assert centred.size == focused.size == (100, 100)
    assert (255, 0, 0) not in {c for _, c in centred.getcolors(10000)}
    assert focused.getpixel((50, 50))[0] > 200  # the mark is at the centre of the crop


def test_contain_keeps_proportions():
    assert contain(Image.new("RGB", (400, 100)), (200, 200)).size == (200, 50)


def test_qr_code_modules_match_segno(tmp_path):
    data = "https://example.org/poster"
    rendered = render_poster(load_template("a3"), {"headline": SLOGAN, "qr": data}, scale=0.25)
    x, y, w, h = rendered.boxes["qr"]
    matrix = segno.make(data, error="m", micro=False).matrix
    count = len(matrix) + 4  # two modules of quiet zone on each side
    module = w // count
    assert module >= 2 and w == h == module * count
    for row in range(len(matrix)):
        for col in range(len(matrix)):
            px = rendered.image.getpixel((x + (col + 2) * module + module // 2,
                                          y + (row + 2) * module + module // 2))
            assert (px == (0, 0, 0)) == bool(matrix[row][col])


def test_open_image_errors_name_the_file(tmp_path, monkeypatch):
    with pytest.raises(AssetError, match="not found"):
        open_image(tmp_path / "missing.png")
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image at all")
    with pytest.raises(AssetError) as err:
        open_image(junk)
    assert "junk.png" in str(err.value)
    whole = tmp_path / "whole.jpg"
    Image.effect_noise((256, 256), 64).convert("RGB").save(whole, quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[:3000])
    with pytest.raises(AssetError, match="corrupt or truncated"):
        open_image(cut)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5000)
    with pytest.raises(AssetError, match="too large"):
        open_image(whole)  # 65,536 px > 2 × limit: DecompressionBombError
    small = tmp_path / "small.png"
    Image.new("RGB", (80, 80)).save(small)
    with pytest.raises(AssetError, match="too large"):
        open_image(small)  # 6,400 px > limit: the warning counts too
