"""Provenance: approvers' keys and certificates, signed approvals, Content Credentials
(C2PA) on every output and verifying them. A shared layer under the script model and the
products; `cryptography` and `c2pa` are imported only when signing or verifying."""

from studio.provenance.credentials import Claim, sign_output
from studio.provenance.need import EXTRA, ProvenanceError

__all__ = ["EXTRA", "Claim", "ProvenanceError", "sign_output"]
