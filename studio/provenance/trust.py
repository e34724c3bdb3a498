"""The trust list: CA roots and approver certificates in the project's `approvers/` (plus
any `trust` the project settings add). Taking an approver's certificate out revokes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from studio.project import Project
from studio.provenance import certs
from studio.provenance.config import load_config
from studio.provenance.keys import approvers_dir, read_pem


@dataclass(frozen=True)
class Trust:
    """The roots a certificate must come from, and the approvers still trusted."""

    roots: tuple = ()
    approvers: tuple = ()

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(certs.fingerprint(c) for c in self.approvers)

    @property
    def roots_pem(self) -> str:
        """The roots as one PEM text: what a C2PA reader takes as `trust.user_anchors`."""
        return "".join(certs.to_pem(c) for c in self.roots)

    def problem(self, cert, when: dt.datetime) -> str | None:
        """Why `cert` may not sign at `when` (not from a trusted CA, expired, revoked), or
        None when it may."""
        if not any(certs.issued_by(cert, root) for root in self.roots):
            return "its certificate was not issued by a CA this project trusts"
        if not certs.valid_at(cert, when):
            return (f"its certificate was not valid on {when:%Y-%m-%d} (valid "
                    f"{cert.not_valid_before_utc:%Y-%m-%d} to "
                    f"{cert.not_valid_after_utc:%Y-%m-%d})")
        if certs.fingerprint(cert) not in self.fingerprints:
            return "its certificate is not among the project's trusted approvers/ (revoked?)"
        return None


def pem_files(place: Path) -> list[Path]:
    """`place` itself if a file, else the .pem and .crt files in it, in name order."""
    if place.is_file():
        return [place]
    if not place.is_dir():
        return []
    return sorted(p for p in place.iterdir() if p.suffix.lower() in (".pem", ".crt")
                  and p.is_file())


def load_trust(project: Project) -> Trust:
    """Every certificate in approvers/ and the configured `trust`, split into roots and
    approvers."""
    roots, approvers = [], []
    for place in (approvers_dir(project), *load_config(project.root).trust):
        for path in pem_files(place):
            for cert in certs.from_pem(read_pem(path), str(path)):
                (roots if certs.is_ca(cert) else approvers).append(cert)
    return Trust(tuple(roots), tuple(approvers))
