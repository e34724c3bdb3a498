"""Where poster text comes from: `--set slot=value`, a CSV (one variant per row), a script.

A `Variant` is one message: slot values, a language and the stem of its output names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import StudioError, TemplateError, setting
from studio.poster.template_model import Template
from studio.project import Project, resolve_asset
from studio.tables import MAX_ROWS, match_column, read_table  # noqa: F401 - MAX_ROWS re-exported
from studio.text import did_you_mean
from studio.script.model import LANGUAGES, Script
from studio.text import nfc, slugify

SPECIAL_COLUMNS = ("id", "lang")  # a row's output name and language, not slots
STEM_SLOTS = ("headline", "title", "text")  # the slot an unnamed variant is named after


@dataclass(frozen=True)
class Variant:
    """One message to render: slot values (text, or image references), language, name."""

    stem: str
    values: dict[str, "str | Path"] = field(hash=False)
    lang: str = "vi"
    # the file image references are relative to (CSV or script); None: typed with --set,
    # relative to the working folder
    base: Path | None = None
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


def slot_names(templates: Sequence[Template]) -> list[str]:
    """Every slot of `templates`, in order, without repeats."""
    return list(dict.fromkeys(slot for template in templates for slot in template.slots))


def match_slot(name: str, slots: Iterable[str]) -> str | None:
    """The slot `name` means, whatever its case and surrounding spaces (`Headline ` as Excel
    users type it), or None."""
    return match_column(name, list(slots))


def own_slots(values: dict[str, str], templates: Sequence[Template]) -> dict[str, str]:
    """`--set` values keyed by the slots they name; a name no template has is an error with
    a did-you-mean (as a template's own keys are), not a value silently dropped."""
    slots = slot_names(templates)
    named: dict[str, str] = {}
    for name, value in values.items():
        slot = match_slot(name, slots)
        if slot is None:
            names = ", ".join(f"'{t.name}'" for t in templates)
            which = f"template {names} has" if len(templates) == 1 else f"templates {names} have"
            raise TemplateError(f"{which} no slot '{name}'", field=setting("set"),
                                hint=did_you_mean(name, slots))
        named[slot] = value
    return named


def variant_from_values(values: dict[str, str], *, name: str | None = None, lang: str = "vi",
                        templates: Sequence[Template] = ()) -> Variant:
    """One variant from `--set` values, checked against `templates` when given; image paths
    are relative to the working folder."""
    values = own_slots(values, templates) if templates else dict(values)
    stem = slugify(name, fallback="poster") if name else stem_for(values)
    return Variant(stem, values, check_lang(lang))


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
    stem = f"{script.id}_{script.variant.slug}" if script.variant else script.id
    return Variant(stem, {k: v for k, v in values.items() if v}, script.lang,
                   base=script.path)


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Columns and (line, row) pairs of a data file (CSV as Excel saves it, or XLSX)."""
    table = read_table(path)
    return list(table.columns), list(table.rows)


def variants_from_csv(path: Path, templates: Sequence[Template], *, lang: str = "vi",
                      defaults: dict[str, str] | None = None
                      ) -> tuple[list[Variant], list[str]]:
    """One variant per CSV row; (variants, warnings). A required slot with no column (and no
    --set default) is an error naming the file and the column."""
    columns, rows = read_rows(path)
    defaults = own_slots(defaults, templates) if defaults else {}
    known = [*slot_names(templates), *SPECIAL_COLUMNS]
    named = {c: match_slot(c, known) for c in columns}  # header as typed → slot
    for template in templates:
        for slot in template.required_slots:
            if slot not in named.values() and not defaults.get(slot):
                raise TemplateError(f"column '{slot}' is missing (template '{template.name}' "
                                    "needs it)", file=path, line=1,
                                    hint=f"add a '{slot}' column, or {setting('set')} {slot}=...")
    warnings = [f"{path}: column '{c}' is not a slot of any template; it is ignored "
                f"({did_you_mean(c, sorted(known))})" for c, slot in named.items() if not slot]
    variants, used = [], set()
    for line, cells in rows:
        row = {named[k]: v for k, v in cells.items() if named.get(k)}
        values = {**defaults, **{k: v for k, v in row.items() if v}}
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
            where = (dict(script_path=variant.base, field=name) if variant.base
                     else dict(folder=Path.cwd(), field=f"{setting('set')} {name}"))
            value = resolve_asset(str(value), project=project, line=variant.line, **where)
        values[name] = value
    return values


def with_line(exc: StudioError, variant: Variant) -> StudioError:
    """Point an error without a location at the CSV row it came from."""
    if exc.file is None and variant.line is not None and variant.base is not None:
        exc.file, exc.line = str(variant.base), variant.line
    return exc
