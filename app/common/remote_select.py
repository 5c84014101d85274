"""Drop-downs that ask the server for their choices as the user types.

A plain FAB drop-down renders every row of the related table as an option: with a
vendor's installed base (or its thousands of accounts) that is megabytes of HTML and
most of a page's time (FAB_PITFALLS 18). These fields render only the rows already
chosen; portal_base.html turns them into Select2 boxes that query a JSON endpoint
(``choices_response``) over a ``ChoiceSource``, and a posted id is resolved through the
same scoped query, so a forged id is "Not a valid choice".
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import jsonify, request, url_for
from flask_babel import lazy_gettext as _
from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, Select
from wtforms import Field, ValidationError
from wtforms.widgets import html_params

from app.common.database import database_id
from app.extensions import db

CHOICES_PER_PAGE = 20


@dataclass(frozen=True)
class ChoiceSource:
    """The rows a type-ahead offers and how typed text finds them."""

    query: Callable[[], Select]  # the rows the current user may choose: scoped
    matches: Callable[[str], ColumnElement[bool]]
    order_by: tuple[Any, ...]
    text: Callable[[Any], str] = str

    def rows_with_ids(self, ids: Iterable[Any]) -> list[Any]:
        """Those of ``ids`` the current user may choose (anything else is dropped)."""
        ids = {pk for pk in map(database_id, ids) if pk is not None}
        if not ids:
            return []
        statement = self.query()
        model = statement.column_descriptions[0]["entity"]
        return list(db.session.scalars(statement.where(model.id.in_(ids)).order_by(*self.order_by)))


def _select_html(attributes: str, options: Iterable[tuple[Any, str]], selected: Any) -> Markup:
    rendered = "".join(
        f'<option value="{escape(str(value))}"{" selected" if value == selected else ""}>'
        f"{escape(text)}</option>"
        for value, text in options
    )
    return Markup(f"<select {attributes}>{rendered}</select>")


class RemoteSelectWidget:
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def __call__(self, field: "RemoteSelectField", **kwargs: Any) -> Markup:
        attributes = html_params(
            id=field.id,
            name=field.name,
            class_="form-control portal-remote-select",
            data_url=url_for(self.endpoint),
            data_placeholder=str(_("Type to search")),
        )
        if field.data is None:
            return _select_html(attributes, (), None)
        chosen = field.data
        return _select_html(attributes, [(chosen.id, field.source.text(chosen))], chosen.id)


class RemoteSelectField(Field):
    """Holds one ORM row chosen by id among the rows of ``source``."""

    def __init__(
        self,
        label: Any = None,
        validators: list | None = None,
        *,
        source: ChoiceSource,
        endpoint: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, widget=RemoteSelectWidget(endpoint), **kwargs)
        self.source = source
        self._invalid = False
        self._found: Any = None

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        self.data, self._invalid = None, False
        if raw:
            self.data = self._found = self._find(raw)
            self._invalid = self.data is None

    def pre_validate(self, form: Any) -> None:
        # FAB may also put a row here itself (from a _flt_ URL argument): a row that is
        # not the one read from the form is checked against the scoped query too.
        replaced = self.data is not None and self.data is not self._found
        if self._invalid or (replaced and self._find(self.data.id) is None):
            raise ValidationError(_("Not a valid choice"))

    def _find(self, pk: Any) -> Any:
        rows = self.source.rows_with_ids([pk])
        return rows[0] if rows else None

    def _value(self) -> str:
        return "" if self.data is None else str(self.data.id)


class RemoteFilterWidget:
    """A list's search-form filter as a type-ahead. Its options are only the rows the
    current URL already filters by, so that FAB's filter script can show them."""

    def __init__(self, source: ChoiceSource) -> None:
        self.source = source

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        attributes = html_params(
            name=field.name,
            class_="form-control portal-remote-select",
            data_url=url_for(".filter_choices", column=field.name),
            data_placeholder=str(_("Type to search")),
        )
        argument = re.compile(rf"_flt_\d+_{re.escape(field.name)}$")
        ids = [v for key, values in request.args.lists() if argument.match(key) for v in values]
        rows = self.source.rows_with_ids(ids)
        return _select_html(attributes, [(row.id, self.source.text(row)) for row in rows], None)


class RemoteFilterField(Field):
    """A search-form field over a table too big for a drop-down (the form is only
    rendered: FAB reads filter values from the URL, not through the field)."""

    def __init__(self, label: Any, source: ChoiceSource, **kwargs: Any) -> None:
        super().__init__(label, widget=RemoteFilterWidget(source), **kwargs)


def choices_response(source: ChoiceSource) -> Any:
    """The JSON a type-ahead asks for: a page of the rows of ``source`` matching the
    typed text (``?q=``, ``?page=`` from 1)."""
    text = request.args.get("q", "").strip()
    page = min(max(request.args.get("page", 1, type=int), 1), 1000)
    query = source.query()
    if text:
        query = query.where(source.matches(text))
    rows = db.session.scalars(
        query.order_by(*source.order_by)
        .offset((page - 1) * CHOICES_PER_PAGE)
        .limit(CHOICES_PER_PAGE + 1)
    ).all()
    return jsonify(
        results=[{"id": row.id, "text": source.text(row)} for row in rows[:CHOICES_PER_PAGE]],
        pagination={"more": len(rows) > CHOICES_PER_PAGE},
    )
