"""The base of every domain REST API: tenant scope, permissions, ordering."""

from typing import Any

from flask_appbuilder import Model
from flask_appbuilder.api import ModelRestApi
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from app.common.filters import TENANT_SCOPE
from app.common.permissions import MODEL_PERMISSIONS
from app.extensions import db
from app.security.tenant import is_scoped, request_user, scope_clause


class PortalModelRestApi(ModelRestApi):
    """Every domain API derives from this class. Subclasses must list their columns
    explicitly: FAB would otherwise expose every column (FAB_PITFALLS 14)."""

    base_filters = TENANT_SCOPE
    method_permission_name = MODEL_PERMISSIONS
    base_order: tuple[str, str] = ("id", "desc")
    page_size = 25

    def _init_properties(self) -> None:
        for attribute in ("list_columns", "show_columns", "add_columns", "edit_columns"):
            if getattr(type(self), attribute, None) is None:
                raise TypeError(f"{type(self).__name__} must declare {attribute} explicitly")
        super()._init_properties()
        # _info lists only related rows of the caller's scope.
        for attribute, columns in (
            ("add_query_rel_fields", self.add_columns),
            ("edit_query_rel_fields", self.edit_columns),
        ):
            rel_fields = getattr(self, attribute)
            for column in columns:
                if self.datamodel.is_relation(column) and is_scoped(
                    self.datamodel.get_related_model(column)
                ):
                    rel_fields.setdefault(column, TENANT_SCOPE)

    def _init_model_schemas(self) -> None:
        super()._init_model_schemas()
        # FAB requires every NOT NULL column in a POST, even one the model fills itself
        # (a ticket's origin and status): such a column may be left out.
        columns = self.datamodel.obj.__table__.columns
        for name, field in self.add_model_schema.fields.items():
            if name in columns and columns[name].default is not None:
                field.required = False

    def pre_add(self, item: Model) -> None:
        self._refuse_related_rows_out_of_scope(item, self.add_columns)

    def pre_update(self, item: Model) -> None:
        self._refuse_related_rows_out_of_scope(item, self.edit_columns)

    def _refuse_related_rows_out_of_scope(self, item: Model, columns: list[str]) -> None:
        # FAB checks a posted related id against nothing (FAB_PITFALLS 2); an id outside
        # the caller's scope is answered like an unknown one: 400, naming the field.
        for column in columns:
            if not self.datamodel.is_relation(column):
                continue
            related_model = self.datamodel.get_related_model(column)
            related = getattr(item, column)
            if related is None or not is_scoped(related_model):
                continue
            for row in related if isinstance(related, list) else [related]:
                if not _visible(related_model, row.id):
                    raise BadRequest(f"{column}: no such record ({row.id})")


def _visible(model: type, pk: Any) -> bool:
    statement = select(model.id).where(model.id == pk)
    clause = scope_clause(model, request_user())
    if clause is not None:
        statement = statement.where(clause)
    with db.session.no_autoflush:  # check before the new values reach the database
        return db.session.scalar(statement) is not None
