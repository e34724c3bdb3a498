"""Rendered headlines read back by OCR (tesseract, Vietnamese): character error rate ≤ 3 %.

Skipped cleanly when tesseract or its `vie` data is missing (CI installs
`tesseract-ocr tesseract-ocr-vie`).
"""

from __future__ import annotations

import pytest

from helpers_poster import char_error_rate, ocr, tesseract_has_vie
from studio.graphics.layout import prepare
from studio.poster.render import render_poster
from studio.poster.templates import load_template

pytestmark = pytest.mark.skipif(not tesseract_has_vie(),
                                reason="tesseract with Vietnamese (vie) is not installed")

# Slogans written for this test (not in the repository's scripts or templates).
SLOGANS = [
    "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh!",
    "Nói không với rác thải nhựa, bảo vệ môi trường xanh!",
    "Phụ nữ Việt Nam tự tin, tự trọng, trung hậu, đảm đang!",
    "Chủ động phòng chống thiên tai, bảo vệ tính mạng và tài sản!",
]
# Scales keep the headline's letters a readable size while the test stays quick.
SCALES = {"a1": 0.12, "a2": 0.17, "a3": 0.25, "bang-ron": 0.06, "bang-ron-3x1": 0.08,
          "phuon": 0.12, "pano": 0.1, "led-p10": 1, "led-hd": 1, "facebook": 1, "square": 1,
          "portrait": 1, "story": 1}
FAST = ("facebook", "led-p10", "a3", "bang-ron")


def headline_crop(rendered):
    """The drawn headline with a small margin (not reaching the stars beside it)."""
    name = next(n for n in rendered.boxes if n.startswith("headline"))
    x, y, w, h = rendered.boxes[name]
    margin = max(3, min(w, h) // 40)
    return rendered.image.crop((max(0, x - margin), max(0, y - margin), x + w + margin,
                                y + h + margin))


def read_back_error(name: str, tmp_path) -> float:
    """Character error rate over all slogans rendered in template `name`."""
    template = load_template(name)
    errors = total = 0.0
    for slogan in SLOGANS:
        rendered = render_poster(template, {"headline": slogan}, scale=SCALES[name])
        expected = prepare(slogan, upper=True)
        read = ocr(headline_crop(rendered), tmp_path)
        errors += char_error_rate(expected, read) * len(expected)
        total += len(expected)
    return errors / total


@pytest.mark.parametrize("name", FAST)
def test_headline_reads_back(name, tmp_path):
    assert read_back_error(name, tmp_path) <= 0.03


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(set(SCALES) - set(FAST)))
def test_headline_reads_back_in_every_other_template(name, tmp_path):
    assert read_back_error(name, tmp_path) <= 0.03


def test_error_rate_helper_counts_edits():
    assert char_error_rate("ABCD", "ABCD") == 0
    assert char_error_rate("ABCD", "ABXD") == 0.25
    assert char_error_rate("quyền", "QUYỀN ") == 0
