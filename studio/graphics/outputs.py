"""Writing posters: PNG (screens), JPEG q95 4:4:4 (web), PDF at physical size (print).

Every file goes through `atomic_output`, and each records its dpi. PDF pages larger than
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

EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}
PDF_MAX_UNITS = 14400  # 200 in: the largest page side a PDF may state in default units
JPEG_OPTIONS = {"quality": 95, "subsampling": 0, "optimize": False}
PREVIEW_EXT = "preview.jpg"  # the small picture the review page shows for a poster or video


def rgb(image: Image.Image) -> Image.Image:
    """`image` itself if already RGB: a huge banner must not be copied just to be saved."""
    return image if image.mode == "RGB" else image.convert("RGB")


def extension(fmt: str) -> str:
    """File extension for an output format (`jpeg` → `jpg`)."""
    return EXTENSIONS[fmt]


def write_image(image: Image.Image, target: Path, fmt: str, *, dpi: float, bleed: int = 0,
                title: str = "", finish: Callable[[Path], object] | None = None) -> Path:
    """Write `image` as `fmt` to `target` atomically, with its dpi; return `target`.
    `finish` gets the complete temp file last, before the rename (a product signs it)."""
    try:
        with atomic_output(target) as tmp:
            if fmt == "png":
                image.save(tmp, "PNG", dpi=(dpi, dpi))
            elif fmt == "jpeg":
                rgb(image).save(tmp, "JPEG", dpi=(dpi, dpi), **JPEG_OPTIONS)
            elif fmt == "pdf":
                write_pdf(image, tmp, dpi=dpi, bleed=bleed, title=title)
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


def write_pdf(image: Image.Image, path: Path, *, dpi: float, bleed: int = 0,
              title: str = "") -> None:
    """A one-page PDF holding `image` (JPEG q95, 4:4:4) at its physical size."""
    jpeg = io.BytesIO()
    rgb(image).save(jpeg, "JPEG", **JPEG_OPTIONS)
    data = jpeg.getvalue()
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
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
        % (image.width, image.height, len(data)) + data + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title " + _pdf_text(title) + b" /Producer (studio) >>",
    ]
    with open(path, "wb") as out:
        out.write(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(objects) + 1, len(objects), xref))
