"""Text helpers shared by every module: NFC, ASCII slugs, did-you-mean hints, half-characters."""

from __future__ import annotations

import difflib
import re
import unicodedata

_VI_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
_SURROGATE = re.compile("[\ud800-\udfff]")
# device names Windows will not give to a file or folder ("con" is also Vietnamese for child)
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                              *(f"lpt{n}" for n in range(1, 10))})


def lone_surrogate(text: str) -> str | None:
    """The first half-character in `text` (a lone UTF-16 surrogate: what a YAML escape such
    as "\\uD800" gives, or a non-UTF-8 terminal's argument), or None — text holding one
    cannot be written as UTF-8 anywhere, so it is refused where it comes in."""
    match = _SURROGATE.search(text)
    return match.group() if match else None


def printable(text: str) -> str:
    """`text` as it can be shown in an error line: each half-character as '?'."""
    return text.encode("utf-8", "replace").decode("utf-8")


def nfc(text: str) -> str:
    """NFC-normalise, since Windows keyboards and old files often give NFD."""
    return unicodedata.normalize("NFC", text)


def fold_ascii(text: str) -> str:
    """Fold Vietnamese letters to ASCII ("quyền" → "quyen", "Đ" → "D")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_VI_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode(
        "ascii", "ignore").decode("ascii")


def slugify(text: str, *, fallback: str = "untitled") -> str:
    """ASCII slug safe in every file system: lower case, digits and single hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold_ascii(text).lower()).strip("-")
    slug = slug[:80].strip("-") or fallback
    return f"{slug}-1" if slug in WINDOWS_RESERVED else slug


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """'did you mean X?' for the closest choice, else the list of choices."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(choices)
