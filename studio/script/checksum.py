"""The approval checksum: what exactly an approver signed off."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def script_checksum(front_matter: dict[str, Any], body: str) -> str:
    """`sha256:…` over every front-matter key but `approval`, and the NFC body."""
    signed = {k: v for k, v in front_matter.items() if k != "approval"}
    payload = json.dumps({"front_matter": signed, "body": body.strip()}, sort_keys=True,
                         ensure_ascii=False, default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()
