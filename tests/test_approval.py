"""Approval: approve → approved; any edit → stale; the one gate for every render."""

from __future__ import annotations

import datetime as dt

import pytest

from studio.errors import ApprovalError, StudioError
from studio.project import Project
from studio.script import approve, gate, load


@pytest.fixture
def script_path(project):
    return project.script(front="title: Quyền trẻ em\nlang: vi\n# a comment kept\n",
                          body="## Cảnh\n\nMọi trẻ em đều có quyền được học tập.\n")


def test_approve_then_approved(project, script_path):
    before = script_path.read_text(encoding="utf-8")
    s = approve(script_path, "UBND xã Hữu Lũng", dt.date(2026, 11, 20), Project.at(project.root))
    assert s.status == "approved" and s.approval.by == "UBND xã Hữu Lũng"
    assert s.approval.on == dt.date(2026, 11, 20) and s.approval.checksum.startswith("sha256:")
    after = script_path.read_text(encoding="utf-8")
    assert "# a comment kept" in after and after.endswith(before.split("---\n", 2)[2])
    assert gate(s).draft is False


def test_edit_one_word_makes_it_stale(project, script_path):
    approve(script_path, "A", dt.date(2026, 1, 1), Project.at(project.root))
    text = script_path.read_text(encoding="utf-8").replace("học tập", "vui chơi")
    script_path.write_text(text, encoding="utf-8")
    s = load(script_path, Project.at(project.root))
    assert s.status == "stale"
    with pytest.raises(ApprovalError, match="stale"):
        gate(s)


def test_front_matter_edit_makes_it_stale(project, script_path):
    approve(script_path, "A", dt.date(2026, 1, 1), Project.at(project.root))
    text = script_path.read_text(encoding="utf-8").replace("lang: vi", "lang: vi\npriority: khan-cap")
    script_path.write_text(text, encoding="utf-8")
    assert load(script_path, Project.at(project.root)).status == "stale"


def test_tampered_checksum_is_stale(project, script_path):
    approve(script_path, "A", dt.date(2026, 1, 1), Project.at(project.root))
    text = script_path.read_text(encoding="utf-8")
    text = text.replace("checksum: sha256:", "checksum: sha256:0")
    script_path.write_text(text, encoding="utf-8")
    assert load(script_path, Project.at(project.root)).status == "stale"


def test_reapprove_replaces_the_old_approval(project, script_path):
    approve(script_path, "A", dt.date(2026, 1, 1), Project.at(project.root))
    s = approve(script_path, "B", dt.date(2026, 2, 2), Project.at(project.root))
    text = script_path.read_text(encoding="utf-8")
    assert text.count("approval:") == 1 and s.approval.by == "B"


def test_draft_gate(project, script_path):
    s = load(script_path, Project.at(project.root))
    with pytest.raises(ApprovalError, match="not approved"):
        gate(s)
    release = gate(s, allow_draft=True)
    assert release.draft and release.suffix == "-draft"
    assert release.watermark == "BẢN NHÁP – CHƯA DUYỆT"
    assert release.name("x_vi_vertical", "mp4") == "x_vi_vertical-draft.mp4"


def test_approve_refuses_a_broken_script(project):
    path = project.script(raw="---\ntitle: A\nlang: fr\n---\n## A\nchữ\n")
    before = path.read_bytes()
    with pytest.raises(StudioError):
        approve(path, "A", None, Project.at(project.root))
    assert path.read_bytes() == before


def test_approval_name_with_quotes_round_trips(project, script_path):
    s = approve(script_path, 'Ban "Tuyên giáo": xã', None, Project.at(project.root))
    assert s.approval.by == 'Ban "Tuyên giáo": xã' and s.status == "approved"


def test_windows_line_ends_and_bom_are_kept(project):
    path = project.root / "scripts" / "win.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\nlang: vi\r\n---\r\n## C\r\n\r\nXin ch\xc3\xa0o.\r\n")
    s = approve(path, "UBND", dt.date(2026, 1, 2), Project.at(project.root))
    raw = path.read_bytes()
    assert s.status == "approved" and raw.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"") and raw.endswith(b"Xin ch\xc3\xa0o.\r\n")


@pytest.mark.parametrize("edit", [
    ('by: "A"', 'by: "Chủ tịch UBND tỉnh"'),  # who approved
    ("on: 2026-01-01", "on: 2026-12-31"),  # when
])
def test_editing_the_approval_record_makes_it_stale(project, script_path, edit):
    approve(script_path, "A", dt.date(2026, 1, 1), Project.at(project.root))
    text = script_path.read_text(encoding="utf-8")
    assert edit[0] in text
    script_path.write_text(text.replace(*edit), encoding="utf-8")
    s = load(script_path, Project.at(project.root))
    assert s.status == "stale"
    with pytest.raises(ApprovalError, match="stale"):
        gate(s)


def test_the_checksum_signs_who_and_when(project, script_path):
    a = approve(script_path, "A", dt.date(2026, 1, 1), Project.at(project.root))
    b = approve(script_path, "B", dt.date(2026, 1, 1), Project.at(project.root))
    c = approve(script_path, "B", dt.date(2026, 1, 2), Project.at(project.root))
    assert len({a.checksum, b.checksum, c.checksum}) == 3
    assert all(s.status == "approved" for s in (a, b, c))


def test_an_nfd_approver_name_is_signed_as_read_back(project, script_path):
    import unicodedata
    s = approve(script_path, unicodedata.normalize("NFD", "Sở Tư pháp"), None,
                Project.at(project.root))
    assert s.status == "approved" and s.approval.by == "Sở Tư pháp"
