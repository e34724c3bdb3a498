"""The approval checksum: what exactly an approver signed off, and who and when."""

from __future__ import annotations

import hashlib
import json
from typing import Any

def signed_front_matter(front_matter: dict[str, Any]) -> dict[str, Any]:
    """Every front-matter key, the approval record without its own checksum (nor the
    signature, which signs this checksum): editing who approved (`by:`) or when (`on:`) by
    hand must make the script stale too."""
    approval = front_matter.get("approval")
    if not isinstance(approval, dict):
        return dict(front_matter)
    return {**front_matter,
            "approval": {k: v for k, v in approval.items() if k not in ("checksum", "signature")}}


def script_checksum(front_matter: dict[str, Any], body: str,
                    data_sha256: str | None = None) -> str:
    """`sha256:…` over the signed front matter and the NFC body — and for a campaign the
    content of its data file, so approving the script approves every row and changing a
    row makes it stale."""
    signed = {"front_matter": signed_front_matter(front_matter), "body": body.strip()}
    if data_sha256 is not None:
        signed["data"] = data_sha256
    payload = json.dumps(signed, sort_keys=True, ensure_ascii=False,
                         default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()
