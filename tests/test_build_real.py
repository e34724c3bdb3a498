"""`studio build` end to end with real video, audio and poster targets (offline narration)."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from helpers_cli import run_cli
from studio.media import measure_loudness, probe

pytestmark = pytest.mark.slow


def build(root: Path, *args: str) -> dict:
    result = run_cli("build", "--offline", "--json", "--project", root, *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def statuses(report: dict) -> dict[str, str]:
    return {f"{t['script_id']}/{t['target']}": t["status"] for t in report["targets"]}


@pytest.fixture
def campaign(project):
    project.image("assets/images/a.png", size=(320, 240), colour=(20, 90, 160))
    project.image("assets/images/b.png", size=(320, 240), colour=(160, 90, 20))
    one = project.script("mot.md", front="""
        title: Quyền trẻ em
        lang: vi
        organization: UBND xã Hữu Lũng
        targets: {video: [180x320], audio: [loudspeaker], poster: [led-p10]}
        poster: {headline: Chung tay vì trẻ em!}
        """, body="## Trẻ em\n![a](images/a.png)\n\nMọi trẻ em đều có quyền được học tập.\n")
    two = project.script("hai.md", front="""
        title: Ngày 10/12
        lang: vi
        targets: {audio: [lowband], poster: [facebook]}
        poster: {headline: Ngày Quyền con người!, image: images/b.png}
        """, body="## Mở đầu\n\nNgày 10/12 là Ngày Quyền con người thế giới.\n")
    for path in (one, two):
        project.approve(path, "UBND xã")
    return project.root


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith(("#", "data:")):
                self.links.append(value)


def test_build_everything_then_nothing_then_exactly_what_changed(campaign):
    first = build(campaign, "--jobs", "2")
    assert set(statuses(first).values()) == {"built"}, first
    assert len(first["targets"]) == 5

    manifest = json.loads((campaign / "outputs/manifest.json").read_text(encoding="utf-8"))
    kinds = {o["kind"] for o in manifest["outputs"]}
    assert {"video", "audio", "poster", "subtitles", "report", "waveform"} <= kinds
    for out in manifest["outputs"]:
        data = (campaign / "outputs" / out["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == out["sha256"] and len(data) == out["bytes"]
        assert out["approved_by"] == "UBND xã" and out["lang"] == "vi"
    video = next(o for o in manifest["outputs"] if o["kind"] == "video")
    info = probe(campaign / "outputs" / video["path"])
    assert (info.width, info.height) == (180, 320)
    assert abs(info.duration - video["duration_s"]) < 0.05
    loud = next(o for o in manifest["outputs"] if o["path"].endswith("_thuong.mp3"))
    assert abs(loud["lufs"] - -18) <= 1 and loud["true_peak_dbtp"] <= -2
    mp3 = campaign / "outputs" / loud["path"]  # the manifest's figures are the file's own
    assert abs(probe(mp3).duration - loud["duration_s"]) < 0.06
    assert abs(measure_loudness(mp3).integrated_lufs - loud["lufs"]) <= 0.2

    page = (campaign / "outputs/index.html").read_text(encoding="utf-8")
    parser = Links()
    parser.feed(page)
    for link in parser.links:
        assert (campaign / "outputs" / unquote(link)).is_file(), link
    for out in manifest["outputs"]:
        assert out["path"].rsplit("/", 1)[1] in unquote(page)

    second = build(campaign)
    assert set(statuses(second).values()) == {"up-to-date"}

    campaign.joinpath("assets/images/a.png").write_bytes(
        campaign.joinpath("assets/images/b.png").read_bytes())
    third = build(campaign)
    rebuilt = {k for k, v in statuses(third).items() if v == "built"}
    assert rebuilt == {"mot/video:180x320"}  # the audio and the poster do not use that picture


def test_a_corrupt_picture_fails_its_target_only_and_keeps_the_old_file(campaign):
    build(campaign)
    mp4 = next((campaign / "outputs/mot").glob("*.mp4"))
    before = mp4.read_bytes()
    campaign.joinpath("assets/images/a.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    report = build(campaign)
    failed = [t for t in report["targets"] if t["status"] == "failed"]
    assert [t["target"] for t in failed] == ["video:180x320"]
    assert re.search(r"mot\.md:\d+: image 'a\.png'", failed[0]["error"])
    assert mp4.read_bytes() == before
    assert not list((campaign / "outputs").rglob(".studio-tmp-*"))


def test_without_the_network_the_offline_voice_takes_over_and_the_build_says_so(
        campaign, monkeypatch, tmp_path):
    from studio.speech import engines, gtts_engine
    monkeypatch.setenv(gtts_engine.ENDPOINT_ENV, "http://127.0.0.1:9")  # nothing listens
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "fresh-cache"))
    engines.forget_probe()
    result = run_cli("build", "--jobs", "2", "--project", campaign)
    assert result.exit_code == 0, result.stderr
    assert "offline voice (espeak-ng)" in result.stderr  # in the summary, not lost in a worker
    manifest = json.loads((campaign / "outputs/manifest.json").read_text(encoding="utf-8"))
    warned = {t["target"] for t in manifest["targets"]
              if any("offline voice (espeak-ng)" in w for w in t["warnings"])}
    assert warned == {"video:180x320", "audio:loudspeaker", "audio:lowband"}  # not posters
    page = (campaign / "outputs/index.html").read_text(encoding="utf-8")
    assert page.count("offline voice (espeak-ng)") == 2  # once per script, naming its targets
    assert "audio:loudspeaker, video:180x320: no online voice" in page
    report = json.loads(next((campaign / "outputs/mot").glob("*.json")).read_text("utf-8"))
    assert report["engine"] == "espeak" and report["voice"] == "espeak-ng vi"
    spoken = [o for o in manifest["outputs"] if o["kind"] in ("video", "audio")]
    assert spoken and {o["voice"] for o in spoken} == {"espeak-ng vi"}


def test_review_page_of_a_real_build_loads_every_output_in_chromium(campaign, tmp_path):
    from test_review_browser import dump_dom, media_states
    build(campaign)
    dom = dump_dom(campaign / "outputs/index.html", tmp_path / "profile")
    states = media_states(dom)
    assert states["error"] == [] and states["pending"] == []
    from test_review_browser import parse_page
    stills = [attrs["poster"] for tag, attrs in parse_page(dom).tags
              if tag == "video" and attrs.get("poster")]
    assert stills and all((campaign / "outputs" / unquote(s)).is_file() for s in stills)
    shown = " ".join([*(unquote(f) for _, f in states["loaded"]), *map(unquote, stills)])
    manifest = json.loads((campaign / "outputs/manifest.json").read_text(encoding="utf-8"))
    for out in manifest["outputs"]:
        if out["kind"] in ("video", "audio", "waveform", "preview"):
            assert out["path"].rsplit("/", 1)[1] in shown, out["path"]
