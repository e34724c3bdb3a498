"""Content Credentials on real MP4 videos and MP3 bulletins, signed last (after the MP4's
faststart and the MP3's ID3 tags), and the tamper matrix on them — each case caught by
`studio verify` and by c2pa's own Reader."""

from __future__ import annotations

import json
import shutil

import pytest
from mutagen.id3 import ID3, TIT2
from mutagen.mp4 import MP4

from helpers_audio import ffmpeg, hand_narration as audio_narration
from helpers_cli import run_cli
from helpers_project import ProjectMaker
from helpers_provenance import APPROVER, c2pa_read, flip_byte, make_pki
from helpers_video import hand_narration, top_level_atoms
from studio.audio import AudioOptions, render_narration
from studio.script import approve, gate, load
from studio.video import prepare_video, render_video

pytestmark = pytest.mark.slow
FRONT = ("title: Cảnh giác với tin giả\nid: tin-gia\nlang: vi\n"
         "organization: UBND xã Hữu Lũng\nprogram: Bản tin\n")
BODY = "## Một\n\nĐừng chia sẻ tin chưa rõ nguồn.\n\n## Hai\n\nHãy hỏi cán bộ xã.\n"


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """One signed project; its script approved with the approver's key; one MP4 and one
    MP3, made once and copied for each test."""
    maker = ProjectMaker(tmp_path_factory.mktemp("media"))
    pki = make_pki(maker)
    path = maker.script("tin-gia.md", front=FRONT, body=BODY)
    script = approve(path, None, None, maker.proj, key=pki.approver_key)
    out = maker.root / "outputs" / "tin-gia"
    videos = render_video(prepare_video(script, formats=["270x480"], project=maker.proj,
                                        out=out),
                          narration=hand_narration(script, maker.root / "n", sentence_seconds=1.0))
    result = render_narration(script, audio_narration(maker.root / "a", [1.0, 1.0],
                                                      script_id="tin-gia"),
                              release=gate(script, project=maker.proj),
                              options=AudioOptions(opening=None, closing=None), out_dir=out)
    return {"pki": pki, "script": script, "mp4": next(p for p in videos if p.suffix == ".mp4"),
            "mp3": result.mp3}


@pytest.fixture(params=["mp4", "mp3"])
def copy(request, media, tmp_path):
    target = tmp_path / media[request.param].name
    shutil.copy(media[request.param], target)
    return media["pki"], target


def verdict(path, root):
    result = run_cli("verify", path, "--project", root, "--json")
    return result.exit_code, json.loads(result.stdout)[0]


def test_video_and_bulletin_are_trusted_by_studio_and_c2pa_and_name_the_approver(copy):
    pki, path = copy
    code, v = verdict(path, pki.root)
    assert code == 0 and v["ok"] and v["approver"] == APPROVER and v["script"] == "tin-gia"
    state, data = c2pa_read(path, pki.anchors)
    assert state == "Trusted" and data["approval"]["record"]["by"] == APPROVER


def test_signing_keeps_faststart_and_the_id3_tags(media):
    atoms = top_level_atoms(media["mp4"])
    assert atoms.index("moov") < atoms.index("mdat")
    tags = ID3(media["mp3"])
    assert tags.version[:2] == (2, 4) and str(tags["TIT2"]) == "Cảnh giác với tin giả"
    assert any(k.startswith("GEOB") for k in tags.keys())


def _edit_tag(path):
    if path.suffix == ".mp3":
        tags = ID3(path)
        tags.add(TIT2(encoding=3, text="Tin đã sửa"))
        tags.save(path, v2_version=4)
    else:
        video = MP4(path)
        video["\xa9nam"] = ["Tin đã sửa"]
        video.save()


def _strip(path):
    if path.suffix == ".mp3":
        tags = ID3(path)
        tags.delall("GEOB")
        tags.save(path, v2_version=4)
    else:
        moved = path.with_name("copy-" + path.name)
        ffmpeg("-i", path, "-c", "copy", "-map", "0", moved)
        moved.replace(path)


@pytest.mark.parametrize("tamper", ["byte", "tag", "strip"])
def test_tampering_with_a_video_or_bulletin_is_caught_by_studio_and_by_c2pa(copy, tamper):
    pki, path = copy
    {"byte": flip_byte, "tag": _edit_tag, "strip": _strip}[tamper](path)
    code, v = verdict(path, pki.root)
    assert code == 1 and v["state"] == ("unsigned" if tamper == "strip" else "tampered"), v
    assert c2pa_read(path, pki.anchors)[0] in (None, "Invalid")


def test_a_revoked_approver_fails_verification_of_the_video(copy):
    pki, path = copy
    (pki.root / "approvers" / "nguyen-van-an.pem").rename(pki.root / "revoked.pem")
    try:
        code, v = verdict(path, pki.root)
        assert code == 1 and any("revoked" in p for p in v["problems"])
    finally:
        (pki.root / "revoked.pem").rename(pki.root / "approvers" / "nguyen-van-an.pem")


def test_no_key_material_in_the_outputs(media):
    secrets = [p.read_bytes() for p in (media["pki"].root / "keys").glob("*.key")]
    for path in media["mp4"].parent.iterdir():
        data = path.read_bytes()
        assert b"PRIVATE KEY" not in data and not any(s in data for s in secrets), path
    assert load(media["script"].path).status == "approved"


def test_the_review_page_shows_each_outputs_verification_state(tmp_path):
    maker = ProjectMaker(tmp_path / "proj")
    pki = make_pki(maker)
    path = maker.script("tin-gia.md", front=FRONT + "targets:\n  poster: [a3]\n", body=BODY)
    approve(path, None, None, maker.proj, key=pki.approver_key)
    assert run_cli("build", "--project", maker.root).exit_code == 0
    manifest = json.loads((maker.root / "outputs" / "manifest.json").read_text("utf-8"))
    states = {o["path"]: o.get("credentials") for o in manifest["outputs"]}
    assert states and {s for p, s in states.items() if not p.endswith(".preview.jpg")} == {
        "trusted"}
    page = (maker.root / "outputs" / "index.html").read_text("utf-8")
    assert page.count("Đã ký số, tin cậy") == len(states) - sum(
        p.endswith(".preview.jpg") for p in states)
