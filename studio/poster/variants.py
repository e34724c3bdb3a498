"""Where poster text comes from: `--set slot=value`, a CSV (one variant per row), a script.

A `Variant` is one message: slot values, a language and the stem of its output names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import AssetError, StudioError, TemplateError, setting
from studio.poster.template_model import Template
from studio.project import FileKind, Project, read_file_bytes, resolve_asset
from studio.text import did_you_mean
from studio.script.model import LANGUAGES, Script
from studio.text import nfc, slugify

SPECIAL_COLUMNS = ("id", "lang")  # a row's output name and language, not slots
# A poster for every commune of the largest province ten times over, ~5 minutes of drawing in
# one template on a 2-core PC; a longer list is a mistake (or wants splitting).
MAX_ROWS = 5000
MAX_DATA_BYTES = 20_000_000  # 5,000 rows of 4 KB each; refused before reading a byte
STEM_SLOTS = ("headline", "title", "text")  # the slot an unnamed variant is named after
DATA_FILE = FileKind("data file", max_bytes=MAX_DATA_BYTES,
                     too_large=f"split it into files of at most {MAX_ROWS:,} rows")


@dataclass(frozen=True)
class Variant:
    """One message to render: slot values (text, or image references), language, name."""

    stem: str
    values: dict[str, "str | Path"] = field(hash=False)
    lang: str = "vi"
    base: Path | None = None  # the file image references are relative to (CSV or script)
    line: int | None = None  # the CSV line, for errors


def stem_for(values: dict, fallback: str = "poster", limit: int = 50) -> str:
    """An ASCII output stem from the headline (or first text value), cut at a word."""
    for key in (*STEM_SLOTS, *values):
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            slug = slugify(value, fallback=fallback)
            if len(slug) > limit:
                slug = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] \
                    else slug[:limit]
            return slug or fallback
    return fallback


def check_lang(lang: str, *, file: Path | None = None, line: int | None = None) -> str:
    """A language code studio knows (fonts are chosen by it)."""
    if lang not in LANGUAGES:
        raise StudioError(f"unknown language '{lang}'", file=file, line=line,
                          hint=did_you_mean(lang, tuple(LANGUAGES)))
    return lang


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """`--set slot=value` pairs into a dict (values NFC; the first '=' splits)."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise StudioError(f"{setting('set')} '{pair}' is not slot=value",
                              hint='write e.g. --set headline="Chung tay vì trẻ em!"')
        values[name.strip()] = nfc(value.strip())
    return values


def variant_from_values(values: dict[str, str], *, name: str | None = None, lang: str = "vi"
                        ) -> Variant:
    """One variant from `--set` values; image paths are relative to the working folder."""
    stem = slugify(name, fallback="poster") if name else stem_for(values)
    return Variant(stem, dict(values), check_lang(lang), base=Path.cwd() / "--set")


def variant_from_script(script: Script) -> Variant:
    """The script's `poster:` block (headline defaults to the title) and its front matter."""
    poster = script.poster
    values: dict[str, str | Path] = {
        "headline": (poster.headline if poster and poster.headline else script.title),
        "title": script.title,
        "subline": poster.subline if poster else None,
        "image": poster.image if poster else None,
        "organization": script.organization,
        "program": script.program,
        "logo": script.logo,
    }
    return Variant(script.id, {k: v for k, v in values.items() if v}, script.lang,
                   base=script.path)


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Columns and (line, row) pairs of a CSV (UTF-8, Excel's BOM, comma/semicolon/tab),
    refusing one larger than any designer needs before the work starts."""
    data = read_file_bytes(path, DATA_FILE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AssetError("data file is not UTF-8 text", file=path,
                         line=data[:exc.start].count(b"\n") + 1,
                         hint="save it as CSV UTF-8") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = []
    try:
        columns = [c.strip() for c in (reader.fieldnames or []) if c is not None]
        for row in reader:
            clean = {str(k).strip(): nfc(v.strip()) for k, v in row.items()
                     if k is not None and isinstance(v, str)}
            if any(clean.values()):
                rows.append((reader.line_num, clean))
                refuse_many(path, len(rows), reader.line_num)
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KB field limit
        raise AssetError(f"cannot read data file: {exc}", file=path,
                         line=reader.reader.line_num,
                         hint="check the quotes on this line; save it as CSV UTF-8") from None
    if not columns or not rows:
        raise AssetError("data file has no rows", file=path,
                         hint="put slot names in the first row and one variant per row")
    return columns, rows


def refuse_many(path: Path, count: int, line: int) -> None:
    """Past MAX_ROWS rows, stop reading: the error names the first row too many."""
    if count > MAX_ROWS:
        raise AssetError(f"data file has more than {MAX_ROWS:,} rows", file=path, line=line,
                         hint=f"split it into files of at most {MAX_ROWS:,} rows")


def variants_from_csv(path: Path, templates: Sequence[Template], *, lang: str = "vi",
                      defaults: dict[str, str] | None = None
                      ) -> tuple[list[Variant], list[str]]:
    """One variant per CSV row; (variants, warnings). A required slot with no column (and no
    --set default) is an error naming the file and the column."""
    columns, rows = read_rows(path)
    defaults = defaults or {}
    for template in templates:
        for slot in template.required_slots:
            if slot not in columns and not defaults.get(slot):
                raise TemplateError(f"column '{slot}' is missing (template '{template.name}' "
                                    "needs it)", file=path, line=1,
                                    hint=f"add a '{slot}' column, or {setting('set')} {slot}=...")
    known = {s for t in templates for s in t.slots} | set(SPECIAL_COLUMNS)
    warnings = [f"{path}: column '{c}' is not a slot of any template; it is ignored "
                f"({did_you_mean(c, sorted(known))})" for c in columns if c not in known]
    variants, used = [], set()
    for line, row in rows:
        values = {**defaults, **{k: v for k, v in row.items() if k in known and v}}
        stem = slugify(row["id"]) if row.get("id") else stem_for(values)
        stem = unique(stem, used)
        row_lang = check_lang(row.get("lang") or lang, file=path, line=line)
        variants.append(Variant(stem, {k: v for k, v in values.items()
                                       if k not in SPECIAL_COLUMNS},
                                row_lang, base=path.resolve(), line=line))
    return variants, warnings


def unique(stem: str, used: set[str]) -> str:
    """`stem`, or `stem-2`, `stem-3`… if already used (and remember it)."""
    candidate, n = stem, 2
    while candidate in used:
        candidate, n = f"{stem}-{n}", n + 1
    used.add(candidate)
    return candidate


def bind(template: Template, variant: Variant, project: Project) -> dict[str, "str | Path"]:
    """The variant's values for `template`: image slots resolved to files (relative to the
    CSV, script or working folder, then assets/), unknown slots dropped."""
    values: dict[str, str | Path] = {}
    for name, slot in template.slots.items():
        value = variant.values.get(name)
        if not value:
            continue
        if slot.kind == "image" and not isinstance(value, Path):
            base = variant.base or project.root / "--set"
            value = resolve_asset(str(value), script_path=base, project=project,
                                  line=variant.line, field=name)
        values[name] = value
    return values


def with_line(exc: StudioError, variant: Variant) -> StudioError:
    """Point an error without a location at the CSV row it came from."""
    if exc.file is None and variant.line is not None and variant.base is not None:
        exc.file, exc.line = str(variant.base), variant.line
    return exc
