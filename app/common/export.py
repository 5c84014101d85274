"""Spreadsheet export: CSV and XLSX, written row by row so that 100,000 rows never sit
in memory, with every text cell that a spreadsheet would run as a formula neutralised
(OWASP "CSV injection": a leading = + - @, tab or carriage return)."""

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from enum import Enum
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never evaluate: a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet cell: numbers and dates stay typed, enums become their
    labels, everything else neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return neutralise(str(value) if hasattr(value, "label") else value.value)
    if isinstance(value, int | float | date | datetime):
        return value
    return neutralise(str(value))


def _each_label_once(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert``, remembering what it made of each enum member: a label's translation
    goes through Flask-Babel's request context, and a big export has millions."""
    labels: dict[tuple[type, Any], Any] = {}

    def converted(value: Any) -> Any:
        if not isinstance(value, Enum):
            return convert(value)
        key = (type(value), value)  # StrEnum members of two classes can be equal
        if key not in labels:
            labels[key] = convert(value)
        return labels[key]

    return converted


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV text in chunks (UTF-8 with a BOM, so spreadsheets detect the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(str(title)) for title in header])
    text = _each_label_once(_csv_text)
    for number, row in enumerate(rows, start=1):
        writer.writerow([text(value) for value in row])
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_text(value: Any) -> Any:
    value = cell_value(value)
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return value.isoformat() if isinstance(value, date) else value


def xlsx_file(header: list[str], rows: Iterable[list[Any]], title: str) -> str:
    """Write an XLSX workbook in openpyxl's write-only mode (rows go straight to a
    temporary file) and return its path; the caller removes it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(str(t)) for t in header])
    cell = _each_label_once(_xlsx_cell)
    for row in rows:
        sheet.append([cell(value) for value in row])
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="portal-export-")
    os.close(handle)
    workbook.save(path)
    return path


def _xlsx_cell(value: Any) -> Any:
    # XLSX cannot hold control characters (a pasted vertical tab would fail the file).
    value = cell_value(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def file_chunks(path: str, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The file's bytes in chunks; the file is removed once read (or abandoned)."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(chunk_size):
                yield chunk
    finally:
        os.unlink(path)
