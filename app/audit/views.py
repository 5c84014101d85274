from typing import Any

from flask_appbuilder import ModelView, expose, has_access
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _
from wtforms import SelectField

from app.audit.enums import AuditAction
from app.audit.history import record_history
from app.audit.models import AuditEntry
from app.audit.services import tracked_type_names
from app.common.interface import PortalSQLAInterface
from app.common.permissions import MODEL_PERMISSIONS
from app.common.views import TenantCheckedActions


def format_changes(changes: dict[str, Any] | None) -> str:
    """E.g. "status: new → in_progress; priority: 3 → 1": stored codes, as the log
    keeps them; each record's page shows the same history in its own words."""
    return "; ".join(
        f"{key}: {_shown(values.get('old'))} \u2192 {_shown(values.get('new'))}"
        for key, values in sorted((changes or {}).items())
    )


def _shown(value: Any) -> str:
    return "\u2205" if value is None else str(value)


class AuditLogView(TenantCheckedActions, ModelView):
    """The audit trail for vendor staff: read-only, filterable by time, user, action,
    record type and record id."""

    datamodel = PortalSQLAInterface(AuditEntry)
    class_permission_name = "AuditLog"
    method_permission_name = MODEL_PERMISSIONS
    base_permissions = ["can_read"]
    list_title = _("Audit log")
    show_title = _("Audit entry")
    list_columns = ["created_at", "username", "action", "entity_type", "entity_id", "changes"]
    show_columns = list_columns
    search_columns = ["created_at", "username", "action", "entity_type", "entity_id"]
    search_form_extra_fields = {
        "entity_type": SelectField(
            _("Record type"),
            choices=lambda: [(name, name) for name in tracked_type_names()],
            widget=Select2Widget(),
        ),
        "action": SelectField(_("Action"), choices=AuditAction.choices(), widget=Select2Widget()),
    }
    formatters_columns = {
        "created_at": lambda value: f"{value:%Y-%m-%d %H:%M:%S} UTC",
        "action": lambda code: AuditAction(code).label,
        "changes": format_changes,
    }
    order_columns = ["created_at", "username", "action", "entity_type"]
    base_order = ("created_at", "desc")
    label_columns = {
        "created_at": _("Time (UTC)"),
        "username": _("User"),
        "action": _("Action"),
        "entity_type": _("Record type"),
        "entity_id": _("Record id"),
        "changes": _("Changes"),
    }


class ShowsHistory:
    """A ModelView mixin: the show page lists the record's own audit history under its
    fields (template record_show.html). The record is found through the view's base
    filters first, so a foreign id still answers 404 before any history is read."""

    show_template = "record_show.html"

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        widgets = self._show(pk)
        history = record_history(
            self.datamodel.obj, int(pk), self.label_columns, self.formatters_columns
        )
        return self.render_template(
            self.show_template,
            pk=pk,
            title=self.show_title,
            widgets=widgets,
            related_views=self._related_views,
            history=history,
        )
