"""The review page's small steps, each alone: paths, pairing, labels, markup, manifest reading."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from studio.review import labels, markup
from studio.review.media import partner, shape
from studio.review.page import anchors
from studio.review.view import OutputView, ScriptView, number, read_manifest, safe_relpath, texts


def out(path: str, kind: str = "video", target: str = "", exists: bool = True, **kw) -> OutputView:
    return OutputView(kind=kind, path=safe_relpath(path), raw_path=path, target=target,
                      exists=exists, **kw)


@pytest.mark.parametrize("raw, clean", [
    ("a/b.mp4", "a/b.mp4"),
    ("a\\b.mp4", "a/b.mp4"),
    ("./a//b.mp4", "a/b.mp4"),
    ("../a.mp4", None),
    ("a/../../b.mp4", None),
    ("/etc/passwd", None),
    ("C:/x.mp4", None),
    ("c:x.mp4", None),
    ("", None),
])
def test_safe_relpath(raw, clean):
    assert safe_relpath(raw) == clean


def test_url_quotes_each_segment_and_keeps_slashes():
    assert markup.url("s/áp phích #1?.png") == "s/%C3%A1p%20ph%C3%ADch%20%231%3F.png"
    assert markup.url("a:b/c.mp4") == "a%3Ab/c.mp4"  # never read as a URL scheme


def test_attrs_escape_and_skip_empty():
    assert markup.attrs(alt='"<x>"', hidden=True, width=None, off=False, data_file="a&b") == \
        ' alt="&quot;&lt;x&gt;&quot;" hidden data-file="a&amp;b"'
    assert markup.attrs(class_="wave") == ' class="wave"'


def test_track_src_inlines_small_vtt_and_links_big_ones(tmp_path, monkeypatch):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "v 1.vtt").write_text("WEBVTT\n\nĐ\n", encoding="utf-8")
    vtt = out("s/v 1.vtt", kind="subtitles")
    src = markup.track_src(vtt, tmp_path)
    assert base64.b64decode(src.split(",", 1)[1]).decode("utf-8") == "WEBVTT\n\nĐ\n"
    monkeypatch.setattr(markup, "MAX_INLINE_TRACK_BYTES", 4)
    assert markup.track_src(vtt, tmp_path) == "s/v%201.vtt"


def test_missing_note_for_absent_and_unsafe_files():
    assert "Thiếu tệp" in markup.file_link(out("a/b.png", exists=False))
    assert "không hợp lệ" in markup.file_link(out("../b.png"))
    assert markup.file_link(out("a/b c.png")) == '<a href="a/b%20c.png">b c.png</a>'


def test_partner_prefers_the_same_name_then_the_same_target():
    video = out("s/vertical.mp4", target="video:vertical")
    exact, draft = out("s/vertical.vtt", "subtitles"), out("s/vertical-draft.vtt", "subtitles")
    assert partner(video, (draft, exact)) == exact
    wave = out("s/vertical-waveform.png", "waveform")
    assert partner(video, (wave,)) == wave
    by_target = out("s/subs.vtt", "subtitles", target="video:vertical")
    other = out("s/other.vtt", "subtitles", target="video:square")
    assert partner(video, (other, by_target)) == by_target
    assert partner(video, (out("s/vertical.vtt", "subtitles", exists=False),)) is None
    assert partner(video, (other, out("s/x.vtt", "subtitles"))) is None  # ambiguous: none


def test_shape_marks_vertical_videos():
    assert shape(out("a.mp4", width=1080, height=1920)) == "portrait"
    assert shape(out("a.mp4", width=1920, height=1080)) is None
    assert shape(out("a.mp4", target="video:vertical")) == "portrait"


def test_anchors_are_unique_and_url_safe():
    def script(sid: str) -> ScriptView:
        return ScriptView(id=sid, title=sid, lang="", priority="", path="", checksum="",
                          status="", approval=None, warnings=(), targets=(), outputs=())
    ids = anchors((script("Ngày quyền"), script("ngay-quyen"), script("<x>")))
    assert list(ids.values()) == ["s-ngay-quyen", "s-ngay-quyen-2", "s-x"]


@pytest.mark.parametrize("seconds, shown", [(None, ""), (0.4, "0:00"), (75.4, "1:15"),
                                            (3725, "1:02:05")])
def test_duration(seconds, shown):
    assert labels.duration(seconds) == shown


@pytest.mark.parametrize("size, shown", [(None, ""), (0, "0 B"), (1023, "1023 B"),
                                         (1536, "1,5 KB"), (5 * 1024 ** 3, "5,0 GB")])
def test_file_size(size, shown):
    assert labels.file_size(size) == shown


def test_times_and_days():
    assert labels.timestamp("2026-11-28T18:05:00+07:00") == "28/11/2026 18:05 (UTC+07:00)"
    assert labels.timestamp("2026-11-28T18:05:00") == "28/11/2026 18:05"
    assert labels.timestamp("hôm qua") == "hôm qua"
    assert labels.day("2026-11-20") == "20/11/2026"
    assert labels.day("") == ""


def test_language_names():
    assert labels.language_name("vi") == "Tiếng Việt"
    assert labels.language_name("zh-CN") == "中文"
    assert labels.language_name("xx") == "xx"


def test_manifest_values_are_checked():
    assert number(3) == 3.0 and number(True) is None and number("3") is None
    assert number(float("nan")) is None
    assert texts("một") == ("một",) and texts(["a", None, ""]) == ("a",) and texts(3) == ()


def test_read_manifest_groups_by_script_and_checks_disk(tmp_path: Path):
    (tmp_path / "s1").mkdir()
    (tmp_path / "s1" / "a.mp3").write_bytes(b"x")
    view = read_manifest({
        "scripts": {"s1": {"title": "Một", "priority": "thuong"},
                    "s2": {"title": "Hai", "priority": "khan-cap"}},
        "outputs": [{"kind": "audio", "path": "s1/a.mp3", "script_id": "s1", "approved_by": None},
                    {"kind": "audio", "path": "s1/gone.mp3", "script_id": "s1"},
                    {"kind": "poster", "path": "s3/p.png"}],
        "targets": [{"script_id": "s2", "target": "poster:a4", "status": "failed"}],
    }, tmp_path)
    assert [s.id for s in view.scripts] == ["s2", "s1", "s3"]  # urgent first; s3 from its path
    s1 = view.scripts[1]
    assert [(o.name, o.usable, o.draft) for o in s1.outputs] == [("a.mp3", True, True),
                                                                ("gone.mp3", False, False)]
    assert [t.target for t in view.scripts[0].failures] == ["poster:a4"]


def test_posters_show_their_small_preview_and_huge_ones_are_only_linked(tmp_path):
    from helpers_review import make_png, output

    from studio.review import render_review_page
    out = tmp_path / "outputs"
    make_png(out / "s" / "s_facebook.png", (120, 63), (200, 0, 0))
    make_png(out / "s" / "s_facebook.preview.jpg", (60, 32), (200, 0, 0))
    make_png(out / "s" / "s_bang-ron.png", (40, 8), (200, 0, 0))
    manifest = {"scripts": {"s": {"title": "S", "lang": "vi", "status": "approved"}},
                "outputs": [
                    output(out, "s/s_facebook.png", "poster", "poster:facebook", "s",
                           width=120, height=63),
                    output(out, "s/s_facebook.preview.jpg", "preview", "poster:facebook", "s",
                           width=60, height=32),
                    output(out, "s/s_bang-ron.png", "poster", "poster:bang-ron", "s",
                           width=29528, height=4724)]}
    page = render_review_page(manifest, out)
    assert 'src="s/s_facebook.preview.jpg"' in page and 'href="s/s_facebook.png"' in page
    assert 'src="s/s_bang-ron.png"' not in page and 'href="s/s_bang-ron.png"' in page


def test_a_warning_shared_by_targets_is_one_line_and_counted_once(tmp_path: Path):
    from studio.review.page import summary
    from studio.review.section import problems
    said = "the online voice (gTTS) cannot be reached"
    view = read_manifest({
        "scripts": {"s1": {"title": "Một"}},
        "targets": [{"script_id": "s1", "target": "video:vertical", "warnings": [said]},
                    {"script_id": "s1", "target": "audio:loudspeaker", "warnings": [said]},
                    {"script_id": "s1", "target": "poster:a4", "warnings": ["too long"]}],
    }, tmp_path)
    lines = problems(view.scripts[0])
    assert lines.count(said) == 1
    assert f"audio:loudspeaker, video:vertical: {said}" in lines
    assert "poster:a4: too long" in lines
    assert "<b>2</b>Cảnh báo" in summary(view).replace("\n", "")


def test_a_video_shows_its_own_poster_frame_and_no_other_picture(tmp_path: Path):
    from studio.review.media import videos
    for name in ("v_vertical.mp4", "v_vertical.preview.jpg", "v_facebook.preview.jpg",
                 "w_square.mp4"):
        (tmp_path / "s1").mkdir(exist_ok=True)
        (tmp_path / "s1" / name).write_bytes(b"x")
    view = read_manifest({
        "scripts": {"s1": {"title": "Một"}},
        "outputs": [{"kind": "video", "path": "s1/v_vertical.mp4", "script_id": "s1"},
                    {"kind": "preview", "path": "s1/v_vertical.preview.jpg", "script_id": "s1"},
                    {"kind": "preview", "path": "s1/v_facebook.preview.jpg", "script_id": "s1",
                     "target": "poster:facebook"},
                    {"kind": "video", "path": "s1/w_square.mp4", "script_id": "s1"}],
    }, tmp_path)
    html = videos(view.scripts[0], tmp_path)
    assert html.count("poster=") == 1 and 'poster="s1/v_vertical.preview.jpg"' in html


def test_a_tay_videos_subtitle_track_is_tagged_tyz_and_named_tay(tmp_path: Path):
    from studio.review.media import videos
    (tmp_path / "s1").mkdir()
    for name in ("v.mp4", "v.vtt"):
        (tmp_path / "s1" / name).write_text("WEBVTT\n", encoding="utf-8")
    view = read_manifest({
        "scripts": {"s1": {"title": "Pjạ", "lang": "tay"}},
        "outputs": [{"kind": "video", "path": "s1/v.mp4", "script_id": "s1"},
                    {"kind": "subtitles", "path": "s1/v.vtt", "script_id": "s1"}],
    }, tmp_path)
    html = videos(view.scripts[0], tmp_path)
    assert 'srclang="tyz"' in html and 'label="Tày' in html  # ISO 639-3's "tay" is Atayal
