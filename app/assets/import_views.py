"""The installed-base import page for vendor staff: upload assets or contract lines as
CSV or XLSX, check them (dry run), then import all or nothing (app.common.importing)."""

from flask import Response, abort, flash
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy.exc import IntegrityError
from wtforms import SelectField, SubmitField

from app.assets.importing import AssetImport
from app.common.export import csv_lines, file_chunks, xlsx_file
from app.common.export_views import XLSX_TYPE
from app.common.importing import MAX_LISTED_PROBLEMS, ImportFileError, run_import
from app.contracts.importing import ContractImport
from app.extensions import db
from app.security.tenant import request_user

IMPORTS = {spec.kind: spec for spec in (AssetImport(), ContractImport())}


class ImportForm(FlaskForm):
    kind = SelectField(_("Records"), choices=[(kind, spec.title) for kind, spec in IMPORTS.items()])
    file = FileField(
        _("File"),
        validators=[
            FileRequired(_("Choose a file.")),
            FileAllowed(["csv", "xlsx"], _("Upload a .csv or .xlsx file.")),
        ],
    )
    check = SubmitField(_("Check only (dry run)"))
    apply = SubmitField(_("Import"))


class InstalledBaseImportView(BaseView):
    route_base = "/installed-base-import"
    class_permission_name = "InstalledBaseImport"
    method_permission_name = {"index": "import", "template": "import"}
    base_permissions = ["can_import"]
    default_view = "index"

    @expose("/", methods=["GET", "POST"])
    @has_access
    def index(self):
        form = ImportForm()
        report = None
        if form.validate_on_submit():
            upload = form.file.data
            try:
                report = run_import(
                    IMPORTS[form.kind.data],
                    db.session,
                    request_user(),
                    upload.filename,
                    upload.stream,
                    apply=bool(form.apply.data),
                )
            except ImportFileError as error:
                form.file.errors.append(str(error))
            except IntegrityError:
                # Someone changed the same records while this file was being imported.
                db.session.rollback()
                flash(
                    _("The records changed while importing; nothing was saved. Try again."),
                    "danger",
                )
        return self.render_template(
            "installed_base_import.html",
            form=form,
            report=report,
            imports=IMPORTS,
            listed=MAX_LISTED_PROBLEMS,
        )

    @expose("/template/<string:kind>.<string:file_format>")
    @has_access
    def template(self, kind: str, file_format: str):
        """An empty file with the columns of the import, to fill in."""
        spec = IMPORTS.get(kind)
        if spec is None or file_format not in ("csv", "xlsx"):
            abort(404)
        header = [column.header for column in spec.columns]
        disposition = {
            "Content-Disposition": f'attachment; filename="{kind}-template.{file_format}"'
        }
        if file_format == "csv":
            return Response(csv_lines(header, []), mimetype="text/csv", headers=disposition)
        path = xlsx_file(header, [], title=kind)
        return Response(file_chunks(path), mimetype=XLSX_TYPE, headers=disposition)
