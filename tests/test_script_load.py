"""Loading scripts: the model, and one clear error per kind of mistake."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from studio.errors import StudioError, StudioErrors
from studio.project import Project
from studio.script import Pause, load
from studio.script.find import find_scripts

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", sorted((REPO / "scripts").glob("*.md")), ids=lambda p: p.name)
def test_every_example_script_loads(path):
    script = load(path, Project.at(REPO))
    assert script.title and script.scenes
    assert all(s.narration or s.recording for s in script.scenes)


def test_examples_are_three_approved_and_a_draft():
    statuses = [load(p, Project.at(REPO)).status for p in find_scripts([REPO / "scripts"])]
    assert statuses.count("approved") >= 3 and "draft" in statuses


def test_full_model(project):
    project.image("assets/images/a.png")
    project.image("scripts/local.png")
    path = project.script(front="""
        title: Ngày Quyền con người
        lang: vi
        organization: UBND xã
        program: Bản tin
        priority: uu-tien
        targets: {video: [vertical, 320x160], audio: loudspeaker, poster: [facebook]}
        voice: {engine: espeak, speed: 1.2}
        poster: {headline: Khẩu hiệu!, subline: Dòng phụ, image: images/a.png}
        """, body="""
        # Tiêu đề chính

        ## Cảnh một
        ![ảnh](images/a.png)

        > Dòng tiêu đề

        Câu thứ nhất.
        Vẫn câu ấy.

        <!-- pause 1,5 -->

        Đoạn hai.

        ## Cảnh hai
        ![ảnh](local.png)
        Một câu.
        """)
    s = load(path, Project.at(project.root))
    assert s.id == "s" and s.lang == "vi" and s.priority == "uu-tien"
    assert s.targets.video == ("vertical", "320x160") and s.targets.audio == ("loudspeaker",)
    assert s.voice.engine == "espeak" and s.voice.speed == 1.2
    assert s.poster.headline == "Khẩu hiệu!" and s.poster.image.name == "a.png"
    one, two = s.scenes
    assert one.heading == "Cảnh một" and one.headline == "Dòng tiêu đề"
    assert one.visual == (project.root / "assets/images/a.png").resolve()
    assert [type(p).__name__ for p in one.parts] == ["Paragraph", "Pause", "Paragraph"]
    assert one.parts[0].text == "Câu thứ nhất. Vẫn câu ấy." and one.parts[1] == Pause(1.5, one.parts[1].line)
    assert two.visual.name == "local.png"
    assert s.status == "draft"


def test_id_defaults_to_ascii_slug_of_file_name(project):
    path = project.script("Quyền Con Người Đẹp.md")
    assert load(path, Project.at(project.root)).id == "quyen-con-nguoi-dep"


def test_nfd_input_is_normalised(project):
    nfd = unicodedata.normalize("NFD", "Quyền con người")
    path = project.script(front=f"title: {nfd}\nlang: vi\n", body=f"## {nfd}\n\n{nfd} là quyền.\n")
    s = load(path, Project.at(project.root))
    assert s.title == unicodedata.normalize("NFC", nfd)
    assert unicodedata.is_normalized("NFC", s.scenes[0].narration)


def test_recording_link_is_the_scene_voice(project):
    rec = project.root / "assets" / "tay.mp3"
    rec.write_bytes(b"ID3")
    path = project.script(front="title: Tày\nlang: tay\n",
                          body="## Cảnh\n[voice](tay.mp3)\n\nPhụ đề tiếng Tày.\n")
    s = load(path, Project.at(project.root))
    assert s.scenes[0].recording == rec.resolve() and s.scenes[0].narration == "Phụ đề tiếng Tày."
    assert s.warnings == ()


def test_minority_language_without_recording_warns(project):
    path = project.script(front="title: Tày\nlang: tay\n")
    s = load(path, Project.at(project.root))
    assert s.warnings and "recording" in s.warnings[0]


def _error(path, project) -> StudioError:
    with pytest.raises(StudioError) as info:
        load(path, Project.at(project.root))
    return info.value


CASES = {
    # name: (raw file text, expected line, words in message)
    "no_front_matter": ("# Tiêu đề\n\n## A\nchữ\n", 1, "no front matter"),
    "unterminated": ("---\ntitle: A\nlang: vi\n\n## A\nchữ\n", 1, "not closed"),
    "yaml_error": ("---\ntitle: A\nlang: [vi\n---\n## A\nchữ\n", 3, "not valid YAML"),
    "not_mapping": ("---\n- a\n- b\n---\n## A\nchữ\n", 2, "key: value"),
    "missing_title": ("---\nlang: vi\n---\n## A\nchữ\n", 2, "'title' is required"),
    "unknown_key": ("---\ntitle: A\nlang: vi\ntitel: B\n---\n## A\nchữ\n", 4, "did you mean 'title'"),
    "unknown_lang": ("---\ntitle: A\nlang: fr\n---\n## A\nchữ\n", 3, "unknown lang 'fr'"),
    "bad_priority": ("---\ntitle: A\nlang: vi\npriority: urgent\n---\n## A\nchữ\n", 4,
                     "unknown priority"),
    "title_not_text": ("---\ntitle: [a, b]\nlang: vi\n---\n## A\nchữ\n", 2, "must be text"),
    "bad_target": ("---\ntitle: A\nlang: vi\ntargets: {video: [vertica]}\n---\n## A\nchữ\n", 4,
                   "did you mean 'vertical'"),
    "bad_speed": ("---\ntitle: A\nlang: vi\nvoice: {speed: fast}\n---\n## A\nchữ\n", 4,
                  "must be a number"),
    "bad_pause": ("---\ntitle: A\nlang: vi\n---\n## A\nchữ\n\n<!-- pause lâu -->\n", 8,
                  "not a number of seconds"),
    "empty_scene": ("---\ntitle: A\nlang: vi\n---\n## A\n\n## B\nchữ\n", 5, "nothing to say"),
    "no_scenes": ("---\ntitle: A\nlang: vi\n---\n", 5, "no scenes"),
    "missing_asset": ("---\ntitle: A\nlang: vi\n---\n## A\n![x](khong-co.png)\nchữ\n", 6,
                      "not found"),
    "absolute_asset": ("---\ntitle: A\nlang: vi\n---\n## A\n![x](/etc/passwd.png)\nchữ\n", 6,
                       "absolute"),
    "outside_asset": ("---\ntitle: A\nlang: vi\n---\n## A\n![x](../../outside.png)\nchữ\n", 6,
                      "outside the project"),
    "bad_music_type": ("---\ntitle: A\nlang: vi\nmusic: images/a.png\n---\n## A\nchữ\n", 4,
                       "unsupported type"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validation_error_names_file_and_line(project, name):
    project.image("assets/images/a.png")
    (project.root.parent / "outside.png").write_bytes(b"x")
    raw, line, words = CASES[name]
    path = project.script(raw=raw)
    err = _error(path, project)
    assert not isinstance(err, StudioErrors), str(err)
    assert err.line == line, str(err)
    assert words in str(err)
    assert str(err).startswith(f"{path}:{line}: ")
    assert "\n" not in str(err)


def test_symlink_out_of_project_is_refused(project, tmp_path):
    target = tmp_path / "elsewhere.png"
    target.write_bytes(b"\x89PNG")
    link = project.root / "assets" / "link.png"
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("symlinks not permitted here")
    path = project.script(body="## A\n![x](link.png)\nchữ\n")
    assert "outside the project" in str(_error(path, project))


def test_non_utf8_file(project):
    path = project.root / "scripts" / "tcvn.md"
    path.write_bytes("---\ntitle: A\nlang: vi\n---\n## A\n".encode() + "Quy\xean".encode("latin-1"))
    err = _error(path, project)
    assert "not valid UTF-8" in str(err) and err.line == 6


def test_utf16_file(project):
    path = project.root / "scripts" / "u16.md"
    path.write_text("---\ntitle: A\nlang: vi\n---\n## A\nchữ\n", encoding="utf-16")
    assert "UTF-16" in str(_error(path, project))


def test_several_problems_are_all_reported(project):
    path = project.script(raw="---\ntitle: A\nlang: fr\npriority: x\n---\n## A\n\n")
    err = _error(path, project)
    assert isinstance(err, StudioErrors) and len(err.errors) == 3
    assert all(str(e).startswith(str(path)) for e in err.errors)


def test_yes_no_on_off_stay_text(project):
    path = project.script(front="title: no\nlang: vi\norganization: on\n")
    s = load(path, Project.at(project.root))
    assert s.title == "no" and s.organization == "on"


def test_script_outside_project_keeps_assets_beside_it(tmp_path):
    outside = tmp_path / "usb"
    outside.mkdir()
    from PIL import Image
    Image.new("RGB", (8, 8)).save(outside / "a.png")
    (outside / "s.md").write_text("---\ntitle: A\nlang: vi\n---\n## A\n![x](a.png)\nchữ\n",
                                  encoding="utf-8")
    s = load(outside / "s.md", Project.at(tmp_path / "elsewhere"))
    assert s.scenes[0].visual == (outside / "a.png").resolve()
    (outside / "t.md").write_text("---\ntitle: A\nlang: vi\n---\n## A\n![x](../x.png)\nchữ\n",
                                  encoding="utf-8")
    (tmp_path / "x.png").write_bytes(b"x")
    with pytest.raises(StudioError, match="outside the project"):
        load(outside / "t.md", Project.at(tmp_path / "elsewhere"))


def test_estimated_length_counts_chinese_characters_as_syllables(project):
    zh = project.script("zh.md", front="title: 人权\nlang: zh\n",
                        body="## 人权日\n每年十二月十日是世界人权日。\n")
    vi = project.script("vi.md", body="## A\nMỗi năm ngày mười tháng mười hai là ngày nhân quyền.\n")
    assert load(zh, Project.at(project.root)).estimated_seconds() == pytest.approx(13 / 3, 0.1)
    assert load(vi, Project.at(project.root)).estimated_seconds() == pytest.approx(12 / 3, 0.1)


def test_asset_path_written_from_the_project_root_also_resolves(project):
    project.image("assets/images/a.png")
    path = project.script(body="## A\n![x](assets/images/a.png)\nchữ\n")
    s = load(path, Project.at(project.root))
    assert s.scenes[0].visual == (project.root / "assets/images/a.png").resolve()
