"""The pronunciation lexicon: `written<TAB>spoken` lines users can edit without code.

The shipped `assets/lexicon/<lang>.tsv` is read first; a project's `lexicon/<lang>.tsv`
overrides entries with the same written form and adds new ones.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import ScriptError
from studio.resources import builtin_assets
from studio.text import nfc

PROJECT_SUBDIR = "lexicon"


@dataclass(frozen=True)
class Lexicon:
    """Written forms (case-sensitive, matched as whole words) and how to say them."""

    entries: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """One regex for every entry, longest first so "QĐ-TTg" wins over "QĐ"."""
        if not self.entries:
            return None
        keys = sorted(self.entries, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")

    def merged(self, other: "Lexicon") -> "Lexicon":
        """This lexicon with `other`'s entries added on top (other wins)."""
        return Lexicon({**self.entries, **other.entries})

    def dotted(self) -> frozenset[str]:
        """Lower-case entries ending in '.', without it ("tp"), for sentence splitting."""
        return frozenset(k[:-1].lower() for k in self.entries
                         if k.endswith(".") and "." not in k[:-1] and " " not in k)


def parse_lexicon(text: str, source: str | Path = "<lexicon>") -> Lexicon:
    """Parse TSV text: `written<TAB>spoken`; blank lines and `#` comments are skipped."""
    entries: dict[str, str] = {}
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [c.strip() for c in line.split("\t")]
        if len(columns) < 2 or not columns[0] or not columns[1]:
            raise ScriptError("a lexicon line needs a written form, a TAB, then the spoken "
                              "form", file=source, line=number,
                              hint="e.g. 'UBND<TAB>Ủy ban nhân dân'")
        entries[columns[0]] = columns[1]
    return Lexicon(entries)


def read_lexicon(path: Path) -> Lexicon:
    """The lexicon in `path` (empty if there is no such file)."""
    if not path.is_file():
        return Lexicon()
    try:
        return parse_lexicon(path.read_text(encoding="utf-8-sig"), path)
    except UnicodeDecodeError:
        raise ScriptError("lexicon is not UTF-8", file=path,
                          hint="save it as UTF-8 (Notepad: Save As → Encoding UTF-8)") from None


def builtin_path(lang: str) -> Path:
    return builtin_assets() / "lexicon" / f"{lang}.tsv"


def project_path(lang: str, project_root: str | Path) -> Path:
    """Where a project keeps its own lexicon: `<project>/lexicon/<lang>.tsv`."""
    return Path(project_root) / PROJECT_SUBDIR / f"{lang}.tsv"


def load_lexicon(lang: str, project_root: str | Path | None = None) -> Lexicon:
    """The shipped lexicon for `lang`, overridden and extended by the project's."""
    lexicon = read_lexicon(builtin_path(lang))
    if project_root is not None:
        own = project_path(lang, project_root)
        if own.resolve() != builtin_path(lang).resolve():
            lexicon = lexicon.merged(read_lexicon(own))
    return lexicon
