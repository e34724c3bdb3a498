"""Content Credentials: a C2PA manifest embedded in each output, signed by the build's key,
naming the organisation, the approver and their signature, the script's checksum, the
variant, whether it is a draft, and studio with its version. Signed last: after all tags."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studio import __version__
from studio.fsutil import final_name, temp_path_for
from studio.provenance.config import CONFIG_FILE, load_config
from studio.provenance.keys import LoadedKey, load_key
from studio.provenance.need import ProvenanceError, need

ASSERTION = "org.studio.approval"
MIME_TYPES = {".mp4": "video/mp4", ".mp3": "audio/mpeg", ".png": "image/png",
              ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".pdf": "application/pdf"}
CREATED = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCreation"


@dataclass(frozen=True)
class Claim:
    """What an output's credentials say about it (the approval as signed in the script)."""

    root: Path
    title: str = ""
    script_id: str | None = None
    checksum: str | None = None
    organization: str | None = None
    approval: dict[str, Any] | None = field(default=None, hash=False)
    variant: str | None = None
    draft: bool = False

    def for_variant(self, variant: str | None) -> "Claim":
        """The same claim for one variant (a CSV row's poster; a script's own is none)."""
        return replace(self, variant=None if variant == self.script_id else variant)


def mime_type(path: Path) -> str:
    """The C2PA format of an output, from its name."""
    try:
        return MIME_TYPES[path.suffix.lower()]
    except KeyError:
        raise ProvenanceError("no Content Credentials for this kind of file", file=path,
                              hint="sign MP4, MP3, PNG, JPEG or PDF outputs") from None


def studio_assertion(claim: Claim) -> dict[str, Any]:
    """The approval assertion: who approved what, as the script records it."""
    return {"organization": claim.organization, "title": claim.title,
            "script": {"id": claim.script_id, "checksum": claim.checksum},
            "variant": claim.variant, "draft": claim.draft, "approval": claim.approval,
            "studio": {"name": "studio", "version": __version__}}


def manifest_for(claim: Claim, name: str, mime: str) -> dict[str, Any]:
    """The manifest definition: created by studio, with the approval assertion."""
    agent = {"name": "studio", "version": __version__}
    return {"claim_generator_info": [agent], "title": name, "format": mime,
            "assertions": [
                {"label": "c2pa.actions", "data": {"actions": [
                    {"action": "c2pa.created", "digitalSourceType": CREATED,
                     "softwareAgent": agent}]}},
                {"label": ASSERTION, "data": studio_assertion(claim)}]}


def cose_signature(key, data: bytes) -> bytes:
    """What C2PA's COSE wants: Ed25519 as is, ECDSA as raw r‖s (not DER)."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from studio.provenance.record import sign_bytes
    signature = sign_bytes(key, data)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
        r, s = decode_dss_signature(signature)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signature


def algorithm(c2pa, key):
    """The C2PA signing algorithm for a key."""
    from cryptography.hazmat.primitives.asymmetric import ec
    return (c2pa.C2paSigningAlg.ES256 if isinstance(key, ec.EllipticCurvePrivateKey)
            else c2pa.C2paSigningAlg.ED25519)


@functools.lru_cache(maxsize=8)
def _cached_key(path: Path, stamp: int) -> LoadedKey:
    """The key, opened once per process and file version (a build signs many files)."""
    return load_key(path, what="signing key")


def signing_key(root: Path) -> LoadedKey | None:
    """The build's key from the project settings (loaded once per process), or None when
    there is none and signing is not required."""
    config = load_config(root)
    if config.signing_key is None:
        if config.require_signed_outputs:
            raise ProvenanceError("this project requires signed outputs but names no "
                                  "signing_key", file=root / CONFIG_FILE,
                                  hint="make one with 'studio keys new' and set signing_key")
        return None
    path = config.signing_key
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _cached_key(path, stamp)


_HERE = threading.local()


@contextlib.contextmanager
def signing_deferred() -> Iterator[list[tuple[Path, Claim]]]:
    """Within this block nothing is signed here: each (output, claim) a render would have
    signed is collected instead, for the coordinator of a cluster build to sign with its own
    key — a worker PC holds no key."""
    collected: list[tuple[Path, Claim]] = []
    _HERE.deferred = collected
    try:
        yield collected
    finally:
        _HERE.deferred = None


def sign_output(path: str | Path, claim: Claim) -> bool:
    """Embed signed Content Credentials in `path` in place (through a temp file and a
    rename); False when the project has no signing key (outputs stay unsigned) or the
    signing is left to a cluster's coordinator (`signing_deferred`)."""
    path = Path(path)
    deferred = getattr(_HERE, "deferred", None)
    if deferred is not None:
        deferred.append((final_name(path), claim))
        return False
    key = signing_key(claim.root)
    if key is None:
        return False
    c2pa = need("c2pa")
    mime = mime_type(path)
    thumbnail = load_config(claim.root).thumbnail
    signer = c2pa.Signer.from_callback(lambda data: cose_signature(key.key, data),
                                       algorithm(c2pa, key.key), key.chain_pem, None)
    tmp = temp_path_for(path)
    try:
        context = c2pa.Context.from_dict({"builder": {"thumbnail": {"enabled": thumbnail}}},
                                         signer=signer)
        builder = c2pa.Builder(manifest_for(claim, _public_name(path), mime), context=context)
        with open(path, "rb") as source, open(tmp, "w+b") as dest:
            builder.sign(mime, source, dest)
        os.replace(tmp, path)
    except c2pa.C2paError as exc:
        raise ProvenanceError(f"cannot embed Content Credentials: {exc}", file=path,
                              hint="check the signing key's certificate "
                                   "(docs/provenance.md)") from None
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _public_name(path: Path) -> str:
    """The output's own name, not the temp name it is being written under."""
    from studio.fsutil import TEMP_MARKER
    name = path.name
    if name.startswith(TEMP_MARKER):
        name = name[len(TEMP_MARKER):].split("-", 1)[-1]
    return name
