"""A signed project for provenance tests: a CA, an approver and a build key made with the
library (Ed25519: fast), the project settings naming the build key, and c2pa's own Reader
as the independent check."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import c2pa

from studio.provenance import certs
from studio.provenance.keys import _write_private, chain_path, new_approver, new_ca
from studio.provenance.trust import load_trust

APPROVER = "Nguyễn Văn An"
ORG = "UBND xã Hữu Lũng"


@dataclass(frozen=True)
class Pki:
    root: Path
    approver_key: Path
    build_key: Path

    @property
    def anchors(self) -> str:
        """The project's published roots, as any C2PA reader takes them."""
        return (self.root / "approvers" / "ca.pem").read_text(encoding="utf-8")


def settings(root: Path, **values) -> None:
    """Write studio.toml's [provenance] table."""
    lines = ["[provenance]"] + [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    (root / "studio.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_pki(maker, *, signing: bool = True, **more) -> Pki:
    """CA, approver and build key in `maker`'s project; the build key configured."""
    proj = maker.proj
    new_ca(proj, "Sở Thông tin và Truyền thông tỉnh Lạng Sơn")
    approver = new_approver(proj, APPROVER, ORG)
    build = new_approver(proj, "Máy dựng xã Hữu Lũng", ORG)
    if signing:
        settings(maker.root, signing_key=f"keys/{build.key.name}", **more)
    return Pki(maker.root, approver.key, build.key)


def foreign_key(folder: Path, *, end: dt.datetime | None = None,
                own_ca: bool = True, pki: Pki | None = None) -> Path:
    """A build key whose certificate comes from another CA (or, with `pki` and
    `own_ca=False`, from the project's CA but ending at `end`)."""
    from studio.provenance.keys import load_key
    if own_ca:
        ca_key = certs.new_private_key()
        ca_cert = certs.make_ca(ca_key, certs.Identity("Kẻ giả mạo CA", "Không rõ"))
    else:
        ca = load_key(pki.root / "keys" / "ca.key")
        ca_key, ca_cert = ca.key, ca.cert
    key = certs.new_private_key()
    start = (end - dt.timedelta(days=30)) if end else None
    cert = certs.issue(ca_cert, ca_key, key.public_key(), certs.Identity("Máy lạ", "Không rõ"),
                       start=start, end=end)
    path = folder / "foreign.key"
    _write_private(path, key, None)
    chain_path(path).write_text(certs.to_pem(cert) + certs.to_pem(ca_cert), encoding="utf-8")
    return path


def c2pa_read(path: Path, anchors: str) -> tuple[str | None, dict | None]:
    """c2pa's own Reader (not studio's code): (validation state, studio's assertion)."""
    context = c2pa.Context.from_dict({"verify": {"verify_trust": True},
                                      "trust": {"user_anchors": anchors}})
    try:
        reader = c2pa.Reader(str(path), context=context)
    except c2pa.C2paError:
        return None, None
    manifest = reader.get_active_manifest() or {}
    data = next((a["data"] for a in manifest.get("assertions", [])
                 if a["label"] == "org.studio.approval"), None)
    return reader.get_validation_state(), data


def approver_still_trusted(data: dict, root: Path) -> bool:
    """Independently of studio's verify: is the approver certificate the credentials carry
    still in the project's published approvers/?"""
    pem = (data.get("approval") or {}).get("certificate")
    if not pem:
        return False
    cert = certs.from_pem(pem.encode("ascii"))[0]
    published = [certs.from_pem(p.read_bytes())[0] for p in (root / "approvers").glob("*.pem")]
    return cert in published


def flip_byte(path: Path) -> None:
    """Change one byte of the media itself, well away from the embedded manifest."""
    data = bytearray(path.read_bytes())
    start, end = data.find(b"jumb"), data.rfind(b"c2pa")
    for offset in (len(data) * 3 // 4, len(data) // 3, len(data) - 64):
        if not (start - 4096 <= offset <= end + 4096):
            break
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


__all__ = ["APPROVER", "ORG", "Pki", "approver_still_trusted", "c2pa_read", "flip_byte",
           "foreign_key", "load_trust", "make_pki", "settings"]
