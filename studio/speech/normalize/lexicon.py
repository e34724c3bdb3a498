"""The pronunciation lexicon: `written<TAB>spoken[<TAB>place]` lines users can edit without code.

The shipped `assets/lexicon/<lang>.tsv` is read first; a project's `lexicon/<lang>.tsv`
overrides entries with the same written form and place, and adds new ones.

The optional third column says where an entry may be read, so a short form that means
different things is only expanded where it is unambiguous:

- (empty) anywhere, as a whole word: `UBND` → Ủy ban nhân dân;
- `code`: only inside a document number's code: `123/QĐ-BTC` → … Bộ Tài chính, while a
  bare "BTC" (often Ban Tổ chức) is left as written;
- `number`: only right before a number: `tr. 15` → trang mười lăm;
- `phone`: only right before a phone number: `ĐT: 0912…` → điện thoại …;
- `name`: what an acronym stands for; it is never said for the acronym, but an acronym in
  brackets right after its name ("Công ước Chống tra tấn (CAT)") is then read only once.
  An acronym may have several `name` lines.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import ScriptError
from studio.resources import builtin_assets
from studio.speech.normalize.symbols import ADDRESS_INITIALS, alternation
from studio.text import nfc

PROJECT_SUBDIR = "lexicon"
PLACES = ("code", "number", "phone", "name")


@dataclass(frozen=True)
class Lexicon:
    """Written forms (case-sensitive, matched as whole words) and how to say them, by place."""

    entries: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    numbered: dict[str, str] = field(default_factory=dict)
    phone_labels: dict[str, str] = field(default_factory=dict)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """One regex for every anywhere-entry, longest first so "QĐ-TTg" wins over "QĐ";
        an entry ending in "." may be glued to what follows ("Q.1", "TP.Lạng Sơn")."""
        return _pattern(self.entries, after=r"(?:(?<=\.)|(?![\w]))")

    @functools.cached_property
    def numbered_pattern(self) -> re.Pattern[str] | None:
        """The before-a-number entries, each followed by at most a space and a digit
        ("tr. 15", "QL1A")."""
        return _pattern(self.numbered, after=r"(?=\s?\d)")

    def code(self, part: str) -> str | None:
        """How a part of a document code is said: its `code` entry, else its anywhere one."""
        return self.codes.get(part, self.entries.get(part))

    def merged(self, other: "Lexicon") -> "Lexicon":
        """This lexicon with `other`'s entries added on top (other wins; names add up)."""
        names = dict(self.names)
        for key, said in other.names.items():
            names[key] = tuple(dict.fromkeys(names.get(key, ()) + said))
        return Lexicon({**self.entries, **other.entries}, {**self.codes, **other.codes},
                       {**self.numbered, **other.numbered},
                       {**self.phone_labels, **other.phone_labels}, names)

    def dotted(self) -> frozenset[str]:
        """Lower-case entries ending in '.', without it ("tp"), and the address initials
        ("x" of "X. Hữu Kiên"), for sentence splitting."""
        keys = (*self.entries, *self.numbered, *ADDRESS_INITIALS)
        return frozenset(k[:-1].lower() for k in keys
                         if k.endswith(".") and "." not in k[:-1] and " " not in k)


def _pattern(entries: dict[str, str], *, after: str) -> re.Pattern[str] | None:
    if not entries:
        return None
    return re.compile(rf"(?<![\w])(?:{alternation(entries)}){after}")


def parse_lexicon(text: str, source: str | Path = "<lexicon>") -> Lexicon:
    """Parse TSV text: `written<TAB>spoken[<TAB>place]`; blank lines and `#` comments skipped."""
    tables: dict[str, dict[str, str]] = {"": {}, "code": {}, "number": {}, "phone": {}}
    names: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [c.strip() for c in line.split("\t")]
        if len(columns) < 2 or not columns[0] or not columns[1]:
            raise ScriptError("a lexicon line needs a written form, a TAB, then the spoken "
                              "form", file=source, line=number,
                              hint="e.g. 'UBND<TAB>Ủy ban nhân dân'")
        place = columns[2] if len(columns) > 2 else ""
        if place == "name":
            names[columns[0]] = names.get(columns[0], ()) + (columns[1],)
        elif place in tables:
            tables[place][columns[0]] = columns[1]
        else:
            raise ScriptError(f"unknown place '{place}' in the third column", file=source,
                              line=number, hint="use " + ", ".join(PLACES)
                              + " or leave it empty (anywhere)")
    return Lexicon(tables[""], tables["code"], tables["number"], tables["phone"], names)


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
