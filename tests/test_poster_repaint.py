"""Painting only what changed (`PaintCache`): a poster made by repainting the rows of the
layers that differ from the template's last poster equals a full paint, pixel for pixel."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageChops

from helpers_poster import write_template
from studio.graphics import png
from studio.poster.render import PaintCache, paint_poster, plan_poster
from studio.poster.templates import load_template
from studio.project import Project

HEADLINE = "Nhiệt liệt hưởng ứng ngày Quyền con người 10/12"
OTHER = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh!"


def same(a: Image.Image, b: Image.Image) -> bool:
    """Whether two images hold the same pixels."""
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def check_sequence(template, values_list, scale: float) -> list:
    """Paint each values through one cache; each must equal a full paint. The `changed`
    rows of each cached poster, in order."""
    cache = PaintCache()
    changes = []
    for values in values_list:
        plan = plan_poster(template, values, scale=scale)
        cached = cache.paint(plan)
        full = paint_poster(plan)
        assert same(cached.image, full.image), (template.name, values)
        assert cached.boxes == full.boxes
        changes.append(cached.changed)
    return changes


@pytest.mark.parametrize("name,scale", [("bang-ron", 0.06), ("phuon", 0.12), ("a3", 0.12)])
def test_band_repaint_equals_a_full_repaint(name, scale):
    rows = [{"headline": HEADLINE, "subline": f"Ủy ban nhân dân xã Số {n}"} for n in (1, 2)]
    changes = check_sequence(load_template(name), [
        *rows,
        {"headline": HEADLINE},                     # subline gone: the headline moves
        {"headline": OTHER},                        # the headline's text changes
        {"headline": OTHER, "subline": "Xã Hữu Lũng"},
        {"headline": OTHER, "subline": "Xã Hữu Lũng"},  # nothing changes
    ], scale)
    height = load_template(name).canvas.scaled(scale).size[1]
    assert changes[0] is None  # the first poster is painted whole
    (first, end), = changes[1]  # the second row: one band, the subline's rows only
    assert 0 < end - first < height / 2
    assert changes[-1] == ()


def test_banner_band_touches_the_stars_and_still_matches():
    """On the băng rôn the subline's rows cross both stars: they are repainted, shifted."""
    template = load_template("bang-ron")
    plan = plan_poster(template, {"headline": HEADLINE, "subline": "Xã A"}, scale=0.06)
    stars = [p.box for p in plan.placements if p.layer.name.startswith("star")]
    changes = check_sequence(template, [{"headline": HEADLINE, "subline": "Xã A"},
                                        {"headline": HEADLINE, "subline": "Xã Bảy Mươi"}],
                             0.06)
    (first, end), = changes[1]
    assert all(y < end and y + h > first for _, y, _, h in stars)


def test_image_qr_and_logo_layers_repaint_equal(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (60, 40), (0, 90, 200, 160)).save(logo)
    photo = tmp_path / "photo.jpg"
    Image.effect_mandelbrot((300, 200), (-2, -1.2, 1, 1.2), 60).convert("RGB").save(photo)
    base = {"headline": HEADLINE, "logo": str(logo), "image": str(photo)}
    check_sequence(load_template("a3"), [
        {**base, "qr": "https://example.org/1"},
        {**base, "qr": "https://example.org/22"},
        {**base, "qr": "https://example.org/22", "image": None},  # the star comes back
    ], 0.3)


def test_gradient_background_and_translucent_shape(tmp_path):
    write_template(tmp_path / "templates", "grad", """
        canvas: {width: 600, height: 900, unit: px, safe: 10}
        background: {gradient: {from: '#102030', to: '#F0E0D0'}}
        slots: {headline: {required: true}, subline: {}}
        layers:
          veil: {type: shape, shape: ellipse, box: [5, 30, 90, 60], colour: yellow, opacity: 0.4}
          headline: {type: text, slot: headline, box: [5, 5, 90, 40], min_size: 5%}
          subline: {type: text, slot: subline, box: [5, 60, 90, 20], min_size: 5%}
    """)
    template = load_template("grad", Project(tmp_path))
    check_sequence(template, [{"headline": HEADLINE, "subline": "Xã A"},
                              {"headline": HEADLINE, "subline": "Xã Bảy"},
                              {"headline": OTHER, "subline": "Xã Bảy"}], 1.0)


def test_led_board_and_draft_watermark_are_painted_whole():
    cache = PaintCache()
    led = load_template("led-p10")
    for values in ({"headline": "Xã A"}, {"headline": "Xã B"}):
        plan = plan_poster(led, values)
        poster = cache.paint(plan)
        assert poster.changed is None
        assert same(poster.image, paint_poster(plan).image)
    banner = load_template("bang-ron")
    for text in ("Xã A", "Xã B"):
        plan = plan_poster(banner, {"headline": HEADLINE, "subline": text}, scale=0.04)
        assert cache.paint(plan, watermark="BẢN NHÁP").changed is None


def test_the_cache_holds_one_poster_per_template_within_its_budget():
    cache = PaintCache(max_pixels=200_000)
    for name, scale in (("a3", 0.05), ("bang-ron", 0.03), ("phuon", 0.05)):
        cache.paint(plan_poster(load_template(name), {"headline": HEADLINE}, scale=scale))
    held = sum(k.poster.image.width * k.poster.image.height for k in cache.kept.values())
    assert held <= 200_000 and list(cache.kept)[-1] == "phuon"
    for text in ("Xã A", "Xã B", "Xã C"):
        cache.paint(plan_poster(load_template("phuon"), {"headline": text}, scale=0.05))
    assert list(cache.kept).count("phuon") == 1


def test_stream_after_a_repaint_reuses_untouched_bands_and_decodes_to_the_image():
    cache = PaintCache()
    template = load_template("bang-ron")
    first = cache.paint(plan_poster(template, {"headline": HEADLINE, "subline": "Xã A"},
                                    scale=0.1))
    before = cache.stream(first)
    second = cache.paint(plan_poster(template, {"headline": HEADLINE, "subline": "Xã Bảy"},
                                     scale=0.1))
    after = cache.stream(second)
    reused = [a is b for a, b in zip(before.bands, after.bands)]
    assert any(reused) and not all(reused)
    fresh = png.encode(second.image)
    assert [b.segment for b in after.bands] == [b.segment for b in fresh.bands]
    assert after.adler == fresh.adler
    assert np.array_equal(np.asarray(second.image), np.asarray(paint_poster(
        plan_poster(template, {"headline": HEADLINE, "subline": "Xã Bảy"}, scale=0.1)).image))


def test_a_run_of_variants_writes_each_poster_as_a_full_paint_would(tmp_path):
    """Through `make_posters` (what `studio poster` and builds run): every row's PNG and PDF
    decode, with Pillow and pypdf, to that row's poster painted whole."""
    import pypdf

    from studio.poster.runs import make_posters
    from studio.poster.variants import Variant

    template = load_template("bang-ron")
    rows = [Variant(f"xa-{n}", {"headline": HEADLINE, "subline": f"Ủy ban nhân dân xã {n}"})
            for n in ("Một", "Hai", "Ba Mươi")]
    run = make_posters([template], rows, out_dir=tmp_path, project=Project(tmp_path),
                       formats=["png", "pdf"], scale=0.08, sheet=False)
    for row in rows:
        full = paint_poster(plan_poster(template, row.values, scale=0.08)).image
        [png_file] = [p for p in run.outputs if p.name == f"{row.stem}_bang-ron.png"]
        with Image.open(png_file) as written:
            assert same(written.convert("RGB"), full)
        pdf = png_file.with_suffix(".pdf")
        assert same(pypdf.PdfReader(pdf).pages[0].images[0].image.convert("RGB"), full)


def test_thumbnail_after_repaints_equals_the_thumbnail_of_a_full_paint():
    from studio.graphics.contact_sheet import reduce_factor, thumbnail

    cache = PaintCache()
    template = load_template("bang-ron")
    for n, subline in enumerate(("Xã A", "Xã Bảy Mươi", "Xã Ba", "Xã Ba")):
        plan = plan_poster(template, {"headline": HEADLINE, "subline": subline}, scale=0.2)
        poster = cache.paint(plan)
        if n != 1:  # a row whose thumbnail nobody asked for: its rows still count later
            small = cache.thumbnail(poster)
            assert reduce_factor(poster.image.size) > 1
            assert same(small, thumbnail(paint_poster(plan).image))
