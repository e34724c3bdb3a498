"""Helpers for the review-page tests: a small real outputs folder with its manifest, and a
parser that collects what the page links to."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from studio.ffmpeg import run_ffmpeg

EVIL_TITLE = "Phòng chống lừa đảo <script>alert(1)</script> & \"mạng\""
# Written decomposed (NFD), as old Windows files often are; the page must show it NFC.
NFD_TITLE = unicodedata.normalize("NFD", "Ngày Quyền con người – Bảo vệ trẻ em")
ODD_POSTER = "áp phích #1 (bản in).png"  # a space, '#', '(' and Vietnamese in a file name


def make_video(path: Path, size: str = "180x320", seconds: float = 1.0) -> None:
    """A tiny H.264/AAC MP4 (lavfi colour + sine), like the video command writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    run_ffmpeg(["-f", "lavfi", "-i", f"color=c=0x1d6fb8:s={size}:d={seconds}:r=10",
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart", path],
               what="test video", timeout=60)


def make_mp3(path: Path, seconds: float = 1.0) -> None:
    """A tiny MP3 (sine)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=660:duration={seconds}",
                "-c:a", "libmp3lame", "-b:a", "64k", path], what="test mp3", timeout=60)


def make_png(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nXin chào bà con\n"
SRT = "1\n00:00:00,000 --> 00:00:01,000\nXin chào bà con\n"


def output(outputs: Path, rel: str, kind: str, target: str, script_id: str, **extra) -> dict:
    """A manifest output entry for a file that exists (bytes and sha256 from disk)."""
    data = (outputs / rel).read_bytes()
    return {"kind": kind, "path": rel, "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "target": target, "lang": "vi",
            "priority": "thuong", "script_id": script_id, "script_checksum": "abc",
            "approved_by": extra.pop("approved_by", "Nguyễn Văn A"), "studio_version": "0.1.0",
            "built_at": "2026-11-28T18:00:00+00:00", **extra}


def make_outputs(outputs: Path) -> dict:
    """Write a small outputs folder (three scripts, every kind of file) and return its manifest."""
    make_video(outputs / "chong-lua-dao" / "vertical.mp4")
    (outputs / "chong-lua-dao" / "vertical.vtt").write_text(VTT, encoding="utf-8")
    (outputs / "chong-lua-dao" / "vertical.srt").write_text(SRT, encoding="utf-8")
    make_mp3(outputs / "chong-lua-dao" / "loudspeaker.mp3")
    make_png(outputs / "chong-lua-dao" / "loudspeaker-waveform.png", (400, 80), (20, 20, 20))
    make_png(outputs / "chong-lua-dao" / ODD_POSTER, (120, 170), (200, 30, 30))
    (outputs / "chong-lua-dao" / "report.json").write_text('{"ok": true}', encoding="utf-8")
    make_video(outputs / "quyen-con-nguoi" / "square-draft.mp4", size="160x160")
    make_png(outputs / "quyen-con-nguoi" / "poster-a4-draft.png", (100, 140), (30, 160, 60))
    make_mp3(outputs / "bay-cong-uoc" / "radio.mp3")

    s1, s2, s3 = "chong-lua-dao", "quyen-con-nguoi", "bay-cong-uoc"
    outs = [
        output(outputs, f"{s1}/vertical.mp4", "video", "video:vertical", s1,
               duration_s=1.0, width=180, height=320),
        output(outputs, f"{s1}/vertical.vtt", "subtitles", "video:vertical", s1),
        output(outputs, f"{s1}/vertical.srt", "subtitles", "video:vertical", s1),
        output(outputs, f"{s1}/loudspeaker.mp3", "audio", "audio:loudspeaker", s1,
               duration_s=1.0, lufs=-16.0, true_peak_dbtp=-1.5),
        output(outputs, f"{s1}/loudspeaker-waveform.png", "waveform", "audio:loudspeaker", s1,
               width=400, height=80),
        output(outputs, f"{s1}/{ODD_POSTER}", "poster", "poster:facebook", s1,
               width=120, height=170),
        output(outputs, f"{s1}/report.json", "report", "audio:loudspeaker", s1),
        output(outputs, f"{s2}/square-draft.mp4", "video", "video:square", s2,
               approved_by=None, duration_s=1.0, width=160, height=160),
        output(outputs, f"{s2}/poster-a4-draft.png", "poster", "poster:a4", s2,
               approved_by=None, width=100, height=140),
        output(outputs, f"{s3}/radio.mp3", "audio", "audio:radio", s3, duration_s=1.0),
    ]
    return {
        "studio_version": "0.1.0", "built_at": "2026-11-28T18:00:00+00:00",
        "scripts": {
            s1: {"title": EVIL_TITLE, "lang": "vi", "priority": "khan-cap",
                 "path": "scripts/chong-lua-dao.md", "checksum": "sha256:" + "a" * 64,
                 "status": "approved",
                 "approval": {"by": "Nguyễn Văn A", "on": "2026-11-20",
                              "checksum": "sha256:" + "a" * 64},
                 "warnings": ["Ảnh <logo> nhỏ hơn 300px"]},
            s2: {"title": NFD_TITLE, "lang": "vi", "priority": "thuong",
                 "path": "scripts/quyen.md", "checksum": "sha256:" + "b" * 64,
                 "status": "draft", "approval": None, "warnings": []},
            s3: {"title": "Bảy công ước", "lang": "vi", "priority": "uu-tien",
                 "path": "scripts/bay-cong-uoc.md", "checksum": "sha256:" + "c" * 64,
                 "status": "stale",
                 "approval": {"by": "Trần Thị B", "on": "2026-10-01",
                              "checksum": "sha256:" + "d" * 64},
                 "warnings": []},
        },
        "outputs": outs,
        "targets": [
            {"script_id": s1, "target": "video:vertical", "status": "built", "warnings": []},
            {"script_id": s1, "target": "audio:loudspeaker", "status": "up-to-date",
             "warnings": ["đỉnh âm thanh gần ngưỡng"]},
            {"script_id": s1, "target": "poster:facebook", "status": "built", "warnings": []},
            {"script_id": s2, "target": "video:square", "status": "built", "warnings": []},
            {"script_id": s2, "target": "poster:a4", "status": "built", "warnings": []},
            {"script_id": s2, "target": "poster:banner", "status": "failed",
             "error": "assets/images/<hỏng>.png: không đọc được ảnh — thay ảnh khác",
             "warnings": []},
            {"script_id": s3, "target": "audio:radio", "status": "up-to-date", "warnings": []},
        ],
    }


def write_manifest(outputs: Path, manifest: dict) -> None:
    (outputs / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False),
                                           encoding="utf-8")


class PageLinks(HTMLParser):
    """Collects every src/href, every element id, and the text inside <script> and <h2>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.headings: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags.append((tag, values))
        for name in ("src", "href"):
            if values.get(name) is not None:
                self.links.append((tag, name, values[name]))
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "script":
            self.scripts.append("")
            self._in = "script"
        elif tag == "h2":
            self.headings.append("")
            self._in = "h2"

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "h2":
            self.headings[-1] += data


def parse_page(text: str) -> PageLinks:
    parser = PageLinks()
    parser.feed(text)
    parser.close()
    return parser
