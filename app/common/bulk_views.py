"""The bulk-edit page of a list: reached from the rows ticked on the list (the "Bulk
edit" action) or from "Bulk edit all matching" (every row of the list's current
filters). It shows what will change, carries each row's version, and applies the edit
through the part's bulk service (app.tickets.bulk, app.assets.bulk)."""

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.actions import action
from flask_babel import lazy_gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound
from wtforms import HiddenField, SelectField

from app.common.bulk import BULK_EDIT_LIMIT, BulkEditError, Selection
from app.extensions import db

# Rows listed by name on the page; the rest are counted.
_ROWS_SHOWN = 50

KEEP = ("", _("(keep)"))


def change_field(label: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> SelectField:
    """One change of a bulk edit; blank ("(keep)", also when not posted) keeps each
    row's value."""
    return SelectField(label, choices=[KEEP, *choices], default="", **kwargs)


class BulkEditForm(FlaskForm):
    """Subclasses add one optional field per change; blank means "leave as it is"."""

    rows = HiddenField()


class BulkEditing:
    """Mixin for a PortalModelView. Subclasses set ``bulk_form`` (a BulkEditForm),
    ``bulk_row_name`` (the column naming a row, e.g. the ticket number) and implement
    ``bulk_apply(form, selection) -> int``."""

    bulk_form: type[BulkEditForm]
    bulk_row_name: str

    def bulk_apply(self, form: BulkEditForm, selection: Selection) -> int:
        raise NotImplementedError

    def _init_properties(self) -> None:
        super()._init_properties()
        # portal_list.html shows "Bulk edit all matching rows" to those who may edit.
        self.offer_to_templates(bulk_permission_name=self.class_permission_name)

    @action("bulk_edit", _("Bulk edit"), icon="fa-pencil-square-o", multiple=True, single=False)
    def bulk_edit_selected(self, items: list[Any]):
        return self._bulk_page(self.bulk_form(formdata=None), Selection.of(items))

    @expose("/bulk-edit", methods=["GET", "POST"])
    @has_access
    def bulk_edit(self):
        if request.method == "GET":
            return self._bulk_page_for_matching_rows()
        form = self.bulk_form()
        try:
            selection = Selection.parse(form.rows.data or "")
        except BulkEditError:
            abort(400)
        if form.validate():
            try:
                count = self.bulk_apply(form, selection)
                db.session.commit()
            except BulkEditError as error:
                db.session.rollback()
                flash(str(error), "danger")
            else:
                flash(ngettext("%(num)d row changed.", "%(num)d rows changed.", count), "success")
                return redirect(url_for(".list"))
        return self._bulk_page(form, selection)

    def _bulk_page_for_matching_rows(self):
        query = self.matching_rows(self.datamodel.obj.id, self.datamodel.obj.version)
        count = db.session.scalar(select(func.count()).select_from(query.subquery()))
        if count > BULK_EDIT_LIMIT:
            flash(
                _(
                    "%(count)d rows match; one bulk edit changes at most %(limit)d. "
                    "Narrow the search first.",
                    count=count,
                    limit=BULK_EDIT_LIMIT,
                ),
                "warning",
            )
            return redirect(url_for(".list", **request.args))
        selection = Selection.of(db.session.execute(query))
        return self._bulk_page(self.bulk_form(formdata=None), selection)

    def _bulk_page(self, form: BulkEditForm, selection: Selection):
        model = self.datamodel.obj
        name = getattr(model, self.bulk_row_name)
        names = []
        if selection.versions:
            ids = list(selection.versions)
            # Only rows in scope are named; a foreign id was refused before we got here.
            names = db.session.scalars(
                self.matching_rows(name).where(model.id.in_(ids)).order_by(name).limit(_ROWS_SHOWN)
            ).all()
            if not names:
                raise NotFound()
        form.rows.data = selection.serialize()
        return self.render_template(
            "bulk_edit.html",
            title=_("Bulk edit: %(what)s", what=self.list_title),
            form=form,
            count=len(selection.versions),
            names=names,
            list_url=url_for(".list"),
        )
