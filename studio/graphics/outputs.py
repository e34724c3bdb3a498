"""Writing posters: PNG (screens), JPEG q95 4:4:4 (web), PDF at physical size (print).

Every file goes through `atomic_output`, and each records its dpi. PNG is written by row
bands (`studio.graphics.png`), and the PDF embeds the same deflated stream (lossless, no
second encode) unless it is a photo's, too large for Flate (`pdf_image`). PDF pages larger than
200 in (5.08 m) a side, the PDF limit, are written with `/UserUnit` so the page still measures
the real size; TrimBox and BleedBox tell the printer where to cut.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from studio.errors import OutputError
from studio.fsutil import atomic_output
from studio.graphics import png

EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}
PDF_MAX_UNITS = 14400  # 200 in: the largest page side a PDF may state in default units
JPEG_OPTIONS = {"quality": 95, "subsampling": 0, "optimize": False}
PREVIEW_EXT = "preview.jpg"  # the small picture the review page shows for a poster or video
# The PDF embeds the PNG's Flate stream when it is at most this many bits per pixel, else a
# JPEG q95 4:4:4: posters, banners and drawings deflate to 0.05-0.5 bit per pixel (JPEG q95
# needs ~0.4 on them, and is lossy); a photo's stream is 5-15 bits, its JPEG ~2.
FLATE_BITS_PER_PIXEL = 1.0


def rgb(image: Image.Image) -> Image.Image:
    """`image` itself if already RGB: a huge banner must not be copied just to be saved."""
    return image if image.mode == "RGB" else image.convert("RGB")


def extension(fmt: str) -> str:
    """File extension for an output format (`jpeg` → `jpg`)."""
    return EXTENSIONS[fmt]


def flate_limit(image: Image.Image) -> int:
    """The most bytes a PDF's Flate image of this size may take (`FLATE_BITS_PER_PIXEL`)."""
    return int(FLATE_BITS_PER_PIXEL * image.width * image.height / 8)


def write_png(image: Image.Image, path: Path, *, dpi: float,
              stream: png.PngStream | None = None) -> None:
    """A PNG by row bands (Pillow for modes the band writer does not take)."""
    if stream is None and not png.supported(image):
        image.save(path, "PNG", dpi=(dpi, dpi))
        return
    stream = stream if stream is not None else png.encode(image)
    with open(path, "wb") as out:
        for piece in png.png_chunks(stream, dpi):
            out.write(piece)


def write_image(image: Image.Image, target: Path, fmt: str, *, dpi: float, bleed: int = 0,
                title: str = "", finish: Callable[[Path], object] | None = None,
                stream: png.PngStream | None = None, flate: bool = True) -> Path:
    """Write `image` as `fmt` to `target` atomically, with its dpi; return `target`.
    `finish` gets the complete temp file last, before the rename (a product signs it);
    `stream` is the image's PNG stream if the caller already made it (of `image` as RGB);
    `flate=False`: the caller found that stream over the PDF's limit (`flate_limit`)."""
    try:
        with atomic_output(target) as tmp:
            if fmt == "png":
                write_png(image, tmp, dpi=dpi, stream=stream)
            elif fmt == "jpeg":
                rgb(image).save(tmp, "JPEG", dpi=(dpi, dpi), **JPEG_OPTIONS)
            elif fmt == "pdf":
                write_pdf(image, tmp, dpi=dpi, bleed=bleed, title=title, stream=stream,
                          flate=flate)
            else:
                raise OutputError(f"unknown output format '{fmt}'", file=target,
                                  hint="use png, jpeg or pdf")
            if finish is not None:
                finish(tmp)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=target,
                          hint="check free disk space and that the file is not open "
                               "in another program") from None
    return target


def pdf_geometry(size_px: tuple[int, int], dpi: float) -> tuple[float, float, float]:
    """(width, height, user_unit): the page in PDF units of `user_unit`/72 inch each."""
    width_pt = size_px[0] / dpi * 72.0
    height_pt = size_px[1] / dpi * 72.0
    user_unit = float(max(1, math.ceil(max(width_pt, height_pt) / PDF_MAX_UNITS)))
    return width_pt / user_unit, height_pt / user_unit, user_unit


def _pdf_text(value: str) -> bytes:
    """A PDF text string (UTF-16BE with BOM, hex) so Vietnamese titles survive."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _num(value: float) -> bytes:
    """A PDF number: four decimals at most, no trailing zeros."""
    return f"{value:.4f}".rstrip("0").rstrip(".").encode("ascii")


def jpeg_bytes(image: Image.Image) -> bytes:
    """`image` as JPEG q95 4:4:4, in memory."""
    jpeg = io.BytesIO()
    rgb(image).save(jpeg, "JPEG", **JPEG_OPTIONS)
    return jpeg.getvalue()


def pdf_image(image: Image.Image, stream: png.PngStream | None, flate: bool = True
              ) -> tuple[bytes, list[bytes]]:
    """The PDF image's filter entries and data: the PNG's Flate stream (with its PNG
    predictors) when it is within `flate_limit`, else JPEG q95 4:4:4."""
    image = rgb(image)
    if flate and stream is None:
        stream = png.encode(image, limit=flate_limit(image))
    if flate and stream is not None and stream.size <= flate_limit(image):
        return (b"/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 "
                b"/BitsPerComponent 8 /Columns %d >>" % image.width, list(stream.parts()))
    return b"/Filter /DCTDecode", [jpeg_bytes(image)]


def write_pdf(image: Image.Image, path: Path, *, dpi: float, bleed: int = 0,
              title: str = "", stream: png.PngStream | None = None, flate: bool = True
              ) -> None:
    """A one-page PDF holding `image` at its physical size: the PNG's deflated stream, or a
    JPEG for photos (`pdf_image`)."""
    filters, pieces = pdf_image(image, stream, flate)
    length = sum(len(piece) for piece in pieces)
    width, height, user_unit = pdf_geometry(image.size, dpi)
    inset = bleed / dpi * 72.0 / user_unit
    trim = b"[" + b" ".join(_num(v) for v in (inset, inset, width - inset,
                                                height - inset)) + b"]"
    media = b"[0 0 " + _num(width) + b" " + _num(height) + b"]"
    content = b"q " + _num(width) + b" 0 0 " + _num(height) + b" 0 0 cm /Im0 Do Q"
    unit = b" /UserUnit " + _num(user_unit) if user_unit != 1.0 else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media + b" /BleedBox " + media
        + b" /TrimBox " + trim + unit
        + b" /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        None,  # the image: written from its pieces, not joined into one copy

        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title " + _pdf_text(title) + b" /Producer (studio) >>",
    ]
    with open(path, "wb") as out:
        out.write(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            if body is None:
                out.write(b"%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                          b"/ColorSpace /DeviceRGB /BitsPerComponent 8 " % (
                              number, image.width, image.height)
                          + filters + b" /Length %d >>\nstream\n" % length)
                for piece in pieces:
                    out.write(piece)
                out.write(b"\nendstream\nendobj\n")
                continue
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(objects) + 1, len(objects), xref))
