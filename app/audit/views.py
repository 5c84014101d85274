from flask_appbuilder import ModelView
from flask_babel import lazy_gettext as _

from app.audit.models import AuditEntry
from app.common.interface import PortalSQLAInterface
from app.common.permissions import MODEL_PERMISSIONS
from app.common.views import TenantCheckedActions


class AuditLogView(TenantCheckedActions, ModelView):
    """Read-only audit trail for vendor staff (the audit issue fills it)."""

    datamodel = PortalSQLAInterface(AuditEntry)
    class_permission_name = "AuditLog"
    method_permission_name = MODEL_PERMISSIONS
    base_permissions = ["can_read"]
    list_title = _("Audit log")
    show_title = _("Audit entry")
    list_columns = ["created_at", "username", "action", "entity_type", "entity_id"]
    show_columns = ["created_at", "username", "action", "entity_type", "entity_id", "changes"]
    search_columns = ["created_at", "username", "action", "entity_type", "entity_id"]
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
