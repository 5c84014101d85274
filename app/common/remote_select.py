"""A drop-down that asks the server for its choices as the user types.

A plain FAB drop-down renders every row of the related table as an option: with a
vendor's installed base that is megabytes of HTML (FAB_PITFALLS 18). This field renders
only the chosen row; portal_base.html turns it into a Select2 box that queries a JSON
endpoint (see ``choices_response``), and the posted id is resolved through the same
scoped query, so a forged id is "Not a valid choice".
"""

from collections.abc import Callable
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
        option = ""
        if field.data is not None:
            option = f'<option value="{field.data.id}" selected>{escape(str(field.data))}</option>'
        return Markup(f"<select {attributes}>{option}</select>")


class RemoteSelectField(Field):
    """Holds one ORM row chosen by id among ``query()`` (a scoped ``select`` of it)."""

    def __init__(
        self,
        label: Any = None,
        validators: list | None = None,
        *,
        query: Callable[[], Select],
        endpoint: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, widget=RemoteSelectWidget(endpoint), **kwargs)
        self.query = query
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
        pk = database_id(pk)
        if pk is None:
            return None
        statement = self.query()
        model = statement.column_descriptions[0]["entity"]
        return db.session.scalar(statement.where(model.id == pk))

    def _value(self) -> str:
        return "" if self.data is None else str(self.data.id)


def choices_response(
    query: Select, matches: Callable[[str], ColumnElement[bool]], order_by: Any
) -> Any:
    """The JSON a RemoteSelectWidget asks for: a page of rows of ``query`` matching the
    typed text (``?q=``, ``?page=`` from 1)."""
    text = request.args.get("q", "").strip()
    page = min(max(request.args.get("page", 1, type=int), 1), 1000)
    if text:
        query = query.where(matches(text))
    rows = db.session.scalars(
        query.order_by(*order_by).offset((page - 1) * CHOICES_PER_PAGE).limit(CHOICES_PER_PAGE + 1)
    ).all()
    return jsonify(
        results=[{"id": row.id, "text": str(row)} for row in rows[:CHOICES_PER_PAGE]],
        pagination={"more": len(rows) > CHOICES_PER_PAGE},
    )
