"""Every output records which voice spoke: the bulletin's JSON report, its ID3 TXXX VOICE
frame, the build's manifest (audio and video alike) and the review page."""

from __future__ import annotations

import json

import pytest
from mutagen.id3 import ID3

from helpers_cli import run_cli
from helpers_edge import fake_edge  # noqa: F401 - fixture
from helpers_speech import speech_cache  # noqa: F401 - fixture
from studio.build import run as build_run
from studio.build.outputs import reported_meta
from studio.build.plan import Job
from studio.build.state import BuildState, OutputRecord
from studio.project import Project
from studio.review import render_review_page as render_page
from studio.review.view import read_output

EDGE_VOICE = "edge vi-VN-HoaiMyNeural"


def manifest_with(voice: str | None) -> dict:
    entry = {"kind": "audio", "path": "s/a.mp3", "target": "audio:loudspeaker",
             "script_id": "s", "duration_s": 2.0, "lufs": -18.0}
    if voice is not None:
        entry["voice"] = voice
    return {"studio_version": "x", "built_at": "2026-12-01T10:00:00+00:00",
            "scripts": {"s": {"title": "Bản tin", "lang": "vi", "status": "approved"}},
            "outputs": [entry], "targets": []}


def test_the_review_page_says_which_voice_spoke(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.mp3").write_bytes(b"ID3")
    page = render_page(manifest_with(EDGE_VOICE), tmp_path)
    assert f"Giọng đọc: {EDGE_VOICE}" in page
    assert "Giọng đọc" not in render_page(manifest_with(None), tmp_path)


def test_an_odd_voice_in_the_manifest_is_shown_as_text(tmp_path):
    view = read_output({"kind": "audio", "path": "a.mp3", "voice": "<b>x</b>"}, tmp_path)
    assert view.voice == "<b>x</b>"
    (tmp_path / "a.mp3").write_bytes(b"ID3")
    page = render_page({"outputs": [{"kind": "audio", "path": "a.mp3", "script_id": "s",
                                     "voice": "<b>x</b>"}]}, tmp_path)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_the_bulletin_report_gives_the_manifest_its_voice(tmp_path):
    mp3 = tmp_path / "a.mp3"
    mp3.write_bytes(b"ID3")
    report = {"file": "a.mp3", "duration_ms": 2000, "integrated_lufs": -18.0,
              "true_peak_dbtp": -2.5, "voice": EDGE_VOICE}
    mp3.with_suffix(".json").write_text(json.dumps(report), encoding="utf-8")
    assert reported_meta(mp3)["voice"] == EDGE_VOICE
    report.pop("voice")
    mp3.with_suffix(".json").write_text(json.dumps(report), encoding="utf-8")
    assert "voice" not in reported_meta(mp3)  # an older report: nothing invented


def test_each_file_of_a_speaking_target_records_the_voice(project):
    proj = Project.at(project.root)
    proj.outputs.mkdir(parents=True, exist_ok=True)
    state = BuildState()
    job = Job(script_path=project.root / "scripts/s.md", script_id="s", kind="video",
              name="vertical", inputs={})
    outputs = [OutputRecord("video", "s/v.mp4", 1, "x"),
               OutputRecord("audio", "s/a.mp3", 1, "y", meta={"voice": "espeak-ng vi"})]
    build_run._record(job, (outputs, [], None), state, proj, 0.0, [], EDGE_VOICE)
    saved = state.targets[job.key].outputs
    assert [o.meta["voice"] for o in saved] == [EDGE_VOICE, "espeak-ng vi"]  # its own report wins


@pytest.mark.slow
def test_a_bulletin_spoken_by_edge_says_so_in_its_report_tags_manifest_and_page(
        project, fake_edge, monkeypatch):
    path = project.script("s.md", front="""
        title: Bản tin thử
        id: ban-tin
        lang: vi
        targets: {audio: [loudspeaker]}
        """, body="## Một\n\nXin chào bà con trong xã. Hôm nay thôn họp dân.\n")
    project.approve(path, "UBND xã")
    monkeypatch.chdir(project.root)
    result = run_cli("build", "--jobs", "1", "--engine", "edge", "--json")
    assert result.exit_code == 0, result.stderr
    outputs = project.root / "outputs"
    report = json.loads(next(outputs.glob("ban-tin/*.json")).read_text(encoding="utf-8"))
    assert report["voice"] == EDGE_VOICE and report["engine"] == "edge"
    mp3 = outputs / "ban-tin" / report["file"]
    assert ID3(str(mp3)).getall("TXXX:VOICE")[0].text == [EDGE_VOICE]
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    spoken = [o for o in manifest["outputs"] if o["kind"] == "audio"]
    assert spoken and all(o["voice"] == EDGE_VOICE for o in spoken)
    assert f"Giọng đọc: {EDGE_VOICE}" in (outputs / "index.html").read_text(encoding="utf-8")
    assert len(fake_edge.texts) == 2  # narrated once, for the build and the bulletin alike
