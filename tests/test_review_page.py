"""The review page (outputs/index.html) written from a manifest over real files on disk."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from studio.review import render_review_page, write_review_page
from studio.review.static import CSS, SCRIPT
from helpers_review import EVIL_TITLE, NFD_TITLE, ODD_POSTER, make_outputs, parse_page


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict, str]:
    """A real outputs folder, its manifest and the page written into it."""
    outputs = tmp_path_factory.mktemp("review") / "outputs"
    manifest = make_outputs(outputs)
    page = write_review_page(manifest, outputs)
    return outputs, manifest, page.read_text(encoding="utf-8")


def section(page: str, script_id: str) -> str:
    """The HTML of one script's section."""
    match = re.search(rf'<section[^>]*id="s-{re.escape(script_id)}".*?</section>', page, re.S)
    assert match, f"no section for {script_id}"
    return match.group(0)


def resolve(page_dir: Path, link: str) -> Path:
    """Where a browser would look for a relative link on a file:// page."""
    parts = urlsplit(link)
    assert not parts.scheme and not parts.netloc, f"not a relative link: {link}"
    assert not parts.query and not parts.fragment, f"file link with ?/#: {link}"
    assert not parts.path.startswith("/"), f"absolute path: {link}"
    return page_dir / unquote(parts.path)


def test_writes_index_html_in_outputs(built):
    outputs, _, page = built
    assert (outputs / "index.html").is_file()
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert 'name="viewport"' in page


def test_every_src_and_href_resolves_to_a_file_or_an_anchor(built):
    outputs, _, page = built
    parsed = parse_page(page)
    assert len(parsed.links) >= 15
    for tag, attr, link in parsed.links:
        if link.startswith("#"):
            assert link[1:] in parsed.ids, f"anchor {link} has no target"
        elif link.startswith("data:"):
            assert tag == "track", f"unexpected data: URL on <{tag}>"
        else:
            assert resolve(outputs, link).is_file(), f"<{tag} {attr}={link!r}> is broken"


def test_subtitle_track_carries_the_vtt_bytes(built):
    outputs, _, page = built
    tracks = [a for t, a in parse_page(page).tags if t == "track"]
    assert len(tracks) == 1
    track = tracks[0]
    assert track["kind"] == "subtitles" and track["srclang"] == "vi"
    header, payload = track["src"].split(",", 1)
    assert header.startswith("data:text/vtt") and header.endswith(";base64")
    assert base64.b64decode(payload) == (outputs / track["data-file"]).read_bytes()
    assert track["data-file"] == "chong-lua-dao/vertical.vtt"


def test_every_existing_output_is_linked_or_played(built):
    _, manifest, page = built
    linked = {link for _, _, link in parse_page(page).links}
    for output in manifest["outputs"]:
        assert quote(output["path"]) in linked, output["path"]


def test_players_thumbnails_and_downloads(built):
    _, _, page = built
    tags = parse_page(page).tags
    videos = [a for t, a in tags if t == "video"]
    audios = [a for t, a in tags if t == "audio"]
    images = [a for t, a in tags if t == "img"]
    assert {v["src"] for v in videos} == {"chong-lua-dao/vertical.mp4",
                                         "quyen-con-nguoi/square-draft.mp4"}
    assert all("controls" in v and v["preload"] == "metadata" for v in videos)
    assert {a["src"] for a in audios} == {"chong-lua-dao/loudspeaker.mp3", "bay-cong-uoc/radio.mp3"}
    assert all("controls" in a for a in audios)
    assert all(i["loading"] == "lazy" for i in images)
    assert "chong-lua-dao/loudspeaker-waveform.png" in {i["src"] for i in images}
    poster = quote(f"chong-lua-dao/{ODD_POSTER}")
    assert poster in {i["src"] for i in images}
    # the thumbnail links to the full file
    assert re.search(rf'<a href="{re.escape(poster)}"><img[^>]*src="{re.escape(poster)}"', page)
    hrefs = {a.get("href") for t, a in tags if t == "a"}
    assert {"chong-lua-dao/vertical.srt", "chong-lua-dao/vertical.vtt",
            "chong-lua-dao/report.json"} <= hrefs


def test_waveform_sits_with_its_audio(built):
    _, _, page = built
    figure = re.search(r'<figure data-output="chong-lua-dao/loudspeaker.mp3">.*?</figure>',
                       page, re.S).group(0)
    assert 'src="chong-lua-dao/loudspeaker-waveform.png"' in figure
    assert "-16,0 LUFS" in figure and "-1,5 dBTP" in figure


def test_title_with_script_tag_is_text_not_markup(built):
    _, _, page = built
    parsed = parse_page(page)
    assert EVIL_TITLE in parsed.headings  # the heading's text, read back, is the title itself
    assert html.escape(EVIL_TITLE, quote=True) in page
    assert "<script>alert" not in page
    assert parsed.scripts == [SCRIPT], "only the page's own inline script may exist"
    # other script text (warnings, errors) is escaped too
    assert "&lt;logo&gt;" in page and "&lt;hỏng&gt;" in page


def test_text_is_nfc(built):
    _, _, page = built
    assert unicodedata.is_normalized("NFC", page)
    assert unicodedata.normalize("NFC", NFD_TITLE) in parse_page(page).headings


def test_no_network_resources(built):
    _, _, page = built
    assert not re.search(r"(https?:)?//[a-z0-9]", page, re.I), "page refers to the network"
    assert "@import" not in page and "url(" not in page


def test_security_policy_allows_exactly_the_inline_script_and_style(built):
    _, _, page = built
    policy = html.unescape(re.search(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))

    def source(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"script-src {source(SCRIPT)}" in policy
    assert f"style-src {source(CSS)}" in policy
    assert "unsafe-inline" not in policy and "default-src 'none'" in policy
    assert f"<script>{SCRIPT}</script>" in page and f"<style>{CSS}</style>" in page


def test_approval_states(built):
    _, _, page = built
    approved = section(page, "chong-lua-dao")
    assert "Nguyễn Văn A" in approved and "20/11/2026" in approved
    assert "sha256:" + "a" * 64 in approved and "Đã duyệt" in approved
    draft = section(page, "quyen-con-nguoi")
    assert "BẢN NHÁP" in draft and "draft" in draft
    stale = section(page, "bay-cong-uoc")
    assert "CẦN DUYỆT LẠI" in stale and "stale" in stale
    assert "Trần Thị B" in stale and "sha256:" + "d" * 64 in stale


def test_build_errors_and_warnings_in_their_section(built):
    _, _, page = built
    draft = section(page, "quyen-con-nguoi")
    assert "poster:banner" in draft and "không đọc được ảnh" in draft
    assert 'class="error"' in draft
    approved = section(page, "chong-lua-dao")
    assert "đỉnh âm thanh gần ngưỡng" in approved and 'class="error"' not in approved


def test_most_urgent_script_comes_first(built):
    _, _, page = built
    order = [page.index(f'id="s-{sid}"') for sid in ("chong-lua-dao", "bay-cong-uoc",
                                                      "quyen-con-nguoi")]
    assert order == sorted(order)  # khẩn cấp, ưu tiên, thường


def test_summary_counts(built):
    _, _, page = built
    tiles = dict((re.sub(r"<[^>]+>", "", label).strip(), html.unescape(value)) for value, label
                 in re.findall(r'<li[^>]*><b>(.*?)</b>(.*?)</li>', page))
    assert tiles["Kịch bản scripts"] == "3"
    assert tiles["Mục tiêu lỗi failed targets"] == "1"
    assert tiles["Cảnh báo warnings"] == "2"
    assert tiles["Phiên bản studio studio version"] == "0.1.0"
    assert tiles["Thời điểm dựng built at"].startswith("28/11/2026 18:00")
    assert [v for k, v in tiles.items() if k.startswith("Tệp đầu ra")] == ["10"]


def test_missing_and_unsafe_outputs_are_flagged_not_linked(built, tmp_path):
    outputs, manifest, _ = built
    extra = [{"kind": "poster", "path": "chong-lua-dao/gone.png", "script_id": "chong-lua-dao"},
             {"kind": "video", "path": "../../etc/passwd", "script_id": "chong-lua-dao"},
             {"kind": "audio", "path": "C:/Windows/x.mp3", "script_id": "chong-lua-dao"}]
    page = render_review_page({**manifest, "outputs": manifest["outputs"] + extra}, outputs)
    links = [link for _, _, link in parse_page(page).links]
    assert not any("gone.png" in link or "passwd" in link or "x.mp3" in link for link in links)
    assert "Thiếu tệp" in page and "gone.png" in page
    assert page.count("Đường dẫn không hợp lệ") == 2
    assert re.search(r"<b>3</b>Tệp bị thiếu", page)


def test_tolerates_sparse_and_odd_manifests(tmp_path):
    empty = render_review_page({}, tmp_path)
    assert "Chưa có sản phẩm nào" in empty
    odd = render_review_page({"scripts": ["x"], "outputs": "nope", "targets": None}, tmp_path)
    assert "Chưa có sản phẩm nào" in odd
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.mp3").write_bytes(b"x")
    only_outputs = render_review_page(
        {"outputs": [{"kind": "audio", "path": "a/b.mp3", "bytes": "12", "lufs": "loud"}]},
        tmp_path)
    assert '<audio controls preload="metadata" src="a/b.mp3">' in only_outputs
    assert 'id="s-a"' in only_outputs  # the script is named after its folder


def test_rewrite_replaces_the_page_atomically(tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "index.html").write_text("old", encoding="utf-8")
    path = write_review_page({"studio_version": "9.9"}, outputs)
    assert path == outputs / "index.html"
    assert "9.9" in path.read_text(encoding="utf-8")
    assert [p.name for p in outputs.iterdir()] == ["index.html"]  # no temp file left behind
