"""A project's provenance settings, from the `[provenance]` table of `studio.toml` at its
root: whether approvals and outputs must be signed, the build's signing key, extra trust."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from studio.project import FileKind, read_file_bytes
from studio.provenance.need import ProvenanceError

CONFIG_FILE = "studio.toml"
TABLE = "provenance"
CONFIG = FileKind("project settings file", max_bytes=256 * 1024, error=ProvenanceError)
# setting → (type, what it means), the one table both the reader and its errors use
KEYS = {
    "require_signed_approvals": (bool, "refuse approvals made without a key"),
    "require_signed_outputs": (bool, "refuse to render without a signing key"),
    "signing_key": (str, "the build's private key (its .pem chain beside it)"),
    "trust": (list, "more CA roots or folders of them, beside approvers/"),
    "thumbnail": (bool, "embed a thumbnail in image credentials"),
}


@dataclass(frozen=True)
class ProvenanceConfig:
    """What `studio.toml` says about signing (all off when the file or table is absent)."""

    root: Path
    require_signed_approvals: bool = False
    require_signed_outputs: bool = False
    signing_key: Path | None = None
    trust: tuple[Path, ...] = ()
    thumbnail: bool = False


def _checked(table: dict, path: Path) -> dict:
    """The table's known settings, each of the right type; one line for anything else."""
    from studio.text import did_you_mean
    for key, value in table.items():
        if key not in KEYS:
            raise ProvenanceError(f"unknown setting '{key}' in [{TABLE}]", file=path,
                                  hint=did_you_mean(key, list(KEYS)))
        kind, meaning = KEYS[key]
        if not isinstance(value, kind) or (kind is list and
                                            not all(isinstance(v, str) for v in value)):
            raise ProvenanceError(f"'{key}' must be {kind.__name__} ({meaning})", file=path,
                                  hint="see docs/provenance.md")
    return table


def toml_problem(exc: Exception) -> tuple[str, int | None]:
    """(what is wrong, line) from tomllib's message, which ends '(at line L, column C)'."""
    text = str(exc)
    found = re.search(r"\s*\(at line (\d+), column \d+\)", text)
    if not found:
        return text, None
    return text[:found.start()] + text[found.end():], int(found.group(1))


def load_config(root: Path) -> ProvenanceConfig:
    """The provenance settings of the project at `root`."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return ProvenanceConfig(root)
    try:
        data = tomllib.loads(read_file_bytes(path, CONFIG).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        what, line = toml_problem(exc)
        raise ProvenanceError(f"not valid TOML: {what}", file=path, line=line,
                              hint="fix the file (it is UTF-8 TOML)") from None
    table = data.get(TABLE, {})
    if not isinstance(table, dict):
        raise ProvenanceError(f"[{TABLE}] must be a table", file=path,
                              hint="see docs/provenance.md")
    table = _checked(table, path)
    key = table.get("signing_key")
    return ProvenanceConfig(
        root=root,
        require_signed_approvals=table.get("require_signed_approvals", False),
        require_signed_outputs=table.get("require_signed_outputs", False),
        signing_key=(root / key) if key else None,
        trust=tuple(root / t for t in table.get("trust", ())),
        thumbnail=table.get("thumbnail", False))
