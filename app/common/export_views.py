"""The export of a list (app.common.export): every row the list's search matches, in
the list's order, within the user's scope, as CSV or XLSX. Anyone who may read the
list may export it."""

from collections.abc import Callable, Iterator
from typing import Any

from flask import Response, abort, stream_with_context
from flask_appbuilder import expose, has_access

from app.common.clock import today
from app.common.export import csv_lines, file_chunks, xlsx_file

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows fetched from the database at a time.
EXPORT_BATCH = 1000


class Exporting:
    """Mixin for a PortalModelView. Subclasses set ``export_columns`` (dotted names
    allowed, labelled by ``label_columns``), and may set ``export_formatters`` (column
    -> function of the value) and ``export_options`` (loader options, e.g. selectinload
    of a column the rows would otherwise load one by one)."""

    export_columns: list[str]
    # A formatter may return an enum member: its label is then translated once per file.
    export_formatters: dict[str, Callable[[Any], Any]] = {}
    # Headers that differ from the list's (e.g. a number where the list shows a badge).
    export_labels: dict[str, Any] = {}
    export_options: tuple = ()
    export_name: str

    def _init_properties(self) -> None:
        super()._init_properties()
        self.offer_to_templates(export_formats=("csv", "xlsx"))

    @expose("/export/<string:file_format>")
    @has_access
    def export(self, file_format: str):
        if file_format not in ("csv", "xlsx"):
            abort(404)
        labels = {**self.label_columns, **self.export_labels}
        header = [str(labels.get(column, column)) for column in self.export_columns]
        name = f"{self.export_name}-{today():%Y-%m-%d}.{file_format}"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        if file_format == "csv":
            lines = stream_with_context(csv_lines(header, self._export_rows()))
            return Response(lines, mimetype="text/csv", headers=disposition)
        path = xlsx_file(header, self._export_rows(), title=self.export_name)
        return Response(file_chunks(path), mimetype=XLSX_TYPE, headers=disposition)

    def _export_rows(self) -> Iterator[list[Any]]:
        query = self.matching_query(self.datamodel.obj, ordered=True)
        cells = [
            (column.split("."), self.export_formatters.get(column))
            for column in self.export_columns
        ]
        for item in query.options(*self.export_options).yield_per(EXPORT_BATCH):
            yield [_value_at(item, path, formatter) for path, formatter in cells]


def _value_at(item: Any, path: list[str], formatter: Callable[[Any], Any] | None) -> Any:
    value = item
    for part in path:
        value = getattr(value, part, None) if value is not None else None
    return formatter(value) if formatter and value is not None else value
