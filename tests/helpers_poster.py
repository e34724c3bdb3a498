"""Test helpers for posters: PDF page geometry, OCR with tesseract, error rates, templates."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import unicodedata
from pathlib import Path

from PIL import Image, ImageOps

MM_PER_PT = 25.4 / 72


def pdf_boxes(path: Path) -> dict[str, tuple[float, ...] | float]:
    """MediaBox, TrimBox, BleedBox (in PDF units) and UserUnit of a one-page PDF, read with
    the test's own parser (not studio's writer)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-"), "not a PDF"
    assert data.rstrip().endswith(b"%%EOF")
    out: dict[str, tuple[float, ...] | float] = {"UserUnit": 1.0}
    for name in ("MediaBox", "TrimBox", "BleedBox"):
        match = re.search(rb"/" + name.encode() + rb"\s*\[([^\]]*)\]", data)
        if match:
            out[name] = tuple(float(v) for v in match.group(1).split())
    unit = re.search(rb"/UserUnit\s+([0-9.]+)", data)
    if unit:
        out["UserUnit"] = float(unit.group(1))
    return out


def pdf_size_mm(path: Path, box: str = "MediaBox") -> tuple[float, float]:
    """Width and height of a page box in millimetres (honouring /UserUnit)."""
    boxes = pdf_boxes(path)
    x0, y0, x1, y1 = boxes[box]
    unit = boxes["UserUnit"]
    return (x1 - x0) * unit * MM_PER_PT, (y1 - y0) * unit * MM_PER_PT


def pdf_image(path: Path) -> Image.Image:
    """The JPEG image embedded in the PDF, decoded."""
    import io
    data = path.read_bytes()
    start = data.index(b"\xff\xd8")
    end = data.index(b"\nendstream", start)
    return Image.open(io.BytesIO(data[start:end]))


def tesseract_has_vie() -> bool:
    """Whether tesseract and its Vietnamese data are installed."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    result = subprocess.run([exe, "--list-langs"], capture_output=True, text=True)
    return "vie" in result.stdout.split()


def ocr(image: Image.Image, tmp: Path) -> str:
    """Tesseract's reading (Vietnamese, one block of text) of light-on-dark poster text."""
    grey = ImageOps.invert(image.convert("L"))  # yellow/white on red → dark on light
    grey = grey.point(lambda v: 0 if v < 110 else 255)
    if grey.height < 300:
        factor = 300 / grey.height
        grey = grey.resize((int(grey.width * factor), 300), Image.Resampling.LANCZOS)
    padded = ImageOps.expand(grey, border=40, fill=255)
    src = tmp / "ocr.png"
    padded.save(src)
    result = subprocess.run(["tesseract", str(src), "stdout", "-l", "vie", "--psm", "6"],
                            capture_output=True, text=True, check=True)
    return result.stdout


def normalise(text: str) -> str:
    """NFC, upper case, single spaces: what the headline comparison ignores."""
    return " ".join(unicodedata.normalize("NFC", text).upper().split())


def char_error_rate(expected: str, actual: str) -> float:
    """Levenshtein distance over the expected length."""
    a, b = normalise(expected), normalise(actual)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / max(1, len(a))


def write_template(folder: Path, name: str, text: str) -> Path:
    """A template YAML file in `folder` (dedented)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


SMALL_TEMPLATE = """
    description: a small test card
    canvas: {width: 400, height: 200, unit: px, safe: 10}
    background: red
    slots:
      headline: {required: true, example: "Xin chào"}
    layers:
      headline:
        type: text
        slot: headline
        box: [0, 0, 100, 100]
        colour: yellow
        max_lines: 2
        min_size: 20px
        max_size: 80px
"""
