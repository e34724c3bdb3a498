"""Tables people keep in Excel: one reader for CSV (as Excel saves it) and XLSX, used by the
poster variants and by campaigns in the script model.

A `Table` is its columns as typed and its rows as (line, {column: cell}) — the line is the
spreadsheet row number, so errors point where a person looks.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import AssetError
from studio.project import FileKind, read_file_bytes
from studio.text import nfc

# A poster for every commune of the largest province ten times over, ~5 minutes of drawing in
# one template on a 2-core PC; a longer list is a mistake (or wants splitting).
MAX_ROWS = 5000
MAX_DATA_BYTES = 20_000_000  # 5,000 rows of 4 KB each; refused before reading a byte
DATA_FILE = FileKind("data file", max_bytes=MAX_DATA_BYTES,
                     too_large=f"split it into files of at most {MAX_ROWS:,} rows")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Table:
    """A data file's columns (stripped, as typed) and its non-empty rows with their lines."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...] = field(hash=False)
    sha256: str = ""  # of the file's bytes: what an approval of a campaign signs


def column_key(name: str) -> str:
    """How a header is compared: NFC, case and spaces (and underscores) ignored, as Excel
    users type `Số điện thoại `, `so_dien_thoai` or `SỐ ĐIỆN THOẠI`."""
    return "".join(ch for ch in nfc(name).casefold() if not ch.isspace() and ch != "_")


def match_column(name: str, columns: tuple[str, ...] | list[str]) -> str | None:
    """The column `name` means, whatever its case and spaces, or None."""
    wanted = column_key(name)
    return next((column for column in columns if column_key(column) == wanted), None)


def read_table(path: Path) -> Table:
    """The table in a CSV or XLSX file, refusing one larger than any campaign needs before
    the work starts."""
    data = read_file_bytes(path, DATA_FILE)
    if path.suffix.lower() in XLSX_SUFFIXES:
        columns, rows = _xlsx_rows(path, data)
    else:
        columns, rows = _csv_rows(path, data)
    if not columns or not rows:
        raise AssetError("data file has no rows", file=path,
                         hint="put column names in the first row and one row per variant")
    return Table(path, tuple(columns), tuple(rows), hashlib.sha256(data).hexdigest())


def _clean(cells: dict) -> dict[str, str]:
    """Header → NFC cell text, stripped (numbers as Excel shows them: 1900 not 1900.0)."""
    out = {}
    for key, value in cells.items():
        if key is None or value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out[str(key).strip()] = nfc(str(value).strip())
    return out


def _csv_rows(path: Path, data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Columns and rows of a CSV: UTF-8 with or without Excel's BOM, comma, semicolon or tab."""
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
            clean = _clean({k: v for k, v in row.items() if isinstance(v, str)})
            if any(clean.values()):
                rows.append((reader.line_num, clean))
                refuse_many(path, len(rows), reader.line_num)
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KB field limit
        raise AssetError(f"cannot read data file: {exc}", file=path,
                         line=reader.reader.line_num,
                         hint="check the quotes on this line; save it as CSV UTF-8") from None
    return columns, rows


def _xlsx_rows(path: Path, data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Columns and rows of the first sheet of an Excel workbook (values, not formulas)."""
    import zipfile

    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise AssetError(f"cannot read the workbook: {exc}", file=path,
                         hint="save it again from Excel as .xlsx, or as CSV UTF-8") from None
    try:
        sheet = book.worksheets[0]
        found = sheet.iter_rows(values_only=True)
        header = next(found, ())
        columns = [str(c).strip() for c in header if c is not None and str(c).strip()]
        rows = []
        for line, values in enumerate(found, start=2):
            clean = _clean(dict(zip((str(c).strip() if c is not None else None
                                     for c in header), values)))
            if any(clean.values()):
                rows.append((line, clean))
                refuse_many(path, len(rows), line)
    finally:
        book.close()
    return columns, rows


def refuse_many(path: Path, count: int, line: int) -> None:
    """Past MAX_ROWS rows, stop reading: the error names the first row too many."""
    if count > MAX_ROWS:
        raise AssetError(f"data file has more than {MAX_ROWS:,} rows", file=path, line=line,
                         hint=f"split it into files of at most {MAX_ROWS:,} rows")
