"""Signed approval records: an approver's key signs a small canonical JSON record (what was
approved — the content checksum — who, when, with which certificate); anyone holding the
certificate can check it."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from studio.provenance import certs
from studio.provenance.need import need
from studio.provenance.trust import Trust

def canonical(record: dict[str, Any]) -> bytes:
    """The exact bytes signed: sorted keys, no spaces, UTF-8 (Vietnamese kept as is)."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def sign_bytes(key, data: bytes) -> bytes:
    """A signature by `key` (Ed25519, or ECDSA P-256 with SHA-256)."""
    ec = need("cryptography.hazmat.primitives.asymmetric.ec")
    from cryptography.hazmat.primitives import hashes
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    return key.sign(data)


def signature_matches(cert, data: bytes, signature: bytes) -> bool:
    """Whether `signature` over `data` was made by the key `cert` certifies."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    public = cert.public_key()
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            public.verify(signature, data)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def sign_record(record: dict[str, Any], key) -> str:
    """The record's signature, base64 (what goes into the front matter)."""
    return base64.b64encode(sign_bytes(key, canonical(record))).decode("ascii")


def decode_signature(text: str) -> bytes | None:
    """The signature's bytes, or None if it is not base64 at all."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None


def record_problem(record: dict[str, Any], signature: str, cert, trust: Trust,
                   when: dt.datetime) -> str | None:
    """Why the signed approval does not hold — edited after signing, wrong key, untrusted
    certificate — or None when it does."""
    raw = decode_signature(signature)
    if record.get("key") != certs.fingerprint(cert):
        return "the approval names another certificate than the one given"
    if raw is None or not signature_matches(cert, canonical(record), raw):
        return "the approval signature does not match (edited after signing?)"
    return trust.problem(cert, when)


def signed_at(record: dict[str, Any]) -> dt.datetime:
    """When the record says it was signed (UTC), for checking the certificate then."""
    try:
        when = dt.datetime.fromisoformat(str(record.get("at")))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
