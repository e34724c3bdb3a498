"""The optional provenance libraries: imported only when signing or verifying, and a
one-line error naming the extra to install when they are missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from studio.errors import StudioError

EXTRA = "studio[provenance]"


class ProvenanceError(StudioError):
    """A key, certificate, signature or Content Credential is missing, wrong or untrusted."""


def need(module: str) -> ModuleType:
    """`module` imported, or one line saying which extra brings it (pip-only installs)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ProvenanceError(f"signing and verifying need the '{module.split('.')[0]}' "
                              "library, which is not installed",
                              hint=f"pip install \"{EXTRA}\"") from None
