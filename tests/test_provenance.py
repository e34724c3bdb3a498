"""Provenance on real poster outputs (PNG, JPEG, PDF): approver keys, signed approvals and the
gate, Content Credentials, and the tamper matrix — each case caught by `studio verify` and by
c2pa's own Reader. MP4 and MP3 are in test_provenance_media.py (slow)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
import struct
import sys
import zlib

import pytest
from PIL import Image

from helpers_cli import error_lines, run_cli
from helpers_provenance import (APPROVER, approver_still_trusted, c2pa_read, flip_byte,
                                foreign_key, make_pki, settings)
from studio.errors import ApprovalError
from studio.graphics.outputs import write_pdf
from studio.poster import script_posters
from studio.provenance import ProvenanceError, sign_output
from studio.provenance.certs import utcnow
from studio.provenance.keys import load_key, new_approver
from studio.script import FINAL, approve, claim, gate, load

FORMATS = ("png", "jpeg", "pdf")
FRONT = "title: Cảnh giác với tin giả\nlang: vi\norganization: UBND xã Hữu Lũng\n"


def posters(script, maker, out):
    """The script's A3 poster in every format, small (the credentials do not care)."""
    run = script_posters(load(script, maker.proj), ["a3"], project=maker.proj, out=out,
                         formats=FORMATS, scale=0.08)
    return {p.suffix: p for p in run.outputs if not p.name.endswith(".preview.jpg")}


@pytest.fixture
def signed(project, tmp_path):
    """A project with keys, a script approved with the approver's key, its posters."""
    pki = make_pki(project)
    script = project.script("tin-gia.md", front=FRONT)
    approve(script, None, dt.date(2026, 12, 1), project.proj, key=pki.approver_key)
    return pki, script, posters(script, project, tmp_path / "out")


def studio_verify(*paths, root):
    return run_cli("verify", *paths, "--project", root, "--json")


def states(result) -> list[str]:
    return [v["state"] for v in json.loads(result.stdout)]


# --- keys ---------------------------------------------------------------------------------

def test_private_keys_are_0600_beside_their_chain_and_the_certificate_is_trusted(project):
    pki = make_pki(project, signing=False)
    for key in (pki.approver_key, pki.build_key, project.root / "keys" / "ca.key"):
        if sys.platform != "win32":
            assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert b"PRIVATE KEY" in key.read_bytes()
    assert (project.root / "keys" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    loaded = load_key(pki.approver_key)
    assert loaded.cert.subject.rfc4514_string().startswith("O=UBND xã Hữu Lũng,CN=" + APPROVER) \
        or APPROVER in loaded.cert.subject.rfc4514_string()
    trusted = (project.root / "approvers" / "nguyen-van-an.pem").read_bytes()
    assert b"PRIVATE" not in trusted and loaded.chain_pem.encode().startswith(trusted)


def test_a_passphrase_protects_the_key_and_the_error_names_the_setting(project):
    make_pki(project, signing=False)
    files = new_approver(project.proj, "Lò Thị Mai", "UBND xã", passphrase="mật khẩu dài")
    assert b"ENCRYPTED" in files.key.read_bytes()
    with pytest.raises(ProvenanceError, match="protected by a passphrase") as caught:
        load_key(files.key)
    assert "passphrase" in caught.value.describe()
    with pytest.raises(ProvenanceError, match="wrong passphrase"):
        load_key(files.key, "sai")
    assert load_key(files.key, "mật khẩu dài").cert is not None


def test_a_key_is_never_written_under_outputs_nor_over_another(project):
    make_pki(project, signing=False)
    with pytest.raises(ProvenanceError, match="under outputs"):
        new_approver(project.proj, "Ai đó", "X", folder=project.root / "outputs" / "k")
    result = run_cli("keys", "new", "--name", APPROVER, "--org", "X", "--project", project.root)
    assert result.exit_code == 2
    assert error_lines(result)[0].startswith("error: ") and "already exists" in result.stderr


def test_keys_list_shows_roots_and_approvers(project):
    make_pki(project, signing=False)
    out = run_cli("keys", "list", "--project", project.root).stdout.splitlines()
    assert [line.split(":")[0] for line in out] == ["root", "approver", "approver"]
    assert any(APPROVER in line for line in out)


def test_importing_a_certificate_no_trusted_ca_issued_is_refused(project, tmp_path):
    make_pki(project, signing=False)
    stranger = foreign_key(tmp_path)
    result = run_cli("keys", "import", stranger.with_suffix(".pem"), "--project", project.root)
    assert result.exit_code == 2 and "no trusted CA issued" in result.stderr


# --- signed approvals and the gate ---------------------------------------------------------

def test_approve_with_a_key_signs_and_verify_names_the_certificate(project):
    pki = make_pki(project)
    script = project.script("s.md", front=FRONT)
    result = run_cli("approve", script, "--key", pki.approver_key, "--project", project.root)
    assert result.exit_code == 0, result.stderr
    assert f"signed with {APPROVER} (UBND xã Hữu Lũng) sha256:" in result.stdout
    text = script.read_text(encoding="utf-8")
    assert "  signature: " in text and "  key: \"sha256:" in text
    checked = run_cli("verify", script, "--project", project.root)
    assert checked.exit_code == 0 and "trusted" in checked.stdout and APPROVER in checked.stdout


@pytest.mark.parametrize("edit", ["by", "checksum", "signature"])
def test_an_edited_approval_is_caught_by_the_gate_and_by_verify(project, edit):
    pki = make_pki(project)
    script = project.script("s.md", front=FRONT)
    approve(script, None, None, project.proj, key=pki.approver_key)
    text = script.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith(f"  {edit}:"))
    forged = {"by": '  by: "Chủ tịch UBND tỉnh"', "checksum": line[:-4] + "0000",
              "signature": line[:20] + ("B" if line[20] != "B" else "C") + line[21:]}[edit]
    script.write_text(text.replace(line, forged), encoding="utf-8")
    with pytest.raises(ApprovalError):
        gate(load(script, project.proj), project=project.proj)
    result = studio_verify(script, root=project.root)
    assert result.exit_code == 1 and states(result)[0] in ("tampered", "untrusted")


def test_a_project_requiring_signed_approvals_refuses_a_checksum_only_one(project):
    make_pki(project, require_signed_approvals=True)
    script = project.approved("s.md", front=FRONT).path
    result = run_cli("poster", script, "--project", project.root)
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"error: {script}: approval is unsigned (checksum only); this project requires "
        "signed approvals — have it approved again with a trusted key: "
        "studio approve SCRIPT --key KEY, or render with --draft"]
    assert not (project.root / "outputs").exists()
    assert gate(load(script, project.proj), allow_draft=True, project=project.proj).draft


def test_a_key_from_another_ca_cannot_approve(project, tmp_path):
    make_pki(project)
    script = project.script("s.md", front=FRONT)
    before = script.read_bytes()
    with pytest.raises(ProvenanceError, match="cannot approve"):
        approve(script, None, None, project.proj, key=foreign_key(tmp_path))
    assert script.read_bytes() == before


def test_a_revoked_approver_no_longer_passes_the_gate(project):
    pki = make_pki(project)
    script = project.script("s.md", front=FRONT)
    approve(script, None, None, project.proj, key=pki.approver_key)
    assert gate(load(script, project.proj), project=project.proj).draft is False
    (project.root / "approvers" / "nguyen-van-an.pem").unlink()
    with pytest.raises(ApprovalError, match="revoked"):
        gate(load(script, project.proj), project=project.proj)


# --- Content Credentials on posters ---------------------------------------------------------

def test_every_poster_format_is_trusted_by_studio_and_by_c2pa_with_the_approver(signed):
    pki, script, files = signed
    assert set(files) == {".png", ".jpg", ".pdf"}
    result = studio_verify(*files.values(), root=pki.root)
    assert result.exit_code == 0, result.stdout
    for verdict in json.loads(result.stdout):
        assert verdict["ok"] and verdict["approver"] == APPROVER
        assert verdict["script"] == "tin-gia" and verdict["draft"] is False
    script_checksum = load(script).checksum
    for path in files.values():
        state, data = c2pa_read(path, pki.anchors)
        assert state == "Trusted", path
        assert data["approval"]["record"]["by"] == APPROVER
        assert data["approval"]["signature"] and data["script"]["checksum"] == script_checksum
        assert data["organization"] == "UBND xã Hữu Lũng"
        assert data["studio"]["name"] == "studio"


def test_no_thumbnail_and_no_key_material_in_any_output(signed):
    pki, _, files = signed
    secrets = [p.read_bytes() for p in (pki.root / "keys").glob("*.key")]
    raw = [load_key(p).key.private_bytes_raw() for p in (pki.root / "keys").glob("*.key")]
    for path in (pki.root.parent / "out").rglob("*"):
        data = path.read_bytes()
        assert not any(s in data for s in secrets + raw) and b"PRIVATE KEY" not in data
    import c2pa
    for path in files.values():
        manifest = c2pa.Reader(str(path)).get_active_manifest()
        assert "thumbnail" not in manifest, path


def test_a_draft_is_marked_as_a_draft(project, tmp_path):
    make_pki(project)
    script = project.script("d.md", front=FRONT)
    run = script_posters(load(script, project.proj), ["a3"], project=project.proj,
                         out=tmp_path / "o", formats=("png",), scale=0.08, allow_draft=True)
    verdict = json.loads(studio_verify(run.outputs[0], root=project.root).stdout)[0]
    assert verdict["draft"] is True and verdict["approver"] is None
    assert c2pa_read(run.outputs[0], (project.root / "approvers/ca.pem").read_text())[1]["draft"]


def _png_with_text_chunk(path):
    data = path.read_bytes()
    body = b"tEXt" + b"Comment\x00edited"
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    path.write_bytes(data[:-12] + chunk + data[-12:])


def _jpeg_with_comment(path):
    data = path.read_bytes()
    segment = b"\xff\xfe" + struct.pack(">H", 2 + 6) + b"edited"
    cut = data.rfind(b"\xff\xda")  # a comment just before the scan, after the credentials
    path.write_bytes(data[:cut] + segment + data[cut:])


def _pdf_retitled(path):
    data = path.read_bytes()
    assert b"/Producer(studio)" in data
    path.write_bytes(data.replace(b"/Producer(studio)", b"/Producer(forgd)"))


TAG_EDITS = {".png": _png_with_text_chunk, ".jpg": _jpeg_with_comment, ".pdf": _pdf_retitled}


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".pdf"])
@pytest.mark.parametrize("tamper", ["byte", "tag", "strip"])
def test_tampering_with_a_poster_is_caught_by_studio_and_by_c2pa(signed, suffix, tamper):
    pki, _, files = signed
    path = files[suffix]
    if tamper == "byte":
        flip_byte(path)
    elif tamper == "tag":
        TAG_EDITS[suffix](path)
    elif suffix == ".pdf":  # the same poster saved again as a PDF without its credentials
        with Image.open(files[".png"]) as img:
            write_pdf(img.convert("RGB"), path, dpi=72)
    else:
        with Image.open(path) as img:
            img.load()
            img.save(path, "PNG" if suffix == ".png" else "JPEG")
    result = studio_verify(path, root=pki.root)
    assert result.exit_code == 1, result.stdout
    # c2pa finds no credentials at all in a PDF whose objects were edited after signing
    lost = tamper == "strip" or (tamper == "tag" and suffix == ".pdf")
    assert states(result) == ["unsigned" if lost else "tampered"]
    assert c2pa_read(path, pki.anchors)[0] in (None, "Invalid")


def test_credentials_from_another_ca_are_untrusted(project, tmp_path):
    make_pki(project)
    key = foreign_key(tmp_path)
    settings(project.root, signing_key=str(key))
    script = project.script("s.md", front=FRONT)
    run = script_posters(load(script, project.proj), ["a3"], project=project.proj,
                         out=tmp_path / "o", formats=("png",), scale=0.08, allow_draft=True)
    result = studio_verify(run.outputs[0], root=project.root)
    assert result.exit_code == 1 and states(result) == ["untrusted"]
    assert c2pa_read(run.outputs[0], (project.root / "approvers/ca.pem").read_text())[0] == "Valid"


def test_an_expired_signing_certificate_is_refused_and_one_expired_since_is_caught(
        project, tmp_path):
    import time
    pki = make_pki(project)
    script = project.script("s.md", front=FRONT)
    approve(script, None, None, project.proj, key=pki.approver_key)
    expired = foreign_key(tmp_path / "a", own_ca=False, pki=pki,
                          end=utcnow() - dt.timedelta(days=1))
    settings(project.root, signing_key=str(expired))
    with pytest.raises(ProvenanceError, match="cannot embed Content Credentials"):
        posters(script, project, tmp_path / "o1")
    assert not list((tmp_path / "o1").glob("*.png"))
    settings(project.root)  # the poster made unsigned, then signed by a key about to expire
    png = posters(script, project, tmp_path / "o2")[".png"]
    end = utcnow().replace(microsecond=0) + dt.timedelta(seconds=2)
    soon = foreign_key(tmp_path / "b", own_ca=False, pki=pki, end=end)
    settings(project.root, signing_key=str(soon))
    assert sign_output(png, claim(load(script, project.proj), FINAL, project.proj))
    while utcnow() < end + dt.timedelta(seconds=2):
        time.sleep(0.5)
    result = studio_verify(png, root=project.root)
    assert result.exit_code == 1 and "expired" in result.stdout, result.stdout
    assert c2pa_read(png, pki.anchors)[0] == "Invalid"


def test_a_revoked_approver_makes_every_output_fail_verification(signed):
    pki, _, files = signed
    (pki.root / "approvers" / "nguyen-van-an.pem").unlink()
    result = studio_verify(files[".png"], root=pki.root)
    assert result.exit_code == 1 and "revoked" in result.stdout
    state, data = c2pa_read(files[".png"], pki.anchors)
    assert state == "Trusted" and not approver_still_trusted(data, pki.root)


def test_an_output_of_an_edited_script_no_longer_matches_it(signed, project):
    pki, script, files = signed
    text = script.read_text(encoding="utf-8")
    script.write_text(text.replace("Xin chào bà con.", "Xin chào mọi người."), encoding="utf-8")
    assert run_cli("verify", script, "--project", pki.root).exit_code == 1
    _, data = c2pa_read(files[".png"], pki.anchors)
    assert data["script"]["checksum"] != load(script, project.proj).checksum


# --- unsigned projects ----------------------------------------------------------------------

def test_without_a_key_outputs_stay_unsigned_and_verify_says_so(project, tmp_path):
    script = project.approved("s.md", front=FRONT).path
    files = posters(script, project, tmp_path / "o")
    assert all(b"jumb" not in p.read_bytes() for p in files.values())
    result = studio_verify(*files.values(), root=project.root)
    assert result.exit_code == 1 and set(states(result)) == {"unsigned"}


def test_a_project_requiring_signed_outputs_without_a_key_writes_nothing(project):
    settings(project.root, require_signed_outputs=True)
    script = project.approved("s.md", front=FRONT).path
    result = run_cli("poster", script, "--project", project.root)
    assert result.exit_code == 2 and len(error_lines(result)) == 1
    assert "requires signed outputs" in result.stderr
    assert not (project.root / "outputs").exists()


def test_a_missing_library_is_one_line_naming_the_extra(project, monkeypatch):
    make_pki(project)
    monkeypatch.setitem(sys.modules, "c2pa", None)
    shutil.copy(project.root / "approvers" / "ca.pem", project.root / "x.png")
    result = run_cli("verify", project.root / "x.png", "--project", project.root)
    assert result.exit_code == 2
    assert error_lines(result) == ["error: signing and verifying need the 'c2pa' library, "
                                   "which is not installed — pip install \"studio[provenance]\""]


def test_check_prints_who_signed_and_refuses_an_approval_that_does_not_hold(project):
    pki = make_pki(project)
    script = project.script("s.md", front=FRONT)
    approve(script, None, None, project.proj, key=pki.approver_key)
    result = run_cli("check", script, "--project", project.root)
    assert result.exit_code == 0
    assert f"approved by {APPROVER}, signed with {APPROVER} (UBND xã Hữu Lũng) sha256:" \
        in result.stdout
    (project.root / "approvers" / "nguyen-van-an.pem").unlink()
    result = run_cli("check", script, "--project", project.root)
    assert result.exit_code == 2 and "revoked" in error_lines(result)[0]


def test_verify_of_a_file_that_is_not_there_is_one_line(project):
    make_pki(project)
    result = run_cli("verify", project.root / "outputs" / "x.mp4", "--project", project.root)
    assert result.exit_code == 2 and len(error_lines(result)) == 1
    assert "file to verify not found" in result.stderr


def test_a_configured_key_that_cannot_open_stops_before_any_render(project, monkeypatch):
    make_pki(project)
    script = project.approved("s.md", front=FRONT).path
    (project.root / "keys" / "may-dung-xa-huu-lung.key").write_text("hỏng", encoding="utf-8")
    result = run_cli("poster", script, "--project", project.root)
    assert result.exit_code == 2 and "signing key cannot be opened" in result.stderr
    assert not (project.root / "outputs").exists()


def test_the_keys_commands_make_a_passphrase_protected_approver(project):
    ca = run_cli("keys", "ca", "--org", "Sở TTTT tỉnh Cao Bằng", "--project", project.root)
    assert ca.exit_code == 0 and "approvers/ca.pem" in ca.stdout
    made = run_cli("keys", "new", "--name", "Lò Văn Páo", "--org", "UBND xã", "--passphrase",
                   "--project", project.root, input="bí mật\nbí mật\n")
    assert made.exit_code == 0, made.stderr
    key = project.root / "keys" / "lo-van-pao.key"
    assert b"ENCRYPTED" in key.read_bytes() and "bí mật".encode() not in key.read_bytes()
    script = project.script("s.md", front=FRONT)
    refused = run_cli("approve", script, "--key", key, "--project", project.root)
    assert refused.exit_code == 2 and error_lines(refused) == [
        f"error: {key}: approver key is protected by a passphrase — give it: "
        "STUDIO_KEY_PASSPHRASE"]
    signed = run_cli("approve", script, "--key", key, "--passphrase", "--project",
                     project.root, input="bí mật\n")
    assert signed.exit_code == 0 and "signed with Lò Văn Páo (UBND xã)" in signed.stdout


def test_a_checksum_only_approval_is_named_unsigned_in_trusted_credentials(project, tmp_path):
    make_pki(project)
    script = project.approved("s.md", front=FRONT).path
    png = posters(script, project, tmp_path / "o")[".png"]
    result = run_cli("verify", png, "--project", project.root)
    assert result.exit_code == 0 and "(checksum only, unsigned)" in result.stdout
