"""A campaign built for real (offline voice): a bulletin and a banner per commune, their names
and tags per row, the commune's name read back from its banner by OCR and heard in its
narration; shared sentences synthesised once; a changed row alone rebuilt."""

from __future__ import annotations

import json

import pytest
from mutagen.id3 import ID3
from PIL import Image

from helpers_cli import run_cli
from helpers_poster import char_error_rate, normalise, ocr, tesseract_has_vie
from helpers_speech import Counter, speech_cache  # noqa: F401 - fixture
from studio.script.campaign import expand
from studio.script.load import load
from studio.speech.engines import EspeakEngine
from studio.speech.narrate import narrate
from studio.speech.voice import Voice

pytestmark = pytest.mark.slow

FRONT = """\
title: "UBND xã {xa} thông báo"
id: ban-tin
lang: vi
organization: "UBND xã {xa}"
date: 2026-12-01
variants: {data: data/xa.csv, key: xa}
targets: {audio: [loudspeaker], poster: [bang-ron-nho]}
poster:
  headline: "Xã {xa}"
"""
BODY = """\
## Thông báo
UBND xã {xa} thông báo tới toàn thể nhân dân.
Mọi người cùng chung tay bảo vệ quyền con người.

## Liên hệ
Xin gọi đường dây nóng {hotline}.
"""
ROWS = "xa,hotline\nTân Thanh,0205 111\nHồng Phong,0205 222\n"
# the băng rôn at a tenth of its resolution: the same layout, quick to draw and to read
SMALL_BANNER = "extends: bang-ron\ncanvas: {width: 5000, height: 800, unit: mm, dpi: 15}\n"


@pytest.fixture
def commune_campaign(project):
    data = project.place("scripts/data/xa.csv")
    data.write_text(ROWS, encoding="utf-8")
    project.place("templates/bang-ron-nho.yaml").write_text(SMALL_BANNER, encoding="utf-8")
    project.approve(project.script("c.md", front=FRONT, body=BODY))
    return project


def read_back(name: str, read: str) -> float:
    """The character error rate of the commune's name in the best-matching stretch of what
    OCR read (spaces aside: tesseract joins the wide-set words of a banner)."""
    want = normalise(name).replace(" ", "")
    text = normalise(read).replace(" ", "")
    windows = [text[i:i + len(want)] for i in range(max(1, len(text) - len(want) + 1))]
    return min(char_error_rate(want, window) for window in windows)


def build(project, *args):
    result = run_cli("build", "--offline", "--json", "--jobs", "2", "--project", project.root,
                     *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["targets"]


def test_every_commune_gets_its_own_bulletin_and_banner(commune_campaign, tmp_path):
    build(commune_campaign)
    out = commune_campaign.root / "outputs" / "ban-tin"
    for key, slug, hotline in (("Tân Thanh", "tan-thanh", "0205 111"),
                               ("Hồng Phong", "hong-phong", "0205 222")):
        mp3 = out / slug / f"2026-12-01_ban-tin_{slug}_vi_thuong.mp3"
        tags = ID3(mp3)
        assert tags["TIT2"].text == [f"UBND xã {key} thông báo"]
        assert tags["TPE1"].text == [f"UBND xã {key}"]
        assert tags["TXXX:VARIANT"].text == [key]
        assert json.loads(tags["TXXX:VARIANT_VALUES"].text[0]) == {"xa": key,
                                                                    "hotline": hotline}
        report = json.loads(mp3.with_suffix(".json").read_text(encoding="utf-8"))
        assert report["variant"]["values"] == {"xa": key, "hotline": hotline}
        assert report["duration_ms"] > 3000
        banner = out / slug / f"ban-tin_{slug}_bang-ron-nho.png"
        if tesseract_has_vie():
            assert read_back(key, ocr(Image.open(banner), tmp_path)) <= 0.15
    manifest = json.loads((out.parent / "manifest.json").read_text(encoding="utf-8"))
    assert {o["variant"] for o in manifest["outputs"]} == {"Tân Thanh", "Hồng Phong"}
    assert {o["kind"] for o in manifest["outputs"]} >= {"audio", "poster"}


def test_a_changed_row_alone_is_rebuilt_after_reapproval(commune_campaign):
    build(commune_campaign)
    assert {t["status"] for t in build(commune_campaign)} == {"up-to-date"}
    data = commune_campaign.root / "scripts/data/xa.csv"
    data.write_text(ROWS.replace("0205 222", "0205 999"), encoding="utf-8")
    commune_campaign.approve(commune_campaign.root / "scripts/c.md")
    rows = build(commune_campaign)
    assert {(t["variant"], t["status"]) for t in rows} == {
        ("tan-thanh", "up-to-date"), ("hong-phong", "built")}


def test_sentences_without_a_placeholder_are_synthesised_once_for_all_rows(
        commune_campaign, speech_cache, monkeypatch):  # noqa: F811
    counter = Counter(monkeypatch, EspeakEngine)
    campaign = load(commune_campaign.root / "scripts/c.md", commune_campaign.proj)
    narrations = [narrate(row, voice=Voice(engine="espeak"), project=commune_campaign.proj)
                  for row in expand(campaign)]
    assert len(counter.calls) == 1 + 2 * 2  # the shared sentence once, two of each row's own
    assert sum("chung tay" in call for call in counter.calls) == 1
    for narration, key in zip(narrations, ("Tân Thanh", "Hồng Phong")):
        heard = " ".join(s.text for scene in narration.scenes for s in scene.sentences)
        assert f"UBND xã {key} thông báo" in heard
