"""Importing a table of records (the installed base: assets, contract lines) from CSV
or XLSX: columns mapped by header, every row checked, a dry run that reports every
problem by row and column, then all rows applied in one transaction or none.

Records are matched on a key (an asset's ID): a row for an existing record updates it
where it differs, so importing the same file twice changes nothing the second time.
Changes go through the ORM, so the audit log records each one with its old and new
values. A part of the domain describes its table with a ``TableImport`` subclass
(app.assets.importing, app.contracts.importing).
"""

import csv
import io
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, BinaryIO

from flask_babel import gettext
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.common.enums import CodedEnum

MAX_IMPORT_ROWS = 200_000
# Keys looked up per statement (bound parameters stay well under every limit).
LOOKUP_BATCH = 2_000
# The report lists this many problems; the rest are counted.
MAX_LISTED_PROBLEMS = 1_000


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class Column:
    """One column of an import: its header in the template, the attribute it sets,
    and how its text becomes a value (``parse`` raises ValueError with a message)."""

    header: str
    attribute: str
    required: bool = False
    parse: Callable[[str], Any] = str
    max_length: int | None = None


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class Row:
    number: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message))


class TableImport:
    """What one kind of record needs: its columns, its key, how rows refer to other
    records, and how a row becomes a record."""

    kind: str
    title: Any
    model: type
    columns: list[Column]

    def key(self, values: dict[str, Any]) -> Hashable:
        raise NotImplementedError

    def check_rows(
        self,
        session: Session,
        user: Any,
        rows: list[Row],
        existing: dict[Hashable, Any],
        report: ImportReport,
    ) -> None:
        """Checks across rows and against the database (duplicates, references, the
        ``existing`` records by key); may replace references in ``row.values`` by the
        ids they name. A value a cell check refused is None here."""
        raise NotImplementedError

    def existing(self, session: Session, keys: list[Hashable]) -> dict[Hashable, Any]:
        raise NotImplementedError


def run_import(
    spec: TableImport,
    session: Session,
    user: Any,
    filename: str,
    stream: BinaryIO,
    *,
    apply: bool,
) -> ImportReport:
    """Check every row of the file and, if ``apply`` and nothing is wrong, write all
    of them in the session's transaction (committed here); otherwise change nothing."""
    report = ImportReport()
    header, raw_rows = read_table(filename, stream)
    positions = _map_headers(spec, header, report)
    try:
        rows = _parse_rows(spec, positions, raw_rows, report)
    except csv.Error as error:  # e.g. a cell longer than the csv module accepts
        raise ImportFileError(
            gettext("This CSV file cannot be read: %(why)s", why=error)
        ) from error
    report.rows = len(rows)
    existing: dict[Hashable, Any] = {}
    if not any(problem.row == 1 for problem in report.problems):
        existing = spec.existing(session, [spec.key(row.values) for row in rows])
        spec.check_rows(session, user, rows, existing, report)
    if report.problems:
        report.problems.sort(key=lambda problem: problem.row)
        session.rollback()
        return report
    with session.no_autoflush:
        for row in rows:
            record = existing.get(spec.key(row.values))
            if record is None:
                report.created += 1
                if apply:
                    session.add(spec.model(**row.values))
            elif _assign_differences(record, row.values):
                report.updated += 1
            else:
                report.unchanged += 1
    if apply:
        session.commit()
        report.applied = True
    else:
        session.rollback()  # the dry run's assignments are undone
    return report


def _assign_differences(record: Any, values: dict[str, Any]) -> bool:
    changed = False
    for attribute, value in values.items():
        if getattr(record, attribute) != value:
            setattr(record, attribute, value)
            changed = True
    return changed


def _map_headers(spec: TableImport, header: list[str], report: ImportReport) -> dict[str, int]:
    """Column attribute -> position in the file, by header (case and spacing ignored;
    the attribute name is accepted too)."""

    def normal(text: str) -> str:
        return " ".join(str(text or "").replace("_", " ").split()).casefold()

    by_name = {}
    for column in spec.columns:
        by_name[normal(column.header)] = column
        by_name[normal(column.attribute)] = column
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = by_name.get(normal(title))
        if column is None:
            if str(title or "").strip():
                report.notices.append(
                    gettext("Column “%(title)s” is not imported.", title=str(title).strip())
                )
            continue
        if column.attribute in positions:
            report.problem(1, str(title), gettext("This column appears twice."))
        positions[column.attribute] = index
    for column in spec.columns:
        if column.required and column.attribute not in positions:
            report.problem(1, column.header, gettext("This required column is missing."))
    return positions


def _parse_rows(
    spec: TableImport,
    positions: dict[str, int],
    raw_rows: Iterable[list[Any]],
    report: ImportReport,
) -> list[Row]:
    rows = []
    for number, raw in enumerate(raw_rows, start=2):
        if number > 2 * MAX_IMPORT_ROWS:  # blank rows count too: a sheet is not endless
            raise ImportFileError(
                gettext("A file holds at most %(n)d rows; split it.", n=MAX_IMPORT_ROWS)
            )
        cells = [_text(cell) for cell in raw]
        if not any(cells):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ImportFileError(
                gettext("A file holds at most %(n)d rows; split it.", n=MAX_IMPORT_ROWS)
            )
        values = {}
        for column in spec.columns:
            if column.attribute not in positions:
                continue
            position = positions[column.attribute]
            text = cells[position] if position < len(cells) else ""
            values[column.attribute] = _parse_cell(column, text, number, report)
        rows.append(Row(number, values))
    return rows


def _parse_cell(column: Column, text: str, number: int, report: ImportReport) -> Any:
    if not text:
        if column.required:
            report.problem(number, column.header, gettext("Required; the cell is empty."))
        return None
    if column.max_length and len(text) > column.max_length:
        report.problem(
            number,
            column.header,
            gettext(
                "At most %(n)d characters (this has %(has)d).", n=column.max_length, has=len(text)
            ),
        )
        return None
    try:
        return column.parse(text)
    except ValueError as error:
        report.problem(number, column.header, str(error))
        return None


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_table(filename: str, stream: BinaryIO) -> tuple[list[str], Iterable[list[Any]]]:
    """The header and the rows of a CSV (comma, semicolon or tab separated; UTF-8 or
    Windows-1252) or XLSX file (its first sheet)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(gettext("This is not a readable XLSX file.")) from error
        rows = sheet.iter_rows(values_only=True)
        header = [_text(cell) for cell in next(rows, ())]
        return header, (list(row) for row in rows)
    if name.endswith(".csv"):
        content = stream.read()
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = csv.reader(io.StringIO(text), dialect)
        header = next(rows, [])
        return header, rows
    raise ImportFileError(gettext("Upload a .csv or .xlsx file."))


def unique_in_file(rows: list[Row], attribute: str, header: str, report: ImportReport) -> None:
    counts = Counter(row.values.get(attribute) for row in rows if row.values.get(attribute))
    first_row: dict[Any, int] = {}
    for row in rows:
        value = row.values.get(attribute)
        if value is None or counts[value] < 2:
            continue
        if value in first_row:
            report.problem(
                row.number,
                header,
                gettext("%(value)s is also on row %(row)d.", value=value, row=first_row[value]),
            )
        else:
            first_row[value] = row.number


def in_batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``items`` in slices of LOOKUP_BATCH, for ``IN (...)`` lookups."""
    for start in range(0, len(items), LOOKUP_BATCH):
        yield items[start : start + LOOKUP_BATCH]


def changes_customer(record: Any, account: Any) -> bool:
    """Whether a row would move an existing record (with an ``account``) to an account
    of another customer: refused, as it is in the forms and the bulk edit."""
    return (
        record is not None
        and account is not None
        and record.account.customer_id != account.customer_id
    )


# Parsers for Column.parse --------------------------------------------------------------


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(gettext("Not a date; write it as YYYY-MM-DD.")) from None


def enum_parser(enum_class: type[CodedEnum]) -> Callable[[str], CodedEnum]:
    """Accepts a member's code or its label, in any case."""

    def parse(text: str) -> CodedEnum:
        wanted = text.strip().casefold()
        for member in enum_class:
            if wanted in (member.value.casefold(), str(member.label).casefold()):
                return member
        allowed = ", ".join(str(member.label) for member in enum_class)
        raise ValueError(gettext("Not one of: %(allowed)s.", allowed=allowed))

    return parse
