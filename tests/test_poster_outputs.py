"""Output files: dpi in PNG/JPEG, JPEG 4:4:4 at q95, PDF at physical size (with /UserUnit
beyond 200 in) holding the PNG's Flate stream (JPEG for photos), atomic writes."""

from __future__ import annotations

import numpy as np
import pypdf
import pytest
from PIL import Image, ImageChops, JpegImagePlugin

from helpers_poster import pdf_boxes, pdf_image, pdf_size_mm, write_template
from studio.errors import OutputError
from studio.fsutil import TEMP_MARKER
from studio.graphics import png
from studio.graphics.outputs import (FLATE_BITS_PER_PIXEL, PDF_MAX_UNITS, flate_limit,
                                     pdf_geometry, write_image)
from studio.poster.render import render_poster
from studio.poster.templates import load_template
from studio.project import Project


def poster(name: str, scale: float, root=None):
    project = Project(root) if root else None
    return render_poster(load_template(name, project), {"headline": "Đoàn kết là sức mạnh!"},
                         scale=scale)


def test_png_and_jpeg_carry_dpi_and_jpeg_is_444_q95(tmp_path):
    rendered = poster("a3", 0.1)
    png = write_image(rendered.image, tmp_path / "a.png", "png", dpi=rendered.dpi)
    jpg = write_image(rendered.image, tmp_path / "a.jpg", "jpeg", dpi=rendered.dpi)
    with Image.open(png) as image:
        assert image.info["dpi"][0] == pytest.approx(30, abs=0.1)
    with Image.open(jpg) as image:
        assert image.info["dpi"] == (30, 30)
        assert JpegImagePlugin.get_sampling(image) == 0  # 4:4:4, no chroma subsampling
        luma = image.quantization[0]
        assert max(luma) <= 13  # q95 scales the standard table (max 121) to 12; q75: 61


def test_pdf_page_is_the_physical_size_with_trim_and_bleed_boxes(tmp_path):
    rendered = poster("a3", 0.1)
    pdf = write_image(rendered.image, tmp_path / "a.pdf", "pdf", dpi=rendered.dpi,
                      bleed=rendered.canvas.bleed)
    media_w, media_h = pdf_size_mm(pdf, "MediaBox")
    trim_w, trim_h = pdf_size_mm(pdf, "TrimBox")
    assert (trim_w, trim_h) == (pytest.approx(297, abs=1.5), pytest.approx(420, abs=1.5))
    assert (media_w, media_h) == (pytest.approx(303, abs=1.5), pytest.approx(426, abs=1.5))
    assert pdf_boxes(pdf)["UserUnit"] == 1.0


def embedded(pdf) -> tuple[str, Image.Image]:
    """The filter and the decoded image of a one-page PDF, as pypdf (not studio) reads them."""
    image = pypdf.PdfReader(pdf).pages[0].images[0]
    xobject = pypdf.PdfReader(pdf).pages[0]["/Resources"]["/XObject"]["/Im0"]
    return str(xobject["/Filter"]), image.image.convert("RGB")


def test_a_posters_pdf_holds_its_png_stream_losslessly(tmp_path):
    rendered = poster("a3", 0.1)
    pdf = write_image(rendered.image, tmp_path / "a.pdf", "pdf", dpi=rendered.dpi)
    pngfile = write_image(rendered.image, tmp_path / "a.png", "png", dpi=rendered.dpi)
    kind, image = embedded(pdf)
    assert kind == "/FlateDecode"
    assert ImageChops.difference(image, rendered.image).getbbox() is None
    stream = b"".join(png.encode(rendered.image).parts())
    assert stream in pdf.read_bytes() and pdf.stat().st_size < 1.2 * pngfile.stat().st_size


def test_a_photos_pdf_holds_a_jpeg(tmp_path):
    """Past FLATE_BITS_PER_PIXEL (a photo's grain) the PDF takes JPEG q95 4:4:4."""
    grain = np.random.default_rng(0).normal(128, 40, (300, 400, 3))
    photo = Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))
    flate = png.encode(photo).size
    assert flate > flate_limit(photo)
    pdf = write_image(photo, tmp_path / "p.pdf", "pdf", dpi=300)
    kind, image = embedded(pdf)
    assert kind == "/DCTDecode" and image.size == photo.size
    assert JpegImagePlugin.get_sampling(pdf_image(pdf)) == 0
    assert pdf.stat().st_size < flate


def test_flate_limit_is_the_stated_bits_per_pixel():
    assert flate_limit(Image.new("RGB", (800, 100))) == int(FLATE_BITS_PER_PIXEL * 80_000 / 8)


def test_bang_ron_pdf_is_five_metres_wide(tmp_path):
    rendered = poster("bang-ron", 0.02)
    pdf = write_image(rendered.image, tmp_path / "b.pdf", "pdf", dpi=rendered.dpi)
    width, height = pdf_size_mm(pdf)
    assert width == pytest.approx(5000, rel=0.005) and height == pytest.approx(800, rel=0.01)


def test_banner_over_200_inches_uses_userunit(tmp_path):
    write_template(tmp_path / "templates", "wide", """
        kind: banner
        canvas: {width: 8000, height: 1000, unit: mm, dpi: 100, safe: 40}
        background: red
        slots: {headline: {required: true}}
        layers:
          headline: {type: text, slot: headline, box: [0, 0, 100, 100], min_size: 5%}
    """)
    rendered = poster("wide", 0.05, tmp_path)
    pdf = write_image(rendered.image, tmp_path / "w.pdf", "pdf", dpi=rendered.dpi)
    boxes = pdf_boxes(pdf)
    assert boxes["UserUnit"] > 1
    assert max(boxes["MediaBox"]) <= PDF_MAX_UNITS  # every reader accepts the page
    width, height = pdf_size_mm(pdf)
    assert width == pytest.approx(8000, rel=0.005) and height == pytest.approx(1000, rel=0.01)


def test_pdf_geometry_unit_steps():
    assert pdf_geometry((3508, 4961), 300)[2] == 1.0
    w, h, unit = pdf_geometry((47244, 5906), 150)  # 8 m × 1 m
    assert unit == 2.0 and w == pytest.approx(47244 / 150 * 72 / 2)


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "keep.png"
    target.write_bytes(b"old")
    with pytest.raises(OutputError):
        write_image(Image.new("RGB", (10, 10)), target, "tiff", dpi=72)
    assert target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_MARKER)]
