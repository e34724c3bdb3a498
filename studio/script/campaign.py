"""Campaigns: one approved script, one variant per row of a data file (`variants:`).

`{xa}`, `{hotline}`… in the script's text are filled from the row; a variant is a plain
`Script` (values over mutation), so every product renders it unchanged. The substitution
walks every text field of the script generically, so a block added later gets it too.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from studio.errors import ScriptError, StudioError, setting
from studio.script.model import Campaign, Script, ScriptVariant
from studio.tables import Table, column_key, match_column, read_table
from studio.text import did_you_mean, slugify

PLACEHOLDER = re.compile(r"\{([^\W\d][\w ]{0,39})\}")
DATA_SUFFIXES = {".csv", ".xlsx", ".xlsm"}
CAMPAIGN_KEYS = ("data", "key")
# What identifies or configures the script rather than being read or shown: never filled in.
NOT_TEXT = frozenset({"path", "id", "lang", "priority", "checksum", "approval", "key_lines",
                      "targets", "voice", "video", "music", "logo", "campaign", "variant",
                      "date", "warnings", "line", "index", "visual", "recording", "image"})


def text_fields(value: object) -> Iterator[str]:
    """Every text a script shows or speaks (title, narration, headlines, poster block, …)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from text_fields(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in NOT_TEXT:
                yield from text_fields(getattr(value, f.name))


def fill(value: object, cells: dict[str, str]) -> object:
    """`value` with each `{column}` replaced by the row's cell (cells keyed by column_key)."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: cells.get(column_key(m.group(1)), m.group(0)), value) \
            if "{" in value else value
    if isinstance(value, tuple):
        return tuple(fill(item, cells) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: fill(getattr(value, f.name), cells)
                   for f in dataclasses.fields(value) if f.name not in NOT_TEXT and f.init}
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return dataclasses.replace(value, **changed) if changed else value
    return value


def placeholders(script: Script) -> list[str]:
    """The placeholder names the script's text uses, in order of first use."""
    return list(dict.fromkeys(m.group(1) for text in text_fields(script)
                              for m in PLACEHOLDER.finditer(text)))


def line_of(name: str, lines: list[str], default: int | None) -> int | None:
    """The first line of the script file where `{name}` is written."""
    token = "{" + name + "}"
    return next((n for n, text in enumerate(lines, start=1) if token in text), default)


def campaign_of(script: Script, data: Path, key: str, line: int | None,
                source_lines: list[str]) -> Campaign:
    """Read the data file and check it against the script: the key column exists, every
    placeholder names a column, every row has a key of its own and every cell it needs."""
    table = read_table(data)
    key_column = match_column(key, table.columns)
    if key_column is None:
        raise ScriptError(f"column '{key}' is missing (the script's variants key)",
                          file=data, line=1,
                          hint=f"add a column '{key}', or set 'variants.key' to one of its "
                               f"columns ({', '.join(table.columns)})")
    used = []
    for name in placeholders(script):
        column = match_column(name, table.columns)
        if column is None:
            raise ScriptError(f"unknown placeholder '{{{name}}}': {data.name} has no column "
                              f"'{name}'", file=script.path,
                              line=line_of(name, source_lines, line),
                              hint=did_you_mean(name, list(table.columns)))
        used.append(column)
    check_rows(table, key_column, used)
    return Campaign(data=data, key=key_column, sha256=table.sha256, columns=table.columns,
                    rows=table.rows, placeholders=tuple(dict.fromkeys(used)), line=line)


def check_rows(table: Table, key_column: str, used: Iterable[str]) -> None:
    """Each row: a key, not another row's (as folder names compare), and every cell a
    placeholder needs."""
    seen: dict[str, tuple[int, str]] = {}
    needed = list(dict.fromkeys([key_column, *used]))
    for line, cells in table.rows:
        key = cells.get(key_column, "")
        for column in needed:
            if not cells.get(column):
                what = ("every row needs its key" if column == key_column
                        else f"the script's {{{column}}} needs it")
                row = f"row '{key}'" if key else "the row"
                raise ScriptError(f"{row} has no value in column '{column}' ({what})",
                                  file=table.path, line=line,
                                  hint="fill in the cell, or remove the row")
        slug = slugify(key, fallback="")
        if not slug:
            raise ScriptError(f"key '{key}' in column '{key_column}' has no letters or digits "
                              "to name its folder", file=table.path, line=line,
                              hint="write the commune's name")
        if slug in seen:
            raise duplicate_key(table.path, line, key, key_column, *seen[slug], slug)
        seen[slug] = (line, key)


def duplicate_key(data: Path, line: int, key: str, column: str, first_line: int, first: str,
                  slug: str) -> ScriptError:
    """A row whose key another row has — or one whose folder name would be the other's
    (keys that differ only in their marks, 'Tân Thanh' and 'Tân Thành')."""
    if column_key(key) == column_key(first):
        return ScriptError(f"key '{key}' in column '{column}' repeats line {first_line}",
                           file=data, line=line,
                           hint="give each row its own key, or remove the copy")
    return ScriptError(f"key '{key}' in column '{column}' would share the folder '{slug}' "
                       f"with '{first}' (line {first_line})", file=data, line=line,
                       hint="add a word to one of them, e.g. the district's name")


def variant(script: Script, line: int, cells: dict[str, str]) -> Script:
    """The plain script of one row: its text filled in, its variant recorded."""
    campaign = script.campaign
    keyed = {column_key(k): v for k, v in cells.items()}
    key = cells[campaign.key]
    filled = fill(script, keyed)
    return dataclasses.replace(filled, campaign=None, variant=ScriptVariant(
        key=key, slug=slugify(key), column=campaign.key,
        values=tuple((c, cells.get(c, "")) for c in campaign.columns),
        data=campaign.data, line=line, text_sha256=campaign.text_sha256))


def expand(script: Script, only: Iterable[str] | None = None) -> tuple[Script, ...]:
    """The script itself, or for a campaign one script per row (`only`: just these keys)."""
    if script.campaign is None:
        return (script,)
    rows = script.campaign.rows
    if only is not None:
        rows = select_rows(script, only)
    return tuple(variant(script, line, cells) for line, cells in rows)


@functools.lru_cache(maxsize=8)
def row_index(campaign: Campaign) -> dict[str, tuple[int, dict[str, str]]]:
    """Each row by its key as compared (case and spaces aside) and by its slug, built once
    per campaign: a worker fills in one row per target, among thousands."""
    index: dict[str, tuple[int, dict[str, str]]] = {}
    for line, cells in campaign.rows:
        key = cells[campaign.key]
        index.setdefault(column_key(key), (line, cells))
        index.setdefault(slugify(key), (line, cells))
    return index


def find_row(campaign: Campaign, wanted: str) -> tuple[int, dict[str, str]] | None:
    """The row `wanted` names: its key as written (case and spaces aside), or its folder's
    slug — not a key that differs in its marks ('Tân Thành' is another commune than
    'Tân Thanh'); None if no row."""
    index = row_index(campaign)
    return index.get(column_key(wanted)) or index.get(wanted.strip())


def select_rows(script: Script, only: Iterable[str]) -> tuple[tuple[int, dict], ...]:
    """The rows whose key (or its slug) is one of `only`; an unknown key is an error."""
    campaign = script.campaign
    picked = []
    for wanted in only:
        found = find_row(campaign, wanted)
        if found is None:
            raise StudioError(f"{setting('only')} '{wanted}' is not a key of "
                              f"{campaign.data.name}", file=script.path, line=campaign.line,
                              hint=did_you_mean(wanted, [c[campaign.key]
                                                         for _, c in campaign.rows]))
        picked.append(found)
    return tuple({line: (line, cells) for line, cells in picked}.values())


def has_key(script: Script, wanted: str) -> bool:
    """Whether a campaign has a row whose key (or its slug) is `wanted`."""
    return find_row(script.campaign, wanted) is not None


def wanted_keys(script: Script, only: Iterable[str] | None) -> list[str] | None:
    """Of `only`, the keys this campaign has (None: every row)."""
    return None if only is None else [key for key in only if has_key(script, key)]
