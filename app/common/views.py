"""The base of every domain page: tenant scope, permissions, ordering, labelled enums."""

from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, request
from flask_appbuilder import ModelView, expose, has_access
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.filters import BaseFilter, Filters
from flask_appbuilder.models.sqla.filters import (
    FilterRelationManyToManyEqual,
    FilterRelationOneToManyEqual,
    FilterRelationOneToManyNotEqual,
)
from flask_appbuilder.urltools import get_filter_args, get_order_args
from flask_babel import lazy_gettext as _
from sqlalchemy import Select
from sqlalchemy.orm import Query
from wtforms import SelectField
from wtforms.validators import InputRequired, Optional

from app.common.database import database_id
from app.common.enums import CodedEnum
from app.common.filters import TENANT_SCOPE
from app.common.permissions import MODEL_PERMISSIONS
from app.common.remote_select import ChoiceSource, RemoteFilterField, choices_response
from app.security.tenant import is_scoped


class EnumSelectField(SelectField):
    """A drop-down of an enum's labels that yields enum members."""

    def __init__(
        self,
        enum_class: type[CodedEnum],
        required: bool,
        extra_validators: list | None = None,
        **kwargs: Any,
    ) -> None:
        choices = enum_class.choices() if required else [("", "")] + enum_class.choices()
        super().__init__(
            choices=choices,
            coerce=lambda value: enum_class(value) if value else None,
            validators=[InputRequired() if required else Optional(), *(extra_validators or [])],
            widget=Select2Widget(),
            **kwargs,
        )

    def pre_validate(self, form: Any) -> None:
        if self.data is not None or not self.flags.required:
            return
        super().pre_validate(form)


def _for_people(value: Any) -> Any:
    """FAB prints None, True and Python lists as such; people read blanks, Yes/No and
    comma-separated names."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} UTC"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return value


def _label_of(enum_class: type[CodedEnum]):
    def label(code: str | None) -> str:
        return "" if code is None else str(enum_class(code))

    return label


# FAB offers "Relation" and "No Relation" on a related column; people read these.
RELATION_FILTER_NAMES = {
    FilterRelationOneToManyEqual: _("Equal to"),
    FilterRelationOneToManyNotEqual: _("Not equal to"),
    FilterRelationManyToManyEqual: _("Includes"),
}


class CheckedFilters(Filters):
    """FAB's filters, where a URL argument naming a filter that does not exist
    (``_flt_7_customer_id``) is ignored instead of answering 500."""

    def add_filter_index(self, column_name: str, filter_instance_index: int, value: Any):
        if filter_instance_index < len(self._all_filters.get(column_name, ())):
            super().add_filter_index(column_name, filter_instance_index, value)


class TenantCheckedActions:
    """Actions that load their rows through the view's base filters (the tenant scope):
    FAB's load rows by id alone (FAB_PITFALLS 1) and crash on an unknown action name."""

    @expose("/action/<string:name>/<pk>", methods=["GET", "POST"])
    def action(self, name: str, pk: str):
        return self._run_action(name, [pk], single=True)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        action, pks = request.form.get("action", ""), request.form.getlist("rowid")
        return self._run_action(action, pks, single=False)

    def _run_action(self, name: str, pks: list[str], single: bool):
        if request.method != "POST":  # a GET must never change data
            abort(405)
        if name not in self.actions:
            abort(404)
        permission = self.get_action_permission_name(name)
        if not self.appbuilder.sm.has_access(permission, self.class_permission_name):
            flash(_("Access is denied."), "danger")
            return redirect(self.get_redirect())
        # All or nothing: one row out of reach refuses the whole request. One query
        # for all rows, through the base filters.
        ids = {database_id(pk) for pk in pks}
        if not ids or None in ids or len(ids) != len(set(pks)):
            abort(404)
        model = self.datamodel.obj
        query = self._base_filters.apply_all(self.datamodel.session.query(model))
        items = query.filter(model.id.in_(ids)).all()
        if len(items) != len(ids):
            abort(404)
        return self.actions[name].func(items[0] if single else items)


class PortalModelView(TenantCheckedActions, ModelView):
    """Every domain ModelView derives from this class; subclasses only declare
    columns, labels and filters."""

    base_filters = TENANT_SCOPE
    method_permission_name = MODEL_PERMISSIONS
    list_template = "portal_list.html"
    page_size = 25
    # Each subclass sets base_order; FAB adds the primary key as tie-breaker, so pages
    # are stable on PostgreSQL (FAB_PITFALLS 22).
    base_order: tuple[str, str] = ("id", "desc")
    # Per column, filter classes replacing FAB's own (e.g. app.assets.search), and
    # filter classes offered before FAB's.
    search_filters: dict[str, list[type[BaseFilter]]] = {}
    extra_search_filters: dict[str, list[type[BaseFilter]]] = {}
    # Per column, the rows its search-form filter offers as the user types, for related
    # tables too big for a drop-down (accounts, customers).
    remote_filters: dict[str, ChoiceSource] = {}

    def new_filters(self) -> Filters:
        """The list's filters, not yet set from a request: FAB's for each search column,
        with this view's own filters put in."""
        filters = CheckedFilters(
            self.datamodel.filter_converter_class, self.datamodel, self.search_columns
        )
        # FAB keeps two tables: the search widget offers _search_filters, the URL's
        # _flt_<index>_<column> picks from _all_filters; both must agree.
        for by_column in (filters.get_search_filters(), filters._all_filters):
            for column, classes in self.search_filters.items():
                by_column[column] = [cls(column, self.datamodel) for cls in classes]
            for column, classes in self.extra_search_filters.items():
                # First: FAB reads one digit of the index from the URL (_flt_<d>_).
                extra = [cls(column, self.datamodel) for cls in classes]
                by_column[column] = extra + by_column[column]
            for flt in (flt for column_filters in by_column.values() for flt in column_filters):
                flt.name = RELATION_FILTER_NAMES.get(type(flt), flt.name)
        return filters

    def matching_query(self, *entities: Any, ordered: bool = False) -> Query:
        """A query of ``entities`` over every row the list shows for this request's
        filters (all pages, not only the one shown), within the tenant scope; in the
        list's order if ``ordered``."""
        filters = self.new_filters()
        get_filter_args(filters)
        joined = filters.get_joined_filters(self._base_filters)
        query = joined.apply_all(self.datamodel.session.query(*entities))
        if ordered:
            column, direction = get_order_args().get(type(self).__name__, self.base_order)
            if column not in self.order_columns and column != self.base_order[0]:
                column, direction = self.base_order
            query = self.datamodel.apply_order_by(query, column, direction)
            query = query.order_by(self.datamodel.obj.id)
        return query

    def matching_rows(self, *columns: Any) -> Select:
        """``matching_query`` as a select statement."""
        return self.matching_query(*columns).statement

    @expose("/filter-choices/<string:column>")
    @has_access
    def filter_choices(self, column: str):
        """The type-ahead of a ``remote_filters`` column, as JSON."""
        if column not in self.remote_filters or column not in self.search_columns:
            abort(404)
        return choices_response(self.remote_filters[column])

    @expose("/download/<string:filename>")
    def download(self, filename: str):
        # FAB serves any uploaded file to whoever may read the view, whatever row owns
        # it (FAB_PITFALLS 15). The portal has no uploads; attachments will get their
        # own owner-checked route.
        abort(404)

    def _init_properties(self) -> None:
        super()._init_properties()
        self._filters = self.new_filters()
        self._offer_quick_search()
        self.search_form_extra_fields = {
            **(self.search_form_extra_fields or {}),
            **{
                column: RemoteFilterField(self.label_columns.get(column, column), source)
                for column, source in self.remote_filters.items()
            },
        }
        self._label_enum_fields(self.add_columns, self.add_form_extra_fields)
        self._label_enum_fields(self.edit_columns, self.edit_form_extra_fields)
        self._scope_related_fields()
        self._format_for_people()

    def offer_to_templates(self, **values: Any) -> None:
        """Values every page of this view passes to its templates (portal_list.html)."""
        self.extra_args = {**(self.extra_args or {}), **values}

    def _offer_quick_search(self) -> None:
        # A filter named "qs" gets a search box above the list (portal_list.html); the
        # box sets FAB's own filter argument, so paging, export and bulk edit follow it.
        for column, filters in self._filters.get_search_filters().items():
            for index, flt in enumerate(filters):
                if flt.arg_name == "qs":
                    self.offer_to_templates(
                        quick_search={
                            "arg": f"_flt_{index}_{column}",
                            "label": flt.name,
                            "hint": getattr(flt, "hint", ""),
                        }
                    )

    def _label_enum_fields(self, columns: list[str], extra_fields: dict[str, Any]) -> None:
        # FAB's EnumField shows raw codes; people read labels.
        for column in columns:
            if column in extra_fields or not self.datamodel.is_enum(column):
                continue
            extra_fields[column] = EnumSelectField(
                self.datamodel.list_columns[column].type.enum_class,
                required=not self.datamodel.is_nullable(column),
                label=self.label_columns.get(column, column),
                description=self.description_columns.get(column, ""),
                extra_validators=self.validators_columns.get(column, []),
            )

    def _format_for_people(self) -> None:
        # FAB renders enum codes, "None", "True" and lists as Python prints them.
        shown = set(self.list_columns) | set(self.show_columns)
        for column in shown - set(self.formatters_columns):
            enum_class = self._enum_class(column)
            self.formatters_columns[column] = _label_of(enum_class) if enum_class else _for_people

    def _enum_class(self, column: str) -> type | None:
        if "." in column or not self.datamodel.is_enum(column):
            return None
        return self.datamodel.list_columns[column].type.enum_class

    def _scope_related_fields(self) -> None:
        # Drop-downs list only rows of the user's scope; a forged id is then "Not a
        # valid choice" (FAB_PITFALLS 3).
        for attribute, columns in (
            ("add_form_query_rel_fields", self.add_columns),
            ("edit_form_query_rel_fields", self.edit_columns),
            ("search_form_query_rel_fields", self.search_columns),
        ):
            rel_fields = dict(getattr(self, attribute) or {})
            for column in columns:
                if not self.datamodel.is_relation(column):
                    continue
                if is_scoped(self.datamodel.get_related_model(column)):
                    rel_fields.setdefault(column, TENANT_SCOPE)
            setattr(self, attribute, rel_fields)
