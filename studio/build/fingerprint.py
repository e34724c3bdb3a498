"""Content fingerprints of a target's inputs, so a build redoes only what changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from studio import __version__

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks (videos can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class HashCache:
    """File hashes keyed by (path, size, mtime): content is re-read only when a file's stat
    changes, so a no-op build stays fast; the decision is still made on content."""

    def __init__(self, known: dict[str, list] | None = None) -> None:
        self.known: dict[str, list] = dict(known or {})

    def sha256(self, path: Path) -> str:
        stat = path.stat()
        key = str(path)
        entry = self.known.get(key)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            return entry[2]
        digest = file_sha256(path)
        self.known[key] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest


def options_hash(options: dict) -> str:
    """Stable hash of render options (format, profile, engine…)."""
    text = json.dumps(options, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint(inputs: dict[str, str]) -> str:
    """One hash over every labelled input hash, plus the studio version."""
    payload = json.dumps({"inputs": inputs, "studio": __version__}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def reasons(old: dict[str, str] | None, new: dict[str, str], old_version: str | None) -> list[str]:
    """Why a target must be rebuilt, in words ('asset images/a.jpg changed', …)."""
    if old is None:
        return ["never built"]
    why = []
    if old_version != __version__:
        why.append(f"studio version changed ({old_version} → {__version__})")
    for label in sorted(set(old) | set(new)):
        if old.get(label) != new.get(label):
            if label not in old:
                why.append(f"{label} added")
            elif label not in new:
                why.append(f"{label} removed")
            else:
                why.append(f"{label} changed")
    return why
